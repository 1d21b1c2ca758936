/*
 * checks.c - the check catalogue, and results and observations as its
 * checks see them.
 *
 * The catalogue is one table in report order; each entry names its run
 * function (check_adv.c, check_rib.c, check_cfg.c, check_state.c,
 * check_azure.c) and the queries it reads, from which plan.c makes the
 * plan: a check reads only what its row lists.  eg_checks_run() runs every
 * entry for every service.  Helpers that need no catalogue live in
 * check_util.c.
 * Guarantees: every check adds at least one result per service (skipped
 * when the intent, the command line or the --device filter leaves it
 * nothing to do); an observation that is missing or failed makes the
 * result unknown with the observation's reason, never pass.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks.h"
#include "checks_int.h"
#include "query.h"
#include "util.h"

static const struct eg_check_def checks_catalogue[] = {
	{ "er-adv-symmetry", EG_SEV_MAJOR,
	  "Both ExpressRoute links advertise the same prefixes with the same AS path, MED and communities",
	  "Make the CEs' export policies toward the MSEEs identical (no prepend or MED on one link only), "
	  "so that Azure spreads traffic over both links (active-active).",
	  eg_check_adv_er_symmetry,
	  { { EG_Q_ADVERTISED, EG_QR_CE_MSEE, "detail", false },
	    { EG_Q_ADVERTISED6, EG_QR_CE_MSEE, "detail", false } }, true },
	{ "er-adv-coverage", EG_SEV_MAJOR,
	  "Every on-prem prefix of the intent is advertised on every ExpressRoute link, exactly or by a covering prefix",
	  "Let each CE's export policy toward its MSEE accept every on-prem prefix; prefixes beyond "
	  "the intent's are judged by prefix-budget and the vpn-* checks, not here.",
	  eg_check_adv_er_coverage,
	  { { EG_Q_ADVERTISED, EG_QR_CE_MSEE, NULL, false },
	    { EG_Q_ADVERTISED6, EG_QR_CE_MSEE, NULL, false } }, true },
	{ "vpn-adv-symmetry", EG_SEV_MAJOR,
	  "The firewall advertises the same prefixes, AS path and MED to every VPN gateway peer",
	  "Use one export policy for the VPN group and no neighbor-level export that overrides it.",
	  eg_check_adv_vpn_symmetry,
	  { { EG_Q_ADVERTISED, EG_QR_FW_PEER, "detail", false },
	    { EG_Q_CONFIG, EG_QR_FW, NULL, true },
	    { EG_Q_ADVERTISED6, EG_QR_FW_PEER, "detail", false } }, true },
	{ "vpn-no-more-specific", EG_SEV_MAJOR,
	  "Nothing advertised over the VPN is more specific than a prefix ExpressRoute carries",
	  "Advertise over the VPN the same prefixes as over ExpressRoute, or less specific ones: Azure "
	  "prefers the longest match, so a more specific VPN prefix pulls traffic off ExpressRoute.",
	  eg_check_adv_vpn_more_specific,
	  { { EG_Q_ADVERTISED, EG_QR_CE_MSEE, NULL, false }, { EG_Q_ADVERTISED, EG_QR_FW_PEER, NULL, false },
	    { EG_Q_ADVERTISED6, EG_QR_CE_MSEE, NULL, false }, { EG_Q_ADVERTISED6, EG_QR_FW_PEER, NULL, false } },
	  true },
	{ "vpn-adv-coverage", EG_SEV_MAJOR,
	  "Every prefix advertised over ExpressRoute is covered by a prefix advertised to every VPN gateway peer",
	  "Let the VPN export policy accept every prefix the CEs advertise (or a covering summary), so that "
	  "each has a backup path when ExpressRoute fails.",
	  eg_check_adv_vpn_coverage,
	  { { EG_Q_ADVERTISED, EG_QR_CE_MSEE, NULL, false }, { EG_Q_ADVERTISED, EG_QR_FW_PEER, NULL, false },
	    { EG_Q_ADVERTISED6, EG_QR_CE_MSEE, NULL, false }, { EG_Q_ADVERTISED6, EG_QR_FW_PEER, NULL, false } },
	  true },
	{ "vpn-recv", EG_SEV_MAJOR,
	  "Every VPN gateway peer sends exactly the hub and spoke prefixes, with AS path of the Azure ASN alone",
	  "Check the gateway's address space and VNet peerings (use remote gateways), and the firewall's "
	  "import policy on the VPN group.",
	  eg_check_adv_vpn_recv,
	  { { EG_Q_RECEIVED, EG_QR_FW_PEER, NULL, false },
	    { EG_Q_RECEIVED6, EG_QR_FW_PEER, NULL, false } }, true },
	{ "lp-config", EG_SEV_CRITICAL,
	  "Each CE's iBGP group toward the firewall is active and sets the intent's local-preference",
	  "Configure local-preference on the CE's iBGP group (or its firewall neighbor), active, with the "
	  "intent's value; the same on both CEs follows.",
	  eg_check_cfg_lp,
	  { { EG_Q_CONFIG, EG_QR_CE, NULL, false }, { EG_Q_CONFIG, EG_QR_FW, NULL, true } }, false },
	{ "lp-rib", EG_SEV_MAJOR,
	  "On the firewall, Azure routes via the CEs carry the ExpressRoute local-preference and VPN routes the VPN one",
	  "Look for import policies on the firewall or export policies on the CEs that rewrite local-preference.",
	  eg_check_rib_lp,
	  { { EG_Q_ROUTES, EG_QR_FW, NULL, false }, { EG_Q_CONFIG, EG_QR_FW, NULL, true },
	    { EG_Q_ROUTES6, EG_QR_FW, NULL, false } }, true },
	{ "active-path", EG_SEV_CRITICAL,
	  "The firewall's active route for every Azure prefix is via a CE, AS path starting with the Microsoft ASN",
	  "Find what beats the ExpressRoute paths (local-preference, a static route, a missing CE path) "
	  "and restore the ExpressRoute preference.",
	  eg_check_rib_active,
	  { { EG_Q_ROUTES, EG_QR_FW, NULL, false }, { EG_Q_ROUTES6, EG_QR_FW, NULL, false } }, true },
	{ "backup-ready", EG_SEV_CRITICAL,
	  "For every Azure prefix the firewall also holds a path from every VPN gateway peer",
	  "Bring up the VPN BGP sessions and make sure the firewall's import policy accepts the Azure prefixes.",
	  eg_check_rib_backup,
	  { { EG_Q_ROUTES, EG_QR_FW, NULL, false }, { EG_Q_ROUTES6, EG_QR_FW, NULL, false } }, true },
	{ "bgp-sessions", EG_SEV_CRITICAL,
	  "Every BGP peer of the intent is configured and Established",
	  "Check the peer's configuration, the link or tunnel under it and the peer's own state.",
	  eg_check_state_sessions,
	  { { EG_Q_BGP_SUMMARY, EG_QR_CE, NULL, false }, { EG_Q_BGP_SUMMARY, EG_QR_FW, NULL, false } },
	  true },
	{ "bfd-config", EG_SEV_MAJOR,
	  "The ExpressRoute eBGP sessions run BFD with the intent's minimum-interval and multiplier",
	  "Configure bfd-liveness-detection minimum-interval and multiplier on the CE's eBGP group toward the MSEE.",
	  eg_check_cfg_bfd,
	  { { EG_Q_CONFIG, EG_QR_CE, NULL, false } }, false },
	{ "bfd-state", EG_SEV_MAJOR,
	  "The BFD session to each MSEE is Up with the intended transmit interval and multiplier",
	  "A session that is down or slower than intended makes failover wait for the BGP hold timer; "
	  "check both ends (reset the Azure peering if Microsoft's side predates BFD).",
	  eg_check_state_bfd,
	  { { EG_Q_BFD, EG_QR_CE, NULL, false } }, false },
	{ "azure-learned", EG_SEV_MAJOR,
	  "The Azure gateway learned every on-prem prefix from the firewall's VPN address (AS path the on-prem ASN) and over ExpressRoute",
	  "Compare the firewall's VPN advertisements and the CEs' ExpressRoute advertisements with what Azure shows.",
	  eg_check_azure_learned,
	  { { 0 } }, true },		/* the Azure export against the intent: no device query */
	{ "azure-advertised", EG_SEV_MAJOR,
	  "The Azure gateway advertises exactly the Azure prefixes, and the firewall receives what it advertises",
	  "Check the gateway's address space and peerings, and the firewall's VPN sessions and import policy.",
	  eg_check_azure_advertised,
	  { { EG_Q_RECEIVED, EG_QR_FW_PEER, NULL, false },
	    { EG_Q_RECEIVED6, EG_QR_FW_PEER, NULL, false } }, true },
	{ "prefix-budget", EG_SEV_MAJOR,
	  "Prefixes advertised per ExpressRoute link and per VPN peer stay within Azure's limits (a note above the warning share)",
	  "Aggregate on-prem prefixes; above the limit Azure drops the BGP session.",
	  eg_check_state_budget,
	  { { EG_Q_ADVERTISED, EG_QR_CE_MSEE, NULL, false }, { EG_Q_ADVERTISED, EG_QR_FW_PEER, NULL, false },
	    { EG_Q_ADVERTISED6, EG_QR_CE_MSEE, NULL, false }, { EG_Q_ADVERTISED6, EG_QR_FW_PEER, NULL, false } },
	  true },
};

#define CHECKS_N (sizeof(checks_catalogue) / sizeof(checks_catalogue[0]))

const struct eg_check_def *
eg_checks(size_t *n)
{
	*n = CHECKS_N;
	return checks_catalogue;
}

const struct eg_check_def *
eg_check_find(const char *id)
{
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < CHECKS_N; i++)
		if (strcmp(checks_catalogue[i].id, id) == 0)
			return &checks_catalogue[i];
	return NULL;
}

bool
eg_check_selected(const char *id, const char *const *checks, size_t nchecks)
{
	size_t i;

	if (checks == NULL || nchecks == 0)
		return true;
	for (i = 0; i < nchecks; i++)
		if (checks[i] != NULL && strcmp(checks[i], id) == 0)
			return true;
	return false;
}

const char *
eg_check_scope(const struct eg_check_def *def)
{
	bool ce = false, fw = false;
	size_t k;

	for (k = 0; k < EG_QNEEDS_MAX && def->needs[k].role != EG_QR_NONE; k++) {
		if (def->needs[k].for_remedy)
			continue;
		ce |= def->needs[k].role == EG_QR_CE || def->needs[k].role == EG_QR_CE_MSEE;
		fw |= def->needs[k].role == EG_QR_FW || def->needs[k].role == EG_QR_FW_PEER;
	}
	if (ce && fw)
		return "CE, firewall";
	return ce ? "CE" : fw ? "firewall" : "Azure export";
}

static uint64_t
checks_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/*
 * Run one check for one service (or one family of it), timing it: one run
 * judges all its scopes at once, so each result gets its share.
 */
static eg_err
checks_run_one(const struct eg_check_def *def, const struct eg_intent *in,
	       const struct eg_service *svc, const struct eg_state *st,
	       const struct eg_check_ctx *ctx, struct eg_report *r)
{
	size_t before = r->nresults, j;
	uint64_t t0, spent;

	if (!eg_check_selected(def->id, ctx->checks, ctx->nchecks))
		return EG_OK;
	t0 = checks_now_us();
	def->run(in, svc, st, ctx, r);
	spent = checks_now_us() - t0;
	/* A check that says nothing would read as if it had passed. */
	if (r->nresults == before) {
		eg_log(EG_LOG_ERROR, NULL, "check %s added no result for service %s%s%s",
		       def->id, svc->name, svc->family == 6 ? " " : "",
		       svc->family == 6 ? eg_family_name(6) : "");
		return EG_EINTERNAL;
	}
	for (j = before; j < r->nresults; j++)
		r->results[j].duration_us = spent / (r->nresults - before);
	return EG_OK;
}

eg_err
eg_checks_run(const struct eg_intent *in, const struct eg_state *st,
	      const struct eg_check_ctx *ctx, struct eg_report *r)
{
	struct eg_check_ctx none;
	size_t s, c;
	eg_err err = EG_OK;

	if (in == NULL || r == NULL)
		return EG_EINVAL;
	if (ctx == NULL) {
		memset(&none, 0, sizeof(none));
		ctx = &none;
	}
	for (s = 0; s < in->nservices && err == EG_OK; s++) {
		const struct eg_service *svc = &in->services[s];
		struct eg_service v4, v6;

		if (!svc->dual_stack) {
			for (c = 0; c < CHECKS_N && err == EG_OK; c++)
				err = checks_run_one(&checks_catalogue[c], in, svc, st, ctx, r);
			continue;
		}
		/* each family on its own: IPv4 results first, then IPv6, per check */
		eg_service_family_view(svc, 4, &v4);
		eg_service_family_view(svc, 6, &v6);
		for (c = 0; c < CHECKS_N && err == EG_OK; c++) {
			const struct eg_check_def *def = &checks_catalogue[c];

			if (!def->per_family) {
				err = checks_run_one(def, in, svc, st, ctx, r);
				continue;
			}
			err = checks_run_one(def, in, &v4, st, ctx, r);
			if (err == EG_OK)
				err = checks_run_one(def, in, &v6, st, ctx, r);
		}
		eg_service_family_view_free(&v4);
		eg_service_family_view_free(&v6);
	}
	return err;
}

/* ------------------------------------------------------------ results */

bool
eg_checks_selected(const struct eg_check_ctx *ctx, const char *device)
{
	size_t i;

	if (ctx == NULL || ctx->devices == NULL || ctx->ndevices == 0)
		return true;
	if (device == NULL)
		return false;
	for (i = 0; i < ctx->ndevices; i++)
		if (ctx->devices[i] != NULL && strcmp(ctx->devices[i], device) == 0)
			return true;
	return false;
}

const char *
eg_checks_excluded(const struct eg_check_ctx *ctx, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && !eg_checks_selected(ctx, names[i]))
			return names[i];
	return NULL;
}

struct eg_result *
eg_checks_begin(struct eg_report *r, const char *id, const struct eg_service *svc,
		const char *scope)
{
	const struct eg_check_def *def = eg_check_find(id);
	struct eg_result *res;
	char *fscope = NULL;

	/* an IPv6 result has a scope of its own beside the IPv4 one */
	if (svc->family == 6)
		scope = fscope = eg_xasprintf("%s %s", scope, eg_family_name(6));
	if (def == NULL) {
		/* A check naming no catalogue row is a bug: never let it pass. */
		res = eg_report_begin(r, id, EG_SEV_CRITICAL, NULL, NULL, svc->name, scope);
		eg_result_unknown(res, EG_EINTERNAL, "check %s is not in the catalogue", id);
	} else {
		res = eg_report_begin(r, id, def->severity, def->title, def->remedy, svc->name,
				      scope);
	}
	res->family = svc->family;
	free(fscope);
	return res;
}

bool
eg_checks_begin_devices(struct eg_report *r, const char *id, const struct eg_service *svc,
			const struct eg_check_ctx *ctx, const char *const *names, size_t n,
			struct eg_result **res)
{
	char scope[EG_CHECKS_SCOPELEN];
	const char *ex;

	*res = eg_checks_begin(r, id, svc, eg_checks_join(scope, sizeof(scope), names, n));
	ex = eg_checks_excluded(ctx, names, n);
	if (ex != NULL) {
		eg_result_skip(*res, "needs %s, which the device filter excludes", ex);
		return false;
	}
	return true;
}

void
eg_checks_all_filtered(struct eg_report *r, const char *id, const struct eg_service *svc,
		       const char *const *names, size_t n)
{
	char scope[EG_CHECKS_SCOPELEN];
	struct eg_result *res;

	res = eg_checks_begin(r, id, svc, eg_checks_join(scope, sizeof(scope), names, n));
	eg_result_skip(res, "the device filter excludes %s", scope);
}

void
eg_checks_skip(struct eg_report *r, const char *id, const struct eg_service *svc,
	       const char *const *names, size_t n, const char *fmt, ...)
{
	char scope[EG_CHECKS_SCOPELEN], *why;
	struct eg_result *res;
	va_list ap;

	eg_checks_join(scope, sizeof(scope), names, n);
	res = eg_checks_begin(r, id, svc, scope[0] ? scope : svc->name);
	va_start(ap, fmt);
	why = eg_xvasprintf(fmt, ap);
	va_end(ap);
	eg_result_skip(res, "%s", why);
	free(why);
}

/* ------------------------------------------------------------ observations */

enum eg_qkind
eg_checks_kind(const struct eg_service *svc, enum eg_qkind k)
{
	return eg_qkind_family(k, svc->family);
}

/* Transport trouble outranks a device's error, which outranks the rest. */
static int
checks_cause_rank(eg_err e)
{
	switch (eg_exit_for(e)) {
	case EG_EXIT_TRANSPORT:
		return 3;
	case EG_EXIT_RPC:
		return 2;
	default:
		return e == EG_OK ? 0 : 1;
	}
}

static void
checks_need_add(struct eg_checks_need *nd, eg_err cause, const char *why)
{
	char *s;

	if (nd->why != NULL && strstr(nd->why, why) != NULL)
		return;
	if (checks_cause_rank(cause) > checks_cause_rank(nd->cause))
		nd->cause = cause;
	s = eg_xasprintf("%s%s%s", nd->why ? nd->why : "", nd->why ? "; " : "", why);
	free(nd->why);
	nd->why = s;
}

const struct eg_obs *
eg_checks_need(struct eg_checks_need *nd, const struct eg_state *st, const char *device,
	       enum eg_qkind kind, const char *instance, const struct eg_addr *peer)
{
	const struct eg_obs *o = eg_state_find(st, device, kind, instance, peer);
	char buf[512], pbuf[EG_ADDR_STRLEN];

	if (o != NULL && o->status == EG_OK && eg_obs_has_data(o))
		return o;
	if (o != NULL && o->status == EG_OK) {
		snprintf(buf, sizeof(buf), "%s: the %s observation holds no data", device,
			 eg_qkind_name(kind));
		checks_need_add(nd, EG_EINTERNAL, buf);
	} else if (o == NULL) {
		snprintf(buf, sizeof(buf), "%s: no %s observation%s%s was planned", device,
			 eg_qkind_name(kind), peer && peer->family ? " for peer " : "",
			 peer && peer->family ? eg_addr_fmt(peer, pbuf) : "");
		checks_need_add(nd, EG_ENOTFOUND, buf);
	} else if (o->why != NULL) {
		checks_need_add(nd, o->status, o->why);
	} else {
		char *cmd = eg_query_command(&o->q);
		snprintf(buf, sizeof(buf), "%s: no usable reply to \"%s\" (%s)", device,
			 cmd ? cmd : eg_qkind_name(kind), eg_strerror(o->status));
		free(cmd);
		checks_need_add(nd, o->status, buf);
	}
	return NULL;
}

bool
eg_checks_need_done(struct eg_checks_need *nd, struct eg_result *res)
{
	bool ok = nd->why == NULL;

	if (!ok)
		eg_result_unknown(res, nd->cause, "%s", nd->why);
	free(nd->why);
	memset(nd, 0, sizeof(*nd));
	return ok;
}

/* ------------------------------------------------------------ route sets */

struct eg_rib *
eg_checks_rib(const struct eg_obs *o)
{
	struct eg_rib *rib;

	if (o == NULL || o->status != EG_OK)
		return NULL;
	if (o->data != EG_QD_RIB)
		return NULL;
	rib = o->u.rib;
	eg_rib_sort(rib);
	return rib;
}
