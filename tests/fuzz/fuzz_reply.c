/*
 * fuzz_reply.c - the reply parsers (junos_input.c, junos_stream.c and the
 * parser of every query kind).
 *
 * Input: byte 0 picks the query kind (the query table's row, modulo the
 * number of kinds) and the path: bit 4 the streaming reader only, bit 5
 * the in-memory reader only, neither both; byte 1 seeds the slice sizes
 * of the streaming reader; the rest is the reply.
 *
 * Invariants: a reply parsed OK holds the payload its row names and no
 * reason; any other outcome gives a reason that starts with where the
 * reply came from, and no payload; the reply read whole and read in
 * slices of any size comes out with the same status.
 */
#include <string.h>

#include "fuzz.h"
#include "junos.h"
#include "query.h"
#include "state.h"

struct slices {
	const char *p;
	size_t len, off;
	struct fuzz_rng rng;
};

static int
slices_read(void *ctx, char *buf, int len)
{
	struct slices *s = ctx;
	size_t n;

	if (s->off == s->len || len <= 0)
		return 0;
	n = fuzz_slice(&s->rng, (size_t)len);
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (int)n;
}

#define WHERE "FUZZ-DEV"

static void
check_obs(const struct eg_obs *o, eg_err ret)
{
	const struct eg_qdef *def = eg_qdef(o->q.kind);

	FUZZ_CHECK(ret == o->status, "returned %d, status %d", ret, o->status);
	if (o->status == EG_OK) {
		FUZZ_CHECK(o->why == NULL, "OK with a reason: %s", o->why);
		FUZZ_CHECK(o->data == def->data, "payload %d for a row of %d", o->data, def->data);
		FUZZ_CHECK(eg_obs_has_data(o), "OK without payload");
	} else {
		FUZZ_CHECK(o->why != NULL, "status %d without a reason", o->status);
		FUZZ_CHECK(strncmp(o->why, WHERE, strlen(WHERE)) == 0,
			   "reason does not name the reply: %s", o->why);
		FUZZ_CHECK(!eg_obs_has_data(o), "failed (%s) with payload", o->why);
	}
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
	struct eg_state *st;
	struct eg_obs *om = NULL, *oi = NULL;
	struct eg_query q = { 0 };
	const char *reply;
	size_t len;
	uint8_t mode;

	if (size < 2)
		return 0;
	mode = data[0];
	reply = (const char *)data + 2;
	len = size - 2;
	q.kind = (enum eg_qkind)((mode & 0x0f) % EG_Q_NKINDS);
	q.device = (char *)WHERE;
	q.instance = (char *)"Cust11";
	q.table = (char *)"Cust11.inet.0";
	if (eg_addr_parse("192.168.11.18", &q.peer) != EG_OK)
		abort();
	st = eg_state_new();
	/* both first: adding may move the array */
	eg_state_add(st, &q, &om);
	eg_state_add(st, &q, &oi);
	om = (mode & 0x10) ? NULL : &st->obs[0];
	oi = (mode & 0x20) ? NULL : &st->obs[1];
	if (om != NULL) {
		check_obs(om, eg_junos_parse_mem(reply, len, WHERE, om));
	}
	if (oi != NULL) {
		struct slices s = { .p = reply, .len = len, .rng = { data[1] * 0x01000193u + 1 } };

		check_obs(oi, eg_junos_parse_io(slices_read, &s, WHERE, oi));
	}
	/* both readers: the same verdict whatever the slicing (not for no input at all) */
	if (om != NULL && oi != NULL && len > 0)
		FUZZ_CHECK(om->status == oi->status, "whole: %d (%s), sliced: %d (%s)",
			   om->status, om->why ? om->why : "ok", oi->status, oi->why ? oi->why : "ok");
	eg_state_free(st);
	return 0;
}
