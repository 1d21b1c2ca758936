/*
 * test_checks_rib.c - the checks on the firewall's table (check_rib.c):
 * lp-rib, active-path and backup-ready, as tables of cases over the
 * seed's "show route table Cust11.inet.0" and its faults.
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

/* Paths of each Azure prefix in the fixture's table, in this order. */
enum { P_CE1, P_CE2, P_VPN1, P_VPN2 };

static struct eg_path *
path(struct fx *f, const char *prefix, size_t n)
{
	return fx_path(f, FX_FW, EG_Q_ROUTES, NULL, prefix, n);
}

static void
set_lp(struct fx *f, size_t n, uint32_t lp)
{
	path(f, FX_HUB, n)->local_pref = lp;
	path(f, FX_SPOKE, n)->local_pref = lp;
}

/*
 * Rebuild the firewall's table: the CE paths, then the VPN paths of the
 * peers asked for (vpn2_spoke: whether VPN2's path to the spoke exists).
 */
static struct eg_rib *
rebuild(struct fx *f, bool vpn1, bool vpn2, bool vpn2_spoke, bool spoke)
{
	static const char *const pfx[] = { FX_HUB, FX_SPOKE };
	struct eg_rib *rib = fx_rib_reset(f, FX_FW, EG_Q_ROUTES, NULL);
	size_t i;

	for (i = 0; i < 2; i++) {
		if (i == 1 && !spoke)
			break;
		fx_path_add(rib, pfx[i], (struct fx_path){ .as = FX_ER_AS, .to = FX_CE1_ADDR,
							  .via = FX_RETH_CE1, .lp = FX_LP, .med = -1,
							  .active = true });
		fx_path_add(rib, pfx[i], (struct fx_path){ .as = FX_ER_AS, .to = FX_CE2_ADDR,
							  .via = FX_RETH_CE2, .lp = FX_LP, .med = -1 });
		if (vpn1)
			fx_path_add(rib, pfx[i], (struct fx_path){ .as = FX_VPN_AS, .from = FX_VPN1,
								  .via = FX_TUN1, .lp = FX_VPN_LP,
								  .med = -1 });
		if (vpn2 && (i == 0 || vpn2_spoke))
			fx_path_add(rib, pfx[i], (struct fx_path){ .as = FX_VPN_AS, .from = FX_VPN2,
								  .via = FX_TUN2, .lp = FX_VPN_LP,
								  .med = -1 });
	}
	return rib;
}

/* ------------------------------------------------------------ mutations */

static void
m_ce2_lp100(struct fx *f)
{
	set_lp(f, P_CE2, 100);
}

static void
m_vpn_lp120(struct fx *f)
{
	set_lp(f, P_VPN1, 120);
	set_lp(f, P_VPN2, 120);
}

static void
m_no_vpn_paths(struct fx *f)
{
	rebuild(f, false, false, false, true);
}

static void
m_routes_missing(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ROUTES, NULL, EG_ENOTFOUND,
		      "SEA-SRX42-01: no saved reply (looked for snap/SEA-SRX42-01/show_route_table_Cust11.inet.0.xml)");
}

static void
m_routes_timeout(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ROUTES, NULL, EG_ETIMEOUT, "SEA-SRX42-01: timeout after 30 s");
}

static void
m_routes_parse(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ROUTES, NULL, EG_EPARSE,
		      "SEA-SRX42-01: line 40: expected element route-table");
}

static void
m_ce1_no_lp(struct fx *f)
{
	path(f, FX_HUB, P_CE1)->flags &= (uint8_t)~EG_PATH_HAS_LP;
}

/* A path that names no CE but carries Microsoft's AS first. */
static void
m_er_by_aspath(struct fx *f)
{
	fx_path_add(fx_obs(f, FX_FW, EG_Q_ROUTES, NULL)->u.rib, FX_HUB,
		    (struct fx_path){ .as = FX_ER_AS, .lp = 120, .med = -1 });
}

/* The active-path scenario: a VPN import policy sets local-preference 200. */
static void
m_vpn_active(struct fx *f)
{
	static const char *const pfx[] = { FX_HUB, FX_SPOKE };
	size_t i;

	for (i = 0; i < 2; i++) {
		path(f, pfx[i], P_CE1)->flags &= (uint8_t)~EG_PATH_ACTIVE;
		path(f, pfx[i], P_VPN1)->flags |= EG_PATH_ACTIVE;
	}
	set_lp(f, P_VPN1, 200);
	set_lp(f, P_VPN2, 200);
}

/* The lab's active-path scenario: a leftover static route to the hub. */
static void
m_static_hub(struct fx *f)
{
	path(f, FX_HUB, P_CE1)->flags &= (uint8_t)~EG_PATH_ACTIVE;
	fx_path_add(fx_obs(f, FX_FW, EG_Q_ROUTES, NULL)->u.rib, FX_HUB,
		    (struct fx_path){ .via = FX_TUN1, .lp = -1, .med = -1, .active = true,
				      .proto = EG_PROTO_STATIC });
}

static void
m_no_spoke(struct fx *f)
{
	rebuild(f, true, true, true, false);
}

static void
m_spoke_inactive(struct fx *f)
{
	path(f, FX_SPOKE, P_CE1)->flags &= (uint8_t)~EG_PATH_ACTIVE;
}

static void
m_vpn2_no_spoke(struct fx *f)
{
	rebuild(f, true, true, false, true);
}

static void
m_filter_ce1(struct fx *f)
{
	fx_filter(f, only_ce1);
}

/* VPN paths known only by their tunnel (no learned-from in the reply). */
static void
m_vpn_by_tunnel(struct fx *f)
{
	static const char *const pfx[] = { FX_HUB, FX_SPOKE };
	size_t i;

	for (i = 0; i < 2; i++) {
		memset(&path(f, pfx[i], P_VPN1)->learned_from, 0, sizeof(struct eg_addr));
		memset(&path(f, pfx[i], P_VPN2)->learned_from, 0, sizeof(struct eg_addr));
	}
}

/* ------------------------------------------------------------ the table */

static const struct fx_case cases[] = {
	/* lp-rib */
	FX_PASS("lp-rib/compliant", "lp-rib", NULL, FX_FW),
	FX_FAIL("lp-rib/ce2-default-lp", "lp-rib", m_ce2_lp100, FX_FW,
		2, FX_FW, FX_HUB, FX_CE2_ADDR,
		"local-preference 150", "local-preference 100"),
	FX_FAIL("lp-rib/vpn-lp-120", "lp-rib", m_vpn_lp120, FX_FW,
		4, FX_FW, FX_HUB, FX_VPN1,
		"local-preference 100", "local-preference 120"),
	FX_FAIL("lp-rib/er-by-as-path", "lp-rib", m_er_by_aspath, FX_FW,
		1, FX_FW, FX_HUB, "",
		"local-preference 150", "local-preference 120"),
	FX_PASS("lp-rib/no-vpn-paths", "lp-rib", m_no_vpn_paths, FX_FW),
	FX_PASS("lp-rib/static-not-judged", "lp-rib", m_static_hub, FX_FW),
	FX_UNKNOWN("lp-rib/no-lp-shown", "lp-rib", m_ce1_no_lp, FX_FW, EG_OK, NULL),
	FX_UNKNOWN("lp-rib/missing-table", "lp-rib", m_routes_missing, FX_FW,
		EG_ENOTFOUND, "no saved reply"),
	FX_SKIP("lp-rib/filtered", "lp-rib", m_filter_ce1, FX_FW, "needs SEA-SRX42-01"),

	/* active-path */
	FX_PASS("active-path/compliant", "active-path", NULL, FX_FW),
	FX_FAIL("active-path/vpn-preferred", "active-path", m_vpn_active, FX_FW,
		2, FX_FW, FX_HUB, FX_VPN1,
		"BGP via a CE (192.168.11.0 or 192.168.11.2), AS path starting 12076",
		"BGP, AS path 65515 I, from 10.17.11.76 via st0.118"),
	FX_FAIL("active-path/static", "active-path", m_static_hub, FX_FW,
		1, FX_FW, FX_HUB, "st0.118",
		NULL, "Static via st0.118"),
	FX_FAIL("active-path/missing-prefix", "active-path", m_no_spoke, FX_FW,
		1, FX_FW, FX_SPOKE, "",
		NULL, "not in the table"),
	FX_FAIL("active-path/none-active", "active-path", m_spoke_inactive, FX_FW,
		1, FX_FW, FX_SPOKE, "",
		NULL, "no active path"),
	FX_PASS("active-path/backup-gone", "active-path", m_no_vpn_paths, FX_FW),
	FX_UNKNOWN("active-path/timeout", "active-path", m_routes_timeout, FX_FW,
		EG_ETIMEOUT, "timeout after 30 s"),
	FX_SKIP("active-path/filtered", "active-path", m_filter_ce1, FX_FW, "needs SEA-SRX42-01"),

	/* backup-ready */
	FX_PASS("backup-ready/compliant", "backup-ready", NULL, FX_FW),
	FX_PASS("backup-ready/by-tunnel", "backup-ready", m_vpn_by_tunnel, FX_FW),
	FX_FAIL("backup-ready/rejected", "backup-ready", m_no_vpn_paths, FX_FW,
		4, FX_FW, FX_HUB, FX_VPN1,
		"a path from VPN gateway peer 10.17.11.76", "no path from 10.17.11.76 among 2"),
	FX_FAIL("backup-ready/vpn2-no-spoke", "backup-ready", m_vpn2_no_spoke, FX_FW,
		1, FX_FW, FX_SPOKE, FX_VPN2,
		"a path from VPN gateway peer 10.17.11.77", "no path from 10.17.11.77 among 3"),
	FX_FAIL("backup-ready/missing-prefix", "backup-ready", m_no_spoke, FX_FW,
		2, FX_FW, FX_SPOKE, FX_VPN1,
		NULL, "10.17.11.128/26 not in the table"),
	FX_UNKNOWN("backup-ready/parse-error", "backup-ready", m_routes_parse, FX_FW,
		EG_EPARSE, "expected element route-table"),
	FX_SKIP("backup-ready/filtered", "backup-ready", m_filter_ce1, FX_FW, "needs SEA-SRX42-01"),
};

/* nitems: lp-rib counts the paths judged (4 per Azure prefix in the seed). */
static void
test_lp_rib_nitems(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;

	(void)state;
	fx_run(f, "lp-rib");
	res = fx_result(f, "lp-rib", FX_FW);
	assert_non_null(res);
	assert_int_equal(res->nitems, 8);
	fx_run(f, "backup-ready");
	res = fx_result(f, "backup-ready", FX_FW);
	assert_non_null(res);
	assert_int_equal(res->nitems, 4);
	fx_free(f);
}

/* The message of a failing path names where it came from. */
static void
test_lp_rib_message(void **state)
{
	struct fx *f = fx_new();
	const struct eg_result *res;
	const struct eg_finding *x;

	(void)state;
	m_ce2_lp100(f);
	fx_run(f, "lp-rib");
	res = fx_result(f, "lp-rib", FX_FW);
	assert_non_null(res);
	x = fx_finding(res, EG_ST_FAIL);
	assert_non_null(x);
	assert_non_null(strstr(x->message, "via CE SEA-MX03-02 (secondary link)"));
	fx_free(f);
}

int
main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_lp_rib_nitems),
		cmocka_unit_test(test_lp_rib_message),
	};

	return fx_run_cases("checks_rib", cases, sizeof(cases) / sizeof(cases[0]), extra,
			    sizeof(extra) / sizeof(extra[0]));
}
