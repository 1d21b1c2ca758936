/*
 * check_cfg.c - the checks on each CE's configuration of the routing
 * instance: lp-config and bfd-config.
 *
 * Values are read as Junos applies them: the options in effect for a
 * neighbor are the neighbor's over its group's over the instance's bgp
 * level (eg_bgp_effective), configuration groups already applied in the
 * reply (a reply that still names apply-groups is unknown, never
 * guessed).  lp-config judges the local-preference the firewall receives
 * for each Azure prefix: the firewall's import policy toward the CE over
 * the CE's export policy toward the firewall over the CE's statement
 * (eg_policy_chain_lp).  Deactivated statements never reach the model, so
 * a deactivated group, neighbor or statement counts as absent.
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
	if (o->u.cfg->unresolved_groups != NULL) {
		/* the values the groups bring are not in the reply: nothing can be judged */
		eg_result_unknown(*res, EG_ENOTFOUND,
				  "%s: configuration saved without inheritance (apply-groups %s): save it "
				  "with \"| display inheritance\" so that groups are resolved.",
				  l->ce, o->u.cfg->unresolved_groups);
		return NULL;
	}
	return o->u.cfg;
}

/* ------------------------------------------------------------ lp-config */

/* " (from configuration group G)" when the value was inherited, else "". */
static const char *
cfg_from_group(const char *group, char *buf, size_t size)
{
	if (group == NULL)
		return "";
	snprintf(buf, size, " (from configuration group %s)", group);
	return buf;
}

/* Where a policy chain's verdict came from: "export policy P term T". */
static const char *
cfg_lp_where(const char *kind, const struct eg_lp_result *e, char *buf, size_t size)
{
	char g[128];

	if (e->term != NULL)
		snprintf(buf, size, "%s policy %s term %s%s", kind, e->policy, e->term,
			 cfg_from_group(e->group, g, sizeof(g)));
	else
		snprintf(buf, size, "%s policy %s%s", kind, e->policy,
			 cfg_from_group(e->group, g, sizeof(g)));
	return buf;
}

/* Mark res unknown because a policy chain could not be evaluated. */
static void
cfg_lp_chain_unknown(struct eg_result *res, const char *dev, const char *kind,
		     const struct eg_lp_result *e, const char *pfx)
{
	if (e->term == NULL)
		eg_result_unknown(res, EG_ENOTFOUND,
				  "%s: %s policy %s is not in the configuration read: the local-preference "
				  "it gives %s cannot be known.", dev, kind, e->policy, pfx);
	else
		eg_result_unknown(res, EG_ENOTFOUND,
				  "%s: %s policy %s term %s matches on %s, which erguard does not "
				  "evaluate: the local-preference it gives %s cannot be known.", dev, kind,
				  e->policy, e->term, e->why ? e->why : "a condition", pfx);
}

/*
 * The firewall's import policies toward the CE (its address ce_addr):
 * fwcfg may be NULL when the firewall's configuration is not read.
 * Returns false (res made unknown) when they cannot be evaluated.
 */
static bool
cfg_lp_fw_import(struct eg_result *res, const struct eg_service *svc, const struct eg_config *fwcfg,
		 const struct eg_er_link *l, const struct eg_prefix *pfx, const char *pstr,
		 struct eg_lp_result *out)
{
	const struct eg_instance_cfg *ic;
	const struct eg_bgp_group_cfg *g;
	const struct eg_bgp_neighbor_cfg *nb = NULL;
	struct eg_bgp_opts eff;

	memset(out, 0, sizeof(*out));
	out->what = EG_LP_UNSET;
	if (fwcfg == NULL)
		return true;	/* outside --device, said once by the caller */
	if (fwcfg->unresolved_groups != NULL) {
		eg_result_unknown(res, EG_ENOTFOUND,
				  "%s: configuration saved without inheritance (apply-groups %s): save it "
				  "with \"| display inheritance\" so that groups are resolved.",
				  svc->vpn.firewall, fwcfg->unresolved_groups);
		return false;
	}
	ic = eg_config_instance(fwcfg, svc->instance);
	g = eg_instance_group_of(ic, &l->ce_address, &nb);
	if (g == NULL)
		return true;	/* no session to the CE: bgp-sessions says so */
	eg_bgp_effective(ic, g, nb, &eff);
	eg_policy_chain_lp(fwcfg, eff.import_policies, eff.nimport, pfx, out);
	if (out->what == EG_LP_UNKNOWN) {
		cfg_lp_chain_unknown(res, svc->vpn.firewall, "import", out, pstr);
		return false;
	}
	return true;
}

/*
 * The local-preference the firewall gives what the CE sends for one Azure
 * prefix: the firewall's import policy toward the CE, else the CE's export
 * policy toward the firewall, else the CE's local-preference statement,
 * else the default.  Adds a finding (PASS rows say where the value comes
 * from); false when it cannot be known (res made unknown).
 */
static bool
cfg_lp_prefix(struct eg_result *res, const struct eg_service *svc, const struct eg_er_link *l,
	      const struct eg_config *cfg, const struct eg_config *fwcfg,
	      const struct eg_bgp_opts *eff, const char *stmt_where, const struct eg_prefix *pfx)
{
	struct eg_lp_result ce, fw;
	char fwa[EG_ADDR_STRLEN], p[EG_PREFIX_STRLEN], exp[64], obs[128], where[320], g[128];
	uint32_t lp;

	eg_addr_fmt(&l->firewall_address, fwa);
	eg_prefix_fmt(pfx, p);
	snprintf(exp, sizeof(exp), "local-preference %u", l->local_pref);
	eg_policy_chain_lp(cfg, eff->export_policies, eff->nexport, pfx, &ce);
	if (ce.what == EG_LP_UNKNOWN) {
		cfg_lp_chain_unknown(res, l->ce, "export", &ce, p);
		return false;
	}
	if (ce.what == EG_LP_REJECTED) {
		cfg_lp_where("export", &ce, where, sizeof(where));
		eg_result_add(res, EG_ST_FAIL, l->ce, p, fwa, exp, "rejected",
			      "%s does not pass %s on to the firewall %s: its %s rejects it.", l->ce, p,
			      fwa, where);
		return true;
	}
	if (!cfg_lp_fw_import(res, svc, fwcfg, l, pfx, p, &fw))
		return false;
	if (fw.what == EG_LP_REJECTED) {
		cfg_lp_where("import", &fw, where, sizeof(where));
		eg_result_add(res, EG_ST_FAIL, svc->vpn.firewall, p, fwa, exp, "rejected",
			      "The firewall %s rejects %s from %s: its %s.", svc->vpn.firewall, p, l->ce,
			      where);
		return true;
	}
	if (fw.what == EG_LP_SET) {
		lp = fw.lp;
		snprintf(where, sizeof(where), "set by the firewall %s's ", svc->vpn.firewall);
		cfg_lp_where("import", &fw, where + strlen(where), sizeof(where) - strlen(where));
	} else if (ce.what == EG_LP_SET) {
		lp = ce.lp;
		snprintf(where, sizeof(where), "set by %s's ", l->ce);
		cfg_lp_where("export", &ce, where + strlen(where), sizeof(where) - strlen(where));
	} else if (eff->has_local_pref) {
		lp = eff->local_pref;
		snprintf(where, sizeof(where), "set by %s's local-preference statement at %s%s", l->ce,
			 stmt_where, cfg_from_group(eff->local_pref_group, g, sizeof(g)));
	} else {
		eg_result_add(res, EG_ST_FAIL, l->ce, p, fwa, exp,
			      "local-preference absent or deactivated (default 100)",
			      "Nothing sets local-preference on %s from %s toward the firewall %s (no "
			      "active statement, no export or import policy that sets it): it arrives "
			      "with the default 100.", p, l->ce, fwa);
		return true;
	}
	snprintf(obs, sizeof(obs), "local-preference %u", lp);
	eg_result_add(res, lp == l->local_pref ? EG_ST_PASS : EG_ST_FAIL, l->ce, p, fwa, exp, obs,
		      "%s reaches the firewall %s from %s with local-preference %u, %s%s.", p, fwa,
		      l->ce, lp, where, lp == l->local_pref ? "" : " instead of the intent's value");
	return true;
}

/* The CE's statement's level, for messages: "neighbor 192.168.11.1", "group ibgp". */
static const char *
cfg_lp_stmt_where(const struct eg_instance_cfg *ic, const struct eg_bgp_group_cfg *g,
		  const struct eg_bgp_neighbor_cfg *nb, char *buf, size_t size)
{
	if (nb != NULL && nb->opts.has_local_pref)
		snprintf(buf, size, "neighbor %s", nb->name ? nb->name : "?");
	else if (g->opts.has_local_pref)
		snprintf(buf, size, "group %s", g->name ? g->name : "?");
	else if (ic->bgp_opts.has_local_pref)
		snprintf(buf, size, "protocols bgp of %s", ic->name ? ic->name : "?");
	else
		snprintf(buf, size, "no level");
	return buf;
}

static void
cfg_lp_one(struct eg_result *res, const struct eg_service *svc, const struct eg_er_link *l,
	   const struct eg_config *cfg, const struct eg_config *fwcfg)
{
	const struct eg_instance_cfg *ic;
	const struct eg_bgp_group_cfg *want, *g;
	const struct eg_bgp_neighbor_cfg *nb = NULL;
	struct eg_bgp_opts eff;
	char fw[EG_ADDR_STRLEN], exp[128], obs[128], sw[128];
	const char *grp = l->ibgp_group ? l->ibgp_group : "ibgp";
	size_t i;

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
	cfg_lp_stmt_where(ic, g, nb, sw, sizeof(sw));
	res->nitems = (uint32_t)svc->nazure;
	for (i = 0; i < svc->nazure; i++)
		if (!cfg_lp_prefix(res, svc, l, cfg, fwcfg, &eff, sw, &svc->azure[i]))
			return;
	if (svc->nazure == 0)
		eg_result_unknown(res, EG_EINTENT, "the intent names no Azure prefix whose "
				  "local-preference could be judged");
}

/*
 * The firewall's configuration, for the import policies toward the CEs:
 * *out NULL when the firewall is outside --device (said in res).  false
 * (res made unknown) when it could not be read.
 */
static bool
cfg_fw_config(struct eg_result *res, const struct eg_service *svc, const struct eg_state *st,
	      const struct eg_check_ctx *ctx, const struct eg_config **out)
{
	struct eg_checks_need nd = { 0 };
	const struct eg_obs *o;

	*out = NULL;
	if (svc->vpn.firewall == NULL)
		return true;
	if (!eg_checks_selected(ctx, svc->vpn.firewall)) {
		eg_result_add(res, EG_ST_PASS, svc->vpn.firewall, NULL, NULL, NULL, NULL,
			      "%s is outside --device: its import policies toward the CEs are not "
			      "judged.", svc->vpn.firewall);
		return true;
	}
	o = eg_checks_need(&nd, st, svc->vpn.firewall, EG_Q_CONFIG, svc->instance, NULL);
	if (!eg_checks_need_done(&nd, res))
		return false;
	*out = o->u.cfg;
	return true;
}

/*
 * Run judge for every selected CE of the service: one result per CE,
 * unknown when its configuration (or with with_fw, the firewall's) could
 * not be read; when the device filter leaves out every CE, one skipped
 * result.
 */
static void
cfg_each_ce(struct eg_report *r, const char *id, const struct eg_service *svc,
	    const struct eg_state *st, const struct eg_check_ctx *ctx, const char **ces, size_t n,
	    bool with_fw,
	    void (*judge)(struct eg_result *, const struct eg_service *,
			  const struct eg_er_link *, const struct eg_config *,
			  const struct eg_config *))
{
	size_t i, ran = 0;

	for (i = 0; i < n; i++) {
		const struct eg_config *cfg, *fwcfg = NULL;
		struct eg_result *res;

		if (!eg_checks_selected(ctx, svc->er[i].ce))
			continue;
		ran++;
		cfg = cfg_begin(r, id, svc, st, &svc->er[i], &res);
		if (cfg == NULL)
			continue;
		res->nitems = 1;
		if (with_fw && !cfg_fw_config(res, svc, st, ctx, &fwcfg))
			continue;
		judge(res, svc, &svc->er[i], cfg, fwcfg);
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
	cfg_each_ce(r, "lp-config", svc, st, ctx, ces, n, true, cfg_lp_one);
}

/* ------------------------------------------------------------ bfd-config */

static void
cfg_bfd_one(struct eg_result *res, const struct eg_service *svc, const struct eg_er_link *l,
	    const struct eg_config *cfg, const struct eg_config *fwcfg)
{
	const struct eg_instance_cfg *ic;
	const struct eg_bgp_group_cfg *g;
	const struct eg_bgp_neighbor_cfg *nb = NULL;
	struct eg_bgp_opts eff;
	char msee[EG_ADDR_STRLEN], exp[128], obs[128];
	const char *grp = l->ebgp_group ? l->ebgp_group : "ebgp";
	uint32_t mult;
	char gb[128];

	(void)fwcfg;
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
	if (eff.bfd_min_interval == svc->bfd.min_interval_ms && mult == svc->bfd.multiplier) {
		if (eff.bfd_group != NULL)
			eg_result_add(res, EG_ST_PASS, l->ce, NULL, msee, exp, exp,
				      "%s runs BFD toward MSEE %s as intended%s.", l->ce, msee,
				      cfg_from_group(eff.bfd_group, gb, sizeof(gb)));
		return;
	}
	if (eff.bfd_min_interval == 0)
		snprintf(obs, sizeof(obs), "bfd-liveness-detection without minimum-interval, multiplier %u%s",
			 mult, eff.bfd_multiplier ? "" : " (default)");
	else
		snprintf(obs, sizeof(obs), "bfd-liveness-detection minimum-interval %u multiplier %u%s",
			 eff.bfd_min_interval, mult, eff.bfd_multiplier ? "" : " (default)");
	eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp, obs,
		      "%s runs BFD toward MSEE %s with minimum-interval %u ms and multiplier %u "
		      "instead of %u ms and %u%s.", l->ce, msee, eff.bfd_min_interval, mult,
		      svc->bfd.min_interval_ms, svc->bfd.multiplier,
		      cfg_from_group(eff.bfd_group, gb, sizeof(gb)));
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
	cfg_each_ce(r, "bfd-config", svc, st, ctx, ces, n, false, cfg_bfd_one);
}
