/*
 * model_rib.c - route tables: the paths of one route-table element, and
 * the protocol names they carry.
 *
 * A table's paths live in one flat array that grows by doubling; a large
 * one is its own huge-page-backed mapping that grows by mremap, so a
 * table of a million paths is touched once and costs few page faults.
 *
 * Guarantees: eg_rib_sort() is stable (the reply's order holds within a
 * destination); lookups sort first when needed; eg_rib_free() accepts
 * NULL.  Out of memory is fatal (util.h).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include "model.h"

/* ---------------------------------------------------------------- routes */

static const struct {
	const char *name;
	enum eg_proto proto;
} model_rib_protos[] = {
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
	for (i = 0; i < sizeof(model_rib_protos) / sizeof(model_rib_protos[0]); i++) {
		size_t n = strlen(model_rib_protos[i].name);
		if (strncasecmp(name, model_rib_protos[i].name, n) == 0 &&
		    (name[n] == '\0' || isspace((unsigned char)name[n])))
			return model_rib_protos[i].proto;
	}
	return EG_PROTO_OTHER;
}

const char *
eg_proto_name(enum eg_proto p)
{
	size_t i;

	for (i = 0; i < sizeof(model_rib_protos) / sizeof(model_rib_protos[0]); i++)
		if (model_rib_protos[i].proto == p)
			return model_rib_protos[i].name;
	return "Other";
}

/*
 * A route table's paths live in one array.  Past MODEL_RIB_BIG bytes it is
 * its own mapping, 2 MB-aligned and marked for transparent huge pages: a
 * table of 100k paths is 10 MB, which in 4 kB pages costs 2,500
 * first-touch page faults, more time than parsing the reply on a virtual
 * machine.  The size of a block tells which allocator holds it, so
 * nothing else needs to be remembered.
 */
#define MODEL_RIB_HUGE ((size_t)2 << 20)
#define MODEL_RIB_BIG (MODEL_RIB_HUGE / 4)

_Static_assert(sizeof(void *) != 8 || sizeof(struct eg_path) <= 88,
	       "struct eg_path grew: a route table's memory is paths times this");

static void
model_rib_release(void *block, size_t size)
{
	if (block == NULL)
		return;
	if (size >= MODEL_RIB_BIG)
		munmap(block, (size + MODEL_RIB_HUGE - 1) & ~(MODEL_RIB_HUGE - 1));
	else
		free(block);
}

/* A fresh mapping of at least size bytes, aligned to MODEL_RIB_HUGE. */
static void *
model_rib_map(size_t size)
{
	size_t span;
	char *raw;
	uintptr_t at;
	size_t lead;

	size = (size + MODEL_RIB_HUGE - 1) & ~(MODEL_RIB_HUGE - 1);
	span = size + MODEL_RIB_HUGE;
	raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		eg_oom(__func__);
	at = ((uintptr_t)raw + MODEL_RIB_HUGE - 1) & ~((uintptr_t)MODEL_RIB_HUGE - 1);
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
 * Grow a block of oldcap bytes (used of them in use) to newcap bytes.  A
 * mapping grows by
 * mremap: its pages move without a copy, so a table touches its memory
 * once, not once per doubling (fresh pages are dear on a VM too).
 */
static void *
model_rib_grow(void *block, size_t used, size_t oldcap, size_t newcap)
{
	void *p;

	if (newcap < MODEL_RIB_BIG)
		return eg_xrealloc(block, newcap);
#ifdef MREMAP_MAYMOVE
	if (oldcap >= MODEL_RIB_BIG) {
		p = mremap(block, (oldcap + MODEL_RIB_HUGE - 1) & ~(MODEL_RIB_HUGE - 1),
			   (newcap + MODEL_RIB_HUGE - 1) & ~(MODEL_RIB_HUGE - 1), MREMAP_MAYMOVE);
		if (p != MAP_FAILED)
			return p;
	}
#endif
	p = model_rib_map(newcap);
	if (used > 0)
		memcpy(p, block, used);
	model_rib_release(block, oldcap);
	return p;
}

struct eg_rib *
eg_rib_new(const char *table)
{
	struct eg_rib *rib = eg_xcalloc(1, sizeof(*rib));

	rib->pool = eg_strpool_new();
	rib->table = eg_xstrdup(table);
	rib->sorted = true;
	return rib;
}

void
eg_rib_free(struct eg_rib *rib)
{
	if (rib == NULL)
		return;
	free(rib->table);
	model_rib_release(rib->paths, rib->cap * sizeof(*rib->paths));
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
			eg_oom(__func__);
		arr = model_rib_grow(rib->paths, rib->npaths * sizeof(*arr),
				     rib->cap * sizeof(*arr), ncap * sizeof(*arr));
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
model_rib_msort(struct eg_path *a, struct eg_path *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	model_rib_msort(a, tmp, mid);
	model_rib_msort(a + mid, tmp, n - mid);
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

	if (rib == NULL || rib->sorted)
		return;
	tmp = eg_xmalloc(rib->npaths * sizeof(*tmp));
	model_rib_msort(rib->paths, tmp, rib->npaths);
	free(tmp);
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
