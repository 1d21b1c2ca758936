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
 * The state is one object per test binary (eg_test_log.c, part of
 * libegtest.a).
 */
#ifndef EG_TEST_LOG_H
#define EG_TEST_LOG_H

#include <stddef.h>

#include "eg_err.h"

#define EG_TEST_LOG_MAX 64

/* What was logged since the last clear; where is "" when the line named no place. */
struct eg_test_log {
	enum eg_log_level level[EG_TEST_LOG_MAX];
	char where[EG_TEST_LOG_MAX][512];
	char msg[EG_TEST_LOG_MAX][1024];
	size_t n;		/* lines held, at most EG_TEST_LOG_MAX */
	size_t dropped;		/* lines past EG_TEST_LOG_MAX, not held */
};

extern struct eg_test_log eg_test_logged;

/* The sink eg_test_log_setup() installs: holds one line in eg_test_logged. */
void eg_test_log_sink(enum eg_log_level level, const char *where, const char *msg, void *arg);

/* Forget what was logged: the test has consumed it. */
void eg_test_log_clear(void);

/* Print every line still held; how many lines were logged and not consumed. */
size_t eg_test_log_report(void);

/* Fail the test now when anything logged was not consumed. */
void eg_test_log_expect_quiet(void);

/* cmocka setup: log everything, down to debug, into eg_test_logged. */
int eg_test_log_setup(void **state);

/* cmocka teardown: back to stderr at the default level; fails on lines left behind. */
int eg_test_log_teardown(void **state);

/* A cmocka test run between eg_test_log_setup() and eg_test_log_teardown(). */
#define EG_TEST_LOG_UNIT(f) \
	cmocka_unit_test_setup_teardown(f, eg_test_log_setup, eg_test_log_teardown)

#endif
