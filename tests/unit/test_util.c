/*
 * test_util.c - the general helpers: the whole-file reader (regular files
 * only, a size cap, a FIFO refused at once), the XML escaper, and UTF-8
 * encoding and decoding (utf8.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "utf8.h"
#include "util.h"

#include "eg_test_log.h"

static char dir[] = "/tmp/eg-test-util-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *
in_dir(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
test_file_read(void **state)
{
	const char *p = in_dir("small");
	FILE *f = fopen(p, "w");
	char *buf = NULL;
	size_t len = 0, i;

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 100000; i++)
		fputc('a' + (int)(i % 26), f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(eg_file_read(p, 0, &buf, &len), EG_OK);
	assert_int_equal(len, 100000);
	assert_int_equal(buf[len], '\0');
	assert_int_equal(buf[99999], 'a' + (int)(99999 % 26));
	free(buf);
	/* over the cap: refused, naming the file */
	assert_int_equal(eg_file_read(p, 1000, &buf, &len), EG_EPARSE);
	assert_null(buf);
	assert_int_equal(eg_test_logged.n, 1);
	assert_string_equal(eg_test_logged.where[0], p);
	eg_test_log_clear();
	/* missing */
	assert_int_equal(eg_file_read(in_dir("none"), 0, &buf, &len), EG_EIO);
	assert_int_equal(eg_test_logged.n, 1);
	eg_test_log_clear();
}

/* A FIFO nobody writes to is refused at once instead of waiting for ever. */
static void
test_file_read_fifo(void **state)
{
	const char *p = in_dir("fifo");
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(mkfifo(p, 0600), 0);
	alarm(5);
	assert_int_equal(eg_file_read(p, 0, &buf, &len), EG_EIO);
	alarm(0);
	assert_null(buf);
	assert_int_equal(eg_test_logged.n, 1);
	assert_non_null(strstr(eg_test_logged.msg[0], "not a regular file"));
	eg_test_log_clear();
	/* a directory neither */
	assert_int_equal(eg_file_read(dir, 0, &buf, &len), EG_EIO);
	eg_test_log_clear();
}

static void
test_xml_escape(void **state)
{
	char *s = eg_xml_escape("a<b>&\"c\"", 1), *t = eg_xml_escape("\"q\" & <", 0);
	char *u = eg_xml_escape(NULL, 0);

	(void)state;
	assert_string_equal(s, "a&lt;b&gt;&amp;&quot;c&quot;");
	assert_string_equal(t, "\"q\" &amp; &lt;");
	assert_string_equal(u, "");
	free(s);
	free(t);
	free(u);
}

static void
test_utf8_put(void **state)
{
	static const struct { unsigned long cp; const char *want; } cases[] = {
		{ 0x41, "A" }, { 0xe9, "\xc3\xa9" }, { 0x20ac, "\xe2\x82\xac" },
		{ 0x1f600, "\xf0\x9f\x98\x80" },
	};
	char out[8];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = eg_utf8_put(cases[i].cp, out);
		out[n] = '\0';
		assert_int_equal(n, strlen(cases[i].want));
		assert_string_equal(out, cases[i].want);
	}
}

/* Decoding takes well-formed UTF-8 only: what it passes is safe to copy. */
static void
test_utf8_get(void **state)
{
	static const struct { const char *in; size_t len; unsigned long cp; } cases[] = {
		{ "A", 1, 0x41 }, { "\xc3\xa9", 2, 0xe9 }, { "\xc2\x9b", 2, 0x9b },
		{ "\xe2\x82\xac", 3, 0x20ac }, { "\xf0\x9f\x98\x80", 4, 0x1f600 },
		{ "\xc0\xaf", 0, 0 },			/* overlong '/' */
		{ "\xe0\x80\x80", 0, 0 },		/* overlong NUL */
		{ "\xed\xa0\x80", 0, 0 },		/* a surrogate */
		{ "\xf4\x90\x80\x80", 0, 0 },		/* beyond U+10FFFF */
		{ "\x9b", 0, 0 }, { "\xc3(", 0, 0 },	/* stray and cut bytes */
	};
	unsigned long cp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp = 0;
		assert_int_equal(eg_utf8_get((const unsigned char *)cases[i].in, &cp), cases[i].len);
		if (cases[i].len > 0)
			assert_int_equal(cp, cases[i].cp);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_read, eg_test_log_setup,
						eg_test_log_teardown),
		cmocka_unit_test_setup_teardown(test_file_read_fifo, eg_test_log_setup,
						eg_test_log_teardown),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_utf8_put),
		cmocka_unit_test(test_utf8_get),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
