/*
 * check_adv.c - the advertisement checks: what the CEs send the MSEEs and
 * what the firewall sends and receives over the VPN.
 *
 * er-adv-symmetry, er-adv-coverage, vpn-adv-symmetry, vpn-no-more-specific,
 * vpn-adv-coverage, vpn-recv.  Each compares advertised (or received)
 * route sets prefix by prefix; every finding names the device, the peer,
 * the prefix and both values compared.  An empty advertisement is data,
 * not a missing observation: it fails what it should fail.
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "checks_int.h"

/* One side of a comparison: what device sends to peer. */
struct adv_side {
	const char *device;
	const struct eg_addr *peer;
	struct eg_rib *rib;
};

static const char *
adv_label(const struct adv_side *s, char *buf, size_t size)
{
	char a[EG_ADDR_STRLEN];

	snprintf(buf, size, "%s to %s", s->device, eg_addr_fmt(s->peer, a));
	return buf;
}

static bool
adv_str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *
adv_fmt_med(const struct eg_path *p, char *buf, size_t size)
{
	if (p->flags & EG_PATH_HAS_MED)
		snprintf(buf, size, "MED %u", p->med);
	else
		snprintf(buf, size, "no MED");
	return buf;
}

static const char *
adv_fmt_comm(const struct eg_path *p, char *buf, size_t size)
{
	if (p->communities != NULL && *p->communities != '\0')
		snprintf(buf, size, "communities %s", p->communities);
	else
		snprintf(buf, size, "no communities");
	return buf;
}

/* One attribute that differs: a finding naming both values. */
static void
adv_attr_finding(struct eg_result *res, const struct adv_side *ref, const struct adv_side *oth,
		 const char *pfx, const char *what, const char *vref, const char *voth)
{
	char lref[128], loth[128], exp[512], obs[512], peer[EG_ADDR_STRLEN];

	adv_label(ref, lref, sizeof(lref));
	adv_label(oth, loth, sizeof(loth));
	snprintf(exp, sizeof(exp), "%s (%s)", vref, lref);
	snprintf(obs, sizeof(obs), "%s (%s)", voth, loth);
	eg_result_add(res, EG_ST_FAIL, oth->device, pfx, eg_addr_fmt(oth->peer, peer), exp, obs,
		      "The %s of %s differs: %s sends %s, %s sends %s.", what, pfx, lref, vref,
		      loth, voth);
}

/*
 * Compare what ref and oth advertise, prefix by prefix, and the AS path,
 * MED and (when asked) communities of each prefix both carry.  Returns
 * the number of distinct prefixes compared.
 */
static uint32_t
adv_compare(struct eg_result *res, const struct adv_side *ref, const struct adv_side *oth,
	    bool communities)
{
	struct eg_rib *a = ref->rib, *b = oth->rib;
	size_t i = 0, j = 0;
	uint32_t n = 0;
	char pfx[EG_PREFIX_STRLEN], lref[128], loth[128], exp[256], obs[256];
	char peer[EG_ADDR_STRLEN], va[256], vb[256];

	adv_label(ref, lref, sizeof(lref));
	adv_label(oth, loth, sizeof(loth));
	eg_addr_fmt(oth->peer, peer);
	while (i < a->npaths || j < b->npaths) {
		int c;
		if (i >= a->npaths)
			c = 1;
		else if (j >= b->npaths)
			c = -1;
		else
			c = eg_prefix_cmp(&a->paths[i].prefix, &b->paths[j].prefix);
		n++;
		if (c < 0) {
			eg_prefix_fmt(&a->paths[i].prefix, pfx);
			snprintf(exp, sizeof(exp), "advertised (%s)", lref);
			snprintf(obs, sizeof(obs), "not advertised (%s)", loth);
			eg_result_add(res, EG_ST_FAIL, oth->device, pfx, peer, exp, obs,
				      "%s advertises %s but %s does not.", lref, pfx, loth);
			i = eg_checks_rib_next(a, i);
			continue;
		}
		if (c > 0) {
			eg_prefix_fmt(&b->paths[j].prefix, pfx);
			snprintf(exp, sizeof(exp), "not advertised (%s)", lref);
			snprintf(obs, sizeof(obs), "advertised (%s)", loth);
			eg_result_add(res, EG_ST_FAIL, oth->device, pfx, peer, exp, obs,
				      "%s advertises %s but %s does not.", loth, pfx, lref);
			j = eg_checks_rib_next(b, j);
			continue;
		}
		{
			const struct eg_path *pa, *pb;
			eg_prefix_fmt(&a->paths[i].prefix, pfx);
			pa = eg_checks_rib_path(a, &a->paths[i].prefix);
			pb = eg_checks_rib_path(b, &b->paths[j].prefix);
			if (!adv_str_eq(pa->as_path, pb->as_path))
				adv_attr_finding(res, ref, oth, pfx, "AS path",
						 eg_checks_fmt_aspath(pa->as_path, va, sizeof(va)),
						 eg_checks_fmt_aspath(pb->as_path, vb, sizeof(vb)));
			if ((pa->flags & EG_PATH_HAS_MED) != (pb->flags & EG_PATH_HAS_MED) ||
			    ((pa->flags & EG_PATH_HAS_MED) && pa->med != pb->med))
				adv_attr_finding(res, ref, oth, pfx, "MED",
						 adv_fmt_med(pa, va, sizeof(va)),
						 adv_fmt_med(pb, vb, sizeof(vb)));
			if (communities && !adv_str_eq(pa->communities, pb->communities))
				adv_attr_finding(res, ref, oth, pfx, "communities",
						 adv_fmt_comm(pa, va, sizeof(va)),
						 adv_fmt_comm(pb, vb, sizeof(vb)));
		}
		i = eg_checks_rib_next(a, i);
		j = eg_checks_rib_next(b, j);
	}
	return n;
}

/* True when none of ribs[0..n) holds a route. */
static bool
adv_all_empty(struct eg_rib *const *ribs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ribs[i] != NULL && ribs[i]->npaths > 0)
			return false;
	return true;
}

/* ------------------------------------------------------------ er-adv-symmetry */

void
eg_check_adv_er_symmetry(EG_CHECK_RUN_ARGS)
{
	const enum eg_qkind adv_kind = eg_checks_kind(svc, EG_Q_ADVERTISED);
	const char *ces[EG_CHECKS_MAXDEV] = { NULL };
	struct adv_side side[EG_CHECKS_MAXDEV];
	struct eg_checks_need nd = { 0 };
	struct eg_result *res;
	size_t n, i;
	uint32_t items = 0;

	n = eg_checks_ces(svc, ces, EG_CHECKS_MAXDEV);
	if (n < 2) {
		eg_checks_skip(r, "er-adv-symmetry", svc, ces, n,
			       "the service has %zu ExpressRoute link(s): nothing to compare", n);
		return;
	}
	if (!eg_checks_begin_devices(r, "er-adv-symmetry", svc, ctx, ces, n, &res))
		return;
	for (i = 0; i < n; i++) {
		const struct eg_er_link *l = &svc->er[i];
		side[i].device = l->ce;
		side[i].peer = &l->msee_peer;
		side[i].rib = eg_checks_rib(eg_checks_need(&nd, st, l->ce, adv_kind,
							   svc->instance, &l->msee_peer));
	}
	if (!eg_checks_need_done(&nd, res))
		return;
	if (svc->nonprem > 0) {
		struct eg_rib *ribs[EG_CHECKS_MAXDEV];
		char scope[EG_CHECKS_SCOPELEN];

		for (i = 0; i < n; i++)
			ribs[i] = side[i].rib;
		if (adv_all_empty(ribs, n)) {
			eg_result_unknown(res, EG_ENOTFOUND, "nothing to compare: %s advertise nothing "
					  "to their MSEEs, where the intent lists %zu on-prem prefix(es)",
					  eg_checks_join(scope, sizeof(scope), ces, n), svc->nonprem);
			return;
		}
	}
	for (i = 1; i < n; i++) {
		uint32_t k = adv_compare(res, &side[0], &side[i], true);
		if (k > items)
			items = k;
	}
	res->nitems = items;
}

/* ------------------------------------------------------------ er-adv-coverage */

void
eg_check_adv_er_coverage(EG_CHECK_RUN_ARGS)
{
	const enum eg_qkind adv_kind = eg_checks_kind(svc, EG_Q_ADVERTISED);
	const char *ces[EG_CHECKS_MAXDEV] = { NULL };
	size_t n, i, k, ran = 0;
	char pfx[EG_PREFIX_STRLEN], cov[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN];
	char exp[256], obs[256];

	n = eg_checks_ces(svc, ces, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, "er-adv-coverage", svc, NULL, 0,
			       "the service has no ExpressRoute link");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct eg_er_link *l = &svc->er[i];
		struct eg_checks_need nd = { 0 };
		struct eg_result *res;
		struct eg_rib *rib;

		if (!eg_checks_selected(ctx, l->ce))
			continue;
		ran++;
		res = eg_checks_begin(r, "er-adv-coverage", svc, l->ce);
		rib = eg_checks_rib(eg_checks_need(&nd, st, l->ce, adv_kind, svc->instance,
						   &l->msee_peer));
		if (!eg_checks_need_done(&nd, res))
			continue;
		if (svc->nonprem == 0) {
			eg_result_skip(res, "the intent lists no on-prem prefix");
			continue;
		}
		eg_addr_fmt(&l->msee_peer, peer);
		for (k = 0; k < svc->nonprem; k++) {
			const struct eg_prefix *p = &svc->onprem[k];
			const struct eg_path *hit;

			eg_prefix_fmt(p, pfx);
			if (eg_checks_rib_path(rib, p) != NULL)
				continue;
			hit = eg_checks_rib_covering(rib, p, true);
			if (hit != NULL) {
				eg_prefix_fmt(&hit->prefix, cov);
				snprintf(obs, sizeof(obs), "covered by %s", cov);
				eg_result_add(res, EG_ST_PASS, l->ce, pfx, peer, "advertised", obs,
					      "%s does not advertise %s itself to %s, but the covering %s carries it.",
					      l->ce, pfx, peer, cov);
				continue;
			}
			snprintf(exp, sizeof(exp), "%s advertised, exactly or by a covering prefix", pfx);
			if (rib->npaths == 0)
				snprintf(obs, sizeof(obs), "nothing advertised to %s", peer);
			else
				snprintf(obs, sizeof(obs), "neither %s nor a covering prefix advertised", pfx);
			eg_result_add(res, EG_ST_FAIL, l->ce, pfx, peer, exp, obs,
				      "%s does not advertise on-prem prefix %s to MSEE %s (%s link), "
				      "neither exactly nor by a covering prefix.",
				      l->ce, pfx, peer, l->name ? l->name : "ExpressRoute");
		}
		res->nitems = (uint32_t)svc->nonprem;
	}
	if (ran == 0)
		eg_checks_all_filtered(r, "er-adv-coverage", svc, ces, n);
}

/* ------------------------------------------------------------ VPN side */

/* Skips (and returns false) when the service has no VPN firewall or peers. */
static bool
adv_has_vpn(struct eg_report *r, const char *id, const struct eg_service *svc, size_t minpeers)
{
	const char *fw = svc->vpn.firewall;

	if (fw == NULL) {
		eg_checks_skip(r, id, svc, NULL, 0, "the service has no VPN");
		return false;
	}
	if (svc->vpn.npeers < minpeers) {
		eg_checks_skip(r, id, svc, &fw, 1,
			       "the VPN has %zu gateway peer(s): nothing to compare", svc->vpn.npeers);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ vpn-adv-symmetry */

void
eg_check_adv_vpn_symmetry(EG_CHECK_RUN_ARGS)
{
	const enum eg_qkind adv_kind = eg_checks_kind(svc, EG_Q_ADVERTISED);
	const struct eg_vpn *v = &svc->vpn;
	struct eg_checks_need nd = { 0 };
	struct eg_result *res;
	struct adv_side ref, oth;
	size_t i;
	uint32_t items = 0;

	if (!adv_has_vpn(r, "vpn-adv-symmetry", svc, 2))
		return;
	if (!eg_checks_begin_devices(r, "vpn-adv-symmetry", svc, ctx,
				     (const char *const *)&v->firewall, 1, &res))
		return;
	for (i = 0; i < v->npeers; i++)
		eg_checks_need(&nd, st, v->firewall, adv_kind, svc->instance, &v->peers[i]);
	if (!eg_checks_need_done(&nd, res))
		return;
	ref.device = oth.device = v->firewall;
	ref.peer = &v->peers[0];
	ref.rib = eg_checks_rib(eg_state_find(st, v->firewall, adv_kind, svc->instance,
					      &v->peers[0]));
	/* Two empty sets are equal, yet nothing was compared: no verdict. */
	for (i = 0; i < v->npeers; i++) {
		const struct eg_rib *rb = eg_checks_rib(eg_state_find(st, v->firewall,
				adv_kind, svc->instance, &v->peers[i]));
		if (rb != NULL && rb->npaths > 0)
			break;
	}
	if (i == v->npeers) {
		eg_result_unknown(res, EG_ENOTFOUND, "nothing to compare: %s advertises nothing to "
				  "any of its %zu VPN peers", v->firewall, v->npeers);
		return;
	}
	for (i = 1; i < v->npeers; i++) {
		uint32_t k;
		oth.peer = &v->peers[i];
		oth.rib = eg_checks_rib(eg_state_find(st, v->firewall, adv_kind,
						      svc->instance, &v->peers[i]));
		k = adv_compare(res, &ref, &oth, false);
		if (k > items)
			items = k;
	}
	res->nitems = items;
}

/*
 * Begin a result over the CEs and the firewall and fetch what each CE
 * advertises to its MSEE and the firewall to each VPN peer.  false when
 * the check cannot go on (skipped or unknown).
 */
static bool
adv_er_and_vpn(struct eg_report *r, const char *id, const struct eg_service *svc,
	       const struct eg_state *st, const struct eg_check_ctx *ctx, struct eg_result **res,
	       struct eg_rib **er, struct eg_rib **vpn)
{
	const enum eg_qkind adv_kind = eg_checks_kind(svc, EG_Q_ADVERTISED);
	const char *names[EG_CHECKS_MAXDEV + 1];
	struct eg_checks_need nd = { 0 };
	size_t n, i;

	if (!adv_has_vpn(r, id, svc, 1))
		return false;
	n = eg_checks_ces(svc, names, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, id, svc, (const char *const *)&svc->vpn.firewall, 1,
			       "the service has no ExpressRoute link");
		return false;
	}
	names[n] = svc->vpn.firewall;
	if (!eg_checks_begin_devices(r, id, svc, ctx, names, n + 1, res))
		return false;
	for (i = 0; i < n; i++)
		er[i] = eg_checks_rib(eg_checks_need(&nd, st, svc->er[i].ce, adv_kind,
						     svc->instance, &svc->er[i].msee_peer));
	for (i = 0; i < svc->vpn.npeers && i < EG_CHECKS_MAXDEV; i++)
		vpn[i] = eg_checks_rib(eg_checks_need(&nd, st, svc->vpn.firewall, adv_kind,
						      svc->instance, &svc->vpn.peers[i]));
	if (!eg_checks_need_done(&nd, *res))
		return false;
	/* What ExpressRoute carries is the measure: with nothing there, nothing is judged. */
	if (svc->nonprem > 0 && adv_all_empty(er, n < EG_CHECKS_MAXDEV ? n : EG_CHECKS_MAXDEV)) {
		char scope[EG_CHECKS_SCOPELEN];

		eg_result_unknown(*res, EG_ENOTFOUND, "nothing to compare: %s advertise nothing over "
				  "ExpressRoute, where the intent lists %zu on-prem prefix(es)",
				  eg_checks_join(scope, sizeof(scope), names, n), svc->nonprem);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ vpn-no-more-specific */

void
eg_check_adv_vpn_more_specific(EG_CHECK_RUN_ARGS)
{
	struct eg_rib *er[EG_CHECKS_MAXDEV], *vpn[EG_CHECKS_MAXDEV];
	struct eg_result *res;
	size_t ner, np, k, i, l;
	uint32_t items = 0;
	char pfx[EG_PREFIX_STRLEN], cov[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN];
	char msee[EG_ADDR_STRLEN], exp[256], obs[256];

	if (!adv_er_and_vpn(r, "vpn-no-more-specific", svc, st, ctx, &res, er, vpn))
		return;
	ner = svc->ner < EG_CHECKS_MAXDEV ? svc->ner : EG_CHECKS_MAXDEV;
	np = svc->vpn.npeers < EG_CHECKS_MAXDEV ? svc->vpn.npeers : EG_CHECKS_MAXDEV;
	for (k = 0; k < np; k++) {
		struct eg_rib *vr = vpn[k];
		eg_addr_fmt(&svc->vpn.peers[k], peer);
		for (i = 0; i < vr->npaths; i = eg_checks_rib_next(vr, i)) {
			const struct eg_prefix *v = &vr->paths[i].prefix;
			const struct eg_path *hit = NULL;
			size_t hl = 0;
			bool exact = false;

			items++;
			for (l = 0; l < ner && !exact; l++)
				exact = eg_checks_rib_path(er[l], v) != NULL;
			/* ExpressRoute carries the same prefix: the longest match ties, ER wins. */
			if (exact)
				continue;
			for (l = 0; l < ner && hit == NULL; l++) {
				hit = eg_checks_rib_covering(er[l], v, true);
				hl = l;
			}
			if (hit == NULL)
				continue;
			eg_prefix_fmt(v, pfx);
			eg_prefix_fmt(&hit->prefix, cov);
			snprintf(exp, sizeof(exp), "nothing more specific than %s (carried by ExpressRoute)", cov);
			snprintf(obs, sizeof(obs), "%s advertised to %s", pfx, peer);
			eg_result_add(res, EG_ST_FAIL, svc->vpn.firewall, pfx, peer, exp, obs,
				      "%s advertises %s to VPN peer %s, more specific than %s which %s "
				      "advertises to MSEE %s: Azure would send that traffic over the VPN.",
				      svc->vpn.firewall, pfx, peer, cov, svc->er[hl].ce,
				      eg_addr_fmt(&svc->er[hl].msee_peer, msee));
		}
	}
	res->nitems = items;
}

/* ------------------------------------------------------------ vpn-adv-coverage */

void
eg_check_adv_vpn_coverage(EG_CHECK_RUN_ARGS)
{
	struct eg_rib *er[EG_CHECKS_MAXDEV], *vpn[EG_CHECKS_MAXDEV];
	struct eg_result *res;
	size_t ner, np, k, i, l;
	uint32_t items = 0;
	char pfx[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN], exp[256], obs[256];

	if (!adv_er_and_vpn(r, "vpn-adv-coverage", svc, st, ctx, &res, er, vpn))
		return;
	ner = svc->ner < EG_CHECKS_MAXDEV ? svc->ner : EG_CHECKS_MAXDEV;
	np = svc->vpn.npeers < EG_CHECKS_MAXDEV ? svc->vpn.npeers : EG_CHECKS_MAXDEV;
	for (l = 0; l < ner; l++) {
		for (i = 0; i < er[l]->npaths; i = eg_checks_rib_next(er[l], i)) {
			const struct eg_prefix *e = &er[l]->paths[i].prefix;
			bool earlier = false;
			size_t m;

			for (m = 0; m < l && !earlier; m++)
				earlier = eg_checks_rib_path(er[m], e) != NULL;
			if (earlier)
				continue;
			eg_prefix_fmt(e, pfx);
			for (k = 0; k < np; k++) {
				items++;
				if (eg_checks_rib_covering(vpn[k], e, false) != NULL)
					continue;
				eg_addr_fmt(&svc->vpn.peers[k], peer);
				snprintf(exp, sizeof(exp), "%s or a covering prefix advertised to %s", pfx, peer);
				if (vpn[k]->npaths == 0)
					snprintf(obs, sizeof(obs), "nothing advertised to %s", peer);
				else
					snprintf(obs, sizeof(obs), "neither %s nor a covering prefix advertised", pfx);
				eg_result_add(res, EG_ST_FAIL, svc->vpn.firewall, pfx, peer, exp, obs,
					      "%s is advertised over ExpressRoute by %s but %s advertises "
					      "nothing covering it to VPN peer %s: it has no backup there.",
					      pfx, svc->er[l].ce, svc->vpn.firewall, peer);
			}
		}
	}
	res->nitems = items;
}

/* ------------------------------------------------------------ vpn-recv */

static bool
adv_is_azure(const struct eg_service *svc, const struct eg_prefix *p)
{
	size_t i;

	for (i = 0; i < svc->nazure; i++)
		if (eg_prefix_eq(&svc->azure[i], p))
			return true;
	return false;
}

void
eg_check_adv_vpn_recv(EG_CHECK_RUN_ARGS)
{
	const enum eg_qkind recv_kind = eg_checks_kind(svc, EG_Q_RECEIVED);
	const struct eg_vpn *v = &svc->vpn;
	struct eg_checks_need nd = { 0 };
	struct eg_result *res;
	size_t k, i;
	uint32_t items = 0;
	char pfx[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN], exp[256], obs[256], asp[160];

	if (!adv_has_vpn(r, "vpn-recv", svc, 1))
		return;
	if (!eg_checks_begin_devices(r, "vpn-recv", svc, ctx, (const char *const *)&v->firewall, 1,
				     &res))
		return;
	for (k = 0; k < v->npeers; k++)
		eg_checks_need(&nd, st, v->firewall, recv_kind, svc->instance, &v->peers[k]);
	if (!eg_checks_need_done(&nd, res))
		return;
	for (k = 0; k < v->npeers; k++) {
		struct eg_rib *rib = eg_checks_rib(eg_state_find(st, v->firewall, recv_kind,
								 svc->instance, &v->peers[k]));
		eg_addr_fmt(&v->peers[k], peer);
		for (i = 0; i < svc->nazure; i++) {
			const struct eg_path *p = eg_checks_rib_path(rib, &svc->azure[i]);
			uint32_t as[2];
			size_t nas;

			items++;
			eg_prefix_fmt(&svc->azure[i], pfx);
			snprintf(exp, sizeof(exp), "%s received with AS path %u", pfx, svc->asn.azure);
			if (p == NULL) {
				eg_result_add(res, EG_ST_FAIL, v->firewall, pfx, peer, exp, "not received",
					      "VPN gateway peer %s does not send Azure prefix %s to %s.",
					      peer, pfx, v->firewall);
				continue;
			}
			nas = eg_checks_asns(p->as_path, as, 2);
			if (nas == 1 && as[0] == svc->asn.azure)
				continue;
			eg_checks_fmt_aspath(p->as_path, asp, sizeof(asp));
			snprintf(obs, sizeof(obs), "received with %s", asp);
			eg_result_add(res, EG_ST_FAIL, v->firewall, pfx, peer, exp, obs,
				      "VPN gateway peer %s sends %s with %s instead of the Azure ASN %u alone.",
				      peer, pfx, asp, svc->asn.azure);
		}
		for (i = 0; i < rib->npaths; i = eg_checks_rib_next(rib, i)) {
			if (adv_is_azure(svc, &rib->paths[i].prefix))
				continue;
			eg_prefix_fmt(&rib->paths[i].prefix, pfx);
			eg_checks_fmt_aspath(rib->paths[i].as_path, asp, sizeof(asp));
			snprintf(obs, sizeof(obs), "received with %s", asp);
			eg_result_add(res, EG_ST_FAIL, v->firewall, pfx, peer,
				      "only the Azure prefixes of the intent", obs,
				      "VPN gateway peer %s sends %s, which is not an Azure prefix of the intent.",
				      peer, pfx);
		}
	}
	res->nitems = items;
}
