/*
 * junos_input.c - the way into the reply parsers: eg_junos_parse_io(),
 * _file() and _mem() pick the parser the query table names for the
 * query's kind, and hand the reply's bytes to the stream core.
 *
 * A reply captured from the CLI ("show ... | display xml" over ssh, as
 * scripts and looking glasses collect it) is followed by the banner the
 * CLI prints before its next prompt: "\n{master}\n" on a router with two
 * routing engines, "{primary:node0}" on an SRX cluster.  Text after the
 * root element is not XML and libxml2 fails the reply for it, so the
 * input is filtered instead:
 * the bytes after the last '>' seen are held back (a few hundred at most)
 * and, at the end of the input, dropped when they hold nothing but white
 * space and {...} banners.  Anything else after the root still fails.
 *
 * Guarantees: the parser sees the reply's bytes unchanged and in order,
 * less only white space and {...} banners after its last '>'.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "junos_int.h"
#include "query.h"

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

/* Note the first byte of p[0..n) that is neither white space nor a UTF-8 BOM. */
static void
jinput_note_lead(struct jinput *in, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && in->lead == 0; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xef && c != 0xbb &&
		    c != 0xbf)
			in->lead = c;
	}
}

static int
jinput_fill(struct jinput *in, char *buf, int len)
{
	int r;

	if (in->fn != NULL) {
		r = in->fn(in->ctx, buf, len);
	} else {
		size_t n = fread(buf, 1, (size_t)len, in->fp);
		r = n == 0 && ferror(in->fp) ? -1 : (int)n;
	}
	if (r > 0)
		jinput_note_lead(in, buf, (size_t)r);
	return r;
}

/*
 * A reply that failed to parse and does not start with '<' is the CLI's
 * text output, saved without "| display xml": say so rather than relay
 * libxml2's "Document is empty".
 */
static eg_err
jinput_explain(const struct jinput *in, const char *where, struct eg_obs *o)
{
	if (o->status == EG_EPARSE && in->lead != 0 && in->lead != '<')
		eg_obs_fail(o, EG_EPARSE, "%s: CLI text, not XML: save it with `| display xml`",
			    where);
	return o->status;
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

void
eg_junos_init(void)
{
	xmlInitParser();
}

/* The query table's row for o's kind; none fails o, naming where. */
static const struct eg_qdef *
jinput_qdef(const char *where, struct eg_obs *o)
{
	const struct eg_qdef *def = eg_qdef(o->q.kind);

	if (def == NULL || def->parser == NULL) {
		eg_obs_clear_data(o);
		eg_obs_fail(o, EG_EINVAL, "%s: no parser for a query of kind %d", where,
			    (int)o->q.kind);
		return NULL;
	}
	return def;
}

eg_err
eg_junos_parse_io(eg_read_fn fn, void *ctx, const char *where, struct eg_obs *o)
{
	const struct eg_qdef *def = jinput_qdef(where, o);
	struct jinput in = { .fn = fn, .ctx = ctx };

	if (def == NULL)
		return o->status;

	js_parse(&(struct js_src){ .read = jinput_read, .ctx = &in }, where, o, def->parser,
		 def->data);
	return jinput_explain(&in, where, o);
}

eg_err
eg_junos_parse_file(const char *path, struct eg_obs *o)
{
	const struct eg_qdef *def = jinput_qdef(path, o);
	struct jinput in = { 0 };
	eg_err err;
	int fd;

	if (def == NULL)
		return o->status;
	/* A FIFO or a device in a snapshot would hang the run: regular files only. */
	if ((fd = eg_open_regular(path, NULL)) == EG_NOT_REGULAR) {
		eg_obs_clear_data(o);
		eg_obs_fail(o, EG_EIO, "%s: not a regular file", path);
		return o->status;
	}
	if (fd >= 0 && (in.fp = fdopen(fd, "rb")) == NULL)
		close(fd);
	err = js_parse(in.fp != NULL ? &(struct js_src){ .read = jinput_read, .ctx = &in, .url = path }
				     : NULL, path, o, def->parser, def->data);
	if (in.fp != NULL)
		fclose(in.fp);
	return err == EG_EPARSE ? jinput_explain(&in, path, o) : err;
}

eg_err
eg_junos_parse_mem(const char *buf, size_t len, const char *where, struct eg_obs *o)
{
	const struct eg_qdef *def = jinput_qdef(where, o);
	const char *gt = memrchr(buf, '>', len);
	size_t tail = gt != NULL ? (size_t)(buf + len - (gt + 1)) : 0;

	if (def == NULL)
		return o->status;
	/* the same CLI banner as above, cut off in place, and no longer than read() holds back */
	if (gt != NULL && tail <= JINPUT_HOLD && jinput_is_banner(gt + 1, tail))
		len = (size_t)(gt + 1 - buf);
	struct jinput in = { 0 };

	jinput_note_lead(&in, buf, len);
	js_parse(&(struct js_src){ .buf = buf, .len = len }, where, o, def->parser, def->data);
	return jinput_explain(&in, where, o);
}

static bool
jinput_same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Keep in step with what js_parse() reads of o->q. */
bool
eg_junos_same_parse(const struct eg_query *a, const struct eg_query *b)
{
	return a->kind == b->kind && jinput_same_str(a->table, b->table) &&
	       (a->table != NULL || jinput_same_str(a->instance, b->instance));
}

