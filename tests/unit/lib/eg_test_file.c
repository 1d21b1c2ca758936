/*
 * eg_test_file.c - read a whole file for a test (see eg_test_file.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "eg_test_file.h"

const char *
eg_test_path(const char *rel)
{
	static char buf[4096];
	const char *root = getenv("EG_ROOT");

	snprintf(buf, sizeof(buf), "%s%s%s", root ? root : "", root ? "/" : "", rel);
	return buf;
}

char *
eg_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s (run from the repository root or set EG_ROOT)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}
