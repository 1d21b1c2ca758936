/*
 * intent.c - load, validate and print erguard's YANG-modelled intent.
 *
 * An intent document (XML, or JSON as in RFC 7951, told apart by its first
 * character) is parsed strictly by libyang against the erguard-intent
 * module compiled into erguard, validated (types, leafrefs, musts,
 * uniqueness, mandatory nodes), then checked for what YANG cannot say
 * (host bits in prefixes, addresses that must differ, an MSEE outside its
 * subnet) and turned into the plain structures of intent.h, with every
 * default filled in but a device's port: left 0 when the intent gives
 * none, so that the ssh configuration's Port for the host can apply.
 *
 * Guarantees: a loaded intent is valid and complete (no NULL where
 * intent.h does not allow one); every problem found is logged as
 * "FILE:LINE: message" and the load returns EG_EINTENT.  libyang's own
 * messages are routed through eg_log; since libyang keeps no line numbers
 * in data trees, a small scan of the document maps each data path to the
 * line of its element (XML) or member (JSON).
 *
 * Not thread-safe: libyang's log callback is process-wide.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libyang/libyang.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "eg_embed.h"
#include "intent.h"
#include "yangctx.h"
#include "model.h"

#define INTENT_MODULE "erguard-intent"
#define INTENT_TOP "/" INTENT_MODULE ":intent"

/* ------------------------------------------------------------ line map */

/* One element (XML) or member / array item (JSON) of the document. */
struct intent_pos {
	int parent;			/* index of the parent, -1 at the top */
	char *name;			/* path segment without predicate */
	char *value;			/* text of terminal nodes */
	char *path;			/* full data path, libyang style */
	size_t barelen;			/* length of path without its last predicate */
	unsigned line;
	const struct lysc_node *snode;	/* NULL when not in the schema */
};

struct intent_map {
	struct intent_pos *v;
	size_t n, cap;
};

/* One message libyang logged. */
struct intent_lymsg {
	LY_LOG_LEVEL level;
	char *msg;
	char *path;
};

/* What libyang logged during one call (its callback takes no argument). */
static struct {
	struct intent_lymsg *v;
	size_t n, cap;
	int nomem;
} intent_lylog;

/* State of one load or print. */
struct intent_ld {
	const char *name;		/* file name for diagnostics */
	struct intent_map map;
	int nerr;
};

static char *
intent_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void
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

/* Append a position; returns its index or -1 on ENOMEM. */
static int
intent_map_add(struct intent_map *m, int parent, const char *name, size_t namelen,
	       unsigned line, const struct lysc_node *snode)
{
	struct intent_pos *p;

	if (m->n >= 1000000)
		return -1;
	if (eg_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v)) != EG_OK)
		return -1;
	p = &m->v[m->n];
	memset(p, 0, sizeof(*p));
	p->parent = parent;
	p->line = line;
	p->snode = snode;
	p->name = intent_strndup(name, namelen);
	if (p->name == NULL)
		return -1;
	return (int)m->n++;
}

/* Schema node of a child called name (module-qualified or not) of parent. */
static const struct lysc_node *
intent_schema_child(const struct lys_module *mod, const struct lysc_node *parent,
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
static int
intent_pred_append(char **buf, const char *key, const char *val)
{
	char q = strchr(val, '\'') != NULL ? '"' : '\'';
	size_t old = *buf != NULL ? strlen(*buf) : 0;
	size_t add = strlen(key) + strlen(val) + 6;
	char *n = realloc(*buf, old + add);

	if (n == NULL)
		return -1;
	snprintf(n + old, add, "[%s=%c%s%c]", key, q, val, q);
	*buf = n;
	return 0;
}

/* Build every full path once the whole document has been scanned. */
static int
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
				if (intent_pred_append(&pred, k->name, m->v[j].value) < 0)
					goto nomem;
			}
		} else if (p->snode != NULL && p->snode->nodetype == LYS_LEAFLIST &&
			   p->value != NULL) {
			if (intent_pred_append(&pred, ".", p->value) < 0)
				goto nomem;
		}
		len = strlen(ppath) + strlen(p->name) + (pred != NULL ? strlen(pred) : 0) + 2;
		p->path = malloc(len);
		if (p->path == NULL)
			goto nomem;
		snprintf(p->path, len, "%s/%s", ppath, p->name);
		p->barelen = strlen(p->path);
		if (pred != NULL)
			strcat(p->path, pred);
		free(pred);
		continue;
nomem:
		free(pred);
		return -1;
	}
	return 0;
}

/* Position of the last '/' of path outside predicates; 0 if none. */
static size_t
intent_path_parent_len(const char *path, size_t len)
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

/*
 * Line of the element a libyang data path names.  With last, the last of
 * several matches (a duplicate instance is reported on the second).  A
 * path that names nothing in the document (a default node) falls back to
 * its nearest ancestor that does.  0 if nothing matches.
 */
static unsigned
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
		len = intent_path_parent_len(path, len);
	}
	return m->n > 0 ? m->v[0].line : 0;
}

/* ------------------------------------------------------------ XML scan */

static int
intent_scan_xml_node(struct intent_map *m, const struct lys_module *mod, xmlNode *n,
		     int parent, const struct lysc_node *psnode)
{
	const struct lysc_node *snode = NULL;
	const char *name = (const char *)n->name;
	char seg[256];
	xmlNode *c;
	int idx;

	if (n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, mod->ns) == 0)
		snode = intent_schema_child(mod, psnode, parent < 0, name, strlen(name));
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
			m->v[idx].value = strdup((const char *)text);
			xmlFree(text);
			if (m->v[idx].value == NULL)
				return -1;
		}
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    intent_scan_xml_node(m, mod, c, idx, snode) < 0)
			return -1;
	return 0;
}

/* Map the elements of an XML document; a malformed one maps partly. */
static int
intent_scan_xml(struct intent_map *m, const struct lys_module *mod, const char *text,
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
		    (rc = intent_scan_xml_node(m, mod, root, -1, NULL)) < 0)
			break;
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------------------ JSON scan */

struct intent_json {
	const char *p, *end;
	unsigned line;
	struct intent_map *map;
	const struct lys_module *mod;
	int depth;
};

static void
intent_json_ws(struct intent_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' ||
				 *j->p == '\n')) {
		if (*j->p == '\n')
			j->line++;
		j->p++;
	}
}

/* A JSON string at j->p, decoded into *out; -1 if malformed or ENOMEM. */
static int
intent_json_string(struct intent_json *j, char **out)
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
	buf = malloc((size_t)(j->p - s) + 1);
	if (buf == NULL)
		return -1;
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
intent_json_literal(struct intent_json *j, char **out)
{
	const char *s = j->p;

	while (j->p < j->end && strchr(",]} \t\r\n", *j->p) == NULL)
		j->p++;
	if (j->p == s)
		return -1;
	*out = intent_strndup(s, (size_t)(j->p - s));
	return *out != NULL ? 0 : -1;
}

static int intent_json_item(struct intent_json *j, int parent, const char *name,
			    const struct lysc_node *snode, unsigned line);

/* The members of an object whose position is idx. */
static int
intent_json_object(struct intent_json *j, int idx, const struct lysc_node *snode)
{
	j->p++;	/* '{' */
	intent_json_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		const struct lysc_node *csnode;
		unsigned line;
		char *key, *seg;
		int rc;

		intent_json_ws(j);
		line = j->line;
		if (intent_json_string(j, &key) < 0)
			return -1;
		intent_json_ws(j);
		if (j->p >= j->end || *j->p != ':') {
			free(key);
			return -1;
		}
		j->p++;
		csnode = key[0] == '@' ? NULL :
			 intent_schema_child(j->mod, snode, idx < 0, key, strlen(key));
		/* libyang qualifies only top-level names with the module. */
		seg = key;
		if (idx >= 0 && csnode != NULL && strchr(key, ':') != NULL)
			seg = strchr(key, ':') + 1;
		rc = intent_json_item(j, idx, seg, csnode, line);
		free(key);
		if (rc < 0)
			return -1;
		intent_json_ws(j);
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
intent_json_value(struct intent_json *j, int parent, const char *name,
		  const struct lysc_node *snode, unsigned line)
{
	int idx;

	intent_json_ws(j);
	if (j->p >= j->end)
		return -1;
	idx = intent_map_add(j->map, parent, name, strlen(name), line, snode);
	if (idx < 0)
		return -1;
	if (*j->p == '{')
		return intent_json_object(j, idx, snode);
	if (*j->p == '"')
		return intent_json_string(j, &j->map->v[idx].value);
	return intent_json_literal(j, &j->map->v[idx].value);
}

static int
intent_json_item(struct intent_json *j, int parent, const char *name,
		 const struct lysc_node *snode, unsigned line)
{
	int rc = 0;

	if (++j->depth > 64)
		return -1;
	intent_json_ws(j);
	if (j->p < j->end && *j->p == '[') {
		j->p++;
		intent_json_ws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
		} else {
			for (;;) {
				intent_json_ws(j);
				/* each instance is where its own value starts */
				if ((rc = intent_json_value(j, parent, name, snode, j->line)) < 0)
					break;
				intent_json_ws(j);
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
		rc = intent_json_value(j, parent, name, snode, line);
	}
	j->depth--;
	return rc;
}

/* Map the members of a JSON document; a malformed one maps partly. */
static int
intent_scan_json(struct intent_map *m, const struct lys_module *mod, const char *text,
		 size_t len)
{
	struct intent_json j;
	size_t before;

	memset(&j, 0, sizeof(j));
	j.p = text;
	j.end = text + len;
	j.line = 1;
	j.map = m;
	j.mod = mod;
	intent_json_ws(&j);
	if (j.p >= j.end || *j.p != '{')
		return 0;
	before = m->n;
	if (intent_json_object(&j, -1, NULL) < 0 && m->n == before)
		return 0;	/* libyang reports the syntax error */
	return 0;
}

/* ------------------------------------------------------------ libyang log */

static void
intent_ly_log(LY_LOG_LEVEL level, const char *msg, const char *path)
{
	struct intent_lymsg *e;

	if (level > LY_LLWRN)
		return;
	if (eg_grow((void **)&intent_lylog.v, &intent_lylog.cap, intent_lylog.n + 1,
		    sizeof(*intent_lylog.v)) != EG_OK) {
		intent_lylog.nomem = 1;
		return;
	}
	e = &intent_lylog.v[intent_lylog.n];
	e->level = level;
	e->msg = eg_strdup(msg != NULL ? msg : "");
	e->path = eg_strdup(path);
	if (e->msg == NULL || (path != NULL && e->path == NULL)) {
		free(e->msg);
		free(e->path);
		intent_lylog.nomem = 1;
		return;
	}
	intent_lylog.n++;
}

static void
intent_lylog_clear(void)
{
	size_t i;

	for (i = 0; i < intent_lylog.n; i++) {
		free(intent_lylog.v[i].msg);
		free(intent_lylog.v[i].path);
	}
	free(intent_lylog.v);
	memset(&intent_lylog, 0, sizeof(intent_lylog));
}

/* Route libyang's messages into intent_lylog until intent_ly_end(). */
struct intent_lysave {
	ly_log_clb clb;
	uint32_t opts;
};

static void
intent_ly_begin(struct intent_lysave *save)
{
	save->clb = ly_get_log_clb();
	save->opts = LY_LOLOG | LY_LOSTORE_LAST;
	ly_temp_log_options(&save->opts);
	ly_set_log_clb(intent_ly_log, 1);
	intent_lylog_clear();
}

static void
intent_ly_end(const struct intent_lysave *save)
{
	ly_set_log_clb(save->clb, 1);
	ly_temp_log_options(NULL);
	intent_lylog_clear();
}

/* Copy the quoted text after marker in s ("Data location \"...\""). */
static char *
intent_quoted_after(const char *s, const char *marker)
{
	const char *b, *e;

	if (s == NULL || (b = strstr(s, marker)) == NULL)
		return NULL;
	b += strlen(marker);
	e = strchr(b, '"');
	return e != NULL ? intent_strndup(b, (size_t)(e - b)) : NULL;
}

/* Number of children of p that are instances of schema node s. */
static size_t
intent_count_children(const struct lyd_node *p, const struct lysc_node *s)
{
	const struct lyd_node *c;
	size_t n = 0;

	for (c = lyd_child(p); c != NULL; c = c->next)
		if (c->schema == s)
			n++;
	return n;
}

/*
 * The data node lacking instances of chain[k] (mandatory or min-elements):
 * the deepest existing instance on the way down from p = chain[d - 1].
 */
static const struct lyd_node *
intent_missing_in(const struct lyd_node *p, const struct lysc_node **chain, size_t d,
		  size_t k, uint32_t min)
{
	const struct lyd_node *c, *r;
	size_t n = intent_count_children(p, chain[d]);

	if (d == k)
		return n < min ? p : NULL;
	if (n == 0)
		return lysc_is_np_cont(chain[d]) ? p : NULL;
	for (c = lyd_child(p); c != NULL; c = c->next)
		if (c->schema == chain[d] && (r = intent_missing_in(c, chain, d + 1, k, min)) != NULL)
			return r;
	return NULL;
}

/* For a message that names only a schema node: the data node lacking it. */
static const struct lyd_node *
intent_missing_node(const struct ly_ctx *ctx, const struct lyd_node *tree, const char *spath)
{
	const struct lysc_node *s, *chain[32];
	const struct lyd_node *t, *r;
	size_t k = 0, i;
	uint32_t min = 1;

	s = lys_find_path(ctx, NULL, spath, 0);
	if (s == NULL)
		return NULL;
	if (s->nodetype == LYS_LIST)
		min = ((const struct lysc_node_list *)s)->min;
	else if (s->nodetype == LYS_LEAFLIST)
		min = ((const struct lysc_node_leaflist *)s)->min;
	for (; s != NULL && k < 32; s = s->parent)
		if (s->nodetype & (LYS_CONTAINER | LYS_LIST | LYS_LEAF | LYS_LEAFLIST))
			chain[k++] = s;
	if (k < 2 || s != NULL)
		return NULL;
	for (i = 0; i < k / 2; i++) {
		const struct lysc_node *x = chain[i];

		chain[i] = chain[k - 1 - i];
		chain[k - 1 - i] = x;
	}
	LY_LIST_FOR(tree, t)
		if (t->schema == chain[0] &&
		    (r = intent_missing_in(t, chain, 1, k - 1, min)) != NULL)
			return r;
	return NULL;
}

/* The data path without the top container, for messages. */
static const char *
intent_short_path(const char *path)
{
	if (path == NULL)
		return NULL;
	if (strncmp(path, INTENT_TOP "/", strlen(INTENT_TOP) + 1) == 0)
		return path + strlen(INTENT_TOP) + 1;
	if (strcmp(path, INTENT_TOP) == 0)
		return "intent";
	return path;
}

/*
 * libyang's 'Unique data leaf(s) "ce" not satisfied in "A" and "B"' as
 * '"ce" must be unique: A has the same value' (B is where it is logged).
 */
static char *
intent_unique_msg(const char *lymsg)
{
	const char *leaf = lymsg + 21, *q = strchr(leaf, '"');
	char *a = intent_quoted_after(lymsg, "not satisfied in \"");
	char *out;
	size_t n;

	if (q == NULL || a == NULL) {
		free(a);
		return eg_strdup(lymsg);
	}
	n = (size_t)(q - leaf) + strlen(a) + 64;
	if ((out = malloc(n)) != NULL)
		snprintf(out, n, "%.*s must be unique, but %s has the same value",
			 (int)(q - leaf), leaf, intent_short_path(a));
	free(a);
	return out;
}

/*
 * Line of the terminal node a value message is about: dpath itself when
 * it names a leaf, else (leaf-lists are reported without predicate) the
 * instance holding the value quoted in msg ('... value "X" ...').  0 when
 * the map has no such terminal entry.
 */
static unsigned
intent_value_line(const struct intent_map *m, const char *dpath, const char *msg)
{
	char *val = intent_quoted_after(msg, "alue \"");
	size_t i;
	unsigned line = 0;

	for (i = 0; i < m->n && line == 0; i++) {
		const struct intent_pos *p = &m->v[i];

		if (p->path == NULL || p->value == NULL)
			continue;
		if (strcmp(p->path, dpath) == 0)
			line = p->line;
		else if (val != NULL && strlen(dpath) == p->barelen &&
			 strncmp(p->path, dpath, p->barelen) == 0 && strcmp(p->value, val) == 0)
			line = p->line;
	}
	free(val);
	return line;
}

/* Turn runs of white space and control characters into one space. */
static void
intent_flatten(char *s)
{
	char *o = s;
	int prev_space = 0;

	for (; *s != '\0'; s++) {
		int space = (unsigned char)*s < 0x20 || *s == ' ';

		if (space && prev_space)
			continue;
		*o++ = space ? ' ' : *s;
		prev_space = space;
	}
	*o = '\0';
}

/*
 * Log what libyang said during the last call as "FILE:LINE: [path: ]msg".
 * Returns the number of errors among them.
 */
static int
intent_ly_flush(struct intent_ld *ld, const struct ly_ctx *ctx, const struct lyd_node *tree)
{
	size_t i;
	int nerr = 0;

	if (intent_lylog.nomem) {
		eg_log(EG_LOG_ERROR, ld->name, "out of memory while validating");
		nerr++;
	}
	for (i = 0; i < intent_lylog.n; i++) {
		const struct intent_lymsg *e = &intent_lylog.v[i];
		char *dpath = intent_quoted_after(e->path, "ata location \"");
		char *spath = intent_quoted_after(e->path, "chema location \"");
		const char *ln = e->path != NULL ? strstr(e->path, "line number ") : NULL;
		char *npath = NULL, *leafpath = NULL, *msg;
		unsigned line = ln != NULL ? (unsigned)strtoul(ln + 12, NULL, 10) : 0;
		int dup = strncmp(e->msg, "Duplicate instance", 18) == 0;
		char where[1024];
		size_t mlen;

		if (dpath != NULL && strncmp(e->msg, "Unique data leaf(s) \"", 21) == 0) {
			/* point at the repeated leaf of the second instance */
			const char *b = e->msg + 21, *q = strchr(b, '"');

			if (q != NULL && memchr(b, ' ', (size_t)(q - b)) == NULL) {
				size_t n = strlen(dpath) + (size_t)(q - b) + 2;

				leafpath = malloc(n);
				if (leafpath != NULL)
					snprintf(leafpath, n, "%s/%.*s", dpath, (int)(q - b), b);
			}
		}
		if (line != 0 && dpath != NULL && !dup) {
			/*
			 * A bad value: the map knows its line exactly, while
			 * libyang's JSON parser may already be past it.
			 */
			unsigned vl = intent_value_line(&ld->map, dpath, e->msg);

			if (vl != 0)
				line = vl;
		}
		if (line == 0 || dup) {
			if (leafpath != NULL)
				line = intent_map_line(&ld->map, leafpath, 0);
			else if (dpath != NULL)
				line = intent_map_line(&ld->map, dpath, dup);
		}
		if (line == 0 && dpath == NULL && spath != NULL && tree != NULL) {
			const struct lyd_node *n = intent_missing_node(ctx, tree, spath);

			if (n != NULL && (npath = lyd_path(n, LYD_PATH_STD, NULL, 0)) != NULL)
				line = intent_map_line(&ld->map, npath, 0);
		}
		if (line == 0)
			line = intent_map_line(&ld->map, NULL, 0);
		snprintf(where, sizeof(where), "%s:%u", ld->name, line != 0 ? line : 1);
		if (leafpath != NULL)
			msg = intent_unique_msg(e->msg);
		else
			msg = eg_strdup(e->msg);
		if (msg != NULL) {
			intent_flatten(msg);
			mlen = strlen(msg);
			while (mlen > 0 && (msg[mlen - 1] == '.' || msg[mlen - 1] == ' '))
				msg[--mlen] = '\0';
		}
		{
			const char *sp = intent_short_path(npath != NULL ? npath :
							   leafpath != NULL ? leafpath : dpath);

			eg_log(e->level == LY_LLERR ? EG_LOG_ERROR : EG_LOG_WARN, where,
			       "%s%s%s", sp != NULL ? sp : "", sp != NULL ? ": " : "",
			       msg != NULL ? msg : e->msg);
		}
		if (e->level == LY_LLERR)
			nerr++;
		free(msg);
		free(npath);
		free(leafpath);
		free(dpath);
		free(spath);
	}
	intent_lylog_clear();
	return nerr;
}

/* ------------------------------------------------------------ tree -> structs */

/* Log an intent error at the line of node. */
static void
intent_fail(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
intent_fail(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
{
	char where[1024], msg[1024];
	char *path = lyd_path(node, LYD_PATH_STD, NULL, 0);
	const char *sp = intent_short_path(path);
	va_list ap;

	snprintf(where, sizeof(where), "%s:%u", ld->name,
		 path != NULL ? intent_map_line(&ld->map, path, 0) : 1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sp != NULL)
		eg_log(EG_LOG_ERROR, where, "%s: %s", sp, msg);
	else
		eg_log(EG_LOG_ERROR, where, "%s", msg);
	free(path);
	ld->nerr++;
}

/* Same, as a warning that does not fail the load. */
static void
intent_warn(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
intent_warn(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
{
	char where[1024], msg[1024];
	char *path = lyd_path(node, LYD_PATH_STD, NULL, 0);
	const char *sp = intent_short_path(path);
	va_list ap;

	snprintf(where, sizeof(where), "%s:%u", ld->name,
		 path != NULL ? intent_map_line(&ld->map, path, 0) : 1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	eg_log(EG_LOG_WARN, where, "%s: %s", sp != NULL ? sp : "intent", msg);
	free(path);
}

static const struct lyd_node *
intent_child(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *c;

	if (parent == NULL)
		return NULL;
	for (c = lyd_child(parent); c != NULL; c = c->next)
		if (c->schema != NULL && strcmp(c->schema->name, name) == 0)
			return c;
	return NULL;
}

/* Value of a terminal child, NULL if absent. */
static const char *
intent_val(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *c = intent_child(parent, name);

	return c != NULL ? lyd_get_value(c) : NULL;
}

static size_t
intent_nchildren(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *c;
	size_t n = 0;

	if (parent == NULL)
		return 0;
	for (c = lyd_child(parent); c != NULL; c = c->next)
		if (c->schema != NULL && strcmp(c->schema->name, name) == 0)
			n++;
	return n;
}

static uint32_t
intent_u32(const struct lyd_node *parent, const char *name, uint32_t dflt)
{
	const char *v = intent_val(parent, name);

	return v != NULL ? (uint32_t)strtoul(v, NULL, 10) : dflt;
}

/*
 * The device's port as the intent sets it, 0 when it does not: libyang
 * fills an absent leaf with its YANG default (830) and marks it
 * LYD_DEFAULT, and that default must not hide the Port of the user's ssh
 * configuration.  An explicit <port>830</port> is kept (lyd_is_default()
 * would also be true for it, since it compares values).
 */
static uint16_t
intent_port(const struct lyd_node *dn)
{
	const struct lyd_node *c = intent_child(dn, "port");

	if (c == NULL || (c->flags & LYD_DEFAULT))
		return 0;
	return (uint16_t)strtoul(lyd_get_value(c), NULL, 10);
}

/* Copy an optional string child; -1 on ENOMEM. */
static int
intent_dup(const struct lyd_node *parent, const char *name, char **out)
{
	const char *v = intent_val(parent, name);

	*out = NULL;
	if (v == NULL)
		return 0;
	*out = strdup(v);
	return *out != NULL ? 0 : -1;
}

static void
intent_addr(struct intent_ld *ld, const struct lyd_node *node, struct eg_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (node == NULL)
		return;
	if (eg_addr_parse(lyd_get_value(node), out) != EG_OK)
		intent_fail(ld, node, "%s is not an IP address", lyd_get_value(node));
}

/* Parse a prefix and refuse one with host bits set. */
static void
intent_prefix(struct intent_ld *ld, const struct lyd_node *node, struct eg_prefix *out)
{
	const char *v = lyd_get_value(node);
	const char *slash = strchr(v, '/');
	struct eg_addr a;
	char buf[EG_ADDR_STRLEN + 1], want[EG_PREFIX_STRLEN];

	memset(out, 0, sizeof(*out));
	if (slash == NULL || (size_t)(slash - v) >= sizeof(buf) ||
	    eg_prefix_parse(v, out) != EG_OK) {
		intent_fail(ld, node, "%s is not an IP prefix", v);
		return;
	}
	memcpy(buf, v, (size_t)(slash - v));
	buf[slash - v] = '\0';
	if (eg_addr_parse(buf, &a) != EG_OK) {
		intent_fail(ld, node, "%s is not an IP prefix", v);
		return;
	}
	if (!eg_addr_eq(&a, &out->addr))
		intent_fail(ld, node, "%s has host bits set (the prefix is %s)", v,
			    eg_prefix_fmt(out, want));
}

/* A host route for a, to test coverage. */
static struct eg_prefix
intent_host(const struct eg_addr *a)
{
	struct eg_prefix p;

	p.addr = *a;
	p.len = a->family == 4 ? 32 : 128;
	return p;
}

static int
intent_covered(const struct eg_prefix *set, size_t n, const struct eg_addr *a)
{
	struct eg_prefix h = intent_host(a);
	size_t i;

	for (i = 0; i < n; i++)
		if (eg_prefix_covers(&set[i], &h))
			return 1;
	return 0;
}

static eg_err
intent_fill_device(struct intent_ld *ld, const struct lyd_node *dn, struct eg_intent_device *d)
{
	const struct lyd_node *ssh = intent_child(dn, "ssh");
	const char *v;

	if (intent_dup(dn, "name", &d->name) < 0 || intent_dup(dn, "host", &d->host) < 0 ||
	    intent_dup(dn, "user", &d->user) < 0 ||
	    intent_dup(dn, "exec-command", &d->exec_command) < 0 ||
	    intent_dup(ssh, "identity-file", &d->identity_file) < 0 ||
	    intent_dup(ssh, "known-hosts", &d->known_hosts) < 0 ||
	    intent_dup(ssh, "password-env", &d->password_env) < 0)
		return EG_ENOMEM;
	if (d->host == NULL && (d->host = eg_strdup(d->name)) == NULL)
		return EG_ENOMEM;
	v = intent_val(dn, "role");
	d->role = v != NULL && strcmp(v, "firewall") == 0 ? EG_ROLE_FIREWALL : EG_ROLE_CE;
	d->port = intent_port(dn);
	v = intent_val(dn, "transport");
	d->transport = v != NULL && strcmp(v, "exec") == 0 ? EG_TRANSPORT_EXEC : EG_TRANSPORT_SSH;
	v = intent_val(ssh, "strict-host-key");
	d->strict_host_key = v == NULL || strcmp(v, "true") == 0;
	(void)ld;
	return EG_OK;
}

static eg_err
intent_fill_link(struct intent_ld *ld, const struct lyd_node *ln, struct eg_er_link *l)
{
	const struct lyd_node *msee = intent_child(ln, "msee-peer");
	const struct lyd_node *p2p = intent_child(ln, "p2p-subnet");
	const struct lyd_node *fwa = intent_child(ln, "firewall-address");

	if (intent_dup(ln, "name", &l->name) < 0 || intent_dup(ln, "ce", &l->ce) < 0 ||
	    intent_dup(ln, "ebgp-group", &l->ebgp_group) < 0 ||
	    intent_dup(ln, "ibgp-group", &l->ibgp_group) < 0)
		return EG_ENOMEM;
	if ((l->ebgp_group == NULL && (l->ebgp_group = strdup("ebgp")) == NULL) ||
	    (l->ibgp_group == NULL && (l->ibgp_group = strdup("ibgp")) == NULL))
		return EG_ENOMEM;
	l->local_pref = intent_u32(ln, "local-preference", 150);
	intent_addr(ld, msee, &l->msee_peer);
	if (p2p != NULL)
		intent_prefix(ld, p2p, &l->p2p_subnet);
	intent_addr(ld, intent_child(ln, "ce-address"), &l->ce_address);
	intent_addr(ld, fwa, &l->firewall_address);
	if (msee != NULL && l->msee_peer.family != 0 && l->p2p_subnet.addr.family != 0) {
		struct eg_prefix h = intent_host(&l->msee_peer);
		char b[EG_PREFIX_STRLEN];

		if (!eg_prefix_covers(&l->p2p_subnet, &h))
			intent_fail(ld, msee, "MSEE peer %s is outside the link's p2p-subnet %s",
				    lyd_get_value(msee), eg_prefix_fmt(&l->p2p_subnet, b));
	}
	if (fwa != NULL && l->ce_address.family != 0 && l->firewall_address.family != 0) {
		if (l->ce_address.family != l->firewall_address.family)
			intent_fail(ld, fwa, "firewall-address %s and ce-address are of different "
				    "address families", lyd_get_value(fwa));
		else if (eg_addr_eq(&l->ce_address, &l->firewall_address))
			intent_fail(ld, fwa, "firewall-address %s equals the link's ce-address",
				    lyd_get_value(fwa));
	}
	return EG_OK;
}

static eg_err
intent_fill_vpn(struct intent_ld *ld, const struct lyd_node *vn, struct eg_vpn *v)
{
	const struct lyd_node *c, *la = intent_child(vn, "local-address");
	size_t n = intent_nchildren(vn, "peer"), i;

	if (intent_dup(vn, "firewall", &v->firewall) < 0 ||
	    intent_dup(vn, "ebgp-group", &v->ebgp_group) < 0)
		return EG_ENOMEM;
	v->local_pref = intent_u32(vn, "local-preference", 100);
	intent_addr(ld, la, &v->local_address);
	if (n > 0) {
		v->peers = calloc(n, sizeof(*v->peers));
		v->tunnels = calloc(n, sizeof(*v->tunnels));
		if (v->peers == NULL || v->tunnels == NULL)
			return EG_ENOMEM;
	}
	for (c = lyd_child(vn); c != NULL; c = c->next) {
		const struct lyd_node *an;

		if (strcmp(c->schema->name, "peer") != 0)
			continue;
		an = intent_child(c, "address");
		intent_addr(ld, an, &v->peers[v->npeers]);
		if (intent_dup(c, "tunnel", &v->tunnels[v->npeers]) < 0)
			return EG_ENOMEM;
		for (i = 0; i < v->npeers; i++)
			if (v->peers[v->npeers].family != 0 &&
			    eg_addr_eq(&v->peers[i], &v->peers[v->npeers]))
				intent_fail(ld, an, "VPN peer %s is listed twice",
					    lyd_get_value(an));
		if (v->peers[v->npeers].family != 0 && la != NULL &&
		    eg_addr_eq(&v->peers[v->npeers], &v->local_address))
			intent_fail(ld, an, "VPN peer %s is the firewall's own local-address",
				    lyd_get_value(an));
		v->npeers++;
	}
	return EG_OK;
}

/* Fill one leaf-list of prefixes, refusing repeats. */
static eg_err
intent_fill_prefixes(struct intent_ld *ld, const struct lyd_node *sn, const char *name,
		     struct eg_prefix **out, size_t *nout)
{
	const struct lyd_node *c;
	size_t n = intent_nchildren(sn, name), i;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return EG_OK;
	*out = calloc(n, sizeof(**out));
	if (*out == NULL)
		return EG_ENOMEM;
	for (c = lyd_child(sn); c != NULL; c = c->next) {
		struct eg_prefix *p = &(*out)[*nout];

		if (strcmp(c->schema->name, name) != 0)
			continue;
		intent_prefix(ld, c, p);
		for (i = 0; i < *nout; i++)
			if (p->addr.family != 0 && eg_prefix_eq(&(*out)[i], p))
				intent_fail(ld, c, "%s is listed twice", lyd_get_value(c));
		(*nout)++;
	}
	return EG_OK;
}

static eg_err
intent_fill_service(struct intent_ld *ld, const struct lyd_node *sn, struct eg_service *s)
{
	const struct lyd_node *c, *th, *er, *bfd, *bud;
	eg_err err;
	size_t i, j;

	if (intent_dup(sn, "name", &s->name) < 0 || intent_dup(sn, "instance", &s->instance) < 0 ||
	    intent_dup(sn, "table", &s->table) < 0)
		return EG_ENOMEM;
	if (s->instance == NULL && (s->instance = eg_strdup(s->name)) == NULL)
		return EG_ENOMEM;
	if (s->table == NULL) {
		size_t n = strlen(s->instance) + sizeof(".inet.0");

		if ((s->table = malloc(n)) == NULL)
			return EG_ENOMEM;
		snprintf(s->table, n, "%s.inet.0", s->instance);
	}
	if ((err = intent_fill_prefixes(ld, sn, "onprem-prefix", &s->onprem, &s->nonprem)) != EG_OK ||
	    (err = intent_fill_prefixes(ld, sn, "azure-prefix", &s->azure, &s->nazure)) != EG_OK)
		return err;
	/* An on-premises prefix inside an Azure one (or the reverse) breaks routing. */
	for (c = lyd_child(sn), i = 0; c != NULL; c = c->next) {
		if (strcmp(c->schema->name, "azure-prefix") != 0)
			continue;
		for (j = 0; j < s->nonprem; j++) {
			char b[EG_PREFIX_STRLEN];

			if (s->azure[i].addr.family != 0 && s->onprem[j].addr.family != 0 &&
			    (eg_prefix_covers(&s->azure[i], &s->onprem[j]) ||
			     eg_prefix_covers(&s->onprem[j], &s->azure[i])))
				intent_fail(ld, c, "azure-prefix %s overlaps onprem-prefix %s",
					    lyd_get_value(c), eg_prefix_fmt(&s->onprem[j], b));
		}
		i++;
	}
	th = intent_child(sn, "test-hosts");
	if ((c = intent_child(th, "onprem")) != NULL) {
		intent_addr(ld, c, &s->onprem_test_host);
		if (s->onprem_test_host.family != 0 &&
		    !intent_covered(s->onprem, s->nonprem, &s->onprem_test_host))
			intent_warn(ld, c, "test host %s is not within any onprem-prefix",
				    lyd_get_value(c));
	}
	if ((c = intent_child(th, "azure")) != NULL) {
		intent_addr(ld, c, &s->azure_test_host);
		if (s->azure_test_host.family != 0 &&
		    !intent_covered(s->azure, s->nazure, &s->azure_test_host))
			intent_warn(ld, c, "test host %s is not within any azure-prefix",
				    lyd_get_value(c));
	}
	c = intent_child(sn, "asn");
	s->asn.onprem = intent_u32(c, "onprem", 65020);
	s->asn.microsoft = intent_u32(c, "microsoft", 12076);
	s->asn.azure = intent_u32(c, "azure", 65515);

	er = intent_child(sn, "expressroute");
	s->ner = 0;
	if ((i = intent_nchildren(er, "link")) > 0 && (s->er = calloc(i, sizeof(*s->er))) == NULL)
		return EG_ENOMEM;
	for (c = er != NULL ? lyd_child(er) : NULL; c != NULL; c = c->next) {
		struct eg_er_link *l;

		if (strcmp(c->schema->name, "link") != 0)
			continue;
		l = &s->er[s->ner];
		if ((err = intent_fill_link(ld, c, l)) != EG_OK)
			return err;
		s->ner++;
		for (j = 0; j + 1 < s->ner; j++) {
			const struct eg_er_link *o = &s->er[j];

			if (l->msee_peer.family != 0 && eg_addr_eq(&o->msee_peer, &l->msee_peer))
				intent_fail(ld, intent_child(c, "msee-peer"),
					    "MSEE peer %s is also the MSEE peer of link %s",
					    intent_val(c, "msee-peer"), o->name);
			else if (l->p2p_subnet.addr.family != 0 && o->p2p_subnet.addr.family != 0 &&
				 (eg_prefix_covers(&o->p2p_subnet, &l->p2p_subnet) ||
				  eg_prefix_covers(&l->p2p_subnet, &o->p2p_subnet)))
				intent_fail(ld, intent_child(c, "p2p-subnet"),
					    "p2p-subnet %s overlaps the p2p-subnet of link %s",
					    intent_val(c, "p2p-subnet"), o->name);
		}
	}
	if (s->ner == 0)
		intent_fail(ld, er != NULL ? er : sn, "service %s has no expressroute link",
			    s->name);

	if ((err = intent_fill_vpn(ld, intent_child(sn, "vpn"), &s->vpn)) != EG_OK)
		return err;

	bfd = intent_child(sn, "bfd");
	s->bfd.enabled = bfd != NULL;
	s->bfd.min_interval_ms = intent_u32(bfd, "minimum-interval", 300);
	s->bfd.multiplier = intent_u32(bfd, "multiplier", 3);

	bud = intent_child(sn, "prefix-budget");
	s->budget.sku = intent_val(bud, "sku") != NULL &&
			strcmp(intent_val(bud, "sku"), "premium") == 0 ? EG_SKU_PREMIUM :
									 EG_SKU_STANDARD;
	s->budget.er_limit = intent_u32(bud, "expressroute-limit",
					s->budget.sku == EG_SKU_PREMIUM ? 10000 : 4000);
	s->budget.vpn_limit = intent_u32(bud, "vpn-limit", 4000);
	s->budget.warn_percent = intent_u32(bud, "warn-percent", 80);
	s->max_convergence_s = intent_u32(sn, "max-convergence", 10);
	return EG_OK;
}

static eg_err
intent_fill(struct intent_ld *ld, const struct lyd_node *top, struct eg_intent *in)
{
	const struct lyd_node *c;
	size_t nd = intent_nchildren(top, "device"), ns = intent_nchildren(top, "service"), i;
	eg_err err;

	if ((nd > 0 && (in->devices = calloc(nd, sizeof(*in->devices))) == NULL) ||
	    (ns > 0 && (in->services = calloc(ns, sizeof(*in->services))) == NULL))
		return EG_ENOMEM;
	for (c = lyd_child(top); c != NULL; c = c->next) {
		if (strcmp(c->schema->name, "device") == 0) {
			if ((err = intent_fill_device(ld, c, &in->devices[in->ndevices++])) != EG_OK)
				return err;
		} else if (strcmp(c->schema->name, "service") == 0) {
			struct eg_service *s = &in->services[in->nservices++];

			if ((err = intent_fill_service(ld, c, s)) != EG_OK)
				return err;
			for (i = 0; i + 1 < in->nservices; i++)
				if (strcmp(in->services[i].instance, s->instance) == 0) {
					const struct lyd_node *at = intent_child(c, "instance");

					intent_fail(ld, at != NULL ? at : c,
						    "routing instance %s is also used by service %s",
						    s->instance, in->services[i].name);
				}
		}
	}
	return EG_OK;
}

/* ------------------------------------------------------------ loading */

eg_err
eg_intent_load_mem(const char *name, const char *text, size_t len, struct eg_intent **out)
{
	struct intent_ld ld;
	struct intent_lysave save;
	struct ly_ctx *ctx = NULL;
	const struct lys_module *mod = NULL;
	struct lyd_node *tree = NULL;
	struct eg_intent *in = NULL;
	char *buf = NULL;
	const char *p;
	LYD_FORMAT fmt;
	LY_ERR lr;
	eg_err err;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.name = name != NULL ? name : "(intent)";
	intent_ly_begin(&save);

	/* libyang wants a NUL-terminated document. */
	if ((buf = malloc(len + 1)) == NULL) {
		err = EG_ENOMEM;
		goto cleanup;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	p = buf;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '{') {
		fmt = LYD_JSON;
	} else if (*p == '<') {
		fmt = LYD_XML;
	} else {
		unsigned line = 1;
		const char *q;
		char where[1024];

		for (q = buf; q < p; q++)
			line += *q == '\n';
		snprintf(where, sizeof(where), "%s:%u", ld.name, line);
		if (*p == '\0') {
			snprintf(where, sizeof(where), "%s:1", ld.name);
			eg_log(EG_LOG_ERROR, where, "the intent is empty");
		} else {
			eg_log(EG_LOG_ERROR, where, "neither XML nor JSON: expected '<' or '{'");
		}
		err = EG_EINTENT;
		goto cleanup;
	}

	if ((err = eg_yang_ctx(&ctx, INTENT_MODULE, &mod)) != EG_OK)
		goto cleanup;
	if ((fmt == LYD_JSON ? intent_scan_json(&ld.map, mod, p, strlen(p)) :
			       intent_scan_xml(&ld.map, mod, p, strlen(p))) < 0 ||
	    intent_map_finish(&ld.map) < 0) {
		err = EG_ENOMEM;
		goto cleanup;
	}

	lr = lyd_parse_data_mem(ctx, buf, fmt, LYD_PARSE_STRICT | LYD_PARSE_ONLY, 0, &tree);
	if (lr != LY_SUCCESS) {
		if (intent_ly_flush(&ld, ctx, NULL) == 0)
			eg_log(EG_LOG_ERROR, ld.name, "cannot parse the intent (libyang error %d)",
			       (int)lr);
		err = lr == LY_EMEM ? EG_ENOMEM : EG_EINTENT;
		goto cleanup;
	}
	intent_ly_flush(&ld, ctx, tree);
	if (tree == NULL || tree->schema == NULL || strcmp(tree->schema->name, "intent") != 0) {
		char where[1024];

		snprintf(where, sizeof(where), "%s:%u", ld.name,
			 ld.map.n > 0 ? ld.map.v[0].line : 1);
		eg_log(EG_LOG_ERROR, where, "no intent: expected an <intent> element in "
		       "namespace urn:erguard:intent (or \"erguard-intent:intent\" in JSON)");
		err = EG_EINTENT;
		goto cleanup;
	}
	lr = lyd_validate_all(&tree, ctx, LYD_VALIDATE_NO_STATE, NULL);
	if (lr != LY_SUCCESS) {
		if (intent_ly_flush(&ld, ctx, tree) == 0)
			eg_log(EG_LOG_ERROR, ld.name, "the intent does not validate (libyang error %d)",
			       (int)lr);
		err = lr == LY_EMEM ? EG_ENOMEM : EG_EINTENT;
		goto cleanup;
	}
	intent_ly_flush(&ld, ctx, tree);

	if ((in = calloc(1, sizeof(*in))) == NULL || (in->source = strdup(ld.name)) == NULL) {
		err = EG_ENOMEM;
		goto cleanup;
	}
	if ((err = intent_fill(&ld, tree, in)) != EG_OK)
		goto cleanup;
	if (ld.nerr > 0) {
		err = EG_EINTENT;
		goto cleanup;
	}
	*out = in;
	in = NULL;
	err = EG_OK;
cleanup:
	if (err == EG_ENOMEM)
		eg_log(EG_LOG_ERROR, ld.name, "out of memory");
	eg_intent_free(in);
	lyd_free_all(tree);
	intent_map_clear(&ld.map);
	free(buf);
	intent_ly_end(&save);
	return err;
}

eg_err
eg_intent_load(const char *path, struct eg_intent **out)
{
	FILE *f = NULL;
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	eg_err err;

	*out = NULL;
	if (path == NULL)
		return EG_EINVAL;
	if ((f = fopen(path, "rb")) == NULL) {
		eg_log(EG_LOG_ERROR, path, "cannot open: %s", strerror(errno));
		return EG_EIO;
	}
	for (;;) {
		if (eg_grow((void **)&text, &cap, len + 65536, 1) != EG_OK) {
			err = EG_ENOMEM;
			eg_log(EG_LOG_ERROR, path, "out of memory");
			goto cleanup;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		eg_log(EG_LOG_ERROR, path, "cannot read: %s", strerror(errno));
		err = EG_EIO;
		goto cleanup;
	}
	err = eg_intent_load_mem(path, text, len, out);
cleanup:
	free(text);
	fclose(f);
	return err;
}

eg_err
eg_intent_default(struct eg_intent **out)
{
	return eg_intent_load_mem("(built-in)", eg_embed_default_intent_xml,
				  eg_embed_default_intent_xml_len, out);
}

static void
intent_device_clear(struct eg_intent_device *d)
{
	free(d->name);
	free(d->host);
	free(d->user);
	free(d->exec_command);
	free(d->identity_file);
	free(d->known_hosts);
	free(d->password_env);
}

static void
intent_service_clear(struct eg_service *s)
{
	size_t i;

	free(s->name);
	free(s->instance);
	free(s->table);
	free(s->onprem);
	free(s->azure);
	for (i = 0; i < s->ner; i++) {
		free(s->er[i].name);
		free(s->er[i].ce);
		free(s->er[i].ebgp_group);
		free(s->er[i].ibgp_group);
	}
	free(s->er);
	free(s->vpn.firewall);
	free(s->vpn.peers);
	if (s->vpn.tunnels != NULL)
		for (i = 0; i < s->vpn.npeers; i++)
			free(s->vpn.tunnels[i]);
	free(s->vpn.tunnels);
	free(s->vpn.ebgp_group);
}

void
eg_intent_free(struct eg_intent *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->ndevices; i++)
		intent_device_clear(&in->devices[i]);
	free(in->devices);
	for (i = 0; i < in->nservices; i++)
		intent_service_clear(&in->services[i]);
	free(in->services);
	free(in->source);
	free(in);
}

/* ------------------------------------------------------------ lookups */

const struct eg_intent_device *
eg_intent_device(const struct eg_intent *in, const char *name)
{
	size_t i;

	if (in == NULL || name == NULL)
		return NULL;
	for (i = 0; i < in->ndevices; i++)
		if (strcmp(in->devices[i].name, name) == 0)
			return &in->devices[i];
	return NULL;
}

const struct eg_service *
eg_intent_service(const struct eg_intent *in, const char *name)
{
	size_t i;

	if (in == NULL || name == NULL)
		return NULL;
	for (i = 0; i < in->nservices; i++)
		if (strcmp(in->services[i].name, name) == 0)
			return &in->services[i];
	return NULL;
}

const struct eg_er_link *
eg_service_er_of(const struct eg_service *svc, const char *ce)
{
	size_t i;

	if (svc == NULL || ce == NULL)
		return NULL;
	for (i = 0; i < svc->ner; i++)
		if (strcmp(svc->er[i].ce, ce) == 0)
			return &svc->er[i];
	return NULL;
}

/* ------------------------------------------------------------ printing */

/* Add a terminal child; a NULL value adds nothing. */
static LY_ERR
intent_term(struct lyd_node *parent, const struct lys_module *mod, const char *name,
	    const char *val)
{
	if (val == NULL)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, val, 0, NULL);
}

static LY_ERR
intent_term_u32(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	return lyd_new_term(parent, mod, name, buf, 0, NULL);
}

static LY_ERR
intent_term_addr(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		 const struct eg_addr *a)
{
	char buf[EG_ADDR_STRLEN];

	if (a->family == 0)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, eg_addr_fmt(a, buf), 0, NULL);
}

static LY_ERR
intent_term_prefix(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		   const struct eg_prefix *p)
{
	char buf[EG_PREFIX_STRLEN];

	if (p->addr.family == 0)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, eg_prefix_fmt(p, buf), 0, NULL);
}

static LY_ERR
intent_build_device(struct lyd_node *top, const struct lys_module *mod,
		    const struct eg_intent_device *d)
{
	struct lyd_node *dn, *ssh;
	LY_ERR r;

	if ((r = lyd_new_list(top, mod, "device", 0, &dn, d->name)) != LY_SUCCESS ||
	    (r = intent_term(dn, mod, "role", d->role == EG_ROLE_FIREWALL ? "firewall" : "ce")) ||
	    (r = intent_term(dn, mod, "host", d->host != NULL ? d->host : d->name)) ||
	    (d->port != 0 && (r = intent_term_u32(dn, mod, "port", d->port))) ||
	    (r = intent_term(dn, mod, "user", d->user)) ||
	    (r = intent_term(dn, mod, "transport",
			     d->transport == EG_TRANSPORT_EXEC ? "exec" : "ssh")))
		return r;
	if (d->transport == EG_TRANSPORT_EXEC &&
	    (r = intent_term(dn, mod, "exec-command", d->exec_command)))
		return r;
	if ((r = lyd_new_inner(dn, mod, "ssh", 0, &ssh)) ||
	    (r = intent_term(ssh, mod, "identity-file", d->identity_file)) ||
	    (r = intent_term(ssh, mod, "known-hosts", d->known_hosts)) ||
	    (r = intent_term(ssh, mod, "password-env", d->password_env)) ||
	    (r = intent_term(ssh, mod, "strict-host-key", d->strict_host_key ? "true" : "false")))
		return r;
	return LY_SUCCESS;
}

static LY_ERR
intent_build_service(struct lyd_node *top, const struct lys_module *mod,
		     const struct eg_service *s)
{
	struct lyd_node *sn, *n, *er, *l;
	size_t i;
	LY_ERR r;

	if ((r = lyd_new_list(top, mod, "service", 0, &sn, s->name)) ||
	    (r = intent_term(sn, mod, "instance", s->instance)) ||
	    (r = intent_term(sn, mod, "table", s->table)))
		return r;
	for (i = 0; i < s->nonprem; i++)
		if ((r = intent_term_prefix(sn, mod, "onprem-prefix", &s->onprem[i])))
			return r;
	for (i = 0; i < s->nazure; i++)
		if ((r = intent_term_prefix(sn, mod, "azure-prefix", &s->azure[i])))
			return r;
	if (s->onprem_test_host.family != 0 || s->azure_test_host.family != 0) {
		if ((r = lyd_new_inner(sn, mod, "test-hosts", 0, &n)) ||
		    (r = intent_term_addr(n, mod, "onprem", &s->onprem_test_host)) ||
		    (r = intent_term_addr(n, mod, "azure", &s->azure_test_host)))
			return r;
	}
	if ((r = lyd_new_inner(sn, mod, "asn", 0, &n)) ||
	    (r = intent_term_u32(n, mod, "onprem", s->asn.onprem)) ||
	    (r = intent_term_u32(n, mod, "microsoft", s->asn.microsoft)) ||
	    (r = intent_term_u32(n, mod, "azure", s->asn.azure)))
		return r;
	if ((r = lyd_new_inner(sn, mod, "expressroute", 0, &er)))
		return r;
	for (i = 0; i < s->ner; i++) {
		const struct eg_er_link *k = &s->er[i];

		if ((r = lyd_new_list(er, mod, "link", 0, &l, k->name)) ||
		    (r = intent_term(l, mod, "ce", k->ce)) ||
		    (r = intent_term_addr(l, mod, "msee-peer", &k->msee_peer)) ||
		    (r = intent_term_prefix(l, mod, "p2p-subnet", &k->p2p_subnet)) ||
		    (r = intent_term(l, mod, "ebgp-group", k->ebgp_group)) ||
		    (r = intent_term(l, mod, "ibgp-group", k->ibgp_group)) ||
		    (r = intent_term_u32(l, mod, "local-preference", k->local_pref)) ||
		    (r = intent_term_addr(l, mod, "ce-address", &k->ce_address)) ||
		    (r = intent_term_addr(l, mod, "firewall-address", &k->firewall_address)))
			return r;
	}
	if ((r = lyd_new_inner(sn, mod, "vpn", 0, &n)) ||
	    (r = intent_term(n, mod, "firewall", s->vpn.firewall)))
		return r;
	for (i = 0; i < s->vpn.npeers; i++) {
		char buf[EG_ADDR_STRLEN];

		if ((r = lyd_new_list(n, mod, "peer", 0, &l, eg_addr_fmt(&s->vpn.peers[i], buf))) ||
		    (s->vpn.tunnels != NULL &&
		     (r = intent_term(l, mod, "tunnel", s->vpn.tunnels[i]))))
			return r;
	}
	if ((r = intent_term_addr(n, mod, "local-address", &s->vpn.local_address)) ||
	    (r = intent_term(n, mod, "ebgp-group", s->vpn.ebgp_group)) ||
	    (r = intent_term_u32(n, mod, "local-preference", s->vpn.local_pref)))
		return r;
	if (s->bfd.enabled &&
	    ((r = lyd_new_inner(sn, mod, "bfd", 0, &n)) ||
	     (r = intent_term_u32(n, mod, "minimum-interval", s->bfd.min_interval_ms)) ||
	     (r = intent_term_u32(n, mod, "multiplier", s->bfd.multiplier))))
		return r;
	if ((r = lyd_new_inner(sn, mod, "prefix-budget", 0, &n)) ||
	    (r = intent_term(n, mod, "sku", s->budget.sku == EG_SKU_PREMIUM ? "premium" : "standard")) ||
	    (r = intent_term_u32(n, mod, "expressroute-limit", s->budget.er_limit)) ||
	    (r = intent_term_u32(n, mod, "vpn-limit", s->budget.vpn_limit)) ||
	    (r = intent_term_u32(n, mod, "warn-percent", s->budget.warn_percent)) ||
	    (r = intent_term_u32(sn, mod, "max-convergence", s->max_convergence_s)))
		return r;
	return LY_SUCCESS;
}

eg_err
eg_intent_print(const struct eg_intent *in, const char *format, FILE *f)
{
	struct intent_ld ld;
	struct intent_lysave save;
	struct ly_ctx *ctx = NULL;
	const struct lys_module *mod = NULL;
	struct lyd_node *top = NULL;
	LYD_FORMAT fmt;
	size_t i;
	LY_ERR r = LY_SUCCESS;
	eg_err err;

	if (in == NULL || f == NULL)
		return EG_EINVAL;
	if (format == NULL || strcmp(format, "xml") == 0)
		fmt = LYD_XML;
	else if (strcmp(format, "json") == 0)
		fmt = LYD_JSON;
	else
		return EG_EINVAL;
	memset(&ld, 0, sizeof(ld));
	ld.name = in->source != NULL ? in->source : "(intent)";
	intent_ly_begin(&save);
	if ((err = eg_yang_ctx(&ctx, INTENT_MODULE, &mod)) != EG_OK)
		goto cleanup;
	r = lyd_new_inner(NULL, mod, "intent", 0, &top);
	for (i = 0; r == LY_SUCCESS && i < in->ndevices; i++)
		r = intent_build_device(top, mod, &in->devices[i]);
	for (i = 0; r == LY_SUCCESS && i < in->nservices; i++)
		r = intent_build_service(top, mod, &in->services[i]);
	if (r == LY_SUCCESS)
		r = lyd_validate_all(&top, ctx, LYD_VALIDATE_NO_STATE, NULL);
	if (r != LY_SUCCESS) {
		/* the structures do not make a valid intent */
		if (intent_ly_flush(&ld, ctx, top) == 0)
			eg_log(EG_LOG_ERROR, ld.name, "cannot build the intent (libyang error %d)",
			       (int)r);
		err = r == LY_EMEM ? EG_ENOMEM : EG_EINTENT;
		goto cleanup;
	}
	/*
	 * Only what the structures hold: every value is written explicitly
	 * above except what the intent left unset (a device's port), whose
	 * YANG default validation just added and which must stay unset when
	 * the output is read back.
	 */
	if (lyd_print_file(f, top, fmt, LYD_PRINT_WITHSIBLINGS | LYD_PRINT_WD_EXPLICIT) != LY_SUCCESS ||
	    fflush(f) != 0 || ferror(f)) {
		intent_ly_flush(&ld, ctx, top);
		err = EG_EIO;
		goto cleanup;
	}
	err = EG_OK;
cleanup:
	lyd_free_all(top);
	intent_ly_end(&save);
	return err;
}

eg_err
eg_intent_schema(FILE *f)
{
	if (f == NULL)
		return EG_EINVAL;
	if (fwrite(eg_embed_erguard_intent_yang, 1, eg_embed_erguard_intent_yang_len, f) !=
	    eg_embed_erguard_intent_yang_len || fflush(f) != 0)
		return EG_EIO;
	return EG_OK;
}
