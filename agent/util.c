/*
 * util.c - allocation, strings, arrays, UTF-8 and XML escaping (util.h).
 *
 * Guarantees: no function here returns NULL for lack of memory; running
 * out of memory logs once, naming the function, and ends the program.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

void
eg_oom(const char *func)
{
	eg_log(EG_LOG_ERROR, NULL, "%s: out of memory", func);
	_exit(1);
}

void *
eg_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		eg_oom(__func__);
	return p;
}

void *
eg_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		eg_oom(__func__);
	return p;
}

void *
eg_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		eg_oom(__func__);
	return q;
}

char *
eg_xstrdup(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		eg_oom(__func__);
	return d;
}

char *
eg_xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	if (d == NULL)
		eg_oom(__func__);
	return d;
}

char *
eg_xvasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		eg_oom(__func__);
	return s;
}

char *
eg_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = eg_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *
eg_strtrim_dup(const char *s)
{
	const char *e;

	if (s == NULL)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return eg_xstrndup(s, (size_t)(e - s));
}

eg_err
eg_parse_u32(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL)
		return EG_EPARSE;
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return EG_EPARSE;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || v > UINT32_MAX)
		return EG_EPARSE;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return EG_EPARSE;
	*out = (uint32_t)v;
	return EG_OK;
}

void
eg_grow(void **arr, size_t *cap, size_t need, size_t esize)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / esize)
			eg_oom(__func__);
		ncap *= 2;
	}
	*arr = eg_xrealloc(*arr, ncap * esize);
	*cap = ncap;
}

void *
eg_append(void **arr, size_t *n, size_t *cap, size_t esize)
{
	char *p;

	eg_grow(arr, cap, *n + 1, esize);
	p = (char *)*arr + *n * esize;
	memset(p, 0, esize);
	(*n)++;
	return p;
}

/* The entity for c, or NULL when c is written as itself. */
static const char *
util_xml_entity(char c, int quotes)
{
	switch (c) {
	case '<':	return "&lt;";
	case '>':	return "&gt;";
	case '&':	return "&amp;";
	case '"':	return quotes ? "&quot;" : NULL;
	default:	return NULL;
	}
}

char *
eg_xml_escape(const char *s, int quotes)
{
	const char *p, *e;
	size_t n = 0;
	char *out, *o;

	if (s == NULL)
		s = "";
	for (p = s; *p; p++)
		n += (e = util_xml_entity(*p, quotes)) ? strlen(e) : 1;
	out = o = eg_xmalloc(n + 1);
	for (p = s; *p; p++) {
		if ((e = util_xml_entity(*p, quotes)) != NULL)
			o = stpcpy(o, e);
		else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

void
eg_xml_escape_fputs(FILE *f, const char *s, int quotes)
{
	const char *e;

	for (; s != NULL && *s; s++) {
		if ((e = util_xml_entity(*s, quotes)) != NULL)
			fputs(e, f);
		else
			fputc(*s, f);
	}
}

int
eg_open_regular(const char *path, struct stat *sb)
{
	struct stat own;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (sb == NULL)
		sb = &own;
	if (fd < 0)
		return -1;
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(fd);
		return EG_NOT_REGULAR;
	}
	return fd;
}

eg_err
eg_file_read(const char *path, size_t max, char **buf, size_t *len)
{
	struct stat sb;
	size_t cap = 0, n = 0;
	ssize_t k;
	char *b = NULL;
	int fd;

	*buf = NULL;
	*len = 0;
	fd = eg_open_regular(path, &sb);
	if (fd == EG_NOT_REGULAR) {
		eg_log(EG_LOG_ERROR, path, "not a regular file");
		return EG_EIO;
	}
	if (fd < 0) {
		eg_log(EG_LOG_ERROR, path, "cannot open: %s", strerror(errno));
		return EG_EIO;
	}
	/* A file too large is refused before a byte is read; the loop bounds one that grows. */
	if (max > 0 && (uintmax_t)sb.st_size > (uintmax_t)max)
		n = max + 1;
	for (;;) {
		if (max > 0 && n > max) {
			eg_log(EG_LOG_ERROR, path, "larger than %zu bytes", max);
			free(b);
			close(fd);
			return EG_EPARSE;
		}
		if (cap - n < 65536 + 1)
			eg_grow((void **)&b, &cap, n + 65536 + 1, 1);
		k = read(fd, b + n, cap - n - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			eg_log(EG_LOG_ERROR, path, "cannot read: %s", strerror(errno));
			free(b);
			close(fd);
			return EG_EIO;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return EG_OK;
}
