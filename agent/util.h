/*
 * util.h - general helpers every layer may use: allocation that ends the
 * program when memory runs out, strings, growable arrays, XML escaping,
 * whole files.
 *
 * Out of memory is fatal in one place (eg_oom): the x-functions never
 * return NULL, so no caller carries ENOMEM around and no missing result
 * ever stands for "out of memory".  Depends on nothing but eg_err.h.
 */
#ifndef EG_UTIL_H
#define EG_UTIL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <sys/stat.h>

#include "eg_err.h"

/* Log "out of memory" naming the function, and exit with status 1. */
__attribute__((noreturn)) void eg_oom(const char *func);

/* malloc, calloc, realloc and strdup that never return NULL. */
void *eg_xmalloc(size_t size);
void *eg_xcalloc(size_t n, size_t size);
void *eg_xrealloc(void *p, size_t size);
/* strdup of s, or NULL when s is NULL. */
char *eg_xstrdup(const char *s);
/* The first n bytes of s as a new string. */
char *eg_xstrndup(const char *s, size_t n);
/* printf into a new string. */
char *eg_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *eg_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Copy s with leading/trailing white space removed; NULL only when s is. */
char *eg_strtrim_dup(const char *s);
/* Parse a decimal uint32 after trimming; EG_EPARSE if not a number. */
eg_err eg_parse_u32(const char *s, uint32_t *out);
/*
 * Grow *arr (element size esize) so it can hold need elements; a size
 * that does not fit is out of memory, which is fatal.
 */
void eg_grow(void **arr, size_t *cap, size_t need, size_t esize);
/*
 * Append one zeroed element to the array *arr of *n elements (capacity
 * *cap) and return it.  The array may move.
 */
void *eg_append(void **arr, size_t *n, size_t *cap, size_t esize);

/*
 * Open path read-only if it is a regular file, without blocking on the
 * way (a FIFO must not wait for a writer): the descriptor, its status in
 * *sb unless sb is NULL; -1 with errno set when it cannot be opened;
 * EG_NOT_REGULAR when it is something else (a FIFO, a device, a
 * directory), which would block or never end.
 */
#define EG_NOT_REGULAR (-2)
int eg_open_regular(const char *path, struct stat *sb);

/*
 * Read the whole regular file path into *buf (NUL-terminated, caller
 * frees) and its length into *len.  Refuses what is not a regular file (a
 * FIFO or a device would block or never end) and, when max is not 0, a
 * file of more than max bytes.  Errors are logged naming path: EG_EIO
 * when it cannot be opened or read or is no regular file, EG_EPARSE when
 * it is too large.
 */
eg_err eg_file_read(const char *path, size_t max, char **buf, size_t *len);

/*
 * s with <, >, & (and " when quotes) written as XML entities: into a new
 * string, or onto f.  A NULL s is the empty string.
 */
char *eg_xml_escape(const char *s, int quotes);
void eg_xml_escape_fputs(FILE *f, const char *s, int quotes);

#endif
