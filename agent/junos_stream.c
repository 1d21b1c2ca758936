/*
 * junos_stream.c - Junos replies into the model, as a stream: the core
 * that every reply parser (junos_route.c, junos_bgp.c, junos_config.c,
 * junos_misc.c) plugs into; junos_input.c picks the parser from the query
 * table.
 *
 * One pass of libxml2's SAX2 push parser over the reply, fed JS_CHUNK
 * bytes at a time; no tree is built.  Elements are matched by local name
 * whatever the release in their namespace, text is trimmed, attributes
 * are looked up by local name.  No network, no entity substitution (what
 * an entity reference stands for never reaches the parsers), and
 * libxml2's limits on names and text as without XML_PARSE_HUGE.  Subtrees marked
 * inactive="inactive" (or jcmd:active="false") are skipped whole, as is
 * the <cli> trailer of "| display xml" (its banner only names the primary
 * node).  In an SRX cluster's <multi-routing-engine-results> each node is
 * read apart and one is kept: the primary, else the first that answered
 * with data; the other nodes' rpc-errors stay as warnings.  <rpc-error>,
 * <xnm:error> and <xnm:warning> are collected wherever they appear; only
 * severity error fails the reply.  Memory is what the model keeps (once
 * per cluster node at most) plus one element path and one text buffer.
 * The reply's data root is the one the parser it is given names; only
 * elements inside it reach the parser's hooks.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "junos_int.h"

const char *const js_tok_names[T_COUNT] = {
#define X(e, str) str,
	JS_TOKENS
#undef X
};

uint16_t
js_tok(const struct js *s, int up)
{
	int i = s->depth - 1 - up;

	return i >= 0 ? s->toks[i] : T_OTHER;
}

/* True when the innermost open elements are, outermost first, the tokens given. */
bool
js_at(const struct js *s, int n, ...)
{
	va_list ap;
	bool ok = s->depth >= n;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++) {
		int want = va_arg(ap, int);
		if (ok && s->toks[s->depth - n + i] != want)
			ok = false;
	}
	va_end(ap);
	return ok;
}

static uint16_t
js_lookup(const char *name)
{
	size_t i;

	for (i = 1; i < T_COUNT; i++)
		if (strcmp(js_tok_names[i], name) == 0)
			return (uint16_t)i;
	return T_OTHER;
}

/*
 * The token of an element's local name.  The parser interns names in its
 * dictionary, which lives as long as the parse, so their pointers are
 * cached.
 */
static uint16_t
js_token(struct js *s, const xmlChar *name)
{
	size_t h = ((uintptr_t)name >> 4) & (JS_CACHE - 1), probes;
	uint16_t tok;

	for (probes = 0; probes < 8; probes++) {
		struct js_cache_slot *c = &s->cache[(h + probes) & (JS_CACHE - 1)];
		if (c->ptr == name)
			return c->tok;
		if (c->ptr == NULL)
			break;
	}
	tok = js_lookup((const char *)name);
	if (probes < 8) {
		struct js_cache_slot *c = &s->cache[(h + probes) & (JS_CACHE - 1)];
		c->ptr = name;
		c->tok = tok;
	}
	return tok;
}

/* The value of el's attribute of that local name, *len bytes long (not terminated), or NULL. */
static const char *
js_el_attr(const struct js_el *el, const char *local, size_t *len)
{
	int i;

	for (i = 0; el != NULL && i < el->nattrs; i++) {
		const xmlChar **a = el->attrs + 5 * i;

		if (strcmp((const char *)a[0], local) == 0) {
			*len = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	}
	return NULL;
}

/* The element's attribute by local name (caller frees), or NULL. */
char *
js_attr(const struct js_el *rd, const char *local)
{
	size_t n;
	const char *v = js_el_attr(rd, local, &n);

	return v != NULL ? (char *)xmlStrndup((const xmlChar *)v, (int)n) : NULL;
}

static void
js_text_append(struct js *s, const char *t, size_t n)
{
	void *arr = s->text;

	eg_grow(&arr, &s->tcap, s->tlen + n + 1, 1);
	s->text = arr;
	memcpy(s->text + s->tlen, t, n);
	s->tlen += n;
	s->text[s->tlen] = '\0';
}

/* The current element's trimmed text, in place. */
static char *
js_text(struct js *s)
{
	char *t, *e;

	if (s->text == NULL || s->tlen == 0)
		return (char *)"";
	t = s->text;
	while (JS_XML_SPACE(*t))
		t++;
	e = s->text + s->tlen;
	while (e > t && JS_XML_SPACE(e[-1]))
		e--;
	*e = '\0';
	return t;
}

void
js_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void
js_str_set(struct js *s, char **dst, const char *v)
{
	char *c = eg_xstrdup(v);

	(void)s;
	free(*dst);
	*dst = c;
}

void
js_strv_push(struct js *s, char ***v, size_t *n, const char *val)
{
	(void)s;
	*v = eg_xrealloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = eg_xstrdup(val);
}

void
js_u32(const char *t, uint32_t *out)
{
	uint32_t v;

	if (eg_parse_u32(t, &v) == EG_OK)
		*out = v;
}

/* "0.900" seconds -> 900 ms */
uint32_t
js_seconds_ms(const char *t)
{
	double d;
	char *end;

	d = strtod(t, &end);
	if (end == t || d < 0 || d > 4e6)
		return 0;
	return (uint32_t)(d * 1000.0 + 0.5);
}

static void js_stop(struct js *s);

/*
 * A new zeroed entry at the end of *arr.  Past JS_MAXITEMS_LIST entries the
 * reply fails and the parse stops; the caller still gets somewhere to write
 * (a scratch entry no list holds) for the element being started.
 */
void *
js_append(struct js *s, void **arr, size_t *n, size_t esize)
{
	char *p;

	if (*n >= JS_MAXITEMS_LIST) {
		if (s->errmsg[0] == '\0') {
			snprintf(s->errmsg, sizeof(s->errmsg),
				 "more than %d <%s> elements in one list: no Junos reply to this "
				 "query holds so many", JS_MAXITEMS_LIST, js_tok_names[s->cur]);
			s->errline = s->ctxt->input != NULL ? s->ctxt->input->line : 0;
			js_stop(s);
		}
		free(s->spill);
		s->spill = eg_xcalloc(1, esize);
		return s->spill;
	}
	p = eg_xrealloc(*arr, (*n + 1) * esize);
	*arr = p;
	memset(p + *n * esize, 0, esize);
	return p + (*n)++ * esize;
}


/* ------------------------------------------------------------ rpc-error */

static bool
js_is_error_elem(struct js *s, const char *name)
{
	const xmlChar *ns;

	if (s->cur == T_RPC_ERROR)
		return true;
	if ((s->cur != T_ERROR) && (s->cur != T_WARNING))
		return false;
	ns = s->rd->uri;
	return ns != NULL && strstr((const char *)ns, "xnm") != NULL;
}

static void
js_rpcerr_leaf(struct js *s, const char *name, const char *t)
{
	struct eg_rpc_error *e = &s->rerr.e;

	if (s->depth - 1 != s->rerr.depth + 1 && (s->cur != T_BAD_ELEMENT))
		return;
	if (s->cur == T_ERROR_SEVERITY)
		js_str_set(s, &s->rerr.severity, t);
	else if ((s->cur == T_ERROR_MESSAGE) || (s->cur == T_MESSAGE))
		js_str_set(s, &e->message, t);
	else if (s->cur == T_ERROR_TYPE)
		js_str_set(s, &e->type, t);
	else if (s->cur == T_ERROR_TAG)
		js_str_set(s, &e->tag, t);
	else if ((s->cur == T_ERROR_PATH) || (s->cur == T_EDIT_PATH))
		js_str_set(s, &e->path, t);
	else if (s->cur == T_BAD_ELEMENT)
		js_str_set(s, &e->bad_element, t);
	else if (s->cur == T_SOURCE_DAEMON)
		js_str_set(s, &e->source_daemon, t);
}

static void
js_rpcerr_end(struct js *s)
{
	struct eg_rpc_errors *w = &s->o->warnings;
	struct eg_rpc_error *items;

	s->rerr.active = false;
	if (s->rerr.severity != NULL)
		s->rerr.e.is_error = strcasecmp(s->rerr.severity, "warning") != 0;
	free(s->rerr.severity);
	s->rerr.severity = NULL;
	items = eg_xrealloc(w->items, (w->nitems + 1) * sizeof(*items));
	w->items = items;
	items[w->nitems++] = s->rerr.e;
	memset(&s->rerr.e, 0, sizeof(s->rerr.e));
}

/* ------------------------------------------------------------ dispatch */

/*
 * The roots of replies erguard reads or may be sent instead (text or set
 * configuration, interfaces, plain CLI output): a reply holding one of
 * these and not the expected root answered another question.
 */
static bool
js_is_data_root(uint16_t tok)
{
	switch (tok) {
	case T_CONFIGURATION: case T_ROUTE_INFORMATION: case T_BGP_INFORMATION:
	case T_BFD_SESSION_INFORMATION: case T_INSTANCE_INFORMATION: case T_TRACEROUTE_RESULTS:
	case T_CONFIGURATION_TEXT: case T_CONFIGURATION_SET: case T_CONFIGURATION_JSON:
	case T_CONFIGURATION_INFORMATION: case T_INTERFACE_INFORMATION: case T_OUTPUT:
		return true;
	default:
		return false;
	}
}

/* Forget the per-node parse state: the next node starts afresh. */
static void
js_item_reset(struct js *s)
{
	s->root_seen = false;
	s->table_seen = false;
	s->table_ok = false;
	s->peer = NULL;
	s->bs = NULL;
	s->ic = NULL;
	s->grp = NULL;
	s->nb = NULL;
	s->pol = NULL;
	s->term = NULL;
	s->plist = NULL;
	s->hop = NULL;
	s->inst = NULL;
}

/* Put the current payload aside as node i's. */
static void
js_item_stash(struct js *s, int i)
{
	struct js_item *it = &s->items[i];

	it->data.q.kind = s->o->q.kind;
	it->data.data = s->o->data;
	it->data.u = s->o->u;
	it->root_seen = s->root_seen;
	it->table_seen = s->table_seen;
	it->warn_end = s->o->warnings.nitems;
	memset(&s->o->u, 0, sizeof(s->o->u));
}

/* A <multi-routing-engine-item> opens: the previous node's data is put aside. */
static void
js_item_begin(struct js *s)
{
	int i = s->mre_items++;

	if (i > 0) {
		js_item_stash(s, i - 1);
		js_item_reset(s);
		if (eg_obs_data_new(s->o, s->data) != EG_OK)
			s->err = EG_EINTERNAL;
	}
	s->items[i].warn_first = s->o->warnings.nitems;
}

static void
js_items_free(struct js *s)
{
	int i;

	for (i = 0; i < JS_MAXITEMS; i++)
		eg_obs_clear_data(&s->items[i].data);
}

/*
 * After the last node: keep the primary node's data (named by the CLI
 * banner), else the first node that answered with data, else the first.
 * rpc-errors of the other nodes stay as warnings: they do not concern
 * the data kept.
 */
static void
js_items_choose(struct js *s)
{
	int n = s->mre_items, i, pick = -1;
	size_t w;

	if (n < 2)
		return;
	js_item_stash(s, n - 1);
	for (i = 0; i < n && pick < 0 && s->primary[0] != '\0'; i++)
		if (s->items[i].root_seen && strcmp(s->items[i].name, s->primary) == 0)
			pick = i;
	for (i = 0; i < n && pick < 0; i++)
		if (s->items[i].root_seen)
			pick = i;
	if (pick < 0)
		pick = 0;
	s->o->u = s->items[pick].data.u;
	memset(&s->items[pick].data.u, 0, sizeof(s->items[pick].data.u));
	s->items[pick].data.data = EG_QD_NONE;
	s->root_seen = s->items[pick].root_seen;
	s->table_seen = s->items[pick].table_seen;
	for (i = 0; i < n; i++) {
		if (i == pick)
			continue;
		for (w = s->items[i].warn_first; w < s->items[i].warn_end &&
		     w < s->o->warnings.nitems; w++)
			s->o->warnings.items[w].is_error = false;
	}
	js_items_free(s);
}

static bool
js_in_data(const struct js *s)
{
	return s->inside[s->want_tok] > 0;
}

static void
js_start(struct js *s, const char *name)
{
	bool above = s->inside[s->want_tok] > (s->cur == s->want_tok ? 1u : 0u);

	if ((s->cur == s->want_tok || js_is_data_root(s->cur)) && !above && !s->rerr.active) {
		if (s->cur == s->want_tok)
			s->root_seen = true;
		else if (s->other_root[0] == '\0')
			js_copy(s->other_root, sizeof(s->other_root), name);
	}
	if (js_in_data(s))
		s->parser->start(s, name);
}

static void
js_end(struct js *s, const char *name)
{
	char *t = js_text(s);

	if (s->rerr.active) {
		if (s->depth - 1 == s->rerr.depth)
			js_rpcerr_end(s);
		else
			js_rpcerr_leaf(s, name, t);
		return;
	}
	if (s->cur == T_RE_NAME && js_tok(s, 1) == T_MULTI_ROUTING_ENGINE_ITEM &&
	    s->mre_items > 0 && !js_in_data(s)) {
		js_copy(s->items[s->mre_items - 1].name, sizeof(s->items[0].name), t);
		return;
	}
	if (js_in_data(s))
		s->parser->end(s, name, t);
}

/* One whole line of libxml2's own: logged naming the reply once, and the reason if none yet. */
static void
js_generic_line(struct js *s, char *line)
{
	char *e = line + strlen(line);

	while (JS_XML_SPACE(*line))
		line++;
	while (e > line && JS_XML_SPACE(e[-1]))
		*--e = '\0';
	if (*line == '\0' || strcmp(line, s->gen_last) == 0)
		return;
	js_copy(s->gen_last, sizeof(s->gen_last), line);
	eg_log(EG_LOG_WARN, s->where, "libxml2: %s", line);
	if (s->errmsg[0] == '\0')
		js_copy(s->errmsg, sizeof(s->errmsg), line);
}

/*
 * libxml2's generic messages (its encoders' and input layer's, which the
 * parser's error handler does not see) would go to stderr naming nothing;
 * each call here is one message, logged naming the reply.
 */
static void __attribute__((format(printf, 2, 3)))
js_generic_error(void *ctx, const char *fmt, ...)
{
	struct js *s = ctx;
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	js_generic_line(s, line);
}

/*
 * The parse state of the handlers' context: the parser's (also for the
 * replacement text of entities, which libxml2 parses apart).
 */
static struct js *
js_of(void *ctx)
{
	return ctx != NULL ? ((xmlParserCtxtPtr)ctx)->_private : NULL;
}

/*
 * The parser's errors (its warnings are not heard): the first is kept,
 * with the line the parser stopped at, not where the element it
 * complains about opened.
 */
static void __attribute__((format(printf, 2, 3)))
js_parser_error(void *arg, const char *fmt, ...)
{
	struct js *s = js_of(arg);
	xmlParserCtxtPtr ctxt = s != NULL ? s->ctxt : NULL;
	va_list ap;
	size_t n;

	if (s == NULL || s->errmsg[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	n = strlen(s->errmsg);
	while (n > 0 && isspace((unsigned char)s->errmsg[n - 1]))
		s->errmsg[--n] = '\0';
	if (n == 0)
		js_copy(s->errmsg, sizeof(s->errmsg), "malformed XML");
	if (ctxt == NULL)
		return;
	if (ctxt->input != NULL)
		s->errline = ctxt->input->line;
	/* what is open tells a reply cut short from one followed by junk, which libxml2 words alike */
	if (ctxt->nameNr > 0 && ctxt->name != NULL)
		js_copy(s->err_open, sizeof(s->err_open), (const char *)ctxt->name);
}

static void __attribute__((format(printf, 2, 3)))
js_parser_warning(void *arg, const char *fmt, ...)
{
	(void)arg;
	(void)fmt;
}

/* Stop the parse: the reply failed (s->errmsg) or reading it did (s->err). */
static void
js_stop(struct js *s)
{
	xmlStopParser(s->ctxt);
}

/*
 * The parse's own events, not those of an entity's replacement text,
 * which libxml2 replays through the same handlers: references to
 * entities are not substituted.
 */
static bool
js_mine(const struct js *s)
{
	return s->ctxt->depth == 0 && s->err == EG_OK && s->errmsg[0] == '\0';
}

/* Should the element just opened be skipped with its subtree? */
static bool
js_skip(struct js *s)
{
	const char *v;
	size_t n;

	if (s->cur == T_CLI && s->depth <= 2) {
		/* its text holds the banner naming the cluster's primary node */
		s->skip_cli = true;
		s->tlen = 0;
		return true;
	}
	if (s->cur == T_MULTI_ROUTING_ENGINE_ITEM && !js_in_data(s)) {
		if (s->mre_items >= JS_MAXITEMS)
			return true;
		js_item_begin(s);
	}
	if (s->rd->nattrs == 0)
		return false;
	/* inactive="inactive" (Junos XML) or jcmd:active="false" (YANG sessions) */
	if ((v = js_el_attr(s->rd, "inactive", &n)) != NULL && n == 8 && memcmp(v, "inactive", 8) == 0)
		return true;
	return (v = js_el_attr(s->rd, "active", &n)) != NULL && n == 5 && memcmp(v, "false", 5) == 0;
}

/* The CLI trailer was skipped: its banner names the primary node, "{primary:node0}". */
static void
js_cli_done(struct js *s)
{
	const char *p = s->tlen > 0 ? strstr(s->text, "primary:") : NULL;

	s->skip_cli = false;
	if (p != NULL) {
		size_t n = strcspn(p + 8, "}\r\n\t ");
		if (n < sizeof(s->primary)) {
			memcpy(s->primary, p + 8, n);
			s->primary[n] = '\0';
		}
	}
	s->tlen = 0;
	if (s->text)
		s->text[0] = '\0';
}

static void
js_sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
	     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
	     const xmlChar **attributes)
{
	struct js *s = js_of(ctx);
	struct js_el el = { uri, nb_attributes, attributes };
	const char *name = (const char *)localname;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (s == NULL || !js_mine(s))
		return;
	if (s->skip > 0) {
		s->skip++;
		return;
	}
	s->any_element = true;
	s->rd = &el;
	s->cur = js_token(s, localname);
	if (js_skip(s)) {
		s->skip = 1;
		s->rd = NULL;
		return;
	}
	if (s->depth >= JS_MAXDEPTH) {
		/* Junos nests a dozen deep: this is no reply of its */
		snprintf(s->errmsg, sizeof(s->errmsg), "elements nested deeper than %d, at <%s>",
			 JS_MAXDEPTH, name);
		s->errline = s->ctxt->input != NULL ? s->ctxt->input->line : 0;
		s->rd = NULL;
		js_stop(s);
		return;
	}
	s->names[s->depth] = name;
	s->toks[s->depth] = s->cur;
	s->inside[s->cur]++;
	s->depth++;
	s->tlen = 0;
	if (s->text)
		s->text[0] = '\0';
	if (!s->rerr.active && js_is_error_elem(s, name)) {
		memset(&s->rerr, 0, sizeof(s->rerr));
		s->rerr.active = true;
		s->rerr.depth = s->depth - 1;
		s->rerr.e.is_error = (s->cur != T_WARNING);
	} else if (!s->rerr.active) {
		js_start(s, name);
	}
	s->rd = NULL;
	if (s->err != EG_OK)
		js_stop(s);
}

static void
js_sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct js *s = js_of(ctx);

	(void)localname;
	(void)prefix;
	(void)uri;
	if (s == NULL || !js_mine(s))
		return;
	if (s->skip > 0) {
		if (--s->skip == 0 && s->skip_cli)
			js_cli_done(s);
		return;
	}
	if (s->depth > 0) {
		s->cur = s->toks[s->depth - 1];
		js_end(s, s->names[s->depth - 1]);
		s->inside[s->toks[s->depth - 1]]--;
		s->depth--;
	}
	s->tlen = 0;
	if (s->text)
		s->text[0] = '\0';
	if (s->err != EG_OK)
		js_stop(s);
}

static void
js_sax_text(void *ctx, const xmlChar *ch, int len)
{
	struct js *s = js_of(ctx);

	if (s == NULL || !js_mine(s) || (s->skip > 0 && !s->skip_cli) || len <= 0)
		return;
	/* the bound libxml2 puts on a text node when it builds a tree */
	if (s->tlen + (size_t)len > XML_MAX_TEXT_LENGTH) {
		js_copy(s->errmsg, sizeof(s->errmsg), "xmlSAX2Characters: huge text node");
		s->errline = s->ctxt->input != NULL ? s->ctxt->input->line : 0;
		js_stop(s);
		return;
	}
	js_text_append(s, (const char *)ch, (size_t)len);
}

/* Feed the reply to a push parser over s, JS_CHUNK bytes at a time; false on a read error. */
static bool
js_feed(struct js *s, const struct js_src *src, xmlSAXHandler *sax)
{
	char *buf = NULL;
	size_t off = 0;
	bool ok = true;
	int n = 0, head;

	if (src->read != NULL) {
		buf = eg_xcalloc(1, JS_CHUNK);
		/* the first bytes tell the encoding: they open the parse, as libxml2's reader does */
		while (n < 4) {
			int r = src->read(src->ctx, buf + n, JS_CHUNK - n);
			if (r <= 0) {
				ok = r == 0;
				break;
			}
			n += r;
		}
	} else {
		n = src->len < JS_CHUNK ? (int)src->len : JS_CHUNK;
	}
	head = n < 4 ? 0 : 4;
	/* libxml2's SAX2 handlers the core keeps want the parser as their context */
	s->ctxt = xmlCreatePushParserCtxt(sax, NULL, src->read ? buf : src->buf, head, src->url);
	if (s->ctxt == NULL)
		eg_oom(__func__);
	s->ctxt->_private = s;
	xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (src->read == NULL) {
		for (off = (size_t)head; off < src->len && ok; off += JS_CHUNK) {
			size_t k = src->len - off < JS_CHUNK ? src->len - off : JS_CHUNK;
			if (xmlParseChunk(s->ctxt, src->buf + off, (int)k, 0) != 0 || s->ctxt->disableSAX)
				break;
		}
	} else if (ok) {
		if (n > head)
			xmlParseChunk(s->ctxt, buf + head, n - head, 0);
		while (!s->ctxt->disableSAX && s->ctxt->instate != XML_PARSER_EOF) {
			int r = src->read(src->ctx, buf, JS_CHUNK);
			if (r <= 0) {
				ok = r == 0;
				break;
			}
			xmlParseChunk(s->ctxt, buf, r, 0);
		}
	}
	if (ok)
		xmlParseChunk(s->ctxt, NULL, 0, 1);
	free(buf);
	return ok;
}

static eg_err
js_run(struct js *s, const struct js_src *src)
{
	xmlSAXHandler sax;
	bool ok;
	int wf;

	/* libxml2's own SAX2 handlers keep the DTD's declarations; elements and text come here */
	memset(&sax, 0, sizeof(sax));
	xmlSAXVersion(&sax, 2);
	sax.startElementNs = js_sax_start;
	sax.endElementNs = js_sax_end;
	sax.startElement = NULL;
	sax.endElement = NULL;
	sax.characters = js_sax_text;
	sax.cdataBlock = js_sax_text;
	sax.ignorableWhitespace = js_sax_text;
	sax.reference = NULL;
	sax.comment = NULL;
	sax.processingInstruction = NULL;
	sax.error = js_parser_error;
	sax.fatalError = js_parser_error;
	sax.warning = js_parser_warning;
	sax.serror = NULL;
	ok = js_feed(s, src, &sax);
	wf = s->ctxt->wellFormed;
	if (s->ctxt->myDoc != NULL)
		xmlFreeDoc(s->ctxt->myDoc);
	s->ctxt->myDoc = NULL;
	xmlFreeParserCtxt(s->ctxt);
	s->ctxt = NULL;
	if (s->err != EG_OK)
		return s->err;
	if (!ok && s->errmsg[0] == '\0')
		js_copy(s->errmsg, sizeof(s->errmsg), "read error");
	return ok && wf && s->errmsg[0] == '\0' ? EG_OK : EG_EPARSE;
}

/*
 * libxml2 says "Extra content at the end of the document" for any input
 * that does not end where the document does, read through a callback:
 * nothing but blanks, a reply cut short, and junk after the reply.  Say
 * which of the first two it was.
 */
static void
js_explain_eof(struct js *s)
{
	if (strcmp(s->errmsg, "Extra content at the end of the document") != 0)
		return;
	if (!s->any_element) {
		js_copy(s->errmsg, sizeof(s->errmsg), "no XML element in it (empty, or not "
			"the output of '| display xml')");
		s->errline = 0;
	} else if (s->err_open[0] != '\0') {
		snprintf(s->errmsg, sizeof(s->errmsg), "truncated: it ends inside <%s>",
			 s->err_open);
	}
}

eg_err
js_parse(const struct js_src *src, const char *where, struct eg_obs *o,
	 const struct eg_junos_parser *parser, enum eg_qdata data)
{
	struct js *s;
	const struct eg_rpc_error *re;
	eg_err err;

	eg_obs_clear_data(o);
	if (src == NULL) {
		eg_obs_fail(o, EG_EIO, "%s: cannot read the reply", where);
		return o->status;
	}
	s = eg_xcalloc(1, sizeof(*s));
	s->o = o;
	s->where = where;
	s->parser = parser;
	s->data = data;
	s->want_root = parser->root;
	s->want_tok = js_lookup(s->want_root);
	xmlSetGenericErrorFunc(s, js_generic_error);
	err = eg_obs_data_new(o, data);
	if (err == EG_OK && s->parser->begin != NULL)
		s->parser->begin(s);
	if (err == EG_OK)
		err = js_run(s, src);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (err == EG_OK && s->errmsg[0] == '\0')
		js_items_choose(s);
	js_items_free(s);
	if (s->rerr.active) {
		free(s->rerr.severity);
		free(s->rerr.e.type);
		free(s->rerr.e.tag);
		free(s->rerr.e.message);
		free(s->rerr.e.path);
		free(s->rerr.e.bad_element);
		free(s->rerr.e.source_daemon);
	}
	re = eg_rpc_errors_first(&o->warnings);
	if (err == EG_EINTERNAL) {
		eg_obs_fail(o, EG_EINTERNAL, "%s: no payload for the reply", where);
	} else if (err != EG_OK || s->errmsg[0] != '\0') {
		js_explain_eof(s);
		if (s->errline > 0)
			eg_obs_fail(o, EG_EPARSE, "%s:%d: malformed reply: %s", where, s->errline,
				    s->errmsg[0] ? s->errmsg : "XML error");
		else
			eg_obs_fail(o, EG_EPARSE, "%s: malformed reply: %s", where,
				    s->errmsg[0] ? s->errmsg : "XML error");
	} else if (re != NULL) {
		eg_obs_fail(o, EG_ERPC, "%s: rpc-error: %s%s%s", where,
			    re->message ? re->message : "(no message)",
			    re->bad_element ? " (bad element: " : "",
			    re->bad_element ? re->bad_element : "");
		if (re->bad_element && o->why) {
			char *w = NULL;
			if (asprintf(&w, "%s)", o->why) >= 0) {
				free(o->why);
				o->why = w;
			}
		}
	} else if (!s->root_seen) {
		if (s->other_root[0] != '\0')
			eg_obs_fail(o, EG_EPARSE, "%s: expected <%s>%s, the reply holds <%s>", where,
				    s->want_root, s->parser->root_format,
				    s->other_root);
		else
			eg_obs_fail(o, EG_EPARSE, "%s: the reply holds no <%s>", where, s->want_root);
	} else if (s->parser->finish == NULL || s->parser->finish(s) == EG_OK) {
		o->status = EG_OK;
	}
	if (o->status != EG_OK) {
		/* keep the warnings and the reason, drop half-read data */
		struct eg_rpc_errors keep = o->warnings;
		char *why = o->why;
		eg_err st = o->status;
		o->warnings.items = NULL;
		o->warnings.nitems = 0;
		o->why = NULL;
		eg_obs_clear_data(o);
		o->warnings = keep;
		o->why = why;
		o->status = st;
	}
	free(s->text);
	free(s->spill);
	free(s);
	return o->status;
}
