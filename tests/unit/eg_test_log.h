/*
 * eg_test_log.h - a cmocka fixture that fails a test leaving unexpected
 * diagnostics behind.
 *
 * eg_test_log_setup() installs a sink (eg_log_set_sink) that keeps every
 * line logged at any level, up to EG_TEST_LOG_MAX of them, in
 * eg_test_logged; eg_test_log_teardown() removes it and fails the test
 * when a line is still held, printing each.  A test that expects a
 * diagnostic reads it from eg_test_logged and consumes it with
 * eg_test_log_clear(); eg_test_log_expect_quiet() fails at once when
 * anything is held.  EG_TEST_LOG_UNIT(f) names a test run this way.
 *
 * The state is one static per test binary; the functions are static
 * inline so that a binary takes only what it uses.  Include it after
 * <cmocka.h>.
 */
#ifndef EG_TEST_LOG_H
#define EG_TEST_LOG_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "eg_err.h"

#define EG_TEST_LOG_MAX 64

/* What was logged since the last clear; where is "" when the line named no place. */
static struct eg_test_log {
	enum eg_log_level level[EG_TEST_LOG_MAX];
	char where[EG_TEST_LOG_MAX][512];
	char msg[EG_TEST_LOG_MAX][1024];
	size_t n;		/* lines held, at most EG_TEST_LOG_MAX */
	size_t dropped;		/* lines past EG_TEST_LOG_MAX, not held */
} eg_test_logged;

static inline void
eg_test_log_sink(enum eg_log_level level, const char *where, const char *msg, void *arg)
{
	struct eg_test_log *l = &eg_test_logged;

	(void)arg;
	if (l->n >= EG_TEST_LOG_MAX) {
		l->dropped++;
		return;
	}
	l->level[l->n] = level;
	snprintf(l->where[l->n], sizeof(l->where[0]), "%s", where ? where : "");
	snprintf(l->msg[l->n], sizeof(l->msg[0]), "%s", msg ? msg : "");
	l->n++;
}

/* Forget what was logged: the test has consumed it. */
static inline void
eg_test_log_clear(void)
{
	eg_test_logged.n = 0;
	eg_test_logged.dropped = 0;
}

/* Print every line still held; how many lines were logged and not consumed. */
static inline size_t
eg_test_log_report(void)
{
	size_t i;

	for (i = 0; i < eg_test_logged.n; i++)
		print_error("unexpected log: %s: %s\n",
			    eg_test_logged.where[i][0] ? eg_test_logged.where[i] : "-",
			    eg_test_logged.msg[i]);
	return eg_test_logged.n + eg_test_logged.dropped;
}

/* Fail the test now when anything logged was not consumed. */
static inline void
eg_test_log_expect_quiet(void)
{
	size_t n = eg_test_log_report();

	if (n != 0)
		fail_msg("%zu unexpected diagnostics", n);
}

/* cmocka setup: log everything, down to debug, into eg_test_logged. */
static inline int
eg_test_log_setup(void **state)
{
	(void)state;
	eg_test_log_clear();
	eg_log_set_level(EG_LOG_DEBUG);
	eg_log_set_sink(eg_test_log_sink, NULL);
	return 0;
}

/* cmocka teardown: back to stderr at the default level; fails on lines left behind. */
static inline int
eg_test_log_teardown(void **state)
{
	size_t n;

	(void)state;
	eg_log_set_sink(NULL, NULL);
	eg_log_set_level(EG_LOG_WARN);
	n = eg_test_log_report();
	eg_test_log_clear();
	if (n != 0)
		fail_msg("%zu unexpected diagnostics", n);
	return 0;
}

/* A cmocka test run between eg_test_log_setup() and eg_test_log_teardown(). */
#define EG_TEST_LOG_UNIT(f) \
	cmocka_unit_test_setup_teardown(f, eg_test_log_setup, eg_test_log_teardown)

#endif
