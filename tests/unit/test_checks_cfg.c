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

/* ------------------------------------------------------------ the table */

static const struct fx_case cases[] = {
	/* lp-config */
	FX_PASS("lp-config/compliant-ce1", "lp-config", NULL, FX_CE1),
	FX_PASS("lp-config/compliant-ce2", "lp-config", NULL, FX_CE2),
	FX_FAIL("lp-config/lost", "lp-config", m_ce2_no_lp, FX_CE2,
		1, FX_CE2, "", FX_FW2_ADDR,
		"local-preference 150", "local-preference absent or deactivated (default 100)"),
	FX_PASS("lp-config/lost-on-other-ce", "lp-config", m_ce2_no_lp, FX_CE1),
	FX_FAIL("lp-config/wrong-value", "lp-config", m_ce2_lp120, FX_CE2,
		1, FX_CE2, "", FX_FW2_ADDR,
		"local-preference 150", "local-preference 120"),
	FX_PASS("lp-config/on-neighbor", "lp-config", m_ce1_lp_on_neighbor, FX_CE1),
	FX_PASS("lp-config/on-bgp-level", "lp-config", m_ce1_lp_on_bgp, FX_CE1),
	FX_FAIL("lp-config/neighbor-overrides", "lp-config", m_ce1_neighbor_overrides, FX_CE1,
		1, FX_CE1, "", FX_FW1_ADDR,
		"local-preference 150", "local-preference 100"),
	FX_FAIL("lp-config/group-deactivated", "lp-config", m_ce1_no_ibgp, FX_CE1,
		2, FX_CE1, "", FX_FW1_ADDR,
		"group ibgp", "absent or deactivated"),
	FX_FAIL("lp-config/group-external", "lp-config", m_ce1_ibgp_external, FX_CE1,
		1, FX_CE1, "", FX_FW1_ADDR,
		"group ibgp type internal", "type external"),
	FX_FAIL("lp-config/neighbor-elsewhere", "lp-config", m_ce1_fw_in_core, FX_CE1,
		2, FX_CE1, "", FX_FW1_ADDR,
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

int
main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_filter_leaves_out),
		cmocka_unit_test(test_no_bfd_one_result),
	};

	return fx_run_cases("checks_cfg", cases, sizeof(cases) / sizeof(cases[0]), extra,
			    sizeof(extra) / sizeof(extra[0]));
}
