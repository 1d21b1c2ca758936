/*
 * lab_world_cfg.c - read a device's committed Junos configuration into the
 * routing world's model.
 *
 * Only what routing depends on is read: host name, interface addresses,
 * routing-options, routing instances (interfaces, static routes, BGP at
 * bgp/group/neighbor level) and policy-options (policy statements, prefix
 * lists, communities).  A statement carrying inactive="inactive" (or
 * jcmd:active="false") is skipped with its subtree, exactly as Junos treats
 * a deactivated statement.  Values are read tolerantly: a leaf written as
 * <local-preference>150</local-preference> or with the value nested one
 * level deeper both work.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lab_cfgsyntax.h"
#include "lab_world_int.h"

/* ------------------------------------------------------------ helpers */

void
lab_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int
lab_grow(void **arr, size_t *cap, size_t need, size_t esize)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*arr, ncap * esize);
	if (p == NULL)
		return -1;
	memset((char *)p + *cap * esize, 0, (ncap - *cap) * esize);
	*arr = p;
	*cap = ncap;
	return 0;
}

uint32_t
lab_mask(uint8_t len)
{
	return len == 0 ? 0 : (uint32_t)(0xffffffffu << (32 - len));
}

int
lab_addr_parse(const char *s, uint32_t *out)
{
	char buf[64];
	struct in_addr in;
	size_t n;

	while (*s && isspace((unsigned char)*s))
		s++;
	n = strcspn(s, "+ \t\r\n/");
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &in) != 1)
		return -1;
	*out = ntohl(in.s_addr);
	return 0;
}

int
lab_pfx_parse(const char *s, struct lab_pfx *out)
{
	const char *slash;
	char *end;
	long len = 32;

	if (lab_addr_parse(s, &out->addr) != 0)
		return -1;
	slash = strchr(s, '/');
	if (slash != NULL) {
		len = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || len < 0 || len > 32)
			return -1;
	}
	out->len = (uint8_t)len;
	out->addr &= lab_mask(out->len);
	return 0;
}

char *
lab_addr_fmt(uint32_t a, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return buf;
}

char *
lab_pfx_fmt(const struct lab_pfx *p, char *buf)
{
	char a[16];

	snprintf(buf, 20, "%s/%u", lab_addr_fmt(p->addr, a), p->len);
	return buf;
}

int
lab_pfx_cmp(const struct lab_pfx *a, const struct lab_pfx *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

bool
lab_pfx_covers(const struct lab_pfx *outer, const struct lab_pfx *inner)
{
	return outer->len <= inner->len &&
	       (inner->addr & lab_mask(outer->len)) == outer->addr;
}

static const char *const lab_proto_names[] = { "Direct", "Local", "Static", "Aggregate", "BGP" };

const char *
lab_proto_name(int proto)
{
	if (proto < 0 || proto > LAB_P_BGP)
		return "?";
	return lab_proto_names[proto];
}

int
lab_proto_parse(const char *s)
{
	int i;

	for (i = 0; i <= LAB_P_BGP; i++)
		if (strcasecmp(s, lab_proto_names[i]) == 0)
			return i;
	return -1;
}

char *
lab_aspath_fmt(const struct lab_attrs *a, int skip, char *buf, size_t size)
{
	static const char origin[] = { 'I', 'E', '?' };
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = skip; i < a->aslen && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%u ", a->aspath[i]);
	if (off < size)
		snprintf(buf + off, size - off, "%c", origin[a->origin % 3]);
	return buf;
}

/* ------------------------------------------------------------ XML access */

bool
lab_xml_inactive(xmlNodePtr n)
{
	xmlAttrPtr a;

	for (a = n->properties; a != NULL; a = a->next) {
		xmlChar *v;
		bool off = false;

		if (strcmp((const char *)a->name, "inactive") != 0 &&
		    strcmp((const char *)a->name, "active") != 0)
			continue;
		v = xmlNodeGetContent((xmlNodePtr)a);
		if (v != NULL) {
			if (strcmp((const char *)a->name, "inactive") == 0)
				off = strcmp((const char *)v, "inactive") == 0;
			else
				off = strcmp((const char *)v, "false") == 0;
		}
		xmlFree(v);
		if (off)
			return true;
	}
	return false;
}

static xmlNodePtr
lab_xml_from(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !lab_xml_inactive(n) &&
		    (name == NULL || strcmp((const char *)n->name, name) == 0))
			return n;
	return NULL;
}

xmlNodePtr
lab_xml_child(xmlNodePtr n, const char *name)
{
	return n == NULL ? NULL : lab_xml_from(n->children, name);
}

xmlNodePtr
lab_xml_next(xmlNodePtr n, const char *name)
{
	return n == NULL ? NULL : lab_xml_from(n->next, name);
}

/* Trimmed direct text of n; if none, that of its first element child. */
static const char *
lab_xml_text(xmlNodePtr n, char *buf, size_t size)
{
	xmlNodePtr c;
	size_t off = 0;
	char *s, *e;

	if (n == NULL || size == 0)
		return NULL;
	buf[0] = '\0';
	for (c = n->children; c != NULL; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content != NULL) {
			size_t l = strlen((const char *)c->content);
			if (off + l >= size)
				l = size - off - 1;
			memcpy(buf + off, c->content, l);
			off += l;
			buf[off] = '\0';
		}
	}
	s = buf;
	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	if (*s == '\0') {
		c = lab_xml_child(n, NULL);
		if (c != NULL && c->children != NULL)
			return lab_xml_text(c, buf, size);
		return buf;
	}
	if (s != buf)
		memmove(buf, s, strlen(s) + 1);
	return buf;
}

const char *
lab_xml_child_text(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlNodePtr c = lab_xml_child(n, name);

	if (c == NULL)
		return NULL;
	return lab_xml_text(c, buf, size);
}

static bool
lab_xml_u32(xmlNodePtr n, const char *name, uint32_t *out)
{
	char buf[64], *end;
	const char *t = lab_xml_child_text(n, name, buf, sizeof(buf));
	unsigned long v;

	if (t == NULL || *t == '\0')
		return false;
	v = strtoul(t, &end, 10);
	if (*end != '\0' || v > 0xffffffffUL)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Copy with truncation (names longer than the model's fields are cut). */
static void
lab_copy(char *dst, size_t size, const char *src)
{
	size_t l = src != NULL ? strlen(src) : 0;

	if (l >= size)
		l = size - 1;
	if (l > 0)
		memcpy(dst, src, l);
	dst[l] = '\0';
}

/* ------------------------------------------------------------ BGP options */

static int
lab_cfg_names(xmlNodePtr n, const char *name, char ***arr, size_t *cnt)
{
	xmlNodePtr c;
	char buf[LAB_NAMELEN];

	for (c = lab_xml_child(n, name); c != NULL; c = lab_xml_next(c, name)) {
		char **p = realloc(*arr, (*cnt + 1) * sizeof(char *));
		if (p == NULL)
			return -1;
		*arr = p;
		if (lab_xml_text(c, buf, sizeof(buf)) == NULL || buf[0] == '\0')
			continue;
		/* "export [ a b ]" may also arrive as one text */
		{
			char *save = NULL, *tok;
			for (tok = strtok_r(buf, " []", &save); tok != NULL;
			     tok = strtok_r(NULL, " []", &save)) {
				p = realloc(*arr, (*cnt + 1) * sizeof(char *));
				if (p == NULL)
					return -1;
				*arr = p;
				(*arr)[*cnt] = strdup(tok);
				if ((*arr)[*cnt] == NULL)
					return -1;
				(*cnt)++;
			}
		}
	}
	return 0;
}

static void
lab_opts_clear(struct lab_bgpopts *o)
{
	size_t i;

	for (i = 0; i < o->nexp; i++)
		free(o->exp[i]);
	for (i = 0; i < o->nimp; i++)
		free(o->imp[i]);
	free(o->exp);
	free(o->imp);
	memset(o, 0, sizeof(*o));
}

static int
lab_cfg_opts(xmlNodePtr n, struct lab_bgpopts *o)
{
	xmlNodePtr c;
	char buf[64];

	memset(o, 0, sizeof(*o));
	o->has_lp = lab_xml_u32(n, "local-preference", &o->lp);
	o->has_peer_as = lab_xml_u32(n, "peer-as", &o->peer_as);
	o->has_pref = lab_xml_u32(n, "preference", &o->pref);
	o->has_hold = lab_xml_u32(n, "hold-time", &o->hold);
	o->has_metric_out = lab_xml_u32(n, "metric-out", &o->metric_out);
	if ((c = lab_xml_child(n, "local-as")) != NULL)
		o->has_local_as = lab_xml_u32(c, "as-number", &o->local_as) ||
				  lab_xml_u32(n, "local-as", &o->local_as);
	if (lab_xml_child_text(n, "local-address", buf, sizeof(buf)) != NULL)
		o->has_local_addr = lab_addr_parse(buf, &o->local_addr) == 0;
	o->multipath = lab_xml_child(n, "multipath") != NULL;
	o->multihop = lab_xml_child(n, "multihop") != NULL;
	if ((c = lab_xml_child(n, "bfd-liveness-detection")) != NULL) {
		o->has_bfd = true;
		if (!lab_xml_u32(c, "minimum-interval", &o->bfd_interval))
			o->bfd_interval = 0;
		if (!lab_xml_u32(c, "multiplier", &o->bfd_mult))
			o->bfd_mult = 3;
	}
	o->has_exp = lab_xml_child(n, "export") != NULL;
	o->has_imp = lab_xml_child(n, "import") != NULL;
	if (lab_cfg_names(n, "export", &o->exp, &o->nexp) != 0 ||
	    lab_cfg_names(n, "import", &o->imp, &o->nimp) != 0)
		return -1;
	return 0;
}

void
lab_cfg_effective(const struct lab_inst_cfg *ic, const struct lab_group_cfg *g,
		  const struct lab_nbr_cfg *n, struct lab_bgpopts *out)
{
	const struct lab_bgpopts *lv[3];
	int i, nl = 0;

	memset(out, 0, sizeof(*out));
	lv[nl++] = &ic->bgp;
	if (g != NULL)
		lv[nl++] = &g->o;
	if (n != NULL)
		lv[nl++] = &n->o;
	for (i = 0; i < nl; i++) {
		const struct lab_bgpopts *o = lv[i];
		if (o->has_lp) { out->has_lp = true; out->lp = o->lp; }
		if (o->has_peer_as) { out->has_peer_as = true; out->peer_as = o->peer_as; }
		if (o->has_pref) { out->has_pref = true; out->pref = o->pref; }
		if (o->has_hold) { out->has_hold = true; out->hold = o->hold; }
		if (o->has_local_as) { out->has_local_as = true; out->local_as = o->local_as; }
		if (o->has_metric_out) { out->has_metric_out = true; out->metric_out = o->metric_out; }
		if (o->has_local_addr) { out->has_local_addr = true; out->local_addr = o->local_addr; }
		if (o->has_bfd) {
			out->has_bfd = true;
			out->bfd_interval = o->bfd_interval;
			out->bfd_mult = o->bfd_mult;
		}
		out->multipath |= o->multipath;
		out->multihop |= o->multihop;
		if (o->has_exp) { out->has_exp = true; out->exp = o->exp; out->nexp = o->nexp; }
		if (o->has_imp) { out->has_imp = true; out->imp = o->imp; out->nimp = o->nimp; }
	}
}

static int
lab_cfg_bgp(xmlNodePtr bgp, struct lab_inst_cfg *ic)
{
	xmlNodePtr g, nb;
	char buf[LAB_NAMELEN];

	ic->has_bgp = true;
	if (lab_cfg_opts(bgp, &ic->bgp) != 0)
		return -1;
	for (g = lab_xml_child(bgp, "group"); g != NULL; g = lab_xml_next(g, "group")) {
		struct lab_group_cfg *gc;
		struct lab_group_cfg *p = realloc(ic->groups, (ic->ngroups + 1) * sizeof(*p));
		if (p == NULL)
			return -1;
		ic->groups = p;
		gc = &ic->groups[ic->ngroups++];
		memset(gc, 0, sizeof(*gc));
		lab_copy(gc->name, sizeof(gc->name), lab_xml_child_text(g, "name", buf, sizeof(buf)));
		if (lab_xml_child_text(g, "type", buf, sizeof(buf)) != NULL)
			gc->type = strcmp(buf, "internal") == 0 ? 1 : 2;
		if (lab_cfg_opts(g, &gc->o) != 0)
			return -1;
		for (nb = lab_xml_child(g, "neighbor"); nb != NULL; nb = lab_xml_next(nb, "neighbor")) {
			struct lab_nbr_cfg *q = realloc(gc->nbrs, (gc->nnbrs + 1) * sizeof(*q));
			struct lab_nbr_cfg *nc;
			if (q == NULL)
				return -1;
			gc->nbrs = q;
			nc = &gc->nbrs[gc->nnbrs];
			memset(nc, 0, sizeof(*nc));
			lab_copy(nc->name, sizeof(nc->name), lab_xml_child_text(nb, "name", buf, sizeof(buf)));
			if (lab_addr_parse(nc->name, &nc->addr) != 0)
				continue;
			if (lab_cfg_opts(nb, &nc->o) != 0)
				return -1;
			gc->nnbrs++;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ instances */

/*
 * One route of routing-options static or aggregate: its prefix and
 * preference (pref unless it says another) into *s; -1 for a route
 * without a valid name.
 */
static int
lab_cfg_route_head(xmlNodePtr r, uint32_t pref, struct lab_static_cfg *s)
{
	char buf[LAB_NAMELEN];
	uint32_t v;

	memset(s, 0, sizeof(*s));
	if (lab_xml_child_text(r, "name", buf, sizeof(buf)) == NULL || lab_pfx_parse(buf, &s->pfx) != 0)
		return -1;
	s->pref = pref;
	if (lab_xml_child(r, "preference") != NULL && lab_xml_u32(r, "preference", &v))
		s->pref = v;
	return 0;
}

static int
lab_cfg_push_route(struct lab_inst_cfg *ic, const struct lab_static_cfg *s)
{
	struct lab_static_cfg *p = realloc(ic->statics, (ic->nstatics + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	ic->statics = p;
	ic->statics[ic->nstatics++] = *s;
	return 0;
}

static int
lab_cfg_statics(xmlNodePtr ro, struct lab_inst_cfg *ic)
{
	xmlNodePtr st = lab_xml_child(ro, "static"), r;
	char buf[LAB_NAMELEN];

	for (r = lab_xml_child(st, "route"); r != NULL; r = lab_xml_next(r, "route")) {
		struct lab_static_cfg s;

		if (lab_cfg_route_head(r, 5, &s) != 0)
			continue;
		if (lab_xml_child(r, "discard") != NULL) {
			s.nhtype = LAB_NH_DISCARD;
		} else if (lab_xml_child(r, "reject") != NULL) {
			s.nhtype = LAB_NH_REJECT;
		} else if (lab_xml_child_text(r, "next-hop", buf, sizeof(buf)) != NULL) {
			if (lab_addr_parse(buf, &s.nh) == 0 && strchr(buf, '.') != NULL &&
			    isdigit((unsigned char)buf[0])) {
				s.nhtype = LAB_NH_ROUTER;
			} else {
				s.nhtype = LAB_NH_IFACE;
				lab_copy(s.ifname, sizeof(s.ifname), buf);
			}
		} else {
			continue;
		}
		if (lab_cfg_push_route(ic, &s) != 0)
			return -1;
	}
	return 0;
}

/*
 * routing-options aggregate route P: kept with the static routes, marked;
 * the routing world installs it only while a more specific route is
 * active.  Its next hop is Reject unless it says discard.
 */
static int
lab_cfg_aggregates(xmlNodePtr ro, struct lab_inst_cfg *ic)
{
	xmlNodePtr ag = lab_xml_child(ro, "aggregate"), r;

	for (r = lab_xml_child(ag, "route"); r != NULL; r = lab_xml_next(r, "route")) {
		struct lab_static_cfg s;

		if (lab_cfg_route_head(r, 130, &s) != 0)
			continue;
		s.aggregate = true;
		s.nhtype = lab_xml_child(r, "discard") != NULL ? LAB_NH_DISCARD : LAB_NH_REJECT;
		if (lab_cfg_push_route(ic, &s) != 0)
			return -1;
	}
	return 0;
}

static int
lab_cfg_instance(xmlNodePtr in, struct lab_inst_cfg *ic)
{
	xmlNodePtr c, ro, pr;
	char buf[LAB_NAMELEN];

	memset(ic, 0, sizeof(*ic));
	lab_copy(ic->name, sizeof(ic->name), lab_xml_child_text(in, "name", buf, sizeof(buf)));
	lab_copy(ic->type, sizeof(ic->type), lab_xml_child_text(in, "instance-type", buf, sizeof(buf)));
	for (c = lab_xml_child(in, "interface"); c != NULL; c = lab_xml_next(c, "interface")) {
		char **p = realloc(ic->ifnames, (ic->nifnames + 1) * sizeof(char *));
		if (p == NULL)
			return -1;
		ic->ifnames = p;
		if (lab_xml_child_text(c, "name", buf, sizeof(buf)) == NULL)
			continue;
		if ((ic->ifnames[ic->nifnames] = strdup(buf)) == NULL)
			return -1;
		ic->nifnames++;
	}
	if ((ro = lab_xml_child(in, "routing-options")) != NULL) {
		if (lab_xml_child_text(ro, "router-id", buf, sizeof(buf)) != NULL)
			(void)lab_addr_parse(buf, &ic->router_id);
		if ((c = lab_xml_child(ro, "autonomous-system")) != NULL &&
		    !lab_xml_u32(c, "as-number", &ic->local_as))
			(void)lab_xml_u32(ro, "autonomous-system", &ic->local_as);
		if (lab_cfg_statics(ro, ic) != 0 || lab_cfg_aggregates(ro, ic) != 0)
			return -1;
	}
	pr = lab_xml_child(in, "protocols");
	if ((c = lab_xml_child(pr, "bgp")) != NULL && lab_cfg_bgp(c, ic) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ policy-options */

static int
lab_cfg_rf(xmlNodePtr f, struct lab_rf *rf)
{
	char buf[64], arg[32];
	const char *m = "exact";
	xmlNodePtr c;

	memset(rf, 0, sizeof(*rf));
	arg[0] = '\0';
	if (lab_xml_child_text(f, "address", buf, sizeof(buf)) == NULL &&
	    lab_xml_child_text(f, "name", buf, sizeof(buf)) == NULL)
		return -1;
	if (lab_pfx_parse(buf, &rf->pfx) != 0)
		return -1;
	for (c = lab_xml_child(f, NULL); c != NULL; c = lab_xml_next(c, NULL)) {
		const char *nm = (const char *)c->name;
		if (strcmp(nm, "exact") == 0 || strcmp(nm, "orlonger") == 0 ||
		    strcmp(nm, "longer") == 0) {
			m = nm;
		} else if (strcmp(nm, "upto") == 0 || strcmp(nm, "prefix-length-range") == 0) {
			m = nm;
			lab_copy(arg, sizeof(arg), lab_xml_text(c, buf, sizeof(buf)));
		} else if (strcmp(nm, "accept") == 0) {
			rf->action = LAB_ACT_ACCEPT;
		} else if (strcmp(nm, "reject") == 0) {
			rf->action = LAB_ACT_REJECT;
		}
	}
	{
		int action = rf->action;
		struct lab_pfx p = rf->pfx;
		if (lab_policy_rf_parse(m, arg, rf) != 0)
			return -1;
		rf->pfx = p;
		rf->action = action;
	}
	return 0;
}

static int
lab_cfg_then(xmlNodePtr th, struct lab_term *t)
{
	char buf[128];
	xmlNodePtr c;

	if (th == NULL)
		return 0;
	if (lab_xml_child(th, "accept") != NULL)
		t->action = LAB_ACT_ACCEPT;
	else if (lab_xml_child(th, "reject") != NULL)
		t->action = LAB_ACT_REJECT;
	else if (lab_xml_child_text(th, "next", buf, sizeof(buf)) != NULL)
		t->action = strcmp(buf, "policy") == 0 ? LAB_ACT_NEXT_POLICY : LAB_ACT_NEXT_TERM;
	t->set_lp = lab_xml_u32(th, "local-preference", &t->lp);
	t->set_med = lab_xml_u32(th, "metric", &t->med);
	t->set_pref = lab_xml_u32(th, "preference", &t->pref);
	if (lab_xml_child_text(th, "origin", buf, sizeof(buf)) != NULL) {
		t->set_origin = true;
		t->origin = strcmp(buf, "egp") == 0 ? LAB_ORIGIN_EGP :
			    strcmp(buf, "incomplete") == 0 ? LAB_ORIGIN_INCOMPLETE : LAB_ORIGIN_IGP;
	}
	if (lab_xml_child_text(th, "as-path-prepend", buf, sizeof(buf)) != NULL) {
		char *save = NULL, *tok;
		for (tok = strtok_r(buf, " \"", &save); tok != NULL && t->nprepend < LAB_MAXAS;
		     tok = strtok_r(NULL, " \"", &save))
			t->prepend[t->nprepend++] = (uint32_t)strtoul(tok, NULL, 10);
	}
	if ((c = lab_xml_child(th, "community")) != NULL) {
		t->comm_op = lab_xml_child(c, "set") != NULL ? 2 :
			     lab_xml_child(c, "delete") != NULL ? 3 : 1;
		lab_copy(t->comm_name, sizeof(t->comm_name),
			 lab_xml_child_text(c, "community-name", buf, sizeof(buf)));
	}
	return 0;
}

static int
lab_cfg_from(xmlNodePtr fr, struct lab_term *t)
{
	xmlNodePtr c;
	char buf[LAB_NAMELEN];

	if (fr == NULL)
		return 0;
	for (c = lab_xml_child(fr, NULL); c != NULL; c = lab_xml_next(c, NULL)) {
		const char *nm = (const char *)c->name;
		if (strcmp(nm, "protocol") == 0) {
			int p = lab_proto_parse(lab_xml_text(c, buf, sizeof(buf)));
			if (p < 0)
				t->unknown_from = true;
			else
				t->protos |= 1u << p;
		} else if (strcmp(nm, "route-filter") == 0) {
			struct lab_rf *p = realloc(t->rfs, (t->nrfs + 1) * sizeof(*p));
			if (p == NULL)
				return -1;
			t->rfs = p;
			if (lab_cfg_rf(c, &t->rfs[t->nrfs]) == 0)
				t->nrfs++;
			t->has_from_lists = true;
		} else if (strcmp(nm, "prefix-list") == 0) {
			char **p = realloc(t->plists, (t->nplists + 1) * sizeof(char *));
			if (p == NULL)
				return -1;
			t->plists = p;
			if (lab_xml_child_text(c, "name", buf, sizeof(buf)) == NULL)
				lab_xml_text(c, buf, sizeof(buf));
			if ((t->plists[t->nplists] = strdup(buf)) == NULL)
				return -1;
			t->nplists++;
			t->has_from_lists = true;
		} else if (strcmp(nm, "prefix-list-filter") == 0) {
			struct lab_plf *p = realloc(t->plfs, (t->nplfs + 1) * sizeof(*p));
			struct lab_plf *f;
			xmlNodePtr m;
			if (p == NULL)
				return -1;
			t->plfs = p;
			f = &t->plfs[t->nplfs];
			memset(f, 0, sizeof(*f));
			if (lab_xml_child_text(c, "list_name", f->list, sizeof(f->list)) == NULL &&
			    lab_xml_child_text(c, "name", f->list, sizeof(f->list)) == NULL)
				continue;
			(void)lab_policy_rf_parse("exact", "", &f->m);
			for (m = lab_xml_child(c, NULL); m != NULL; m = lab_xml_next(m, NULL)) {
				const char *mn = (const char *)m->name;
				char arg[32];
				if (strcmp(mn, "list_name") == 0 || strcmp(mn, "name") == 0)
					continue;
				lab_copy(arg, sizeof(arg), lab_xml_text(m, buf, sizeof(buf)));
				if (lab_policy_rf_parse(mn, arg, &f->m) == 0)
					break;
			}
			t->nplfs++;
			t->has_from_lists = true;
		} else if (strcmp(nm, "neighbor") == 0) {
			uint32_t a, *p;
			if (lab_addr_parse(lab_xml_text(c, buf, sizeof(buf)), &a) != 0)
				continue;
			p = realloc(t->nbrs, (t->nnbrs + 1) * sizeof(*p));
			if (p == NULL)
				return -1;
			t->nbrs = p;
			t->nbrs[t->nnbrs++] = a;
		} else {
			t->unknown_from = true;
		}
	}
	return 0;
}

static void
lab_term_clear(struct lab_term *t)
{
	size_t i;

	for (i = 0; i < t->nplists; i++)
		free(t->plists[i]);
	free(t->plists);
	free(t->rfs);
	free(t->plfs);
	free(t->nbrs);
	memset(t, 0, sizeof(*t));
}

static int
lab_cfg_policy_parse(xmlNodePtr ps, struct lab_policy_cfg *pc)
{
	xmlNodePtr t;
	char buf[LAB_NAMELEN];

	memset(pc, 0, sizeof(*pc));
	lab_copy(pc->name, sizeof(pc->name), lab_xml_child_text(ps, "name", buf, sizeof(buf)));
	for (t = lab_xml_child(ps, "term"); t != NULL; t = lab_xml_next(t, "term")) {
		struct lab_term *p = realloc(pc->terms, (pc->nterms + 1) * sizeof(*p));
		struct lab_term *tc;
		if (p == NULL)
			return -1;
		pc->terms = p;
		tc = &pc->terms[pc->nterms++];
		memset(tc, 0, sizeof(*tc));
		lab_copy(tc->name, sizeof(tc->name), lab_xml_child_text(t, "name", buf, sizeof(buf)));
		if (lab_cfg_from(lab_xml_child(t, "from"), tc) != 0 ||
		    lab_cfg_then(lab_xml_child(t, "then"), tc) != 0)
			return -1;
	}
	/* from/then directly under the policy statement: an unnamed last term */
	if (lab_xml_child(ps, "then") != NULL || lab_xml_child(ps, "from") != NULL) {
		pc->has_final = true;
		if (lab_cfg_from(lab_xml_child(ps, "from"), &pc->final) != 0 ||
		    lab_cfg_then(lab_xml_child(ps, "then"), &pc->final) != 0)
			return -1;
	}
	return 0;
}

static int
lab_cfg_policy_options(xmlNodePtr po, struct lab_cfg *c)
{
	xmlNodePtr n, it;
	char buf[LAB_COMMLEN];

	for (n = lab_xml_child(po, "prefix-list"); n != NULL; n = lab_xml_next(n, "prefix-list")) {
		struct lab_plist_cfg *p = realloc(c->plists, (c->nplists + 1) * sizeof(*p));
		struct lab_plist_cfg *pl;
		if (p == NULL)
			return -1;
		c->plists = p;
		pl = &c->plists[c->nplists++];
		memset(pl, 0, sizeof(*pl));
		lab_copy(pl->name, sizeof(pl->name), lab_xml_child_text(n, "name", buf, sizeof(buf)));
		for (it = lab_xml_child(n, "prefix-list-item"); it != NULL;
		     it = lab_xml_next(it, "prefix-list-item")) {
			struct lab_pfx x, *q;
			if (lab_xml_child_text(it, "name", buf, sizeof(buf)) == NULL ||
			    lab_pfx_parse(buf, &x) != 0)
				continue;
			q = realloc(pl->pfx, (pl->npfx + 1) * sizeof(*q));
			if (q == NULL)
				return -1;
			pl->pfx = q;
			pl->pfx[pl->npfx++] = x;
		}
	}
	for (n = lab_xml_child(po, "community"); n != NULL; n = lab_xml_next(n, "community")) {
		struct lab_comm_cfg *p = realloc(c->comms, (c->ncomms + 1) * sizeof(*p));
		struct lab_comm_cfg *cc;
		size_t off = 0;
		if (p == NULL)
			return -1;
		c->comms = p;
		cc = &c->comms[c->ncomms++];
		memset(cc, 0, sizeof(*cc));
		lab_copy(cc->name, sizeof(cc->name), lab_xml_child_text(n, "name", buf, sizeof(buf)));
		for (it = lab_xml_child(n, "members"); it != NULL; it = lab_xml_next(it, "members")) {
			if (lab_xml_text(it, buf, sizeof(buf)) == NULL)
				continue;
			off += (size_t)snprintf(cc->members + off, sizeof(cc->members) - off, "%s%s",
						off ? " " : "", buf);
			if (off >= sizeof(cc->members))
				break;
		}
	}
	for (n = lab_xml_child(po, "policy-statement"); n != NULL;
	     n = lab_xml_next(n, "policy-statement")) {
		struct lab_policy_cfg *p = realloc(c->pols, (c->npols + 1) * sizeof(*p));
		if (p == NULL)
			return -1;
		c->pols = p;
		if (lab_cfg_policy_parse(n, &c->pols[c->npols]) != 0) {
			c->npols++;
			return -1;
		}
		c->npols++;
	}
	return 0;
}

/* ------------------------------------------------------------ configuration */

/*
 * Does firewall filter NAME (family inet) discard everything?  The first
 * term without a from decides: discard or reject.  Terms with a from
 * are not modelled and pass over.
 */
static bool
lab_cfg_filter_blackhole(xmlNodePtr conf, const char *name)
{
	xmlNodePtr fw = lab_xml_child(lab_xml_child(lab_xml_child(conf, "firewall"), "family"),
				      "inet");
	xmlNodePtr f, t, then;
	char buf[LAB_NAMELEN];

	for (f = lab_xml_child(fw, "filter"); f != NULL; f = lab_xml_next(f, "filter")) {
		if (lab_xml_inactive(f) || lab_xml_child_text(f, "name", buf, sizeof(buf)) == NULL ||
		    strcmp(buf, name) != 0)
			continue;
		for (t = lab_xml_child(f, "term"); t != NULL; t = lab_xml_next(t, "term")) {
			if (lab_xml_inactive(t) || lab_xml_child(t, "from") != NULL)
				continue;
			then = lab_xml_child(t, "then");
			return lab_xml_child(then, "discard") != NULL ||
			       lab_xml_child(then, "reject") != NULL;
		}
	}
	return false;
}

static int
lab_cfg_interfaces(xmlNodePtr ifs, struct lab_cfg *c)
{
	xmlNodePtr i, u, fam, inet, a;
	char ifn[LAB_IFLEN], un[16], buf[64];

	for (i = lab_xml_child(ifs, "interface"); i != NULL; i = lab_xml_next(i, "interface")) {
		bool ifdown;
		if (lab_xml_child_text(i, "name", ifn, sizeof(ifn)) == NULL)
			continue;
		ifdown = lab_xml_child(i, "disable") != NULL && !lab_xml_inactive(lab_xml_child(i, "disable"));
		for (u = lab_xml_child(i, "unit"); u != NULL; u = lab_xml_next(u, "unit")) {
			xmlNodePtr dis = lab_xml_child(u, "disable"), in;
			bool bh = false;
			if (lab_xml_child_text(u, "name", un, sizeof(un)) == NULL)
				continue;
			fam = lab_xml_child(u, "family");
			inet = lab_xml_child(fam, "inet");
			in = lab_xml_child(lab_xml_child(inet, "filter"), "input");
			if (in != NULL && !lab_xml_inactive(in) &&
			    (lab_xml_child_text(in, "filter-name", buf, sizeof(buf)) != NULL ||
			     lab_xml_child_text(lab_xml_child(inet, "filter"), "input", buf,
						sizeof(buf)) != NULL))
				bh = lab_cfg_filter_blackhole(ifs->parent, buf);
			for (a = lab_xml_child(inet, "address"); a != NULL;
			     a = lab_xml_next(a, "address")) {
				struct lab_ifaddr *p, x;
				struct lab_pfx pf;
				memset(&x, 0, sizeof(x));
				if (lab_xml_child_text(a, "name", buf, sizeof(buf)) == NULL ||
				    lab_addr_parse(buf, &x.addr) != 0 || lab_pfx_parse(buf, &pf) != 0)
					continue;
				x.len = pf.len;
				x.down = ifdown || (dis != NULL && !lab_xml_inactive(dis));
				x.blackhole = bh;
				snprintf(x.ifname, sizeof(x.ifname), "%.20s.%.8s", ifn, un);
				p = realloc(c->addrs, (c->naddrs + 1) * sizeof(*p));
				if (p == NULL)
					return -1;
				c->addrs = p;
				c->addrs[c->naddrs++] = x;
			}
		}
	}
	return 0;
}

static int lab_cfg_parse_resolved(xmlNodePtr conf, struct lab_cfg *c, char *err, size_t errlen);

int
lab_cfg_parse(xmlNodePtr conf, struct lab_cfg *c, char *err, size_t errlen)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if (conf == NULL || strcmp((const char *)conf->name, "configuration") != 0) {
		lab_seterr(err, errlen, "not a <configuration>");
		return -1;
	}
	/* routing runs on the configuration with its groups applied */
	if ((conf = xmlDocCopyNode(conf, conf->doc, 1)) == NULL) {
		lab_seterr(err, errlen, "out of memory reading the configuration");
		return -1;
	}
	lab_cfgsyntax_inherit(conf, false);
	rc = lab_cfg_parse_resolved(conf, c, err, errlen);
	xmlFreeNode(conf);
	return rc;
}

static int
lab_cfg_parse_resolved(xmlNodePtr conf, struct lab_cfg *c, char *err, size_t errlen)
{
	xmlNodePtr n, ro;
	char buf[LAB_NAMELEN];

	if ((n = lab_xml_child(conf, "system")) != NULL)
		lab_copy(c->hostname, sizeof(c->hostname),
			 lab_xml_child_text(n, "host-name", buf, sizeof(buf)));
	if ((ro = lab_xml_child(conf, "routing-options")) != NULL) {
		if (lab_xml_child_text(ro, "router-id", buf, sizeof(buf)) != NULL)
			(void)lab_addr_parse(buf, &c->router_id);
		if ((n = lab_xml_child(ro, "autonomous-system")) != NULL &&
		    !lab_xml_u32(n, "as-number", &c->local_as))
			(void)lab_xml_u32(ro, "autonomous-system", &c->local_as);
	}
	if (lab_cfg_interfaces(lab_xml_child(conf, "interfaces"), c) != 0)
		goto nomem;
	if ((n = lab_xml_child(conf, "routing-instances")) != NULL) {
		xmlNodePtr in;
		for (in = lab_xml_child(n, "instance"); in != NULL; in = lab_xml_next(in, "instance")) {
			struct lab_inst_cfg *p = realloc(c->insts, (c->ninsts + 1) * sizeof(*p));
			if (p == NULL)
				goto nomem;
			c->insts = p;
			if (lab_cfg_instance(in, &c->insts[c->ninsts]) != 0) {
				c->ninsts++;
				goto nomem;
			}
			c->ninsts++;
		}
	}
	if ((n = lab_xml_child(conf, "policy-options")) != NULL &&
	    lab_cfg_policy_options(n, c) != 0)
		goto nomem;
	return 0;
nomem:
	lab_seterr(err, errlen, "out of memory reading the configuration");
	lab_cfg_clear(c);
	return -1;
}

void
lab_cfg_clear(struct lab_cfg *c)
{
	size_t i, j, k;

	if (c == NULL)
		return;
	for (i = 0; i < c->ninsts; i++) {
		struct lab_inst_cfg *ic = &c->insts[i];
		for (j = 0; j < ic->nifnames; j++)
			free(ic->ifnames[j]);
		free(ic->ifnames);
		free(ic->statics);
		lab_opts_clear(&ic->bgp);
		for (j = 0; j < ic->ngroups; j++) {
			lab_opts_clear(&ic->groups[j].o);
			for (k = 0; k < ic->groups[j].nnbrs; k++)
				lab_opts_clear(&ic->groups[j].nbrs[k].o);
			free(ic->groups[j].nbrs);
		}
		free(ic->groups);
	}
	free(c->insts);
	for (i = 0; i < c->npols; i++) {
		for (j = 0; j < c->pols[i].nterms; j++)
			lab_term_clear(&c->pols[i].terms[j]);
		free(c->pols[i].terms);
		lab_term_clear(&c->pols[i].final);
	}
	free(c->pols);
	for (i = 0; i < c->nplists; i++)
		free(c->plists[i].pfx);
	free(c->plists);
	free(c->comms);
	free(c->addrs);
	memset(c, 0, sizeof(*c));
}

const struct lab_inst_cfg *
lab_cfg_inst(const struct lab_cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ninsts; i++)
		if (strcmp(c->insts[i].name, name) == 0)
			return &c->insts[i];
	return NULL;
}

const struct lab_policy_cfg *
lab_cfg_policy(const struct lab_cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->npols; i++)
		if (strcmp(c->pols[i].name, name) == 0)
			return &c->pols[i];
	return NULL;
}

const struct lab_plist_cfg *
lab_cfg_plist(const struct lab_cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nplists; i++)
		if (strcmp(c->plists[i].name, name) == 0)
			return &c->plists[i];
	return NULL;
}

const struct lab_comm_cfg *
lab_cfg_comm(const struct lab_cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncomms; i++)
		if (strcmp(c->comms[i].name, name) == 0)
			return &c->comms[i];
	return NULL;
}

static bool
lab_cfg_in_instance(const struct lab_inst_cfg *ic, const char *ifname)
{
	size_t i;

	for (i = 0; i < ic->nifnames; i++)
		if (strcmp(ic->ifnames[i], ifname) == 0)
			return true;
	return false;
}

const struct lab_ifaddr *
lab_cfg_owner(const struct lab_cfg *c, const struct lab_inst_cfg *ic, uint32_t addr)
{
	size_t i;

	for (i = 0; i < c->naddrs; i++)
		if (c->addrs[i].addr == addr && !c->addrs[i].down &&
		    lab_cfg_in_instance(ic, c->addrs[i].ifname))
			return &c->addrs[i];
	return NULL;
}

const struct lab_ifaddr *
lab_cfg_subnet(const struct lab_cfg *c, const struct lab_inst_cfg *ic, uint32_t addr)
{
	const struct lab_ifaddr *best = NULL;
	size_t i;

	for (i = 0; i < c->naddrs; i++) {
		const struct lab_ifaddr *a = &c->addrs[i];
		if (a->down || !lab_cfg_in_instance(ic, a->ifname))
			continue;
		if ((addr & lab_mask(a->len)) == (a->addr & lab_mask(a->len)) &&
		    (best == NULL || a->len > best->len))
			best = a;
	}
	return best;
}
