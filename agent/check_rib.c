/*
 * check_rib.c - the checks on the firewall's routing table for the
 * instance: lp-rib, active-path, backup-ready.
 *
 * A path is attributed to an ExpressRoute link when it was learned from,
 * or points its next hop at, the link's CE address; to a VPN gateway peer
 * when it was learned from, or points at, the peer's address, or leaves
 * through the peer's tunnel.  A BGP path that names neither is attributed
 * by its first AS (Microsoft's: ExpressRoute; Azure's: VPN).  Other paths
 * (static, direct) belong to neither and are judged only by active-path.
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "checks_int.h"

/* Where a path comes from. */
struct rib_origin {
	const struct eg_er_link *link;	/* ExpressRoute link, or NULL */
	bool er;			/* via ExpressRoute (link may be unknown) */
	int vpn;			/* VPN peer index, or -1 */
};

static int
rib_vpn_addr(const struct eg_service *svc, const struct eg_addr *a)
{
	size_t k;

	if (a->family == 0)
		return -1;
	for (k = 0; k < svc->vpn.npeers; k++)
		if (eg_addr_eq(&svc->vpn.peers[k], a))
			return (int)k;
	return -1;
}

static const struct eg_er_link *
rib_link_addr(const struct eg_service *svc, const struct eg_addr *a)
{
	size_t i;

	if (a->family == 0)
		return NULL;
	for (i = 0; i < svc->ner; i++)
		if (eg_addr_eq(&svc->er[i].ce_address, a))
			return &svc->er[i];
	return NULL;
}

static void
rib_origin(const struct eg_service *svc, const struct eg_path *p, struct rib_origin *o)
{
	size_t k;
	uint32_t first;

	memset(o, 0, sizeof(*o));
	o->vpn = -1;
	if ((o->vpn = rib_vpn_addr(svc, &p->learned_from)) >= 0)
		return;
	if ((o->link = rib_link_addr(svc, &p->learned_from)) != NULL ||
	    (p->learned_from.family == 0 && (o->link = rib_link_addr(svc, &p->nexthop)) != NULL)) {
		o->er = true;
		return;
	}
	if (p->learned_from.family == 0 && (o->vpn = rib_vpn_addr(svc, &p->nexthop)) >= 0)
		return;
	if (p->proto != EG_PROTO_BGP)
		return;
	if (p->via != NULL && svc->vpn.tunnels != NULL) {
		for (k = 0; k < svc->vpn.npeers; k++) {
			if (svc->vpn.tunnels[k] != NULL && strcmp(svc->vpn.tunnels[k], p->via) == 0) {
				o->vpn = (int)k;
				return;
			}
		}
	}
	first = eg_aspath_first_as(p->as_path);
	if (first != 0 && first == svc->asn.microsoft)
		o->er = true;
	else if (first != 0 && first == svc->asn.azure)
		o->vpn = -2;	/* from the VPN, peer unknown */
}

bool
eg_check_rib_path_er(const struct eg_service *svc, const struct eg_path *p)
{
	struct rib_origin o;

	rib_origin(svc, p, &o);
	return p->proto == EG_PROTO_BGP && o.link != NULL &&
	       eg_aspath_first_as(p->as_path) == svc->asn.microsoft;
}

/* Who a path came from, for findings: learned-from, next hop or interface. */
static const char *
rib_peer_str(const struct eg_path *p, char *buf)
{
	if (p->learned_from.family != 0)
		return eg_addr_fmt(&p->learned_from, buf);
	if (p->nexthop.family != 0)
		return eg_addr_fmt(&p->nexthop, buf);
	if (p->via != NULL) {
		snprintf(buf, EG_ADDR_STRLEN, "%s", p->via);
		return buf;
	}
	return NULL;
}

/*
 * Begin the firewall's result for id and fetch its table; NULL rib when
 * the check cannot go on.
 */
static struct eg_rib *
rib_table(struct eg_report *r, const char *id, const struct eg_service *svc,
	  const struct eg_state *st, const struct eg_check_ctx *ctx, struct eg_result **res)
{
	const enum eg_qkind routes_kind = eg_checks_kind(svc, EG_Q_ROUTES);
	const char *fw = svc->vpn.firewall;
	struct eg_checks_need nd = { 0 };
	struct eg_rib *rib;

	*res = NULL;
	if (fw == NULL) {
		eg_checks_skip(r, id, svc, NULL, 0, "the service has no VPN firewall");
		return NULL;
	}
	if (!eg_checks_begin_devices(r, id, svc, ctx, &fw, 1, res))
		return NULL;
	rib = eg_checks_rib(eg_checks_need(&nd, st, fw, routes_kind, svc->instance, NULL));
	if (!eg_checks_need_done(&nd, *res))
		return NULL;
	if (svc->nazure == 0) {
		eg_result_skip(*res, "the intent lists no Azure prefix");
		return NULL;
	}
	return rib;
}

/* ------------------------------------------------------------ lp-rib */

/* The one local-preference of every ExpressRoute link, or false if they differ. */
static bool
rib_er_lp(const struct eg_service *svc, uint32_t *lp)
{
	size_t i;

	if (svc->ner == 0)
		return false;
	for (i = 1; i < svc->ner; i++)
		if (svc->er[i].local_pref != svc->er[0].local_pref)
			return false;
	*lp = svc->er[0].local_pref;
	return true;
}

void
eg_check_rib_lp(EG_CHECK_RUN_ARGS)
{
	const char *fw = svc->vpn.firewall;
	struct eg_result *res;
	struct eg_rib *rib;
	size_t i, k, n;
	uint32_t items = 0;
	char pfx[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN], exp[128], obs[128], what[160];

	if ((rib = rib_table(r, "lp-rib", svc, st, ctx, &res)) == NULL)
		return;
	for (i = 0; i < svc->nazure; i++) {
		const struct eg_path *first;

		n = eg_rib_find(rib, &svc->azure[i], &first);
		eg_prefix_fmt(&svc->azure[i], pfx);
		for (k = 0; k < n; k++) {
			const struct eg_path *p = &first[k];
			struct rib_origin o;
			uint32_t want;
			const char *who = rib_peer_str(p, peer);

			rib_origin(svc, p, &o);
			if (o.link != NULL) {
				want = o.link->local_pref;
				snprintf(what, sizeof(what), "via CE %s (%s link)", o.link->ce,
					 o.link->name ? o.link->name : "ExpressRoute");
			} else if (o.er) {
				if (!rib_er_lp(svc, &want)) {
					eg_result_add(res, EG_ST_UNKNOWN, fw, pfx, who, NULL, NULL,
						      "A path to %s with a Microsoft AS path names no CE, and the "
						      "links' local-preferences differ: cannot tell which applies.",
						      pfx);
					items++;
					continue;
				}
				snprintf(what, sizeof(what), "via ExpressRoute");
			} else if (o.vpn != -1) {
				want = svc->vpn.local_pref;
				snprintf(what, sizeof(what), "from VPN gateway peer %s", who ? who : "?");
			} else {
				continue;
			}
			items++;
			snprintf(exp, sizeof(exp), "local-preference %u", want);
			if (!(p->flags & EG_PATH_HAS_LP)) {
				eg_result_add(res, EG_ST_UNKNOWN, fw, pfx, who, exp, "no local-preference shown",
					      "The path to %s %s shows no local-preference.", pfx, what);
				continue;
			}
			if (p->local_pref == want)
				continue;
			snprintf(obs, sizeof(obs), "local-preference %u", p->local_pref);
			eg_result_add(res, EG_ST_FAIL, fw, pfx, who, exp, obs,
				      "The path to %s %s carries local-preference %u instead of %u.",
				      pfx, what, p->local_pref, want);
		}
	}
	res->nitems = items;
	/* An empty table, or one without the intent's prefixes, proves nothing. */
	if (items == 0)
		eg_result_unknown(res, EG_ENOTFOUND, "nothing to compare: %s's table %s holds no path "
				  "via ExpressRoute or the VPN to any of the intent's %zu Azure prefixes",
				  fw, svc->table ? svc->table : svc->instance, svc->nazure);
}

/* ------------------------------------------------------------ active-path */

void
eg_check_rib_active(EG_CHECK_RUN_ARGS)
{
	const char *fw = svc->vpn.firewall;
	struct eg_result *res;
	struct eg_rib *rib;
	size_t i, k, n;
	char pfx[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN], exp[256], obs[256];

	if ((rib = rib_table(r, "active-path", svc, st, ctx, &res)) == NULL)
		return;
	{
		size_t len = 0;
		int w = snprintf(exp, sizeof(exp), "BGP via a CE (");
		len = w > 0 ? (size_t)w : 0;
		for (k = 0; k < svc->ner && len < sizeof(exp); k++) {
			w = snprintf(exp + len, sizeof(exp) - len, "%s%s", k ? " or " : "",
				     eg_addr_fmt(&svc->er[k].ce_address, peer));
			len += w > 0 ? (size_t)w : 0;
		}
		if (len < sizeof(exp))
			snprintf(exp + len, sizeof(exp) - len, "), AS path starting %u",
				 svc->asn.microsoft);
	}
	for (i = 0; i < svc->nazure; i++) {
		const struct eg_path *first, *act = NULL;
		struct rib_origin o;

		n = eg_rib_find(rib, &svc->azure[i], &first);
		eg_prefix_fmt(&svc->azure[i], pfx);
		if (n == 0) {
			eg_result_add(res, EG_ST_FAIL, fw, pfx, NULL, exp, "not in the table",
				      "%s has no route to Azure prefix %s in %s.", fw, pfx,
				      svc->table ? svc->table : svc->instance);
			continue;
		}
		for (k = 0; k < n && act == NULL; k++)
			if (first[k].flags & EG_PATH_ACTIVE)
				act = &first[k];
		if (act == NULL) {
			eg_result_add(res, EG_ST_FAIL, fw, pfx, NULL, exp, "no active path",
				      "None of the %zu paths to %s on %s is active.", n, pfx, fw);
			continue;
		}
		if (eg_check_rib_path_er(svc, act))
			continue;
		rib_origin(svc, act, &o);
		eg_checks_fmt_path(act, obs, sizeof(obs));
		eg_result_add(res, EG_ST_FAIL, fw, pfx, rib_peer_str(act, peer), exp, obs,
			      "The active route to %s on %s is %s%s, not ExpressRoute through a CE.",
			      pfx, fw, obs, o.vpn != -1 ? " (the VPN)" : "");
	}
	res->nitems = (uint32_t)svc->nazure;
}

/* ------------------------------------------------------------ backup-ready */

void
eg_check_rib_backup(EG_CHECK_RUN_ARGS)
{
	const char *fw = svc->vpn.firewall;
	struct eg_result *res;
	struct eg_rib *rib;
	size_t i, k, j, n;
	char pfx[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN], exp[128], obs[128];

	if ((rib = rib_table(r, "backup-ready", svc, st, ctx, &res)) == NULL)
		return;
	if (svc->vpn.npeers == 0) {
		eg_result_skip(res, "the intent lists no VPN gateway peer");
		return;
	}
	for (i = 0; i < svc->nazure; i++) {
		const struct eg_path *first;

		n = eg_rib_find(rib, &svc->azure[i], &first);
		eg_prefix_fmt(&svc->azure[i], pfx);
		for (k = 0; k < svc->vpn.npeers; k++) {
			bool found = false;

			for (j = 0; j < n && !found; j++) {
				struct rib_origin o;
				rib_origin(svc, &first[j], &o);
				found = o.vpn == (int)k;
			}
			if (found)
				continue;
			eg_addr_fmt(&svc->vpn.peers[k], peer);
			snprintf(exp, sizeof(exp), "a path from VPN gateway peer %s", peer);
			if (n == 0)
				snprintf(obs, sizeof(obs), "%s not in the table", pfx);
			else
				snprintf(obs, sizeof(obs), "no path from %s among %zu", peer, n);
			eg_result_add(res, EG_ST_FAIL, fw, pfx, peer, exp, obs,
				      "%s holds no path to %s from VPN gateway peer %s: no backup through it "
				      "if ExpressRoute fails.", fw, pfx, peer);
		}
	}
	res->nitems = (uint32_t)(svc->nazure * svc->vpn.npeers);
}
