/*
 * eg_test_file.h - find and read a whole file (a captured reply, a golden
 * output, a shipped YANG module or script) for a test.
 *
 * eg_test_slurp() fails the running cmocka test when the file cannot be
 * read, naming it, so a caller never goes on without its input.
 * Implemented in eg_test_file.c, part of libegtest.a.
 */
#ifndef EG_TEST_FILE_H
#define EG_TEST_FILE_H

#include <stddef.h>

/* A path under the repository root ($EG_ROOT, else the working directory); static buffer. */
const char *eg_test_path(const char *rel);

/*
 * The contents of path, NUL-terminated, and their length in *len unless
 * len is NULL.  Caller frees.
 */
char *eg_test_slurp(const char *path, size_t *len);

#endif
