/*
 * diff.c - what changed between two runs over the same intent.
 *
 * Both runs come from one plan, so their observations pair up by index;
 * each pair is compared by what its query holds (route tables by prefix,
 * BGP peers by address, BFD sessions by neighbor), reports by check,
 * service and scope.  Only values the intent is about are compared, by
 * name: a route's presence, AS path, MED, communities and
 * local-preference, session states, the firewall's active path to the
 * Azure prefixes.  Counters, ages, uptimes and commit times are never
 * read, so they never make a change.  Configuration replies are judged
 * through the checks that read them.
 * Guarantee: a pair of which one side could not be read is one change
 * (worse when it is the new side), never a list of everything missing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "diff.h"
#include "query.h"
#include "util.h"

static const char *const diff_kind_names[EG_DIFF_NKINDS] = {
	[EG_DIFF_CHECK] = "check",
	[EG_DIFF_ADVERTISED] = "advertised",
	[EG_DIFF_RECEIVED] = "received",
	[EG_DIFF_ATTRIBUTE] = "attribute",
	[EG_DIFF_BGP] = "bgp",
	[EG_DIFF_BFD] = "bfd",
	[EG_DIFF_ACTIVE] = "active-path",
	[EG_DIFF_REPLY] = "reply",
};

const char *
eg_diff_kind_name(enum eg_diff_kind k)
{
	return (unsigned)k < EG_DIFF_NKINDS ? diff_kind_names[k] : "?";
}

void
eg_diff_free(struct eg_diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nchanges; i++) {
		struct eg_change *c = &d->changes[i];

		free(c->device);
		free(c->subject);
		free(c->attribute);
		free(c->before);
		free(c->after);
		free(c->message);
	}
	free(d->changes);
	free(d->old_source);
	free(d->new_source);
	free(d);
}

size_t
eg_diff_nworse(const struct eg_diff *d)
{
	size_t i, n = 0;

	for (i = 0; d != NULL && i < d->nchanges; i++)
		n += d->changes[i].worse;
	return n;
}

/* Append a change; every string is copied, any may be NULL but message. */
static void
diff_add(struct eg_diff *d, enum eg_diff_kind kind, bool worse, const char *device,
	 const char *subject, const char *attribute, const char *before, const char *after,
	 const char *fmt, ...) __attribute__((format(printf, 9, 10)));

static void
diff_add(struct eg_diff *d, enum eg_diff_kind kind, bool worse, const char *device,
	 const char *subject, const char *attribute, const char *before, const char *after,
	 const char *fmt, ...)
{
	struct eg_change *c;
	va_list ap;

	if (d->nchanges == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->changes = eg_xrealloc(d->changes, d->cap * sizeof(*d->changes));
	}
	c = &d->changes[d->nchanges++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->worse = worse;
	c->device = eg_xstrdup(device);
	c->subject = eg_xstrdup(subject);
	c->attribute = eg_xstrdup(attribute);
	c->before = eg_xstrdup(before);
	c->after = eg_xstrdup(after);
	va_start(ap, fmt);
	c->message = eg_xvasprintf(fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ routes */

/* The path a table shows for its destination at i: the active one, else the first. */
static const struct eg_path *
diff_dest_path(const struct eg_rib *rib, size_t i, size_t *next)
{
	const struct eg_path *best = &rib->paths[i];
	size_t j;

	for (j = i; j < rib->npaths && eg_prefix_eq(&rib->paths[j].prefix, &rib->paths[i].prefix);
	     j++)
		if ((rib->paths[j].flags & EG_PATH_ACTIVE) && !(best->flags & EG_PATH_ACTIVE))
			best = &rib->paths[j];
	*next = j;
	return best;
}

static bool
diff_str_eq(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

/* A numeric attribute as text: its value, or "none" when the path has none. */
static const char *
diff_num(bool has, uint32_t v, char *buf, size_t size)
{
	if (!has)
		snprintf(buf, size, "none");
	else
		snprintf(buf, size, "%u", v);
	return buf;
}

/* Changes of AS path, MED, communities and local-preference between two paths. */
static void
diff_attrs(struct eg_diff *d, const char *device, const char *subject,
	   const struct eg_path *a, const struct eg_path *b)
{
	char va[32], vb[32];

	if (!diff_str_eq(a->as_path, b->as_path))
		diff_add(d, EG_DIFF_ATTRIBUTE, false, device, subject, "as-path",
			 a->as_path ? a->as_path : "none", b->as_path ? b->as_path : "none",
			 "%s %s: AS path %s, was %s.", device, subject,
			 b->as_path ? b->as_path : "none", a->as_path ? a->as_path : "none");
	if ((a->flags & EG_PATH_HAS_MED) != (b->flags & EG_PATH_HAS_MED) ||
	    ((a->flags & EG_PATH_HAS_MED) && a->med != b->med)) {
		diff_num(a->flags & EG_PATH_HAS_MED, a->med, va, sizeof(va));
		diff_num(b->flags & EG_PATH_HAS_MED, b->med, vb, sizeof(vb));
		diff_add(d, EG_DIFF_ATTRIBUTE, false, device, subject, "med", va, vb,
			 "%s %s: MED %s, was %s.", device, subject, vb, va);
	}
	if (!diff_str_eq(a->communities, b->communities))
		diff_add(d, EG_DIFF_ATTRIBUTE, false, device, subject, "communities",
			 a->communities ? a->communities : "none",
			 b->communities ? b->communities : "none",
			 "%s %s: communities %s, were %s.", device, subject,
			 b->communities ? b->communities : "none",
			 a->communities ? a->communities : "none");
	if ((a->flags & EG_PATH_HAS_LP) != (b->flags & EG_PATH_HAS_LP) ||
	    ((a->flags & EG_PATH_HAS_LP) && a->local_pref != b->local_pref)) {
		diff_num(a->flags & EG_PATH_HAS_LP, a->local_pref, va, sizeof(va));
		diff_num(b->flags & EG_PATH_HAS_LP, b->local_pref, vb, sizeof(vb));
		diff_add(d, EG_DIFF_ATTRIBUTE, false, device, subject, "local-preference", va, vb,
			 "%s %s: local-preference %s, was %s.", device, subject, vb, va);
	}
}

/*
 * What a device advertises to, or receives from, a peer: prefixes added
 * and removed, and the attributes of those both sides hold.
 */
static void
diff_adv(struct eg_diff *d, const struct eg_query *q, struct eg_rib *a, struct eg_rib *b)
{
	enum eg_diff_kind kind = q->kind == EG_Q_ADVERTISED ? EG_DIFF_ADVERTISED : EG_DIFF_RECEIVED;
	const char *verb = kind == EG_DIFF_ADVERTISED ? "advertises" : "receives";
	const char *prep = kind == EG_DIFF_ADVERTISED ? "to" : "from";
	char peer[EG_ADDR_STRLEN], pfx[EG_PREFIX_STRLEN], subject[160];
	size_t i = 0, j = 0, ni, nj;

	eg_rib_sort(a);
	eg_rib_sort(b);
	eg_addr_fmt(&q->peer, peer);
	while (i < a->npaths || j < b->npaths) {
		const struct eg_path *pa = NULL, *pb = NULL;
		int cmp;

		if (i < a->npaths)
			pa = diff_dest_path(a, i, &ni);
		if (j < b->npaths)
			pb = diff_dest_path(b, j, &nj);
		cmp = pa == NULL ? 1 : pb == NULL ? -1 : eg_prefix_cmp(&pa->prefix, &pb->prefix);
		eg_prefix_fmt(cmp <= 0 ? &pa->prefix : &pb->prefix, pfx);
		snprintf(subject, sizeof(subject), "peer %s %s", peer, pfx);
		if (cmp < 0)
			diff_add(d, kind, false, q->device, subject, NULL, kind == EG_DIFF_ADVERTISED ?
				 "advertised" : "received", "absent",
				 "%s no longer %s %s %s %s.", q->device, verb, pfx, prep, peer);
		else if (cmp > 0)
			diff_add(d, kind, false, q->device, subject, NULL, "absent",
				 kind == EG_DIFF_ADVERTISED ? "advertised" : "received",
				 "%s now %s %s %s %s.", q->device, verb, pfx, prep, peer);
		else
			diff_attrs(d, q->device, subject, pa, pb);
		if (cmp <= 0)
			i = ni;
		if (cmp >= 0)
			j = nj;
	}
}

/* A path in a few words, for the active-path change: "BGP from 192.168.11.0, AS path 12076 I". */
static char *
diff_fmt_path(const struct eg_service *svc, const struct eg_path *p)
{
	char a[EG_ADDR_STRLEN];
	const struct eg_addr *who;

	if (p == NULL)
		return eg_xstrdup("none");
	who = p->learned_from.family ? &p->learned_from : &p->nexthop;
	return eg_xasprintf("%s%s%s%s%s%s", eg_proto_name((enum eg_proto)p->proto),
			    who->family ? " from " : "", who->family ? eg_addr_fmt(who, a) : "",
			    p->as_path ? ", AS path " : "", p->as_path ? p->as_path : "",
			    eg_check_rib_path_er(svc, p) ? " (ExpressRoute)" : "");
}

/* Whether any path of the table to pfx is ExpressRoute; *act its active path. */
static bool
diff_azure_paths(const struct eg_service *svc, struct eg_rib *rib, const struct eg_prefix *pfx,
		 const struct eg_path **act)
{
	const struct eg_path *first;
	size_t n, k;
	bool er = false;

	*act = NULL;
	n = eg_rib_find(rib, pfx, &first);
	for (k = 0; k < n; k++) {
		if ((first[k].flags & EG_PATH_ACTIVE) && *act == NULL)
			*act = &first[k];
		er |= eg_check_rib_path_er(svc, &first[k]);
	}
	return er;
}

/*
 * Two paths to one destination are the same path when they come from
 * the same neighbor (or, unlearned, leave to the same next hop) by the
 * same protocol.
 */
static bool
diff_same_path(const struct eg_path *a, const struct eg_path *b)
{
	return a->proto == b->proto && eg_addr_eq(&a->learned_from, &b->learned_from) &&
	       (a->learned_from.family != 0 || eg_addr_eq(&a->nexthop, &b->nexthop));
}

/*
 * The firewall's table: the active path of each Azure prefix of the
 * services the table serves, and the attributes of every path both sides
 * hold.
 */
static void
diff_routes(struct eg_diff *d, const struct eg_intent *in, const struct eg_query *q,
	    struct eg_rib *a, struct eg_rib *b)
{
	char pfx[EG_PREFIX_STRLEN], subject[160], nb[EG_ADDR_STRLEN];
	size_t s, i, k, j, na, nbp;

	eg_rib_sort(a);
	eg_rib_sort(b);
	for (s = 0; s < in->nservices; s++) {
		const struct eg_service *svc = &in->services[s];

		if (svc->vpn.firewall == NULL || strcmp(svc->vpn.firewall, q->device) != 0 ||
		    (q->table != NULL && svc->table != NULL && strcmp(q->table, svc->table) != 0))
			continue;
		for (i = 0; i < svc->nazure; i++) {
			const struct eg_path *aa, *ab;
			bool era = diff_azure_paths(svc, a, &svc->azure[i], &aa);
			bool erb = diff_azure_paths(svc, b, &svc->azure[i], &ab);
			char *da = diff_fmt_path(svc, aa), *db = diff_fmt_path(svc, ab);
			bool worse = (era && !erb) ||
				     (aa && eg_check_rib_path_er(svc, aa) &&
				      !(ab && eg_check_rib_path_er(svc, ab)));

			eg_prefix_fmt(&svc->azure[i], pfx);
			if (strcmp(da, db) != 0 || (era && !erb))
				diff_add(d, EG_DIFF_ACTIVE, worse, q->device, pfx, NULL, da, db,
					 "%s's active path to Azure prefix %s is %s, was %s%s.",
					 q->device, pfx, db, da, era && !erb ?
					 "; no ExpressRoute path is left" : "");
			free(da);
			free(db);
		}
	}
	/* Attributes of the paths both sides hold, destination by destination. */
	for (i = 0, j = 0; i < a->npaths && j < b->npaths;) {
		int cmp = eg_prefix_cmp(&a->paths[i].prefix, &b->paths[j].prefix);

		if (cmp < 0) {
			i++;
			continue;
		}
		if (cmp > 0) {
			j++;
			continue;
		}
		for (na = i; na < a->npaths && eg_prefix_eq(&a->paths[na].prefix, &a->paths[i].prefix);)
			na++;
		for (nbp = j; nbp < b->npaths &&
		     eg_prefix_eq(&b->paths[nbp].prefix, &b->paths[j].prefix);)
			nbp++;
		for (k = i; k < na; k++) {
			size_t m;

			for (m = j; m < nbp && !diff_same_path(&a->paths[k], &b->paths[m]); m++)
				;
			if (m == nbp)
				continue;
			eg_prefix_fmt(&a->paths[k].prefix, pfx);
			eg_addr_fmt(a->paths[k].learned_from.family ? &a->paths[k].learned_from :
				    &a->paths[k].nexthop, nb);
			snprintf(subject, sizeof(subject), "%s%s%s", pfx, *nb ? " via " : "", nb);
			diff_attrs(d, q->device, subject, &a->paths[k], &b->paths[m]);
		}
		i = na;
		j = nbp;
	}
}

/* ------------------------------------------------------------ sessions */

static void
diff_bgp(struct eg_diff *d, const struct eg_query *q, const struct eg_bgp *a,
	 const struct eg_bgp *b)
{
	char peer[EG_ADDR_STRLEN], subject[80];
	size_t i;

	for (i = 0; i < a->npeers + b->npeers; i++) {
		const struct eg_bgp_peer *p = i < a->npeers ? &a->peers[i] : &b->peers[i - a->npeers];
		const struct eg_bgp_peer *pa = eg_bgp_find(a, &p->addr), *pb = eg_bgp_find(b, &p->addr);
		const char *sa = pa ? (pa->state ? pa->state : "?") : "absent";
		const char *sb = pb ? (pb->state ? pb->state : "?") : "absent";

		/* each peer once: from the old side, or from the new when only there */
		if ((i >= a->npeers && pa != NULL) || strcmp(sa, sb) == 0)
			continue;
		snprintf(subject, sizeof(subject), "peer %s", eg_addr_fmt(&p->addr, peer));
		diff_add(d, EG_DIFF_BGP, strcmp(sa, "Established") == 0, q->device, subject, NULL,
			 sa, sb, "%s: the BGP session to %s is %s, was %s.", q->device, peer, sb, sa);
	}
}

static void
diff_bfd(struct eg_diff *d, const struct eg_query *q, const struct eg_bfd *a,
	 const struct eg_bfd *b)
{
	char nb[EG_ADDR_STRLEN], subject[80];
	size_t i;

	for (i = 0; i < a->nsessions + b->nsessions; i++) {
		const struct eg_bfd_session *p = i < a->nsessions ? &a->sessions[i] :
						 &b->sessions[i - a->nsessions];
		const struct eg_bfd_session *pa = eg_bfd_find(a, &p->neighbor);
		const struct eg_bfd_session *pb = eg_bfd_find(b, &p->neighbor);
		const char *sa = pa ? (pa->state ? pa->state : "?") : "absent";
		const char *sb = pb ? (pb->state ? pb->state : "?") : "absent";

		if ((i >= a->nsessions && pa != NULL) || strcmp(sa, sb) == 0)
			continue;
		snprintf(subject, sizeof(subject), "neighbor %s", eg_addr_fmt(&p->neighbor, nb));
		diff_add(d, EG_DIFF_BFD, strcmp(sa, "Up") == 0, q->device, subject, NULL, sa, sb,
			 "%s: the BFD session to %s is %s, was %s.", q->device, nb, sb, sa);
	}
}

/* ------------------------------------------------------------ observations */

static void
diff_obs(struct eg_diff *d, const struct eg_intent *in, const struct eg_obs *a,
	 const struct eg_obs *b)
{
	bool oka = a->status == EG_OK && eg_obs_has_data(a);
	bool okb = b->status == EG_OK && eg_obs_has_data(b);
	char subject[200], *cmd;

	if (oka != okb) {
		cmd = eg_query_command(&a->q);
		snprintf(subject, sizeof(subject), "%s", cmd ? cmd : eg_qkind_name(a->q.kind));
		free(cmd);
		diff_add(d, EG_DIFF_REPLY, oka, a->q.device, subject, NULL,
			 oka ? "read" : eg_strerror(a->status), okb ? "read" : eg_strerror(b->status),
			 "%s: the reply to \"%s\" %s.", a->q.device, subject, oka ?
			 "could be read before and cannot now" : "could not be read before and can now");
		return;
	}
	if (!oka || a->data != b->data)
		return;
	switch (a->data) {
	case EG_QD_RIB:
		if (a->q.kind == EG_Q_ROUTES)
			diff_routes(d, in, &a->q, a->u.rib, b->u.rib);
		else if (a->q.kind == EG_Q_ADVERTISED || a->q.kind == EG_Q_RECEIVED)
			diff_adv(d, &a->q, a->u.rib, b->u.rib);
		break;
	case EG_QD_BGP:
		diff_bgp(d, &a->q, a->u.bgp, b->u.bgp);
		break;
	case EG_QD_BFD:
		diff_bfd(d, &a->q, a->u.bfd, b->u.bfd);
		break;
	default:
		/* configuration and the rest: judged through the checks that read them */
		break;
	}
}

/* The same query: kind, device, instance, table and peer. */
static bool
diff_same_query(const struct eg_query *a, const struct eg_query *b)
{
	return a->kind == b->kind && diff_str_eq(a->device, b->device) &&
	       diff_str_eq(a->instance, b->instance) && diff_str_eq(a->table, b->table) &&
	       eg_addr_eq(&a->peer, &b->peer);
}

/* ------------------------------------------------------------ checks */

static const struct eg_result *
diff_result_find(const struct eg_report *r, const struct eg_result *like)
{
	size_t i;

	for (i = 0; i < r->nresults; i++)
		if (diff_str_eq(r->results[i].check_id, like->check_id) &&
		    diff_str_eq(r->results[i].service, like->service) &&
		    diff_str_eq(r->results[i].scope, like->scope))
			return &r->results[i];
	return NULL;
}

static void
diff_checks(struct eg_diff *d, const struct eg_report *a, const struct eg_report *b)
{
	char subject[400];
	size_t i;

	for (i = 0; i < a->nresults + b->nresults; i++) {
		const struct eg_result *r = i < a->nresults ? &a->results[i] :
					    &b->results[i - a->nresults];
		const struct eg_result *ra = diff_result_find(a, r), *rb = diff_result_find(b, r);
		const char *sa = ra ? eg_status_name(ra->status) : "absent";
		const char *sb = rb ? eg_status_name(rb->status) : "absent";
		bool worse;

		if ((i >= a->nresults && ra != NULL) || strcmp(sa, sb) == 0)
			continue;
		worse = ra != NULL && ra->status == EG_ST_PASS && rb != NULL &&
			(rb->status == EG_ST_FAIL || rb->status == EG_ST_UNKNOWN);
		snprintf(subject, sizeof(subject), "%s %s %s", r->check_id ? r->check_id : "",
			 r->service ? r->service : "", r->scope ? r->scope : "");
		diff_add(d, EG_DIFF_CHECK, worse, NULL, subject, NULL, sa, sb,
			 "Check %s (%s, %s) is %s, was %s.", r->check_id ? r->check_id : "",
			 r->service ? r->service : "", r->scope ? r->scope : "", sb, sa);
	}
}

eg_err
eg_diff_build(const struct eg_intent *in,
	      const struct eg_state *old_st, const struct eg_report *old_rep,
	      const struct eg_state *new_st, const struct eg_report *new_rep,
	      const char *old_source, const char *new_source, struct eg_diff **out)
{
	struct eg_diff *d;
	size_t i;

	*out = NULL;
	if (in == NULL || old_st == NULL || new_st == NULL || old_rep == NULL || new_rep == NULL)
		return EG_EINVAL;
	if (old_st->nobs != new_st->nobs) {
		eg_log(EG_LOG_ERROR, NULL, "the two runs were not planned alike (%zu and %zu queries)",
		       old_st->nobs, new_st->nobs);
		return EG_EINVAL;
	}
	for (i = 0; i < old_st->nobs; i++) {
		if (!diff_same_query(&old_st->obs[i].q, &new_st->obs[i].q)) {
			eg_log(EG_LOG_ERROR, old_st->obs[i].q.device,
			       "the two runs were not planned alike (query %zu differs)", i + 1);
			return EG_EINVAL;
		}
	}
	d = eg_xcalloc(1, sizeof(*d));
	d->old_source = eg_xstrdup(old_source);
	d->new_source = eg_xstrdup(new_source);
	diff_checks(d, old_rep, new_rep);
	for (i = 0; i < old_st->nobs; i++)
		diff_obs(d, in, &old_st->obs[i], &new_st->obs[i]);
	*out = d;
	return EG_OK;
}
