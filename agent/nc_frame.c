/*
 * nc_frame.c - RFC 6242 framing and the hello exchange.
 *
 * Guarantees:
 *   - each message goes out in one call of the transport's write hook, its
 *     delimiter or chunk headers included;
 *   - end-of-message framing finds "]]>]]>" wherever the transport's reads
 *     happen to split it, and never hands any byte of it to the reader;
 *   - chunked framing checks every header strictly ("\n#<1..4294967295>\n",
 *     "\n##\n" after at least one chunk) and fails with EG_ETRANSPORT on
 *     anything else;
 *   - base:1.1 (chunked) is used only when both hellos advertise it;
 *   - only the hello is held in memory whole (at most EG_NC_MAX_HELLO bytes).
 * The RPC envelope and the reply reader on top of this are in
 * nc_frame_reply.c.  Errors are sticky: after one, every call returns it.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "nc.h"
#include "util.h"
#include "nc_frame_int.h"

#define EG_NC_CHUNK_MAX UINT64_C(4294967295)

static const char nc_frame_eom[] = "]]>]]>";
#define EG_NC_EOM_LEN 6
/* KMP failure function of "]]>]]>": longest proper border of its prefixes. */
static const unsigned char nc_frame_eom_fail[EG_NC_EOM_LEN + 1] = { 0, 0, 1, 0, 1, 2, 3 };

enum {
	EG_NC_H_NL,		/* expect '\n' */
	EG_NC_H_HASH,		/* expect '#' */
	EG_NC_H_FIRST,		/* expect a digit 1-9 or '#' */
	EG_NC_H_DIGITS,		/* more digits or '\n' */
	EG_NC_H_ENDNL,		/* after "\n##", expect '\n' */
	EG_NC_H_DATA		/* inside a chunk */
};


int64_t
eg_nc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

eg_err
eg_nc_frame_fail(struct eg_nc_frame *f, eg_err err, const char *fmt, ...)
{
	va_list ap;

	if (f->diag.err != EG_OK)
		return f->diag.err;
	f->diag.err = err;
	va_start(ap, fmt);
	eg_nc_vsay(&f->diag, fmt, ap);
	va_end(ap);
	eg_log(EG_LOG_DEBUG, NULL, "%s", f->diag.msg);
	return err;
}

eg_err
eg_nc_frame_init(struct eg_nc_frame *f, const struct eg_nc_io_ops *ops, void *io,
		 const char *where, uint64_t max_reply)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->io = io;
	f->where = where;
	eg_nc_diag_init(&f->diag, where);
	f->deadline_ms = -1;
	f->max_reply = max_reply ? max_reply : EG_NC_MAX_REPLY_DEFAULT;
	f->next_id = 1;
	f->await_id = 1;
	f->pstate = EG_NC_P_IDLE;
	f->rcap = EG_NC_RBUF;
	f->rbuf = eg_xmalloc(f->rcap);
	return EG_OK;
}

void
eg_nc_frame_fini(struct eg_nc_frame *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->ncaps; i++)
		free(f->caps[i]);
	free(f->caps);
	free(f->head);
	free(f->rbuf);
	f->caps = NULL;
	f->ncaps = 0;
	f->head = NULL;
	f->rbuf = NULL;
}

static int
nc_frame_timeout(const struct eg_nc_frame *f)
{
	int64_t left;

	if (f->deadline_ms < 0)
		return -1;
	left = f->deadline_ms - eg_nc_now_ms();
	if (left <= 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

/*
 * Turn a transport failure, whose reason is in f->diag, into the sticky
 * error, letting the transport explain it first; log it once.
 */
static eg_err
nc_frame_io_fail(struct eg_nc_frame *f, eg_err err)
{
	if (f->ops->explain != NULL)
		err = f->ops->explain(f->io, err, &f->diag);
	f->diag.err = err;
	eg_log(EG_LOG_DEBUG, NULL, "%s", f->diag.msg);
	return err;
}

/* Read more bytes into the receive buffer; at least one on success. */
static eg_err
nc_frame_fill(struct eg_nc_frame *f)
{
	size_t got = 0;
	eg_err err;

	if (f->diag.err != EG_OK)
		return f->diag.err;
	/*
	 * The transport waits only while nothing is there to read: a server
	 * that never stops sending would never meet the deadline there.
	 */
	if (f->deadline_ms >= 0 && eg_nc_now_ms() >= f->deadline_ms) {
		eg_nc_say(&f->diag, "timed out: the server is still sending%s%s%s",
			  f->limit[0] ? " (" : "", f->limit, f->limit[0] ? ")" : "");
		return nc_frame_io_fail(f, EG_ETIMEOUT);
	}
	if (f->rpos == f->rlen)
		f->rpos = f->rlen = 0;
	if (f->rlen == f->rcap) {
		memmove(f->rbuf, f->rbuf + f->rpos, f->rlen - f->rpos);
		f->rlen -= f->rpos;
		f->rpos = 0;
	}
	err = f->ops->read(f->io, f->rbuf + f->rlen, f->rcap - f->rlen,
			   nc_frame_timeout(f), &got, &f->diag);
	if (err == EG_ETIMEOUT) {
		if (!eg_nc_diag_said(&f->diag))
			eg_nc_say(&f->diag, "timed out waiting for the server%s%s%s",
				  f->limit[0] ? " (" : "", f->limit, f->limit[0] ? ")" : "");
		return nc_frame_io_fail(f, err);
	}
	if (err != EG_OK) {
		if (!eg_nc_diag_said(&f->diag))
			eg_nc_say(&f->diag, "%s read failed", f->ops->name);
		return nc_frame_io_fail(f, err);
	}
	if (got == 0) {
		/*
		 * A server that ends the session before its hello has refused
		 * it (a NETCONF service not enabled, or a user it does not let in).
		 */
		eg_nc_say(&f->diag, "session closed by the server%s",
			 !f->hello_done ? (f->rx_bytes == 0 ? " before its NETCONF hello"
							    : " in the middle of its NETCONF hello")
			 : f->mstate == EG_NC_MS_BODY ? " in the middle of a message" : "");
		return nc_frame_io_fail(f, EG_ETRANSPORT);
	}
	f->rx_bytes += got;
	f->rlen += got;
	return EG_OK;
}

eg_err
eg_nc_frame_send(struct eg_nc_frame *f, const char *body, size_t len)
{
	char *msg = NULL;
	size_t cap, n = 0, off;
	eg_err err;

	if (f->diag.err != EG_OK)
		return f->diag.err;
	if (len == 0)
		return EG_EINVAL;
	/* Room for the body plus a 16-byte header per chunk and the trailer. */
	cap = len + 16 * (len / EG_NC_CHUNK_MAX + 1) + 8;
	msg = eg_xmalloc(cap);
	if (f->chunked) {
		for (off = 0; off < len; ) {
			size_t c = len - off;

			if (c > EG_NC_CHUNK_MAX)
				c = EG_NC_CHUNK_MAX;
			n += (size_t)snprintf(msg + n, cap - n, "\n#%zu\n", c);
			memcpy(msg + n, body + off, c);
			n += c;
			off += c;
		}
		memcpy(msg + n, "\n##\n", 4);
		n += 4;
	} else {
		memcpy(msg, body, len);
		memcpy(msg + len, nc_frame_eom, EG_NC_EOM_LEN);
		n = len + EG_NC_EOM_LEN;
	}
	err = f->ops->write(f->io, msg, n, nc_frame_timeout(f), &f->diag);
	free(msg);
	if (err != EG_OK) {
		if (!eg_nc_diag_said(&f->diag))
			eg_nc_say(&f->diag, "%s write failed", f->ops->name);
		return nc_frame_io_fail(f, err);
	}
	return EG_OK;
}

/* Describe a byte for an error message. */
static const char *
nc_frame_byte(int c, char *buf, size_t size)
{
	if (c == '\n')
		snprintf(buf, size, "'\\n'");
	else if (isprint(c))
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "0x%02x", (unsigned)c & 0xff);
	return buf;
}

static eg_err
nc_frame_read_eom(struct eg_nc_frame *f, char *buf, size_t len, size_t *got)
{
	size_t out = 0;
	eg_err err;

	while (out < len) {
		unsigned char c;

		if (f->eom_owed_pos < f->eom_owed) {
			buf[out++] = nc_frame_eom[f->eom_owed_pos++];
			continue;
		}
		f->eom_owed = f->eom_owed_pos = 0;
		if (f->rpos == f->rlen) {
			if (out > 0)
				break;
			if ((err = nc_frame_fill(f)) != EG_OK)
				return err;
		}
		if (f->eom_held == 0) {
			size_t avail = f->rlen - f->rpos, n, k;
			const char *p;

			n = avail < len - out ? avail : len - out;
			p = memchr(f->rbuf + f->rpos, ']', n);
			k = p != NULL ? (size_t)(p - (f->rbuf + f->rpos)) : n;
			memcpy(buf + out, f->rbuf + f->rpos, k);
			out += k;
			f->rpos += k;
			if (p != NULL) {
				f->eom_held = 1;
				f->rpos++;
			}
			continue;
		}
		c = (unsigned char)f->rbuf[f->rpos];
		if (c == (unsigned char)nc_frame_eom[f->eom_held]) {
			f->rpos++;
			if (++f->eom_held == EG_NC_EOM_LEN) {
				f->eom_held = 0;
				f->mstate = EG_NC_MS_END;
				break;
			}
			continue;
		}
		/* Mismatch: the withheld bytes that can no longer start a delimiter are data. */
		f->eom_owed = f->eom_held - nc_frame_eom_fail[f->eom_held];
		f->eom_owed_pos = 0;
		f->eom_held = nc_frame_eom_fail[f->eom_held];
	}
	*got = out;
	return EG_OK;
}

static eg_err
nc_frame_read_chunked(struct eg_nc_frame *f, char *buf, size_t len, size_t *got)
{
	char b[16];
	size_t out = 0;
	eg_err err;

	while (out < len && f->mstate == EG_NC_MS_BODY) {
		int c;

		if (f->rpos == f->rlen) {
			if (out > 0)
				break;
			if ((err = nc_frame_fill(f)) != EG_OK)
				return err;
		}
		if (f->hstate == EG_NC_H_DATA) {
			size_t n = f->rlen - f->rpos;

			if (n > len - out)
				n = len - out;
			if (n > f->chunk_left)
				n = (size_t)f->chunk_left;
			memcpy(buf + out, f->rbuf + f->rpos, n);
			out += n;
			f->rpos += n;
			f->chunk_left -= n;
			if (f->chunk_left == 0)
				f->hstate = EG_NC_H_NL;
			continue;
		}
		c = (unsigned char)f->rbuf[f->rpos++];
		switch (f->hstate) {
		case EG_NC_H_NL:
			if (c != '\n')
				return eg_nc_frame_fail(f, EG_ETRANSPORT,
					"bad chunk header: expected '\\n', got %s",
					nc_frame_byte(c, b, sizeof(b)));
			f->hstate = EG_NC_H_HASH;
			break;
		case EG_NC_H_HASH:
			/* Tolerate extra newlines between messages, never inside one. */
			if (c == '\n' && !f->chunk_seen)
				break;
			if (c != '#')
				return eg_nc_frame_fail(f, EG_ETRANSPORT,
					"bad chunk header: expected '#', got %s",
					nc_frame_byte(c, b, sizeof(b)));
			f->hstate = EG_NC_H_FIRST;
			break;
		case EG_NC_H_FIRST:
			if (c == '#') {
				if (!f->chunk_seen)
					return eg_nc_frame_fail(f, EG_ETRANSPORT,
						"bad chunked message: end of chunks before any chunk");
				f->hstate = EG_NC_H_ENDNL;
			} else if (c >= '1' && c <= '9') {
				f->hval = (uint64_t)(c - '0');
				f->hdigits = 1;
				f->hstate = EG_NC_H_DIGITS;
			} else {
				return eg_nc_frame_fail(f, EG_ETRANSPORT,
					"bad chunk header: expected a chunk size 1..4294967295, got %s",
					nc_frame_byte(c, b, sizeof(b)));
			}
			break;
		case EG_NC_H_DIGITS:
			if (c >= '0' && c <= '9') {
				f->hval = f->hval * 10 + (uint64_t)(c - '0');
				if (++f->hdigits > 10 || f->hval > EG_NC_CHUNK_MAX)
					return eg_nc_frame_fail(f, EG_ETRANSPORT,
						"bad chunk header: chunk size above 4294967295");
			} else if (c == '\n') {
				f->chunk_left = f->hval;
				f->chunk_seen = true;
				f->hstate = EG_NC_H_DATA;
			} else {
				return eg_nc_frame_fail(f, EG_ETRANSPORT,
					"bad chunk header: expected a digit or '\\n', got %s",
					nc_frame_byte(c, b, sizeof(b)));
			}
			break;
		case EG_NC_H_ENDNL:
			if (c != '\n')
				return eg_nc_frame_fail(f, EG_ETRANSPORT,
					"bad end of chunks: expected '\\n', got %s",
					nc_frame_byte(c, b, sizeof(b)));
			f->mstate = EG_NC_MS_END;
			break;
		default:
			return eg_nc_frame_fail(f, EG_EINTERNAL, "chunk parser state %d", f->hstate);
		}
	}
	*got = out;
	return EG_OK;
}

eg_err
eg_nc_frame_read(struct eg_nc_frame *f, char *buf, size_t len, size_t *got)
{
	eg_err err;

	*got = 0;
	if (f->diag.err != EG_OK)
		return f->diag.err;
	if (f->mstate == EG_NC_MS_END) {
		f->mstate = EG_NC_MS_BEGIN;
		return EG_OK;
	}
	if (f->mstate == EG_NC_MS_BEGIN) {
		f->eom_held = f->eom_owed = f->eom_owed_pos = 0;
		f->hstate = EG_NC_H_NL;
		f->chunk_left = 0;
		f->chunk_seen = false;
		f->mstate = EG_NC_MS_BODY;
	}
	if (len == 0)
		return EG_OK;
	do {
		err = f->chunked ? nc_frame_read_chunked(f, buf, len, got)
				 : nc_frame_read_eom(f, buf, len, got);
		if (err != EG_OK)
			return err;
		/* A message may end with nothing delivered by this call: report the end. */
		if (*got == 0 && f->mstate == EG_NC_MS_END)
			f->mstate = EG_NC_MS_BEGIN;
	} while (*got == 0 && f->mstate == EG_NC_MS_BODY);
	return EG_OK;
}

/* ---------------------------------------------------------------- hello */

static bool
nc_frame_is_base10(const char *cap)
{
	return strcmp(cap, EG_NC_BASE10) == 0 ||
	       strcmp(cap, "urn:ietf:params:xml:ns:netconf:base:1.0") == 0;
}

static char *
nc_frame_trimmed(const xmlChar *s)
{
	const char *b = (const char *)s, *e;

	if (b == NULL)
		return NULL;
	while (*b != '\0' && isspace((unsigned char)*b))
		b++;
	e = b + strlen(b);
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	return eg_xstrndup(b, (size_t)(e - b));
}

/*
 * Skip a byte order mark, white space, comments and processing
 * instructions before the root element.
 */
static const char *
nc_frame_skip_prolog(const char *p, const char *end)
{
	if (end - p >= EG_NC_BOM_LEN && memcmp(p, EG_NC_BOM, EG_NC_BOM_LEN) == 0)
		p += EG_NC_BOM_LEN;
	for (;;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			const char *q = p + 4;

			while (end - q >= 3 && memcmp(q, "-->", 3) != 0)
				q++;
			if (end - q < 3)
				return end;
			p = q + 3;
		} else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			const char *q = p + 2;

			while (end - q >= 2 && memcmp(q, "?>", 2) != 0)
				q++;
			if (end - q < 2)
				return end;
			p = q + 2;
		} else {
			return p;
		}
	}
}

/* A printable excerpt of the start of what the server sent, for errors. */
static void
nc_frame_excerpt(const char *p, size_t n, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < size && o < 60; i++)
		out[o++] = isprint((unsigned char)p[i]) ? p[i] : ' ';
	out[o] = '\0';
}

static eg_err
nc_frame_parse_hello(struct eg_nc_frame *f, const char *buf, size_t len)
{
	const char *p = nc_frame_skip_prolog(buf, buf + len);
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, c;
	char ex[80];
	eg_err err = EG_OK;

	if (p >= buf + len || *p != '<') {
		nc_frame_excerpt(p < buf + len ? p : buf, (size_t)(buf + len - p), ex, sizeof(ex));
		return eg_nc_frame_fail(f, EG_ETRANSPORT, "no NETCONF <hello> from the server (got \"%s\")", ex);
	}
	doc = xmlReadMemory(p, (int)(buf + len - p), "hello", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc != NULL && doc->intSubset != NULL) {
		/* NETCONF content holds none (RFC 6241, 3.2); its entities are an attack */
		err = eg_nc_frame_fail(f, EG_ETRANSPORT, "NETCONF <hello> with a document type "
				       "declaration: refused");
		goto cleanup;
	}
	root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || strcmp((const char *)root->name, "hello") != 0) {
		nc_frame_excerpt(p, (size_t)(buf + len - p), ex, sizeof(ex));
		err = eg_nc_frame_fail(f, EG_ETRANSPORT, "malformed NETCONF <hello> from the server (\"%s\")", ex);
		goto cleanup;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "session-id") == 0) {
			xmlChar *t = xmlNodeGetContent(n);
			unsigned long v = t != NULL ? strtoul((const char *)t, NULL, 10) : 0;

			f->session_id = v > UINT32_MAX ? 0 : (uint32_t)v;
			xmlFree(t);
		} else if (strcmp((const char *)n->name, "capabilities") == 0) {
			for (c = n->children; c != NULL; c = c->next) {
				xmlChar *t;
				char *cap;

				if (c->type != XML_ELEMENT_NODE ||
				    strcmp((const char *)c->name, "capability") != 0)
					continue;
				t = xmlNodeGetContent(c);
				cap = nc_frame_trimmed(t);
				xmlFree(t);
				if (cap == NULL)
					eg_oom(__func__);	/* libxml2 found no memory */
				f->caps = eg_xrealloc(f->caps, (f->ncaps + 1) * sizeof(*f->caps));
				f->caps[f->ncaps++] = cap;
			}
		}
	}
cleanup:
	xmlFreeDoc(doc);
	return err;
}

eg_err
eg_nc_frame_hello(struct eg_nc_frame *f, bool base10_only)
{
	char hello[512];
	char *buf = NULL;
	size_t len = 0, cap = 4096, got, i;
	bool srv10 = false, srv11 = false;
	eg_err err;
	int n;

	f->chunked = false;
	n = snprintf(hello, sizeof(hello),
		     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<hello xmlns=\"" EG_NC_NS "\"><capabilities>"
		     "<capability>" EG_NC_BASE10 "</capability>%s"
		     "</capabilities></hello>",
		     base10_only ? "" : "<capability>" EG_NC_BASE11 "</capability>");
	if ((err = eg_nc_frame_send(f, hello, (size_t)n)) != EG_OK)
		return err;
	buf = eg_xmalloc(cap);
	for (;;) {
		if (cap - len < 1024) {
			if (cap >= EG_NC_MAX_HELLO) {
				err = eg_nc_frame_fail(f, EG_ETRANSPORT,
					"server hello larger than %u bytes", EG_NC_MAX_HELLO);
				goto cleanup;
			}
			buf = eg_xrealloc(buf, cap * 2);
			cap *= 2;
		}
		if ((err = eg_nc_frame_read(f, buf + len, cap - len, &got)) != EG_OK)
			goto cleanup;
		if (got == 0)
			break;
		len += got;
	}
	if ((err = nc_frame_parse_hello(f, buf, len)) != EG_OK)
		goto cleanup;
	f->hello_done = true;
	for (i = 0; i < f->ncaps; i++) {
		if (nc_frame_is_base10(f->caps[i]))
			srv10 = true;
		else if (strcmp(f->caps[i], EG_NC_BASE11) == 0)
			srv11 = true;
	}
	if (srv11 && !base10_only) {
		f->chunked = true;
	} else if (!srv10) {
		err = eg_nc_frame_fail(f, EG_ETRANSPORT,
			"no common NETCONF base: the server advertises %s",
			srv11 ? "only base:1.1 and this session is limited to base:1.0"
			      : "neither base:1.0 nor base:1.1");
		goto cleanup;
	}
	eg_log(EG_LOG_DEBUG, f->where, "NETCONF session %" PRIu32 ", %s framing, %zu capabilities",
	       f->session_id, f->chunked ? "chunked" : "end-of-message", f->ncaps);
cleanup:
	free(buf);
	return err;
}
