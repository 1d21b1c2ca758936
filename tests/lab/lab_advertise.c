/*
 * lab_advertise.c - `erguard-lab advertise`: a device's advertisements for
 * a given configuration, computed offline (see lab_advertise.h).
 *
 * The world is built by lab_world_init as `up` builds it, the device's
 * committed configuration is rewritten before anything reads it, and every
 * reply is produced by lab_oper_rpc from the RPC erguard sends, so the
 * snapshot holds what a live lab in the same state would answer.  Each
 * file written is read back with erguard's own parser before it counts.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "junos.h"
#include "model.h"
#include "snapshot.h"
#include "state.h"

#include "lab_advertise.h"
#include "lab_world_int.h"

#define LAB_ADV_NC_NS "urn:ietf:params:xml:ns:netconf:base:1.0"
#define LAB_ADV_IFNAME "ge-0/0/15"	/* the interface that holds --subnet units */
#define LAB_ADV_UNIT0 1001		/* its first unit (and VLAN) */

/* ------------------------------------------------------------ XML helpers */

static bool
lab_adv_elem(xmlNodePtr n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE;
}

static bool
lab_adv_has_elems(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (lab_adv_elem(c))
			return true;
	return false;
}

static bool
lab_adv_named(xmlNodePtr n, const char *name)
{
	return lab_adv_elem(n) && strcmp((const char *)n->name, name) == 0;
}

/* The first element called name in document order (n itself included). */
static xmlNodePtr
lab_adv_find(xmlNodePtr n, const char *name)
{
	xmlNodePtr c, hit;

	if (lab_adv_named(n, name))
		return n;
	for (c = n ? n->children : NULL; c != NULL; c = c->next)
		if (lab_adv_elem(c) && (hit = lab_adv_find(c, name)) != NULL)
			return hit;
	return NULL;
}

/* The text of n's <name> child (trimmed), or NULL when it has none; caller frees. */
static char *
lab_adv_key(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		if (lab_adv_named(c, "name")) {
			xmlChar *t = xmlNodeGetContent(c);
			char *s, *b, *e;
			if (t == NULL)
				return strdup("");
			for (b = (char *)t; *b == ' ' || *b == '\t' || *b == '\n' || *b == '\r'; b++)
				;
			e = b + strlen(b);
			while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
				e--;
			s = strndup(b, (size_t)(e - b));
			xmlFree(t);
			return s;
		}
	}
	return NULL;
}

/* The child of parent called name whose key is key (NULL: the first one). */
static xmlNodePtr
lab_adv_match(xmlNodePtr parent, const char *name, const char *key)
{
	xmlNodePtr c;

	for (c = parent->children; c != NULL; c = c->next) {
		char *k;
		bool eq;
		if (!lab_adv_named(c, name))
			continue;
		if (key == NULL)
			return c;
		k = lab_adv_key(c);
		eq = k != NULL && strcmp(k, key) == 0;
		free(k);
		if (eq)
			return c;
	}
	return NULL;
}

/* dst takes src's activation: its inactive/active attributes, or none. */
static void
lab_adv_activation(xmlNodePtr dst, xmlNodePtr src)
{
	static const char *const attrs[] = { "inactive", "active" };
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		xmlChar *v = xmlGetProp(src, (const xmlChar *)attrs[i]);
		if (v != NULL)
			xmlSetProp(dst, (const xmlChar *)attrs[i], v);
		else
			xmlUnsetProp(dst, (const xmlChar *)attrs[i]);
		xmlFree(v);
	}
}

/* A copy of src for doc. */
static xmlNodePtr
lab_adv_copy(xmlDocPtr doc, xmlNodePtr src)
{
	return xmlDocCopyNode(src, doc, 1);
}

/*
 * Replace every child of dst called like the value/flag g by copies of all
 * of g's same-named siblings in src (a multi-valued statement is replaced
 * whole), at the place of the first old one.
 */
static int
lab_adv_leaves(xmlDocPtr doc, xmlNodePtr dst, xmlNodePtr src, xmlNodePtr g)
{
	const char *name = (const char *)g->name;
	xmlNodePtr at = lab_adv_match(dst, name, NULL), c, nx;

	for (c = src->children; c != NULL; c = c->next) {
		xmlNodePtr cp;
		if (!lab_adv_named(c, name))
			continue;
		if ((cp = lab_adv_copy(doc, c)) == NULL)
			return -1;
		if (at != NULL)
			xmlAddPrevSibling(at, cp);
		else
			xmlAddChild(dst, cp);
	}
	for (c = at; c != NULL; c = nx) {
		nx = c->next;
		if (lab_adv_named(c, name)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	return 0;
}

/* Has an earlier element sibling of g the same name? */
static bool
lab_adv_seen(xmlNodePtr g)
{
	xmlNodePtr c;

	for (c = g->prev; c != NULL; c = c->prev)
		if (lab_adv_named(c, (const char *)g->name))
			return true;
	return false;
}

/* Lay src's children over dst's (the rules are in lab_advertise.h). */
static int
lab_adv_overlay(xmlDocPtr doc, xmlNodePtr dst, xmlNodePtr src)
{
	bool whole = strcmp((const char *)src->name, "policy-options") == 0;
	xmlNodePtr g;

	for (g = src->children; g != NULL; g = g->next) {
		const char *name = (const char *)g->name;
		xmlNodePtr m, cp;
		char *key;
		int rc = 0;

		if (!lab_adv_elem(g))
			continue;
		if (!lab_adv_has_elems(g)) {
			if (!lab_adv_seen(g) && lab_adv_leaves(doc, dst, src, g) != 0)
				return -1;
			continue;
		}
		key = lab_adv_key(g);
		m = lab_adv_match(dst, name, key);
		if (m == NULL || (key != NULL && whole) || !lab_adv_has_elems(m)) {
			/* new, taken whole, or a value in dst that src makes a container */
			if ((cp = lab_adv_copy(doc, g)) == NULL) {
				free(key);
				return -1;
			}
			if (m != NULL) {
				xmlReplaceNode(m, cp);
				xmlFreeNode(m);
			} else {
				xmlAddChild(dst, cp);
			}
		} else {
			lab_adv_activation(m, g);
			rc = lab_adv_overlay(doc, m, g);
		}
		free(key);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The child of parent called name with key (NULL: none), created when missing. */
static xmlNodePtr
lab_adv_ensure(xmlNodePtr parent, const char *name, const char *key)
{
	xmlNodePtr n = lab_adv_match(parent, name, key);

	if (n != NULL)
		return n;
	if ((n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL)) == NULL)
		return NULL;
	if (key != NULL && xmlNewTextChild(n, NULL, (const xmlChar *)"name", (const xmlChar *)key) == NULL)
		return NULL;
	return n;
}

/* ------------------------------------------------------------ subnets */

static bool
lab_adv_addr_used(const struct lab_cfg *c, uint32_t a)
{
	size_t i;

	for (i = 0; i < c->naddrs; i++)
		if (c->addrs[i].addr == a)
			return true;
	return false;
}

static bool
lab_adv_in_instance(const struct lab_inst_cfg *ic, const char *ifname)
{
	size_t i;

	for (i = 0; i < ic->nifnames; i++)
		if (strcmp(ic->ifnames[i], ifname) == 0)
			return true;
	return false;
}

/* Does an interface address sit on ifname? */
static bool
lab_adv_if_used(const struct lab_cfg *c, const char *ifname)
{
	size_t i;

	for (i = 0; i < c->naddrs; i++)
		if (strcmp(c->addrs[i].ifname, ifname) == 0)
			return true;
	return false;
}

/* Is p already the subnet of an interface of the instance? */
static bool
lab_adv_has_subnet(const struct lab_cfg *c, const struct lab_inst_cfg *ic, const struct lab_pfx *p)
{
	size_t i;

	for (i = 0; i < c->naddrs; i++) {
		const struct lab_ifaddr *a = &c->addrs[i];
		if (a->len == p->len && (a->addr & lab_mask(a->len)) == p->addr &&
		    lab_adv_in_instance(ic, a->ifname))
			return true;
	}
	return false;
}

/* The highest host address of p no interface uses; 0 when there is none. */
static uint32_t
lab_adv_host(const struct lab_cfg *c, const struct lab_pfx *p)
{
	uint32_t first = p->addr, last = p->addr | ~lab_mask(p->len), a;

	if (p->len <= 30) {
		first++;
		last--;
	}
	for (a = last;; a--) {
		if (!lab_adv_addr_used(c, a))
			return a;
		if (a == first)
			return 0;
	}
}

/* Give the device's instance inst a direct subnet for each prefix of o->subnets. */
static int
lab_adv_subnets(xmlDocPtr doc, const char *inst, const struct lab_advertise_opts *o, FILE *out,
		char *err, size_t errlen)
{
	xmlNodePtr conf = xmlDocGetRootElement(doc), ri, in, ifs, ifc;
	struct lab_cfg c;
	const struct lab_inst_cfg *ic;
	int unit = LAB_ADV_UNIT0, rc = -1;
	size_t i;

	memset(&c, 0, sizeof(c));
	if (o->nsubnets == 0)
		return 0;
	ri = lab_adv_match(conf, "routing-instances", NULL);
	in = ri ? lab_adv_match(ri, "instance", inst) : NULL;
	if (in == NULL) {
		lab_seterr(err, errlen, "%s: no routing instance %s to hold --subnet", o->device, inst);
		return -1;
	}
	for (i = 0; i < o->nsubnets; i++) {
		struct lab_pfx p;
		char ifn[LAB_IFLEN], addr[48], a[16], vlan[16];
		uint32_t host, given;
		xmlNodePtr u, x;

		if (lab_pfx_parse(o->subnets[i], &p) != 0 || lab_addr_parse(o->subnets[i], &given) != 0 ||
		    given != p.addr) {
			lab_seterr(err, errlen, "--subnet %s: not a prefix (ADDRESS/LENGTH, no host bits)",
				   o->subnets[i]);
			goto cleanup;
		}
		/* read the configuration afresh: earlier subnets count as used */
		lab_cfg_clear(&c);
		if (lab_cfg_parse(conf, &c, err, errlen) != 0)
			goto cleanup;
		if ((ic = lab_cfg_inst(&c, inst)) == NULL) {
			lab_seterr(err, errlen, "%s: routing instance %s is inactive", o->device, inst);
			goto cleanup;
		}
		if (lab_adv_has_subnet(&c, ic, &p)) {
			if (out != NULL)
				fprintf(out, "%s: %s is already a subnet of %s\n", o->device, o->subnets[i],
					inst);
			continue;
		}
		if ((host = lab_adv_host(&c, &p)) == 0) {
			lab_seterr(err, errlen, "--subnet %s: no free address in it", o->subnets[i]);
			goto cleanup;
		}
		for (; unit < 4000; unit++) {
			snprintf(ifn, sizeof(ifn), "%s.%d", LAB_ADV_IFNAME, unit);
			if (!lab_adv_in_instance(ic, ifn) && !lab_adv_if_used(&c, ifn))
				break;
		}
		if (unit >= 4000) {
			lab_seterr(err, errlen, "--subnet: no free unit on %s", LAB_ADV_IFNAME);
			goto cleanup;
		}
		snprintf(addr, sizeof(addr), "%s/%u", lab_addr_fmt(host, a), p.len);
		snprintf(vlan, sizeof(vlan), "%d", unit);
		if ((ifs = lab_adv_ensure(conf, "interfaces", NULL)) == NULL ||
		    (ifc = lab_adv_ensure(ifs, "interface", LAB_ADV_IFNAME)) == NULL)
			goto nomem;
		if (lab_adv_match(ifc, "description", NULL) == NULL &&
		    (xmlNewTextChild(ifc, NULL, (const xmlChar *)"description",
				     (const xmlChar *)"site subnets (erguard-lab advertise --subnet)") == NULL ||
		     xmlNewChild(ifc, NULL, (const xmlChar *)"vlan-tagging", NULL) == NULL))
			goto nomem;
		if ((u = lab_adv_ensure(ifc, "unit", vlan)) == NULL ||
		    xmlNewTextChild(u, NULL, (const xmlChar *)"vlan-id", (const xmlChar *)vlan) == NULL ||
		    (x = lab_adv_ensure(u, "family", NULL)) == NULL ||
		    (x = lab_adv_ensure(x, "inet", NULL)) == NULL ||
		    lab_adv_ensure(x, "address", addr) == NULL)
			goto nomem;
		/* the instance lists its interfaces before its other statements */
		x = xmlNewNode(NULL, (const xmlChar *)"interface");
		if (x == NULL || xmlNewTextChild(x, NULL, (const xmlChar *)"name", (const xmlChar *)ifn) == NULL) {
			xmlFreeNode(x);
			goto nomem;
		}
		{
			xmlNodePtr last = NULL, k;
			for (k = in->children; k != NULL; k = k->next)
				if (lab_adv_named(k, "interface"))
					last = k;
			if (last != NULL)
				xmlAddNextSibling(last, x);
			else
				xmlAddChild(in, x);
		}
		if (out != NULL)
			fprintf(out, "%s: subnet %s on %s (address %s) in %s\n", o->device, o->subnets[i], ifn,
				addr, inst);
		unit++;
	}
	rc = 0;
	goto cleanup;
nomem:
	lab_seterr(err, errlen, "out of memory adding subnets");
cleanup:
	lab_cfg_clear(&c);
	return rc;
}

/* ------------------------------------------------------------ configuration */

static int
lab_adv_configure(const struct lab_advertise_opts *o, const char *inst, FILE *out, char *err,
		  size_t errlen)
{
	xmlDocPtr given = NULL, doc = NULL;
	xmlNodePtr gc, dc;
	char path[4096];
	int rc = -1;

	given = xmlReadFile(o->config, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (given == NULL) {
		lab_seterr(err, errlen, "%s: missing or not well-formed XML", o->config);
		goto cleanup;
	}
	if ((gc = lab_adv_find(xmlDocGetRootElement(given), "configuration")) == NULL) {
		lab_seterr(err, errlen, "%s: holds no <configuration>", o->config);
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/devices/%s/committed.xml", o->dir, o->device);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (doc == NULL || !lab_adv_named(dc = xmlDocGetRootElement(doc), "configuration")) {
		lab_seterr(err, errlen, "%s: not a configuration", path);
		goto cleanup;
	}
	if (lab_adv_overlay(doc, dc, gc) != 0) {
		lab_seterr(err, errlen, "out of memory laying %s over %s", o->config, o->device);
		goto cleanup;
	}
	if (lab_adv_subnets(doc, inst, o, out, err, errlen) != 0)
		goto cleanup;
	if (xmlSaveFormatFileEnc(path, doc, "UTF-8", 1) < 0) {
		lab_seterr(err, errlen, "%s: cannot write", path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	xmlFreeDoc(given);
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------------------ replies */

/*
 * Ask the world for q (an advertising-protocol query) as a device would be
 * asked, write the <rpc-reply> to the snapshot and read it back; *nroutes
 * is the number of routes erguard sees in it.
 */
static int
lab_adv_reply(const struct lab_advertise_opts *o, const struct eg_query *q, const char *release,
	      char **path, size_t *nroutes, char *err, size_t errlen)
{
	char *rpc = NULL, *body = NULL;
	size_t blen = 0;
	xmlDocPtr rd = NULL;
	FILE *mem = NULL, *f = NULL;
	struct eg_obs ob;
	int rc = -1, orc;

	memset(&ob, 0, sizeof(ob));
	*path = NULL;
	if ((rpc = eg_junos_rpc(q)) == NULL ||
	    (rd = xmlReadMemory(rpc, (int)strlen(rpc), "rpc.xml", NULL, XML_PARSE_NONET)) == NULL) {
		lab_seterr(err, errlen, "%s: cannot build the RPC", q->device);
		goto cleanup;
	}
	if ((mem = open_memstream(&body, &blen)) == NULL) {
		lab_seterr(err, errlen, "out of memory");
		goto cleanup;
	}
	orc = lab_oper_rpc(o->dir, q->device, release, xmlDocGetRootElement(rd), mem, err, errlen);
	if (fclose(mem) != 0)
		orc = -1;
	mem = NULL;
	if (orc != 0) {
		if (orc > 0)
			lab_seterr(err, errlen, "%s: the world does not answer %s", q->device, rpc);
		goto cleanup;
	}
	if (eg_snapshot_path(o->out_dir, q, true, path) != EG_OK) {
		lab_seterr(err, errlen, "%s: cannot create %s/%s", o->out_dir, o->out_dir, q->device);
		goto cleanup;
	}
	if ((f = fopen(*path, "w")) == NULL) {
		lab_seterr(err, errlen, "%s: %s", *path, strerror(errno));
		goto cleanup;
	}
	fprintf(f, "<rpc-reply xmlns=\"" LAB_ADV_NC_NS "\" xmlns:junos=\"http://xml.juniper.net/junos/%s/junos\">\n",
		release);
	fwrite(body, 1, blen, f);
	fputs("</rpc-reply>\n", f);
	if (fclose(f) != 0) {
		f = NULL;
		lab_seterr(err, errlen, "%s: write failed", *path);
		goto cleanup;
	}
	f = NULL;
	ob.q = *q;
	if (eg_junos_parse_file(*path, &ob) != EG_OK) {
		lab_seterr(err, errlen, "%s: erguard cannot read it back: %s", *path,
			   ob.why ? ob.why : "parse error");
		goto cleanup;
	}
	*nroutes = ob.u.rib != NULL ? ob.u.rib->npaths : 0;
	rc = 0;
cleanup:
	eg_obs_clear_data(&ob);
	if (mem != NULL)
		fclose(mem);
	if (f != NULL)
		fclose(f);
	xmlFreeDoc(rd);
	free(body);
	free(rpc);
	if (rc != 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

/* The advertising-protocol reply of every configured BGP neighbor of every device of t. */
static int
lab_adv_replies(const struct lab_advertise_opts *o, const struct lab_trio *t, FILE *out, char *err,
		size_t errlen)
{
	char table[LAB_NAMELEN + 8], inst[LAB_NAMELEN], peer[16];
	size_t i;

	snprintf(inst, sizeof(inst), "%s", t->inst);
	snprintf(table, sizeof(table), "%s.inet.0", t->inst);
	for (i = 0; i < t->nsess; i++) {
		const struct lab_sess *s = &t->sess[i];
		const struct lab_dev *d = &t->dev[s->dev];
		struct eg_query q;
		char name[LAB_NAMELEN], detail[] = "detail", *path = NULL;
		size_t n = 0;

		memset(&q, 0, sizeof(q));
		snprintf(name, sizeof(name), "%s", d->name);
		q.kind = EG_Q_ADVERTISED;
		q.device = name;
		q.instance = inst;
		q.table = table;
		q.detail = detail;
		if (eg_addr_parse(lab_addr_fmt(s->peer_addr, peer), &q.peer) != EG_OK) {
			lab_seterr(err, errlen, "%s: bad neighbor address %s", d->name, peer);
			return -1;
		}
		if (lab_adv_reply(o, &q, d->release, &path, &n, err, errlen) != 0)
			return -1;
		if (out != NULL)
			fprintf(out, "%s to %s (%s, %s): %zu route%s -> %s\n", d->name, peer, s->g->name,
				s->up ? "Established" : s->why_down ? s->why_down : "down", n,
				n == 1 ? "" : "s", path);
		free(path);
	}
	return 0;
}

/* ------------------------------------------------------------ entry */

int
lab_advertise_run(const struct lab_advertise_opts *o, FILE *out, char *err, size_t errlen)
{
	struct lab_trio *t = NULL;
	xmlDocPtr w = NULL;
	xmlNodePtr trio;
	char inst[LAB_NAMELEN];
	int k = 0, rc = -1;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (lab_world_init(o->dir, o->scenario, 1, err, errlen) != 0)
		return -1;
	if (lab_world_load_doc(o->dir, &w, err, errlen) != 0)
		return -1;
	if ((trio = lab_world_trio_of(w, o->device, &k)) == NULL) {
		lab_seterr(err, errlen, "%s: not a device of scenario %s", o->device,
			   o->scenario ? o->scenario : "compliant");
		goto cleanup;
	}
	{
		xmlChar *v = xmlGetProp(trio, (const xmlChar *)"instance");
		snprintf(inst, sizeof(inst), "%s", v ? (const char *)v : "");
		xmlFree(v);
	}
	if (lab_adv_configure(o, inst, out, err, errlen) != 0)
		goto cleanup;
	if (lab_trio_build(o->dir, o->device, 0, 0, &t, err, errlen) != 0)
		goto cleanup;
	if (mkdir(o->out_dir, 0755) != 0 && errno != EEXIST) {
		lab_seterr(err, errlen, "%s: %s", o->out_dir, strerror(errno));
		goto cleanup;
	}
	if (lab_adv_replies(o, t, out, err, errlen) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	lab_trio_free(t);
	xmlFreeDoc(w);
	return rc;
}
