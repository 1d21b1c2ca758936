/*
 * junos_input.c - the bytes of a reply on their way to the reader.
 *
 * A reply captured from the CLI ("show ... | display xml" over ssh, as
 * scripts and looking glasses collect it) is followed by the banner the
 * CLI prints before its next prompt: "\n{master}\n" on a router with two
 * routing engines, "{primary:node0}" on an SRX cluster.  Text after the
 * root element is not XML and libxml2's reader stops, dropping nodes it
 * had parsed but not yet handed over, so the input is filtered instead:
 * the bytes after the last '>' seen are held back (a few hundred at most)
 * and, at the end of the input, dropped when they hold nothing but white
 * space and {...} banners.  Anything else after the root still fails.
 *
 * Guarantees: the reader sees the reply's bytes unchanged and in order,
 * less only white space and {...} banners after its last '>'.
 */
#include <stdio.h>
#include <string.h>

#include "junos_int.h"

/* True when p[0..n) is only white space and "{...}" banners. */
bool
jinput_is_banner(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (JS_XML_SPACE(p[i])) {
			i++;
			continue;
		}
		if (p[i] != '{')
			return false;
		for (i++; i < n && p[i] != '}'; i++)
			if (p[i] == '{' || p[i] == '<' || p[i] == '>' || p[i] == '\n')
				return false;
		if (i == n)
			return false;
		i++;
	}
	return true;
}

static int
jinput_fill(struct jinput *in, char *buf, int len)
{
	size_t n;

	if (in->fn != NULL)
		return in->fn(in->ctx, buf, len);
	n = fread(buf, 1, (size_t)len, in->fp);
	return n == 0 && ferror(in->fp) ? -1 : (int)n;
}

int
jinput_read(void *arg, char *buf, int len)
{
	struct jinput *in = arg;

	if (len <= 0)
		return 0;
	for (;;) {
		size_t n = in->nhold, keep;
		const char *gt;
		int r;

		if (in->eof || (size_t)len <= n) {
			/* at the end, what is held is passed on unless it is a banner */
			if (in->eof && (n == 0 || jinput_is_banner(in->hold, n)))
				return 0;
			if (n > (size_t)len)
				n = (size_t)len;
			memcpy(buf, in->hold, n);
			memmove(in->hold, in->hold + n, in->nhold - n);
			in->nhold -= n;
			return (int)n;
		}
		memcpy(buf, in->hold, n);
		in->nhold = 0;
		if ((r = jinput_fill(in, buf + n, len - (int)n)) < 0)
			return -1;
		if (r == 0) {
			in->eof = true;
			memcpy(in->hold, buf, n);
			in->nhold = n;
			continue;
		}
		n += (size_t)r;
		gt = memrchr(buf, '>', n);
		keep = gt != NULL ? (size_t)(buf + n - (gt + 1)) : n;
		if (keep <= sizeof(in->hold)) {
			memcpy(in->hold, buf + n - keep, keep);
			in->nhold = keep;
			n -= keep;
		}
		if (n > 0)
			return (int)n;
	}
}

