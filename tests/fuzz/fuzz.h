/*
 * fuzz.h - what the fuzz harnesses (fuzz_*.c) share.
 *
 * Each harness defines LLVMFuzzerTestOneInput(); it is linked either with
 * libFuzzer (make fuzz) or with replay.c, which feeds it the files named
 * on its command line (make check).  A harness aborts through FUZZ_CHECK
 * when an invariant breaks, so that a replay fails as a crash would.
 */
#ifndef EG_FUZZ_H
#define EG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "eg_err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* A small deterministic generator, seeded from the input: slice sizes. */
struct fuzz_rng {
	uint32_t s;
};

static inline uint32_t
fuzz_rand(struct fuzz_rng *r)
{
	uint32_t x = r->s ? r->s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	r->s = x;
	return x;
}

/*
 * A slice length in [1, max]: mostly small, sometimes large, so that the
 * readers see every boundary and also whole buffers.
 */
static inline size_t
fuzz_slice(struct fuzz_rng *r, size_t max)
{
	uint32_t x = fuzz_rand(r);
	size_t n;

	switch (x & 3) {
	case 0: n = 1; break;
	case 1: n = 1 + (x >> 8) % 16; break;
	case 2: n = 1 + (x >> 8) % 512; break;
	default: n = 1 + (x >> 8) % 65536; break;
	}
	return n < max ? n : max;
}

/* Diagnostics are part of what is exercised, but not printed. */
static inline void
fuzz_log_sink(enum eg_log_level level, const char *where, const char *msg, void *arg)
{
	(void)level;
	(void)where;
	(void)arg;
	FUZZ_CHECK(msg != NULL, "a diagnostic without text");
}

static inline void
fuzz_quiet(void)
{
	eg_log_set_sink(fuzz_log_sink, NULL);
	eg_log_set_level(EG_LOG_DEBUG);
}

#endif
