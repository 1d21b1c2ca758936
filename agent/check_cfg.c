/*
 * check_cfg.c - the checks on each CE's configuration of the routing
 * instance: lp-config and bfd-config.
 *
 * Values are read as Junos applies them: the options in effect for a
 * neighbor are the neighbor's over its group's over the instance's bgp
 * level (eg_bgp_effective).  Deactivated statements never reach the
 * model, so a deactivated group, neighbor or statement counts as absent.
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "checks_int.h"

/* Junos runs BFD with multiplier 3 unless told otherwise. */
#define CFG_BFD_DEFAULT_MULTIPLIER 3

/*
 * Find the instance of svc in a CE's configuration.  Adds a finding and
 * returns NULL when it is missing or has no active BGP.
 */
static const struct eg_instance_cfg *
cfg_instance(struct eg_result *res, const struct eg_service *svc, const char *ce,
	     const struct eg_config *cfg)
{
	const struct eg_instance_cfg *ic = eg_config_instance(cfg, svc->instance);

	if (ic == NULL) {
		eg_result_add(res, EG_ST_FAIL, ce, NULL, NULL, "routing instance configured",
			      "absent or deactivated", "%s has no active routing instance %s.", ce,
			      svc->instance);
		return NULL;
	}
	if (!ic->has_bgp) {
		eg_result_add(res, EG_ST_FAIL, ce, NULL, NULL, "protocols bgp configured",
			      "absent or deactivated",
			      "Routing instance %s on %s has no active protocols bgp.", svc->instance, ce);
		return NULL;
	}
	return ic;
}

/*
 * Begin the per-CE result of id and fetch the CE's configuration; NULL
 * when the check cannot go on for the CE (the result says why).
 */
static const struct eg_config *
cfg_begin(struct eg_report *r, const char *id, const struct eg_service *svc,
	  const struct eg_state *st, const struct eg_er_link *l, struct eg_result **res)
{
	struct eg_checks_need nd = { 0 };
	const struct eg_obs *o;

	*res = eg_checks_begin(r, id, svc, l->ce);
	o = eg_checks_need(&nd, st, l->ce, EG_Q_CONFIG, svc->instance, NULL);
	if (!eg_checks_need_done(&nd, *res))
		return NULL;
	return o->u.cfg;
}

/* ------------------------------------------------------------ lp-config */

static void
cfg_lp_one(struct eg_result *res, const struct eg_service *svc, const struct eg_er_link *l,
	   const struct eg_config *cfg)
{
	const struct eg_instance_cfg *ic;
	const struct eg_bgp_group_cfg *want, *g;
	const struct eg_bgp_neighbor_cfg *nb = NULL;
	struct eg_bgp_opts eff;
	char fw[EG_ADDR_STRLEN], exp[128], obs[128];
	const char *grp = l->ibgp_group ? l->ibgp_group : "ibgp";

	eg_addr_fmt(&l->firewall_address, fw);
	if ((ic = cfg_instance(res, svc, l->ce, cfg)) == NULL)
		return;
	want = eg_instance_group(ic, grp);
	if (want == NULL) {
		snprintf(exp, sizeof(exp), "group %s", grp);
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, fw, exp, "absent or deactivated",
			      "%s has no active BGP group %s in %s.", l->ce, grp, svc->instance);
	} else if (want->type != NULL && strcmp(want->type, "internal") != 0) {
		snprintf(exp, sizeof(exp), "group %s type internal", grp);
		snprintf(obs, sizeof(obs), "type %s", want->type);
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, fw, exp, obs,
			      "BGP group %s on %s is of type %s: local-preference does not reach the "
			      "firewall over an external session.", grp, l->ce, want->type);
	}
	g = eg_instance_group_of(ic, &l->firewall_address, &nb);
	if (g == NULL) {
		snprintf(exp, sizeof(exp), "neighbor %s in group %s", fw, grp);
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, fw, exp, "absent or deactivated",
			      "%s has no active BGP neighbor %s (the firewall) in %s.", l->ce, fw,
			      svc->instance);
		if (want == NULL)
			return;
		g = want;	/* judge what the group would give it */
	} else if (want != NULL && g != want) {
		snprintf(exp, sizeof(exp), "neighbor %s in group %s", fw, grp);
		snprintf(obs, sizeof(obs), "neighbor %s in group %s", fw, g->name);
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, fw, exp, obs,
			      "%s configures the firewall %s in group %s, not in %s as the intent says.",
			      l->ce, fw, g->name, grp);
	}
	eg_bgp_effective(ic, g, nb, &eff);
	snprintf(exp, sizeof(exp), "local-preference %u", l->local_pref);
	if (!eff.has_local_pref) {
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, fw, exp,
			      "local-preference absent or deactivated (default 100)",
			      "%s sets no active local-preference toward the firewall %s (group %s): "
			      "routes reach it with the default 100.", l->ce, fw, g->name);
	} else if (eff.local_pref != l->local_pref) {
		snprintf(obs, sizeof(obs), "local-preference %u", eff.local_pref);
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, fw, exp, obs,
			      "%s sets local-preference %u toward the firewall %s (group %s) instead of %u.",
			      l->ce, eff.local_pref, fw, g->name, l->local_pref);
	}
}

/*
 * Run judge for every selected CE of the service: one result per CE,
 * unknown when its configuration could not be read; when the device
 * filter leaves out every CE, one skipped result.
 */
static void
cfg_each_ce(struct eg_report *r, const char *id, const struct eg_service *svc,
	    const struct eg_state *st, const struct eg_check_ctx *ctx, const char **ces, size_t n,
	    void (*judge)(struct eg_result *, const struct eg_service *,
			  const struct eg_er_link *, const struct eg_config *))
{
	size_t i, ran = 0;

	for (i = 0; i < n; i++) {
		const struct eg_config *cfg;
		struct eg_result *res;

		if (!eg_checks_selected(ctx, svc->er[i].ce))
			continue;
		ran++;
		cfg = cfg_begin(r, id, svc, st, &svc->er[i], &res);
		if (cfg == NULL)
			continue;
		res->nitems = 1;
		judge(res, svc, &svc->er[i], cfg);
	}
	if (ran == 0)
		eg_checks_all_filtered(r, id, svc, ces, n);
}

void
eg_check_cfg_lp(EG_CHECK_RUN_ARGS)
{
	const char *ces[EG_CHECKS_MAXDEV] = { NULL };
	size_t n;

	n = eg_checks_ces(svc, ces, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, "lp-config", svc, NULL, 0, "the service has no ExpressRoute link");
		return;
	}
	cfg_each_ce(r, "lp-config", svc, st, ctx, ces, n, cfg_lp_one);
}

/* ------------------------------------------------------------ bfd-config */

static void
cfg_bfd_one(struct eg_result *res, const struct eg_service *svc, const struct eg_er_link *l,
	    const struct eg_config *cfg)
{
	const struct eg_instance_cfg *ic;
	const struct eg_bgp_group_cfg *g;
	const struct eg_bgp_neighbor_cfg *nb = NULL;
	struct eg_bgp_opts eff;
	char msee[EG_ADDR_STRLEN], exp[128], obs[128];
	const char *grp = l->ebgp_group ? l->ebgp_group : "ebgp";
	uint32_t mult;

	eg_addr_fmt(&l->msee_peer, msee);
	snprintf(exp, sizeof(exp), "bfd-liveness-detection minimum-interval %u multiplier %u",
		 svc->bfd.min_interval_ms, svc->bfd.multiplier);
	if ((ic = cfg_instance(res, svc, l->ce, cfg)) == NULL)
		return;
	g = eg_instance_group_of(ic, &l->msee_peer, &nb);
	if (g == NULL) {
		g = eg_instance_group(ic, grp);
		if (g == NULL) {
			eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp,
				      "no active BGP neighbor or group for the MSEE",
				      "%s configures neither neighbor %s nor group %s in %s: no BGP, "
				      "no BFD toward the MSEE.", l->ce, msee, grp, svc->instance);
			return;
		}
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp, "neighbor absent or deactivated",
			      "%s has no active BGP neighbor %s (the MSEE) in group %s.", l->ce, msee,
			      grp);
	}
	eg_bgp_effective(ic, g, nb, &eff);
	if (!eff.has_bfd) {
		eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp,
			      "no bfd-liveness-detection (absent or deactivated)",
			      "%s runs no BFD toward MSEE %s (group %s): failover waits for the BGP hold timer.",
			      l->ce, msee, g->name);
		return;
	}
	mult = eff.bfd_multiplier ? eff.bfd_multiplier : CFG_BFD_DEFAULT_MULTIPLIER;
	if (eff.bfd_min_interval == svc->bfd.min_interval_ms && mult == svc->bfd.multiplier)
		return;
	if (eff.bfd_min_interval == 0)
		snprintf(obs, sizeof(obs), "bfd-liveness-detection without minimum-interval, multiplier %u%s",
			 mult, eff.bfd_multiplier ? "" : " (default)");
	else
		snprintf(obs, sizeof(obs), "bfd-liveness-detection minimum-interval %u multiplier %u%s",
			 eff.bfd_min_interval, mult, eff.bfd_multiplier ? "" : " (default)");
	eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp, obs,
		      "%s runs BFD toward MSEE %s with minimum-interval %u ms and multiplier %u "
		      "instead of %u ms and %u.", l->ce, msee, eff.bfd_min_interval, mult,
		      svc->bfd.min_interval_ms, svc->bfd.multiplier);
}

void
eg_check_cfg_bfd(EG_CHECK_RUN_ARGS)
{
	const char *ces[EG_CHECKS_MAXDEV] = { NULL };
	size_t n;

	n = eg_checks_ces(svc, ces, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, "bfd-config", svc, NULL, 0, "the service has no ExpressRoute link");
		return;
	}
	if (!svc->bfd.enabled) {
		eg_checks_skip(r, "bfd-config", svc, ces, n, "the intent asks for no BFD");
		return;
	}
	cfg_each_ce(r, "bfd-config", svc, st, ctx, ces, n, cfg_bfd_one);
}
