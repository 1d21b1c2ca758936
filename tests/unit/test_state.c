/*
 * test_state.c - queries <-> CLI commands (the snapshot file names), the
 * plan's lookups, and observation bookkeeping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "state.h"

static void
test_command_roundtrip(void **state)
{
	static const char *const cmds[] = {
		"show configuration routing-instances Cust11",
		"show route table Cust11.inet.0",
		"show route table Cust11.inet.0 detail",
		"show route advertising-protocol bgp 192.168.11.18 table Cust11.inet.0 detail",
		"show route receive-protocol bgp 10.17.11.76 table Cust11.inet.0",
		"show bgp summary instance Cust11",
		"show bgp neighbor instance Cust11",
		"show bgp neighbor 192.168.11.18 instance Cust11",
		"show bfd session",
		"show bfd session extensive",
		"show route instance Cust11 detail",
		"traceroute 10.17.11.132 routing-instance Cust11",
	};
	struct eg_query q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *back;
		assert_int_equal(eg_query_from_command(cmds[i], &q), EG_OK);
		back = eg_query_command(&q);
		assert_non_null(back);
		assert_string_equal(back, cmds[i]);
		free(back);
		eg_query_clear(&q);
	}
}

static void
test_command_variants(void **state)
{
	struct eg_query q;
	char buf[EG_ADDR_STRLEN];

	(void)state;
	assert_int_equal(eg_query_from_command(
		"show route advertising-protocol bgp 10.17.11.77 table Cust11.inet.0 | display xml", &q), EG_OK);
	assert_int_equal(q.kind, EG_Q_ADVERTISED);
	assert_string_equal(eg_addr_fmt(&q.peer, buf), "10.17.11.77");
	assert_string_equal(q.table, "Cust11.inet.0");
	assert_null(q.detail);
	eg_query_clear(&q);

	assert_int_equal(eg_query_from_command("show route table Cust11.inet.0 brief", &q), EG_OK);
	assert_null(q.detail);
	eg_query_clear(&q);

	static const char *const bad[] = {
		"show route", "show route advertising-protocol bgp nothere table X",
		"show interfaces terse", "request system reboot", "", "show bgp summary",
		"show configuration routing-instances",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(eg_query_from_command(bad[i], &q), EG_EPARSE);
}

static void
test_state_find(void **state)
{
	struct eg_state *st = eg_state_new();
	struct eg_query q;
	struct eg_obs *o1, *o2;
	struct eg_addr a, b;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.kind = EG_Q_ADVERTISED;
	q.device = "SEA-SRX42-01";
	q.instance = "Cust11";
	q.table = "Cust11.inet.0";
	assert_int_equal(eg_addr_parse("10.17.11.76", &a), EG_OK);
	assert_int_equal(eg_addr_parse("10.17.11.77", &b), EG_OK);
	q.peer = a;
	assert_int_equal(eg_state_add(st, &q, &o1), EG_OK);
	assert_int_equal(o1->status, EG_ENOTFOUND);
	q.peer = b;
	assert_int_equal(eg_state_add(st, &q, &o2), EG_OK);
	eg_obs_fail(o2, EG_ETIMEOUT, "%s: timeout after %d s", "SEA-SRX42-01", 10);

	o1 = &st->obs[0];
	assert_ptr_equal(eg_state_find(st, "SEA-SRX42-01", EG_Q_ADVERTISED, "Cust11", &a), o1);
	assert_ptr_equal(eg_state_find(st, "SEA-SRX42-01", EG_Q_ADVERTISED, "Cust11", &b), &st->obs[1]);
	assert_string_equal(st->obs[1].why, "SEA-SRX42-01: timeout after 10 s");
	assert_int_equal(st->obs[1].status, EG_ETIMEOUT);
	assert_null(eg_state_find(st, "SEA-MX03-01", EG_Q_ADVERTISED, "Cust11", &a));
	assert_null(eg_state_find(st, "SEA-SRX42-01", EG_Q_RECEIVED, "Cust11", &a));
	assert_null(eg_state_find(st, "SEA-SRX42-01", EG_Q_ADVERTISED, "Cust12", &a));
	eg_state_free(st);
	eg_state_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_roundtrip),
		cmocka_unit_test(test_command_variants),
		cmocka_unit_test(test_state_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
