/*
 * test_checks_azure.c - the Azure route exports: the reader (azure.c) on
 * every shape az CLI and PowerShell produce and on broken input, and the
 * azure-learned / azure-advertised checks (check_azure.c) as tables of
 * cases over exports of the seed's gateway (tests/data/azure/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "azure.h"
#include "check_fixture.h"

static const char *const only_ce1[] = { FX_CE1, NULL };

/* ------------------------------------------------------------ captured diagnostics */

static char logged[1024];

static void
capture(enum eg_log_level level, const char *where, const char *msg, void *arg)
{
	(void)level;
	(void)arg;
	snprintf(logged, sizeof(logged), "%s: %s", where ? where : "", msg);
}

static int
setup_log(void **state)
{
	(void)state;
	logged[0] = '\0';
	eg_log_set_sink(capture, NULL);
	return 0;
}

static int
teardown_log(void **state)
{
	(void)state;
	eg_log_set_sink(NULL, NULL);
	return 0;
}

/* ------------------------------------------------------------ the reader */

struct parse_case {
	const char *file;
	size_t nitems;
	size_t idx;		/* the route looked at */
	const char *network, *nexthop, *aspath, *origin, *source_peer, *local;
	uint32_t weight;
};

static const struct parse_case parse_cases[] = {
	{ "az-learned.json", 9, 3, "10.1.11.0/25", "10.17.11.69", "12076 65020", "IBgp",
	  "10.17.11.69", "10.17.11.76", 32769 },
	{ "az-learned.json", 9, 0, "10.17.11.0/25", "", "", "Network", "10.17.11.76",
	  "10.17.11.76", 32768 },
	{ "az-advertised.json", 4, 3, "10.17.11.128/26", "10.17.11.77", "65515", "Igp", "",
	  "10.17.11.77", 0 },
	{ "ps-learned.json", 8, 4, "10.1.11.0/25", "192.168.11.88", "65020", "EBgp",
	  "192.168.11.88", "10.17.11.77", 32768 },
	{ "ps-advertised-utf16.json", 4, 1, "10.17.11.128/26", "10.17.11.76", "65515", "Igp", "",
	  "10.17.11.76", 0 },
	{ "ps-advertised-single.json", 1, 0, "10.17.11.0/25", "10.17.11.76", "65515", "Igp", "",
	  "10.17.11.76", 0 },
};

static void
test_parse_shapes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct eg_azure_routes *a = NULL;
		const struct eg_azure_route *rt;
		char rel[128], buf[EG_PREFIX_STRLEN];

		snprintf(rel, sizeof(rel), "azure/%s", c->file);
		if (eg_azure_load(fx_data(rel), &a) != EG_OK)
			fail_msg("%s: did not load (%s)", c->file, logged);
		if (a->nitems != c->nitems) {
			print_error("%s: %zu routes, expected %zu\n", c->file, a->nitems, c->nitems);
			eg_azure_free(a);
			fail();
			return;
		}
		assert_non_null(strstr(a->source, c->file));
		rt = &a->items[c->idx];
		assert_string_equal(eg_prefix_fmt(&rt->prefix, buf), c->network);
		assert_string_equal(eg_addr_fmt(&rt->nexthop, buf), c->nexthop);
		assert_string_equal(rt->as_path, c->aspath);
		assert_string_equal(rt->origin, c->origin);
		assert_string_equal(eg_addr_fmt(&rt->source_peer, buf), c->source_peer);
		assert_string_equal(eg_addr_fmt(&rt->local_address, buf), c->local);
		assert_int_equal(rt->weight, c->weight);
		eg_azure_free(a);
	}
}

struct error_case {
	const char *file;	/* under tests/data/azure, or NULL: text below */
	const char *text;
	eg_err err;
	const char *logged;	/* substring of the diagnostic */
};

static const struct error_case error_cases[] = {
	{ "broken.json", NULL, EG_EPARSE, "broken.json:7: object value separator" },
	{ "bad-network.json", NULL, EG_EPARSE, "bad-network.json: route 2: bad network \"10.17.11.128/33\"" },
	{ "az-error.json", NULL, EG_EPARSE, "az-error.json: not a route list" },
	{ "no-such-file.json", NULL, EG_EIO, "no-such-file.json: cannot open" },
	{ NULL, "", EG_EPARSE, "mem.json: empty file" },
	{ NULL, "  \n", EG_EPARSE, "mem.json: empty file" },
	{ NULL, "[] []", EG_EPARSE, "mem.json:1: unexpected text after the JSON value" },
	{ NULL, "[{\"network\": \"10.1.11.0/25\"", EG_EPARSE, "mem.json:1: unexpected end of JSON" },
	{ NULL, "[{\"nextHop\": \"10.17.11.76\"}]", EG_EPARSE, "mem.json: route 1: no network" },
	{ NULL, "[42]", EG_EPARSE, "mem.json: route 1: not an object" },
	{ NULL, "[{\"network\": \"10.1.11.0/25\", \"nextHop\": \"Self\"}]", EG_EPARSE,
	  "route 1: bad nextHop \"Self\"" },
	{ NULL, "[{\"network\": \"10.1.11.0/25\", \"weight\": -1}]", EG_EPARSE,
	  "route 1: weight out of range" },
	{ NULL, "[{\"network\": \"10.1.11.0/25\", \"weight\": \"heavy\"}]", EG_EPARSE,
	  "route 1: bad weight \"heavy\"" },
	{ NULL, "\"10.1.11.0/25\"", EG_EPARSE, "not a route list" },
	{ NULL, "42", EG_EPARSE, "mem.json: not a route list" },
};

static void
test_parse_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const struct error_case *c = &error_cases[i];
		struct eg_azure_routes *a = (struct eg_azure_routes *)&a;	/* must be reset */
		char rel[128];
		eg_err err;

		logged[0] = '\0';
		if (c->file != NULL) {
			snprintf(rel, sizeof(rel), "azure/%s", c->file);
			err = eg_azure_load(fx_data(rel), &a);
		} else {
			err = eg_azure_load_mem("mem.json", c->text, strlen(c->text), &a);
		}
		if (err != c->err || a != NULL || strstr(logged, c->logged) == NULL)
			fail_msg("case %zu: err %s (want %s), logged \"%s\" (want \"%s\")", i,
				 eg_strerror(err), eg_strerror(c->err), logged, c->logged);
	}
}

/* Details of the JSON az and PowerShell write: BOMs, string weights, separators. */
static void
test_parse_variants(void **state)
{
	static const char bom[] = "\xef\xbb\xbf{\"Value\": [{\"NETWORK\": \"10.1.11.0/25\", "
				  "\"asPath\": \"12076, 65020\", \"weight\": \"32769\", "
				  "\"unknownField\": {\"x\": 1}}]}";
	static const char empty_list[] = "{\"value\": []}";
	struct eg_azure_routes *a = NULL;

	(void)state;
	assert_int_equal(eg_azure_load_mem("bom.json", bom, sizeof(bom) - 1, &a), EG_OK);
	assert_int_equal(a->nitems, 1);
	assert_string_equal(a->items[0].as_path, "12076 65020");
	assert_int_equal(a->items[0].weight, 32769);
	assert_null(a->items[0].origin);
	assert_int_equal(a->items[0].nexthop.family, 0);
	eg_azure_free(a);

	assert_int_equal(eg_azure_load_mem("empty.json", empty_list, sizeof(empty_list) - 1, &a),
			 EG_OK);
	assert_int_equal(a->nitems, 0);
	eg_azure_free(a);
	eg_azure_free(NULL);
}

/* ------------------------------------------------------------ azure-learned */

static void
m_learned_az(struct fx *f)
{
	fx_azure(f, "az-learned.json", true);
}

static void
m_learned_ps(struct fx *f)
{
	fx_azure(f, "ps-learned.json", true);
}

/* Keep only the routes of the export for which keep() is true. */
static void
keep_only(struct eg_azure_routes *a, bool (*keep)(const struct eg_azure_route *))
{
	size_t i, n = 0;

	for (i = 0; i < a->nitems; i++) {
		if (keep(&a->items[i])) {
			a->items[n++] = a->items[i];
		} else {
			free(a->items[i].as_path);
			free(a->items[i].origin);
		}
	}
	a->nitems = n;
}

static bool
not_from_fw(const struct eg_azure_route *rt)
{
	struct eg_addr fw = fx_addr(FX_VPN_LOCAL);

	return !eg_addr_eq(&rt->nexthop, &fw) && !eg_addr_eq(&rt->source_peer, &fw);
}

static bool
not_er(const struct eg_azure_route *rt)
{
	return rt->weight != 32769;
}

static void
m_learned_no_vpn(struct fx *f)
{
	keep_only(fx_azure(f, "ps-learned.json", true), not_from_fw);
}

static void
m_learned_vpn_only(struct fx *f)
{
	keep_only(fx_azure(f, "az-learned.json", true), not_er);
}

static void
set_aspath(struct eg_azure_route *rt, const char *as)
{
	free(rt->as_path);
	rt->as_path = fx_strdup(as);
}

static void
m_learned_prepend(struct fx *f)
{
	set_aspath(&fx_azure(f, "ps-learned.json", true)->items[0], "65020 65020");
}

/* ExpressRoute routes exist, but only for another prefix. */
static void
m_learned_er_other(struct fx *f)
{
	struct eg_azure_routes *a = fx_azure(f, "az-learned.json", true);
	size_t i;

	for (i = 0; i < a->nitems; i++)
		if (a->items[i].weight == 32769)
			a->items[i].prefix = fx_prefix("10.1.99.0/24");
}

static void
m_learned_er_bad_path(struct fx *f)
{
	struct eg_azure_routes *a = fx_azure(f, "ps-learned.json", true);
	size_t i;

	for (i = 0; i < a->nitems; i++)
		if (a->items[i].weight == 32769)
			set_aspath(&a->items[i], "65020");
}

/* ------------------------------------------------------------ azure-advertised */

static void
m_adv_az(struct fx *f)
{
	fx_azure(f, "az-advertised.json", false);
}

static void
m_adv_utf16(struct fx *f)
{
	fx_azure(f, "ps-advertised-utf16.json", false);
}

static void
m_adv_single(struct fx *f)
{
	fx_azure(f, "ps-advertised-single.json", false);
}

/* An export that names no gateway instance: every route counts for each peer. */
static void
m_adv_unnamed(struct fx *f)
{
	struct eg_azure_routes *a = fx_azure(f, "az-advertised.json", false);
	size_t i;

	for (i = 0; i < a->nitems; i++) {
		memset(&a->items[i].nexthop, 0, sizeof(struct eg_addr));
		memset(&a->items[i].local_address, 0, sizeof(struct eg_addr));
	}
}

static void
m_adv_extra(struct fx *f)
{
	struct eg_azure_routes *a = fx_azure(f, "az-advertised.json", false);
	struct eg_azure_route *rt;

	a->items = fx_chk(realloc(a->items, (a->nitems + 1) * sizeof(*a->items)));
	rt = &a->items[a->nitems++];
	memset(rt, 0, sizeof(*rt));
	rt->prefix = fx_prefix("10.99.0.0/16");
	rt->as_path = fx_strdup("65515");
}

static void
m_adv_fw_lacks_spoke(struct fx *f)
{
	m_adv_az(f);
	fx_path_add(fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN2), FX_HUB,
		    (struct fx_path){ .as = FX_VPN_AS, .to = FX_VPN2, .lp = -1, .med = -1 });
}

static void
m_adv_fw_prepended(struct fx *f)
{
	m_adv_az(f);
	fx_path(f, FX_FW, EG_Q_RECEIVED, FX_VPN1, FX_HUB, 0)->as_path =
		fx_intern(f, FX_FW, EG_Q_RECEIVED, FX_VPN1, "65515 65515 I");
}

static void
m_adv_recv_failed(struct fx *f)
{
	m_adv_az(f);
	fx_obs_failed(f, FX_FW, EG_Q_RECEIVED, FX_VPN1, EG_ERPC,
		      "SEA-SRX42-01: rpc-error: syntax error, expecting <peer>");
}

static void
m_adv_filtered(struct fx *f)
{
	m_adv_az(f);
	fx_filter(f, only_ce1);
}

static const struct fx_case cases[] = {
	/* azure-learned */
	FX_SKIP("azure-learned/no-export", "azure-learned", NULL, FX_FW, "--azure-learned"),
	FX_PASS("azure-learned/az-cli", "azure-learned", m_learned_az, FX_FW),
	FX_PASS("azure-learned/powershell", "azure-learned", m_learned_ps, FX_FW),
	FX_PASS("azure-learned/vpn-only-export", "azure-learned", m_learned_vpn_only, FX_FW),
	FX_FAIL("azure-learned/not-from-firewall", "azure-learned", m_learned_no_vpn, FX_FW,
		1, "", FX_ONPREM, FX_VPN_LOCAL,
		"learned from 192.168.11.88, AS path 65020", "not learned from the firewall"),
	FX_FAIL("azure-learned/prepended", "azure-learned", m_learned_prepend, FX_FW,
		1, "", FX_ONPREM, FX_VPN_LOCAL,
		"AS path 65020", "AS path 65020 65020"),
	FX_FAIL("azure-learned/not-over-er", "azure-learned", m_learned_er_other, FX_FW,
		1, "", FX_ONPREM, "",
		"learned over ExpressRoute, AS path starting 12076", "not learned over ExpressRoute"),
	FX_FAIL("azure-learned/er-path", "azure-learned", m_learned_er_bad_path, FX_FW,
		4, "", FX_ONPREM, "",
		"AS path starting 12076", "AS path 65020"),

	/* azure-advertised */
	FX_SKIP("azure-advertised/no-export", "azure-advertised", NULL, FX_FW,
		"--azure-advertised"),
	FX_PASS("azure-advertised/az-cli", "azure-advertised", m_adv_az, FX_FW),
	FX_PASS("azure-advertised/powershell-utf16", "azure-advertised", m_adv_utf16, FX_FW),
	FX_PASS("azure-advertised/unnamed", "azure-advertised", m_adv_unnamed, FX_FW),
	FX_FAIL("azure-advertised/one-route", "azure-advertised", m_adv_single, FX_FW,
		4, "", FX_SPOKE, "",
		"advertised by the Azure gateway", "not advertised"),
	FX_FAIL("azure-advertised/extra", "azure-advertised", m_adv_extra, FX_FW,
		1, "", "10.99.0.0/16", "",
		"only the Azure prefixes of the intent", "advertised, AS path 65515"),
	FX_FAIL("azure-advertised/firewall-lacks", "azure-advertised", m_adv_fw_lacks_spoke, FX_FW,
		1, FX_FW, FX_SPOKE, FX_VPN2,
		"received from 10.17.11.77 (the gateway advertises it)", "not received"),
	FX_FAIL("azure-advertised/as-path", "azure-advertised", m_adv_fw_prepended, FX_FW,
		1, FX_FW, FX_HUB, FX_VPN1,
		"AS path 65515 (Azure)", "AS path 65515 65515 I (received by SEA-SRX42-01)"),
	FX_UNKNOWN("azure-advertised/unknown", "azure-advertised", m_adv_recv_failed, FX_FW,
		EG_ERPC, "expecting <peer>"),
	FX_SKIP("azure-advertised/filtered", "azure-advertised", m_adv_filtered, FX_FW,
		"needs SEA-SRX42-01"),
};

int
main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test_setup_teardown(test_parse_shapes, setup_log, teardown_log),
		cmocka_unit_test_setup_teardown(test_parse_errors, setup_log, teardown_log),
		cmocka_unit_test_setup_teardown(test_parse_variants, setup_log, teardown_log),
	};

	return fx_run_cases("checks_azure", cases, sizeof(cases) / sizeof(cases[0]), extra,
			    sizeof(extra) / sizeof(extra[0]));
}
