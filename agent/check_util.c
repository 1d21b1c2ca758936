/*
 * check_util.c - helpers the check files share that are not catalogue
 * code: the --device filter and scope names, route tables walked as sets
 * of prefixes, and AS paths as values.
 *
 * Pure functions of their arguments: no I/O, no report.
 */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

/* ------------------------------------------------------------ filter and scopes */

const char *
eg_checks_join(char *buf, size_t size, const char *const *names, size_t n)
{
	size_t i, j, len = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		bool seen = false;
		if (names[i] == NULL)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = names[j] != NULL && strcmp(names[j], names[i]) == 0;
		if (seen)
			continue;
		int k = snprintf(buf + len, size - len, "%s%s", len ? "+" : "", names[i]);
		if (k < 0 || (size_t)k >= size - len) {
			buf[size - 1] = '\0';
			break;
		}
		len += (size_t)k;
	}
	return buf;
}

size_t
eg_checks_ces(const struct eg_service *svc, const char **names, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < svc->ner && n < max; i++)
		names[n++] = svc->er[i].ce;
	return n;
}

/* ------------------------------------------------------------ route sets */

size_t
eg_checks_rib_next(const struct eg_rib *rib, size_t i)
{
	size_t j = i + 1;

	while (j < rib->npaths && eg_prefix_eq(&rib->paths[j].prefix, &rib->paths[i].prefix))
		j++;
	return j;
}

const struct eg_path *
eg_checks_rib_path(struct eg_rib *rib, const struct eg_prefix *p)
{
	const struct eg_path *first;
	size_t n, i;

	n = eg_rib_find(rib, p, &first);
	for (i = 0; i < n; i++)
		if (first[i].flags & EG_PATH_ACTIVE)
			return &first[i];
	return n > 0 ? first : NULL;
}

/* p shortened to len bits, host bits cleared. */
static void
cutil_truncate(const struct eg_prefix *p, unsigned len, struct eg_prefix *out)
{
	size_t nbytes = p->addr.family == 4 ? 4 : 16, i;

	*out = *p;
	out->len = (uint8_t)len;
	for (i = 0; i < nbytes; i++) {
		unsigned bit = (unsigned)i * 8;
		if (bit >= len)
			out->addr.bytes[i] = 0;
		else if (bit + 8 > len)
			out->addr.bytes[i] &= (uint8_t)(0xffu << (8 - (len - bit)));
	}
}

const struct eg_path *
eg_checks_rib_covering(struct eg_rib *rib, const struct eg_prefix *p, bool strict)
{
	struct eg_prefix t;
	const struct eg_path *hit;
	int len;

	if (rib == NULL || p->addr.family == 0)
		return NULL;
	for (len = strict ? (int)p->len - 1 : (int)p->len; len >= 0; len--) {
		cutil_truncate(p, (unsigned)len, &t);
		hit = eg_checks_rib_path(rib, &t);
		if (hit != NULL)
			return hit;
	}
	return NULL;
}

/* ------------------------------------------------------------ values */

size_t
eg_checks_asns(const char *aspath, uint32_t *as, size_t max)
{
	size_t n = 0;
	const char *s = aspath;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		if (*s >= '0' && *s <= '9') {
			unsigned long long v = 0;
			while (*s >= '0' && *s <= '9') {
				if (v <= UINT32_MAX)
					v = v * 10 + (unsigned)(*s - '0');
				s++;
			}
			/* "65020.100" (asdot) is not expected from Junos or Azure; keep the high part. */
			if (n < max)
				as[n] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
			n++;
		} else {
			s++;
		}
	}
	return n;
}

bool
eg_checks_asns_eq(const char *a, const char *b)
{
	uint32_t x[64], y[64];
	size_t nx = eg_checks_asns(a, x, 64), ny = eg_checks_asns(b, y, 64);

	if (nx != ny)
		return false;
	if (nx > 64)
		return strcmp(a ? a : "", b ? b : "") == 0;
	return memcmp(x, y, nx * sizeof(x[0])) == 0;
}

const char *
eg_checks_fmt_aspath(const char *aspath, char *buf, size_t size)
{
	if (aspath == NULL || *aspath == '\0')
		snprintf(buf, size, "no AS path");
	else
		snprintf(buf, size, "AS path %s", aspath);
	return buf;
}

const char *
eg_checks_fmt_path(const struct eg_path *p, char *buf, size_t size)
{
	char a[EG_ADDR_STRLEN], nh[EG_ADDR_STRLEN], asp[160];
	int n;

	n = snprintf(buf, size, "%s", eg_proto_name((enum eg_proto)p->proto));
	if (n < 0 || (size_t)n >= size)
		return buf;
	if (p->as_path != NULL)
		n += snprintf(buf + n, size - (size_t)n, ", %s",
			      eg_checks_fmt_aspath(p->as_path, asp, sizeof(asp)));
	if (n >= 0 && (size_t)n < size && p->learned_from.family != 0)
		n += snprintf(buf + n, size - (size_t)n, ", from %s", eg_addr_fmt(&p->learned_from, a));
	if (n >= 0 && (size_t)n < size && p->nexthop.family != 0)
		n += snprintf(buf + n, size - (size_t)n, ", to %s", eg_addr_fmt(&p->nexthop, nh));
	if (n >= 0 && (size_t)n < size && p->via != NULL)
		snprintf(buf + n, size - (size_t)n, " via %s", p->via);
	return buf;
}
