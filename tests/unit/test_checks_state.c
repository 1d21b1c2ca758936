/*
 * test_checks_state.c - the protocol-state checks (check_state.c):
 * bgp-sessions, bfd-state and prefix-budget.
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

static const char *const only_fw[] = { FX_FW, NULL };

/* Advertise n /24s besides the on-prem prefix (a deaggregated range). */
static void
flood(struct eg_rib *rib, unsigned n)
{
	char pfx[32];
	unsigned i;

	fx_adv(rib, FX_ONPREM, FX_ADV_AS);
	for (i = 0; i < n; i++) {
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", 100 + i / 256, i % 256);
		fx_adv(rib, pfx, "[65020] 65021 I");
	}
}

/* ------------------------------------------------------------ mutations */

static void
m_vpn2_active(struct fx *f)
{
	struct eg_bgp_peer *p = fx_peer(f, FX_FW, FX_VPN2);

	free(p->state);
	p->state = fx_strdup("Active");
}

static void
m_fw_ce2_deactivated(struct fx *f)
{
	fx_peer_remove(f, FX_FW, FX_CE2_ADDR);
}

static void
m_ce2_fw_connect(struct fx *f)
{
	struct eg_bgp_peer *p = fx_peer(f, FX_CE2, FX_FW2_ADDR);

	free(p->state);
	p->state = fx_strdup("Connect");
}

static void
m_ce1_msee_wrong_as(struct fx *f)
{
	fx_peer(f, FX_CE1, FX_MSEE1)->peer_as = 12077;
}

static void
m_ce1_summary_hostkey(struct fx *f)
{
	fx_obs_failed(f, FX_CE1, EG_Q_BGP_SUMMARY, NULL, EG_EHOSTKEY,
		      "SEA-MX03-01: host key changed");
}

static void
m_filter_fw(struct fx *f)
{
	fx_filter(f, only_fw);
}

static void
m_ce2_bfd_down(struct fx *f)
{
	struct eg_bfd_session *s = &fx_obs(f, FX_CE2, EG_Q_BFD, NULL)->u.bfd->sessions[0];

	free(s->state);
	s->state = fx_strdup("Down");
}

static void
m_ce2_bfd_none(struct fx *f)
{
	struct eg_obs *o = fx_obs(f, FX_CE2, EG_Q_BFD, NULL);

	eg_obs_data_free(o);
	assert_int_equal(eg_obs_data_new(o, EG_QD_BFD), EG_OK);
}

static void
m_ce1_bfd_mult5(struct fx *f)
{
	struct eg_bfd_session *s = &fx_obs(f, FX_CE1, EG_Q_BFD, NULL)->u.bfd->sessions[0];

	s->multiplier = 5;
	s->detection_ms = 1500;
}

static void
m_ce1_bfd_missing(struct fx *f)
{
	fx_obs_remove(f, FX_CE1, EG_Q_BFD, NULL);
}

static void
m_no_bfd_intent(struct fx *f)
{
	f->in->services[0].bfd.enabled = false;
}

static void
m_ce1_4101(struct fx *f)
{
	flood(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1), 4100);
}

static void
m_ce1_4000(struct fx *f)
{
	flood(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1), 3999);
}

static void
m_ce1_3500(struct fx *f)
{
	flood(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1), 3499);
}

static void
m_vpn1_4001(struct fx *f)
{
	flood(fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1), 4000);
}

static void
m_premium(struct fx *f)
{
	f->in->services[0].budget.sku = EG_SKU_PREMIUM;
	f->in->services[0].budget.er_limit = 10000;
	m_ce1_4101(f);
}

static void
m_vpn2_adv_timeout(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2, EG_ETIMEOUT, "SEA-SRX42-01: timeout after 30 s");
}

/* ------------------------------------------------------------ the table */

static const struct fx_case cases[] = {
	/* bgp-sessions */
	FX_PASS("bgp-sessions/compliant-ce1", "bgp-sessions", NULL, FX_CE1),
	FX_PASS("bgp-sessions/compliant-ce2", "bgp-sessions", NULL, FX_CE2),
	FX_PASS("bgp-sessions/compliant-fw", "bgp-sessions", NULL, FX_FW),
	FX_FAIL("bgp-sessions/tunnel-down", "bgp-sessions", m_vpn2_active, FX_FW,
		1, FX_FW, "", FX_VPN2,
		"Established", "Active"),
	FX_FAIL("bgp-sessions/neighbor-deactivated", "bgp-sessions", m_fw_ce2_deactivated, FX_FW,
		1, FX_FW, "", FX_CE2_ADDR,
		"Established", "not in the BGP summary"),
	FX_FAIL("bgp-sessions/ce-side", "bgp-sessions", m_ce2_fw_connect, FX_CE2,
		1, FX_CE2, "", FX_FW2_ADDR,
		"Established", "Connect"),
	FX_FAIL("bgp-sessions/wrong-as", "bgp-sessions", m_ce1_msee_wrong_as, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		"peer AS 12076", "peer AS 12077"),
	FX_UNKNOWN("bgp-sessions/hostkey", "bgp-sessions", m_ce1_summary_hostkey, FX_CE1,
		EG_EHOSTKEY, "host key changed"),
	FX_PASS("bgp-sessions/other-device-unharmed", "bgp-sessions", m_ce1_summary_hostkey, FX_CE2),
	FX_PASS("bgp-sessions/filtered", "bgp-sessions", m_filter_fw, FX_FW),

	/* bfd-state */
	FX_PASS("bfd-state/compliant-ce1", "bfd-state", NULL, FX_CE1),
	FX_PASS("bfd-state/compliant-ce2", "bfd-state", NULL, FX_CE2),
	FX_FAIL("bfd-state/slow", "bfd-state", fx_ce1_bfd_slow, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		"Up, transmit 300 ms x 3 (detection 900 ms)",
		"Up, transmit 1000 ms x 3 (detection 3000 ms)"),
	FX_FAIL("bfd-state/down", "bfd-state", m_ce2_bfd_down, FX_CE2,
		1, FX_CE2, "", FX_MSEE2,
		NULL, "Down, transmit 300 ms x 3 (detection 900 ms)"),
	FX_FAIL("bfd-state/no-session", "bfd-state", m_ce2_bfd_none, FX_CE2,
		1, FX_CE2, "", FX_MSEE2,
		NULL, "no BFD session"),
	FX_FAIL("bfd-state/multiplier", "bfd-state", m_ce1_bfd_mult5, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		NULL, "Up, transmit 300 ms x 5 (detection 1500 ms)"),
	FX_SKIP("bfd-state/not-asked", "bfd-state", m_no_bfd_intent, FX_CE1 "+" FX_CE2,
		"asks for no BFD"),
	FX_UNKNOWN("bfd-state/unplanned", "bfd-state", m_ce1_bfd_missing, FX_CE1,
		EG_ENOTFOUND, "no bfd observation"),

	/* prefix-budget */
	FX_PASS("prefix-budget/compliant-ce1", "prefix-budget", NULL, FX_CE1),
	FX_PASS("prefix-budget/compliant-fw", "prefix-budget", NULL, FX_FW),
	FX_FAIL("prefix-budget/er-over", "prefix-budget", m_ce1_4101, FX_CE1,
		1, FX_CE1, "", FX_MSEE1,
		"at most 4000 prefixes", "4101 prefixes"),
	FX_PASS("prefix-budget/er-at-limit", "prefix-budget", m_ce1_4000, FX_CE1),
	FX_PASS("prefix-budget/premium", "prefix-budget", m_premium, FX_CE1),
	FX_FAIL("prefix-budget/vpn-over", "prefix-budget", m_vpn1_4001, FX_FW,
		1, FX_FW, "", FX_VPN1,
		"at most 4000 prefixes", "4001 prefixes"),
	FX_UNKNOWN("prefix-budget/timeout", "prefix-budget", m_vpn2_adv_timeout, FX_FW,
		EG_ETIMEOUT, "timeout after 30 s"),
};

/* Above the warning share: pass, with a note saying how close. */
static void
test_budget_warning(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;
	const struct eg_finding *x;

	(void)state;
	m_ce1_3500(f);
	fx_run(f, "prefix-budget");
	res = fx_result(f, "prefix-budget", FX_CE1);
	assert_non_null(res);
	assert_int_equal(res->status, EG_ST_PASS);
	x = fx_finding(res, EG_ST_PASS);
	assert_non_null(x);
	assert_string_equal(x->observed, "3500 prefixes");
	assert_non_null(strstr(x->message, "above 80%"));
	/* below the share: no note */
	res = fx_result(f, "prefix-budget", FX_CE2);
	assert_non_null(res);
	assert_int_equal(res->nfindings, 0);
	fx_free(f);
}

/* Every peer of the intent is looked at: 2 per CE, 4 on the firewall. */
static void
test_sessions_nitems(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	fx_run(f, "bgp-sessions");
	assert_int_equal(fx_nresults(f, "bgp-sessions"), 3);
	assert_int_equal(fx_result(f, "bgp-sessions", FX_CE1)->nitems, 2);
	assert_int_equal(fx_result(f, "bgp-sessions", FX_FW)->nitems, 4);
	fx_free(f);
}

int
main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_budget_warning),
		cmocka_unit_test(test_sessions_nitems),
	};

	return fx_run_cases("checks_state", cases, sizeof(cases) / sizeof(cases[0]), extra,
			    sizeof(extra) / sizeof(extra[0]));
}
