/*
 * test_nc_frame.c - NETCONF framing, hello negotiation and the reply
 * reader over a scripted fake transport: Junos-style hellos with
 * comments, "]]>]]>" split at every position, chunked framing and its
 * malformed headers, keepalives and notifications between replies,
 * message-id checks, early stop and drain, the size cap, a server that
 * drops mid-reply, stalls or keeps sending past the deadline, one write
 * per message, and pipelined RPCs (replies read in order, an rpc-error
 * among them, a reply cut mid-way).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/xmlreader.h>

#include "nc.h"

/* ---------------------------------------------------------------- fake transport */

enum fake_end { FAKE_EOF, FAKE_STALL, FAKE_ERROR };

struct fake {
	const char *const *reads;	/* each entry is handed out by one read call */
	size_t nreads, i, off;
	size_t maxread;			/* split reads further (0: no limit) */
	enum fake_end end;
	char *written;
	size_t wlen;
	int nwrites;
	int closed;
};

static eg_err
fake_read(void *io, char *buf, size_t len, int timeout_ms, size_t *got, struct eg_nc_diag *d)
{
	struct fake *f = io;
	size_t n;

	(void)timeout_ms;
	*got = 0;
	while (f->i < f->nreads && f->reads[f->i][f->off] == '\0') {
		f->i++;
		f->off = 0;
	}
	if (f->i == f->nreads) {
		if (f->end == FAKE_STALL)
			return EG_ETIMEOUT;
		if (f->end == FAKE_ERROR) {
			eg_nc_say(d, "fake read error");
			return EG_ETRANSPORT;
		}
		return EG_OK;
	}
	n = strlen(f->reads[f->i] + f->off);
	if (n > len)
		n = len;
	if (f->maxread && n > f->maxread)
		n = f->maxread;
	memcpy(buf, f->reads[f->i] + f->off, n);
	f->off += n;
	*got = n;
	return EG_OK;
}

static eg_err
fake_write(void *io, const char *buf, size_t len, int timeout_ms, struct eg_nc_diag *d)
{
	struct fake *f = io;
	char *w = realloc(f->written, f->wlen + len + 1);

	(void)timeout_ms;
	(void)d;
	assert_non_null(w);
	memcpy(w + f->wlen, buf, len);
	f->wlen += len;
	w[f->wlen] = '\0';
	f->written = w;
	f->nwrites++;
	return EG_OK;
}

static void
fake_close(void *io)
{
	((struct fake *)io)->closed++;
}

static const struct eg_nc_io_ops fake_ops = {
	.name = "fake", .read = fake_read, .write = fake_write, .explain = NULL, .close = fake_close,
};

/* ---------------------------------------------------------------- server texts */

#define HELLO10_JUNOS \
	"<!-- No zombies were killed during the creation of this user interface -->\n" \
	"<!-- user erguard, class j-super-user -->\n" \
	"<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n  <capabilities>\n" \
	"    <capability>urn:ietf:params:netconf:base:1.0</capability>\n" \
	"    <capability>urn:ietf:params:netconf:capability:candidate:1.0</capability>\n" \
	"    <capability>http://xml.juniper.net/netconf/junos/1.0</capability>\n" \
	"  </capabilities>\n  <session-id>94347</session-id>\n</hello>\n]]>]]>\n"

#define HELLO11 \
	"<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities>" \
	"<capability>urn:ietf:params:netconf:base:1.0</capability>" \
	"<capability>urn:ietf:params:netconf:base:1.1</capability>" \
	"</capabilities><session-id>7</session-id></hello>]]>]]>"

#define HELLO_NC_PREFIX \
	"<nc:hello xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><nc:capabilities>" \
	"<nc:capability>urn:ietf:params:netconf:base:1.0</nc:capability>" \
	"</nc:capabilities><nc:session-id>12</nc:session-id></nc:hello>]]>]]>"

#define R1 "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\">" \
	"<data>a]]>]]b ]]]>]]] x]]>]]]y <!-- keepalive --></data></rpc-reply>]]>]"
#define R2 "<rpc-reply message-id=\"2\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><ok/></rpc-reply>"

/* ---------------------------------------------------------------- helpers */

static struct eg_nc_session *
open_fake(struct fake *f, const struct eg_nc_opts *o0, eg_err want, const char *why_has)
{
	struct eg_nc_opts o;
	struct eg_nc_session *s = NULL;
	struct eg_nc_diag why;
	eg_err err;

	if (o0 != NULL)
		o = *o0;
	else
		memset(&o, 0, sizeof(o));
	if (o.device == NULL)
		o.device = "SEA-MX03-01";
	err = eg_nc_session_open_io(&o, &fake_ops, f, &s, &why);
	if (err != want)
		fail_msg("open: got %s, want %s (%s)", eg_strerror(err), eg_strerror(want),
			 err != EG_OK ? why.msg : "");
	if (want != EG_OK) {
		assert_null(s);
		assert_int_equal(why.err, err);
		assert_true(strncmp(why.msg, o.device, strlen(o.device)) == 0);
		if (why_has != NULL && strstr(why.msg, why_has) == NULL)
			fail_msg("open message \"%s\" lacks \"%s\"", why.msg, why_has);
		assert_int_equal(f->closed, 1);
	}
	return s;
}

/* Read the whole current reply through the eg_read_fn-shaped reader, chunk bytes at a time. */
static char *
read_reply(struct eg_nc_session *s, int chunk, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	char buf[4096];
	int n;

	for (;;) {
		n = eg_nc_reply_read(s, buf, chunk);
		if (n <= 0)
			break;
		out = realloc(out, len + (size_t)n + 1);
		assert_non_null(out);
		memcpy(out + len, buf, (size_t)n);
		len += (size_t)n;
	}
	*rc = n;
	if (out == NULL)
		out = strdup("");
	else
		out[len] = '\0';
	return out;
}

/* ---------------------------------------------------------------- tests */

/* Every way of splitting the server's stream into two reads, and byte by byte. */
static void
test_eom_split_everywhere(void **state)
{
	static const char stream[] = HELLO10_JUNOS "\n" R1 "]]>]]>\n\n";
	size_t split, total = strlen(stream);

	(void)state;
	for (split = 0; split <= total + 1; split++) {
		char *a = strndup(stream, split < total ? split : total);
		const char *b = split < total ? stream + split : "";
		const char *reads[2] = { a, b };
		struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF };
		struct eg_nc_session *s;
		char *got;
		int rc;

		if (split == total + 1)
			f.maxread = 1;	/* one byte per read */
		s = open_fake(&f, NULL, EG_OK, NULL);
		assert_non_null(s);
		assert_int_equal(eg_nc_session_id(s), 94347);
		assert_false(eg_nc_session_chunked(s));
		assert_true(eg_nc_session_has_cap(s, "http://xml.juniper.net/netconf/junos/"));
		assert_int_equal(eg_nc_session_rpc(s, "<get-software-information/>"), EG_OK);
		got = read_reply(s, 5, &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(got, R1);
		free(got);
		eg_nc_session_free(s);
		free(f.written);
		free(a);
	}
}

/* Several replies in a row, with keepalives, notifications and junk space between them. */
static void
test_eom_sequence(void **state)
{
	static const struct {
		const char *name;
		const char *between;	/* what the server sends before the second reply */
	} cases[] = {
		{ "nothing", "" },
		{ "newlines", "\n\n\r\n" },
		{ "keepalive comment", "<!-- keepalive -->" },
		{ "keepalive message", "\n<!-- keepalive -->\n]]>]]>\n" },
		{ "empty message", "]]>]]>" },
		{ "notification", "<notification xmlns=\"urn:ietf:params:xml:ns:netconf:notification:1.0\">"
				  "<eventTime>x</eventTime></notification>]]>]]>\n" },
		{ "byte order mark", "\xef\xbb\xbf" },
		{ "byte order marks on every message", "\xef\xbb\xbf<notification xmlns=\"urn:ietf:params:"
				  "xml:ns:netconf:notification:1.0\"/>]]>]]>\xef\xbb\xbf" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *reads[] = { HELLO10_JUNOS, "\n" R1 "]]>]]>\n", cases[i].between,
					R2 "]]>]]>" };
		struct fake f = { .reads = reads, .nreads = 4, .end = FAKE_EOF };
		struct eg_nc_session *s = open_fake(&f, NULL, EG_OK, NULL);
		char *got;
		int rc;

		assert_int_equal(eg_nc_session_rpc(s, "<get-a/>"), EG_OK);
		got = read_reply(s, 4096, &rc);
		assert_string_equal(got, R1);
		free(got);
		assert_int_equal(eg_nc_session_rpc(s, "<get-b/>"), EG_OK);
		got = read_reply(s, 3, &rc);
		if (strcmp(got, R2) != 0)
			fail_msg("%s: got \"%s\"", cases[i].name, got);
		assert_int_equal(rc, 0);
		/* What came before the reply is not counted as the reply's size. */
		if (eg_nc_session_reply_bytes(s) != strlen(R2))
			fail_msg("%s: reply_bytes %ju, want %zu", cases[i].name,
				 (uintmax_t)eg_nc_session_reply_bytes(s), strlen(R2));
		free(got);
		/* After the reply the reader keeps saying "end". */
		assert_int_equal(eg_nc_reply_read(s, (char[8]){ 0 }, 8), 0);
		eg_nc_session_free(s);
		free(f.written);
	}
}

/* What the client writes: one write per message, the right envelope and framing. */
static void
test_client_writes(void **state)
{
	static const struct {
		const char *hello;
		bool base10_only;
		bool default_ns;
		bool chunked;
		const char *rpc_head;
	} cases[] = {
		{ HELLO10_JUNOS, false, false, false,
		  "<nc:rpc xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\">" },
		{ HELLO11, false, true, true, "\n#" },
		{ HELLO11, true, false, false,
		  "<nc:rpc xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\">" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *reads[] = { cases[i].hello };
		struct fake f = { .reads = reads, .nreads = 1, .end = FAKE_EOF };
		struct eg_nc_opts o = { .base10_only = cases[i].base10_only,
					.rpc_default_ns = cases[i].default_ns };
		struct eg_nc_session *s = open_fake(&f, &o, EG_OK, NULL);
		const char *rpc;
		size_t hello_len;

		assert_int_equal(eg_nc_session_chunked(s), cases[i].chunked);
		assert_int_equal(f.nwrites, 1);
		assert_non_null(strstr(f.written, "urn:ietf:params:netconf:base:1.0"));
		assert_int_equal(strstr(f.written, "urn:ietf:params:netconf:base:1.1") != NULL,
				 !cases[i].base10_only);
		assert_true(f.wlen > 6 && memcmp(f.written + f.wlen - 6, "]]>]]>", 6) == 0);
		hello_len = f.wlen;
		assert_int_equal(eg_nc_session_rpc(s, "<get-route-information><table>Cust11.inet.0</table>"
					       "</get-route-information>"), EG_OK);
		assert_int_equal(f.nwrites, 2);
		rpc = f.written + hello_len;
		if (strncmp(rpc, cases[i].rpc_head, strlen(cases[i].rpc_head)) != 0)
			fail_msg("case %zu: rpc starts \"%.80s\"", i, rpc);
		if (cases[i].chunked) {
			/* The chunk size announced is the body's size. */
			const char *body = strchr(rpc + 2, '\n') + 1;
			size_t n = strtoul(rpc + 2, NULL, 10);

			assert_int_equal(strlen(body), n + 4);
			assert_string_equal(body + n, "\n##\n");
			assert_true(strncmp(body, "<rpc xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
					    "message-id=\"1\">", 67) == 0);
		} else {
			assert_string_equal(f.written + f.wlen - 6, "]]>]]>");
		}
		eg_nc_session_free(s);
		free(f.written);
	}
}

/* Chunked replies: chunk boundaries anywhere, headers split across reads. */
static void
test_chunked_ok(void **state)
{
	static const char body[] = "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
				   "message-id=\"1\"><data>\n#5\n]]>]]></data></rpc-reply>";
	size_t nchunks;

	(void)state;
	for (nchunks = 1; nchunks <= 9; nchunks++) {
		char stream[2048];
		size_t off = 0, blen = strlen(body), per = blen / nchunks + 1, n = 0;
		const char *reads[2];
		struct fake f = { .nreads = 2, .end = FAKE_EOF, .maxread = nchunks % 3 + 1 };
		struct eg_nc_session *s;
		char *got;
		int rc;

		while (off < blen) {
			size_t c = blen - off < per ? blen - off : per;

			n += (size_t)snprintf(stream + n, sizeof(stream) - n, "\n#%zu\n%.*s",
					      c, (int)c, body + off);
			off += c;
		}
		n += (size_t)snprintf(stream + n, sizeof(stream) - n, "\n##\n");
		reads[0] = HELLO11;
		reads[1] = stream;
		f.reads = reads;
		s = open_fake(&f, NULL, EG_OK, NULL);
		assert_true(eg_nc_session_chunked(s));
		assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_OK);
		got = read_reply(s, 7, &rc);
		assert_int_equal(rc, 0);
		assert_string_equal(got, body);
		free(got);
		eg_nc_session_free(s);
		free(f.written);
	}
}

/* Malformed chunk headers fail the session with EG_ETRANSPORT naming the device. */
static void
test_chunked_bad(void **state)
{
	static const struct {
		const char *stream;
		const char *why;
	} cases[] = {
		{ "\n#0\n", "chunk size" },
		{ "\n#01\nx\n##\n", "chunk size" },
		{ "\n#4294967296\n", "above 4294967295" },
		{ "\n#99999999999\n", "above 4294967295" },
		{ "#5\nabcde\n##\n", "expected '\\n'" },
		{ "\n5\nabcde\n##\n", "expected '#'" },
		{ "\n#5x\n", "expected a digit" },
		{ "\n# 5\n", "chunk size" },
		{ "\n##\n", "before any chunk" },
		{ "\n#5\nabcde\n##x", "end of chunks" },
		{ "\n#5\nabcde#\n", "expected '\\n'" },
		{ "\n#5\nabcdef", "expected '\\n'" },
		{ "<rpc-reply/>]]>]]>", "expected '\\n'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *reads[] = { HELLO11, cases[i].stream };
		struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF };
		struct eg_nc_session *s = open_fake(&f, NULL, EG_OK, NULL);
		char *got;
		int rc;

		assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_OK);
		got = read_reply(s, 64, &rc);
		free(got);
		assert_int_equal(rc, -1);
		assert_int_equal(eg_nc_session_err(s), EG_ETRANSPORT);
		assert_true(strncmp(eg_nc_session_why(s), "SEA-MX03-01: ", 13) == 0);
		if (strstr(eg_nc_session_why(s), cases[i].why) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, eg_nc_session_why(s), cases[i].why);
		/* Sticky: the next RPC fails the same way without writing. */
		assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_ETRANSPORT);
		eg_nc_session_free(s);
		free(f.written);
	}
}

/* The largest legal chunk size is accepted; the failure is the early end, not the header. */
static void
test_chunked_max_header(void **state)
{
	const char *reads[] = { HELLO11, "\n#4294967295\n<rpc-reply>" };
	struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF };
	struct eg_nc_session *s;
	char *got;
	int rc;

	(void)state;
	s = open_fake(&f, NULL, EG_OK, NULL);
	assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_OK);
	got = read_reply(s, 64, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(got, "<rpc-reply>");
	assert_non_null(strstr(eg_nc_session_why(s), "closed"));
	free(got);
	eg_nc_session_free(s);
	free(f.written);
}

/* A server that never stops sending meets the deadline all the same. */
static void
test_deadline_while_sending(void **state)
{
	const char *reads[] = { "<rpc-reply>", "<x/>", "<x/>", "<x/>" };
	struct fake f = { .reads = reads, .nreads = 4, .end = FAKE_EOF };
	struct eg_nc_frame fr;
	char buf[64];
	size_t got;

	(void)state;
	eg_nc_frame_init(&fr, &fake_ops, &f, "R1", 0);
	fr.deadline_ms = eg_nc_now_ms() - 1;
	assert_int_equal(eg_nc_frame_read(&fr, buf, sizeof(buf), &got), EG_ETIMEOUT);
	assert_non_null(strstr(fr.diag.msg, "still sending"));
	eg_nc_frame_fini(&fr);
}

/* Bytes that only begin like a byte order mark are the parser's to judge, not dropped. */
static void
test_reply_broken_bom(void **state)
{
	const char *reads[] = { HELLO10_JUNOS, "\xef\xbb<rpc-reply message-id=\"1\"/>]]>]]>" };
	struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF, .maxread = 1 };
	struct eg_nc_session *s;
	char *got;
	int rc;

	(void)state;
	s = open_fake(&f, NULL, EG_OK, NULL);
	assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_OK);
	got = read_reply(s, 64, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "\xef\xbb<rpc-reply message-id=\"1\"/>");
	free(got);
	eg_nc_session_free(s);
	free(f.written);
}

/* Failures while reading a reply, each with its error and message. */
static void
test_reply_failures(void **state)
{
	static const struct {
		const char *name;
		const char *reply;
		enum fake_end end;
		uint64_t cap;
		eg_err err;
		const char *why;
	} cases[] = {
		{ "drop mid-reply", "<rpc-reply message-id=\"1\"><route-information>", FAKE_EOF, 0,
		  EG_ETRANSPORT, "closed by the server in the middle of a message" },
		{ "drop inside delimiter", "<rpc-reply message-id=\"1\"/>]]>]", FAKE_EOF, 0,
		  EG_ETRANSPORT, "closed by the server" },
		{ "stall", "<rpc-reply message-id=\"1\"><route", FAKE_STALL, 0,
		  EG_ETIMEOUT, "timed out" },
		{ "stall before reply", "", FAKE_STALL, 0, EG_ETIMEOUT, "RPC timeout" },
		{ "transport error", "<rpc-reply", FAKE_ERROR, 0, EG_ETRANSPORT, "fake read error" },
		{ "size cap", "<rpc-reply message-id=\"1\"><data>0123456789012345678901234567890123456789"
		  "</data></rpc-reply>]]>]]>", FAKE_EOF, 48, EG_ETRANSPORT, "size cap of 48" },
		{ "wrong message-id", "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
		  "message-id=\"7\"><ok/></rpc-reply>]]>]]>", FAKE_EOF, 0, EG_ETRANSPORT,
		  "message-id \"7\" to request 1" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *reads[] = { HELLO10_JUNOS, cases[i].reply };
		struct fake f = { .reads = reads, .nreads = 2, .end = cases[i].end };
		struct eg_nc_opts o = { .max_reply_bytes = cases[i].cap };
		struct eg_nc_session *s = open_fake(&f, &o, EG_OK, NULL);
		char *got;
		int rc;

		assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_OK);
		got = read_reply(s, 16, &rc);
		free(got);
		if (rc != -1 || eg_nc_session_err(s) != cases[i].err)
			fail_msg("%s: rc %d err %s", cases[i].name, rc, eg_strerror(eg_nc_session_err(s)));
		if (strstr(eg_nc_session_why(s), cases[i].why) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].name, eg_nc_session_why(s), cases[i].why);
		assert_int_equal(eg_nc_reply_finish(s), cases[i].err);
		assert_int_equal(eg_nc_session_close(s), cases[i].err);
		assert_int_equal(f.closed, 1);
		free(f.written);
	}
}

/*
 * A root start tag padded past the kept head (70 kB of attribute before
 * a wrong message-id) is refused, never handed over with its id unchecked.
 */
static void
test_reply_padded_message_id(void **state)
{
	static const char pre[] = "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" pad=\"";
	static const char post[] = "\" message-id=\"7\"><ok/></rpc-reply>]]>]]>";
	size_t pad = 70 * 1024;
	char *reply = malloc(sizeof(pre) + pad + sizeof(post)), *got;
	const char *reads[2];
	struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF };
	struct eg_nc_opts o = { 0 };
	struct eg_nc_session *s;
	int rc;

	(void)state;
	assert_non_null(reply);
	memcpy(reply, pre, sizeof(pre) - 1);
	memset(reply + sizeof(pre) - 1, 'x', pad);
	memcpy(reply + sizeof(pre) - 1 + pad, post, sizeof(post));
	reads[0] = HELLO10_JUNOS;
	reads[1] = reply;
	s = open_fake(&f, &o, EG_OK, NULL);
	assert_int_equal(eg_nc_session_rpc(s, "<get/>"), EG_OK);
	got = read_reply(s, 4096, &rc);
	free(got);
	assert_int_equal(rc, -1);
	assert_int_equal(eg_nc_session_err(s), EG_ETRANSPORT);
	assert_non_null(strstr(eg_nc_session_why(s), "message-id cannot be checked"));
	eg_nc_session_close(s);
	free(f.written);
	free(reply);
}

/* Hellos that must be refused, and odd ones that must be accepted. */
static void
test_hello(void **state)
{
	static const struct {
		const char *name;
		const char *stream;
		bool base10_only;
		eg_err err;
		const char *why;
		uint32_t sid;
	} cases[] = {
		{ "junos", HELLO10_JUNOS, false, EG_OK, NULL, 94347 },
		{ "rfc-compliant prefixes", HELLO_NC_PREFIX, false, EG_OK, NULL, 12 },
		{ "xml declaration after comments", "<!-- hi -->\n<?xml version=\"1.0\"?>\n" HELLO11, false,
		  EG_OK, NULL, 7 },
		{ "byte order mark", "\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?>" HELLO11, false,
		  EG_OK, NULL, 7 },
		{ "cli error text", "error: unknown command: netconf\n", false, EG_ETRANSPORT,
		  "closed by the server in the middle of its NETCONF hello", 0 },
		{ "refused at once", "", false, EG_ETRANSPORT,
		  "closed by the server before its NETCONF hello", 0 },
		{ "garbage then delimiter", "error: syntax error\n]]>]]>", false, EG_ETRANSPORT,
		  "no NETCONF <hello>", 0 },
		{ "not a hello", "<rpc-reply><ok/></rpc-reply>]]>]]>", false, EG_ETRANSPORT,
		  "malformed NETCONF <hello>", 0 },
		{ "broken xml", "<hello><capabilities></hello>]]>]]>", false, EG_ETRANSPORT,
		  "malformed NETCONF <hello>", 0 },
		{ "no base", "<hello><capabilities><capability>urn:x</capability></capabilities>"
		  "</hello>]]>]]>", false, EG_ETRANSPORT, "neither base:1.0 nor base:1.1", 0 },
		{ "1.1 only, client 1.0 only", "<hello><capabilities><capability>"
		  "urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>]]>]]>",
		  true, EG_ETRANSPORT, "only base:1.1", 0 },
		{ "stall", "<hello>", false, EG_ETIMEOUT, "hello timeout", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *reads[] = { cases[i].stream };
		struct fake f = { .reads = reads, .nreads = 1,
				  .end = strcmp(cases[i].name, "stall") == 0 ? FAKE_STALL : FAKE_EOF };
		struct eg_nc_opts o = { .base10_only = cases[i].base10_only };
		struct eg_nc_session *s = open_fake(&f, &o, cases[i].err, cases[i].why);

		if (s != NULL) {
			assert_int_equal(eg_nc_session_id(s), cases[i].sid);
			assert_true(eg_nc_session_ncaps(s) >= 1);
			assert_null(eg_nc_session_cap(s, eg_nc_session_ncaps(s)));
			eg_nc_session_free(s);
		}
		assert_int_equal(f.closed, 1);
		free(f.written);
	}
}

/* Frame body as one chunk per piece (pieces separated by '|'), then end-of-chunks. */
static char *
chunked(const char *body)
{
	char *out = malloc(strlen(body) * 2 + 64), *o = out;
	const char *p = body;

	assert_non_null(out);
	while (*p != '\0') {
		size_t n = strcspn(p, "|");

		o += sprintf(o, "\n#%zu\n%.*s", n, (int)n, p);
		p += n;
		if (*p == '|')
			p++;
	}
	strcpy(o, "\n##\n");
	return out;
}

/* A parser that stops early: the rest is drained and the next RPC gets its own reply. */
static void
test_early_stop_and_close(void **state)
{
	char *r1 = chunked("<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\">"
			   "<data>0123456789</data>|</rpc-reply>");
	char *r2 = chunked("<rpc-reply message-id=\"2\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
			   "<data>second</data></rpc-reply>");
	char *r3 = chunked("<rpc-reply message-id=\"3\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
			   "|<ok/></rpc-reply>");
	const char *reads[] = { HELLO11, r1, r2, r3 };
	struct fake f = { .reads = reads, .nreads = 4, .end = FAKE_EOF };
	struct eg_nc_session *s;
	char buf[10];
	char *got;
	int rc;

	(void)state;
	s = open_fake(&f, NULL, EG_OK, NULL);
	assert_int_equal(eg_nc_session_rpc(s, "<get-a/>"), EG_OK);
	assert_int_equal(eg_nc_reply_read(s, buf, sizeof(buf)), sizeof(buf));
	assert_memory_equal(buf, "<rpc-reply", 10);
	assert_int_equal(eg_nc_session_rpc(s, "<get-b/>"), EG_OK);
	got = read_reply(s, 100, &rc);
	assert_non_null(strstr(got, "<data>second</data>"));
	assert_int_equal(eg_nc_session_reply_bytes(s), strlen(got));
	free(got);
	/* close sends <close-session/> as message 3 and does not wait for its <ok/>. */
	assert_int_equal(eg_nc_session_close(s), EG_OK);
	assert_non_null(strstr(f.written, "message-id=\"3\"><close-session"));
	assert_int_equal(f.closed, 1);
	assert_true(f.i < 3 || (f.i == 3 && f.off == 0));
	free(f.written);
	free(r1);
	free(r2);
	free(r3);
}

/* Replies stream into libxml2's xmlReader through the eg_read_fn-shaped reader. */
static void
test_xmlreader_stream(void **state)
{
	static const char *const reads[] = { HELLO10_JUNOS,
		"\n<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
		"xmlns:junos=\"http://xml.juniper.net/junos/21.4R0/junos\" message-id=\"1\">\n"
		"<route-information xmlns=\"http://xml.juniper.net/junos/21.4R0/junos-routing\">\n"
		"<!-- keepalive -->\n<route-table><table-name>Cust11.inet.0</table-name>"
		"<rt><rt-destination>10.1.11.0/25</rt-destination></rt>",
		"<rt><rt-destination>10.17.11.0/25</rt-destination></rt>"
		"<rt><rt-destination>10.17.11.128/26</rt-destination></rt>"
		"</route-table></route-information>\n</rpc-reply>\n]]>]]>\n", R2 "]]>]]>" };
	struct fake f = { .reads = reads, .nreads = 4, .end = FAKE_EOF, .maxread = 13 };
	struct eg_nc_session *s;
	xmlTextReaderPtr r;
	int rts = 0, rc;
	char *got;

	(void)state;
	s = open_fake(&f, NULL, EG_OK, NULL);
	assert_int_equal(eg_nc_session_rpc(s, "<get-route-information/>"), EG_OK);
	r = xmlReaderForIO(eg_nc_reply_read, NULL, s, "SEA-MX03-01", NULL, XML_PARSE_NONET);
	assert_non_null(r);
	while ((rc = xmlTextReaderRead(r)) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "rt") == 0)
			rts++;
	assert_int_equal(rc, 0);
	xmlFreeTextReader(r);
	assert_int_equal(rts, 3);
	assert_int_equal(eg_nc_reply_finish(s), EG_OK);
	assert_int_equal(eg_nc_session_rpc(s, "<get-b/>"), EG_OK);
	got = read_reply(s, 4096, &rc);
	assert_string_equal(got, R2);
	free(got);
	eg_nc_session_free(s);
	free(f.written);
}

/* Replies to pipelined RPCs, read as XML streams; one is an rpc-error. */
#define PR1 "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\">" \
	"<route-information><rt>a</rt><rt>b</rt></route-information></rpc-reply>"
#define PR2 "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"2\">" \
	"<rpc-error><error-type>protocol</error-type><error-tag>operation-failed</error-tag>" \
	"<error-severity>error</error-severity><error-message>syntax error</error-message>" \
	"</rpc-error></rpc-reply>"
#define PR3 "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"3\">" \
	"<route-information><rt>c</rt></route-information></rpc-reply>"

/* Stream the current reply through xmlReader: elements named name, -1 if not well-formed. */
static int
count_elements(struct eg_nc_session *s, const char *name)
{
	xmlTextReaderPtr r = xmlReaderForIO(eg_nc_reply_read, NULL, s, "reply", NULL, XML_PARSE_NONET);
	int n = 0, rc;

	assert_non_null(r);
	while ((rc = xmlTextReaderRead(r)) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0)
			n++;
	xmlFreeTextReader(r);
	return rc == 0 ? n : -1;
}

static void
test_pipelined_rpc_error(void **state)
{
	char *r1 = chunked(PR1), *r2 = chunked(PR2), *r3 = chunked(PR3), *all;
	const char *reads[2] = { HELLO11, NULL };
	struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF, .maxread = 7 };
	struct eg_nc_session *s;
	const char *p;

	(void)state;
	all = malloc(strlen(r1) + strlen(r2) + strlen(r3) + 1);
	assert_non_null(all);
	strcat(strcat(strcpy(all, r1), r2), r3);
	reads[1] = all;
	s = open_fake(&f, NULL, EG_OK, NULL);
	/* Nothing to begin before an RPC is sent. */
	assert_int_equal(eg_nc_session_next(s), EG_EINVAL);
	assert_int_equal(eg_nc_session_send(s, "<get-a/>"), EG_OK);
	assert_int_equal(eg_nc_session_send(s, "<get-b/>"), EG_OK);
	assert_int_equal(eg_nc_session_send(s, "<get-c/>"), EG_OK);
	/* All three went out, one write each, before any reply was read. */
	assert_int_equal(f.nwrites, 4);
	assert_true(f.i == 0 || (f.i == 1 && f.off == 0));
	assert_int_equal(eg_nc_session_pending(s), 3);
	p = strstr(f.written, "message-id=\"1\"><get-a/>");
	assert_non_null(p);
	p = strstr(p, "message-id=\"2\"><get-b/>");
	assert_non_null(p);
	assert_non_null(strstr(p, "message-id=\"3\"><get-c/>"));
	/* Each reply streams into its own parser, in order. */
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(count_elements(s, "rt"), 2);
	assert_int_equal(eg_nc_session_pending(s), 2);
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(count_elements(s, "rpc-error"), 1);
	assert_int_equal(eg_nc_session_err(s), EG_OK);
	/* The rpc-error judged its own RPC only: the third reply is whole. */
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(count_elements(s, "rt"), 1);
	assert_int_equal(eg_nc_reply_finish(s), EG_OK);
	assert_int_equal(eg_nc_session_pending(s), 0);
	assert_int_equal(eg_nc_session_next(s), EG_EINVAL);
	assert_int_equal(eg_nc_session_close(s), EG_OK);
	free(f.written);
	free(all);
	free(r1);
	free(r2);
	free(r3);
}

/* A parser that stops early still leaves the next pipelined reply whole; ids are checked. */
static void
test_pipelined_skip_and_ids(void **state)
{
	static const char *const reads[] = { HELLO10_JUNOS, PR1 "]]>]]>" PR3 "]]>]]>" };
	struct fake f = { .reads = reads, .nreads = 2, .end = FAKE_EOF };
	struct eg_nc_session *s;
	char buf[16];

	(void)state;
	s = open_fake(&f, NULL, EG_OK, NULL);
	assert_int_equal(eg_nc_session_send(s, "<get-a/>"), EG_OK);
	assert_int_equal(eg_nc_session_send(s, "<get-b/>"), EG_OK);
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(eg_nc_reply_read(s, buf, sizeof(buf)), sizeof(buf));
	/* next drains the rest of reply 1; reply "3" answers request 2: refused. */
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(eg_nc_reply_read(s, buf, sizeof(buf)), -1);
	assert_int_equal(eg_nc_session_err(s), EG_ETRANSPORT);
	assert_non_null(strstr(eg_nc_session_why(s), "reply with message-id \"3\" to request 2"));
	eg_nc_session_free(s);
	free(f.written);
}

/* A reply cut mid-way with RPCs pending: the session dies and says why; the rest stay owed. */
static void
test_pipelined_cut(void **state)
{
	static const char *const reads[] = { HELLO10_JUNOS, PR1 "]]>]]>",
		"<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"2\"><route-inf" };
	struct fake f = { .reads = reads, .nreads = 3, .end = FAKE_EOF };
	struct eg_nc_session *s;

	(void)state;
	s = open_fake(&f, NULL, EG_OK, NULL);
	assert_int_equal(eg_nc_session_send(s, "<get-a/>"), EG_OK);
	assert_int_equal(eg_nc_session_send(s, "<get-b/>"), EG_OK);
	assert_int_equal(eg_nc_session_send(s, "<get-c/>"), EG_OK);
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(count_elements(s, "rt"), 2);
	assert_int_equal(eg_nc_session_next(s), EG_OK);
	assert_int_equal(count_elements(s, "rt"), -1);
	assert_int_equal(eg_nc_session_err(s), EG_ETRANSPORT);
	assert_non_null(strstr(eg_nc_session_why(s), "session closed by the server in the middle of a message"));
	assert_int_equal(strncmp(eg_nc_session_why(s), "SEA-MX03-01: ", 13), 0);
	/* The second reply is unfinished and the third never began. */
	assert_int_equal(eg_nc_session_pending(s), 2);
	assert_int_equal(eg_nc_session_next(s), EG_ETRANSPORT);
	assert_int_equal(eg_nc_session_close(s), EG_ETRANSPORT);
	free(f.written);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eom_split_everywhere),
		cmocka_unit_test(test_eom_sequence),
		cmocka_unit_test(test_client_writes),
		cmocka_unit_test(test_chunked_ok),
		cmocka_unit_test(test_chunked_bad),
		cmocka_unit_test(test_chunked_max_header),
		cmocka_unit_test(test_deadline_while_sending),
		cmocka_unit_test(test_reply_broken_bom),
		cmocka_unit_test(test_reply_failures),
		cmocka_unit_test(test_reply_padded_message_id),
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_early_stop_and_close),
		cmocka_unit_test(test_xmlreader_stream),
		cmocka_unit_test(test_pipelined_rpc_error),
		cmocka_unit_test(test_pipelined_skip_and_ids),
		cmocka_unit_test(test_pipelined_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
