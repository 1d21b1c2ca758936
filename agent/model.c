/*
 * model.c - the values of the shared model: addresses, prefixes, interned
 * strings and AS paths.  Route tables are in model_rib.c, BGP and BFD
 * state and the configuration in model_cfg.c.
 *
 * Guarantees: parsers reject anything that is not a well-formed address
 * or prefix; prefixes have their host bits cleared; a string pool owns
 * what it interns.  Out of memory is fatal (util.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

/* ---------------------------------------------------------------- addresses */

/* Copy s without surrounding white space into buf; false if it does not fit. */
static bool
model_trim_copy(const char *s, char *buf, size_t size)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

/* An IPv4 or IPv6 address, exactly; false (out's bytes then undefined) if s is neither. */
static bool
model_addr_pton(const char *s, struct eg_addr *out)
{
	if (inet_pton(AF_INET, s, out->bytes) == 1) {
		out->family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, out->bytes) == 1) {
		out->family = 6;
		return true;
	}
	return false;
}

eg_err
eg_addr_parse(const char *s, struct eg_addr *out)
{
	char buf[64];
	char *plus;

	if (s == NULL || !model_trim_copy(s, buf, sizeof(buf)))
		return EG_EPARSE;
	memset(out, 0, sizeof(*out));
	if (model_addr_pton(buf, out))
		return EG_OK;
	/* Junos neighbor replies append the TCP port: "10.2.1.253+179". */
	plus = strrchr(buf, '+');
	if (plus != NULL && plus[1] != '\0' && strspn(plus + 1, "0123456789") == strlen(plus + 1)) {
		*plus = '\0';
		if (model_addr_pton(buf, out))
			return EG_OK;
	}
	memset(out, 0, sizeof(*out));
	return EG_EPARSE;
}

char *
eg_addr_fmt(const struct eg_addr *a, char *buf)
{
	buf[0] = '\0';
	if (a == NULL || a->family == 0)
		return buf;
	if (inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, buf,
		      EG_ADDR_STRLEN) == NULL)
		buf[0] = '\0';
	return buf;
}

static size_t
model_addr_len(uint8_t family)
{
	return family == 4 ? 4 : family == 6 ? 16 : 0;
}

int
eg_addr_cmp(const struct eg_addr *a, const struct eg_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, model_addr_len(a->family));
}

bool
eg_addr_eq(const struct eg_addr *a, const struct eg_addr *b)
{
	return eg_addr_cmp(a, b) == 0;
}

/* ---------------------------------------------------------------- prefixes */

static void
model_prefix_mask(struct eg_prefix *p)
{
	size_t nbytes = model_addr_len(p->addr.family);
	size_t i;

	for (i = 0; i < nbytes; i++) {
		unsigned int bitpos = (unsigned int)i * 8;
		if (bitpos >= p->len)
			p->addr.bytes[i] = 0;
		else if (bitpos + 8 > p->len)
			p->addr.bytes[i] &= (uint8_t)(0xffu << (8 - (p->len - bitpos)));
	}
	for (i = nbytes; i < sizeof(p->addr.bytes); i++)
		p->addr.bytes[i] = 0;
}

static eg_err
model_prefix_set(const char *addr, const char *len, struct eg_prefix *out)
{
	uint32_t l;
	unsigned int max;

	memset(out, 0, sizeof(*out));
	if (eg_addr_parse(addr, &out->addr) != EG_OK)
		return EG_EPARSE;
	max = out->addr.family == 4 ? 32 : 128;
	if (len == NULL) {
		l = max;
	} else if (eg_parse_u32(len, &l) != EG_OK || l > max) {
		memset(out, 0, sizeof(*out));
		return EG_EPARSE;
	}
	out->len = (uint8_t)l;
	model_prefix_mask(out);
	return EG_OK;
}

eg_err
eg_prefix_parse(const char *s, struct eg_prefix *out)
{
	char buf[64];
	char *slash;

	if (s == NULL || !model_trim_copy(s, buf, sizeof(buf)))
		return EG_EPARSE;
	slash = strchr(buf, '/');
	if (slash == NULL)
		return model_prefix_set(buf, NULL, out);
	*slash = '\0';
	if (slash[1] == '\0')
		return EG_EPARSE;
	return model_prefix_set(buf, slash + 1, out);
}

eg_err
eg_prefix_parse2(const char *dest, const char *len, struct eg_prefix *out)
{
	if (dest != NULL && strchr(dest, '/') != NULL)
		return eg_prefix_parse(dest, out);
	return model_prefix_set(dest, len, out);
}

char *
eg_prefix_fmt(const struct eg_prefix *p, char *buf)
{
	char a[EG_ADDR_STRLEN];

	if (p == NULL || p->addr.family == 0) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, EG_PREFIX_STRLEN, "%s/%u", eg_addr_fmt(&p->addr, a), p->len);
	return buf;
}

int
eg_prefix_cmp(const struct eg_prefix *a, const struct eg_prefix *b)
{
	int c = eg_addr_cmp(&a->addr, &b->addr);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

bool
eg_prefix_eq(const struct eg_prefix *a, const struct eg_prefix *b)
{
	return eg_prefix_cmp(a, b) == 0;
}

bool
eg_prefix_covers(const struct eg_prefix *outer, const struct eg_prefix *inner)
{
	struct eg_prefix t;

	if (outer->addr.family != inner->addr.family || outer->addr.family == 0 ||
	    outer->len > inner->len)
		return false;
	t = *inner;
	t.len = outer->len;
	model_prefix_mask(&t);
	return memcmp(t.addr.bytes, outer->addr.bytes, sizeof(t.addr.bytes)) == 0;
}

/* ---------------------------------------------------------------- string pool */

/*
 * Open-addressing hash set of strings, stored in large blocks so that a
 * table of a million routes with a few dozen AS paths costs kilobytes.
 * Each block starts with a pointer to the previous block.
 */
struct eg_strpool {
	const char **slots;
	size_t nslots, nused;
	char *block;
	size_t used, size;	/* bytes used / total in the current block */
};

#define POOL_BLOCK 16384

struct eg_strpool *
eg_strpool_new(void)
{
	return eg_xcalloc(1, sizeof(struct eg_strpool));
}

void
eg_strpool_free(struct eg_strpool *pool)
{
	char *b, *next;

	if (pool == NULL)
		return;
	for (b = pool->block; b != NULL; b = next) {
		memcpy(&next, b, sizeof(next));
		free(b);
	}
	free(pool->slots);
	free(pool);
}

static uint64_t
model_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static char *
model_pool_alloc(struct eg_strpool *pool, size_t n)
{
	char *b;
	size_t bsize;

	if (pool->block == NULL || pool->used + n > pool->size) {
		bsize = sizeof(char *) + n > POOL_BLOCK ? sizeof(char *) + n : POOL_BLOCK;
		b = eg_xmalloc(bsize);
		memcpy(b, &pool->block, sizeof(char *));
		pool->block = b;
		pool->used = sizeof(char *);
		pool->size = bsize;
	}
	b = pool->block + pool->used;
	pool->used += n;
	return b;
}

static void
model_pool_rehash(struct eg_strpool *pool)
{
	size_t nslots = pool->nslots ? pool->nslots * 2 : 64;
	const char **slots = eg_xcalloc(nslots, sizeof(*slots));
	size_t i, j;

	for (i = 0; i < pool->nslots; i++) {
		const char *s = pool->slots[i];
		if (s == NULL)
			continue;
		j = model_hash(s, strlen(s)) & (nslots - 1);
		while (slots[j] != NULL)
			j = (j + 1) & (nslots - 1);
		slots[j] = s;
	}
	free(pool->slots);
	pool->slots = slots;
	pool->nslots = nslots;
}

const char *
eg_strpool_intern(struct eg_strpool *pool, const char *s, size_t len)
{
	size_t j;
	char *copy;

	if (pool == NULL || s == NULL)
		return NULL;
	if ((pool->nused + 1) * 2 > pool->nslots)
		model_pool_rehash(pool);
	j = model_hash(s, len) & (pool->nslots - 1);
	while (pool->slots[j] != NULL) {
		const char *c = pool->slots[j];
		if (strncmp(c, s, len) == 0 && c[len] == '\0')
			return c;
		j = (j + 1) & (pool->nslots - 1);
	}
	copy = model_pool_alloc(pool, len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	pool->slots[j] = copy;
	pool->nused++;
	return copy;
}

/* ---------------------------------------------------------------- AS paths */

void
eg_aspath_normalise(const char *in, char *out, size_t size)
{
	size_t o = 0;
	bool space = false;

	if (size == 0)
		return;
	out[0] = '\0';
	if (in == NULL)
		return;
	while (isspace((unsigned char)*in))
		in++;
	if (strncasecmp(in, "AS path:", 8) == 0)
		in += 8;
	for (; *in != '\0'; in++) {
		if (isspace((unsigned char)*in)) {
			space = o > 0;
			continue;
		}
		if (space) {
			if (o + 1 >= size)
				break;
			out[o++] = ' ';
			space = false;
		}
		if (o + 1 >= size)
			break;
		out[o++] = *in;
	}
	out[o] = '\0';
}

uint32_t
eg_aspath_first_as(const char *aspath)
{
	unsigned long v;

	if (aspath == NULL)
		return 0;
	while (*aspath == ' ' || *aspath == '[' || *aspath == '(' || *aspath == '{')
		aspath++;
	if (!isdigit((unsigned char)*aspath))
		return 0;
	v = strtoul(aspath, NULL, 10);
	return v > UINT32_MAX ? 0 : (uint32_t)v;
}
