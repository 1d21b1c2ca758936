/*
 * eg_test_file.h - read a whole file (a captured reply, a golden output,
 * a shipped YANG module or script) for a test.
 *
 * eg_test_slurp() fails the running test when the file cannot be read,
 * naming it, so a caller never goes on without its input.  Static inline
 * so that a binary takes only what it uses.  Include it after <cmocka.h>.
 */
#ifndef EG_TEST_FILE_H
#define EG_TEST_FILE_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * The contents of path, NUL-terminated, and their length in *len unless
 * len is NULL.  Caller frees.
 */
static inline char *
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

#endif
