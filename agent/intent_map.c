/*
 * intent_map.c - where each node of an intent document is.
 *
 * libyang keeps no line numbers in data trees, so the diagnostics of
 * intent_diag.c would have nothing to point at.  A small scan of the
 * document, XML through libxml2 or JSON by hand, records every element
 * (XML) or member and array item (JSON) with its line, its schema node
 * and, for terminals, its value; then builds each one's data path the way
 * libyang prints it, list keys and leaf-list values as predicates.
 *
 * Guarantees: a malformed document maps as far as it can be read and
 * never fails the scan (libyang reports what is wrong with it); lookups
 * fall back to the nearest ancestor the document holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "intent_map.h"
#include "utf8.h"
#include "util.h"

void
intent_map_clear(struct intent_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].value);
		free(m->v[i].path);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Append a position; returns its index, or -1 when the map is full. */
static int
intent_map_add(struct intent_map *m, int parent, const char *name, size_t namelen,
	       unsigned line, const struct lysc_node *snode)
{
	struct intent_pos *p;

	if (m->n >= 1000000)
		return -1;
	eg_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v));
	p = &m->v[m->n];
	memset(p, 0, sizeof(*p));
	p->parent = parent;
	p->line = line;
	p->snode = snode;
	p->name = eg_xstrndup(name, namelen);
	return (int)m->n++;
}

/* Schema node of a child called name (module-qualified or not) of parent. */
static const struct lysc_node *
intent_map_schema_child(const struct lys_module *mod, const struct lysc_node *parent,
			int top, const char *name, size_t len)
{
	const char *colon = memchr(name, ':', len);

	if (colon != NULL) {
		if ((size_t)(colon - name) != strlen(mod->name) ||
		    strncmp(name, mod->name, (size_t)(colon - name)) != 0)
			return NULL;
		len -= (size_t)(colon - name) + 1;
		name = colon + 1;
	}
	if (parent == NULL && !top)
		return NULL;
	return lys_find_child(parent, mod, name, len, 0, 0);
}

/* Append "[k='v']" to *buf, quoting the way libyang prints paths. */
static void
intent_map_pred_append(char **buf, const char *key, const char *val)
{
	char q = strchr(val, '\'') != NULL ? '"' : '\'';
	size_t old = *buf != NULL ? strlen(*buf) : 0;
	size_t add = strlen(key) + strlen(val) + 6;
	char *n = eg_xrealloc(*buf, old + add);

	snprintf(n + old, add, "[%s=%c%s%c]", key, q, val, q);
	*buf = n;
}

/* Build every full path once the whole document has been scanned. */
static void
intent_map_finish(struct intent_map *m)
{
	size_t i, j;

	for (i = 0; i < m->n; i++) {
		struct intent_pos *p = &m->v[i];
		const char *ppath = p->parent >= 0 ? m->v[p->parent].path : "";
		char *pred = NULL;
		size_t len;

		if (p->snode != NULL && p->snode->nodetype == LYS_LIST) {
			const struct lysc_node *k;

			for (k = lysc_node_child(p->snode); k != NULL && lysc_is_key(k); k = k->next) {
				for (j = i + 1; j < m->n; j++)
					if (m->v[j].parent == (int)i && m->v[j].value != NULL &&
					    strcmp(m->v[j].name, k->name) == 0)
						break;
				if (j == m->n)
					break;
				intent_map_pred_append(&pred, k->name, m->v[j].value);
			}
		} else if (p->snode != NULL && p->snode->nodetype == LYS_LEAFLIST &&
			   p->value != NULL) {
			intent_map_pred_append(&pred, ".", p->value);
		}
		len = strlen(ppath) + strlen(p->name) + (pred != NULL ? strlen(pred) : 0) + 2;
		p->path = eg_xmalloc(len);
		snprintf(p->path, len, "%s/%s", ppath, p->name);
		p->barelen = strlen(p->path);
		if (pred != NULL)
			strcat(p->path, pred);
		free(pred);
	}
}

/* Position of the last '/' of path outside predicates; 0 if none. */
static size_t
intent_map_parent_len(const char *path, size_t len)
{
	size_t i, last = 0;
	char quote = 0;
	int depth = 0;

	for (i = 0; i < len; i++) {
		char c = path[i];

		if (quote != 0) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			depth--;
		} else if (c == '/' && depth == 0) {
			last = i;
		}
	}
	return last;
}

unsigned
intent_map_line(const struct intent_map *m, const char *path, int last)
{
	size_t len = path != NULL ? strlen(path) : 0;
	unsigned line = 0;
	size_t i;

	while (len > 0) {
		for (i = 0; i < m->n; i++) {
			const struct intent_pos *p = &m->v[i];

			if (p->path != NULL && strlen(p->path) == len &&
			    strncmp(p->path, path, len) == 0) {
				line = p->line;
				if (!last)
					return line;
			}
		}
		if (line != 0)
			return line;
		for (i = 0; i < m->n; i++) {
			const struct intent_pos *p = &m->v[i];

			if (p->path != NULL && p->barelen == len &&
			    strncmp(p->path, path, len) == 0)
				return p->line;
		}
		len = intent_map_parent_len(path, len);
	}
	return m->n > 0 ? m->v[0].line : 0;
}

/* ------------------------------------------------------------ XML scan */

static int
intent_map_xml_node(struct intent_map *m, const struct lys_module *mod, xmlNode *n,
		    int parent, const struct lysc_node *psnode)
{
	const struct lysc_node *snode = NULL;
	const char *name = (const char *)n->name;
	char seg[256];
	xmlNode *c;
	int idx;

	if (n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, mod->ns) == 0)
		snode = intent_map_schema_child(mod, psnode, parent < 0, name, strlen(name));
	if (parent < 0 && snode != NULL)
		snprintf(seg, sizeof(seg), "%s:%s", mod->name, name);
	else
		snprintf(seg, sizeof(seg), "%s", name);
	idx = intent_map_add(m, parent, seg, strlen(seg), (unsigned)xmlGetLineNo(n), snode);
	if (idx < 0)
		return -1;
	if (snode != NULL && (snode->nodetype & LYD_NODE_TERM)) {
		xmlChar *text = xmlNodeGetContent(n);

		if (text != NULL) {
			m->v[idx].value = eg_xstrdup((const char *)text);
			xmlFree(text);
		}
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    intent_map_xml_node(m, mod, c, idx, snode) < 0)
			return -1;
	return 0;
}

/* Map the elements of an XML document; a malformed one maps partly. */
static int
intent_map_xml(struct intent_map *m, const struct lys_module *mod, const char *text,
	       size_t len)
{
	xmlDoc *doc;
	xmlNode *root;
	int rc = 0;

	if (len > (size_t)INT32_MAX)
		return 0;
	doc = xmlReadMemory(text, (int)len, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	if (doc == NULL)
		return 0;	/* libyang reports what is wrong */
	for (root = xmlDocGetRootElement(doc); root != NULL; root = root->next)
		if (root->type == XML_ELEMENT_NODE &&
		    (rc = intent_map_xml_node(m, mod, root, -1, NULL)) < 0)
			break;
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------------------ JSON scan */

struct intent_map_json {
	const char *p, *end;
	unsigned line;
	struct intent_map *map;
	const struct lys_module *mod;
	int depth;
};

static void
intent_map_json_ws(struct intent_map_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' ||
				 *j->p == '\n')) {
		if (*j->p == '\n')
			j->line++;
		j->p++;
	}
}

/* A JSON string at j->p, decoded into *out; -1 if malformed. */
static int
intent_map_json_string(struct intent_map_json *j, char **out)
{
	const char *s;
	char *buf, *o;

	*out = NULL;
	if (j->p >= j->end || *j->p != '"')
		return -1;
	s = ++j->p;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\' && j->p + 1 < j->end)
			j->p++;
		else if (*j->p == '\n')
			return -1;
		j->p++;
	}
	if (j->p >= j->end)
		return -1;
	buf = eg_xmalloc((size_t)(j->p - s) + 1);
	for (o = buf; s < j->p; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned cp = 0;
			int k;

			for (k = 0; k < 4 && s + 1 < j->p; k++) {
				char h = *++s;

				cp = cp * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 :
							  h >= 'A' ? h - 'A' + 10 : h - '0');
			}
			o += eg_utf8_put(cp & 0xffff, o);
			break;
		}
		default: *o++ = *s; break;
		}
	}
	*o = '\0';
	j->p++;
	*out = buf;
	return 0;
}

/* A number or literal: its text up to the next delimiter. */
static int
intent_map_json_literal(struct intent_map_json *j, char **out)
{
	const char *s = j->p;

	while (j->p < j->end && strchr(",]} \t\r\n", *j->p) == NULL)
		j->p++;
	if (j->p == s)
		return -1;
	*out = eg_xstrndup(s, (size_t)(j->p - s));
	return 0;
}

static int intent_map_json_item(struct intent_map_json *j, int parent, const char *name,
				const struct lysc_node *snode, unsigned line);

/* The members of an object whose position is idx. */
static int
intent_map_json_object(struct intent_map_json *j, int idx, const struct lysc_node *snode)
{
	j->p++;	/* '{' */
	intent_map_json_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		const struct lysc_node *csnode;
		unsigned line;
		char *key, *seg;
		int rc;

		intent_map_json_ws(j);
		line = j->line;
		if (intent_map_json_string(j, &key) < 0)
			return -1;
		intent_map_json_ws(j);
		if (j->p >= j->end || *j->p != ':') {
			free(key);
			return -1;
		}
		j->p++;
		csnode = key[0] == '@' ? NULL :
			 intent_map_schema_child(j->mod, snode, idx < 0, key, strlen(key));
		/* libyang qualifies only top-level names with the module. */
		seg = key;
		if (idx >= 0 && csnode != NULL && strchr(key, ':') != NULL)
			seg = strchr(key, ':') + 1;
		rc = intent_map_json_item(j, idx, seg, csnode, line);
		free(key);
		if (rc < 0)
			return -1;
		intent_map_json_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return 0;
		}
		return -1;
	}
}

/* One value: a scalar, an object or (list, leaf-list) an array of them. */
static int
intent_map_json_value(struct intent_map_json *j, int parent, const char *name,
		      const struct lysc_node *snode, unsigned line)
{
	int idx;

	intent_map_json_ws(j);
	if (j->p >= j->end)
		return -1;
	idx = intent_map_add(j->map, parent, name, strlen(name), line, snode);
	if (idx < 0)
		return -1;
	if (*j->p == '{')
		return intent_map_json_object(j, idx, snode);
	if (*j->p == '"')
		return intent_map_json_string(j, &j->map->v[idx].value);
	return intent_map_json_literal(j, &j->map->v[idx].value);
}

static int
intent_map_json_item(struct intent_map_json *j, int parent, const char *name,
		     const struct lysc_node *snode, unsigned line)
{
	int rc = 0;

	if (++j->depth > 64)
		return -1;
	intent_map_json_ws(j);
	if (j->p < j->end && *j->p == '[') {
		j->p++;
		intent_map_json_ws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
		} else {
			for (;;) {
				intent_map_json_ws(j);
				/* each instance is where its own value starts */
				if ((rc = intent_map_json_value(j, parent, name, snode, j->line)) < 0)
					break;
				intent_map_json_ws(j);
				if (j->p < j->end && *j->p == ',') {
					j->p++;
					continue;
				}
				if (j->p < j->end && *j->p == ']')
					j->p++;
				else
					rc = -1;
				break;
			}
		}
	} else {
		rc = intent_map_json_value(j, parent, name, snode, line);
	}
	j->depth--;
	return rc;
}

/*
 * Map the members of a JSON document; a malformed one maps partly, and
 * libyang reports the syntax error.
 */
static void
intent_map_json(struct intent_map *m, const struct lys_module *mod, const char *text,
		size_t len)
{
	struct intent_map_json j;

	memset(&j, 0, sizeof(j));
	j.p = text;
	j.end = text + len;
	j.line = 1;
	j.map = m;
	j.mod = mod;
	intent_map_json_ws(&j);
	if (j.p < j.end && *j.p == '{')
		(void)intent_map_json_object(&j, -1, NULL);
}

/* ------------------------------------------------------------ the map */

int
intent_map_build(struct intent_map *m, const struct lys_module *mod, int json,
		 const char *text, size_t len)
{
	if (json)
		intent_map_json(m, mod, text, len);
	else if (intent_map_xml(m, mod, text, len) < 0)
		return -1;
	intent_map_finish(m);
	return 0;
}

unsigned
intent_map_value_line(const struct intent_map *m, const char *dpath, const char *val)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct intent_pos *p = &m->v[i];

		if (p->path == NULL || p->value == NULL)
			continue;
		if (strcmp(p->path, dpath) == 0)
			return p->line;
		if (val != NULL && strlen(dpath) == p->barelen &&
		    strncmp(p->path, dpath, p->barelen) == 0 && strcmp(p->value, val) == 0)
			return p->line;
	}
	return 0;
}
