/*
 * test_report.c - the report core: names, how a result's status moves as
 * findings, unknowns and skips arrive (a table of operation sequences),
 * the exit status of whole reports (a table of results), counts, and who
 * owns which string.  Every test also fails when something was logged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report.h"

#include "eg_test_log.h"

/* ------------------------------------------------------------ names */

static void
test_names(void **state)
{
	static const struct {
		enum eg_status st;
		const char *name;
	} st[] = {
		{ EG_ST_PASS, "pass" }, { EG_ST_FAIL, "fail" },
		{ EG_ST_UNKNOWN, "unknown" }, { EG_ST_SKIPPED, "skipped" },
	};
	static const struct {
		enum eg_severity sev;
		const char *name;
	} sev[] = {
		{ EG_SEV_CRITICAL, "critical" }, { EG_SEV_MAJOR, "major" },
		{ EG_SEV_MINOR, "minor" }, { EG_SEV_INFO, "info" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		assert_string_equal(eg_status_name(st[i].st), st[i].name);
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++)
		assert_string_equal(eg_severity_name(sev[i].sev), sev[i].name);
	/* A value outside the enum must never read as a pass. */
	assert_string_equal(eg_status_name((enum eg_status)42), "unknown");
	assert_string_equal(eg_severity_name((enum eg_severity)42), "info");
}

/* ------------------------------------------------------------ status ranking */

/*
 * Apply ops to res, one letter each: P/F/U add a pass/fail/unknown
 * finding, u marks the result unknown (cause EG_ERPC), s skips it.
 */
static void
apply_ops(struct eg_result *res, const char *ops)
{
	for (; *ops != '\0'; ops++) {
		switch (*ops) {
		case 'P':
			eg_result_add(res, EG_ST_PASS, "D", NULL, NULL, NULL, NULL,
				      "note");
			break;
		case 'F':
			eg_result_add(res, EG_ST_FAIL, "D", NULL, NULL, "x", "y",
				      "differs");
			break;
		case 'U':
			eg_result_add(res, EG_ST_UNKNOWN, "D", NULL, NULL, NULL, NULL,
				      "unreadable");
			break;
		case 'u':
			eg_result_unknown(res, EG_ERPC, "no reply (%c)", *ops);
			break;
		case 's':
			eg_result_skip(res, "not asked for");
			break;
		default:
			fail_msg("bad op '%c'", *ops);
		}
	}
}

static void
test_status_ranking(void **state)
{
	static const struct {
		const char *ops;
		enum eg_status want;
	} cases[] = {
		{ "", EG_ST_PASS },
		{ "P", EG_ST_PASS },
		{ "PPP", EG_ST_PASS },
		{ "F", EG_ST_FAIL },
		{ "FP", EG_ST_FAIL },
		{ "PF", EG_ST_FAIL },
		{ "U", EG_ST_UNKNOWN },
		{ "FU", EG_ST_UNKNOWN },
		{ "UF", EG_ST_UNKNOWN },
		{ "UP", EG_ST_UNKNOWN },
		{ "u", EG_ST_UNKNOWN },
		{ "Fu", EG_ST_UNKNOWN },
		{ "uF", EG_ST_UNKNOWN },
		{ "uP", EG_ST_UNKNOWN },
		{ "s", EG_ST_SKIPPED },
		{ "Ps", EG_ST_SKIPPED },	/* informational rows do not prevent a skip */
		{ "sP", EG_ST_SKIPPED },
		{ "sF", EG_ST_FAIL },		/* a deviation found later still counts */
		{ "sU", EG_ST_UNKNOWN },
		{ "su", EG_ST_UNKNOWN },
		{ "Fs", EG_ST_FAIL },		/* a skip never hides a verdict */
		{ "Us", EG_ST_UNKNOWN },
		{ "us", EG_ST_UNKNOWN },
		{ "ss", EG_ST_SKIPPED },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_report *r = eg_report_new();
		struct eg_result *res = NULL;
		size_t j, nadds = 0;

		assert_non_null(r);
		res = eg_report_begin(r, "lp-config", EG_SEV_CRITICAL, NULL, NULL, "Cust11",
				      "SEA-MX03-01");
		assert_non_null(res);
		assert_int_equal(res->status, EG_ST_PASS);
		apply_ops(res, cases[i].ops);
		if (res->status != cases[i].want)
			fail_msg("ops \"%s\": status %s, want %s", cases[i].ops,
				 eg_status_name(res->status), eg_status_name(cases[i].want));
		for (j = 0; cases[i].ops[j] != '\0'; j++)
			nadds += strchr("PFU", cases[i].ops[j]) != NULL;
		assert_int_equal(res->nfindings, nadds);
		eg_report_free(r);
	}
}

/* The first reason and cause of an unknown stay: they name the root cause. */
static void
test_unknown_reason(void **state)
{
	struct eg_report *r = eg_report_new();
	struct eg_result *res = NULL;

	(void)state;
	assert_non_null(r);
	res = eg_report_begin(r, "bgp-sessions", EG_SEV_CRITICAL, NULL, NULL, "Cust11",
			      "SEA-SRX42-01");
	eg_result_unknown(res, EG_ETRANSPORT, "%s: cannot connect to %s port %d",
			  "SEA-SRX42-01", "127.0.0.1", 9);
	eg_result_unknown(res, EG_ERPC, "second reason");
	assert_int_equal(res->status, EG_ST_UNKNOWN);
	assert_int_equal(res->cause, EG_ETRANSPORT);
	assert_string_equal(res->reason, "SEA-SRX42-01: cannot connect to 127.0.0.1 port 9");

	/* A skip's reason does not survive a later unknown's. */
	res = eg_report_begin(r, "bfd-state", EG_SEV_MAJOR, NULL, NULL, "Cust11", "SEA-MX03-01");
	eg_result_skip(res, "no %s container", "bfd");
	assert_string_equal(res->reason, "no bfd container");
	eg_result_unknown(res, EG_EPARSE, "malformed");
	assert_int_equal(res->status, EG_ST_UNKNOWN);
	assert_string_equal(res->reason, "malformed");
	assert_int_equal(res->cause, EG_EPARSE);
	eg_report_free(r);
}

/* ------------------------------------------------------------ exit statuses */

/* One result of an exit case: status and, for unknowns, the cause. */
struct exit_res {
	enum eg_status st;
	eg_err cause;
};

#define EXIT_MAX 4

static void
test_exit_table(void **state)
{
	static const struct {
		const char *name;
		struct exit_res res[EXIT_MAX];
		size_t n;
		enum eg_exit want;
	} cases[] = {
		{ "empty report", { { 0, 0 } }, 0, EG_EXIT_OK },
		{ "all pass", { { EG_ST_PASS, EG_OK }, { EG_ST_PASS, EG_OK } }, 2, EG_EXIT_OK },
		{ "pass and skipped", { { EG_ST_PASS, EG_OK }, { EG_ST_SKIPPED, EG_OK } }, 2, EG_EXIT_OK },
		{ "only skipped", { { EG_ST_SKIPPED, EG_OK } }, 1, EG_EXIT_OK },
		{ "one fail", { { EG_ST_PASS, EG_OK }, { EG_ST_FAIL, EG_OK } }, 2, EG_EXIT_DEVIATION },
		{ "unknown from a finding", { { EG_ST_UNKNOWN, EG_OK } }, 1, EG_EXIT_DEVIATION },
		{ "unknown: not found", { { EG_ST_UNKNOWN, EG_ENOTFOUND } }, 1, EG_EXIT_DEVIATION },
		{ "unknown: i/o", { { EG_ST_UNKNOWN, EG_EIO } }, 1, EG_EXIT_DEVIATION },
		{ "unknown: out of memory", { { EG_ST_UNKNOWN, EG_ENOMEM } }, 1, EG_EXIT_DEVIATION },
		{ "unknown: internal", { { EG_ST_UNKNOWN, EG_EINTERNAL } }, 1, EG_EXIT_DEVIATION },
		/* usage and intent statuses belong to the CLI, never to a report */
		{ "unknown: invalid argument", { { EG_ST_UNKNOWN, EG_EINVAL } }, 1, EG_EXIT_DEVIATION },
		{ "unknown: intent", { { EG_ST_UNKNOWN, EG_EINTENT } }, 1, EG_EXIT_DEVIATION },
		{ "unknown: transport", { { EG_ST_UNKNOWN, EG_ETRANSPORT } }, 1, EG_EXIT_TRANSPORT },
		{ "unknown: auth", { { EG_ST_UNKNOWN, EG_EAUTH } }, 1, EG_EXIT_TRANSPORT },
		{ "unknown: host key", { { EG_ST_UNKNOWN, EG_EHOSTKEY } }, 1, EG_EXIT_TRANSPORT },
		{ "unknown: timeout", { { EG_ST_UNKNOWN, EG_ETIMEOUT } }, 1, EG_EXIT_TRANSPORT },
		{ "unknown: rpc-error", { { EG_ST_UNKNOWN, EG_ERPC } }, 1, EG_EXIT_RPC },
		{ "unknown: malformed", { { EG_ST_UNKNOWN, EG_EPARSE } }, 1, EG_EXIT_RPC },
		{ "unknown: locked", { { EG_ST_UNKNOWN, EG_ELOCKED } }, 1, EG_EXIT_RPC },
		{ "fail then rpc", { { EG_ST_FAIL, EG_OK }, { EG_ST_UNKNOWN, EG_ERPC } }, 2, EG_EXIT_RPC },
		{ "rpc then fail", { { EG_ST_UNKNOWN, EG_ERPC }, { EG_ST_FAIL, EG_OK } }, 2, EG_EXIT_RPC },
		{ "rpc then transport", { { EG_ST_UNKNOWN, EG_ERPC }, { EG_ST_UNKNOWN, EG_ETRANSPORT } },
		  2, EG_EXIT_TRANSPORT },
		{ "transport then rpc", { { EG_ST_UNKNOWN, EG_EAUTH }, { EG_ST_UNKNOWN, EG_EPARSE } },
		  2, EG_EXIT_TRANSPORT },
		{ "transport, fail, rpc, skip", { { EG_ST_UNKNOWN, EG_ETIMEOUT }, { EG_ST_FAIL, EG_OK },
		  { EG_ST_UNKNOWN, EG_ELOCKED }, { EG_ST_SKIPPED, EG_OK } }, 4, EG_EXIT_TRANSPORT },
		{ "not found then rpc", { { EG_ST_UNKNOWN, EG_ENOTFOUND }, { EG_ST_UNKNOWN, EG_ERPC } },
		  2, EG_EXIT_RPC },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_report *r = eg_report_new();

		assert_non_null(r);
		for (j = 0; j < cases[i].n; j++) {
			const struct exit_res *e = &cases[i].res[j];
			struct eg_result *res = NULL;
			char scope[32];

			snprintf(scope, sizeof(scope), "D%zu", j);
			res = eg_report_begin(r, "bgp-sessions", EG_SEV_CRITICAL, NULL, NULL,
					      "Cust11", scope);
			if (e->st == EG_ST_FAIL)
				eg_result_add(res, EG_ST_FAIL, scope, NULL, NULL, NULL,
					      NULL, "down");
			else if (e->st == EG_ST_SKIPPED)
				eg_result_skip(res, "filtered");
			else if (e->st == EG_ST_UNKNOWN && e->cause == EG_OK)
				eg_result_add(res, EG_ST_UNKNOWN, scope, NULL, NULL,
					      NULL, NULL, "unread");
			else if (e->st == EG_ST_UNKNOWN)
				eg_result_unknown(res, e->cause, "%s", eg_strerror(e->cause));
			assert_int_equal(res->status, e->st);
		}
		if (eg_report_exit(r) != cases[i].want)
			fail_msg("%s: exit %d, want %d", cases[i].name, (int)eg_report_exit(r),
				 (int)cases[i].want);
		eg_report_free(r);
	}
}

/* ------------------------------------------------------------ counts and ownership */

static void
test_counts(void **state)
{
	static const char *const ops[] = { "", "F", "s", "U", "P", "FF", "u", "s", "" };
	struct eg_report *r = eg_report_new();
	size_t counts[4], want[4] = { 0 }, i;

	(void)state;
	assert_non_null(r);
	eg_report_counts(r, counts);
	for (i = 0; i < 4; i++)
		assert_int_equal(counts[i], 0);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct eg_result *res = NULL;
		char scope[32];

		snprintf(scope, sizeof(scope), "D%zu", i);
		res = eg_report_begin(r, "vpn-recv", EG_SEV_MAJOR, NULL, NULL, "Cust11", scope);
		apply_ops(res, ops[i]);
		want[res->status]++;
	}
	assert_int_equal(r->nresults, sizeof(ops) / sizeof(ops[0]));
	eg_report_counts(r, counts);
	for (i = 0; i < 4; i++)
		assert_int_equal(counts[i], want[i]);
	/* the table above has every status at least once */
	assert_int_equal(want[EG_ST_PASS], 3);
	assert_int_equal(want[EG_ST_FAIL], 2);
	assert_int_equal(want[EG_ST_UNKNOWN], 2);
	assert_int_equal(want[EG_ST_SKIPPED], 2);
	eg_report_free(r);
}

/* The report copies every string it is given; NULLs stay NULL. */
static void
test_ownership(void **state)
{
	struct eg_report *r = eg_report_new();
	struct eg_result *res = NULL, *res2;
	struct eg_finding *f;
	char check[] = "lp-config", svc[] = "Cust11", scope[] = "SEA-MX03-02";
	char title[] = "The title", remedy[] = "The remedy";
	char dev[] = "SEA-MX03-02", exp[] = "local-preference 150", obs[] = "absent";
	size_t i;

	(void)state;
	assert_non_null(r);
	res = eg_report_begin(r, check, EG_SEV_CRITICAL, title, remedy, svc, scope);
	eg_result_add(res, EG_ST_FAIL, dev, NULL, "192.168.11.3", exp, obs,
		      "%s sets no local-preference (%d)", dev, 150);
	eg_result_add(res, EG_ST_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL);
	/* Growing the results array must keep what was stored. */
	for (i = 0; i < 40; i++) {
		res2 = eg_report_begin(r, "bgp-sessions", EG_SEV_INFO, NULL, NULL, NULL, NULL);
		assert_non_null(res2);
	}
	memset(check, 'x', sizeof(check) - 1);
	memset(title, 'x', sizeof(title) - 1);
	memset(remedy, 'x', sizeof(remedy) - 1);
	memset(svc, 'x', sizeof(svc) - 1);
	memset(scope, 'x', sizeof(scope) - 1);
	memset(dev, 'x', sizeof(dev) - 1);
	memset(exp, 'x', sizeof(exp) - 1);
	memset(obs, 'x', sizeof(obs) - 1);
	res = &r->results[0];
	assert_string_equal(res->check_id, "lp-config");
	assert_string_equal(res->title, "The title");
	assert_string_equal(res->remedy, "The remedy");
	assert_string_equal(res->service, "Cust11");
	assert_string_equal(res->scope, "SEA-MX03-02");
	assert_int_equal(res->severity, EG_SEV_CRITICAL);
	assert_null(res->reason);
	assert_int_equal(res->nfindings, 2);
	f = &res->findings[0];
	assert_int_equal(f->status, EG_ST_FAIL);
	assert_string_equal(f->device, "SEA-MX03-02");
	assert_null(f->prefix);
	assert_string_equal(f->peer, "192.168.11.3");
	assert_string_equal(f->expected, "local-preference 150");
	assert_string_equal(f->observed, "absent");
	assert_string_equal(f->message, "SEA-MX03-02 sets no local-preference (150)");
	f = &res->findings[1];
	assert_int_equal(f->status, EG_ST_UNKNOWN);
	assert_null(f->device);
	assert_null(f->message);
	assert_null(r->results[40].service);
	assert_null(r->results[40].scope);
	assert_int_equal(r->nresults, 41);
	eg_report_free(r);
	eg_report_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_names),
		EG_TEST_LOG_UNIT(test_status_ranking),
		EG_TEST_LOG_UNIT(test_unknown_reason),
		EG_TEST_LOG_UNIT(test_exit_table),
		EG_TEST_LOG_UNIT(test_counts),
		EG_TEST_LOG_UNIT(test_ownership),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
