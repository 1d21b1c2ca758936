/*
 * test_checks_cfg.c - the configuration checks (check_cfg.c): lp-config
 * and bfd-config, with Junos inheritance (neighbor over group over bgp),
 * deactivated statements counting as absent, and BFD's default
 * multiplier.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check_fixture.h"

static const char *const only_ce1[] = { FX_CE1, NULL };

static struct eg_instance_cfg *
instance(struct fx *f, const char *dev)
{
	return &fx_obs(f, dev, EG_Q_CONFIG, NULL)->u.cfg->instances[0];
}

/* ------------------------------------------------------------ mutations */

/* What the parser leaves when local-preference is deleted or deactivated. */
static void
m_ce2_no_lp(struct fx *f)
{
	fx_group(f, FX_CE2, "ibgp")->opts.has_local_pref = false;
}

static void
m_ce2_lp120(struct fx *f)
{
	fx_group(f, FX_CE2, "ibgp")->opts.local_pref = 120;
}

static void
m_ce1_lp_on_neighbor(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	g->opts.has_local_pref = false;
	g->neighbors[0].opts.has_local_pref = true;
	g->neighbors[0].opts.local_pref = 150;
}

static void
m_ce1_lp_on_bgp(struct fx *f)
{
	fx_group(f, FX_CE1, "ibgp")->opts.has_local_pref = false;
	instance(f, FX_CE1)->bgp_opts.has_local_pref = true;
	instance(f, FX_CE1)->bgp_opts.local_pref = 150;
}

static void
m_ce1_neighbor_overrides(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	g->neighbors[0].opts.has_local_pref = true;
	g->neighbors[0].opts.local_pref = 100;
}

/* The ibgp group deactivated: the parser does not record it. */
static void
m_ce1_no_ibgp(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	free(g->name);
	g->name = fx_strdup("ibgp-old");
	g->nneighbors = 0;
	free(g->neighbors[0].name);
}

static void
m_ce1_ibgp_external(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	free(g->type);
	g->type = fx_strdup("external");
}

/* The firewall neighbor moved to another group without local-preference. */
static void
m_ce1_fw_in_core(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	free(g->neighbors[0].name);
	g->nneighbors = 0;
	g = fx_cfg_group(instance(f, FX_CE1), "core", "internal");
	fx_cfg_neighbor(g, FX_FW1_ADDR);
}

static void
m_ce2_no_instance(struct fx *f)
{
	struct eg_instance_cfg *ic = instance(f, FX_CE2);

	free(ic->name);
	ic->name = fx_strdup("Cust12");
}

static void
m_ce2_no_bgp(struct fx *f)
{
	instance(f, FX_CE2)->has_bgp = false;
}

static void
m_ce2_config_rpc(struct fx *f)
{
	fx_obs_failed(f, FX_CE2, EG_Q_CONFIG, NULL, EG_ERPC,
		      "SEA-MX03-02: rpc-error: permission denied");
}

static void
m_ce1_config_missing(struct fx *f)
{
	fx_obs_failed(f, FX_CE1, EG_Q_CONFIG, NULL, EG_ENOTFOUND, "SEA-MX03-01: no saved reply");
}

static void
m_filter_ce1(struct fx *f)
{
	fx_filter(f, only_ce1);
}

static void
m_ce2_no_bfd(struct fx *f)
{
	fx_group(f, FX_CE2, "ebgp")->opts.has_bfd = false;
}

static void
m_ce1_bfd_1000(struct fx *f)
{
	fx_group(f, FX_CE1, "ebgp")->opts.bfd_min_interval = 1000;
}

static void
m_ce1_bfd_default_mult(struct fx *f)
{
	fx_group(f, FX_CE1, "ebgp")->opts.bfd_multiplier = 0;
}

static void
m_intent_mult5_ce1_default(struct fx *f)
{
	f->in->services[0].bfd.multiplier = 5;
	fx_group(f, FX_CE1, "ebgp")->opts.bfd_multiplier = 0;
}

static void
m_ce1_bfd_on_neighbor(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ebgp");

	g->opts.has_bfd = false;
	g->neighbors[0].opts.has_bfd = true;
	g->neighbors[0].opts.bfd_min_interval = 300;
	g->neighbors[0].opts.bfd_multiplier = 3;
}

static void
m_ce1_no_msee_neighbor(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ebgp");

	free(g->neighbors[0].name);
	g->nneighbors = 0;
}

static void
m_no_bfd_intent(struct fx *f)
{
	f->in->services[0].bfd.enabled = false;
}

/* ------------------------------------------------------------ policies and groups */

static struct eg_config *
cfg_of(struct fx *f, const char *dev)
{
	return fx_obs(f, dev, EG_Q_CONFIG, NULL)->u.cfg;
}

/*
 * Append to dev's policy-options a policy of one term: sets local-preference
 * lp (when lp >= 0), then action ("accept", "reject" or NULL), matching
 * route-filter rf orlonger (NULL: every route) or a condition not read.
 */
static struct eg_policy_term *
add_policy(struct fx *f, const char *dev, const char *name, long lp, const char *action,
	   const char *rf, const char *other)
{
	struct eg_config *cfg = cfg_of(f, dev);
	struct eg_policy *p = NULL;
	struct eg_policy_term *t;
	size_t i;

	for (i = 0; i < cfg->npolicies; i++)
		if (strcmp(cfg->policies[i].name, name) == 0)
			p = &cfg->policies[i];
	if (p == NULL) {
		cfg->policies = fx_chk(realloc(cfg->policies, (cfg->npolicies + 1) * sizeof(*p)));
		p = &cfg->policies[cfg->npolicies++];
		memset(p, 0, sizeof(*p));
		p->name = fx_strdup(name);
	}
	p->terms = fx_chk(realloc(p->terms, (p->nterms + 1) * sizeof(*t)));
	t = &p->terms[p->nterms++];
	memset(t, 0, sizeof(*t));
	t->name = fx_strdup(lp >= 0 ? "set-lp" : "other");
	if (lp >= 0) {
		t->set_lp = true;
		t->lp = (uint32_t)lp;
	}
	t->action = action ? fx_strdup(action) : NULL;
	if (rf != NULL) {
		t->route_filters = fx_chk(calloc(1, sizeof(*t->route_filters)));
		t->route_filter_match = fx_chk(calloc(1, sizeof(char *)));
		t->route_filters[0] = fx_prefix(rf);
		t->route_filter_match[0] = fx_strdup("orlonger");
		t->nroute_filters = 1;
	}
	t->from_other = other ? fx_strdup(other) : NULL;
	return t;
}

static void
strv_add(char ***v, size_t *n, const char *s)
{
	*v = fx_chk(realloc(*v, (*n + 1) * sizeof(**v)));
	(*v)[(*n)++] = fx_strdup(s);
}

/* CE1: no statement; its export policy toward the firewall sets 150. */
static void
m_ce1_lp_by_policy(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	g->opts.has_local_pref = false;
	add_policy(f, FX_CE1, "to-fw", 150, "accept", NULL, NULL);
	strv_add(&g->opts.export_policies, &g->opts.nexport, "to-fw");
}

/* CE1: the group's 150 and an export policy that sets 100 over it. */
static void
m_ce1_policy_overrides(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	add_policy(f, FX_CE1, "to-fw", 100, "accept", NULL, NULL);
	strv_add(&g->opts.export_policies, &g->opts.nexport, "to-fw");
}

/* A first policy accepts before the second could set 100: the chain ends there. */
static void
m_ce1_chain_accept_first(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	add_policy(f, FX_CE1, "first", -1, "accept", NULL, NULL);
	add_policy(f, FX_CE1, "second", 100, "accept", NULL, NULL);
	strv_add(&g->opts.export_policies, &g->opts.nexport, "first");
	strv_add(&g->opts.export_policies, &g->opts.nexport, "second");
}

/* The neighbor's export replaces the group's: the group's policy sets 100, unused. */
static void
m_ce1_neighbor_export_wins(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	add_policy(f, FX_CE1, "group-pol", 100, "accept", NULL, NULL);
	add_policy(f, FX_CE1, "nb-pol", 150, "accept", NULL, NULL);
	strv_add(&g->opts.export_policies, &g->opts.nexport, "group-pol");
	strv_add(&g->neighbors[0].opts.export_policies, &g->neighbors[0].opts.nexport, "nb-pol");
}

/* A term for the hub prefix only sets 100: the spoke keeps the group's 150. */
static void
m_ce1_policy_hub_only(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	add_policy(f, FX_CE1, "to-fw", 100, NULL, FX_HUB, NULL);
	strv_add(&g->opts.export_policies, &g->opts.nexport, "to-fw");
}

static void
m_ce1_policy_unreadable(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	add_policy(f, FX_CE1, "to-fw", 100, "accept", NULL, "community");
	strv_add(&g->opts.export_policies, &g->opts.nexport, "to-fw");
}

static void
m_ce1_policy_missing(struct fx *f)
{
	struct eg_bgp_group_cfg *g = fx_group(f, FX_CE1, "ibgp");

	strv_add(&g->opts.export_policies, &g->opts.nexport, "no-such-policy");
}

/* The firewall's import policy toward the CEs sets 120 over the CEs' 150. */
static void
m_fw_import_120(struct fx *f)
{
	struct eg_instance_cfg *ic = &cfg_of(f, FX_FW)->instances[0];
	size_t i;

	add_policy(f, FX_FW, "from-ce", 120, "accept", NULL, NULL);
	for (i = 0; i < ic->ngroups; i++)
		if (strcmp(ic->groups[i].type ? ic->groups[i].type : "", "internal") == 0)
			strv_add(&ic->groups[i].opts.import_policies, &ic->groups[i].opts.nimport,
				 "from-ce");
}

static void
m_ce1_lp_from_group(struct fx *f)
{
	fx_group(f, FX_CE1, "ibgp")->opts.local_pref_group = fx_strdup("ER-IBGP");
}

static void
m_ce2_unresolved(struct fx *f)
{
	cfg_of(f, FX_CE2)->unresolved_groups = fx_strdup("ER-IBGP in routing instance Cust11");
}

static void
m_fw_config_missing(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_CONFIG, NULL, EG_ENOTFOUND, "SEA-SRX42-01: no saved reply");
}

/* ------------------------------------------------------------ the table */

static const struct fx_case cases[] = {
	/* lp-config */
	FX_PASS("lp-config/compliant-ce1", "lp-config", NULL, FX_CE1),
	FX_PASS("lp-config/compliant-ce2", "lp-config", NULL, FX_CE2),
	FX_FAIL("lp-config/lost", "lp-config", m_ce2_no_lp, FX_CE2,
		2, FX_CE2, FX_HUB, FX_FW2_ADDR,
		"local-preference 150", "local-preference absent or deactivated (default 100)"),
	FX_PASS("lp-config/lost-on-other-ce", "lp-config", m_ce2_no_lp, FX_CE1),
	FX_FAIL("lp-config/wrong-value", "lp-config", m_ce2_lp120, FX_CE2,
		2, FX_CE2, FX_HUB, FX_FW2_ADDR,
		"local-preference 150", "local-preference 120"),
	FX_PASS("lp-config/on-neighbor", "lp-config", m_ce1_lp_on_neighbor, FX_CE1),
	FX_PASS("lp-config/on-bgp-level", "lp-config", m_ce1_lp_on_bgp, FX_CE1),
	FX_FAIL("lp-config/neighbor-overrides", "lp-config", m_ce1_neighbor_overrides, FX_CE1,
		2, FX_CE1, FX_HUB, FX_FW1_ADDR,
		"local-preference 150", "local-preference 100"),
	FX_FAIL("lp-config/group-deactivated", "lp-config", m_ce1_no_ibgp, FX_CE1,
		2, FX_CE1, "", FX_FW1_ADDR,
		"group ibgp", "absent or deactivated"),
	FX_FAIL("lp-config/group-external", "lp-config", m_ce1_ibgp_external, FX_CE1,
		1, FX_CE1, "", FX_FW1_ADDR,
		"group ibgp type internal", "type external"),
	FX_FAIL("lp-config/neighbor-elsewhere", "lp-config", m_ce1_fw_in_core, FX_CE1,
		3, FX_CE1, "", FX_FW1_ADDR,
		"neighbor 192.168.11.1 in group ibgp", "neighbor 192.168.11.1 in group core"),
	FX_FAIL("lp-config/no-instance", "lp-config", m_ce2_no_instance, FX_CE2,
		1, FX_CE2, "", "",
		"routing instance configured", "absent or deactivated"),
	FX_FAIL("lp-config/no-bgp", "lp-config", m_ce2_no_bgp, FX_CE2,
		1, FX_CE2, "", "",
		"protocols bgp configured", "absent or deactivated"),
	FX_UNKNOWN("lp-config/rpc-error", "lp-config", m_ce2_config_rpc, FX_CE2,
		EG_ERPC, "permission denied"),
	FX_PASS("lp-config/filtered", "lp-config", m_filter_ce1, FX_CE1),
	FX_PASS("lp-config/set-by-export-policy", "lp-config", m_ce1_lp_by_policy, FX_CE1),
	FX_FAIL("lp-config/policy-overrides-group", "lp-config", m_ce1_policy_overrides, FX_CE1,
		2, FX_CE1, FX_HUB, FX_FW1_ADDR, "local-preference 150", "local-preference 100"),
	FX_PASS("lp-config/chain-ends-at-accept", "lp-config", m_ce1_chain_accept_first, FX_CE1),
	FX_PASS("lp-config/neighbor-export-wins", "lp-config", m_ce1_neighbor_export_wins, FX_CE1),
	FX_FAIL("lp-config/policy-hub-only", "lp-config", m_ce1_policy_hub_only, FX_CE1,
		1, FX_CE1, FX_HUB, FX_FW1_ADDR, "local-preference 150", "local-preference 100"),
	FX_UNKNOWN("lp-config/policy-condition-unread", "lp-config", m_ce1_policy_unreadable, FX_CE1,
		EG_ENOTFOUND, "matches on community, which erguard does not evaluate"),
	FX_UNKNOWN("lp-config/policy-missing", "lp-config", m_ce1_policy_missing, FX_CE1,
		EG_ENOTFOUND, "export policy no-such-policy is not in the configuration read"),
	FX_FAIL("lp-config/firewall-import", "lp-config", m_fw_import_120, FX_CE2,
		2, FX_CE2, FX_HUB, FX_FW2_ADDR, "local-preference 150", "local-preference 120"),
	FX_PASS("lp-config/from-group", "lp-config", m_ce1_lp_from_group, FX_CE1),
	FX_UNKNOWN("lp-config/groups-unresolved", "lp-config", m_ce2_unresolved, FX_CE2,
		EG_ENOTFOUND, "configuration saved without inheritance (apply-groups ER-IBGP"),
	FX_UNKNOWN("bfd-config/groups-unresolved", "bfd-config", m_ce2_unresolved, FX_CE2,
		EG_ENOTFOUND, "configuration saved without inheritance"),
	FX_UNKNOWN("lp-config/firewall-config-missing", "lp-config", m_fw_config_missing, FX_CE1,
		EG_ENOTFOUND, "SEA-SRX42-01: no saved reply"),

	/* bfd-config */
	FX_PASS("bfd-config/compliant-ce1", "bfd-config", NULL, FX_CE1),
	FX_PASS("bfd-config/compliant-ce2", "bfd-config", NULL, FX_CE2),
	FX_FAIL("bfd-config/none", "bfd-config", m_ce2_no_bfd, FX_CE2,
		1, FX_CE2, "", FX_MSEE2,
		"bfd-liveness-detection minimum-interval 300 multiplier 3",
		"no bfd-liveness-detection (absent or deactivated)"),
	FX_FAIL("bfd-config/slow", "bfd-config", m_ce1_bfd_1000, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		"bfd-liveness-detection minimum-interval 300 multiplier 3",
		"bfd-liveness-detection minimum-interval 1000 multiplier 3"),
	FX_PASS("bfd-config/default-multiplier", "bfd-config", m_ce1_bfd_default_mult, FX_CE1),
	FX_FAIL("bfd-config/default-is-not-5", "bfd-config", m_intent_mult5_ce1_default, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		"bfd-liveness-detection minimum-interval 300 multiplier 5",
		"bfd-liveness-detection minimum-interval 300 multiplier 3 (default)"),
	FX_PASS("bfd-config/on-neighbor", "bfd-config", m_ce1_bfd_on_neighbor, FX_CE1),
	FX_FAIL("bfd-config/no-msee-neighbor", "bfd-config", m_ce1_no_msee_neighbor, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		NULL, "neighbor absent or deactivated"),
	FX_SKIP("bfd-config/not-asked", "bfd-config", m_no_bfd_intent, FX_CE1 "+" FX_CE2,
		"asks for no BFD"),
	FX_UNKNOWN("bfd-config/missing", "bfd-config", m_ce1_config_missing, FX_CE1,
		EG_ENOTFOUND, "no saved reply"),
};

/* Filtering one CE leaves out the other's result. */
static void
test_filter_leaves_out(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	fx_filter(f, only_ce1);
	fx_run(f, "lp-config");
	fx_run(f, "bfd-config");
	assert_int_equal(fx_nresults(f, "lp-config"), 1);
	assert_int_equal(fx_nresults(f, "bfd-config"), 1);
	assert_null(fx_result(f, "lp-config", FX_CE2));
	fx_free(f);
}

/* Without BFD in the intent there is exactly one result, skipped. */
static void
test_no_bfd_one_result(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	m_no_bfd_intent(f);
	fx_run(f, "bfd-config");
	assert_int_equal(fx_nresults(f, "bfd-config"), 1);
	assert_int_equal(fx_result(f, "bfd-config", NULL)->status, EG_ST_SKIPPED);
	fx_free(f);
}

/* The report says which group a value was inherited from, and never "default" when set. */
static void
test_says_where_from(void **state)
{
	struct fx *f = fx_new();
	const struct eg_finding *fd;

	(void)state;
	m_ce1_lp_from_group(f);
	m_ce1_lp_by_policy(f);
	fx_group(f, FX_CE1, "ibgp")->opts.has_local_pref = true;	/* 150 from ER-IBGP, then policy */
	fx_run(f, "lp-config");
	fd = fx_finding(fx_result(f, "lp-config", FX_CE1), EG_ST_PASS);
	assert_non_null(fd);
	assert_non_null(strstr(fd->message, "export policy to-fw term set-lp"));
	fx_free(f);

	f = fx_new();
	m_ce1_lp_from_group(f);
	fx_run(f, "lp-config");
	fd = fx_finding(fx_result(f, "lp-config", FX_CE1), EG_ST_PASS);
	assert_non_null(fd);
	assert_non_null(strstr(fd->message, "group ibgp (from configuration group ER-IBGP)"));
	fx_free(f);
}

int
main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_says_where_from),
		cmocka_unit_test(test_filter_leaves_out),
		cmocka_unit_test(test_no_bfd_one_result),
	};

	return fx_run_cases("checks_cfg", cases, sizeof(cases) / sizeof(cases[0]), extra,
			    sizeof(extra) / sizeof(extra[0]));
}
