/*
 * model.c - addresses, prefixes, interned strings and the containers of
 * the shared model (routes, BGP peers, BFD sessions, configuration).
 *
 * Guarantees: parsers reject anything that is not a well-formed address
 * or prefix; prefixes have their host bits cleared; containers own what
 * they hold and their _free() functions accept NULL.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

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

eg_err
eg_addr_parse(const char *s, struct eg_addr *out)
{
	char buf[64];
	char *plus;

	if (s == NULL || !model_trim_copy(s, buf, sizeof(buf)))
		return EG_EPARSE;
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->bytes) == 1) {
		out->family = 4;
		return EG_OK;
	}
	if (inet_pton(AF_INET6, buf, out->bytes) == 1) {
		out->family = 6;
		return EG_OK;
	}
	/* Junos neighbor replies append the TCP port: "10.2.1.253+179". */
	plus = strrchr(buf, '+');
	if (plus != NULL && plus[1] != '\0' && strspn(plus + 1, "0123456789") == strlen(plus + 1)) {
		*plus = '\0';
		if (inet_pton(AF_INET, buf, out->bytes) == 1) {
			out->family = 4;
			return EG_OK;
		}
		if (inet_pton(AF_INET6, buf, out->bytes) == 1) {
			out->family = 6;
			return EG_OK;
		}
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
	return calloc(1, sizeof(struct eg_strpool));
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
		b = malloc(bsize);
		if (b == NULL)
			return NULL;
		memcpy(b, &pool->block, sizeof(char *));
		pool->block = b;
		pool->used = sizeof(char *);
		pool->size = bsize;
	}
	b = pool->block + pool->used;
	pool->used += n;
	return b;
}

static eg_err
model_pool_rehash(struct eg_strpool *pool)
{
	size_t nslots = pool->nslots ? pool->nslots * 2 : 64;
	const char **slots = calloc(nslots, sizeof(*slots));
	size_t i, j;

	if (slots == NULL)
		return EG_ENOMEM;
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
	return EG_OK;
}

const char *
eg_strpool_intern(struct eg_strpool *pool, const char *s, size_t len)
{
	size_t j;
	char *copy;

	if (pool == NULL || s == NULL)
		return NULL;
	if ((pool->nused + 1) * 2 > pool->nslots && model_pool_rehash(pool) != EG_OK)
		return NULL;
	j = model_hash(s, len) & (pool->nslots - 1);
	while (pool->slots[j] != NULL) {
		const char *c = pool->slots[j];
		if (strncmp(c, s, len) == 0 && c[len] == '\0')
			return c;
		j = (j + 1) & (pool->nslots - 1);
	}
	copy = model_pool_alloc(pool, len + 1);
	if (copy == NULL)
		return NULL;
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

/* ---------------------------------------------------------------- routes */

static const struct {
	const char *name;
	enum eg_proto proto;
} model_protos[] = {
	{ "BGP", EG_PROTO_BGP }, { "Static", EG_PROTO_STATIC },
	{ "Direct", EG_PROTO_DIRECT }, { "Local", EG_PROTO_LOCAL },
	{ "Aggregate", EG_PROTO_AGGREGATE }, { "OSPF", EG_PROTO_OSPF },
	{ "IS-IS", EG_PROTO_ISIS },
};

enum eg_proto
eg_proto_parse(const char *name)
{
	size_t i;

	if (name == NULL)
		return EG_PROTO_OTHER;
	while (isspace((unsigned char)*name))
		name++;
	for (i = 0; i < sizeof(model_protos) / sizeof(model_protos[0]); i++) {
		size_t n = strlen(model_protos[i].name);
		if (strncasecmp(name, model_protos[i].name, n) == 0 &&
		    (name[n] == '\0' || isspace((unsigned char)name[n])))
			return model_protos[i].proto;
	}
	return EG_PROTO_OTHER;
}

const char *
eg_proto_name(enum eg_proto p)
{
	size_t i;

	for (i = 0; i < sizeof(model_protos) / sizeof(model_protos[0]); i++)
		if (model_protos[i].proto == p)
			return model_protos[i].name;
	return "Other";
}

/*
 * A route table's paths live in one array.  Past MODEL_BIG bytes it is
 * its own mapping, 2 MB-aligned and marked for transparent huge pages: a
 * table of 100k paths is 10 MB, which in 4 kB pages costs 2,500
 * first-touch page faults, more time than parsing the reply on a virtual
 * machine.  The size of a block tells which allocator holds it, so
 * nothing else needs to be remembered.
 */
#define MODEL_HUGE ((size_t)2 << 20)
#define MODEL_BIG (MODEL_HUGE / 4)

_Static_assert(sizeof(void *) != 8 || sizeof(struct eg_path) <= 88,
	       "struct eg_path grew: a route table's memory is paths times this");

static void
model_paths_release(void *block, size_t size)
{
	if (block == NULL)
		return;
	if (size >= MODEL_BIG)
		munmap(block, (size + MODEL_HUGE - 1) & ~(MODEL_HUGE - 1));
	else
		free(block);
}

/* A fresh mapping of at least size bytes, aligned to MODEL_HUGE. */
static void *
model_paths_map(size_t size)
{
	size_t span;
	char *raw;
	uintptr_t at;
	size_t lead;

	size = (size + MODEL_HUGE - 1) & ~(MODEL_HUGE - 1);
	span = size + MODEL_HUGE;
	raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	at = ((uintptr_t)raw + MODEL_HUGE - 1) & ~((uintptr_t)MODEL_HUGE - 1);
	lead = at - (uintptr_t)raw;
	if (lead > 0)
		munmap(raw, lead);
	munmap((char *)at + size, span - lead - size);
#ifdef MADV_HUGEPAGE
	(void)madvise((void *)at, size, MADV_HUGEPAGE);
#endif
	return (void *)at;
}

/*
 * Grow a block of oldcap bytes (used of them in use) to newcap bytes;
 * NULL on ENOMEM, the old block then untouched.  A mapping grows by
 * mremap: its pages move without a copy, so a table touches its memory
 * once, not once per doubling (fresh pages are dear on a VM too).
 */
static void *
model_paths_grow(void *block, size_t used, size_t oldcap, size_t newcap)
{
	void *p;

	if (newcap < MODEL_BIG)
		return realloc(block, newcap);
#ifdef MREMAP_MAYMOVE
	if (oldcap >= MODEL_BIG) {
		p = mremap(block, (oldcap + MODEL_HUGE - 1) & ~(MODEL_HUGE - 1),
			   (newcap + MODEL_HUGE - 1) & ~(MODEL_HUGE - 1), MREMAP_MAYMOVE);
		if (p != MAP_FAILED)
			return p;
	}
#endif
	p = model_paths_map(newcap);
	if (p == NULL)
		return NULL;
	if (used > 0)
		memcpy(p, block, used);
	model_paths_release(block, oldcap);
	return p;
}

struct eg_rib *
eg_rib_new(const char *table)
{
	struct eg_rib *rib = calloc(1, sizeof(*rib));

	if (rib == NULL)
		return NULL;
	rib->pool = eg_strpool_new();
	if (rib->pool == NULL || (table != NULL && (rib->table = strdup(table)) == NULL)) {
		eg_rib_free(rib);
		return NULL;
	}
	rib->sorted = true;
	return rib;
}

void
eg_rib_free(struct eg_rib *rib)
{
	if (rib == NULL)
		return;
	free(rib->table);
	model_paths_release(rib->paths, rib->cap * sizeof(*rib->paths));
	eg_strpool_free(rib->pool);
	free(rib);
}

eg_err
eg_rib_add(struct eg_rib *rib, const struct eg_path *p)
{
	if (rib->npaths == rib->cap) {
		size_t ncap = rib->cap ? rib->cap * 2 : 64;
		struct eg_path *arr;

		if (ncap > SIZE_MAX / 2 / sizeof(*arr))
			return EG_ENOMEM;
		arr = model_paths_grow(rib->paths, rib->npaths * sizeof(*arr),
				       rib->cap * sizeof(*arr), ncap * sizeof(*arr));
		if (arr == NULL)
			return EG_ENOMEM;
		rib->paths = arr;
		rib->cap = ncap;
	}
	if (rib->npaths > 0 && rib->sorted &&
	    eg_prefix_cmp(&rib->paths[rib->npaths - 1].prefix, &p->prefix) > 0)
		rib->sorted = false;
	rib->paths[rib->npaths++] = *p;
	return EG_OK;
}

/* Merge sort keeps the reply's order within a destination (qsort is not stable). */
static void
model_path_msort(struct eg_path *a, struct eg_path *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	model_path_msort(a, tmp, mid);
	model_path_msort(a + mid, tmp, n - mid);
	if (eg_prefix_cmp(&a[mid - 1].prefix, &a[mid].prefix) <= 0)
		return;
	while (i < mid && j < n) {
		if (eg_prefix_cmp(&a[j].prefix, &a[i].prefix) < 0)
			tmp[k++] = a[j++];
		else
			tmp[k++] = a[i++];
	}
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

void
eg_rib_sort(struct eg_rib *rib)
{
	struct eg_path *tmp;
	size_t i;

	if (rib == NULL || rib->sorted)
		return;
	tmp = malloc(rib->npaths * sizeof(*tmp));
	if (tmp != NULL) {
		model_path_msort(rib->paths, tmp, rib->npaths);
		free(tmp);
	} else {
		/* Out of memory: insertion sort in place, slow but correct. */
		for (i = 1; i < rib->npaths; i++) {
			struct eg_path v = rib->paths[i];
			size_t j = i;
			while (j > 0 && eg_prefix_cmp(&rib->paths[j - 1].prefix, &v.prefix) > 0) {
				rib->paths[j] = rib->paths[j - 1];
				j--;
			}
			rib->paths[j] = v;
		}
	}
	rib->sorted = true;
}

size_t
eg_rib_find(struct eg_rib *rib, const struct eg_prefix *pfx, const struct eg_path **first)
{
	size_t lo = 0, hi, n = 0;

	*first = NULL;
	if (rib == NULL)
		return 0;
	eg_rib_sort(rib);
	hi = rib->npaths;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (eg_prefix_cmp(&rib->paths[mid].prefix, pfx) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < rib->npaths && eg_prefix_eq(&rib->paths[lo + n].prefix, pfx))
		n++;
	if (n > 0)
		*first = &rib->paths[lo];
	return n;
}

size_t
eg_rib_ndest(struct eg_rib *rib)
{
	size_t i, n = 0;

	if (rib == NULL)
		return 0;
	eg_rib_sort(rib);
	for (i = 0; i < rib->npaths; i++)
		if (i == 0 || !eg_prefix_eq(&rib->paths[i - 1].prefix, &rib->paths[i].prefix))
			n++;
	return n;
}

/* ---------------------------------------------------------------- BGP */

struct eg_bgp *
eg_bgp_new(void)
{
	return calloc(1, sizeof(struct eg_bgp));
}

void
eg_bgp_free(struct eg_bgp *bgp)
{
	size_t i;

	if (bgp == NULL)
		return;
	for (i = 0; i < bgp->npeers; i++) {
		free(bgp->peers[i].state);
		free(bgp->peers[i].group);
		free(bgp->peers[i].instance);
		free(bgp->peers[i].bfd_state);
	}
	free(bgp->peers);
	free(bgp);
}

eg_err
eg_bgp_add(struct eg_bgp *bgp, struct eg_bgp_peer **out)
{
	void *arr = bgp->peers, *p;
	eg_err err;

	err = eg_append(&arr, &bgp->npeers, &bgp->cap, sizeof(*bgp->peers), &p);
	bgp->peers = arr;
	*out = p;
	return err;
}

const struct eg_bgp_peer *
eg_bgp_find(const struct eg_bgp *bgp, const struct eg_addr *addr)
{
	size_t i;

	if (bgp == NULL)
		return NULL;
	for (i = 0; i < bgp->npeers; i++)
		if (eg_addr_eq(&bgp->peers[i].addr, addr))
			return &bgp->peers[i];
	return NULL;
}

/* ---------------------------------------------------------------- BFD */

struct eg_bfd *
eg_bfd_new(void)
{
	return calloc(1, sizeof(struct eg_bfd));
}

void
eg_bfd_free(struct eg_bfd *bfd)
{
	size_t i;

	if (bfd == NULL)
		return;
	for (i = 0; i < bfd->nsessions; i++) {
		free(bfd->sessions[i].state);
		free(bfd->sessions[i].interface);
		free(bfd->sessions[i].clients);
	}
	free(bfd->sessions);
	free(bfd);
}

eg_err
eg_bfd_add(struct eg_bfd *bfd, struct eg_bfd_session **out)
{
	void *arr = bfd->sessions, *p;
	eg_err err;

	err = eg_append(&arr, &bfd->nsessions, &bfd->cap, sizeof(*bfd->sessions), &p);
	bfd->sessions = arr;
	*out = p;
	return err;
}

const struct eg_bfd_session *
eg_bfd_find(const struct eg_bfd *bfd, const struct eg_addr *neighbor)
{
	size_t i;

	if (bfd == NULL)
		return NULL;
	for (i = 0; i < bfd->nsessions; i++)
		if (eg_addr_eq(&bfd->sessions[i].neighbor, neighbor))
			return &bfd->sessions[i];
	return NULL;
}

/* ---------------------------------------------------------------- configuration */

static void
model_strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
eg_bgp_opts_clear(struct eg_bgp_opts *o)
{
	if (o == NULL)
		return;
	model_strv_free(o->export_policies, o->nexport);
	model_strv_free(o->import_policies, o->nimport);
	free(o->local_address);
	memset(o, 0, sizeof(*o));
}

static void
model_instance_clear(struct eg_instance_cfg *ic)
{
	size_t g, n;

	free(ic->name);
	free(ic->instance_type);
	free(ic->description);
	model_strv_free(ic->interfaces, ic->ninterfaces);
	eg_bgp_opts_clear(&ic->bgp_opts);
	for (g = 0; g < ic->ngroups; g++) {
		struct eg_bgp_group_cfg *gr = &ic->groups[g];
		free(gr->name);
		free(gr->type);
		eg_bgp_opts_clear(&gr->opts);
		for (n = 0; n < gr->nneighbors; n++) {
			free(gr->neighbors[n].name);
			eg_bgp_opts_clear(&gr->neighbors[n].opts);
		}
		free(gr->neighbors);
	}
	free(ic->groups);
}

static void
model_policy_clear(struct eg_policy *p)
{
	size_t t;

	free(p->name);
	free(p->default_action);
	for (t = 0; t < p->nterms; t++) {
		struct eg_policy_term *term = &p->terms[t];
		free(term->name);
		free(term->route_filters);
		model_strv_free(term->route_filter_match, term->nroute_filters);
		model_strv_free(term->prefix_lists, term->nprefix_lists);
		free(term->action);
	}
	free(p->terms);
}

void
eg_config_free(struct eg_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->ninstances; i++)
		model_instance_clear(&cfg->instances[i]);
	free(cfg->instances);
	for (i = 0; i < cfg->npolicies; i++)
		model_policy_clear(&cfg->policies[i]);
	free(cfg->policies);
	for (i = 0; i < cfg->nprefix_lists; i++) {
		free(cfg->prefix_lists[i].name);
		free(cfg->prefix_lists[i].prefixes);
	}
	free(cfg->prefix_lists);
	free(cfg->commit_user);
	free(cfg);
}

const struct eg_instance_cfg *
eg_config_instance(const struct eg_config *cfg, const char *name)
{
	size_t i;

	if (cfg == NULL || name == NULL)
		return NULL;
	for (i = 0; i < cfg->ninstances; i++)
		if (cfg->instances[i].name != NULL && strcmp(cfg->instances[i].name, name) == 0)
			return &cfg->instances[i];
	return NULL;
}

const struct eg_bgp_group_cfg *
eg_instance_group(const struct eg_instance_cfg *ic, const char *name)
{
	size_t i;

	if (ic == NULL || name == NULL)
		return NULL;
	for (i = 0; i < ic->ngroups; i++)
		if (ic->groups[i].name != NULL && strcmp(ic->groups[i].name, name) == 0)
			return &ic->groups[i];
	return NULL;
}

const struct eg_bgp_group_cfg *
eg_instance_group_of(const struct eg_instance_cfg *ic, const struct eg_addr *peer,
		     const struct eg_bgp_neighbor_cfg **nb)
{
	size_t g, n;

	if (nb != NULL)
		*nb = NULL;
	if (ic == NULL || peer == NULL)
		return NULL;
	for (g = 0; g < ic->ngroups; g++) {
		const struct eg_bgp_group_cfg *gr = &ic->groups[g];
		for (n = 0; n < gr->nneighbors; n++) {
			if (eg_addr_eq(&gr->neighbors[n].addr, peer)) {
				if (nb != NULL)
					*nb = &gr->neighbors[n];
				return gr;
			}
		}
	}
	return NULL;
}

/* Apply the statements present in src over dst (borrowing src's strings). */
static void
model_opts_overlay(struct eg_bgp_opts *dst, const struct eg_bgp_opts *src)
{
	if (src->has_local_pref) {
		dst->has_local_pref = true;
		dst->local_pref = src->local_pref;
	}
	if (src->has_peer_as) {
		dst->has_peer_as = true;
		dst->peer_as = src->peer_as;
	}
	if (src->has_bfd) {
		dst->has_bfd = true;
		dst->bfd_min_interval = src->bfd_min_interval;
		dst->bfd_multiplier = src->bfd_multiplier;
	}
	if (src->nexport > 0) {
		dst->export_policies = src->export_policies;
		dst->nexport = src->nexport;
	}
	if (src->nimport > 0) {
		dst->import_policies = src->import_policies;
		dst->nimport = src->nimport;
	}
	if (src->local_address != NULL)
		dst->local_address = src->local_address;
}

void
eg_bgp_effective(const struct eg_instance_cfg *ic, const struct eg_bgp_group_cfg *g,
		 const struct eg_bgp_neighbor_cfg *nb, struct eg_bgp_opts *out)
{
	memset(out, 0, sizeof(*out));
	if (ic != NULL)
		model_opts_overlay(out, &ic->bgp_opts);
	if (g != NULL)
		model_opts_overlay(out, &g->opts);
	if (nb != NULL)
		model_opts_overlay(out, &nb->opts);
}

/* ---------------------------------------------------------------- others */

void
eg_trace_free(struct eg_trace *t)
{
	if (t == NULL)
		return;
	free(t->hops);
	free(t);
}

void
eg_instances_free(struct eg_instances *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->nitems; i++) {
		free(in->items[i].name);
		free(in->items[i].type);
		free(in->items[i].state);
		model_strv_free(in->items[i].rib_names, in->items[i].nribs);
		free(in->items[i].active_counts);
	}
	free(in->items);
	free(in);
}

void
eg_rpc_errors_clear(struct eg_rpc_errors *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nitems; i++) {
		struct eg_rpc_error *x = &e->items[i];
		free(x->type);
		free(x->tag);
		free(x->message);
		free(x->path);
		free(x->bad_element);
		free(x->source_daemon);
	}
	free(e->items);
	e->items = NULL;
	e->nitems = 0;
}

const struct eg_rpc_error *
eg_rpc_errors_first(const struct eg_rpc_errors *e)
{
	size_t i;

	if (e == NULL)
		return NULL;
	for (i = 0; i < e->nitems; i++)
		if (e->items[i].is_error)
			return &e->items[i];
	return NULL;
}
