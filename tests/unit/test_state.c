/*
 * test_state.c - queries <-> CLI commands (the snapshot file names), the
 * query table's rows, the plan's lookups, and observation bookkeeping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "junos.h"
#include "query.h"
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

/*
 * The IPv4 and IPv6 twins share their templates: the table's name tells
 * a saved command's family, and each family's kind maps to the other's.
 */
static void
test_command_family(void **state)
{
	static const struct {
		const char *cmd;
		enum eg_qkind kind;
	} cases[] = {
		{ "show route table Cust11.inet6.0", EG_Q_ROUTES6 },
		{ "show route table inet6.0 detail", EG_Q_ROUTES6 },
		{ "show route table Cust11.inet.0", EG_Q_ROUTES },
		{ "show route table Cust11inet6.0", EG_Q_ROUTES },
		{ "show route advertising-protocol bgp 2001:db8:11:16::2 table Cust11.inet6.0 detail",
		  EG_Q_ADVERTISED6 },
		{ "show route receive-protocol bgp 2001:db8:17:ff::76 table Cust11.inet6.0 | display xml",
		  EG_Q_RECEIVED6 },
		{ "show route receive-protocol bgp 10.17.11.76 table Cust11.inet.0", EG_Q_RECEIVED },
	};
	struct eg_query q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (eg_query_from_command(cases[i].cmd, &q) != EG_OK)
			fail_msg("\"%s\" does not parse", cases[i].cmd);
		if (q.kind != cases[i].kind)
			fail_msg("\"%s\" is %s", cases[i].cmd, eg_qkind_name(q.kind));
		eg_query_clear(&q);
	}
	assert_int_equal(eg_table_family("Cust11.inet6.0"), 6);
	assert_int_equal(eg_table_family("inet6.0"), 6);
	assert_int_equal(eg_table_family("Cust11.inet.0"), 4);
	assert_int_equal(eg_table_family("Xinet6.0"), 4);
	assert_int_equal(eg_table_family(NULL), 4);
	assert_int_equal(eg_qkind_family(EG_Q_ROUTES, 6), EG_Q_ROUTES6);
	assert_int_equal(eg_qkind_family(EG_Q_ADVERTISED, 6), EG_Q_ADVERTISED6);
	assert_int_equal(eg_qkind_family(EG_Q_RECEIVED, 6), EG_Q_RECEIVED6);
	assert_int_equal(eg_qkind_family(EG_Q_ROUTES, 4), EG_Q_ROUTES);
	assert_int_equal(eg_qkind_family(EG_Q_ROUTES, 0), EG_Q_ROUTES);
	/* a kind with no IPv6 twin is itself in either family */
	assert_int_equal(eg_qkind_family(EG_Q_BGP_SUMMARY, 6), EG_Q_BGP_SUMMARY);
	assert_int_equal(eg_qkind_family(EG_Q_CONFIG, 6), EG_Q_CONFIG);
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

/*
 * Every row of the query table: complete, and its command parses back
 * into the same query (whatever fields and level it was given) and
 * renders again the same, with and without a peer and at every level.
 */
static void
test_every_kind_roundtrips(void **state)
{
	static const char *const levels[] = { NULL, "detail", "extensive", "terse" };
	struct eg_addr peers[2], peers6[2];
	int k;
	size_t l, p;

	(void)state;
	memset(peers, 0, sizeof(peers));
	memset(peers6, 0, sizeof(peers6));
	assert_int_equal(eg_addr_parse("10.17.11.76", &peers[1]), EG_OK);
	assert_int_equal(eg_addr_parse("2001:db8:17:ff::76", &peers6[1]), EG_OK);
	assert_null(eg_qdef(EG_Q_NKINDS));
	assert_null(eg_query_command(&(struct eg_query){ .kind = EG_Q_NKINDS }));
	for (k = 0; k < EG_Q_NKINDS; k++) {
		const struct eg_qdef *def = eg_qdef((enum eg_qkind)k);
		int j;

		assert_non_null(def);
		assert_non_null(def->name);
		assert_non_null(def->cli);
		assert_non_null(def->rpc);
		assert_non_null(def->parser);
		assert_string_equal(eg_qkind_name((enum eg_qkind)k), def->name);
		for (j = 0; j < k; j++)
			assert_string_not_equal(eg_qdef((enum eg_qkind)j)->name, def->name);
		for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
			for (p = 0; p < 2; p++) {
				const char *table = def->family == 6 ? "Cust11.inet6.0" : "Cust11.inet.0";
				struct eg_query q = {
					.kind = (enum eg_qkind)k, .instance = (char *)"Cust11",
					.table = (char *)table,
					.peer = def->family == 6 ? peers6[p] : peers[p],
					.detail = (char *)levels[l],
				}, back;
				char *cmd, *again, *rpc;
				bool wants_peer = strstr(def->cli, "{peer}") != NULL;

				if (wants_peer && strstr(def->cli, "[{peer}]") == NULL && p == 0)
					continue;	/* the peer is the command's subject */
				cmd = eg_query_command(&q);
				assert_non_null(cmd);
				if (eg_query_from_command(cmd, &back) != EG_OK)
					fail_msg("%s: \"%s\" does not parse back", def->name, cmd);
				assert_int_equal(back.kind, k);
				assert_true(eg_addr_eq(&back.peer, wants_peer ? &q.peer : &peers[0]));
				assert_int_equal(eg_qkind_family(def->family == 6 ? def->v4
								 : (enum eg_qkind)k, def->family),
						 k);
				if (strstr(def->cli, "{instance}") != NULL)
					assert_string_equal(back.instance, "Cust11");
				if (strstr(def->cli, "{table}") != NULL)
					assert_string_equal(back.table, table);
				if (def->levels && levels[l] != NULL)
					assert_string_equal(back.detail, levels[l]);
				else
					assert_null(back.detail);
				again = eg_query_command(&back);
				assert_string_equal(again, cmd);
				rpc = eg_junos_rpc(&q);
				assert_non_null(rpc);
				assert_null(strchr(rpc, '{'));
				assert_null(strchr(rpc, '['));
				free(rpc);
				free(again);
				free(cmd);
				eg_query_clear(&back);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_roundtrip),
		cmocka_unit_test(test_every_kind_roundtrips),
		cmocka_unit_test(test_command_variants),
		cmocka_unit_test(test_command_family),
		cmocka_unit_test(test_state_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
