/*
 * lab_policy.c - Junos routing policy evaluation for the lab's routing world.
 *
 * A chain of policy statements is evaluated the way Junos does it: terms in
 * order; a term matches when every condition of its "from" holds
 * (route-filters and prefix lists are one condition, any of them may match;
 * among route-filters the longest covering prefix decides and its match
 * type must hold); a matching term applies its modifications, then its
 * flow-control action (accept, reject, next policy) ends the chain or
 * moves on; a chain that decides nothing falls to the protocol's default
 * policy.  Conditions the lab does not model make a term never match.
 */
#include <stdlib.h>
#include <string.h>

#include "lab_world_int.h"

int
lab_policy_rf_parse(const char *match, const char *arg, struct lab_rf *rf)
{
	unsigned lo = 0, hi = 0;

	if (strcmp(match, "exact") == 0) {
		rf->match = LAB_RF_EXACT;
	} else if (strcmp(match, "orlonger") == 0) {
		rf->match = LAB_RF_ORLONGER;
	} else if (strcmp(match, "longer") == 0) {
		rf->match = LAB_RF_LONGER;
	} else if (strcmp(match, "upto") == 0) {
		if (sscanf(arg, " /%u", &hi) != 1 || hi > 32)
			return -1;
		rf->match = LAB_RF_UPTO;
		rf->hi = (uint8_t)hi;
	} else if (strcmp(match, "prefix-length-range") == 0) {
		if (sscanf(arg, " /%u-/%u", &lo, &hi) != 2 || lo > hi || hi > 32)
			return -1;
		rf->match = LAB_RF_RANGE;
		rf->lo = (uint8_t)lo;
		rf->hi = (uint8_t)hi;
	} else {
		return -1;
	}
	return 0;
}

/* Does the match type of f accept a route of length len under f's prefix length flen? */
static bool
lab_policy_type_ok(const struct lab_rf *f, uint8_t flen, uint8_t len)
{
	switch (f->match) {
	case LAB_RF_EXACT: return len == flen;
	case LAB_RF_ORLONGER: return len >= flen;
	case LAB_RF_LONGER: return len > flen;
	case LAB_RF_UPTO: return len >= flen && len <= f->hi;
	case LAB_RF_RANGE: return len >= f->lo && len <= f->hi;
	}
	return false;
}

bool
lab_policy_rf_match(const struct lab_rf *rfs, size_t n, const struct lab_pfx *p, int *action)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (lab_pfx_covers(&rfs[i].pfx, p) && (int)rfs[i].pfx.len > best)
			best = rfs[i].pfx.len;
	if (best < 0)
		return false;
	/* every filter on the longest covering prefix is tried */
	for (i = 0; i < n; i++) {
		if (rfs[i].pfx.len != best || !lab_pfx_covers(&rfs[i].pfx, p))
			continue;
		if (lab_policy_type_ok(&rfs[i], rfs[i].pfx.len, p->len)) {
			if (action != NULL)
				*action = rfs[i].action;
			return true;
		}
	}
	return false;
}

static bool
lab_policy_lists_match(const struct lab_cfg *c, const struct lab_term *t,
		       const struct lab_pfx *p, int *action)
{
	size_t i, j;

	if (t->nrfs > 0 && lab_policy_rf_match(t->rfs, t->nrfs, p, action))
		return true;
	for (i = 0; i < t->nplists; i++) {
		const struct lab_plist_cfg *pl = lab_cfg_plist(c, t->plists[i]);
		for (j = 0; pl != NULL && j < pl->npfx; j++)
			if (lab_pfx_cmp(&pl->pfx[j], p) == 0)
				return true;
	}
	for (i = 0; i < t->nplfs; i++) {
		const struct lab_plist_cfg *pl = lab_cfg_plist(c, t->plfs[i].list);
		for (j = 0; pl != NULL && j < pl->npfx; j++)
			if (lab_pfx_covers(&pl->pfx[j], p) &&
			    lab_policy_type_ok(&t->plfs[i].m, pl->pfx[j].len, p->len))
				return true;
	}
	return false;
}

static bool
lab_policy_term_match(const struct lab_cfg *c, const struct lab_term *t,
		      const struct lab_pol_route *r, int *action)
{
	size_t i;
	bool ok;

	*action = LAB_ACT_NONE;
	if (t->unknown_from)
		return false;
	if (t->protos != 0 && (r->proto < 0 || !(t->protos & (1u << r->proto))))
		return false;
	if (t->nnbrs > 0) {
		ok = false;
		for (i = 0; i < t->nnbrs; i++)
			ok |= t->nbrs[i] == r->neighbor;
		if (!ok)
			return false;
	}
	if (t->has_from_lists && !lab_policy_lists_match(c, t, &r->pfx, action))
		return false;
	return true;
}

static bool
lab_policy_has_comm(const char *list, const char *member)
{
	size_t l = strlen(member);
	const char *p = list;

	while ((p = strstr(p, member)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0'))
			return true;
		p += l;
	}
	return false;
}

static void
lab_policy_comm(const struct lab_cfg *c, const struct lab_term *t, struct lab_attrs *a)
{
	const struct lab_comm_cfg *cc = lab_cfg_comm(c, t->comm_name);
	char members[LAB_COMMLEN], out[LAB_COMMLEN], *save = NULL, *tok;
	size_t off;

	if (cc == NULL)
		return;
	snprintf(members, sizeof(members), "%s", cc->members);
	if (t->comm_op == 2) {
		snprintf(a->comms, sizeof(a->comms), "%s", cc->members);
		return;
	}
	if (t->comm_op == 1) {
		off = strlen(a->comms);
		for (tok = strtok_r(members, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
			if (!lab_policy_has_comm(a->comms, tok) && off < sizeof(a->comms))
				off += (size_t)snprintf(a->comms + off, sizeof(a->comms) - off, "%s%s",
							off ? " " : "", tok);
		return;
	}
	/* delete */
	out[0] = '\0';
	off = 0;
	snprintf(members, sizeof(members), "%s", a->comms);
	for (tok = strtok_r(members, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
		if (!lab_policy_has_comm(cc->members, tok) && off < sizeof(out))
			off += (size_t)snprintf(out + off, sizeof(out) - off, "%s%s", off ? " " : "", tok);
	snprintf(a->comms, sizeof(a->comms), "%s", out);
}

static void
lab_policy_apply(const struct lab_cfg *c, const struct lab_term *t, struct lab_attrs *a,
		 struct lab_pol_out *out)
{
	if (t->set_lp) {
		a->has_lp = true;
		a->lp = t->lp;
		out->set_lp = true;
		out->lp = t->lp;
	}
	if (t->set_med) {
		a->has_med = true;
		a->med = t->med;
	}
	if (t->set_pref) {
		out->set_pref = true;
		out->pref = t->pref;
	}
	if (t->set_origin)
		a->origin = t->origin;
	if (t->nprepend > 0) {
		uint8_t keep = a->aslen;
		int i;
		if (keep + t->nprepend > LAB_MAXAS)
			keep = (uint8_t)(LAB_MAXAS - t->nprepend);
		memmove(a->aspath + t->nprepend, a->aspath, keep * sizeof(uint32_t));
		for (i = 0; i < t->nprepend; i++)
			a->aspath[i] = t->prepend[i];
		a->aslen = (uint8_t)(keep + t->nprepend);
	}
	if (t->comm_op != 0)
		lab_policy_comm(c, t, a);
}

void
lab_policy_eval(const struct lab_cfg *c, char *const *chain, size_t nchain,
		const struct lab_pol_route *r, bool default_accept, struct lab_attrs *a,
		struct lab_pol_out *out)
{
	size_t i, j;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < nchain; i++) {
		const struct lab_policy_cfg *pol = lab_cfg_policy(c, chain[i]);
		bool next_policy = false;

		if (pol == NULL)
			continue;
		for (j = 0; j <= pol->nterms && !next_policy; j++) {
			const struct lab_term *t;
			int rfact, act;

			if (j == pol->nterms) {
				if (!pol->has_final)
					break;
				t = &pol->final;
			} else {
				t = &pol->terms[j];
			}
			if (!lab_policy_term_match(c, t, r, &rfact))
				continue;
			lab_policy_apply(c, t, a, out);
			act = rfact != LAB_ACT_NONE ? rfact : t->action;
			if (act == LAB_ACT_ACCEPT) {
				out->accept = true;
				return;
			}
			if (act == LAB_ACT_REJECT) {
				out->accept = false;
				return;
			}
			if (act == LAB_ACT_NEXT_POLICY)
				next_policy = true;
		}
	}
	out->accept = default_accept;
}
