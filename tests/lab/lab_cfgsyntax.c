/*
 * lab_cfgsyntax.c - Junos configuration syntax for the lab: XML <-> text
 * and set forms, load operations, subtree filters and differences (see
 * lab_cfgsyntax.h for what is guaranteed).
 *
 * How words map onto elements (the same rules read and write, so a
 * device's configuration round-trips):
 *   - "routing-instances" and "interfaces" at the top hide their list
 *     element: "routing-instances Cust11 {" is <instance><name>Cust11;
 *   - a keyed list entry is "NAME KEY" (<NAME><name>KEY</name>...), known
 *     from the table below or from the device's own configuration;
 *   - route-filter is keyed by its address and carries its match type on
 *     the same line ("route-filter 10.1.11.0/25 exact;");
 *   - a few containers hold a single value ("autonomous-system 65020;");
 *   - a leaf is "NAME VALUE;", a flag "NAME;", a leaf-list with several
 *     values "NAME [ A B ];".
 */
#include "lab_cfgsyntax.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

/* ------------------------------------------------------------------ tables */

/* Keyed lists: "child" anywhere, or "parent/child". */
static const char *const lab_cfgsyntax_lists[] = {
	"group", "neighbor", "instance", "interface", "unit", "inet/address", "inet6/address",
	"static/route", "aggregate/route", "generate/route", "rib/static", "policy-statement", "term", "prefix-list",
	"policy-options/community", "policy-options/as-path", "prefix-list-item",
	"redundancy-group", "redundancy-group/node", "ike/proposal", "ike/policy", "ike/gateway",
	"ipsec/proposal", "ipsec/policy", "ipsec/vpn", "security-zone",
	"security-zone/interfaces", "host-inbound-traffic/protocols",
	"host-inbound-traffic/system-services", "rib", "area", "user", "apply-macro", "groups", NULL
};

/* Containers shown with one value: "autonomous-system 65020;". */
static const char *const lab_cfgsyntax_valued[][2] = {
	{ "autonomous-system", "as-number" }, { "vrf-target", "community" },
	{ "route-distinguisher", "rd-type" }, { "local-as", "as-number" },
	{ "input", "filter-name" }, { "output", "filter-name" }, { NULL, NULL }
};

static const char *const lab_cfgsyntax_leaflists[] = {
	"export", "import", "members", "proposals", "next-hop", "apply-groups", "protocol", NULL
};

/* route-filter match words: flags, and those that take a value. */
static const char *const lab_cfgsyntax_rf_flags[] = {
	"exact", "orlonger", "longer", "accept", "reject", NULL
};
static const char *const lab_cfgsyntax_rf_args[] = {
	"upto", "prefix-length-range", "through", NULL
};

/* Statement names a Junos box knows beyond those in the device's config. */
static const char *const lab_cfgsyntax_vocab[] = {
	"version", "system", "host-name", "interfaces", "interface", "unit",
	"description", "vlan-tagging", "vlan-id", "family", "inet", "inet6", "address", "mtu",
	"routing-options", "router-id", "autonomous-system", "as-number", "static", "route",
	"next-hop", "discard", "reject", "qualified-next-hop", "preference", "metric",
	"routing-instances", "instance", "instance-type", "route-distinguisher", "rd-type",
	"vrf-target", "community", "vrf-import", "vrf-export", "protocols", "bgp", "group", "type",
	"neighbor", "peer-as", "local-as", "local-address", "local-preference", "export", "import",
	"multipath", "multihop", "ttl", "hold-time", "passive", "authentication-key",
	"bfd-liveness-detection", "minimum-interval", "minimum-receive-interval", "multiplier",
	"no-adaptation", "transmit-interval", "detection-time", "threshold", "version",
	"cluster", "as-override", "remove-private", "advertise-inactive", "log-updown",
	"damping", "keep", "graceful-restart", "traceoptions", "file", "flag",
	"policy-options", "policy-statement", "term", "from", "then", "to", "protocol",
	"route-filter", "exact", "orlonger", "longer", "upto", "prefix-length-range", "through",
	"prefix-list", "prefix-list-filter", "prefix-list-item", "accept", "next", "members",
	"add", "set", "delete", "community-name", "as-path", "as-path-prepend", "origin",
	"neighbor", "tag", "color", "ospf", "area", "static", "aggregate", "generate",
	"apply-groups", "inactive", "name", "apply-macro", "groups", "disable", "firewall",
	"filter", "input", "output", "filter-name", "count", NULL
};

static bool
lab_cfgsyntax_in(const char *const *tab, const char *s)
{
	for (size_t i = 0; tab[i] != NULL; i++)
		if (strcmp(tab[i], s) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ errors */

void
lab_cfgsyntax_err(struct lab_cfgerrs *e, bool warning, const char *path, const char *element,
		  const char *fmt, ...)
{
	struct lab_cfgerr *p;
	va_list ap;

	if (e == NULL)
		return;
	if ((p = realloc(e->v, (e->n + 1) * sizeof(*p))) == NULL)
		return;
	e->v = p;
	p = &e->v[e->n++];
	memset(p, 0, sizeof(*p));
	p->warning = warning;
	snprintf(p->path, sizeof(p->path), "%s", path ? path : "");
	snprintf(p->element, sizeof(p->element), "%s", element ? element : "");
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

size_t
lab_cfgsyntax_nerrors(const struct lab_cfgerrs *e)
{
	size_t n = 0;

	for (size_t i = 0; e != NULL && i < e->n; i++)
		if (!e->v[i].warning)
			n++;
	return n;
}

void
lab_cfgsyntax_errs_clear(struct lab_cfgerrs *e)
{
	if (e == NULL)
		return;
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

/* ------------------------------------------------------------------ tree helpers */

xmlNodePtr
lab_cfgsyntax_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

static bool
lab_cfgsyntax_has_elements(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

const char *
lab_cfgsyntax_leaf(xmlNodePtr n)
{
	if (n == NULL || lab_cfgsyntax_has_elements(n))
		return NULL;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content != NULL && c->content[0] != '\0')
			return (const char *)c->content;
	return NULL;
}

static const char *
lab_cfgsyntax_name(xmlNodePtr n)
{
	return (const char *)n->name;
}

static bool
lab_cfgsyntax_is_root(xmlNodePtr n)
{
	return n == NULL || n->type != XML_ELEMENT_NODE ||
	       strcmp(lab_cfgsyntax_name(n), "configuration") == 0;
}

/* Does parent hide its list element ("routing-instances Cust11", a prefix-list's prefixes)? */
static const char *
lab_cfgsyntax_collapsed(xmlNodePtr parent)
{
	if (parent == NULL || parent->type != XML_ELEMENT_NODE)
		return NULL;
	/* "prefix-list NAME { 10.1.11.0/25; }" */
	if (strcmp(lab_cfgsyntax_name(parent), "prefix-list") == 0 && parent->parent != NULL &&
	    parent->parent->type == XML_ELEMENT_NODE &&
	    strcmp(lab_cfgsyntax_name(parent->parent), "policy-options") == 0)
		return "prefix-list-item";
	if (!lab_cfgsyntax_is_root(parent->parent))
		return NULL;
	if (strcmp(lab_cfgsyntax_name(parent), "routing-instances") == 0)
		return "instance";
	if (strcmp(lab_cfgsyntax_name(parent), "interfaces") == 0)
		return "interface";
	return NULL;
}

static bool
lab_cfgsyntax_rf_like(const char *name)
{
	return strcmp(name, "route-filter") == 0 || strcmp(name, "source-address-filter") == 0;
}

static const char *
lab_cfgsyntax_valued_inner(const char *name)
{
	for (size_t i = 0; lab_cfgsyntax_valued[i][0] != NULL; i++)
		if (strcmp(lab_cfgsyntax_valued[i][0], name) == 0)
			return lab_cfgsyntax_valued[i][1];
	return NULL;
}

static bool
lab_cfgsyntax_leaflist(const char *name)
{
	return lab_cfgsyntax_in(lab_cfgsyntax_leaflists, name);
}

/* The key of a list entry (its <name>, or a route-filter's <address>), or NULL. */
static const char *
lab_cfgsyntax_key(xmlNodePtr n, const char **keyname)
{
	const char *kn = lab_cfgsyntax_rf_like(lab_cfgsyntax_name(n)) ? "address" : "name";
	xmlNodePtr k = lab_cfgsyntax_child(n, kn);
	const char *v = k ? lab_cfgsyntax_leaf(k) : NULL;

	if (keyname != NULL)
		*keyname = kn;
	return v;
}

static bool
lab_cfgsyntax_is_keychild(xmlNodePtr parent, xmlNodePtr c)
{
	const char *kn;

	if (lab_cfgsyntax_key(parent, &kn) == NULL)
		return false;
	return c == lab_cfgsyntax_child(parent, kn);
}

static bool
lab_cfgsyntax_same(xmlNodePtr a, xmlNodePtr b)
{
	const char *ka, *kb;

	if (strcmp(lab_cfgsyntax_name(a), lab_cfgsyntax_name(b)) != 0)
		return false;
	ka = lab_cfgsyntax_key(a, NULL);
	kb = lab_cfgsyntax_key(b, NULL);
	if ((ka == NULL) != (kb == NULL))
		return false;
	if (ka != NULL)
		return strcmp(ka, kb) == 0;
	if (lab_cfgsyntax_leaflist(lab_cfgsyntax_name(a))) {
		const char *ta = lab_cfgsyntax_leaf(a), *tb = lab_cfgsyntax_leaf(b);
		return ta != NULL && tb != NULL && strcmp(ta, tb) == 0;
	}
	return true;
}

static xmlNodePtr
lab_cfgsyntax_find(xmlNodePtr parent, xmlNodePtr like)
{
	for (xmlNodePtr c = parent->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && lab_cfgsyntax_same(c, like))
			return c;
	return NULL;
}

static bool
lab_cfgsyntax_is_entry(xmlNodePtr n)
{
	return lab_cfgsyntax_key(n, NULL) != NULL;
}

/*
 * Insert child into parent where Junos would show it: after the last
 * sibling of the same name; otherwise plain statements go before the
 * first list entry and list entries at the end.
 */
static void
lab_cfgsyntax_insert(xmlNodePtr parent, xmlNodePtr child)
{
	xmlNodePtr last = NULL, firstentry = NULL;

	for (xmlNodePtr c = parent->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(lab_cfgsyntax_name(c), lab_cfgsyntax_name(child)) == 0)
			last = c;
		else if (firstentry == NULL && lab_cfgsyntax_is_entry(c) && !lab_cfgsyntax_is_keychild(parent, c))
			firstentry = c;
	}
	if (last != NULL)
		xmlAddNextSibling(last, child);
	else if (firstentry != NULL && !lab_cfgsyntax_is_entry(child))
		xmlAddPrevSibling(firstentry, child);
	else
		xmlAddChild(parent, child);
}

void
lab_cfgsyntax_normalise(xmlNodePtr n)
{
	xmlNodePtr c = n->children;
	bool elems = lab_cfgsyntax_has_elements(n);

	while (c != NULL) {
		xmlNodePtr next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)c->content;
			size_t b = 0, e = t ? strlen(t) : 0;
			while (b < e && isspace((unsigned char)t[b]))
				b++;
			while (e > b && isspace((unsigned char)t[e - 1]))
				e--;
			if (elems || b == e) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			} else if (b > 0 || t[e] != '\0') {
				xmlChar *v = xmlStrndup((const xmlChar *)t + b, (int)(e - b));
				xmlNodeSetContent(c, NULL);
				xmlNodeAddContent(c, v);
				xmlFree(v);
			}
		} else if (c->type == XML_ELEMENT_NODE) {
			lab_cfgsyntax_normalise(c);
		}
		c = next;
	}
}

/* ------------------------------------------------------------------ context */

static int
lab_cfgsyntax_add(char ***v, size_t *n, const char *s)
{
	char **p;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return 0;
	if ((p = realloc(*v, (*n + 1) * sizeof(char *))) == NULL)
		return -1;
	*v = p;
	if ((p[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
lab_cfgsyntax_learn_node(struct lab_cfgsyntax_ctx *c, xmlNodePtr n)
{
	for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (lab_cfgsyntax_add(&c->vocab, &c->nvocab, lab_cfgsyntax_name(k)) != 0)
			return -1;
		if (lab_cfgsyntax_is_entry(k) && !lab_cfgsyntax_collapsed(n)) {
			char pair[256];
			snprintf(pair, sizeof(pair), "%s/%s", lab_cfgsyntax_name(n), lab_cfgsyntax_name(k));
			if (lab_cfgsyntax_add(&c->lists, &c->nlists, pair) != 0)
				return -1;
		}
		if (lab_cfgsyntax_learn_node(c, k) != 0)
			return -1;
	}
	return 0;
}

int
lab_cfgsyntax_learn(struct lab_cfgsyntax_ctx *c, xmlNodePtr root)
{
	if (root == NULL)
		return 0;
	return lab_cfgsyntax_learn_node(c, root);
}

void
lab_cfgsyntax_ctx_clear(struct lab_cfgsyntax_ctx *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nlists; i++)
		free(c->lists[i]);
	for (size_t i = 0; i < c->nvocab; i++)
		free(c->vocab[i]);
	free(c->lists);
	free(c->vocab);
	memset(c, 0, sizeof(*c));
}

static bool
lab_cfgsyntax_known(const struct lab_cfgsyntax_ctx *c, const char *name)
{
	if (lab_cfgsyntax_in(lab_cfgsyntax_vocab, name))
		return true;
	for (size_t i = 0; c != NULL && i < c->nvocab; i++)
		if (strcmp(c->vocab[i], name) == 0)
			return true;
	return false;
}

static bool
lab_cfgsyntax_is_list(const struct lab_cfgsyntax_ctx *c, xmlNodePtr parent, const char *name)
{
	char pair[256];

	snprintf(pair, sizeof(pair), "%s/%s", parent ? lab_cfgsyntax_name(parent) : "", name);
	/* firewall family inet filter NAME; an interface's family inet filter is a container */
	if (strcmp(name, "filter") == 0 && parent != NULL && parent->parent != NULL &&
	    parent->parent->type == XML_ELEMENT_NODE && parent->parent->parent != NULL &&
	    parent->parent->parent->type == XML_ELEMENT_NODE &&
	    strcmp(lab_cfgsyntax_name(parent->parent->parent), "firewall") == 0)
		return true;
	if (lab_cfgsyntax_in(lab_cfgsyntax_lists, name) || lab_cfgsyntax_in(lab_cfgsyntax_lists, pair))
		return true;
	for (size_t i = 0; c != NULL && i < c->nlists; i++)
		if (strcmp(c->lists[i], pair) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ values */

static bool
lab_cfgsyntax_uint(const char *s, unsigned long long *v)
{
	char *end;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static bool
lab_cfgsyntax_is_addr(const char *s, bool prefix)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	unsigned char a[16];
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n == 0 || n >= sizeof(buf) || (slash != NULL) != prefix)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1) {
		unsigned long long len;
		return !prefix || (lab_cfgsyntax_uint(slash + 1, &len) && len <= 32);
	}
	if (inet_pton(AF_INET6, buf, a) == 1) {
		unsigned long long len;
		return !prefix || (lab_cfgsyntax_uint(slash + 1, &len) && len <= 128);
	}
	return false;
}

/* Check one leaf's value; adds an error naming it when wrong. */
static void
lab_cfgsyntax_check_value(xmlNodePtr parent, const char *name, const char *value, const char *path,
			  struct lab_cfgerrs *errs)
{
	static const struct {
		const char *name;
		unsigned long long lo, hi;
	} nums[] = {
		{ "local-preference", 0, 4294967295ull }, { "peer-as", 1, 4294967295ull },
		{ "as-number", 1, 4294967295ull }, { "minimum-interval", 1, 255000 },
		{ "minimum-receive-interval", 1, 255000 }, { "multiplier", 1, 255 },
		{ "ttl", 1, 255 }, { "hold-time", 0, 65535 }, { "preference", 0, 4294967295ull },
		{ "metric", 0, 4294967295ull }, { "vlan-id", 0, 4094 }, { "priority", 0, 255 },
	};
	const char *pn = parent ? lab_cfgsyntax_name(parent) : "";
	unsigned long long v;

	if (value == NULL)
		return;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (strcmp(nums[i].name, name) != 0)
			continue;
		/* "then metric" / "then preference" take the same ranges */
		if (!lab_cfgsyntax_uint(value, &v) || v < nums[i].lo || v > nums[i].hi)
			lab_cfgsyntax_err(errs, false, path, value,
					  "%s: '%s': Value must be a number from %llu to %llu", name,
					  value, nums[i].lo, nums[i].hi);
		return;
	}
	if (strcmp(name, "type") == 0 && strcmp(pn, "group") == 0) {
		if (strcmp(value, "internal") != 0 && strcmp(value, "external") != 0)
			lab_cfgsyntax_err(errs, false, path, value,
					  "syntax error, expecting 'internal' or 'external': %s", value);
	} else if (strcmp(name, "instance-type") == 0) {
		static const char *const types[] = { "virtual-router", "vrf", "forwarding",
			"no-forwarding", "l2vpn", "vpls", "evpn", "virtual-switch", "l2backhaul-vpn",
			"mpls-internet-multicast", NULL };
		if (!lab_cfgsyntax_in(types, value))
			lab_cfgsyntax_err(errs, false, path, value, "syntax error: %s", value);
	} else if ((strcmp(name, "name") == 0 && strcmp(pn, "neighbor") == 0) ||
		   strcmp(name, "local-address") == 0 || strcmp(name, "router-id") == 0) {
		if (!lab_cfgsyntax_is_addr(value, false))
			lab_cfgsyntax_err(errs, false, path, value, "invalid ip address or hostname: %s",
					  value);
	} else if (strcmp(name, "address") == 0 && lab_cfgsyntax_rf_like(pn)) {
		if (!lab_cfgsyntax_is_addr(value, true))
			lab_cfgsyntax_err(errs, false, path, value, "invalid prefix: %s", value);
	}
}

/* ------------------------------------------------------------------ words out */

static bool
lab_cfgsyntax_needs_quotes(const char *s)
{
	if (*s == '\0')
		return true;
	for (; *s; s++)
		if (isspace((unsigned char)*s) || strchr(";{}[]\"'#\\", *s) != NULL)
			return true;
	return false;
}

static void
lab_cfgsyntax_word(FILE *f, const char *s)
{
	if (!lab_cfgsyntax_needs_quotes(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static bool
lab_cfgsyntax_is_comm_op(xmlNodePtr n)
{
	if (strcmp(lab_cfgsyntax_name(n), "community") != 0 || n->parent == NULL ||
	    strcmp(lab_cfgsyntax_name(n->parent), "then") != 0)
		return false;
	return lab_cfgsyntax_child(n, "community-name") != NULL;
}

/*
 * Write the words that name n among its siblings.  path: only the words
 * that identify n (a leaf's name without its value).  Returns true when n
 * is complete on this line (its children are not shown as a block).
 */
static bool
lab_cfgsyntax_head(FILE *f, xmlNodePtr n, bool path)
{
	const char *name = lab_cfgsyntax_name(n);
	const char *key = lab_cfgsyntax_key(n, NULL);
	const char *leaf = lab_cfgsyntax_leaf(n);
	const char *inner;
	bool only_key = true;

	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !lab_cfgsyntax_is_keychild(n, c))
			only_key = false;
	if (key != NULL && lab_cfgsyntax_collapsed(n->parent) != NULL &&
	    strcmp(lab_cfgsyntax_collapsed(n->parent), name) == 0) {
		lab_cfgsyntax_word(f, key);
		return only_key;
	}
	if (key != NULL && lab_cfgsyntax_rf_like(name)) {
		fprintf(f, "%s ", name);
		lab_cfgsyntax_word(f, key);
		if (path)
			return true;
		for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || lab_cfgsyntax_is_keychild(n, c))
				continue;
			fprintf(f, " %s", lab_cfgsyntax_name(c));
			if (lab_cfgsyntax_leaf(c) != NULL) {
				fputc(' ', f);
				lab_cfgsyntax_word(f, lab_cfgsyntax_leaf(c));
			}
		}
		return true;
	}
	if (key != NULL) {
		fprintf(f, "%s ", name);
		lab_cfgsyntax_word(f, key);
		return only_key;
	}
	if (lab_cfgsyntax_is_comm_op(n)) {
		fputs(name, f);
		if (path)
			return true;
		for (xmlNodePtr c = n->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE && lab_cfgsyntax_leaf(c) == NULL &&
			    !lab_cfgsyntax_has_elements(c))
				fprintf(f, " %s", lab_cfgsyntax_name(c));
		fputc(' ', f);
		lab_cfgsyntax_word(f, lab_cfgsyntax_leaf(lab_cfgsyntax_child(n, "community-name")) ?: "");
		return true;
	}
	if ((inner = lab_cfgsyntax_valued_inner(name)) != NULL) {
		xmlNodePtr in = lab_cfgsyntax_child(n, inner);
		size_t nel = 0;
		for (xmlNodePtr c = n->children; c != NULL; c = c->next)
			nel += c->type == XML_ELEMENT_NODE;
		if (nel == 1 && in != NULL && lab_cfgsyntax_leaf(in) != NULL) {
			fputs(name, f);
			if (!path) {
				fputc(' ', f);
				lab_cfgsyntax_word(f, lab_cfgsyntax_leaf(in));
			}
			return true;
		}
	}
	fputs(name, f);
	if (leaf != NULL) {
		if (!path) {
			fputc(' ', f);
			lab_cfgsyntax_word(f, leaf);
		}
		return true;
	}
	return !lab_cfgsyntax_has_elements(n);
}

static bool
lab_cfgsyntax_inactive(xmlNodePtr n)
{
	xmlChar *a = xmlGetProp(n, (const xmlChar *)"inactive");
	bool r = a != NULL && strcmp((const char *)a, "inactive") == 0;

	xmlFree(a);
	return r;
}

static void
lab_cfgsyntax_indent(FILE *f, char mark, int depth)
{
	if (mark)
		fputc(mark, f);
	for (int i = 0; i < depth * 4; i++)
		fputc(' ', f);
}

static void lab_cfgsyntax_text_node(FILE *f, xmlNodePtr n, char mark, int depth);

static void
lab_cfgsyntax_text_children(FILE *f, xmlNodePtr n, char mark, int depth)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || lab_cfgsyntax_is_keychild(n, c))
			continue;
		/* several values of a leaf-list: "export [ a b ];" */
		if (lab_cfgsyntax_leaflist(lab_cfgsyntax_name(c)) && lab_cfgsyntax_leaf(c) != NULL &&
		    !lab_cfgsyntax_inactive(c)) {
			xmlNodePtr e = c, nx;
			size_t count = 1;
			while ((nx = xmlNextElementSibling(e)) != NULL &&
			       strcmp(lab_cfgsyntax_name(nx), lab_cfgsyntax_name(c)) == 0 &&
			       lab_cfgsyntax_leaf(nx) != NULL && !lab_cfgsyntax_inactive(nx)) {
				e = nx;
				count++;
			}
			if (count > 1) {
				lab_cfgsyntax_indent(f, mark, depth);
				fprintf(f, "%s [", lab_cfgsyntax_name(c));
				for (xmlNodePtr v = c;; v = xmlNextElementSibling(v)) {
					fputc(' ', f);
					lab_cfgsyntax_word(f, lab_cfgsyntax_leaf(v));
					if (v == e)
						break;
				}
				fputs(" ];\n", f);
				c = e;
				continue;
			}
		}
		lab_cfgsyntax_text_node(f, c, mark, depth);
	}
}

static void
lab_cfgsyntax_text_node(FILE *f, xmlNodePtr n, char mark, int depth)
{
	bool done;

	lab_cfgsyntax_indent(f, mark, depth);
	if (lab_cfgsyntax_inactive(n))
		fputs("inactive: ", f);
	done = lab_cfgsyntax_head(f, n, false);
	if (done) {
		fputs(";\n", f);
		return;
	}
	fputs(" {\n", f);
	lab_cfgsyntax_text_children(f, n, mark, depth + 1);
	lab_cfgsyntax_indent(f, mark, depth);
	fputs("}\n", f);
}

void
lab_cfgsyntax_text(xmlNodePtr root, FILE *out)
{
	lab_cfgsyntax_text_children(out, root, 0, 0);
}

static void
lab_cfgsyntax_set_node(FILE *f, xmlNodePtr n, const char *prefix)
{
	char *line = NULL, *pline = NULL;
	size_t len = 0, plen = 0;
	FILE *m = open_memstream(&line, &len), *pm = open_memstream(&pline, &plen);
	bool done;

	if (m == NULL || pm == NULL) {
		if (m)
			fclose(m);
		if (pm)
			fclose(pm);
		free(line);
		free(pline);
		return;
	}
	fprintf(m, "%s%s", prefix, *prefix ? " " : "");
	fprintf(pm, "%s%s", prefix, *prefix ? " " : "");
	done = lab_cfgsyntax_head(m, n, false);
	lab_cfgsyntax_head(pm, n, true);
	fclose(m);
	fclose(pm);
	if (done) {
		fprintf(f, "set %s\n", line);
	} else {
		char *sub = NULL;
		size_t sl = 0;
		FILE *s = open_memstream(&sub, &sl);
		if (s != NULL) {
			fprintf(s, "%s%s", prefix, *prefix ? " " : "");
			lab_cfgsyntax_head(s, n, true);
			fclose(s);
			for (xmlNodePtr c = n->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE && !lab_cfgsyntax_is_keychild(n, c))
					lab_cfgsyntax_set_node(f, c, sub);
		}
		free(sub);
	}
	if (lab_cfgsyntax_inactive(n))
		fprintf(f, "deactivate %s\n", pline);
	free(line);
	free(pline);
}

void
lab_cfgsyntax_set(xmlNodePtr root, FILE *out)
{
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			lab_cfgsyntax_set_node(out, c, "");
}

void
lab_cfgsyntax_edit_path(xmlNodePtr node, char *buf, size_t size)
{
	xmlNodePtr chain[64];
	size_t n = 0;
	char *s = NULL;
	size_t len = 0;
	FILE *f;

	for (xmlNodePtr p = node; p != NULL && !lab_cfgsyntax_is_root(p) && n < 64; p = p->parent)
		chain[n++] = p;
	if ((f = open_memstream(&s, &len)) == NULL) {
		snprintf(buf, size, "[edit]");
		return;
	}
	fputs("[edit", f);
	while (n > 0) {
		fputc(' ', f);
		lab_cfgsyntax_head(f, chain[--n], true);
	}
	fputc(']', f);
	fclose(f);
	snprintf(buf, size, "%s", s);
	free(s);
}

/* ------------------------------------------------------------------ walking words */

enum lab_cfgsyntax_mode { LAB_WALK_ENSURE, LAB_WALK_FIND };

static xmlNodePtr
lab_cfgsyntax_new(xmlNodePtr parent, const char *name)
{
	return xmlNewDocNode(parent->doc, NULL, (const xmlChar *)name, NULL);
}

/* Find or (ENSURE) create the child named name with key (NULL: no key). */
static xmlNodePtr
lab_cfgsyntax_entry(xmlNodePtr parent, const char *name, const char *keyname, const char *key,
		    enum lab_cfgsyntax_mode mode)
{
	xmlNodePtr like = lab_cfgsyntax_new(parent, name), found;

	if (like == NULL)
		return NULL;
	if (key != NULL)
		xmlNewTextChild(like, NULL, (const xmlChar *)keyname, (const xmlChar *)key);
	found = lab_cfgsyntax_find(parent, like);
	if (found != NULL || mode == LAB_WALK_FIND) {
		xmlFreeNode(like);
		return found;
	}
	lab_cfgsyntax_insert(parent, like);
	return like;
}

/* Find or create the leaf name=value (leaf-lists keep one element per value). */
static xmlNodePtr
lab_cfgsyntax_setleaf(xmlNodePtr parent, const char *name, const char *value,
		      enum lab_cfgsyntax_mode mode)
{
	xmlNodePtr n;

	if (lab_cfgsyntax_leaflist(name)) {
		for (n = parent->children; n != NULL; n = n->next)
			if (n->type == XML_ELEMENT_NODE && strcmp(lab_cfgsyntax_name(n), name) == 0 &&
			    lab_cfgsyntax_leaf(n) != NULL && strcmp(lab_cfgsyntax_leaf(n), value) == 0)
				return n;
		if (mode == LAB_WALK_FIND) {
			/* "delete ... export" without a value finds the first */
			return value == NULL ? lab_cfgsyntax_child(parent, name) : NULL;
		}
	} else {
		n = lab_cfgsyntax_child(parent, name);
		if (mode == LAB_WALK_FIND)
			return n;
		if (n != NULL) {
			xmlNodeSetContent(n, NULL);
			xmlNodeAddContent(n, (const xmlChar *)value);
			return n;
		}
	}
	n = lab_cfgsyntax_new(parent, name);
	if (n == NULL)
		return NULL;
	xmlNodeAddContent(n, (const xmlChar *)value);
	lab_cfgsyntax_insert(parent, n);
	return n;
}

struct lab_cfgsyntax_walk {
	struct lab_cfgsyntax_ctx *ctx;
	enum lab_cfgsyntax_mode mode;
	bool terminal;		/* the statement ends with ';' (a set line) */
	struct lab_cfgerrs *errs;
	bool missing;		/* FIND: the statement is not there */
};

static bool
lab_cfgsyntax_name_ok(struct lab_cfgsyntax_walk *w, xmlNodePtr at, const char *name)
{
	char path[512];

	if (w->mode == LAB_WALK_FIND || lab_cfgsyntax_known(w->ctx, name))
		return true;
	lab_cfgsyntax_edit_path(at, path, sizeof(path));
	lab_cfgsyntax_err(w->errs, false, path, name, "syntax error");
	return false;
}

/*
 * Follow words from at; returns the node the statement names, or NULL
 * (an error was added, or in FIND mode w->missing is set).
 */
static xmlNodePtr
lab_cfgsyntax_walk(struct lab_cfgsyntax_walk *w, xmlNodePtr at, char **words, size_t n)
{
	char path[512];
	size_t i = 0;

	while (i < n) {
		const char *name = words[i];
		const char *hidden = lab_cfgsyntax_collapsed(at);
		size_t rest = n - i - 1;
		xmlNodePtr next;

		if (hidden != NULL) {
			next = lab_cfgsyntax_entry(at, hidden, "name", name, w->mode);
			i++;
		} else if (lab_cfgsyntax_rf_like(name) && rest >= 1) {
			if (!lab_cfgsyntax_name_ok(w, at, name))
				return NULL;
			lab_cfgsyntax_edit_path(at, path, sizeof(path));
			if (!lab_cfgsyntax_is_addr(words[i + 1], true)) {
				lab_cfgsyntax_err(w->errs, false, path, words[i + 1], "invalid prefix: %s",
						  words[i + 1]);
				return NULL;
			}
			next = lab_cfgsyntax_entry(at, name, "address", words[i + 1], w->mode);
			i += 2;
			if (next == NULL) {
				w->missing = true;
				return NULL;
			}
			if (w->mode == LAB_WALK_FIND)
				return next;
			for (; i < n; i++) {
				if (lab_cfgsyntax_in(lab_cfgsyntax_rf_flags, words[i])) {
					lab_cfgsyntax_entry(next, words[i], NULL, NULL, w->mode);
				} else if (lab_cfgsyntax_in(lab_cfgsyntax_rf_args, words[i]) && i + 1 < n) {
					lab_cfgsyntax_setleaf(next, words[i], words[i + 1], w->mode);
					i++;
				} else {
					lab_cfgsyntax_edit_path(next, path, sizeof(path));
					lab_cfgsyntax_err(w->errs, false, path, words[i], "syntax error");
					return NULL;
				}
			}
			return next;
		} else if (strcmp(name, "community") == 0 && strcmp(lab_cfgsyntax_name(at), "then") == 0 &&
			   rest == 2 && (strcmp(words[i + 1], "add") == 0 ||
					 strcmp(words[i + 1], "set") == 0 ||
					 strcmp(words[i + 1], "delete") == 0)) {
			next = lab_cfgsyntax_child(at, "community");
			if (w->mode == LAB_WALK_FIND)
				return next;
			if (next != NULL) {
				xmlUnlinkNode(next);
				xmlFreeNode(next);
			}
			next = lab_cfgsyntax_new(at, "community");
			xmlAddChild(next, lab_cfgsyntax_new(at, words[i + 1]));
			xmlNewTextChild(next, NULL, (const xmlChar *)"community-name",
					(const xmlChar *)words[i + 2]);
			lab_cfgsyntax_insert(at, next);
			return next;
		} else if (lab_cfgsyntax_is_list(w->ctx, at, name) && rest >= 1) {
			if (!lab_cfgsyntax_name_ok(w, at, name))
				return NULL;
			lab_cfgsyntax_edit_path(at, path, sizeof(path));
			if (w->mode == LAB_WALK_ENSURE) {
				xmlNodePtr tmp = lab_cfgsyntax_new(at, name);
				size_t before = lab_cfgsyntax_nerrors(w->errs);
				lab_cfgsyntax_check_value(tmp, "name", words[i + 1], path, w->errs);
				xmlFreeNode(tmp);
				if (lab_cfgsyntax_nerrors(w->errs) != before)
					return NULL;
			}
			next = lab_cfgsyntax_entry(at, name, "name", words[i + 1], w->mode);
			i += 2;
		} else if (w->terminal && rest == 1 && lab_cfgsyntax_valued_inner(name) != NULL) {
			const char *inner = lab_cfgsyntax_valued_inner(name);
			if (!lab_cfgsyntax_name_ok(w, at, name))
				return NULL;
			next = lab_cfgsyntax_entry(at, name, NULL, NULL, w->mode);
			if (next == NULL) {
				w->missing = true;
				return NULL;
			}
			if (w->mode == LAB_WALK_FIND)
				return next;
			lab_cfgsyntax_edit_path(next, path, sizeof(path));
			{
				size_t before = lab_cfgsyntax_nerrors(w->errs);
				lab_cfgsyntax_check_value(next, inner, words[i + 1], path, w->errs);
				if (lab_cfgsyntax_nerrors(w->errs) != before)
					return NULL;
			}
			lab_cfgsyntax_setleaf(next, inner, words[i + 1], w->mode);
			return next;
		} else if (w->terminal && rest == 1) {
			size_t before = lab_cfgsyntax_nerrors(w->errs);
			if (!lab_cfgsyntax_name_ok(w, at, name))
				return NULL;
			lab_cfgsyntax_edit_path(at, path, sizeof(path));
			if (w->mode == LAB_WALK_ENSURE)
				lab_cfgsyntax_check_value(at, name, words[i + 1], path, w->errs);
			if (lab_cfgsyntax_nerrors(w->errs) != before)
				return NULL;
			next = lab_cfgsyntax_setleaf(at, name, words[i + 1], w->mode);
			if (next == NULL) {
				w->missing = true;
				return NULL;
			}
			return next;
		} else if (w->terminal && rest > 1 && !lab_cfgsyntax_is_list(w->ctx, at, name) &&
			   lab_cfgsyntax_known(w->ctx, name) && lab_cfgsyntax_child(at, name) == NULL &&
			   w->mode == LAB_WALK_ENSURE && !lab_cfgsyntax_known(w->ctx, words[i + 1])) {
			/* a value with spaces given unquoted: "description Customer 11" */
			lab_cfgsyntax_edit_path(at, path, sizeof(path));
			lab_cfgsyntax_err(w->errs, false, path, words[i + 2], "syntax error");
			return NULL;
		} else {
			if (!lab_cfgsyntax_name_ok(w, at, name))
				return NULL;
			next = lab_cfgsyntax_entry(at, name, NULL, NULL, w->mode);
			i++;
		}
		if (next == NULL) {
			w->missing = true;
			return NULL;
		}
		at = next;
	}
	return at;
}

/* ------------------------------------------------------------------ tokenizer */

enum lab_cfgsyntax_tok { LAB_TOK_END, LAB_TOK_WORD, LAB_TOK_LBRACE, LAB_TOK_RBRACE,
			 LAB_TOK_SEMI, LAB_TOK_LBRACK, LAB_TOK_RBRACK, LAB_TOK_NEWLINE, LAB_TOK_ERR };

struct lab_cfgsyntax_lex {
	const char *s;
	size_t pos;
	int line;
	bool newlines;		/* report line ends (set format) */
	bool eof_told;		/* "missing '}'" said once, by the innermost block */
	char *word;		/* the last word, owned */
};

static enum lab_cfgsyntax_tok
lab_cfgsyntax_next(struct lab_cfgsyntax_lex *x)
{
	const char *s = x->s;

	free(x->word);
	x->word = NULL;
	for (;;) {
		char ch = s[x->pos];
		if (ch == '\0')
			return LAB_TOK_END;
		if (ch == '\n') {
			x->pos++;
			x->line++;
			if (x->newlines)
				return LAB_TOK_NEWLINE;
			continue;
		}
		if (isspace((unsigned char)ch)) {
			x->pos++;
			continue;
		}
		if (ch == '#') {
			while (s[x->pos] != '\0' && s[x->pos] != '\n')
				x->pos++;
			continue;
		}
		if (ch == '/' && s[x->pos + 1] == '*') {
			const char *e = strstr(s + x->pos + 2, "*/");
			for (const char *p = s + x->pos; e != NULL && p < e; p++)
				x->line += *p == '\n';
			x->pos = e ? (size_t)(e - s) + 2 : strlen(s);
			continue;
		}
		break;
	}
	switch (s[x->pos]) {
	case '{': x->pos++; return LAB_TOK_LBRACE;
	case '}': x->pos++; return LAB_TOK_RBRACE;
	case ';': x->pos++; return LAB_TOK_SEMI;
	case '[': x->pos++; return LAB_TOK_LBRACK;
	case ']': x->pos++; return LAB_TOK_RBRACK;
	default: break;
	}
	{
		size_t cap = 64, n = 0;
		char *w = malloc(cap);
		bool quoted = s[x->pos] == '"';
		if (w == NULL)
			return LAB_TOK_ERR;
		if (quoted)
			x->pos++;
		for (;;) {
			char ch = s[x->pos];
			if (ch == '\0') {
				if (quoted) {
					free(w);
					return LAB_TOK_ERR;
				}
				break;
			}
			if (quoted) {
				if (ch == '"') {
					x->pos++;
					break;
				}
				if (ch == '\\' && s[x->pos + 1] != '\0')
					ch = s[++x->pos];
				if (ch == '\n')
					x->line++;
			} else if (isspace((unsigned char)ch) || strchr("{};[]", ch) != NULL) {
				break;
			}
			if (n + 2 > cap) {
				char *nw = realloc(w, cap *= 2);
				if (nw == NULL) {
					free(w);
					return LAB_TOK_ERR;
				}
				w = nw;
			}
			w[n++] = ch;
			x->pos++;
		}
		w[n] = '\0';
		x->word = w;
		return LAB_TOK_WORD;
	}
}

struct lab_cfgsyntax_words {
	char **v;
	size_t n;
};

static int
lab_cfgsyntax_words_add(struct lab_cfgsyntax_words *w, const char *s)
{
	char **p = realloc(w->v, (w->n + 1) * sizeof(char *));

	if (p == NULL)
		return -1;
	w->v = p;
	if ((p[w->n] = strdup(s)) == NULL)
		return -1;
	w->n++;
	return 0;
}

static void
lab_cfgsyntax_words_clear(struct lab_cfgsyntax_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

/* The operation prefix of a text statement ("replace:"), or NULL. */
static const char *
lab_cfgsyntax_opword(const char *w)
{
	static const char *const ops[] = { "replace:", "delete:", "inactive:", "active:",
					   "protect:", "unprotect:", NULL };
	return lab_cfgsyntax_in(ops, w) ? w : NULL;
}

static void
lab_cfgsyntax_mark(xmlNodePtr n, const char *op)
{
	if (n == NULL || op == NULL)
		return;
	if (strcmp(op, "replace:") == 0)
		xmlSetProp(n, (const xmlChar *)"replace", (const xmlChar *)"replace");
	else if (strcmp(op, "delete:") == 0)
		xmlSetProp(n, (const xmlChar *)"delete", (const xmlChar *)"delete");
	else if (strcmp(op, "inactive:") == 0)
		xmlSetProp(n, (const xmlChar *)"inactive", (const xmlChar *)"inactive");
	else if (strcmp(op, "active:") == 0)
		xmlSetProp(n, (const xmlChar *)"active", (const xmlChar *)"active");
}

/* Skip a block after its '{' was read. */
static void
lab_cfgsyntax_skip_block(struct lab_cfgsyntax_lex *x)
{
	int depth = 1;
	enum lab_cfgsyntax_tok t;

	while (depth > 0 && (t = lab_cfgsyntax_next(x)) != LAB_TOK_END && t != LAB_TOK_ERR) {
		if (t == LAB_TOK_LBRACE)
			depth++;
		else if (t == LAB_TOK_RBRACE)
			depth--;
	}
}

static int
lab_cfgsyntax_parse_block(struct lab_cfgsyntax_ctx *c, struct lab_cfgsyntax_lex *x, xmlNodePtr at,
			  int depth, struct lab_cfgerrs *errs)
{
	struct lab_cfgsyntax_words w = { 0 };
	char path[512];
	int rc = 0;

	for (;;) {
		enum lab_cfgsyntax_tok t = lab_cfgsyntax_next(x);
		const char *op = NULL;

		if (t == LAB_TOK_ERR) {
			lab_cfgsyntax_edit_path(at, path, sizeof(path));
			lab_cfgsyntax_err(errs, false, path, NULL, "line %d: unterminated string", x->line);
			rc = -1;
			break;
		}
		if (t == LAB_TOK_END || t == LAB_TOK_RBRACE) {
			if (w.n > 0) {
				lab_cfgsyntax_edit_path(at, path, sizeof(path));
				lab_cfgsyntax_err(errs, false, path, w.v[w.n - 1],
						  "line %d: syntax error, expecting ';' or '{'", x->line);
				rc = -1;
			}
			if (t == LAB_TOK_END && depth > 0 && !x->eof_told) {
				x->eof_told = true;
				lab_cfgsyntax_edit_path(at, path, sizeof(path));
				lab_cfgsyntax_err(errs, false, path, NULL,
						  "line %d: missing '}' at end of input", x->line);
				rc = -1;
			}
			if (t == LAB_TOK_RBRACE && depth == 0) {
				lab_cfgsyntax_err(errs, false, "[edit]", "}",
						  "line %d: syntax error, unexpected '}'", x->line);
				rc = -1;
				continue;
			}
			break;
		}
		if (t == LAB_TOK_WORD) {
			if (lab_cfgsyntax_words_add(&w, x->word) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (t == LAB_TOK_RBRACK) {
			lab_cfgsyntax_err(errs, false, "[edit]", "]", "line %d: syntax error", x->line);
			rc = -1;
			lab_cfgsyntax_words_clear(&w);
			continue;
		}
		/* a statement ends here: ';', '{' or a '[ ... ]' value list */
		{
			size_t first = 0;
			struct lab_cfgsyntax_words vals = { 0 };
			struct lab_cfgsyntax_walk wk = { c, LAB_WALK_ENSURE, t != LAB_TOK_LBRACE, errs, false };
			xmlNodePtr target = NULL;
			size_t before = lab_cfgsyntax_nerrors(errs);

			if (w.n > 0 && lab_cfgsyntax_opword(w.v[0]) != NULL) {
				op = w.v[0];
				first = 1;
			}
			if (t == LAB_TOK_LBRACK) {
				enum lab_cfgsyntax_tok u;
				while ((u = lab_cfgsyntax_next(x)) == LAB_TOK_WORD)
					lab_cfgsyntax_words_add(&vals, x->word);
				if (u != LAB_TOK_RBRACK || lab_cfgsyntax_next(x) != LAB_TOK_SEMI) {
					lab_cfgsyntax_edit_path(at, path, sizeof(path));
					lab_cfgsyntax_err(errs, false, path, w.n ? w.v[w.n - 1] : NULL,
							  "line %d: syntax error in value list", x->line);
					lab_cfgsyntax_words_clear(&vals);
					lab_cfgsyntax_words_clear(&w);
					rc = -1;
					continue;
				}
				for (size_t k = 0; k < vals.n; k++) {
					char **all = calloc(w.n + 1, sizeof(char *));
					if (all == NULL)
						break;
					for (size_t j = 0; j < w.n; j++)
						all[j] = w.v[j];
					all[w.n] = vals.v[k];
					wk.terminal = true;
					target = lab_cfgsyntax_walk(&wk, at, all + first, w.n + 1 - first);
					lab_cfgsyntax_mark(target, op);
					free(all);
				}
				lab_cfgsyntax_words_clear(&vals);
			} else if (w.n > first) {
				target = lab_cfgsyntax_walk(&wk, at, w.v + first, w.n - first);
				lab_cfgsyntax_mark(target, op);
			} else if (w.n > 0 || t == LAB_TOK_LBRACE) {
				lab_cfgsyntax_edit_path(at, path, sizeof(path));
				lab_cfgsyntax_err(errs, false, path, w.n ? w.v[0] : "{",
						  "line %d: syntax error", x->line);
			}
			if (lab_cfgsyntax_nerrors(errs) != before)
				rc = -1;
			if (t == LAB_TOK_LBRACE) {
				if (target == NULL)
					lab_cfgsyntax_skip_block(x);
				else if (lab_cfgsyntax_parse_block(c, x, target, depth + 1, errs) != 0)
					rc = -1;
			}
			lab_cfgsyntax_words_clear(&w);
		}
	}
	lab_cfgsyntax_words_clear(&w);
	return rc;
}

int
lab_cfgsyntax_parse_text(struct lab_cfgsyntax_ctx *c, const char *text, xmlNodePtr edit,
			 struct lab_cfgerrs *errs)
{
	struct lab_cfgsyntax_lex x = { .s = text, .line = 1 };
	int rc = lab_cfgsyntax_parse_block(c, &x, edit, 0, errs);

	free(x.word);
	return rc;
}

/* ------------------------------------------------------------------ set lines */

/*
 * "delete ... export" without a value: Junos deletes every value of the
 * leaf-list.  True when w was such a line and has been done (or found
 * nothing to delete, a warning as for any missing statement).
 */
static bool
lab_cfgsyntax_delete_leaflist(struct lab_cfgsyntax_walk *wk, struct lab_cfgsyntax_words *w,
			      xmlNodePtr at, const char *path)
{
	const char *name = w->v[w->n - 1];
	xmlNodePtr parent = at, c, next;
	bool found = false;

	if (strcmp(w->v[0], "delete") != 0 || !lab_cfgsyntax_leaflist(name))
		return false;
	if (w->n > 2)
		parent = lab_cfgsyntax_walk(wk, at, w->v + 1, w->n - 2);
	for (c = parent ? parent->children : NULL; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_ELEMENT_NODE && strcmp(lab_cfgsyntax_name(c), name) == 0) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			found = true;
		}
	}
	if (!found)
		lab_cfgsyntax_err(wk->errs, true, path, name, "statement not found");
	return true;
}

/*
 * "set ... then accept" (or reject, or a firewall filter's discard): the
 * action is an empty element beside the term's other actions, and
 * replaces only the others of these.  True when w was such a line and has been done.
 */
static bool
lab_cfgsyntax_set_action(struct lab_cfgsyntax_walk *wk, struct lab_cfgsyntax_words *w,
			 xmlNodePtr at)
{
	static const char *const acts[] = { "accept", "reject", "discard", NULL };
	struct lab_cfgsyntax_walk cw = *wk;
	xmlNodePtr then, c, next;

	if (strcmp(w->v[0], "set") != 0 || w->n < 3 || strcmp(w->v[w->n - 2], "then") != 0 ||
	    !lab_cfgsyntax_in(acts, w->v[w->n - 1]))
		return false;
	cw.mode = LAB_WALK_ENSURE;
	cw.terminal = false;
	then = lab_cfgsyntax_walk(&cw, at, w->v + 1, w->n - 2);
	if (then == NULL)
		return true;
	for (c = then->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_TEXT_NODE ||
		    (c->type == XML_ELEMENT_NODE && lab_cfgsyntax_in(acts, lab_cfgsyntax_name(c)))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	lab_cfgsyntax_insert(then, lab_cfgsyntax_new(then, w->v[w->n - 1]));
	return true;
}

/*
 * delete, deactivate and activate name a statement by its words: when
 * the last word is a statement inside the container the others name
 * ("... bfd-liveness-detection multiplier"), that statement is the
 * target, not the container with the last word taken for its value.
 * NULL when the words name no such statement (then they name a value, as
 * in "... local-preference 150", or a route-filter's match type, which
 * goes with its entry).
 */
static xmlNodePtr
lab_cfgsyntax_named_child(const struct lab_cfgsyntax_walk *wk, struct lab_cfgsyntax_words *w,
			  xmlNodePtr at)
{
	struct lab_cfgsyntax_walk cw = *wk;
	struct lab_cfgerrs quiet = { 0 };
	xmlNodePtr parent = at;

	if (w->n < 3)
		return NULL;
	cw.mode = LAB_WALK_FIND;
	cw.terminal = false;
	cw.errs = &quiet;
	parent = lab_cfgsyntax_walk(&cw, at, w->v + 1, w->n - 2);
	lab_cfgsyntax_errs_clear(&quiet);
	if (parent == NULL || lab_cfgsyntax_rf_like(lab_cfgsyntax_name(parent)))
		return NULL;
	return lab_cfgsyntax_child(parent, w->v[w->n - 1]);
}

static void
lab_cfgsyntax_set_line(struct lab_cfgsyntax_ctx *c, struct lab_cfgsyntax_words *w, xmlNodePtr root,
		       xmlNodePtr *edit_at, int line, struct lab_cfgerrs *errs)
{
	const char *verb = w->v[0];
	char path[512];
	struct lab_cfgsyntax_walk wk = { c, LAB_WALK_FIND, true, errs, false };
	xmlNodePtr target;

	lab_cfgsyntax_edit_path(*edit_at, path, sizeof(path));
	if (strcmp(verb, "top") == 0 && w->n == 1) {
		*edit_at = root;
		return;
	}
	if (strcmp(verb, "up") == 0 && w->n == 1) {
		if (*edit_at != root) {
			xmlNodePtr p = (*edit_at)->parent;
			/* "routing-instances Cust11" is one step */
			if (p != root && lab_cfgsyntax_collapsed(p) != NULL)
				p = p->parent;
			*edit_at = p;
		}
		return;
	}
	if (w->n < 2) {
		lab_cfgsyntax_err(errs, false, path, verb, "line %d: syntax error", line);
		return;
	}
	if (lab_cfgsyntax_set_action(&wk, w, *edit_at))
		return;
	if (strcmp(verb, "set") == 0 || strcmp(verb, "edit") == 0) {
		wk.mode = LAB_WALK_ENSURE;
		wk.terminal = strcmp(verb, "set") == 0;
		target = lab_cfgsyntax_walk(&wk, *edit_at, w->v + 1, w->n - 1);
		if (target != NULL && strcmp(verb, "edit") == 0)
			*edit_at = target;
		return;
	}
	if (strcmp(verb, "delete") == 0 && lab_cfgsyntax_delete_leaflist(&wk, w, *edit_at, path))
		return;
	if (strcmp(verb, "delete") == 0 || strcmp(verb, "deactivate") == 0 ||
	    strcmp(verb, "activate") == 0) {
		target = lab_cfgsyntax_named_child(&wk, w, *edit_at);
		if (target == NULL)
			target = lab_cfgsyntax_walk(&wk, *edit_at, w->v + 1, w->n - 1);
		if (target == NULL) {
			if (wk.missing)
				lab_cfgsyntax_err(errs, true, path, w->v[w->n - 1], "statement not found");
			return;
		}
		if (verb[0] == 'd' && verb[2] == 'l') {
			xmlNodePtr parent = target->parent;
			xmlUnlinkNode(target);
			xmlFreeNode(target);
			/*
			 * an emptied container goes too, as Junos shows none: a
			 * collapsed-list parent ("routing-instances") or a plain one
			 * ("filter" after "delete ... filter input")
			 */
			while (parent != NULL && parent != root && parent != *edit_at &&
			       parent->type == XML_ELEMENT_NODE && !lab_cfgsyntax_has_elements(parent) &&
			       lab_cfgsyntax_leaf(parent) == NULL) {
				xmlNodePtr up = parent->parent;
				xmlUnlinkNode(parent);
				xmlFreeNode(parent);
				parent = up;
			}
		} else if (verb[0] == 'd') {
			xmlSetProp(target, (const xmlChar *)"inactive", (const xmlChar *)"inactive");
		} else {
			xmlUnsetProp(target, (const xmlChar *)"inactive");
		}
		return;
	}
	lab_cfgsyntax_err(errs, false, path, verb, "line %d: syntax error", line);
}

int
lab_cfgsyntax_apply_set(struct lab_cfgsyntax_ctx *c, const char *lines, xmlNodePtr root,
			struct lab_cfgerrs *errs)
{
	struct lab_cfgsyntax_lex x = { .s = lines, .line = 1, .newlines = true };
	struct lab_cfgsyntax_words w = { 0 };
	xmlNodePtr at = root;
	size_t before = lab_cfgsyntax_nerrors(errs);

	for (;;) {
		enum lab_cfgsyntax_tok t = lab_cfgsyntax_next(&x);
		int line = x.line;
		if (t == LAB_TOK_WORD) {
			lab_cfgsyntax_words_add(&w, x.word);
			continue;
		}
		if (t == LAB_TOK_ERR) {
			lab_cfgsyntax_err(errs, false, "[edit]", NULL, "line %d: unterminated string", line);
			break;
		}
		if (t == LAB_TOK_NEWLINE || t == LAB_TOK_END || t == LAB_TOK_SEMI) {
			if (w.n > 0)
				lab_cfgsyntax_set_line(c, &w, root, &at, t == LAB_TOK_NEWLINE ? line - 1 : line,
						       errs);
			lab_cfgsyntax_words_clear(&w);
			if (t == LAB_TOK_END)
				break;
			continue;
		}
		lab_cfgsyntax_err(errs, false, "[edit]", NULL, "line %d: syntax error", line);
		/* skip to the end of the line */
		while ((t = lab_cfgsyntax_next(&x)) != LAB_TOK_NEWLINE && t != LAB_TOK_END && t != LAB_TOK_ERR)
			;
		lab_cfgsyntax_words_clear(&w);
		if (t != LAB_TOK_NEWLINE)
			break;
	}
	lab_cfgsyntax_words_clear(&w);
	free(x.word);
	return lab_cfgsyntax_nerrors(errs) == before ? 0 : -1;
}

/* ------------------------------------------------------------------ checks */

static void
lab_cfgsyntax_check_node(struct lab_cfgsyntax_ctx *c, xmlNodePtr n, struct lab_cfgerrs *errs)
{
	char path[512];

	for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
		const char *leaf;
		xmlChar *del;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		del = xmlGetProp(k, (const xmlChar *)"delete");
		if (del != NULL) {
			xmlFree(del);
			continue;
		}
		if (!lab_cfgsyntax_known(c, lab_cfgsyntax_name(k))) {
			lab_cfgsyntax_edit_path(n, path, sizeof(path));
			lab_cfgsyntax_err(errs, false, path, lab_cfgsyntax_name(k), "syntax error");
			continue;
		}
		if ((leaf = lab_cfgsyntax_leaf(k)) != NULL) {
			lab_cfgsyntax_edit_path(n, path, sizeof(path));
			lab_cfgsyntax_check_value(n, lab_cfgsyntax_name(k), leaf, path, errs);
		}
		lab_cfgsyntax_check_node(c, k, errs);
	}
}

int
lab_cfgsyntax_check(struct lab_cfgsyntax_ctx *c, xmlNodePtr edit, struct lab_cfgerrs *errs)
{
	size_t before = lab_cfgsyntax_nerrors(errs);

	lab_cfgsyntax_check_node(c, edit, errs);
	return lab_cfgsyntax_nerrors(errs) == before ? 0 : -1;
}

/* ------------------------------------------------------------------ merge */

static bool
lab_cfgsyntax_attr_is(xmlNodePtr n, const char *name)
{
	xmlChar *a = xmlGetProp(n, (const xmlChar *)name);
	bool r = a != NULL;

	xmlFree(a);
	return r;
}

/* Drop operation attributes from a new subtree (and subtrees marked delete). */
static void
lab_cfgsyntax_strip_ops(xmlNodePtr n)
{
	xmlNodePtr c = n->children;

	xmlUnsetProp(n, (const xmlChar *)"replace");
	xmlUnsetProp(n, (const xmlChar *)"active");
	xmlUnsetProp(n, (const xmlChar *)"operation");
	while (c != NULL) {
		xmlNodePtr next = c->next;
		if (c->type == XML_ELEMENT_NODE) {
			if (lab_cfgsyntax_attr_is(c, "delete")) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			} else {
				lab_cfgsyntax_strip_ops(c);
			}
		} else if (c->type == XML_COMMENT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		c = next;
	}
}

static void
lab_cfgsyntax_merge_node(xmlNodePtr dst, xmlNodePtr src, bool replace, struct lab_cfgerrs *errs)
{
	char path[512];

	for (xmlNodePtr s = src->children; s != NULL; s = s->next) {
		xmlNodePtr m;
		if (s->type != XML_ELEMENT_NODE || lab_cfgsyntax_is_keychild(src, s))
			continue;
		m = lab_cfgsyntax_find(dst, s);
		if (lab_cfgsyntax_attr_is(s, "delete")) {
			if (m == NULL) {
				lab_cfgsyntax_edit_path(dst, path, sizeof(path));
				lab_cfgsyntax_err(errs, true, path, lab_cfgsyntax_name(s), "statement not found");
			} else {
				xmlUnlinkNode(m);
				xmlFreeNode(m);
			}
			continue;
		}
		if (m != NULL && replace && lab_cfgsyntax_attr_is(s, "replace")) {
			xmlNodePtr copy = xmlDocCopyNode(s, dst->doc, 1);
			if (copy == NULL)
				continue;
			lab_cfgsyntax_strip_ops(copy);
			xmlReplaceNode(m, copy);
			xmlFreeNode(m);
			continue;
		}
		if (m == NULL) {
			xmlNodePtr copy = xmlDocCopyNode(s, dst->doc, 1);
			if (copy == NULL)
				continue;
			lab_cfgsyntax_strip_ops(copy);
			xmlUnsetProp(copy, (const xmlChar *)"inactive");
			if (lab_cfgsyntax_attr_is(s, "inactive"))
				xmlSetProp(copy, (const xmlChar *)"inactive", (const xmlChar *)"inactive");
			lab_cfgsyntax_insert(dst, copy);
			continue;
		}
		if (lab_cfgsyntax_leaf(s) != NULL || !lab_cfgsyntax_has_elements(s)) {
			const char *v = lab_cfgsyntax_leaf(s);
			if (v != NULL) {
				xmlChar *val = xmlStrdup((const xmlChar *)v);
				xmlNodePtr c = m->children;
				while (c != NULL) {
					xmlNodePtr next = c->next;
					xmlUnlinkNode(c);
					xmlFreeNode(c);
					c = next;
				}
				xmlNodeAddContent(m, val);
				xmlFree(val);
			}
		} else {
			lab_cfgsyntax_merge_node(m, s, replace, errs);
		}
		if (lab_cfgsyntax_attr_is(s, "inactive"))
			xmlSetProp(m, (const xmlChar *)"inactive", (const xmlChar *)"inactive");
		if (lab_cfgsyntax_attr_is(s, "active"))
			xmlUnsetProp(m, (const xmlChar *)"inactive");
	}
}

int
lab_cfgsyntax_merge(xmlNodePtr root, xmlNodePtr edit, bool replace, struct lab_cfgerrs *errs)
{
	lab_cfgsyntax_merge_node(root, edit, replace, errs);
	return 0;
}

/* ------------------------------------------------------------------ filter */

static xmlNodePtr
lab_cfgsyntax_filter_node(xmlNodePtr data, xmlNodePtr f, xmlDocPtr doc)
{
	bool any_sel = false;
	xmlNodePtr out;

	if (!lab_cfgsyntax_has_elements(f))
		return xmlDocCopyNode(data, doc, 1);
	/* content match nodes must all match */
	for (xmlNodePtr fc = f->children; fc != NULL; fc = fc->next) {
		const char *want;
		bool ok = false;
		if (fc->type != XML_ELEMENT_NODE || (want = lab_cfgsyntax_leaf(fc)) == NULL)
			continue;
		for (xmlNodePtr dc = data->children; dc != NULL && !ok; dc = dc->next)
			if (dc->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)dc->name, (const char *)fc->name) == 0 &&
			    lab_cfgsyntax_leaf(dc) != NULL && strcmp(lab_cfgsyntax_leaf(dc), want) == 0)
				ok = true;
		if (!ok)
			return NULL;
	}
	for (xmlNodePtr fc = f->children; fc != NULL; fc = fc->next)
		if (fc->type == XML_ELEMENT_NODE && lab_cfgsyntax_leaf(fc) == NULL)
			any_sel = true;
	if (!any_sel)
		return xmlDocCopyNode(data, doc, 1);
	if ((out = xmlDocCopyNode(data, doc, 2)) == NULL)
		return NULL;
	for (xmlNodePtr dc = data->children; dc != NULL; dc = dc->next) {
		if (dc->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNodePtr fc = f->children; fc != NULL; fc = fc->next) {
			xmlNodePtr sub;
			if (fc->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)dc->name, (const char *)fc->name) != 0)
				continue;
			if (lab_cfgsyntax_leaf(fc) != NULL) {
				xmlAddChild(out, xmlDocCopyNode(dc, doc, 1));
				break;
			}
			if ((sub = lab_cfgsyntax_filter_node(dc, fc, doc)) != NULL) {
				xmlAddChild(out, sub);
				break;
			}
		}
	}
	return out;
}

void
lab_cfgsyntax_filter(xmlNodePtr root, xmlNodePtr filter, xmlNodePtr out)
{
	for (xmlNodePtr dc = root->children; dc != NULL; dc = dc->next) {
		if (dc->type != XML_ELEMENT_NODE)
			continue;
		if (filter == NULL || !lab_cfgsyntax_has_elements(filter)) {
			xmlAddChild(out, xmlDocCopyNode(dc, out->doc, 1));
			continue;
		}
		for (xmlNodePtr fc = filter->children; fc != NULL; fc = fc->next) {
			xmlNodePtr sub;
			if (fc->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)dc->name, (const char *)fc->name) != 0)
				continue;
			if ((sub = lab_cfgsyntax_filter_node(dc, fc, out->doc)) != NULL) {
				xmlAddChild(out, sub);
				break;
			}
		}
	}
}

/* ------------------------------------------------------------------ diff */

/* Is n shown on one line (a leaf, a flag, "route-filter ... exact", "autonomous-system N")? */
static bool
lab_cfgsyntax_oneline(xmlNodePtr n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	bool one;

	if (f == NULL)
		return !lab_cfgsyntax_has_elements(n);
	one = lab_cfgsyntax_head(f, n, false) && !lab_cfgsyntax_is_entry(n);
	fclose(f);
	free(s);
	return one || !lab_cfgsyntax_has_elements(n) || lab_cfgsyntax_rf_like(lab_cfgsyntax_name(n));
}

static void
lab_cfgsyntax_diff_node(xmlNodePtr o, xmlNodePtr n, FILE *out)
{
	char *lines = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&lines, &len);
	char path[512];

	if (f == NULL)
		return;
	for (xmlNodePtr c = o->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !lab_cfgsyntax_is_keychild(o, c) &&
		    lab_cfgsyntax_find(n, c) == NULL)
			lab_cfgsyntax_text_node(f, c, '-', 1);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		xmlNodePtr m;
		if (c->type != XML_ELEMENT_NODE || lab_cfgsyntax_is_keychild(n, c))
			continue;
		if ((m = lab_cfgsyntax_find(o, c)) == NULL) {
			lab_cfgsyntax_text_node(f, c, '+', 1);
			continue;
		}
		if (lab_cfgsyntax_oneline(c) || lab_cfgsyntax_oneline(m)) {
			char *a = NULL, *b = NULL;
			size_t al = 0, bl = 0;
			FILE *fa = open_memstream(&a, &al), *fb = open_memstream(&b, &bl);
			if (fa != NULL && fb != NULL) {
				lab_cfgsyntax_text_node(fa, m, 0, 0);
				lab_cfgsyntax_text_node(fb, c, 0, 0);
			}
			if (fa)
				fclose(fa);
			if (fb)
				fclose(fb);
			if (a != NULL && b != NULL && strcmp(a, b) != 0) {
				lab_cfgsyntax_text_node(f, m, '-', 1);
				lab_cfgsyntax_text_node(f, c, '+', 1);
			}
			free(a);
			free(b);
		} else if (lab_cfgsyntax_inactive(c) != lab_cfgsyntax_inactive(m)) {
			lab_cfgsyntax_indent(f, '!', 1);
			fputs(lab_cfgsyntax_inactive(c) ? "inactive: " : "active: ", f);
			lab_cfgsyntax_head(f, c, true);
			fputs(";\n", f);
		}
	}
	fclose(f);
	if (len > 0) {
		lab_cfgsyntax_edit_path(n, path, sizeof(path));
		fprintf(out, "%s\n%s", path, lines);
	}
	free(lines);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		xmlNodePtr m;
		if (c->type != XML_ELEMENT_NODE || lab_cfgsyntax_is_keychild(n, c))
			continue;
		if ((m = lab_cfgsyntax_find(o, c)) != NULL && !lab_cfgsyntax_oneline(c) &&
		    !lab_cfgsyntax_oneline(m))
			lab_cfgsyntax_diff_node(m, c, out);
	}
}

void
lab_cfgsyntax_diff(xmlNodePtr old, xmlNodePtr new, FILE *out)
{
	lab_cfgsyntax_diff_node(old, new, out);
}

/* ------------------------------------------------------------------ groups */

#define LAB_INH_MAXDEPTH 32
#define LAB_INH_MAXGROUPS 16

/* One applied group as seen at the level being resolved. */
struct lab_inh {
	const char *name;	/* the group's name (borrowed from its <name>) */
	xmlNodePtr at;		/* the group's node at this level */
};

/* The key of a list entry (its <name>), or NULL when n is no entry. */
static const char *
lab_inh_key(xmlNodePtr n)
{
	return lab_cfgsyntax_leaf(lab_cfgsyntax_child(n, "name"));
}

/* "<*>", "<ge-*>": a group's wildcard name, matched as a shell pattern. */
static bool
lab_inh_wild_match(const char *pat, const char *key)
{
	char buf[128];
	size_t n = strlen(pat);

	if (n < 2 || pat[0] != '<' || pat[n - 1] != '>' || n - 2 >= sizeof(buf))
		return false;
	memcpy(buf, pat + 1, n - 2);
	buf[n - 2] = '\0';
	return fnmatch(buf, key, 0) == 0;
}

static bool
lab_inh_is_wild(const char *key)
{
	return key != NULL && key[0] == '<';
}

/*
 * The child of g that stands for c (same element; for an entry the same
 * key, or a wildcard matching it), or NULL.
 */
static xmlNodePtr
lab_inh_find(xmlNodePtr g, xmlNodePtr c)
{
	const char *key = lab_inh_key(c);
	xmlNodePtr w = NULL;

	for (xmlNodePtr x = g->children; x != NULL; x = x->next) {
		const char *k;
		if (x->type != XML_ELEMENT_NODE || xmlStrcmp(x->name, c->name) != 0 ||
		    lab_cfgsyntax_inactive(x))
			continue;
		if (key == NULL)
			return x;
		if ((k = lab_inh_key(x)) == NULL)
			continue;
		if (strcmp(k, key) == 0)
			return x;
		if (w == NULL && lab_inh_is_wild(k) && lab_inh_wild_match(k, key))
			w = x;
	}
	return w;
}

/* Does e hold a statement for the group's child gc?  (Leaf-lists: any value.) */
static bool
lab_inh_has(xmlNodePtr e, xmlNodePtr gc)
{
	const char *key = lab_inh_key(gc);

	for (xmlNodePtr x = e->children; x != NULL; x = x->next) {
		if (x->type != XML_ELEMENT_NODE || xmlStrcmp(x->name, gc->name) != 0)
			continue;
		if (key == NULL || lab_inh_is_wild(key))
			return true;
		if (lab_inh_key(x) != NULL && strcmp(lab_inh_key(x), key) == 0)
			return true;
	}
	return false;
}

static void
lab_inh_mark(xmlNodePtr n, const char *group)
{
	xmlSetProp(n, (const xmlChar *)"junos:group", (const xmlChar *)group);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			lab_inh_mark(c, group);
}

/* The entry of <groups> named name, or NULL. */
static xmlNodePtr
lab_inh_group(xmlNodePtr root, const char *name)
{
	xmlNodePtr gs = lab_cfgsyntax_child(root, "groups");

	for (; gs != NULL; gs = gs->next) {
		const char *k;
		if (gs->type != XML_ELEMENT_NODE || xmlStrcmp(gs->name, (const xmlChar *)"groups") != 0 ||
		    lab_cfgsyntax_inactive(gs))
			continue;
		if ((k = lab_inh_key(gs)) != NULL && strcmp(k, name) == 0)
			return gs;
	}
	return NULL;
}

static void
lab_inh_walk(xmlNodePtr root, xmlNodePtr e, xmlNodePtr *path, int depth,
	     const struct lab_inh *up, size_t nup, bool mark)
{
	struct lab_inh v[LAB_INH_MAXGROUPS];
	size_t n = 0, i;

	if (depth >= LAB_INH_MAXDEPTH)
		return;
	path[depth] = e;
	/* this level's apply-groups first (in order), then those applied above */
	for (xmlNodePtr a = e->children; a != NULL && n < LAB_INH_MAXGROUPS; a = a->next) {
		const char *gname;
		xmlNodePtr g;
		int d;
		if (a->type != XML_ELEMENT_NODE || xmlStrcmp(a->name, (const xmlChar *)"apply-groups") != 0 ||
		    lab_cfgsyntax_inactive(a) || (gname = lab_cfgsyntax_leaf(a)) == NULL ||
		    (g = lab_inh_group(root, gname)) == NULL)
			continue;
		for (d = 1; d <= depth && g != NULL; d++)
			g = lab_inh_find(g, path[d]);
		if (g != NULL) {
			v[n].name = lab_inh_key(lab_inh_group(root, gname));
			v[n++].at = g;
		}
	}
	for (i = 0; i < nup && n < LAB_INH_MAXGROUPS; i++)
		v[n++] = up[i];
	/* statements the level lacks come from the first group that has them */
	for (i = 0; i < n; i++) {
		for (xmlNodePtr gc = v[i].at->children; gc != NULL; gc = gc->next) {
			xmlNodePtr cp;
			if (gc->type != XML_ELEMENT_NODE || lab_cfgsyntax_inactive(gc) ||
			    xmlStrcmp(gc->name, (const xmlChar *)"apply-groups") == 0 ||
			    gc == lab_cfgsyntax_child(v[i].at, "name") ||
			    lab_inh_is_wild(lab_inh_key(gc)) || lab_inh_has(e, gc))
				continue;
			if ((cp = xmlDocCopyNode(gc, e->doc, 1)) == NULL)
				continue;
			if (mark)
				lab_inh_mark(cp, v[i].name);
			xmlAddChild(e, cp);
		}
	}
	for (xmlNodePtr c = e->children; c != NULL; c = c->next) {
		struct lab_inh down[LAB_INH_MAXGROUPS];
		size_t nd = 0;
		if (c->type != XML_ELEMENT_NODE || lab_cfgsyntax_inactive(c) ||
		    xmlStrcmp(c->name, (const xmlChar *)"groups") == 0 ||
		    xmlStrcmp(c->name, (const xmlChar *)"apply-groups") == 0 ||
		    lab_cfgsyntax_leaf(c) != NULL)
			continue;
		for (i = 0; i < n; i++) {
			xmlNodePtr g = lab_inh_find(v[i].at, c);
			if (g != NULL) {
				down[nd].name = v[i].name;
				down[nd++].at = g;
			}
		}
		lab_inh_walk(root, c, path, depth + 1, down, nd, mark);
	}
}

/* Drop every apply-groups below n, and <groups> at the top. */
static void
lab_inh_strip(xmlNodePtr n, bool top)
{
	xmlNodePtr c = n->children, nx;

	for (; c != NULL; c = nx) {
		nx = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, (const xmlChar *)"apply-groups") == 0 ||
		    (top && xmlStrcmp(c->name, (const xmlChar *)"groups") == 0)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		lab_inh_strip(c, false);
	}
}

void
lab_cfgsyntax_inherit(xmlNodePtr root, bool mark)
{
	xmlNodePtr path[LAB_INH_MAXDEPTH];

	if (root == NULL)
		return;
	lab_inh_walk(root, root, path, 0, NULL, 0, mark);
	lab_inh_strip(root, true);
}
