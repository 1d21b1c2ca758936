/*
 * check_azure.c - azure-learned and azure-advertised: the Azure VPN
 * gateway's own view (optional JSON exports, azure.c) against the intent
 * and the firewall.
 *
 * A learned route came from the firewall when its source peer or next
 * hop is the firewall's VPN BGP address; it came over ExpressRoute when
 * its weight is 32769 (how Azure marks ExpressRoute-learned routes) or
 * its AS path starts with the Microsoft ASN.  Routes the gateway's other
 * instance relayed are neither and are not judged.  An advertised route
 * belongs to the VPN peer (gateway instance) named by its next hop or
 * local address; an export that names no instance is compared with what
 * every peer sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azure.h"
#include "checks.h"
#include "checks_int.h"
#include "util.h"

/* Weight Azure gives routes learned over ExpressRoute. */
#define AZ_WEIGHT_ER 32769

/* The routes of an export sorted by prefix (pointers into it). */
struct az_index {
	const struct eg_azure_route **v;
	size_t n;
};

static int
az_cmp(const void *a, const void *b)
{
	const struct eg_azure_route *x = *(const struct eg_azure_route *const *)a;
	const struct eg_azure_route *y = *(const struct eg_azure_route *const *)b;
	int c = eg_prefix_cmp(&x->prefix, &y->prefix);

	if (c != 0)
		return c;
	return x < y ? -1 : x > y;	/* keep the file's order */
}

/* Index az's routes; the caller frees ix->v. */
static void
az_index(const struct eg_azure_routes *az, struct az_index *ix)
{
	size_t i;

	ix->n = az->nitems;
	ix->v = NULL;
	if (ix->n == 0)
		return;
	ix->v = eg_xcalloc(ix->n, sizeof(*ix->v));
	for (i = 0; i < ix->n; i++)
		ix->v[i] = &az->items[i];
	qsort(ix->v, ix->n, sizeof(*ix->v), az_cmp);
}

/* Routes for exactly p: sets *first to their index, returns how many. */
static size_t
az_find(const struct az_index *ix, const struct eg_prefix *p, size_t *first)
{
	size_t lo = 0, hi = ix->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (eg_prefix_cmp(&ix->v[mid]->prefix, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < ix->n && eg_prefix_eq(&ix->v[lo + n]->prefix, p))
		n++;
	*first = lo;
	return n;
}

static const char *
az_scope(const struct eg_service *svc)
{
	return svc->vpn.firewall ? svc->vpn.firewall : svc->name;
}

/* As eg_checks_fmt_aspath, but Azure's exports show an empty path as such. */
static const char *
az_fmt_aspath(const char *as, char *buf, size_t size)
{
	if (as != NULL && *as != '\0')
		return eg_checks_fmt_aspath(as, buf, size);
	snprintf(buf, size, "empty AS path");
	return buf;
}

/* ------------------------------------------------------------ azure-learned */

void
eg_check_azure_learned(EG_CHECK_RUN_ARGS)
{
	const struct eg_azure_routes *az = ctx->azure_learned;
	const struct eg_addr *la = &svc->vpn.local_address;
	const char *src;
	struct az_index ix = { NULL, 0 };
	struct eg_result *res;
	bool any_er = false;
	size_t i, k, first, n;
	char pfx[EG_PREFIX_STRLEN], lab[EG_ADDR_STRLEN], exp[256], obs[256];

	if (az == NULL) {
		src = az_scope(svc);
		eg_checks_skip(r, "azure-learned", svc, &src, 1,
			       "no export of the Azure gateway's learned routes was given (--azure-learned)");
		return;
	}
	res = eg_checks_begin(r, "azure-learned", svc, az_scope(svc));
	src = az->source ? az->source : "the learned-routes export";
	az_index(az, &ix);
	for (i = 0; i < az->nitems; i++)
		if (az->items[i].weight == AZ_WEIGHT_ER ||
		    eg_aspath_first_as(az->items[i].as_path) == svc->asn.microsoft)
			any_er = true;
	eg_addr_fmt(la, lab);
	for (i = 0; i < svc->nonprem; i++) {
		size_t from_fw = 0, over_er = 0;

		eg_prefix_fmt(&svc->onprem[i], pfx);
		n = az_find(&ix, &svc->onprem[i], &first);
		for (k = first; k < first + n; k++) {
			const struct eg_azure_route *rt = ix.v[k];
			uint32_t as[2];

			if (la->family != 0 && (eg_addr_eq(&rt->source_peer, la) ||
						eg_addr_eq(&rt->nexthop, la))) {
				from_fw++;
				if (eg_checks_asns(rt->as_path, as, 2) == 1 && as[0] == svc->asn.onprem)
					continue;
				snprintf(exp, sizeof(exp), "AS path %u", svc->asn.onprem);
				az_fmt_aspath(rt->as_path, obs, sizeof(obs));
				eg_result_add(res, EG_ST_FAIL, NULL, pfx, lab, exp, obs,
					      "The Azure gateway learned %s from the firewall (%s) with %s "
					      "instead of the on-prem ASN %u alone (%s).", pfx, lab, obs,
					      svc->asn.onprem, src);
			} else if (rt->weight == AZ_WEIGHT_ER ||
				   eg_aspath_first_as(rt->as_path) == svc->asn.microsoft) {
				over_er++;
				if (eg_aspath_first_as(rt->as_path) == svc->asn.microsoft)
					continue;
				snprintf(exp, sizeof(exp), "AS path starting %u", svc->asn.microsoft);
				az_fmt_aspath(rt->as_path, obs, sizeof(obs));
				eg_result_add(res, EG_ST_FAIL, NULL, pfx, NULL, exp, obs,
					      "The Azure gateway learned %s over ExpressRoute with %s, not "
					      "starting with the Microsoft ASN %u (%s).", pfx, obs,
					      svc->asn.microsoft, src);
			}
		}
		if (from_fw == 0) {
			snprintf(exp, sizeof(exp), "learned from %s, AS path %u", lab, svc->asn.onprem);
			eg_result_add(res, EG_ST_FAIL, NULL, pfx, lab, exp,
				      n ? "not learned from the firewall" : "not learned at all",
				      "The Azure gateway did not learn on-prem prefix %s from the firewall's "
				      "VPN BGP address %s (%s).", pfx, lab, src);
		}
		if (any_er && over_er == 0) {
			snprintf(exp, sizeof(exp), "learned over ExpressRoute, AS path starting %u",
				 svc->asn.microsoft);
			eg_result_add(res, EG_ST_FAIL, NULL, pfx, NULL, exp,
				      "not learned over ExpressRoute",
				      "The Azure gateway learns routes over ExpressRoute but not on-prem "
				      "prefix %s (%s).", pfx, src);
		}
	}
	res->nitems = (uint32_t)svc->nonprem;
	free(ix.v);
}

/* ------------------------------------------------------------ azure-advertised */

static bool
az_is_azure(const struct eg_service *svc, const struct eg_prefix *p)
{
	size_t i;

	for (i = 0; i < svc->nazure; i++)
		if (eg_prefix_eq(&svc->azure[i], p))
			return true;
	return false;
}

/* Whether rt is advertised by VPN peer k (every route when none names a peer). */
static bool
az_of_peer(const struct eg_service *svc, const struct eg_azure_route *rt, size_t k, bool named)
{
	if (!named)
		return true;
	return eg_addr_eq(&rt->nexthop, &svc->vpn.peers[k]) ||
	       eg_addr_eq(&rt->local_address, &svc->vpn.peers[k]);
}

/* Compare what peer k advertises per the export with what the firewall received. */
static uint32_t
az_adv_peer(struct eg_result *res, const struct eg_service *svc, const struct az_index *ix,
	    size_t k, bool named, struct eg_rib *rib, const char *src)
{
	const char *fw = svc->vpn.firewall;
	char pfx[EG_PREFIX_STRLEN], peer[EG_ADDR_STRLEN], exp[256], obs[256], a1[160], a2[160];
	size_t i, j, first, n;
	uint32_t items = 0;

	eg_addr_fmt(&svc->vpn.peers[k], peer);
	for (i = 0; i < ix->n; i = j) {
		const struct eg_azure_route *rt = NULL;
		const struct eg_path *p;

		for (j = i; j < ix->n && eg_prefix_eq(&ix->v[j]->prefix, &ix->v[i]->prefix); j++)
			if (rt == NULL && az_of_peer(svc, ix->v[j], k, named))
				rt = ix->v[j];
		if (rt == NULL)
			continue;
		items++;
		eg_prefix_fmt(&rt->prefix, pfx);
		p = eg_checks_rib_path(rib, &rt->prefix);
		if (p == NULL) {
			snprintf(exp, sizeof(exp), "received from %s (the gateway advertises it)", peer);
			eg_result_add(res, EG_ST_FAIL, fw, pfx, peer, exp, "not received",
				      "The Azure gateway advertises %s through %s but %s does not "
				      "receive it (%s).", pfx, peer, fw, src);
			continue;
		}
		if (!eg_checks_asns_eq(rt->as_path, p->as_path)) {
			snprintf(exp, sizeof(exp), "%s (Azure)", az_fmt_aspath(rt->as_path, a1, sizeof(a1)));
			snprintf(obs, sizeof(obs), "%s (received by %s)",
				 eg_checks_fmt_aspath(p->as_path, a2, sizeof(a2)), fw);
			eg_result_add(res, EG_ST_FAIL, fw, pfx, peer, exp, obs,
				      "Azure advertises %s through %s with %s but %s receives %s.", pfx,
				      peer, a1, fw, a2);
		}
	}
	for (i = 0; i < rib->npaths; i = eg_checks_rib_next(rib, i)) {
		bool seen = false;

		n = az_find(ix, &rib->paths[i].prefix, &first);
		for (j = first; j < first + n && !seen; j++)
			seen = az_of_peer(svc, ix->v[j], k, named);
		if (seen)
			continue;
		items++;
		eg_prefix_fmt(&rib->paths[i].prefix, pfx);
		eg_result_add(res, EG_ST_FAIL, fw, pfx, peer, "not received (Azure does not advertise it)",
			      "received",
			      "%s receives %s from %s, which the Azure gateway's advertised routes "
			      "do not list (%s).", fw, pfx, peer, src);
	}
	return items;
}

void
eg_check_azure_advertised(EG_CHECK_RUN_ARGS)
{
	const enum eg_qkind recv_kind = eg_checks_kind(svc, EG_Q_RECEIVED);
	const struct eg_azure_routes *az = ctx->azure_advertised;
	const char *fw = svc->vpn.firewall, *src;
	struct az_index ix = { NULL, 0 };
	struct eg_checks_need nd = { 0 };
	struct eg_result *res;
	bool named = false;
	size_t i, k, first;
	uint32_t items;
	char pfx[EG_PREFIX_STRLEN], obs[256], asp[160];

	if (az == NULL) {
		src = az_scope(svc);
		eg_checks_skip(r, "azure-advertised", svc, &src, 1,
			       "no export of the Azure gateway's advertised routes was given (--azure-advertised)");
		return;
	}
	if (fw == NULL || svc->vpn.npeers == 0) {
		eg_checks_skip(r, "azure-advertised", svc, NULL, 0, "the service has no VPN peer");
		return;
	}
	if (!eg_checks_begin_devices(r, "azure-advertised", svc, ctx, &fw, 1, &res))
		return;
	for (k = 0; k < svc->vpn.npeers; k++)
		eg_checks_need(&nd, st, fw, recv_kind, svc->instance, &svc->vpn.peers[k]);
	if (!eg_checks_need_done(&nd, res))
		return;
	az_index(az, &ix);
	src = az->source ? az->source : "the advertised-routes export";
	items = (uint32_t)svc->nazure;
	for (i = 0; i < svc->nazure; i++) {
		eg_prefix_fmt(&svc->azure[i], pfx);
		if (az_find(&ix, &svc->azure[i], &first) > 0)
			continue;
		eg_result_add(res, EG_ST_FAIL, NULL, pfx, NULL, "advertised by the Azure gateway",
			      "not advertised",
			      "The Azure gateway does not advertise Azure prefix %s to the firewall (%s).",
			      pfx, src);
	}
	for (i = 0; i < ix.n; i++) {
		if ((i > 0 && eg_prefix_eq(&ix.v[i - 1]->prefix, &ix.v[i]->prefix)) ||
		    az_is_azure(svc, &ix.v[i]->prefix))
			continue;
		items++;
		eg_prefix_fmt(&ix.v[i]->prefix, pfx);
		snprintf(obs, sizeof(obs), "advertised, %s",
			 az_fmt_aspath(ix.v[i]->as_path, asp, sizeof(asp)));
		eg_result_add(res, EG_ST_FAIL, NULL, pfx, NULL, "only the Azure prefixes of the intent",
			      obs,
			      "The Azure gateway advertises %s, which is not an Azure prefix of the "
			      "intent (%s).", pfx, src);
	}
	for (i = 0; i < ix.n && !named; i++)
		for (k = 0; k < svc->vpn.npeers && !named; k++)
			named = eg_addr_eq(&ix.v[i]->nexthop, &svc->vpn.peers[k]) ||
				eg_addr_eq(&ix.v[i]->local_address, &svc->vpn.peers[k]);
	for (k = 0; k < svc->vpn.npeers; k++) {
		struct eg_rib *rib = eg_checks_rib(eg_state_find(st, fw, recv_kind, svc->instance,
								 &svc->vpn.peers[k]));
		items += az_adv_peer(res, svc, &ix, k, named, rib, src);
	}
	res->nitems = items;
	free(ix.v);
}
