/*
 * test_eg_err.c - diagnostics on stderr: the line's shape, and whole lines
 * when several threads log at once (the live collector's workers do).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "eg_err.h"

#define THREADS 4
#define LINES 2000

/* stderr sent to a temporary file for the test's length. */
struct capture {
	FILE *file;
	int saved;
};

static void
capture_start(struct capture *c)
{
	fflush(stderr);
	c->file = tmpfile();
	assert_non_null(c->file);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->file), STDERR_FILENO) >= 0);
}

static void
capture_stop(struct capture *c)
{
	fflush(stderr);
	assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
	close(c->saved);
	rewind(c->file);
}

static void
test_log_line(void **state)
{
	struct capture c;
	char line[256];

	(void)state;
	eg_log_set_level(EG_LOG_INFO);
	capture_start(&c);
	eg_log(EG_LOG_ERROR, "SEA-MX03-02", "rpc-error: %s", "configuration database locked");
	eg_log(EG_LOG_WARN, NULL, "no %s", "colour");
	eg_log(EG_LOG_DEBUG, "x", "not shown at info");
	capture_stop(&c);
	assert_non_null(fgets(line, sizeof(line), c.file));
	assert_string_equal(line, "erguard: SEA-MX03-02: rpc-error: configuration database locked\n");
	assert_non_null(fgets(line, sizeof(line), c.file));
	assert_string_equal(line, "erguard: warning: no colour\n");
	assert_null(fgets(line, sizeof(line), c.file));
	fclose(c.file);
	eg_log_set_level(EG_LOG_WARN);
}

/*
 * A device's text cannot forge a line: newlines, escape sequences and C1
 * controls (CSI as U+009B or as a lone byte) come out escaped, UTF-8 is
 * kept, the place is escaped too, and a long line is cut.
 */
static void
test_log_escapes(void **state)
{
	struct capture c;
	char line[4096], *big;

	(void)state;
	capture_start(&c);
	eg_log(EG_LOG_ERROR, "SEA\nMX", "rpc-error: %s",
	       "bad\nerguard: PASS lp-config forged\x1b[31m \xc2\x9b" "2J \x9b \xc3\xa9\xe2\x82\xac\ttab\x7f");
	big = malloc(5000);
	assert_non_null(big);
	memset(big, 'x', 4999);
	big[4999] = '\0';
	eg_log(EG_LOG_ERROR, NULL, "%s", big);
	free(big);
	capture_stop(&c);
	assert_non_null(fgets(line, sizeof(line), c.file));
	assert_string_equal(line, "erguard: SEA\\nMX: rpc-error: bad\\nerguard: PASS lp-config forged"
			    "\\x1b[31m \\x9b2J \\x9b \xc3\xa9\xe2\x82\xac\\ttab\\x7f\n");
	assert_non_null(fgets(line, sizeof(line), c.file));
	assert_true(strlen(line) < 2048 + 32);
	assert_non_null(strstr(line, "xxx...\n"));
	assert_null(fgets(line, sizeof(line), c.file));
	fclose(c.file);
}

static void *
log_worker(void *arg)
{
	int id = (int)(intptr_t)arg, i;
	char dev[32];

	snprintf(dev, sizeof(dev), "device-%d", id);
	for (i = 0; i < LINES; i++)
		eg_log(EG_LOG_WARN, dev, "line %d of %d from worker %d, padded %s", i, LINES, id,
		       "........................................................................");
	return NULL;
}

/* Every line comes out whole: prefix, device, tag and text of one call. */
static void
test_log_threads(void **state)
{
	pthread_t t[THREADS];
	struct capture c;
	char line[512];
	int seen[THREADS] = { 0 }, i, n = 0;

	(void)state;
	capture_start(&c);
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, log_worker, (void *)(intptr_t)i), 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	capture_stop(&c);
	while (fgets(line, sizeof(line), c.file) != NULL) {
		int id, id2, k, of;
		char pad[128];

		assert_int_equal(sscanf(line, "erguard: device-%d: warning: line %d of %d from worker %d, padded %127s",
					&id, &k, &of, &id2, pad), 5);
		assert_int_equal(id, id2);
		assert_true(id >= 0 && id < THREADS);
		assert_int_equal(k, seen[id]);	/* a worker's lines keep their order */
		assert_int_equal(strlen(pad), 72);
		assert_int_equal(line[strlen(line) - 1], '\n');
		seen[id]++;
		n++;
	}
	fclose(c.file);
	assert_int_equal(n, THREADS * LINES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_line),
		cmocka_unit_test(test_log_escapes),
		cmocka_unit_test(test_log_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
