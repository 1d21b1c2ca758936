/*
 * fuzz_frame.c - the NETCONF framer (nc_frame.c, nc_frame_reply.c) and
 * the session over it (nc_session.c), fed a server's byte stream.
 *
 * Input: byte 0 holds options (bit 0: refuse base:1.1, bit 1: RPCs in
 * the default namespace, bit 2: parse each reply as a BFD reply through
 * the reply reader, bits 4-5: 1 to 4 RPC rounds), byte 1 seeds the sizes
 * of the transport's reads and of the reply reader's buffers; the rest is
 * what the server sends: its hello, then the replies, in end-of-message
 * or chunked framing.
 *
 * Invariants: the reader never returns more than asked; a session error
 * is sticky (every later call returns the same one) and its reason names
 * the device; every message the framer writes is one whole frame: after
 * the hello, "\n#LEN\n...\n##\n" with the right length under base:1.1,
 * else ending in "]]>]]>".
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "junos.h"
#include "nc.h"
#include "state.h"

#define DEVICE "FUZZ-DEV"

struct server {
	const uint8_t *p;
	size_t len, off;
	struct fuzz_rng rng;
	int nwrites;
	bool chunked;		/* what the session negotiated, once known */
	bool hello_done;
	int closed;
};

static eg_err
srv_read(void *io, char *buf, size_t len, int timeout_ms, size_t *got, struct eg_nc_diag *d)
{
	struct server *s = io;
	size_t n;

	(void)timeout_ms;
	(void)d;
	*got = 0;
	if (s->off == s->len || len == 0)
		return EG_OK;	/* the server closed */
	n = fuzz_slice(&s->rng, len);
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	*got = n;
	return EG_OK;
}

/* One write is one whole message in the framing in use. */
static void
check_frame(const struct server *s, const char *buf, size_t len)
{
	if (!s->hello_done || !s->chunked) {
		FUZZ_CHECK(len >= 6 && memcmp(buf + len - 6, "]]>]]>", 6) == 0,
			   "end-of-message write without its delimiter (%zu bytes)", len);
		return;
	}
	FUZZ_CHECK(len > 7 && memcmp(buf, "\n#", 2) == 0, "chunked write without a chunk header");
	size_t i = 2, n = 0;
	while (i < len && buf[i] >= '0' && buf[i] <= '9')
		n = n * 10 + (size_t)(buf[i++] - '0');
	FUZZ_CHECK(i < len && buf[i] == '\n' && n > 0, "malformed chunk header");
	i++;
	FUZZ_CHECK(i + n + 4 == len && memcmp(buf + i + n, "\n##\n", 4) == 0,
		   "chunk of %zu bytes in a write of %zu", n, len);
}

static eg_err
srv_write(void *io, const char *buf, size_t len, int timeout_ms, struct eg_nc_diag *d)
{
	struct server *s = io;

	(void)timeout_ms;
	(void)d;
	check_frame(s, buf, len);
	s->nwrites++;
	return EG_OK;
}

static void
srv_close(void *io)
{
	((struct server *)io)->closed++;
}

static const struct eg_nc_io_ops srv_ops = {
	.name = "fuzz", .read = srv_read, .write = srv_write, .explain = NULL, .close = srv_close,
};

static void
check_err(struct eg_nc_session *ss, eg_err sticky)
{
	if (sticky == EG_OK)
		return;
	FUZZ_CHECK(eg_nc_session_err(ss) == sticky, "error %d became %d", sticky,
		   eg_nc_session_err(ss));
	FUZZ_CHECK(strncmp(eg_nc_session_why(ss), DEVICE, strlen(DEVICE)) == 0,
		   "reason does not name the device: %s", eg_nc_session_why(ss));
}

/* Read the reply through the reader, in buffers of random sizes. */
static void
read_reply(struct eg_nc_session *ss, struct fuzz_rng *rng)
{
	char buf[8192];
	int n;

	do {
		int want = (int)fuzz_slice(rng, sizeof(buf));
		n = eg_nc_reply_read(ss, buf, want);
		FUZZ_CHECK(n <= want, "read %d bytes into %d", n, want);
		if (n < 0)
			FUZZ_CHECK(eg_nc_session_err(ss) != EG_OK, "-1 without a session error");
	} while (n > 0);
}

/* The reply reader as libxml2 sees it, with a parser behind it. */
static void
parse_reply(struct eg_nc_session *ss)
{
	struct eg_state *st = eg_state_new();
	struct eg_query q = { .kind = EG_Q_BFD, .device = (char *)DEVICE };
	struct eg_obs *o;

	eg_state_add(st, &q, &o);
	eg_junos_parse_io(eg_nc_reply_read, ss, DEVICE, o);
	FUZZ_CHECK(o->status == EG_OK || o->why != NULL, "failed without a reason");
	eg_state_free(st);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	eg_junos_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct server *srv;
	struct eg_nc_opts o = { 0 };
	struct eg_nc_session *ss = NULL;
	struct eg_nc_diag diag;
	struct fuzz_rng rng;
	eg_err err, sticky = EG_OK;
	int rounds, i;

	if (size < 2)
		return 0;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return 0;
	srv->p = data + 2;
	srv->len = size - 2;
	srv->rng.s = data[1] * 0x01000193u + 7;
	rng.s = data[1] * 0x2545f491u + 3;
	o.device = DEVICE;
	o.base10_only = data[0] & 1;
	o.rpc_default_ns = (data[0] >> 1) & 1;
	o.max_reply_bytes = 1u << 20;
	rounds = 1 + ((data[0] >> 4) & 3);
	err = eg_nc_session_open_io(&o, &srv_ops, srv, &ss, &diag);
	if (err != EG_OK) {
		FUZZ_CHECK(ss == NULL, "failed open gave a session");
		FUZZ_CHECK(diag.err == err, "open: %d, diag says %d", err, diag.err);
		FUZZ_CHECK(strncmp(diag.msg, DEVICE, strlen(DEVICE)) == 0,
			   "open reason does not name the device: %s", diag.msg);
		FUZZ_CHECK(srv->closed == 1, "transport closed %d times", srv->closed);
		free(srv);
		return 0;
	}
	FUZZ_CHECK(srv->nwrites == 1, "%d writes for the hello", srv->nwrites);
	srv->hello_done = true;
	srv->chunked = eg_nc_session_chunked(ss);
	FUZZ_CHECK(!(o.base10_only && srv->chunked), "base:1.1 in use though refused");
	for (i = 0; i < rounds; i++) {
		err = eg_nc_session_rpc(ss, "<get-bfd-session-information/>");
		if (sticky != EG_OK)
			FUZZ_CHECK(err == sticky, "rpc after error %d returned %d", sticky, err);
		if (err != EG_OK) {
			sticky = eg_nc_session_err(ss);
			check_err(ss, sticky);
			break;
		}
		if (data[0] & 4)
			parse_reply(ss);
		else
			read_reply(ss, &rng);
		err = eg_nc_reply_finish(ss);
		if (err != EG_OK) {
			sticky = eg_nc_session_err(ss);
			FUZZ_CHECK(sticky == err, "finish returned %d, session says %d", err, sticky);
			check_err(ss, sticky);
		}
	}
	eg_nc_session_close(ss);
	FUZZ_CHECK(srv->closed == 1, "transport closed %d times", srv->closed);
	free(srv);
	return 0;
}
