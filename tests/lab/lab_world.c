/*
 * lab_world.c - the lab's routing world: scenarios, devices, and the
 * `show rib` view (see lab_world.h for the contract).
 *
 * A scenario is a data file, tests/lab/scenarios/NAME.xml:
 *
 *   <scenario name="lp-config" base="compliant">
 *     <description>...</description>
 *     <expect-fail><check>lp-config</check>...</expect-fail>
 *     <option name="cluster-wrapper"/>
 *     <device key="ce1" name="SEA-MX03-01{sfx}" role="ce" release="21.4R3">
 *       <configuration>...</configuration></device>
 *     <peer name="msee-primary" kind="er" link="primary" device="ce1" .../>
 *     <edit device="ce2"><delete select="XPATH"/>...</edit>
 *   </scenario>
 *
 * A scenario with base= starts from its base and changes it: options are
 * added, peers merged by name (attributes override, <advertise> children
 * replace, <no-advertise prefix=.../> removes one), <edit> applies XPath
 * operations (delete, deactivate, activate, set, append, insert-before;
 * select is relative to the device's <configuration> and must match),
 * expect-fail and description replace.  Placeholders are substituted per
 * trio before parsing: {n} the customer number (10+k), {sfx} "" for trio 1
 * and "-k" after, {inst} "Cust{n}", {k}.
 *
 * lab_world_init resolves the scenario for every trio, writes each device's
 * committed configuration and DIR/world/world.xml (devices, peers,
 * options, expectations); everything else reads world.xml.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "lab_world_int.h"

#define LAB_MAX_BASE 4

/* ------------------------------------------------------------ files */

static int
lab_mkdirs(const char *path)
{
	char buf[4096], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

char *
lab_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long len;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto cleanup;
	buf = malloc((size_t)len + 1);
	if (buf == NULL)
		goto cleanup;
	if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
		goto cleanup;
	}
	buf[len] = '\0';
cleanup:
	fclose(f);
	return buf;
}

/* Locate a scenario file: as given, under $EG_ROOT, the cwd, or beside the binary. */
static int
lab_scenario_path(const char *name, char *out, size_t size)
{
	char exe[2048];
	const char *root = getenv("EG_ROOT");
	ssize_t n;

	if (strchr(name, '/') != NULL || (strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".xml") == 0)) {
		snprintf(out, size, "%s", name);
		return access(out, R_OK);
	}
	if (root != NULL) {
		snprintf(out, size, "%s/tests/lab/scenarios/%s.xml", root, name);
		if (access(out, R_OK) == 0)
			return 0;
	}
	snprintf(out, size, "tests/lab/scenarios/%s.xml", name);
	if (access(out, R_OK) == 0)
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(out, size, "%s/../tests/lab/scenarios/%s.xml", exe, name);
		if (access(out, R_OK) == 0)
			return 0;
		snprintf(out, size, "%s/../../tests/lab/scenarios/%s.xml", exe, name);
		if (access(out, R_OK) == 0)
			return 0;
	}
	return -1;
}

/* Substitute the trio placeholders. Caller frees. */
static char *
lab_subst(const char *in, int k)
{
	char n[16], sfx[16], inst[32], kk[16];
	const char *keys[] = { "{n}", "{sfx}", "{inst}", "{k}" };
	const char *vals[4];
	size_t cap = strlen(in) * 2 + 64, off = 0;
	char *out = malloc(cap);
	const char *p = in;

	if (out == NULL)
		return NULL;
	snprintf(n, sizeof(n), "%d", 10 + k);
	sfx[0] = '\0';
	if (k > 1)
		snprintf(sfx, sizeof(sfx), "-%d", k);
	snprintf(inst, sizeof(inst), "Cust%d", 10 + k);
	snprintf(kk, sizeof(kk), "%d", k);
	vals[0] = n;
	vals[1] = sfx;
	vals[2] = inst;
	vals[3] = kk;
	while (*p) {
		int i, hit = -1;
		for (i = 0; i < 4 && *p == '{'; i++)
			if (strncmp(p, keys[i], strlen(keys[i])) == 0)
				hit = i;
		if (off + 40 >= cap) {
			char *q = realloc(out, cap * 2);
			if (q == NULL) {
				free(out);
				return NULL;
			}
			out = q;
			cap *= 2;
		}
		if (hit >= 0) {
			off += (size_t)snprintf(out + off, cap - off, "%s", vals[hit]);
			p += strlen(keys[hit]);
		} else {
			out[off++] = *p++;
		}
	}
	out[off] = '\0';
	return out;
}

static char *
lab_attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static bool
lab_attr_is(xmlNodePtr n, const char *name, const char *val)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	bool eq = v != NULL && strcmp((const char *)v, val) == 0;

	xmlFree(v);
	return eq;
}

static xmlNodePtr
lab_find_keyed(xmlNodePtr parent, const char *elem, const char *attr, const char *val)
{
	xmlNodePtr c;

	for (c = parent->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, elem) == 0 &&
		    lab_attr_is(c, attr, val))
			return c;
	return NULL;
}

/* ------------------------------------------------------------ scenario merge */

static int
lab_edit_apply(xmlDocPtr doc, xmlNodePtr conf, xmlNodePtr op, const char *dev, char *err,
	       size_t errlen)
{
	xmlXPathContextPtr ctx = NULL;
	xmlXPathObjectPtr res = NULL;
	char *sel = lab_attr(op, "select");
	const char *what = (const char *)op->name;
	int rc = -1, i;

	if (sel == NULL) {
		lab_seterr(err, errlen, "scenario: <%s> on %s without select", what, dev);
		goto cleanup;
	}
	ctx = xmlXPathNewContext(doc);
	if (ctx == NULL)
		goto cleanup;
	ctx->node = conf;
	res = xmlXPathEvalExpression((const xmlChar *)sel, ctx);
	if (res == NULL || res->type != XPATH_NODESET || res->nodesetval == NULL ||
	    res->nodesetval->nodeNr == 0) {
		lab_seterr(err, errlen, "scenario: %s: <%s select=\"%s\"> matches nothing", dev,
			   what, sel);
		goto cleanup;
	}
	for (i = 0; i < res->nodesetval->nodeNr; i++) {
		xmlNodePtr n = res->nodesetval->nodeTab[i], c;
		if (strcmp(what, "delete") == 0) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			res->nodesetval->nodeTab[i] = NULL;
		} else if (strcmp(what, "deactivate") == 0) {
			xmlSetProp(n, (const xmlChar *)"inactive", (const xmlChar *)"inactive");
		} else if (strcmp(what, "activate") == 0) {
			xmlUnsetProp(n, (const xmlChar *)"inactive");
		} else if (strcmp(what, "set") == 0) {
			xmlChar *txt = xmlNodeGetContent(op);
			xmlNodeSetContent(n, txt);
			xmlFree(txt);
		} else if (strcmp(what, "append") == 0 || strcmp(what, "insert-before") == 0) {
			for (c = op->children; c != NULL; c = c->next) {
				xmlNodePtr cp;
				if (c->type != XML_ELEMENT_NODE)
					continue;
				cp = xmlDocCopyNode(c, doc, 1);
				if (cp == NULL)
					goto cleanup;
				if (what[0] == 'a')
					xmlAddChild(n, cp);
				else
					xmlAddPrevSibling(n, cp);
			}
		} else {
			lab_seterr(err, errlen, "scenario: unknown edit <%s>", what);
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	if (rc != 0 && err != NULL && errlen > 0 && err[0] == '\0')
		lab_seterr(err, errlen, "scenario: edit failed on %s", dev);
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(ctx);
	xmlFree(sel);
	return rc;
}

/* Merge derived scenario d into the resolved document r (root <scenario>). */
static int
lab_scenario_merge(xmlDocPtr rdoc, xmlNodePtr r, xmlNodePtr d, char *err, size_t errlen)
{
	xmlNodePtr c, x;

	for (c = d->children; c != NULL; c = c->next) {
		const char *nm = (const char *)c->name;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(nm, "description") == 0 || strcmp(nm, "expect-fail") == 0) {
			for (x = r->children; x != NULL; x = x->next)
				if (x->type == XML_ELEMENT_NODE && strcmp((const char *)x->name, nm) == 0)
					break;
			if (x != NULL) {
				xmlUnlinkNode(x);
				xmlFreeNode(x);
			}
			xmlAddChild(r, xmlDocCopyNode(c, rdoc, 1));
		} else if (strcmp(nm, "option") == 0 || strcmp(nm, "device") == 0) {
			xmlAddChild(r, xmlDocCopyNode(c, rdoc, 1));
		} else if (strcmp(nm, "peer") == 0) {
			char *pn = lab_attr(c, "name");
			xmlNodePtr base = pn ? lab_find_keyed(r, "peer", "name", pn) : NULL;
			xmlFree(pn);
			if (base == NULL) {
				xmlAddChild(r, xmlDocCopyNode(c, rdoc, 1));
				continue;
			}
			for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
				xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
				xmlSetProp(base, a->name, v);
				xmlFree(v);
			}
			if (lab_xml_child(c, "advertise") != NULL) {
				xmlNodePtr nx;
				for (x = base->children; x != NULL; x = nx) {
					nx = x->next;
					if (x->type == XML_ELEMENT_NODE &&
					    strcmp((const char *)x->name, "advertise") == 0) {
						xmlUnlinkNode(x);
						xmlFreeNode(x);
					}
				}
			}
			for (x = c->children; x != NULL; x = x->next) {
				if (x->type != XML_ELEMENT_NODE)
					continue;
				if (strcmp((const char *)x->name, "advertise") == 0) {
					xmlAddChild(base, xmlDocCopyNode(x, rdoc, 1));
				} else if (strcmp((const char *)x->name, "no-advertise") == 0) {
					char *pf = lab_attr(x, "prefix");
					xmlNodePtr hit = pf ? lab_find_keyed(base, "advertise", "prefix", pf) : NULL;
					if (hit == NULL) {
						lab_seterr(err, errlen, "scenario: no-advertise %s: not advertised",
							   pf ? pf : "?");
						xmlFree(pf);
						return -1;
					}
					xmlFree(pf);
					xmlUnlinkNode(hit);
					xmlFreeNode(hit);
				}
			}
		} else if (strcmp(nm, "edit") == 0) {
			char *key = lab_attr(c, "device");
			xmlNodePtr dev = key ? lab_find_keyed(r, "device", "key", key) : NULL;
			xmlNodePtr conf = dev ? lab_xml_child(dev, "configuration") : NULL;
			if (conf == NULL) {
				lab_seterr(err, errlen, "scenario: <edit device=\"%s\">: no such device",
					   key ? key : "");
				xmlFree(key);
				return -1;
			}
			for (x = c->children; x != NULL; x = x->next) {
				if (x->type != XML_ELEMENT_NODE)
					continue;
				if (lab_edit_apply(rdoc, conf, x, key, err, errlen) != 0) {
					xmlFree(key);
					return -1;
				}
			}
			xmlFree(key);
		}
	}
	return 0;
}

/* Resolve scenario name for trio k into a document whose root is <scenario>. */
static int
lab_scenario_resolve(const char *name, int k, xmlDocPtr *out, char *err, size_t errlen)
{
	char path[4096];
	char *texts[LAB_MAX_BASE + 1];
	char nm[256];
	int nt = 0, i, rc = -1;
	xmlDocPtr rdoc = NULL;

	memset(texts, 0, sizeof(texts));
	snprintf(nm, sizeof(nm), "%s", name);
	for (;;) {
		xmlDocPtr d;
		char *base;
		if (nt > LAB_MAX_BASE) {
			lab_seterr(err, errlen, "scenario %s: bases nest too deep", name);
			goto cleanup;
		}
		if (lab_scenario_path(nm, path, sizeof(path)) != 0) {
			lab_seterr(err, errlen, "scenario %s: no such file (tests/lab/scenarios/%s.xml)",
				   nm, nm);
			goto cleanup;
		}
		if ((texts[nt] = lab_slurp(path)) == NULL) {
			lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
			goto cleanup;
		}
		d = xmlReadMemory(texts[nt], (int)strlen(texts[nt]), path, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOBLANKS);
		nt++;
		if (d == NULL) {
			lab_seterr(err, errlen, "%s: not well-formed XML", path);
			goto cleanup;
		}
		base = lab_attr(xmlDocGetRootElement(d), "base");
		xmlFreeDoc(d);
		if (base == NULL)
			break;
		snprintf(nm, sizeof(nm), "%s", base);
		xmlFree(base);
	}
	for (i = nt - 1; i >= 0; i--) {
		char *s = lab_subst(texts[i], k);
		xmlDocPtr d;
		if (s == NULL)
			goto cleanup;
		d = xmlReadMemory(s, (int)strlen(s), "scenario", NULL,
				  XML_PARSE_NONET | XML_PARSE_NOBLANKS);
		free(s);
		if (d == NULL) {
			lab_seterr(err, errlen, "scenario %s: not well-formed after substitution", name);
			goto cleanup;
		}
		if (rdoc == NULL) {
			rdoc = d;
			continue;
		}
		if (lab_scenario_merge(rdoc, xmlDocGetRootElement(rdoc), xmlDocGetRootElement(d),
				       err, errlen) != 0) {
			xmlFreeDoc(d);
			goto cleanup;
		}
		xmlFreeDoc(d);
	}
	*out = rdoc;
	rdoc = NULL;
	rc = 0;
cleanup:
	xmlFreeDoc(rdoc);
	for (i = 0; i < nt; i++)
		free(texts[i]);
	return rc;
}

/* ------------------------------------------------------------ init */

static int
lab_write_config(const char *dir, const char *name, xmlNodePtr conf, char *err, size_t errlen)
{
	char path[4096];
	xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr cp;
	int rc = -1;

	if (d == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/devices/%s", dir, name);
	if (lab_mkdirs(path) != 0) {
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto cleanup;
	}
	cp = xmlDocCopyNode(conf, d, 1);
	if (cp == NULL)
		goto cleanup;
	xmlDocSetRootElement(d, cp);
	snprintf(path, sizeof(path), "%s/devices/%s/committed.xml", dir, name);
	if (xmlSaveFormatFileEnc(path, d, "UTF-8", 1) < 0) {
		lab_seterr(err, errlen, "%s: cannot write", path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	xmlFreeDoc(d);
	return rc;
}

/* A new world starts without the configuration history of the last one. */
static int
lab_world_history_clear(const char *dir)
{
	char path[4096], sub[4400], file[4800];
	struct dirent *e, *f;
	DIR *dp, *sp;

	snprintf(path, sizeof(path), "%s/world/configs", dir);
	if ((dp = opendir(path)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if ((sp = opendir(sub)) == NULL)
			continue;
		while ((f = readdir(sp)) != NULL)
			if (f->d_name[0] != '.') {
				snprintf(file, sizeof(file), "%s/%s", sub, f->d_name);
				unlink(file);
			}
		closedir(sp);
		rmdir(sub);
	}
	closedir(dp);
	return 0;
}

int
lab_world_init(const char *dir, const char *scenario, int ntrios, char *err, size_t errlen)
{
	xmlDocPtr w = NULL, sd = NULL;
	xmlNodePtr wr, c;
	char path[4096], buf[64];
	int k, rc = -1;
	FILE *f;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (scenario == NULL)
		scenario = "compliant";
	if (ntrios < 1 || ntrios > 240) {
		lab_seterr(err, errlen, "trios must be 1..240, not %d", ntrios);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/world", dir);
	if (lab_mkdirs(path) != 0) {
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (lab_world_history_clear(dir) != 0) {
		lab_seterr(err, errlen, "%s/world/configs: %s", dir, strerror(errno));
		return -1;
	}
	w = xmlNewDoc((const xmlChar *)"1.0");
	wr = xmlNewNode(NULL, (const xmlChar *)"world");
	xmlDocSetRootElement(w, wr);
	xmlSetProp(wr, (const xmlChar *)"scenario", (const xmlChar *)scenario);
	snprintf(buf, sizeof(buf), "%lld", (long long)lab_event_now_ms());
	xmlSetProp(wr, (const xmlChar *)"created-ms", (const xmlChar *)buf);
	snprintf(buf, sizeof(buf), "%d", ntrios);
	xmlSetProp(wr, (const xmlChar *)"trios", (const xmlChar *)buf);
	for (k = 1; k <= ntrios; k++) {
		xmlNodePtr sr, tr;
		char inst[32];

		if (lab_scenario_resolve(scenario, k, &sd, err, errlen) != 0)
			goto cleanup;
		sr = xmlDocGetRootElement(sd);
		if (k == 1) {
			for (c = sr->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE &&
				    (strcmp((const char *)c->name, "description") == 0 ||
				     strcmp((const char *)c->name, "expect-fail") == 0 ||
				     strcmp((const char *)c->name, "option") == 0))
					xmlAddChild(wr, xmlDocCopyNode(c, w, 1));
		}
		tr = xmlNewChild(wr, NULL, (const xmlChar *)"trio", NULL);
		snprintf(buf, sizeof(buf), "%d", k);
		xmlSetProp(tr, (const xmlChar *)"k", (const xmlChar *)buf);
		snprintf(inst, sizeof(inst), "Cust%d", 10 + k);
		xmlSetProp(tr, (const xmlChar *)"instance", (const xmlChar *)inst);
		for (c = sr->children; c != NULL; c = c->next) {
			xmlNodePtr cp, conf;
			char *name;
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (strcmp((const char *)c->name, "device") == 0) {
				name = lab_attr(c, "name");
				conf = lab_xml_child(c, "configuration");
				if (name == NULL || conf == NULL) {
					lab_seterr(err, errlen, "scenario %s: <device> needs name and configuration",
						   scenario);
					xmlFree(name);
					goto cleanup;
				}
				if (lab_write_config(dir, name, conf, err, errlen) != 0) {
					xmlFree(name);
					goto cleanup;
				}
				xmlFree(name);
				cp = xmlDocCopyNode(c, w, 2);	/* attributes only */
				xmlAddChild(tr, cp);
			} else if (strcmp((const char *)c->name, "peer") == 0) {
				char *key = lab_attr(c, "device");
				xmlNodePtr dv = key ? lab_find_keyed(sr, "device", "key", key) : NULL;
				char *dn = dv ? lab_attr(dv, "name") : NULL;
				cp = xmlDocCopyNode(c, w, 1);
				if (dn != NULL)
					xmlSetProp(cp, (const xmlChar *)"device", (const xmlChar *)dn);
				xmlFree(dn);
				xmlFree(key);
				xmlAddChild(tr, cp);
			}
		}
		xmlFreeDoc(sd);
		sd = NULL;
	}
	snprintf(path, sizeof(path), "%s/world/world.xml", dir);
	if (xmlSaveFormatFileEnc(path, w, "UTF-8", 1) < 0) {
		lab_seterr(err, errlen, "%s: cannot write", path);
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/world/events.log", dir);
	if ((f = fopen(path, "w")) == NULL) {
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto cleanup;
	}
	fclose(f);
	rc = 0;
cleanup:
	xmlFreeDoc(sd);
	xmlFreeDoc(w);
	return rc;
}

/* ------------------------------------------------------------ world file */

int
lab_world_load_doc(const char *dir, xmlDocPtr *out, char *err, size_t errlen)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/world/world.xml", dir);
	*out = NULL;
	if (access(path, R_OK) == 0)
		*out = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (*out == NULL || xmlDocGetRootElement(*out) == NULL) {
		lab_seterr(err, errlen, "%s: missing or unreadable (run up first)", path);
		xmlFreeDoc(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

xmlNodePtr
lab_world_trio_of(xmlDocPtr doc, const char *device, int *k)
{
	xmlNodePtr t, d;

	for (t = lab_xml_child(xmlDocGetRootElement(doc), "trio"); t != NULL;
	     t = lab_xml_next(t, "trio")) {
		char *ks = lab_attr(t, "k");
		int tk = ks ? atoi(ks) : 0;
		xmlFree(ks);
		if (device == NULL) {
			if (tk == *k)
				return t;
			continue;
		}
		for (d = lab_xml_child(t, "device"); d != NULL; d = lab_xml_next(d, "device")) {
			if (lab_attr_is(d, "name", device)) {
				*k = tk;
				return t;
			}
		}
	}
	return NULL;
}

int
lab_world_devices(const char *dir, char ***names, char ***roles, char ***releases, size_t *n)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr t, d;
	size_t cnt = 0, i = 0;
	int rc = -1;

	*names = *roles = *releases = NULL;
	*n = 0;
	if (lab_world_load_doc(dir, &doc, NULL, 0) != 0)
		return -1;
	for (t = lab_xml_child(xmlDocGetRootElement(doc), "trio"); t; t = lab_xml_next(t, "trio"))
		for (d = lab_xml_child(t, "device"); d; d = lab_xml_next(d, "device"))
			cnt++;
	*names = calloc(cnt + 1, sizeof(char *));
	*roles = calloc(cnt + 1, sizeof(char *));
	*releases = calloc(cnt + 1, sizeof(char *));
	if (*names == NULL || *roles == NULL || *releases == NULL)
		goto cleanup;
	for (t = lab_xml_child(xmlDocGetRootElement(doc), "trio"); t; t = lab_xml_next(t, "trio")) {
		for (d = lab_xml_child(t, "device"); d; d = lab_xml_next(d, "device")) {
			char *a = lab_attr(d, "name"), *b = lab_attr(d, "role"), *c = lab_attr(d, "release");
			(*names)[i] = strdup(a ? a : "");
			(*roles)[i] = strdup(b ? b : "ce");
			(*releases)[i] = strdup(c ? c : "21.4R3");
			xmlFree(a);
			xmlFree(b);
			xmlFree(c);
			i++;
			if ((*names)[i - 1] == NULL || (*roles)[i - 1] == NULL || (*releases)[i - 1] == NULL) {
				*n = i;
				goto cleanup;
			}
		}
	}
	*n = i;
	rc = 0;
cleanup:
	xmlFreeDoc(doc);
	if (rc != 0) {
		lab_world_devices_free(*names, *roles, *releases, *n);
		*names = *roles = *releases = NULL;
		*n = 0;
	}
	return rc;
}

void
lab_world_devices_free(char **names, char **roles, char **releases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(names ? names[i] : NULL);
		free(roles ? roles[i] : NULL);
		free(releases ? releases[i] : NULL);
	}
	free(names);
	free(roles);
	free(releases);
}

static int
lab_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
lab_world_expected(const char *dir, char ***check_ids, size_t *n)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr ef, c;
	char **v = NULL, buf[LAB_NAMELEN];
	size_t cnt = 0, i, j;
	int rc = -1;

	*check_ids = NULL;
	*n = 0;
	if (lab_world_load_doc(dir, &doc, NULL, 0) != 0)
		return -1;
	ef = lab_xml_child(xmlDocGetRootElement(doc), "expect-fail");
	for (c = lab_xml_child(ef, "check"); c != NULL; c = lab_xml_next(c, "check")) {
		char **p;
		xmlChar *t = xmlNodeGetContent(c);
		snprintf(buf, sizeof(buf), "%s", t ? (const char *)t : "");
		xmlFree(t);
		if (buf[0] == '\0')
			continue;
		p = realloc(v, (cnt + 1) * sizeof(char *));
		if (p == NULL)
			goto cleanup;
		v = p;
		if ((v[cnt] = strdup(buf)) == NULL)
			goto cleanup;
		cnt++;
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof(char *), lab_strcmp_p);
	for (i = 0, j = 0; i < cnt; i++) {
		if (j > 0 && strcmp(v[j - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[j++] = v[i];
	}
	cnt = j;
	*check_ids = v;
	*n = cnt;
	v = NULL;
	rc = 0;
cleanup:
	if (v != NULL) {
		for (i = 0; i < cnt; i++)
			free(v[i]);
		free(v);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------------------ trio */

void
lab_trio_free(struct lab_trio *t)
{
	size_t i;
	int d;

	if (t == NULL)
		return;
	for (d = 0; d < t->ndev; d++) {
		lab_rib_clear(&t->dev[d].rib);
		free(t->dev[d].local);
		lab_cfg_clear(&t->dev[d].cfg);
	}
	for (i = 0; i < t->nsess; i++) {
		lab_advs_clear(&t->sess[i].in);
		lab_advs_clear(&t->sess[i].out);
		lab_sent_clear(&t->sess[i]);
	}
	free(t->sess);
	for (i = 0; i < t->next; i++)
		lab_advs_clear(&t->ext[i].adv);
	free(t->ext);
	free(t);
}

int
lab_trio_devidx(const struct lab_trio *t, const char *device)
{
	int i;

	for (i = 0; i < t->ndev; i++)
		if (strcmp(t->dev[i].name, device) == 0)
			return i;
	return -1;
}

static uint32_t
lab_attr_u32(xmlNodePtr n, const char *name, uint32_t dflt)
{
	char *v = lab_attr(n, name);
	uint32_t r = dflt;

	if (v != NULL && *v != '\0')
		r = (uint32_t)strtoul(v, NULL, 10);
	xmlFree(v);
	return r;
}

static uint32_t
lab_attr_addr(xmlNodePtr n, const char *name)
{
	char *v = lab_attr(n, name);
	uint32_t a = 0;

	if (v != NULL && lab_addr_parse(v, &a) != 0)
		a = 0;
	xmlFree(v);
	return a;
}

static void
lab_attr_copy(xmlNodePtr n, const char *name, char *dst, size_t size, const char *dflt)
{
	char *v = lab_attr(n, name);

	snprintf(dst, size, "%s", v ? v : dflt);
	xmlFree(v);
}

/* "12076", "65515 65515", "" -> attrs. */
static void
lab_parse_aspath(const char *s, struct lab_attrs *a)
{
	char buf[128], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", s ? s : "");
	a->aslen = 0;
	for (tok = strtok_r(buf, " ", &save); tok != NULL && a->aslen < LAB_MAXAS;
	     tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, "I") == 0 || strcmp(tok, "E") == 0 || strcmp(tok, "?") == 0)
			break;
		a->aspath[a->aslen++] = (uint32_t)strtoul(tok, NULL, 10);
	}
}

static int
lab_load_ext(xmlNodePtr p, struct lab_ext *e)
{
	xmlNodePtr a;

	memset(e, 0, sizeof(*e));
	lab_attr_copy(p, "name", e->name, sizeof(e->name), "");
	lab_attr_copy(p, "kind", e->kind, sizeof(e->kind), "other");
	lab_attr_copy(p, "link", e->link, sizeof(e->link), "");
	lab_attr_copy(p, "device", e->device, sizeof(e->device), "");
	lab_attr_copy(p, "interface", e->ifname, sizeof(e->ifname), "");
	lab_attr_copy(p, "trace", e->trace, sizeof(e->trace), "*");
	e->addr = lab_attr_addr(p, "address");
	e->as = lab_attr_u32(p, "as", 0);
	e->rid = lab_attr_addr(p, "router-id");
	e->remote_as = lab_attr_u32(p, "remote-as", 0);
	e->expect_local = lab_attr_addr(p, "local");
	e->bfd_interval = lab_attr_u32(p, "bfd", 0);
	e->hold = lab_attr_u32(p, "hold", LAB_HOLD_S);
	e->rtt_us = lab_attr_u32(p, "rtt-us", 1200);
	e->up = true;
	for (a = lab_xml_child(p, "advertise"); a != NULL; a = lab_xml_next(a, "advertise")) {
		struct lab_adv v;
		char *pf = lab_attr(a, "prefix"), *asp = lab_attr(a, "as-path"),
		     *med = lab_attr(a, "med"), *comm = lab_attr(a, "communities"),
		     *org = lab_attr(a, "origin");
		uint32_t count = lab_attr_u32(a, "count", 1), i;
		int rc = 0;

		memset(&v, 0, sizeof(v));
		if (pf == NULL || lab_pfx_parse(pf, &v.pfx) != 0)
			rc = -1;
		lab_parse_aspath(asp, &v.a);
		if (med != NULL) {
			v.a.has_med = true;
			v.a.med = (uint32_t)strtoul(med, NULL, 10);
		}
		if (comm != NULL)
			snprintf(v.a.comms, sizeof(v.a.comms), "%s", comm);
		if (org != NULL)
			v.a.origin = org[0] == 'E' || org[0] == 'e' ? LAB_ORIGIN_EGP :
				     org[0] == '?' || org[0] == 'i' ? LAB_ORIGIN_INCOMPLETE : LAB_ORIGIN_IGP;
		if (org != NULL && strcmp(org, "igp") == 0)
			v.a.origin = LAB_ORIGIN_IGP;
		v.a.nexthop = e->addr;
		v.src_proto = LAB_P_BGP;
		xmlFree(pf);
		xmlFree(asp);
		xmlFree(med);
		xmlFree(comm);
		xmlFree(org);
		if (rc != 0)
			continue;
		for (i = 0; i < count; i++) {
			struct lab_adv x = v;
			uint32_t step = v.pfx.len == 0 ? 0 : (uint32_t)1 << (32 - v.pfx.len);
			x.pfx.addr = v.pfx.addr + i * step;
			if (lab_grow((void **)&e->adv.v, &e->adv.cap, e->adv.n + 1, sizeof(x)) != 0)
				return -1;
			e->adv.v[e->adv.n++] = x;
		}
	}
	return 0;
}

static int
lab_adv_qcmp(const void *x, const void *y)
{
	return lab_pfx_cmp(&((const struct lab_adv *)x)->pfx, &((const struct lab_adv *)y)->pfx);
}

static int
lab_commit_qcmp(const void *x, const void *y)
{
	const struct lab_commit *a = x, *b = y;

	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	return a->dev - b->dev;
}

static int
lab_i64_qcmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

int
lab_world_history(const char *dir, const char *device, int64_t **out, size_t *n)
{
	char path[4096];
	struct dirent *e;
	size_t cap = 0;
	DIR *dp;

	*out = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "%s/world/configs/%s", dir, device);
	if ((dp = opendir(path)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(dp)) != NULL) {
		char *end;
		long long ms = strtoll(e->d_name, &end, 10);
		if (end == e->d_name || strcmp(end, ".xml") != 0 || ms < 0)
			continue;
		if (lab_grow((void **)out, &cap, *n + 1, sizeof(**out)) != 0) {
			closedir(dp);
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		(*out)[(*n)++] = ms;
	}
	closedir(dp);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), lab_i64_qcmp);
	return 0;
}

static int
lab_trio_make(const char *dir, const char *device, int k, int64_t now_ms, int64_t until_ms,
	      struct lab_changes *changes, int64_t after_ms, struct lab_trio **out,
	      char *err, size_t errlen)
{
	struct lab_trio *t = NULL;
	struct lab_peer_ev *ev = NULL;
	struct lab_commit *cm = NULL;
	int64_t *hist = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr tr, c;
	size_t nev = 0, ncm = 0, cmcap = 0, nhist = 0, h;
	int rc = -1;
	char *s;

	*out = NULL;
	if (lab_world_load_doc(dir, &doc, err, errlen) != 0)
		return -1;
	tr = lab_world_trio_of(doc, device, &k);
	if (tr == NULL) {
		if (device != NULL)
			lab_seterr(err, errlen, "%s: no such device in the lab", device);
		else
			lab_seterr(err, errlen, "no trio %d in the lab", k);
		goto cleanup;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		lab_seterr(err, errlen, "out of memory building the routing world");
		goto cleanup;
	}
	t->k = k;
	lab_attr_copy(tr, "instance", t->inst, sizeof(t->inst), "Cust11");
	s = lab_attr(xmlDocGetRootElement(doc), "created-ms");
	t->created_ms = s ? strtoll(s, NULL, 10) : 0;
	xmlFree(s);
	for (c = lab_xml_child(xmlDocGetRootElement(doc), "option"); c; c = lab_xml_next(c, "option"))
		if (lab_attr_is(c, "name", "cluster-wrapper"))
			t->cluster_wrapper = true;
		else if (lab_attr_is(c, "name", "dual-stack"))
			t->dual_stack = true;
	t->time_scale = lab_event_time_scale(dir);
	t->now_ms = now_ms > 0 ? now_ms : lab_event_now_ms();
	for (c = lab_xml_child(tr, "device"); c != NULL && t->ndev < 3; c = lab_xml_next(c, "device")) {
		struct lab_dev *d = &t->dev[t->ndev];
		char path[4096], role[16];
		xmlDocPtr cd;
		lab_attr_copy(c, "name", d->name, sizeof(d->name), "");
		lab_attr_copy(c, "key", d->key, sizeof(d->key), "");
		lab_attr_copy(c, "release", d->release, sizeof(d->release), "21.4R3");
		lab_attr_copy(c, "role", role, sizeof(role), "ce");
		d->role = strcmp(role, "firewall") == 0 ? LAB_ROLE_FW : LAB_ROLE_CE;
		t->ndev++;
		if (lab_world_history(dir, d->name, &hist, &nhist) != 0) {
			lab_seterr(err, errlen, "%s: unreadable configuration history", d->name);
			goto cleanup;
		}
		/* without a commit, committed.xml has always been in force */
		for (h = 0; h == 0 || h < nhist; h++) {
			struct lab_cfg *into = &d->cfg;
			if (nhist > 0 && hist[h] > (until_ms > t->now_ms ? until_ms : t->now_ms))
				break;
			if (nhist > 0)
				snprintf(path, sizeof(path), "%s/world/configs/%s/%lld.xml", dir, d->name,
					 (long long)hist[h]);
			else
				snprintf(path, sizeof(path), "%s/devices/%s/committed.xml", dir, d->name);
			if (h > 0) {
				if (lab_grow((void **)&cm, &cmcap, ncm + 1, sizeof(*cm)) != 0) {
					lab_seterr(err, errlen, "out of memory building the routing world");
					goto cleanup;
				}
				memset(&cm[ncm], 0, sizeof(*cm));
				cm[ncm].ms = hist[h];
				cm[ncm].dev = t->ndev - 1;
				into = &cm[ncm++].cfg;
			}
			cd = access(path, R_OK) == 0 ?
			     xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS) : NULL;
			if (cd == NULL) {
				lab_seterr(err, errlen, "%s: unreadable committed configuration", path);
				goto cleanup;
			}
			if (lab_cfg_parse(xmlDocGetRootElement(cd), into, err, errlen) != 0) {
				xmlFreeDoc(cd);
				goto cleanup;
			}
			xmlFreeDoc(cd);
		}
		free(hist);
		hist = NULL;
		d->inst = lab_cfg_inst(&d->cfg, t->inst);
	}
	for (c = lab_xml_child(tr, "peer"); c != NULL; c = lab_xml_next(c, "peer")) {
		if (lab_grow((void **)&t->ext, &t->extcap, t->next + 1, sizeof(*t->ext)) != 0) {
			lab_seterr(err, errlen, "out of memory building the routing world");
			goto cleanup;
		}
		if (lab_load_ext(c, &t->ext[t->next]) != 0) {
			t->next++;
			lab_seterr(err, errlen, "out of memory building the routing world");
			goto cleanup;
		}
		if (t->ext[t->next].adv.n > 1)
			qsort(t->ext[t->next].adv.v, t->ext[t->next].adv.n, sizeof(struct lab_adv),
			      lab_adv_qcmp);
		t->next++;
	}
	if (lab_event_load(dir, t, &ev, &nev, err, errlen) != 0)
		goto cleanup;
	{
		size_t i;
		for (i = 0; i < nev; i++)
			if (ev[i].ms <= t->now_ms)
				t->ext[ev[i].ext].up = ev[i].up;
	}
	if (ncm > 1)
		qsort(cm, ncm, sizeof(*cm), lab_commit_qcmp);
	if (lab_bgp_run(t, ev, nev, cm, ncm, until_ms > t->now_ms ? until_ms : t->now_ms, changes,
			after_ms, err, errlen) != 0)
		goto cleanup;
	*out = t;
	t = NULL;
	rc = 0;
cleanup:
	free(ev);
	free(hist);
	for (h = 0; h < ncm; h++)
		lab_cfg_clear(&cm[h].cfg);
	free(cm);
	lab_trio_free(t);
	xmlFreeDoc(doc);
	return rc;
}

int
lab_trio_build(const char *dir, const char *device, int k, int64_t now_ms,
	       struct lab_trio **out, char *err, size_t errlen)
{
	return lab_trio_make(dir, device, k, now_ms, 0, NULL, 0, out, err, errlen);
}

int
lab_trio_predict(const char *dir, int k, int64_t now_ms, int64_t until_ms,
		 struct lab_changes *changes, int64_t after_ms, struct lab_trio **out,
		 char *err, size_t errlen)
{
	return lab_trio_make(dir, NULL, k, now_ms, until_ms, changes, after_ms, out, err, errlen);
}

/* ------------------------------------------------------------ show */

static void
lab_show_age(FILE *out, int64_t now, int64_t since)
{
	int64_t s = (now - since) / 1000;

	if (s < 0)
		s = 0;
	if (s >= 86400)
		fprintf(out, "%lldd %02lld:%02lld:%02lld", (long long)(s / 86400),
			(long long)(s % 86400 / 3600), (long long)(s % 3600 / 60), (long long)(s % 60));
	else
		fprintf(out, "%02lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s % 3600 / 60),
			(long long)(s % 60));
}

static void
lab_show_rib(const struct lab_trio *t, const struct lab_dev *d, FILE *out)
{
	size_t i, ndest = 0, nact = 0, nhid = 0;
	char pf[20], a[16], asp[80];

	for (i = 0; i < d->rib.n; i++) {
		if (i == 0 || lab_pfx_cmp(&d->rib.p[i].pfx, &d->rib.p[i - 1].pfx) != 0)
			ndest++;
		nact += d->rib.p[i].active;
		nhid += d->rib.p[i].hidden;
	}
	fprintf(out, "%s.inet.0: %zu destinations, %zu routes (%zu active, 0 holddown, %zu hidden)\n",
		t->inst, ndest, d->rib.n, nact, nhid);
	for (i = 0; i < d->rib.n; i++) {
		const struct lab_path *p = &d->rib.p[i];
		bool first = i == 0 || lab_pfx_cmp(&p->pfx, &d->rib.p[i - 1].pfx) != 0;
		int j;

		fprintf(out, "%-18s %s[%s/%u] ", first ? lab_pfx_fmt(&p->pfx, pf) : "",
			p->active ? "*" : p->hidden ? "H" : " ", lab_proto_name(p->proto), p->pref);
		lab_show_age(out, t->now_ms, p->since_ms);
		if (p->proto == LAB_P_BGP) {
			fprintf(out, ", localpref %u, from %s\n", p->lp, lab_addr_fmt(p->peer, a));
			fprintf(out, "%22sAS path: %s\n", "", lab_aspath_fmt(&p->a, 0, asp, sizeof(asp)));
		} else {
			fputc('\n', out);
		}
		if (p->inactive_reason != NULL)
			fprintf(out, "%22sInactive reason: %s\n", "", p->inactive_reason);
		if (p->hidden_reason != NULL)
			fprintf(out, "%22sHidden: %s\n", "", p->hidden_reason);
		if (p->nhtype == LAB_NH_DISCARD)
			fprintf(out, "%20s> Discard\n", "");
		else if (p->nhtype == LAB_NH_REJECT)
			fprintf(out, "%20s> Reject\n", "");
		else if (p->nhtype == LAB_NH_LOCAL)
			fprintf(out, "%20s  Local via %s\n", "", p->via);
		else if (p->nh != 0)
			fprintf(out, "%20s> to %s via %s\n", "", lab_addr_fmt(p->nh, a), p->via);
		else
			fprintf(out, "%20s> via %s\n", "", p->via);
		for (j = 0; j < p->nmp; j++)
			fprintf(out, "%20s  to %s via %s\n", "", lab_addr_fmt(p->mp_nh[j], a), p->mp_via[j]);
	}
}

static void
lab_show_sessions(const struct lab_trio *t, int di, FILE *out)
{
	char a[16];
	size_t i;

	fprintf(out, "\nBGP peers:\n");
	for (i = 0; i < t->nsess; i++) {
		const struct lab_sess *s = &t->sess[i];
		if (s->dev != di)
			continue;
		fprintf(out, "  %-15s AS %-6u group %-8s %-11s %s", lab_addr_fmt(s->peer_addr, a),
			s->peer_as, s->g->name, s->up ? "Established" : s->cfg_ok ? "Active" : s->why_down,
			s->ibgp ? "internal" : "external");
		if (s->bfd)
			fprintf(out, ", BFD %s %u ms x %u", s->bfd_up ? "Up" : "Down", s->bfd_interval,
				s->bfd_mult);
		fprintf(out, ", sent %zu\n", s->out.n);
	}
}

int
lab_world_show(const char *dir, const char *device, const char *what, FILE *out, char *err,
	       size_t errlen)
{
	struct lab_trio *t = NULL;
	int di, rc = -1;

	if (what == NULL || strcmp(what, "events") == 0)
		return lab_event_show(dir, device, out, err, errlen);
	if (strcmp(what, "rib") != 0 && strcmp(what, "sessions") != 0) {
		lab_seterr(err, errlen, "show: unknown view '%s' (rib, sessions, events)", what);
		return -1;
	}
	if (device == NULL) {
		lab_seterr(err, errlen, "show %s needs --device", what);
		return -1;
	}
	if (lab_trio_build(dir, device, 0, 0, &t, err, errlen) != 0)
		return -1;
	di = lab_trio_devidx(t, device);
	if (di < 0 || t->dev[di].inst == NULL) {
		lab_seterr(err, errlen, "%s: no routing instance %s", device, t->inst);
		goto cleanup;
	}
	if (strcmp(what, "rib") == 0)
		lab_show_rib(t, &t->dev[di], out);
	lab_show_sessions(t, di, out);
	rc = 0;
cleanup:
	lab_trio_free(t);
	return rc;
}

/* ------------------------------------------------------------ the IPv6 twin */

static void
lab_v6_bytes(uint32_t a, unsigned char b[16])
{
	memset(b, 0, 16);
	b[0] = 0x20;
	b[1] = 0x01;
	b[2] = 0x0d;
	b[3] = 0xb8;
	b[4] = (unsigned char)(a >> 24);
	b[5] = (unsigned char)(a >> 16);
	b[6] = (unsigned char)(a >> 8);
	b[7] = (unsigned char)a;
}

char *
lab_v6_addr_fmt(uint32_t a, char *buf)
{
	unsigned char b[16];

	lab_v6_bytes(a, b);
	if (inet_ntop(AF_INET6, b, buf, LAB_V6LEN) == NULL)
		buf[0] = '\0';
	return buf;
}

char *
lab_v6_pfx_fmt(const struct lab_pfx *p, char *buf)
{
	size_t n;

	lab_v6_addr_fmt(p->addr, buf);
	n = strlen(buf);
	snprintf(buf + n, LAB_V6LEN - n, "/%u", (unsigned)p->len + 32);
	return buf;
}

int
lab_v6_untwin(const char *s, uint32_t *out)
{
	unsigned char b[16], want[16];
	char tmp[LAB_V6LEN];
	size_t n = strcspn(s, "+ \t\r\n");

	if (n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, b) != 1)
		return -1;
	*out = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7];
	lab_v6_bytes(*out, want);
	return memcmp(b, want, 16) == 0 ? 0 : -1;
}

int
lab_world_dual_stack(const char *dir)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr c;
	char err[256];
	int on = 0;

	if (lab_world_load_doc(dir, &doc, err, sizeof(err)) != 0)
		return 0;
	for (c = lab_xml_child(xmlDocGetRootElement(doc), "option"); c; c = lab_xml_next(c, "option"))
		if (lab_attr_is(c, "name", "dual-stack"))
			on = 1;
	xmlFreeDoc(doc);
	return on;
}
