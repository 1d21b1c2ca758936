/*
 * eg_test_log.c - the diagnostics a test leaves behind (see eg_test_log.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "eg_test_log.h"

struct eg_test_log eg_test_logged;

void
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
void
eg_test_log_clear(void)
{
	eg_test_logged.n = 0;
	eg_test_logged.dropped = 0;
}

/* Print every line still held; how many lines were logged and not consumed. */
size_t
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
void
eg_test_log_expect_quiet(void)
{
	size_t n = eg_test_log_report();

	if (n != 0)
		fail_msg("%zu unexpected diagnostics", n);
}

/* cmocka setup: log everything, down to debug, into eg_test_logged. */
int
eg_test_log_setup(void **state)
{
	(void)state;
	eg_test_log_clear();
	eg_log_set_level(EG_LOG_DEBUG);
	eg_log_set_sink(eg_test_log_sink, NULL);
	return 0;
}

/* cmocka teardown: back to stderr at the default level; fails on lines left behind. */
int
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
