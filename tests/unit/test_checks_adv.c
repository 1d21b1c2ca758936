/*
 * test_checks_adv.c - the advertisement checks (check_adv.c) as tables of
 * cases: the reference design passes; each fault gives the finding an
 * engineer would expect; a missing or failed reply gives unknown; the
 * device filter and a design with nothing to compare give skipped.
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
static const char *const only_ce2[] = { FX_CE2, NULL };
static const char *const only_fw[] = { FX_FW, NULL };

#define ER_SCOPE FX_CE1 "+" FX_CE2
#define ALL_SCOPE FX_CE1 "+" FX_CE2 "+" FX_FW

/* ------------------------------------------------------------ mutations */

static void
m_ce2_prepend(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2), FX_ONPREM, "[65020] 65020 65020 I");
}

static void
m_ce2_med(struct fx *f)
{
	struct eg_path *p = fx_path(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2, FX_ONPREM, 0);

	p->med = 50;
	p->flags |= EG_PATH_HAS_MED;
}

static void
m_ce1_community(struct fx *f)
{
	fx_path(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1, FX_ONPREM, 0)->communities =
		fx_intern(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1, "12076:5010");
}

static void
m_ce2_nothing(struct fx *f)
{
	fx_rib_reset(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2);
}

static void
m_ce2_extra(struct fx *f)
{
	fx_adv(fx_obs(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2)->u.rib, "10.1.0.0/16", FX_ADV_AS);
}

static void
m_ce2_timeout(struct fx *f)
{
	fx_obs_failed(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2, EG_ETIMEOUT,
		      "SEA-MX03-02: timeout after 30 s");
}

static void
m_ce2_unplanned(struct fx *f)
{
	fx_obs_remove(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2);
}

static void
m_filter_ce1(struct fx *f)
{
	fx_filter(f, only_ce1);
}

static void
m_filter_ce2(struct fx *f)
{
	fx_filter(f, only_ce2);
}

static void
m_filter_fw(struct fx *f)
{
	fx_filter(f, only_fw);
}

static void
m_one_link(struct fx *f)
{
	fx_drop_second_link(f);
}

static void
m_ce1_wrong_lan(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1), "10.1.12.0/25", FX_ADV_AS);
}

static void
m_ce1_aggregate(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1), "10.1.0.0/16", FX_ADV_AS);
}

static void
m_ce1_extra(struct fx *f)
{
	fx_adv(fx_obs(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1)->u.rib, "10.64.0.0/27", "[65020] 65021 I");
}

static void
m_ce1_rpc_error(struct fx *f)
{
	fx_obs_failed(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1, EG_ERPC,
		      "SEA-MX03-01: rpc-error: syntax error");
}

static void
m_vpn2_summary(struct fx *f)
{
	fx_adv(fx_obs(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2)->u.rib, "10.1.0.0/16", FX_ADV_AS);
}

static void
m_vpn2_nothing(struct fx *f)
{
	fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2);
}

static void
m_vpn2_prepend(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2), FX_ONPREM, "[65020] 65020 I");
}

static void
m_vpn1_transport(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1, EG_ETRANSPORT,
		      "SEA-SRX42-01: session dropped mid-reply");
}

static void
m_vpn_and_er_half(struct fx *f)
{
	fx_adv(fx_obs(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1)->u.rib, "10.1.11.0/26", FX_ADV_AS);
	fx_adv(fx_obs(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2)->u.rib, "10.1.11.0/26", FX_ADV_AS);
}

static void
m_vpn_summary_only(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1), "10.1.0.0/16", FX_ADV_AS);
	fx_adv(fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2), "10.1.0.0/16", FX_ADV_AS);
}

static void
m_vpn_nothing(struct fx *f)
{
	fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1);
	fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2);
}

static void
m_ce2_extra_lan(struct fx *f)
{
	fx_adv(fx_obs(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2)->u.rib, "10.1.12.0/25", FX_ADV_AS);
}

static void
m_vpn2_parse(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2, EG_EPARSE,
		      "snap/SEA-SRX42-01/show_route_advertising-protocol_bgp_10.17.11.77_table_Cust11.inet.0_detail.xml:12: "
		      "premature end of data");
}

static void
m_recv2_no_spoke(struct fx *f)
{
	fx_path_add(fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN2), FX_HUB,
		    (struct fx_path){ .as = FX_VPN_AS, .to = FX_VPN2, .lp = -1, .med = -1 });
}

static void
m_recv1_prepend(struct fx *f)
{
	fx_path(f, FX_FW, EG_Q_RECEIVED, FX_VPN1, FX_HUB, 0)->as_path =
		fx_intern(f, FX_FW, EG_Q_RECEIVED, FX_VPN1, "65515 65515 I");
}

static void
m_recv1_extra(struct fx *f)
{
	fx_path_add(fx_obs(f, FX_FW, EG_Q_RECEIVED, FX_VPN1)->u.rib, "10.20.0.0/16",
		    (struct fx_path){ .as = FX_VPN_AS, .to = FX_VPN1, .lp = -1, .med = -1 });
}

static void
m_recv_nothing(struct fx *f)
{
	fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN1);
	fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN2);
}

static void
m_recv1_locked(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_RECEIVED, FX_VPN1, EG_EAUTH,
		      "SEA-SRX42-01: authentication failed");
}

static void
m_no_vpn_peer2(struct fx *f)
{
	struct eg_vpn *v = &f->in->services[0].vpn;

	free(v->tunnels[1]);
	v->tunnels[1] = NULL;
	v->npeers = 1;
}

/* ------------------------------------------------------------ the table */

static const struct fx_case cases[] = {
	/* er-adv-symmetry */
	FX_PASS("er-adv-symmetry/compliant", "er-adv-symmetry", NULL, ER_SCOPE),
	FX_FAIL("er-adv-symmetry/prepend", "er-adv-symmetry", m_ce2_prepend, ER_SCOPE,
		1, FX_CE2, FX_ONPREM, FX_MSEE2,
		"AS path [65020] I (SEA-MX03-01 to 192.168.11.18)",
		"AS path [65020] 65020 65020 I (SEA-MX03-02 to 192.168.11.22)"),
	FX_FAIL("er-adv-symmetry/med", "er-adv-symmetry", m_ce2_med, ER_SCOPE,
		1, FX_CE2, FX_ONPREM, FX_MSEE2,
		"no MED (SEA-MX03-01 to 192.168.11.18)",
		"MED 50 (SEA-MX03-02 to 192.168.11.22)"),
	FX_FAIL("er-adv-symmetry/community", "er-adv-symmetry", m_ce1_community, ER_SCOPE,
		1, FX_CE2, FX_ONPREM, FX_MSEE2,
		"communities 12076:5010 (SEA-MX03-01 to 192.168.11.18)",
		"no communities (SEA-MX03-02 to 192.168.11.22)"),
	FX_FAIL("er-adv-symmetry/missing-on-ce2", "er-adv-symmetry", m_ce2_nothing, ER_SCOPE,
		1, FX_CE2, FX_ONPREM, FX_MSEE2,
		"advertised (SEA-MX03-01 to 192.168.11.18)",
		"not advertised (SEA-MX03-02 to 192.168.11.22)"),
	FX_FAIL("er-adv-symmetry/extra-on-ce2", "er-adv-symmetry", m_ce2_extra, ER_SCOPE,
		1, FX_CE2, "10.1.0.0/16", FX_MSEE2,
		"not advertised (SEA-MX03-01 to 192.168.11.18)",
		"advertised (SEA-MX03-02 to 192.168.11.22)"),
	FX_UNKNOWN("er-adv-symmetry/timeout", "er-adv-symmetry", m_ce2_timeout, ER_SCOPE,
		EG_ETIMEOUT, "SEA-MX03-02: timeout after 30 s"),
	FX_UNKNOWN("er-adv-symmetry/unplanned", "er-adv-symmetry", m_ce2_unplanned, ER_SCOPE,
		EG_ENOTFOUND, "SEA-MX03-02: no advertised observation"),
	FX_SKIP("er-adv-symmetry/filtered", "er-adv-symmetry", m_filter_ce1, ER_SCOPE,
		"needs SEA-MX03-02"),
	FX_SKIP("er-adv-symmetry/one-link", "er-adv-symmetry", m_one_link, FX_CE1,
		"nothing to compare"),

	/* er-adv-coverage */
	FX_PASS("er-adv-coverage/compliant-ce1", "er-adv-coverage", NULL, FX_CE1),
	FX_PASS("er-adv-coverage/compliant-ce2", "er-adv-coverage", NULL, FX_CE2),
	FX_FAIL("er-adv-coverage/wrong-lan", "er-adv-coverage", m_ce1_wrong_lan, FX_CE1,
		1, FX_CE1, FX_ONPREM, FX_MSEE1,
		"10.1.11.0/25 advertised, exactly or by a covering prefix",
		"neither 10.1.11.0/25 nor a covering prefix advertised"),
	FX_PASS("er-adv-coverage/other-link-unharmed", "er-adv-coverage", m_ce1_wrong_lan, FX_CE2),
	FX_FAIL("er-adv-coverage/nothing", "er-adv-coverage", m_ce2_nothing, FX_CE2,
		1, FX_CE2, FX_ONPREM, FX_MSEE2,
		NULL,
		"nothing advertised to 192.168.11.22"),
	FX_PASS("er-adv-coverage/aggregate-covers", "er-adv-coverage", m_ce1_aggregate, FX_CE1),
	FX_PASS("er-adv-coverage/extra-is-not-judged", "er-adv-coverage", m_ce1_extra, FX_CE1),
	FX_UNKNOWN("er-adv-coverage/rpc-error", "er-adv-coverage", m_ce1_rpc_error, FX_CE1,
		EG_ERPC, "rpc-error: syntax error"),
	FX_PASS("er-adv-coverage/filtered", "er-adv-coverage", m_filter_ce2, FX_CE2),

	/* vpn-adv-symmetry */
	FX_PASS("vpn-adv-symmetry/compliant", "vpn-adv-symmetry", NULL, FX_FW),
	FX_FAIL("vpn-adv-symmetry/summary-to-one", "vpn-adv-symmetry", m_vpn2_summary, FX_FW,
		1, FX_FW, "10.1.0.0/16", FX_VPN2,
		"not advertised (SEA-SRX42-01 to 10.17.11.76)",
		"advertised (SEA-SRX42-01 to 10.17.11.77)"),
	FX_FAIL("vpn-adv-symmetry/peer-down", "vpn-adv-symmetry", m_vpn2_nothing, FX_FW,
		1, FX_FW, FX_ONPREM, FX_VPN2,
		"advertised (SEA-SRX42-01 to 10.17.11.76)",
		"not advertised (SEA-SRX42-01 to 10.17.11.77)"),
	FX_FAIL("vpn-adv-symmetry/prepend", "vpn-adv-symmetry", m_vpn2_prepend, FX_FW,
		1, FX_FW, FX_ONPREM, FX_VPN2,
		"AS path [65020] I (SEA-SRX42-01 to 10.17.11.76)",
		"AS path [65020] 65020 I (SEA-SRX42-01 to 10.17.11.77)"),
	FX_UNKNOWN("vpn-adv-symmetry/transport", "vpn-adv-symmetry", m_vpn1_transport, FX_FW,
		EG_ETRANSPORT, "session dropped"),
	FX_SKIP("vpn-adv-symmetry/filtered", "vpn-adv-symmetry", m_filter_ce1, FX_FW,
		"needs SEA-SRX42-01"),
	FX_SKIP("vpn-adv-symmetry/one-peer", "vpn-adv-symmetry", m_no_vpn_peer2, FX_FW,
		"nothing to compare"),

	/* vpn-no-more-specific */
	FX_PASS("vpn-no-more-specific/compliant", "vpn-no-more-specific", NULL, ALL_SCOPE),
	FX_FAIL("vpn-no-more-specific/halves", "vpn-no-more-specific", fx_vpn_halves, ALL_SCOPE,
		4, FX_FW, "10.1.11.0/26", FX_VPN1,
		"nothing more specific than 10.1.11.0/25 (carried by ExpressRoute)",
		"10.1.11.0/26 advertised to 10.17.11.76"),
	FX_PASS("vpn-no-more-specific/er-carries-it-too", "vpn-no-more-specific", m_vpn_and_er_half,
		ALL_SCOPE),
	FX_PASS("vpn-no-more-specific/summary", "vpn-no-more-specific", m_vpn2_summary, ALL_SCOPE),
	FX_UNKNOWN("vpn-no-more-specific/unknown", "vpn-no-more-specific", m_ce2_timeout, ALL_SCOPE,
		EG_ETIMEOUT, "timeout"),
	FX_SKIP("vpn-no-more-specific/filtered", "vpn-no-more-specific", m_filter_fw, ALL_SCOPE,
		"needs SEA-MX03-01"),

	/* vpn-adv-coverage */
	FX_PASS("vpn-adv-coverage/compliant", "vpn-adv-coverage", NULL, ALL_SCOPE),
	FX_FAIL("vpn-adv-coverage/nothing", "vpn-adv-coverage", m_vpn_nothing, ALL_SCOPE,
		2, FX_FW, FX_ONPREM, FX_VPN1,
		"10.1.11.0/25 or a covering prefix advertised to 10.17.11.76",
		"nothing advertised to 10.17.11.76"),
	FX_PASS("vpn-adv-coverage/summary-covers", "vpn-adv-coverage", m_vpn_summary_only,
		ALL_SCOPE),
	FX_FAIL("vpn-adv-coverage/er-only-prefix", "vpn-adv-coverage", m_ce2_extra_lan, ALL_SCOPE,
		2, FX_FW, "10.1.12.0/25", FX_VPN1,
		"10.1.12.0/25 or a covering prefix advertised to 10.17.11.76",
		"neither 10.1.12.0/25 nor a covering prefix advertised"),
	FX_UNKNOWN("vpn-adv-coverage/parse-error", "vpn-adv-coverage", m_vpn2_parse, ALL_SCOPE,
		EG_EPARSE, "premature end of data"),

	/* vpn-recv */
	FX_PASS("vpn-recv/compliant", "vpn-recv", NULL, FX_FW),
	FX_FAIL("vpn-recv/no-spoke", "vpn-recv", m_recv2_no_spoke, FX_FW,
		1, FX_FW, FX_SPOKE, FX_VPN2,
		"10.17.11.128/26 received with AS path 65515",
		"not received"),
	FX_FAIL("vpn-recv/prepended", "vpn-recv", m_recv1_prepend, FX_FW,
		1, FX_FW, FX_HUB, FX_VPN1,
		"10.17.11.0/25 received with AS path 65515",
		"received with AS path 65515 65515 I"),
	FX_FAIL("vpn-recv/extra", "vpn-recv", m_recv1_extra, FX_FW,
		1, FX_FW, "10.20.0.0/16", FX_VPN1,
		"only the Azure prefixes of the intent",
		"received with AS path 65515 I"),
	FX_FAIL("vpn-recv/nothing", "vpn-recv", m_recv_nothing, FX_FW,
		4, FX_FW, FX_HUB, FX_VPN1,
		NULL,
		"not received"),
	FX_UNKNOWN("vpn-recv/auth", "vpn-recv", m_recv1_locked, FX_FW,
		EG_EAUTH, "authentication failed"),
};

/* ------------------------------------------------------------ other tests */

/* A prefix covered by an aggregate passes with a note naming the aggregate. */
static void
test_coverage_note(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;
	const struct eg_finding *x;

	(void)state;
	m_ce1_aggregate(f);
	fx_run(f, "er-adv-coverage");
	res = fx_result(f, "er-adv-coverage", FX_CE1);
	assert_non_null(res);
	assert_int_equal(res->status, EG_ST_PASS);
	x = fx_finding(res, EG_ST_PASS);
	assert_non_null(x);
	assert_string_equal(x->observed, "covered by 10.1.0.0/16");
	assert_int_equal(res->nitems, 1);
	fx_free(f);
}

/* With every CE filtered out, one skipped result says so. */
static void
test_coverage_all_filtered(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;

	(void)state;
	fx_filter(f, only_fw);
	fx_run(f, "er-adv-coverage");
	assert_int_equal(fx_nresults(f, "er-adv-coverage"), 1);
	res = fx_result(f, "er-adv-coverage", ER_SCOPE);
	assert_non_null(res);
	assert_int_equal(res->status, EG_ST_SKIPPED);
	assert_non_null(res->reason);
	fx_free(f);
}

/* The device filter leaves out the other CE's result entirely. */
static void
test_coverage_filter_one(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	fx_filter(f, only_ce2);
	fx_run(f, "er-adv-coverage");
	assert_int_equal(fx_nresults(f, "er-adv-coverage"), 1);
	assert_null(fx_result(f, "er-adv-coverage", FX_CE1));
	fx_free(f);
}

/* Two missing replies: both reasons, the transport cause outranks the rest. */
static void
test_unknown_reasons_joined(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;

	(void)state;
	fx_obs_failed(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1, EG_ERPC, "SEA-MX03-01: rpc-error: denied");
	fx_obs_failed(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2, EG_ETRANSPORT, "SEA-MX03-02: refused");
	fx_run(f, "er-adv-symmetry");
	res = fx_result(f, "er-adv-symmetry", ER_SCOPE);
	assert_non_null(res);
	assert_int_equal(res->status, EG_ST_UNKNOWN);
	assert_int_equal(res->cause, EG_ETRANSPORT);
	assert_non_null(strstr(res->reason, "rpc-error: denied"));
	assert_non_null(strstr(res->reason, "SEA-MX03-02: refused"));
	fx_free(f);
}

/* nitems counts what was compared: the union of prefixes. */
static void
test_symmetry_nitems(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;

	(void)state;
	m_ce2_extra(f);
	fx_run(f, "er-adv-symmetry");
	res = fx_result(f, "er-adv-symmetry", ER_SCOPE);
	assert_non_null(res);
	assert_int_equal(res->nitems, 2);
	fx_free(f);
}

int
main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_coverage_note),
		cmocka_unit_test(test_coverage_all_filtered),
		cmocka_unit_test(test_coverage_filter_one),
		cmocka_unit_test(test_unknown_reasons_joined),
		cmocka_unit_test(test_symmetry_nitems),
	};

	return fx_run_cases("checks_adv", cases, sizeof(cases) / sizeof(cases[0]), extra,
			    sizeof(extra) / sizeof(extra[0]));
}
