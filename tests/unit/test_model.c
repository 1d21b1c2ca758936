/*
 * test_model.c - addresses, prefixes, AS paths, the string pool, route
 * tables and configuration inheritance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"

static void
test_addr_parse(void **state)
{
	static const struct {
		const char *in;
		eg_err err;
		const char *out;
	} cases[] = {
		{ "10.17.11.76", EG_OK, "10.17.11.76" },
		{ "  192.168.11.18\n ", EG_OK, "192.168.11.18" },
		{ "10.2.1.253+179", EG_OK, "10.2.1.253" },
		{ "2001:db8::1", EG_OK, "2001:db8::1" },
		{ "2001:db8::1+179", EG_OK, "2001:db8::1" },
		{ "10.17.11", EG_EPARSE, "" },
		{ "10.17.11.256", EG_EPARSE, "" },
		{ "", EG_EPARSE, "" },
		{ "Self", EG_EPARSE, "" },
		{ "10.1.1.1+x", EG_EPARSE, "" },
	};
	char buf[EG_ADDR_STRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_addr a;
		assert_int_equal(eg_addr_parse(cases[i].in, &a), cases[i].err);
		assert_string_equal(eg_addr_fmt(&a, buf), cases[i].out);
	}
}

static void
test_prefix_parse(void **state)
{
	static const struct {
		const char *in;
		eg_err err;
		const char *out;
	} cases[] = {
		{ "10.17.11.0/25", EG_OK, "10.17.11.0/25" },
		{ "10.17.11.130/26", EG_OK, "10.17.11.128/26" },	/* host bits cleared */
		{ "10.1.11.10", EG_OK, "10.1.11.10/32" },
		{ "0.0.0.0/0", EG_OK, "0.0.0.0/0" },
		{ "2001:db8:ffff::/33", EG_OK, "2001:db8:8000::/33" },
		{ "10.0.0.0/33", EG_EPARSE, "" },
		{ "10.0.0.0/", EG_EPARSE, "" },
		{ "10.0.0.0/2x", EG_EPARSE, "" },
		{ "/24", EG_EPARSE, "" },
	};
	char buf[EG_PREFIX_STRLEN];
	struct eg_prefix p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(eg_prefix_parse(cases[i].in, &p), cases[i].err);
		assert_string_equal(eg_prefix_fmt(&p, buf), cases[i].out);
	}
	assert_int_equal(eg_prefix_parse2("1.0.4.0", " 24\n", &p), EG_OK);
	assert_string_equal(eg_prefix_fmt(&p, buf), "1.0.4.0/24");
	assert_int_equal(eg_prefix_parse2("1.0.4.0/22", NULL, &p), EG_OK);
	assert_string_equal(eg_prefix_fmt(&p, buf), "1.0.4.0/22");
}

static void
test_prefix_covers(void **state)
{
	static const struct {
		const char *outer, *inner;
		bool covers;
	} cases[] = {
		{ "10.1.11.0/25", "10.1.11.0/26", true },
		{ "10.1.11.0/25", "10.1.11.64/26", true },
		{ "10.1.11.0/25", "10.1.11.128/26", false },
		{ "10.1.11.0/25", "10.1.11.0/25", true },
		{ "10.1.11.0/26", "10.1.11.0/25", false },
		{ "0.0.0.0/0", "10.1.11.0/25", true },
		{ "2001:db8::/32", "10.1.11.0/25", false },
	};
	struct eg_prefix a, b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(eg_prefix_parse(cases[i].outer, &a), EG_OK);
		assert_int_equal(eg_prefix_parse(cases[i].inner, &b), EG_OK);
		assert_int_equal(eg_prefix_covers(&a, &b), cases[i].covers);
	}
}

static void
test_aspath(void **state)
{
	static const struct {
		const char *in, *out;
		uint32_t first;
	} cases[] = {
		{ "65001 I\n   ", "65001 I", 65001 },
		{ "AS path: 12076 I\n", "12076 I", 12076 },
		{ "AS path:  6939   4637 I", "6939 4637 I", 6939 },
		{ "[65020] I", "[65020] I", 65020 },
		{ "I", "I", 0 },
		{ "", "", 0 },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		eg_aspath_normalise(cases[i].in, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(eg_aspath_first_as(buf), cases[i].first);
	}
	eg_aspath_normalise("65001 65002 65003 I", buf, 8);
	assert_int_equal(strlen(buf), 7);
}

static void
test_strpool(void **state)
{
	struct eg_strpool *pool = eg_strpool_new();
	const char *a, *b, *c;
	char key[32];
	int i;

	(void)state;
	assert_non_null(pool);
	a = eg_strpool_intern(pool, "12076 Ixyz", 7);
	b = eg_strpool_intern(pool, "12076 I", 7);
	c = eg_strpool_intern(pool, "65515 I", 7);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_string_equal(a, "12076 I");
	/* Many distinct strings force rehashing and several blocks. */
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "path-%d", i);
		assert_non_null(eg_strpool_intern(pool, key, strlen(key)));
	}
	assert_ptr_equal(eg_strpool_intern(pool, "12076 I", 7), a);
	snprintf(key, sizeof(key), "path-%d", 4321);
	assert_string_equal(eg_strpool_intern(pool, key, strlen(key)), "path-4321");
	eg_strpool_free(pool);
	eg_strpool_free(NULL);
}

static void
test_rib(void **state)
{
	static const char *const order[] = {
		"10.17.11.128/26", "10.17.11.0/25", "10.1.11.0/25", "10.17.11.0/25",
	};
	struct eg_rib *rib = eg_rib_new("Cust11.inet.0");
	struct eg_path p;
	const struct eg_path *first;
	struct eg_prefix q;
	size_t i;

	(void)state;
	assert_non_null(rib);
	for (i = 0; i < 4; i++) {
		memset(&p, 0, sizeof(p));
		assert_int_equal(eg_prefix_parse(order[i], &p.prefix), EG_OK);
		p.local_pref = (uint32_t)(100 + i);
		assert_int_equal(eg_rib_add(rib, &p), EG_OK);
	}
	assert_false(rib->sorted);
	assert_int_equal(eg_rib_ndest(rib), 3);
	assert_int_equal(eg_prefix_parse("10.17.11.0/25", &q), EG_OK);
	assert_int_equal(eg_rib_find(rib, &q, &first), 2);
	/* reply order kept within a destination */
	assert_int_equal(first[0].local_pref, 101);
	assert_int_equal(first[1].local_pref, 103);
	assert_int_equal(eg_prefix_parse("10.17.11.0/24", &q), EG_OK);
	assert_int_equal(eg_rib_find(rib, &q, &first), 0);
	assert_null(first);
	eg_rib_free(rib);
	eg_rib_free(NULL);
}

/*
 * 100k paths: the array grows from the heap into its own mappings (past
 * 512 kB) and through several of them; every path must survive each move
 * and the merge sort.
 */
static void
test_rib_large_sort(void **state)
{
	struct eg_rib *rib = eg_rib_new(NULL);
	struct eg_path p;
	uint64_t sum = 0, want = 0;
	size_t i, n = 100000;

	(void)state;
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		p.prefix.addr.family = 4;
		p.prefix.addr.bytes[0] = 10;
		p.prefix.addr.bytes[1] = (uint8_t)((i * 7919) % 251);
		p.prefix.addr.bytes[2] = (uint8_t)(i % 256);
		p.prefix.addr.bytes[3] = (uint8_t)(i / 256 % 256);
		p.prefix.len = 32;
		p.med = (uint32_t)i;
		p.local_pref = (uint32_t)(n - i);
		assert_int_equal(eg_rib_add(rib, &p), EG_OK);
		want += i;
	}
	assert_int_equal(rib->npaths, n);
	assert_true(rib->cap >= n);
	for (i = 0; i < n; i++) {
		assert_int_equal(rib->paths[i].med, i);
		assert_int_equal(rib->paths[i].local_pref, n - i);
	}
	assert_false(rib->sorted);
	eg_rib_sort(rib);
	for (i = 1; i < rib->npaths; i++)
		assert_true(eg_prefix_cmp(&rib->paths[i - 1].prefix, &rib->paths[i].prefix) <= 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(rib->paths[i].med + rib->paths[i].local_pref, n);
		sum += rib->paths[i].med;
	}
	assert_int_equal(sum, want);
	eg_rib_free(rib);
}

static void
test_bgp_effective(void **state)
{
	struct eg_bgp_neighbor_cfg nb;
	struct eg_bgp_group_cfg g;
	struct eg_instance_cfg ic;
	struct eg_bgp_opts eff;
	struct eg_addr a;

	(void)state;
	memset(&ic, 0, sizeof(ic));
	memset(&g, 0, sizeof(g));
	memset(&nb, 0, sizeof(nb));
	ic.bgp_opts.has_local_pref = true;
	ic.bgp_opts.local_pref = 90;
	ic.bgp_opts.has_bfd = true;
	ic.bgp_opts.bfd_min_interval = 1000;
	g.opts.has_local_pref = true;
	g.opts.local_pref = 150;
	assert_int_equal(eg_addr_parse("192.168.11.1", &nb.addr), EG_OK);
	g.neighbors = &nb;
	g.nneighbors = 1;
	ic.groups = &g;
	ic.ngroups = 1;

	eg_bgp_effective(&ic, &g, &nb, &eff);
	assert_true(eff.has_local_pref);
	assert_int_equal(eff.local_pref, 150);
	assert_true(eff.has_bfd);
	assert_int_equal(eff.bfd_min_interval, 1000);

	nb.opts.has_bfd = true;
	nb.opts.bfd_min_interval = 300;
	nb.opts.bfd_multiplier = 3;
	eg_bgp_effective(&ic, &g, &nb, &eff);
	assert_int_equal(eff.bfd_min_interval, 300);
	assert_int_equal(eff.bfd_multiplier, 3);

	assert_ptr_equal(eg_instance_group_of(&ic, &nb.addr, NULL), &g);
	assert_int_equal(eg_addr_parse("192.168.11.3", &a), EG_OK);
	assert_null(eg_instance_group_of(&ic, &a, NULL));
}

static void
test_parse_u32(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(eg_parse_u32(" 150\n", &v), EG_OK);
	assert_int_equal(v, 150);
	assert_int_equal(eg_parse_u32("4294967295", &v), EG_OK);
	assert_int_equal(v, 4294967295u);
	assert_int_equal(eg_parse_u32("4294967296", &v), EG_EPARSE);
	assert_int_equal(eg_parse_u32("-1", &v), EG_EPARSE);
	assert_int_equal(eg_parse_u32("<*>", &v), EG_EPARSE);
	assert_int_equal(eg_parse_u32("15 0", &v), EG_EPARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_prefix_covers),
		cmocka_unit_test(test_aspath),
		cmocka_unit_test(test_strpool),
		cmocka_unit_test(test_rib),
		cmocka_unit_test(test_rib_large_sort),
		cmocka_unit_test(test_bgp_effective),
		cmocka_unit_test(test_parse_u32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
