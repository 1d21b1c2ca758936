/*
 * junos_stream.c - Junos replies into the model, as a stream.
 *
 * One pass of libxml2's xmlTextReader over the reply; elements are matched
 * by local name whatever the release in their namespace, text is trimmed,
 * attributes are looked up by local name.  Subtrees marked
 * inactive="inactive" (or jcmd:active="false") are skipped whole, as is
 * the <cli> trailer of "| display xml" (its banner only names the primary
 * node).  In an SRX cluster's <multi-routing-engine-results> each node is
 * read apart and one is kept: the primary, else the first that answered
 * with data; the other nodes' rpc-errors stay as warnings.  <rpc-error>,
 * <xnm:error> and <xnm:warning> are collected wherever they appear; only
 * severity error fails the reply.  Memory is what the model keeps (once
 * per cluster node at most) plus one element path and one text buffer.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "junos.h"

#define JS_MAXDEPTH 48
#define JS_NAMELEN 64

/*
 * Element names the parser acts on, as small integers: each element's
 * local name is mapped once (through a cache keyed by libxml2's interned
 * name pointer), so that matching is an integer compare and "inside X"
 * a counter, whatever the size of the reply.
 */
#define JS_TOKENS \
	X(OTHER, "") \
	X(ACCEPT, "accept")\
	X(ACCEPTED_PREFIX_COUNT, "accepted-prefix-count")\
	X(ACTIVE_PREFIX_COUNT, "active-prefix-count")\
	X(ACTIVE_TAG, "active-tag")\
	X(ADDRESS, "address")\
	X(ADVERTISED_PREFIX_COUNT, "advertised-prefix-count")\
	X(AS_PATH, "as-path")\
	X(ASPATH_EFFECTIVE_STRING, "aspath-effective-string")\
	X(ATTR_AS_PATH_EFFECTIVE, "attr-as-path-effective")\
	X(ATTR_VALUE, "attr-value")\
	X(BAD_ELEMENT, "bad-element")\
	X(BFD_CLIENT, "bfd-client")\
	X(BFD_LIVENESS_DETECTION, "bfd-liveness-detection")\
	X(BFD_OPERATIONAL_STATE, "bfd-operational-state")\
	X(BFD_SESSION, "bfd-session")\
	X(BFD_SESSION_INFORMATION, "bfd-session-information")\
	X(BGP, "bgp")\
	X(BGP_ERROR, "bgp-error")\
	X(BGP_INFORMATION, "bgp-information")\
	X(BGP_OPTION_INFORMATION, "bgp-option-information")\
	X(BGP_OUTPUT_QUEUE, "bgp-output-queue")\
	X(BGP_PEER, "bgp-peer")\
	X(BGP_RIB, "bgp-rib")\
	X(CLI, "cli")\
	X(CLIENT_NAME, "client-name")\
	X(COMMUNITY, "community")\
	X(CONFIGURATION, "configuration")\
	X(CONFIGURATION_INFORMATION, "configuration-information")\
	X(CONFIGURATION_JSON, "configuration-json")\
	X(CONFIGURATION_SET, "configuration-set")\
	X(CONFIGURATION_TEXT, "configuration-text")\
	X(CURRENT_ACTIVE, "current-active")\
	X(DESCRIPTION, "description")\
	X(DETECTION_MULTIPLIER, "detection-multiplier")\
	X(EDIT_PATH, "edit-path")\
	X(ELAPSED_TIME, "elapsed-time")\
	X(ERROR, "error")\
	X(ERROR_MESSAGE, "error-message")\
	X(ERROR_PATH, "error-path")\
	X(ERROR_SEVERITY, "error-severity")\
	X(ERROR_TAG, "error-tag")\
	X(ERROR_TYPE, "error-type")\
	X(EXACT, "exact")\
	X(EXPORT, "export")\
	X(FLAP_COUNT, "flap-count")\
	X(FROM, "from")\
	X(GROUP, "group")\
	X(HOP, "hop")\
	X(IMPORT, "import")\
	X(INSTANCE, "instance")\
	X(INSTANCE_CORE, "instance-core")\
	X(INSTANCE_INFORMATION, "instance-information")\
	X(INSTANCE_NAME, "instance-name")\
	X(INSTANCE_RIB, "instance-rib")\
	X(INSTANCE_STATE, "instance-state")\
	X(INSTANCE_TYPE, "instance-type")\
	X(INTERFACE, "interface")\
	X(INTERFACE_INFORMATION, "interface-information")\
	X(IP_ADDRESS, "ip-address")\
	X(IRIB_ACTIVE_COUNT, "irib-active-count")\
	X(IRIB_NAME, "irib-name")\
	X(LEARNED_FROM, "learned-from")\
	X(LIST_NAME, "list_name")\
	X(LOCAL_ADDRESS, "local-address")\
	X(LOCAL_PREFERENCE, "local-preference")\
	X(LONGER, "longer")\
	X(MED, "med")\
	X(MESSAGE, "message")\
	X(MINIMUM_INTERVAL, "minimum-interval")\
	X(MINIMUM_RECEPTION_INTERVAL, "minimum-reception-interval")\
	X(MINIMUM_TRANSMISSION_INTERVAL, "minimum-transmission-interval")\
	X(MULTI_ROUTING_ENGINE_ITEM, "multi-routing-engine-item")\
	X(MULTIPLIER, "multiplier")\
	X(NAME, "name")\
	X(NEIGHBOR, "neighbor")\
	X(NH, "nh")\
	X(NH_LOCAL_INTERFACE, "nh-local-interface")\
	X(ORLONGER, "orlonger")\
	X(OUTPUT, "output")\
	X(PEER_ADDRESS, "peer-address")\
	X(PEER_AS, "peer-as")\
	X(PEER_CFG_RTI, "peer-cfg-rti")\
	X(PEER_GROUP, "peer-group")\
	X(PEER_STATE, "peer-state")\
	X(POLICY_OPTIONS, "policy-options")\
	X(POLICY_STATEMENT, "policy-statement")\
	X(PREFIX_LENGTH_RANGE, "prefix-length-range")\
	X(PREFIX_LIST, "prefix-list")\
	X(PREFIX_LIST_FILTER, "prefix-list-filter")\
	X(PREFIX_LIST_ITEM, "prefix-list-item")\
	X(PROTOCOL_NAME, "protocol-name")\
	X(PROTOCOLS, "protocols")\
	X(RE_NAME, "re-name")\
	X(RECEIVED_PREFIX_COUNT, "received-prefix-count")\
	X(REJECT, "reject")\
	X(ROUTE_FILTER, "route-filter")\
	X(ROUTE_INFORMATION, "route-information")\
	X(ROUTE_TABLE, "route-table")\
	X(ROUTING_INSTANCES, "routing-instances")\
	X(RPC_ERROR, "rpc-error")\
	X(RT, "rt")\
	X(RT_DESTINATION, "rt-destination")\
	X(RT_ENTRY, "rt-entry")\
	X(RT_PREFIX_LENGTH, "rt-prefix-length")\
	X(RTT, "rtt")\
	X(SELECTED_NEXT_HOP, "selected-next-hop")\
	X(SESSION_ADAPTIVE_MULTIPLIER, "session-adaptive-multiplier")\
	X(SESSION_DETECTION_TIME, "session-detection-time")\
	X(SESSION_INTERFACE, "session-interface")\
	X(SESSION_NEIGHBOR, "session-neighbor")\
	X(SESSION_STATE, "session-state")\
	X(SESSION_TRANSMISSION_INTERVAL, "session-transmission-interval")\
	X(SOURCE_DAEMON, "source-daemon")\
	X(TABLE_NAME, "table-name")\
	X(TARGET_IP, "target-ip")\
	X(TERM, "term")\
	X(THEN, "then")\
	X(THROUGH, "through")\
	X(TO, "to")\
	X(TRACEROUTE_RESULTS, "traceroute-results")\
	X(TRACEROUTE_SUCCESS, "traceroute-success")\
	X(TTL_VALUE, "ttl-value")\
	X(TYPE, "type")\
	X(UPTO, "upto")\
	X(VIA, "via")\
	X(WARNING, "warning")

enum js_tok {
#define X(e, str) T_##e,
	JS_TOKENS
#undef X
	T_COUNT
};

static const char *const js_tok_names[] = {
#define X(e, str) str,
	JS_TOKENS
#undef X
};

#define JS_CACHE 1024		/* power of two; names of a reply are far fewer */

struct js_cache_slot {
	const xmlChar *ptr;
	uint16_t tok;
};

/* ------------------------------------------------------------ parse state */

struct js_entry {		/* one rt-entry being read */
	struct eg_path p;
	char aspath[512];
	bool have_aspath;
	char aspath_eff[512];	/* bgp-path-attributes/attr-as-path-effective */
	char comm[1024];
	bool nh_chosen;		/* a selected next hop was recorded */
	bool nh_seen;		/* some nh was recorded (the first is the fallback) */
	bool nh_sel;		/* the current nh is the selected one */
	char nh_to[64], nh_via[64];	/* the next hop kept */
	char cur_to[64], cur_via[64];	/* the nh being read: "selected" may come last */
};

/*
 * An SRX cluster answers per node inside <multi-routing-engine-item>; each
 * node's data is read into its own payload and the primary node's is kept.
 */
#define JS_MAXITEMS 4

struct js_item {
	char name[32];			/* re-name: "node0" */
	bool root_seen;
	bool table_seen;
	size_t warn_first, warn_end;	/* its rpc-errors in o->warnings */
	eg_err err;			/* what js_alloc_payload said */
	struct eg_obs data;		/* only q.kind and u are used */
};

struct js_rpcerr {
	bool active;
	int depth;
	struct eg_rpc_error e;
	char *severity;
};

struct js {
	xmlTextReaderPtr rd;
	struct eg_obs *o;
	const char *where;
	/* open elements' local names: the reader's dictionary strings, valid while it lives */
	const char *names[JS_MAXDEPTH];
	uint16_t toks[JS_MAXDEPTH];
	int depth;			/* number of open elements */
	uint16_t cur;			/* token of the element being handled */
	uint32_t inside[T_COUNT];	/* open elements per token */
	struct js_cache_slot cache[JS_CACHE];
	uint16_t want_tok;
	char *text;
	size_t tlen, tcap;
	char errmsg[256];
	int errline;
	bool any_element;		/* an element was read: the input is XML of some kind */
	char err_open[JS_NAMELEN];	/* the element still open at the first error, or "" */

	/* the data root the query expects, and what was found */
	const char *want_root;
	bool root_seen;
	char other_root[JS_NAMELEN];
	int mre_items;			/* multi-routing-engine-item seen */
	struct js_item items[JS_MAXITEMS];
	char primary[32];		/* from the CLI banner "{primary:node0}" */

	struct js_rpcerr rerr;

	/* routes */
	bool table_ok;			/* current route-table is the one asked for */
	bool table_seen;
	char rt_dest[64], rt_len[8];
	struct js_entry ent;

	/* bgp */
	struct eg_bgp_peer *peer;
	bool rib_match;			/* current bgp-rib is the instance's table */
	bool rib_exact, rib_any;	/* this peer's counts: from that table, from any */
	char rib_want[128];		/* the instance's table: "Cust11.inet.0" */
	char rib_name[128];
	uint32_t rib_act, rib_rcv, rib_acc, rib_adv;

	/* bfd */
	struct eg_bfd_session *bs;

	/* configuration */
	struct eg_instance_cfg *ic;
	struct eg_bgp_group_cfg *grp;
	struct eg_bgp_neighbor_cfg *nb;
	struct eg_policy *pol;
	struct eg_policy_term *term;
	bool term_implicit;		/* a policy-level from made an unnamed term */
	size_t term_implicit_idx;	/* its index in pol->terms */
	struct eg_prefix_list *plist;
	char rf_addr[64], rf_match[96];	/* route-filter being read */

	/* traceroute / instances */
	struct eg_trace_hop *hop;
	struct eg_instance_info *inst;

	eg_err err;			/* allocation failure while reading */
};

static uint16_t
js_tok(const struct js *s, int up)
{
	int i = s->depth - 1 - up;

	return i >= 0 ? s->toks[i] : T_OTHER;
}

/* True when the innermost open elements are, outermost first, the tokens given. */
static bool
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
 * The token of an element name from the reader.  Names libxml2 interned in
 * the reader's dictionary live as long as the reader, so their pointers
 * are cached; any other name is looked up by value every time.
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
	if (probes < 8 && xmlTextReaderConstString(s->rd, name) == name) {
		struct js_cache_slot *c = &s->cache[(h + probes) & (JS_CACHE - 1)];
		c->ptr = name;
		c->tok = tok;
	}
	return tok;
}

/* The element's attribute by local name (caller frees), or NULL. */
static char *
js_attr(xmlTextReaderPtr rd, const char *local)
{
	char *v = NULL;

	if (xmlTextReaderMoveToFirstAttribute(rd) != 1)
		return NULL;
	do {
		const xmlChar *ln = xmlTextReaderConstLocalName(rd);
		if (ln != NULL && strcmp((const char *)ln, local) == 0) {
			v = (char *)xmlTextReaderValue(rd);
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(rd) == 1);
	xmlTextReaderMoveToElement(rd);
	return v;
}

static void
js_text_append(struct js *s, const char *t)
{
	size_t n = strlen(t);
	void *arr = s->text;

	if (eg_grow(&arr, &s->tcap, s->tlen + n + 1, 1) != EG_OK) {
		s->err = EG_ENOMEM;
		return;
	}
	s->text = arr;
	memcpy(s->text + s->tlen, t, n + 1);
	s->tlen += n;
}

/* XML's white space (the S production): what padded Junos text carries. */
#define JS_XML_SPACE(c) ((c) == ' ' || (c) == '\n' || (c) == '\t' || (c) == '\r')

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

static void
js_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool
js_str_set(struct js *s, char **dst, const char *v)
{
	char *c = strdup(v);

	if (c == NULL) {
		s->err = EG_ENOMEM;
		return false;
	}
	free(*dst);
	*dst = c;
	return true;
}

static bool
js_strv_push(struct js *s, char ***v, size_t *n, const char *val)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(char *));

	if (nv == NULL) {
		s->err = EG_ENOMEM;
		return false;
	}
	*v = nv;
	if ((nv[*n] = strdup(val)) == NULL) {
		s->err = EG_ENOMEM;
		return false;
	}
	(*n)++;
	return true;
}

static void
js_u32(const char *t, uint32_t *out)
{
	uint32_t v;

	if (eg_parse_u32(t, &v) == EG_OK)
		*out = v;
}

/* "0.900" seconds -> 900 ms */
static uint32_t
js_seconds_ms(const char *t)
{
	double d;
	char *end;

	d = strtod(t, &end);
	if (end == t || d < 0 || d > 4e6)
		return 0;
	return (uint32_t)(d * 1000.0 + 0.5);
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
	ns = xmlTextReaderConstNamespaceUri(s->rd);
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
	items = realloc(w->items, (w->nitems + 1) * sizeof(*items));
	if (items == NULL) {
		s->err = EG_ENOMEM;
		return;
	}
	w->items = items;
	items[w->nitems++] = s->rerr.e;
	memset(&s->rerr.e, 0, sizeof(s->rerr.e));
}

/* ------------------------------------------------------------ routes */

static void
js_entry_start(struct js *s)
{
	memset(&s->ent, 0, sizeof(s->ent));
}

static void
js_entry_end(struct js *s)
{
	struct eg_rib *rib = s->o->u.rib;
	struct js_entry *en = &s->ent;
	char norm[512];

	if (!s->table_ok || rib == NULL)
		return;
	if (eg_prefix_parse2(s->rt_dest, s->rt_len[0] ? s->rt_len : NULL, &en->p.prefix) != EG_OK)
		return;
	if (en->have_aspath || en->aspath_eff[0] != '\0') {
		/* <as-path> when given; the effective path of newer releases otherwise */
		eg_aspath_normalise(en->have_aspath ? en->aspath : en->aspath_eff, norm, sizeof(norm));
		en->p.as_path = eg_strpool_intern(rib->pool, norm, strlen(norm));
	}
	if (en->comm[0] != '\0')
		en->p.communities = eg_strpool_intern(rib->pool, en->comm, strlen(en->comm));
	if (en->nh_via[0] != '\0')
		en->p.via = eg_strpool_intern(rib->pool, en->nh_via, strlen(en->nh_via));
	if (en->nh_to[0] != '\0') {
		if (strcasecmp(en->nh_to, "Self") == 0)
			en->p.flags |= EG_PATH_NH_SELF;
		else
			eg_addr_parse(en->nh_to, &en->p.nexthop);
	}
	if (eg_rib_add(rib, &en->p) != EG_OK)
		s->err = EG_ENOMEM;
}

/*
 * Detail and extensive output may go on after the path inside <as-path>:
 * "AS path: 1299 13335 I\n Aggregator: 13335 141.101.72.1\n AS path:
 * Recorded".  Keep the path up to its origin code (I, E or ?), or up to
 * the next "Label:" when the origin is missing, so that the same path
 * compares equal whatever else the release prints beside it.
 */
static void
js_aspath_cut(char *a)
{
	char *p = a;

	while (JS_XML_SPACE(*p))
		p++;
	if (strncasecmp(p, "AS path:", 8) == 0)
		p += 8;
	for (;;) {
		char *tok;
		size_t n;

		while (JS_XML_SPACE(*p))
			p++;
		if (*p == '\0')
			return;
		tok = p;
		while (*p != '\0' && !JS_XML_SPACE(*p))
			p++;
		n = (size_t)(p - tok);
		if (n > 1 && tok[n - 1] == ':') {
			*tok = '\0';
			return;
		}
		if (n == 1 && (*tok == 'I' || *tok == 'E' || *tok == '?')) {
			*p = '\0';
			return;
		}
	}
}

/* Insert a community into the sorted, space-separated list. */
static void
js_comm_add(struct js_entry *en, const char *c)
{
	char tmp[1024], *tok, *save = NULL;
	char *parts[64];
	size_t n = 0, i;

	if (*c == '\0')
		return;
	js_copy(tmp, sizeof(tmp), en->comm);
	for (tok = strtok_r(tmp, " ", &save); tok && n < 63; tok = strtok_r(NULL, " ", &save))
		parts[n++] = tok;
	parts[n++] = (char *)c;
	for (i = 1; i < n; i++) {
		char *v = parts[i];
		size_t j = i;
		while (j > 0 && strcmp(parts[j - 1], v) > 0) {
			parts[j] = parts[j - 1];
			j--;
		}
		parts[j] = v;
	}
	{
		char out[1024] = "";
		size_t o = 0;
		for (i = 0; i < n; i++)
			o += (size_t)snprintf(out + o, o < sizeof(out) ? sizeof(out) - o : 0, "%s%s",
					      i ? " " : "", parts[i]);
		js_copy(en->comm, sizeof(en->comm), out);
	}
}

static void
js_route_start(struct js *s, const char *name)
{
	if (s->cur == T_ROUTE_TABLE) {
		s->table_ok = false;
	} else if (s->cur == T_RT) {
		s->rt_dest[0] = s->rt_len[0] = '\0';
	} else if (s->cur == T_RT_ENTRY) {
		js_entry_start(s);
	} else if ((s->cur == T_NH) && (s->inside[T_RT_ENTRY] > 0)) {
		s->ent.nh_sel = false;
		s->ent.cur_to[0] = s->ent.cur_via[0] = '\0';
	} else if (s->cur == T_SELECTED_NEXT_HOP) {
		s->ent.nh_sel = true;
	} else if ((s->cur == T_CURRENT_ACTIVE) && (s->inside[T_RT_ENTRY] > 0)) {
		s->ent.p.flags |= EG_PATH_ACTIVE;
	}
}

static void
js_route_leaf(struct js *s, const char *name, const char *t)
{
	struct js_entry *en = &s->ent;

	if ((s->cur == T_TABLE_NAME) && js_at(s, 2, T_ROUTE_TABLE, T_TABLE_NAME)) {
		/*
		 * The table asked for (a bare instance name also matches its
		 * first table, as "| display xml rpc" may echo <table>VR1</table>);
		 * with none asked for, the first table only.
		 */
		if (s->o->q.table != NULL)
			s->table_ok = strcmp(t, s->o->q.table) == 0 ||
				      (!s->table_seen && strchr(s->o->q.table, '.') == NULL);
		else
			s->table_ok = !s->table_seen;
		if (s->table_ok) {
			s->table_seen = true;
			if (s->o->u.rib->table == NULL)
				js_str_set(s, &s->o->u.rib->table, t);
		}
		return;
	}
	if (!(s->inside[T_RT] > 0))
		return;
	if (!(s->inside[T_RT_ENTRY] > 0)) {
		if (s->cur == T_RT_DESTINATION)
			js_copy(s->rt_dest, sizeof(s->rt_dest), t);
		else if (s->cur == T_RT_PREFIX_LENGTH)
			js_copy(s->rt_len, sizeof(s->rt_len), t);
		return;
	}
	if ((s->inside[T_NH] > 0) && (js_tok(s, 1) == T_NH)) {
		/* kept when the nh ends: <selected-next-hop/> follows to/via in detail output */
		if (s->cur == T_TO)
			js_copy(en->cur_to, sizeof(en->cur_to), t);
		else if ((s->cur == T_VIA) ||
			 ((s->cur == T_NH_LOCAL_INTERFACE) && en->cur_via[0] == '\0'))
			js_copy(en->cur_via, sizeof(en->cur_via), t);
		return;
	}
	if (s->cur == T_NH) {
		/* the selected next hop, else the first one */
		if ((en->nh_sel && !en->nh_chosen) || !en->nh_seen) {
			js_copy(en->nh_to, sizeof(en->nh_to), en->cur_to);
			js_copy(en->nh_via, sizeof(en->nh_via), en->cur_via);
		}
		en->nh_seen = true;
		if (en->nh_sel)
			en->nh_chosen = true;
		return;
	}
	if ((s->cur == T_ATTR_VALUE) && js_tok(s, 1) == T_ATTR_AS_PATH_EFFECTIVE) {
		size_t n = strlen(en->aspath_eff);
		snprintf(en->aspath_eff + n, sizeof(en->aspath_eff) - n, "%s%s", n ? " " : "", t);
		return;
	}
	if (s->cur == T_ACTIVE_TAG) {
		if (strchr(t, '*') != NULL || strchr(t, '+') != NULL)
			en->p.flags |= EG_PATH_ACTIVE;
	} else if (s->cur == T_PROTOCOL_NAME) {
		en->p.proto = (uint8_t)eg_proto_parse(t);
	} else if (s->cur == T_LOCAL_PREFERENCE) {
		if (eg_parse_u32(t, &en->p.local_pref) == EG_OK)
			en->p.flags |= EG_PATH_HAS_LP;
	} else if (s->cur == T_MED) {
		if (eg_parse_u32(t, &en->p.med) == EG_OK)
			en->p.flags |= EG_PATH_HAS_MED;
	} else if (s->cur == T_LEARNED_FROM) {
		eg_addr_parse(t, &en->p.learned_from);
	} else if (s->cur == T_AS_PATH) {
		js_copy(en->aspath, sizeof(en->aspath), t);
		js_aspath_cut(en->aspath);
		en->have_aspath = true;
	} else if (s->cur == T_ASPATH_EFFECTIVE_STRING) {
		/* "AS path:" then the path in <attr-value>, or the whole path here */
		size_t n = strlen(en->aspath_eff);
		snprintf(en->aspath_eff + n, sizeof(en->aspath_eff) - n, "%s%s", n ? " " : "", t);
	} else if (s->cur == T_COMMUNITY) {
		js_comm_add(en, t);
	} else if (s->cur == T_RT_ENTRY) {
		js_entry_end(s);
	}
	/* In brief output a path's protocol-name may be absent: BGP is implied by as-path. */
	if ((s->cur != T_RT_ENTRY) && en->p.proto == EG_PROTO_OTHER &&
	    (en->have_aspath || en->aspath_eff[0] != '\0'))
		en->p.proto = EG_PROTO_BGP;
}

/* ------------------------------------------------------------ BGP */

static void
js_bgp_start(struct js *s, const char *name)
{
	if (s->cur == T_BGP_PEER) {
		if (eg_bgp_add(s->o->u.bgp, &s->peer) != EG_OK)
			s->err = EG_ENOMEM;
		s->rib_exact = s->rib_any = false;
	} else if ((s->cur == T_BGP_RIB) && s->peer != NULL && (s->inside[T_BGP_PEER] > 0)) {
		s->rib_name[0] = '\0';
		s->rib_act = s->rib_rcv = s->rib_acc = s->rib_adv = 0;
	} else if ((s->cur == T_ELAPSED_TIME) && s->peer != NULL) {
		char *sec = js_attr(s->rd, "seconds");
		if (sec != NULL) {
			s->peer->elapsed_seconds = strtoull(sec, NULL, 10);
			xmlFree(sec);
		}
	}
}

static void
js_bgp_leaf(struct js *s, const char *name, const char *t)
{
	struct eg_bgp_peer *p = s->peer;

	if (p == NULL || !(s->inside[T_BGP_PEER] > 0))
		return;
	if (s->inside[T_BGP_RIB] > 0 && s->cur != T_BGP_RIB) {
		if (s->cur == T_NAME)
			js_copy(s->rib_name, sizeof(s->rib_name), t);
		else if (s->cur == T_ACTIVE_PREFIX_COUNT)
			js_u32(t, &s->rib_act);
		else if (s->cur == T_RECEIVED_PREFIX_COUNT)
			js_u32(t, &s->rib_rcv);
		else if (s->cur == T_ACCEPTED_PREFIX_COUNT)
			js_u32(t, &s->rib_acc);
		else if (s->cur == T_ADVERTISED_PREFIX_COUNT)
			js_u32(t, &s->rib_adv);
		return;
	}
	if (s->cur == T_BGP_RIB) {
		/* the instance's own table ("Cust11.inet.0", not Cust11.inet6.0), else the first */
		bool exact = strcmp(s->rib_name, s->rib_want) == 0;

		if (exact || (!s->rib_exact && !s->rib_any)) {
			p->active_prefixes = s->rib_act;
			p->received_prefixes = s->rib_rcv;
			p->accepted_prefixes = s->rib_acc;
			p->advertised_prefixes = s->rib_adv;
		}
		s->rib_exact = s->rib_exact || exact;
		s->rib_any = true;
		return;
	}
	if ((s->inside[T_BGP_OPTION_INFORMATION] > 0) || (s->inside[T_BGP_ERROR] > 0) ||
	    (s->inside[T_BGP_OUTPUT_QUEUE] > 0))
		return;
	if (s->cur == T_PEER_ADDRESS)
		eg_addr_parse(t, &p->addr);
	else if (s->cur == T_LOCAL_ADDRESS)
		eg_addr_parse(t, &p->local_addr);
	else if (s->cur == T_PEER_AS)
		js_u32(t, &p->peer_as);
	else if (s->cur == T_PEER_STATE)
		js_str_set(s, &p->state, t);
	else if (s->cur == T_PEER_GROUP)
		js_str_set(s, &p->group, t);
	else if (s->cur == T_PEER_CFG_RTI)
		js_str_set(s, &p->instance, t);
	else if (s->cur == T_BFD_OPERATIONAL_STATE)
		js_str_set(s, &p->bfd_state, t);
	else if (s->cur == T_FLAP_COUNT)
		js_u32(t, &p->flap_count);
	else if (s->cur == T_BGP_PEER)
		s->peer = NULL;
}

/* ------------------------------------------------------------ BFD */

static void
js_bfd_leaf(struct js *s, const char *name, const char *t)
{
	struct eg_bfd_session *b = s->bs;

	if (s->cur == T_BFD_SESSION) {
		s->bs = NULL;
		return;
	}
	if (b == NULL)
		return;
	if ((s->inside[T_BFD_CLIENT] > 0)) {
		if (s->cur == T_CLIENT_NAME) {
			char *c = NULL;
			if (asprintf(&c, "%s%s%s", b->clients ? b->clients : "",
				     b->clients ? " " : "", t) < 0) {
				s->err = EG_ENOMEM;
				return;
			}
			free(b->clients);
			b->clients = c;
		}
		return;
	}
	if (s->cur == T_SESSION_NEIGHBOR)
		eg_addr_parse(t, &b->neighbor);
	else if (s->cur == T_SESSION_STATE)
		js_str_set(s, &b->state, t);
	else if ((s->cur == T_SESSION_INTERFACE) && *t != '\0')
		js_str_set(s, &b->interface, t);
	else if (s->cur == T_SESSION_DETECTION_TIME)
		b->detection_ms = js_seconds_ms(t);
	else if (s->cur == T_SESSION_TRANSMISSION_INTERVAL)
		b->tx_interval_ms = js_seconds_ms(t);
	else if ((s->cur == T_SESSION_ADAPTIVE_MULTIPLIER) ||
		 ((s->cur == T_DETECTION_MULTIPLIER) && b->multiplier == 0))
		js_u32(t, &b->multiplier);
	else if (s->cur == T_MINIMUM_TRANSMISSION_INTERVAL)
		b->min_tx_ms = js_seconds_ms(t);
	else if (s->cur == T_MINIMUM_RECEPTION_INTERVAL)
		b->min_rx_ms = js_seconds_ms(t);
}

/* ------------------------------------------------------------ configuration */

static void *
js_append(struct js *s, void **arr, size_t *n, size_t esize)
{
	char *p = realloc(*arr, (*n + 1) * esize);

	if (p == NULL) {
		s->err = EG_ENOMEM;
		return NULL;
	}
	*arr = p;
	memset(p + *n * esize, 0, esize);
	return p + (*n)++ * esize;
}

/* The bgp options the current element belongs to (neighbor, group or bgp). */
static struct eg_bgp_opts *
js_cfg_opts(struct js *s)
{
	if (s->nb != NULL && (s->inside[T_NEIGHBOR] > 0))
		return &s->nb->opts;
	if (s->grp != NULL && (s->inside[T_GROUP] > 0))
		return &s->grp->opts;
	if (s->ic != NULL && (s->inside[T_BGP] > 0))
		return &s->ic->bgp_opts;
	return NULL;
}

/* ------------------------------------------------------------ policy-options */

static void
js_pol_start(struct js *s)
{
	struct eg_config *cfg = s->o->u.cfg;
	uint16_t up = js_tok(s, 1);

	if (s->cur == T_POLICY_STATEMENT && up == T_POLICY_OPTIONS) {
		s->pol = js_append(s, (void **)&cfg->policies, &cfg->npolicies, sizeof(*s->pol));
		s->term = NULL;
		s->term_implicit = false;
	} else if (s->cur == T_TERM && up == T_POLICY_STATEMENT && s->pol != NULL) {
		s->term = js_append(s, (void **)&s->pol->terms, &s->pol->nterms, sizeof(*s->term));
	} else if (s->cur == T_FROM && up == T_POLICY_STATEMENT && s->pol != NULL) {
		if (!s->term_implicit) {
			s->term = js_append(s, (void **)&s->pol->terms, &s->pol->nterms,
					    sizeof(*s->term));
			s->term_implicit = s->term != NULL;
			s->term_implicit_idx = s->pol->nterms - 1;
		} else {
			s->term = &s->pol->terms[s->term_implicit_idx];
		}
	} else if (s->cur == T_ROUTE_FILTER && up == T_FROM) {
		s->rf_addr[0] = s->rf_match[0] = '\0';
	} else if (s->cur == T_PREFIX_LIST && up == T_POLICY_OPTIONS) {
		s->plist = js_append(s, (void **)&cfg->prefix_lists, &cfg->nprefix_lists,
				     sizeof(*s->plist));
	}
}

static void
js_pol_route_filter(struct js *s)
{
	struct eg_policy_term *t = s->term;
	struct eg_prefix pfx, *pv;
	char **mv;

	if (t == NULL || eg_prefix_parse(s->rf_addr, &pfx) != EG_OK)
		return;
	pv = realloc(t->route_filters, (t->nroute_filters + 1) * sizeof(*pv));
	if (pv == NULL) {
		s->err = EG_ENOMEM;
		return;
	}
	t->route_filters = pv;
	mv = realloc(t->route_filter_match, (t->nroute_filters + 1) * sizeof(*mv));
	if (mv == NULL) {
		s->err = EG_ENOMEM;
		return;
	}
	t->route_filter_match = mv;
	if ((mv[t->nroute_filters] = strdup(s->rf_match)) == NULL) {
		s->err = EG_ENOMEM;
		return;
	}
	pv[t->nroute_filters++] = pfx;
}

static void
js_pol_leaf(struct js *s, const char *t)
{
	uint16_t up = js_tok(s, 1), up2 = js_tok(s, 2);

	if (up == T_ROUTE_FILTER) {
		/* exact | orlonger | longer | upto /N | prefix-length-range /A-/B | through P */
		if (s->cur == T_ADDRESS)
			js_copy(s->rf_addr, sizeof(s->rf_addr), t);
		else if (s->cur == T_EXACT || s->cur == T_ORLONGER || s->cur == T_LONGER)
			js_copy(s->rf_match, sizeof(s->rf_match), js_tok_names[s->cur]);
		else if (s->cur == T_UPTO || s->cur == T_PREFIX_LENGTH_RANGE || s->cur == T_THROUGH)
			snprintf(s->rf_match, sizeof(s->rf_match), "%s %s", js_tok_names[s->cur], t);
		return;
	}
	switch (s->cur) {
	case T_NAME:
		if (up == T_POLICY_STATEMENT && s->pol != NULL)
			js_str_set(s, &s->pol->name, t);
		else if (up == T_TERM && s->term != NULL)
			js_str_set(s, &s->term->name, t);
		else if (up == T_PREFIX_LIST && up2 == T_FROM && s->term != NULL)
			js_strv_push(s, &s->term->prefix_lists, &s->term->nprefix_lists, t);
		else if (up == T_PREFIX_LIST && up2 == T_POLICY_OPTIONS && s->plist != NULL)
			js_str_set(s, &s->plist->name, t);
		else if (up == T_PREFIX_LIST_ITEM && s->plist != NULL) {
			struct eg_prefix pfx;
			struct eg_prefix_list *pl = s->plist;
			if (eg_prefix_parse(t, &pfx) == EG_OK) {
				struct eg_prefix *pv = realloc(pl->prefixes,
							       (pl->nprefixes + 1) * sizeof(*pv));
				if (pv == NULL) {
					s->err = EG_ENOMEM;
					return;
				}
				pl->prefixes = pv;
				pv[pl->nprefixes++] = pfx;
			}
		}
		break;
	case T_LIST_NAME:
		if (up == T_PREFIX_LIST_FILTER && s->term != NULL)
			js_strv_push(s, &s->term->prefix_lists, &s->term->nprefix_lists, t);
		break;
	case T_ROUTE_FILTER:
		if (up == T_FROM)
			js_pol_route_filter(s);
		break;
	case T_ACCEPT:
	case T_REJECT:
		if (up != T_THEN)
			break;
		if (up2 == T_TERM && s->term != NULL) {
			js_str_set(s, &s->term->action, js_tok_names[s->cur]);
		} else if (up2 == T_POLICY_STATEMENT && s->pol != NULL) {
			js_str_set(s, &s->pol->default_action, js_tok_names[s->cur]);
			if (s->term_implicit)
				js_str_set(s, &s->pol->terms[s->term_implicit_idx].action,
					   js_tok_names[s->cur]);
		}
		break;
	case T_TERM:
		if (up == T_POLICY_STATEMENT)
			s->term = NULL;
		break;
	case T_FROM:
		if (up == T_POLICY_STATEMENT)
			s->term = NULL;
		break;
	case T_POLICY_STATEMENT:
		s->pol = NULL;
		s->term = NULL;
		break;
	case T_PREFIX_LIST:
		if (up == T_POLICY_OPTIONS)
			s->plist = NULL;
		break;
	default:
		break;
	}
}

static void
js_cfg_start(struct js *s, const char *name)
{
	struct eg_config *cfg = s->o->u.cfg;

	if (s->inside[T_POLICY_OPTIONS] > 0) {
		js_pol_start(s);
		return;
	}

	if (js_at(s, 3, T_CONFIGURATION, T_ROUTING_INSTANCES, T_INSTANCE)) {
		s->ic = js_append(s, (void **)&cfg->instances, &cfg->ninstances, sizeof(*s->ic));
		s->grp = NULL;
		s->nb = NULL;
	} else if (s->ic != NULL && js_at(s, 4, T_PROTOCOLS, T_BGP, T_GROUP, T_GROUP) == false &&
		   js_at(s, 3, T_PROTOCOLS, T_BGP, T_GROUP) && (s->cur == T_GROUP)) {
		s->grp = js_append(s, (void **)&s->ic->groups, &s->ic->ngroups, sizeof(*s->grp));
		s->nb = NULL;
	} else if (s->grp != NULL && js_at(s, 2, T_GROUP, T_NEIGHBOR)) {
		s->nb = js_append(s, (void **)&s->grp->neighbors, &s->grp->nneighbors, sizeof(*s->nb));
	} else if (s->ic != NULL && js_at(s, 2, T_PROTOCOLS, T_BGP)) {
		s->ic->has_bgp = true;
	} else if ((s->cur == T_BFD_LIVENESS_DETECTION) && (s->inside[T_BGP] > 0)) {
		struct eg_bgp_opts *o = js_cfg_opts(s);
		if (o != NULL)
			o->has_bfd = true;
	} else if ((s->cur == T_CONFIGURATION) && s->depth <= 3) {
		char *v = js_attr(s->rd, "commit-user");
		if (v != NULL) {
			js_str_set(s, &cfg->commit_user, v);
			xmlFree(v);
		}
		v = js_attr(s->rd, "commit-seconds");
		if (v != NULL) {
			cfg->commit_seconds = strtoull(v, NULL, 10);
			xmlFree(v);
		}
	}
}

static void
js_cfg_leaf(struct js *s, const char *name, const char *t)
{
	struct eg_bgp_opts *o;

	if (s->inside[T_POLICY_OPTIONS] > 0) {
		js_pol_leaf(s, t);
		return;
	}
	if (s->ic == NULL || !(s->inside[T_ROUTING_INSTANCES] > 0))
		return;
	if (js_at(s, 4, T_ROUTING_INSTANCES, T_INSTANCE, T_INTERFACE, T_NAME)) {
		js_strv_push(s, &s->ic->interfaces, &s->ic->ninterfaces, t);
		return;
	}
	if (js_at(s, 3, T_ROUTING_INSTANCES, T_INSTANCE, T_NAME)) {
		js_str_set(s, &s->ic->name, t);
		return;
	}
	if (js_at(s, 3, T_ROUTING_INSTANCES, T_INSTANCE, T_INSTANCE_TYPE)) {
		js_str_set(s, &s->ic->instance_type, t);
		return;
	}
	if (js_at(s, 3, T_ROUTING_INSTANCES, T_INSTANCE, T_DESCRIPTION)) {
		js_str_set(s, &s->ic->description, t);
		return;
	}
	if ((s->cur == T_INSTANCE) && js_at(s, 2, T_ROUTING_INSTANCES, T_INSTANCE)) {
		s->ic = NULL;
		return;
	}
	if (!(s->inside[T_BGP] > 0))
		return;
	if (js_at(s, 2, T_GROUP, T_NAME) && s->grp != NULL) {
		js_str_set(s, &s->grp->name, t);
		return;
	}
	if (js_at(s, 2, T_GROUP, T_TYPE) && s->grp != NULL) {
		js_str_set(s, &s->grp->type, t);
		return;
	}
	if (js_at(s, 2, T_NEIGHBOR, T_NAME) && s->nb != NULL) {
		js_str_set(s, &s->nb->name, t);
		eg_addr_parse(t, &s->nb->addr);
		return;
	}
	if ((s->cur == T_NEIGHBOR) && js_at(s, 2, T_GROUP, T_NEIGHBOR)) {
		s->nb = NULL;
		return;
	}
	if ((s->cur == T_GROUP) && js_at(s, 2, T_BGP, T_GROUP)) {
		s->grp = NULL;
		return;
	}
	o = js_cfg_opts(s);
	if (o == NULL)
		return;
	if ((s->inside[T_BFD_LIVENESS_DETECTION] > 0)) {
		if (js_at(s, 2, T_BFD_LIVENESS_DETECTION, T_MINIMUM_INTERVAL))
			js_u32(t, &o->bfd_min_interval);
		else if (js_at(s, 2, T_BFD_LIVENESS_DETECTION, T_MULTIPLIER))
			js_u32(t, &o->bfd_multiplier);
		return;
	}
	if ((js_tok(s, 1) != T_GROUP) && (js_tok(s, 1) != T_NEIGHBOR) &&
	    (js_tok(s, 1) != T_BGP))
		return;
	if (s->cur == T_LOCAL_PREFERENCE) {
		if (eg_parse_u32(t, &o->local_pref) == EG_OK)
			o->has_local_pref = true;
	} else if (s->cur == T_PEER_AS) {
		if (eg_parse_u32(t, &o->peer_as) == EG_OK)
			o->has_peer_as = true;
	} else if (s->cur == T_EXPORT) {
		js_strv_push(s, &o->export_policies, &o->nexport, t);
	} else if (s->cur == T_IMPORT) {
		js_strv_push(s, &o->import_policies, &o->nimport, t);
	} else if (s->cur == T_LOCAL_ADDRESS) {
		js_str_set(s, &o->local_address, t);
	}
}

/* ------------------------------------------------------------ traceroute, instances */

static void
js_misc_start(struct js *s, const char *name)
{
	if (s->o->q.kind == EG_Q_TRACEROUTE && (s->cur == T_HOP)) {
		struct eg_trace *tr = s->o->u.trace;
		s->hop = js_append(s, (void **)&tr->hops, &tr->nhops, sizeof(*s->hop));
	} else if (s->o->q.kind == EG_Q_TRACEROUTE && (s->cur == T_TRACEROUTE_SUCCESS)) {
		s->o->u.trace->success = true;
	} else if (s->o->q.kind == EG_Q_INSTANCE && (s->cur == T_INSTANCE_CORE)) {
		struct eg_instances *in = s->o->u.inst;
		s->inst = js_append(s, (void **)&in->items, &in->nitems, sizeof(*s->inst));
	} else if (s->o->q.kind == EG_Q_INSTANCE && (s->cur == T_INSTANCE_RIB) && s->inst) {
		uint32_t *c = realloc(s->inst->active_counts, (s->inst->nribs + 1) * sizeof(*c));
		if (c == NULL) {
			s->err = EG_ENOMEM;
			return;
		}
		c[s->inst->nribs] = 0;
		s->inst->active_counts = c;
		if (!js_strv_push(s, &s->inst->rib_names, &s->inst->nribs, ""))
			return;
	}
}

static void
js_misc_leaf(struct js *s, const char *name, const char *t)
{
	if (s->o->q.kind == EG_Q_TRACEROUTE) {
		if (s->cur == T_TARGET_IP)
			eg_addr_parse(t, &s->o->u.trace->target);
		else if (s->hop != NULL && (s->cur == T_TTL_VALUE))
			js_u32(t, &s->hop->ttl);
		else if (s->hop != NULL && (s->cur == T_IP_ADDRESS) && s->hop->addr.family == 0)
			eg_addr_parse(t, &s->hop->addr);
		else if (s->hop != NULL && (s->cur == T_RTT) && s->hop->rtt_us == 0)
			js_u32(t, &s->hop->rtt_us);
		else if (s->cur == T_HOP)
			s->hop = NULL;
		return;
	}
	if (s->inst == NULL)
		return;
	if (js_at(s, 2, T_INSTANCE_CORE, T_INSTANCE_NAME))
		js_str_set(s, &s->inst->name, t);
	else if (js_at(s, 2, T_INSTANCE_CORE, T_INSTANCE_TYPE))
		js_str_set(s, &s->inst->type, t);
	else if (js_at(s, 2, T_INSTANCE_CORE, T_INSTANCE_STATE))
		js_str_set(s, &s->inst->state, t);
	else if (js_at(s, 2, T_INSTANCE_RIB, T_IRIB_NAME) && s->inst->nribs > 0)
		js_str_set(s, &s->inst->rib_names[s->inst->nribs - 1], t);
	else if (js_at(s, 2, T_INSTANCE_RIB, T_IRIB_ACTIVE_COUNT) && s->inst->nribs > 0)
		js_u32(t, &s->inst->active_counts[s->inst->nribs - 1]);
	else if (s->cur == T_INSTANCE_CORE)
		s->inst = NULL;
}

/* ------------------------------------------------------------ dispatch */

static const char *
js_root_for(enum eg_qkind k)
{
	switch (k) {
	case EG_Q_CONFIG:	return "configuration";
	case EG_Q_ROUTES:
	case EG_Q_ADVERTISED:
	case EG_Q_RECEIVED:	return "route-information";
	case EG_Q_BGP_SUMMARY:
	case EG_Q_BGP_NEIGHBOR:	return "bgp-information";
	case EG_Q_BFD:		return "bfd-session-information";
	case EG_Q_INSTANCE:	return "instance-information";
	case EG_Q_TRACEROUTE:	return "traceroute-results";
	case EG_Q_NKINDS:	break;
	}
	return "";
}

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

static eg_err
js_alloc_payload(struct eg_obs *o)
{
	switch (o->q.kind) {
	case EG_Q_ROUTES:
	case EG_Q_ADVERTISED:
	case EG_Q_RECEIVED:
		o->u.rib = eg_rib_new(NULL);
		return o->u.rib ? EG_OK : EG_ENOMEM;
	case EG_Q_BGP_SUMMARY:
	case EG_Q_BGP_NEIGHBOR:
		o->u.bgp = eg_bgp_new();
		return o->u.bgp ? EG_OK : EG_ENOMEM;
	case EG_Q_BFD:
		o->u.bfd = eg_bfd_new();
		return o->u.bfd ? EG_OK : EG_ENOMEM;
	case EG_Q_CONFIG:
		o->u.cfg = calloc(1, sizeof(*o->u.cfg));
		return o->u.cfg ? EG_OK : EG_ENOMEM;
	case EG_Q_INSTANCE:
		o->u.inst = calloc(1, sizeof(*o->u.inst));
		return o->u.inst ? EG_OK : EG_ENOMEM;
	case EG_Q_TRACEROUTE:
		o->u.trace = calloc(1, sizeof(*o->u.trace));
		return o->u.trace ? EG_OK : EG_ENOMEM;
	case EG_Q_NKINDS:
		break;
	}
	return EG_EINVAL;
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
		if (js_alloc_payload(s->o) != EG_OK)
			s->err = EG_ENOMEM;
	}
	s->items[i].warn_first = s->o->warnings.nitems;
}

static void
js_items_free(struct js *s)
{
	int i;

	for (i = 0; i < JS_MAXITEMS; i++) {
		eg_obs_clear_data(&s->items[i].data);
		memset(&s->items[i].data.u, 0, sizeof(s->items[i].data.u));
	}
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

	if (js_is_data_root(s->cur) && !above && !s->rerr.active) {
		if (s->cur == s->want_tok)
			s->root_seen = true;
		else if (s->other_root[0] == '\0')
			js_copy(s->other_root, sizeof(s->other_root), name);
	}
	if (!js_in_data(s))
		return;
	if (s->bs == NULL && s->o->q.kind == EG_Q_BFD && (s->cur == T_BFD_SESSION) &&
	    eg_bfd_add(s->o->u.bfd, &s->bs) != EG_OK)
		s->err = EG_ENOMEM;
	switch (s->o->q.kind) {
	case EG_Q_ROUTES:
	case EG_Q_ADVERTISED:
	case EG_Q_RECEIVED:
		js_route_start(s, name);
		break;
	case EG_Q_BGP_SUMMARY:
	case EG_Q_BGP_NEIGHBOR:
		js_bgp_start(s, name);
		break;
	case EG_Q_CONFIG:
		js_cfg_start(s, name);
		break;
	case EG_Q_INSTANCE:
	case EG_Q_TRACEROUTE:
		js_misc_start(s, name);
		break;
	case EG_Q_BFD:
	case EG_Q_NKINDS:
		break;
	}
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
	if (!js_in_data(s))
		return;
	switch (s->o->q.kind) {
	case EG_Q_ROUTES:
	case EG_Q_ADVERTISED:
	case EG_Q_RECEIVED:
		js_route_leaf(s, name, t);
		break;
	case EG_Q_BGP_SUMMARY:
	case EG_Q_BGP_NEIGHBOR:
		js_bgp_leaf(s, name, t);
		break;
	case EG_Q_BFD:
		js_bfd_leaf(s, name, t);
		break;
	case EG_Q_CONFIG:
		js_cfg_leaf(s, name, t);
		break;
	case EG_Q_INSTANCE:
	case EG_Q_TRACEROUTE:
		js_misc_leaf(s, name, t);
		break;
	case EG_Q_NKINDS:
		break;
	}
}

static void
js_reader_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	struct js *s = arg;
	size_t n;

	if (s->errmsg[0] != '\0' || (sev != XML_PARSER_SEVERITY_ERROR &&
				     sev != XML_PARSER_SEVERITY_VALIDITY_ERROR))
		return;
	js_copy(s->errmsg, sizeof(s->errmsg), msg ? msg : "malformed XML");
	n = strlen(s->errmsg);
	while (n > 0 && isspace((unsigned char)s->errmsg[n - 1]))
		s->errmsg[--n] = '\0';
	/* where the parser stopped, not where the element it complains about opened */
	s->errline = xmlTextReaderGetParserLineNumber(s->rd);
	if (s->errline <= 0 && loc != NULL)
		s->errline = xmlTextReaderLocatorLineNumber(loc);
	/*
	 * The reader's locator is its parser context (libxml2 hands the
	 * context over as the locator): what is open tells a reply cut short
	 * from one followed by junk, which libxml2 words alike.
	 */
	if (loc != NULL) {
		xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)loc;

		if (ctxt->nameNr > 0 && ctxt->name != NULL)
			js_copy(s->err_open, sizeof(s->err_open), (const char *)ctxt->name);
	}
}

/* Should the element just opened be skipped with its subtree? */
static bool
js_skip(struct js *s, const char *name)
{
	bool skip = false;

	(void)name;
	if (s->cur == T_CLI && s->depth <= 2) {
		/* the trailer's banner names the cluster's primary node: "{primary:node0}" */
		char *b = (char *)xmlTextReaderReadString(s->rd);
		const char *p = b ? strstr(b, "primary:") : NULL;

		if (p != NULL) {
			size_t n = strcspn(p + 8, "}\r\n\t ");
			if (n < sizeof(s->primary)) {
				memcpy(s->primary, p + 8, n);
				s->primary[n] = '\0';
			}
		}
		xmlFree(b);
		return true;
	}
	if (s->cur == T_MULTI_ROUTING_ENGINE_ITEM && !js_in_data(s)) {
		if (s->mre_items >= JS_MAXITEMS)
			return true;
		js_item_begin(s);
	}
	if (xmlTextReaderHasAttributes(s->rd) != 1 ||
	    xmlTextReaderMoveToFirstAttribute(s->rd) != 1)
		return false;
	/* inactive="inactive" (Junos XML) or jcmd:active="false" (YANG sessions) */
	do {
		const char *ln = (const char *)xmlTextReaderConstLocalName(s->rd);
		const char *v;

		if (ln == NULL || (ln[0] != 'i' && ln[0] != 'a'))
			continue;
		v = (const char *)xmlTextReaderConstValue(s->rd);
		if (v == NULL)
			continue;
		if ((strcmp(ln, "inactive") == 0 && strcmp(v, "inactive") == 0) ||
		    (strcmp(ln, "active") == 0 && strcmp(v, "false") == 0))
			skip = true;
	} while (!skip && xmlTextReaderMoveToNextAttribute(s->rd) == 1);
	xmlTextReaderMoveToElement(s->rd);
	return skip;
}

static eg_err
js_run(struct js *s)
{
	bool pending = false;	/* xmlTextReaderNext already moved to a node */
	int rc = 1;

	for (;;) {
		xmlNodePtr cn;
		int type;

		if (!pending && (rc = xmlTextReaderRead(s->rd)) != 1)
			break;
		pending = false;
		if (s->err != EG_OK)
			return s->err;
		/*
		 * Text is told by the node itself: the reader's node type would
		 * scan every text node for blanks and walk its ancestors for
		 * xml:space, and js_text() trims blanks anyway.  Comments and
		 * processing instructions fall through untouched.
		 */
		cn = xmlTextReaderCurrentNode(s->rd);
		if (cn == NULL)
			continue;
		if (cn->type == XML_TEXT_NODE || cn->type == XML_CDATA_SECTION_NODE)
			type = XML_READER_TYPE_TEXT;
		else if (cn->type == XML_ELEMENT_NODE)
			type = xmlTextReaderNodeType(s->rd);
		else
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			const char *name = (const char *)xmlTextReaderConstLocalName(s->rd);
			bool empty = xmlTextReaderIsEmptyElement(s->rd) == 1;

			if (name == NULL)
				continue;
			s->any_element = true;
			s->cur = js_token(s, (const xmlChar *)name);
			if (js_skip(s, name)) {
				if (empty)
					continue;
				if ((rc = xmlTextReaderNext(s->rd)) != 1)
					break;
				pending = true;
				continue;
			}
			if (s->depth >= JS_MAXDEPTH)
				return EG_EPARSE;
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
			if (empty) {
				s->cur = s->toks[s->depth - 1];
				js_end(s, name);
				s->inside[s->toks[s->depth - 1]]--;
				s->depth--;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (s->depth > 0) {
				s->cur = s->toks[s->depth - 1];
				js_end(s, s->names[s->depth - 1]);
				s->inside[s->toks[s->depth - 1]]--;
				s->depth--;
			}
			s->tlen = 0;
			if (s->text)
				s->text[0] = '\0';
		} else if (type == XML_READER_TYPE_TEXT) {
			const char *v = (const char *)xmlTextReaderConstValue(s->rd);
			if (v != NULL)
				js_text_append(s, v);
		}
	}
	if (s->err != EG_OK)
		return s->err;
	return rc == 0 ? EG_OK : EG_EPARSE;
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

/* Run the parser over rd and settle o's status. */
static eg_err
js_parse(xmlTextReaderPtr rd, const char *where, struct eg_obs *o)
{
	struct js *s;
	const struct eg_rpc_error *re;
	eg_err err;

	eg_obs_clear_data(o);
	if (rd == NULL) {
		eg_obs_fail(o, EG_EIO, "%s: cannot read the reply", where);
		return o->status;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		xmlFreeTextReader(rd);
		eg_obs_fail(o, EG_ENOMEM, "%s: out of memory", where);
		return o->status;
	}
	s->rd = rd;
	s->o = o;
	s->where = where;
	s->want_root = js_root_for(o->q.kind);
	s->want_tok = js_lookup(s->want_root);
	if (o->q.table != NULL)
		js_copy(s->rib_want, sizeof(s->rib_want), o->q.table);
	else
		snprintf(s->rib_want, sizeof(s->rib_want), "%s%sinet.0",
			 o->q.instance ? o->q.instance : "", o->q.instance ? "." : "");
	xmlTextReaderSetErrorHandler(rd, js_reader_error, s);
	err = js_alloc_payload(o);
	if (err == EG_OK)
		err = js_run(s);
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
	if (err == EG_ENOMEM) {
		eg_obs_fail(o, EG_ENOMEM, "%s: out of memory", where);
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
				    s->want_root, o->q.kind == EG_Q_CONFIG ? " in XML format" : "",
				    s->other_root);
		else
			eg_obs_fail(o, EG_EPARSE, "%s: the reply holds no <%s>", where, s->want_root);
	} else if ((o->q.kind == EG_Q_ROUTES || o->q.kind == EG_Q_ADVERTISED ||
		    o->q.kind == EG_Q_RECEIVED) && o->q.table != NULL && s->table_seen == false &&
		   o->u.rib->npaths > 0) {
		eg_obs_fail(o, EG_EPARSE, "%s: the reply holds no table %s", where, o->q.table);
	} else {
		o->status = EG_OK;
		if (o->q.kind == EG_Q_ROUTES || o->q.kind == EG_Q_ADVERTISED ||
		    o->q.kind == EG_Q_RECEIVED) {
			if (o->u.rib->table == NULL && o->q.table != NULL)
				o->u.rib->table = strdup(o->q.table);
			eg_rib_sort(o->u.rib);
		}
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
	xmlFreeTextReader(rd);
	free(s->text);
	free(s);
	return o->status;
}

/*
 * No network, no entity substitution (XML_PARSE_NOENT is not set), no
 * huge-tree: the reader never holds the reply whole, so libxml2's limits
 * only bound single text nodes and names; a million routes stream within
 * them.
 */
#define JS_XMLOPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS)

void
eg_junos_init(void)
{
	xmlInitParser();
}

static int
js_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

/*
 * A reply captured from the CLI ("show ... | display xml" over ssh, as
 * scripts and looking glasses collect it) is followed by the banner the
 * CLI prints before its next prompt: "\n{master}\n" on a router with two
 * routing engines, "{primary:node0}" on an SRX cluster.  Text after the
 * root element is not XML and libxml2's reader stops, dropping nodes it
 * had parsed but not yet handed over, so the input is filtered instead:
 * the bytes after the last '>' seen are held back (a few hundred at most)
 * and, at the end of the input, dropped when they hold nothing but white
 * space and {...} banners.  Anything else after the root still fails.
 */
#define JS_HOLD 256

struct js_in {
	eg_read_fn fn;
	void *ctx;
	FILE *fp;			/* read from a file when fn is NULL */
	bool eof;
	size_t nhold;
	char hold[JS_HOLD];
};

/* True when p[0..n) is only white space and "{...}" banners. */
static bool
js_is_banner(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (JS_XML_SPACE(p[i])) {
			i++;
			continue;
		}
		if (p[i] != '{')
			return false;
		for (i++; i < n && p[i] != '}'; i++)
			if (p[i] == '{' || p[i] == '<' || p[i] == '>' || p[i] == '\n')
				return false;
		if (i == n)
			return false;
		i++;
	}
	return true;
}

static int
js_in_fill(struct js_in *in, char *buf, int len)
{
	size_t n;

	if (in->fn != NULL)
		return in->fn(in->ctx, buf, len);
	n = fread(buf, 1, (size_t)len, in->fp);
	return n == 0 && ferror(in->fp) ? -1 : (int)n;
}

static int
js_in_read(void *arg, char *buf, int len)
{
	struct js_in *in = arg;

	if (len <= 0)
		return 0;
	for (;;) {
		size_t n = in->nhold, keep;
		const char *gt;
		int r;

		if (in->eof || (size_t)len <= n) {
			/* at the end, what is held is passed on unless it is a banner */
			if (in->eof && (n == 0 || js_is_banner(in->hold, n)))
				return 0;
			if (n > (size_t)len)
				n = (size_t)len;
			memcpy(buf, in->hold, n);
			memmove(in->hold, in->hold + n, in->nhold - n);
			in->nhold -= n;
			return (int)n;
		}
		memcpy(buf, in->hold, n);
		in->nhold = 0;
		if ((r = js_in_fill(in, buf + n, len - (int)n)) < 0)
			return -1;
		if (r == 0) {
			in->eof = true;
			memcpy(in->hold, buf, n);
			in->nhold = n;
			continue;
		}
		n += (size_t)r;
		gt = memrchr(buf, '>', n);
		keep = gt != NULL ? (size_t)(buf + n - (gt + 1)) : n;
		if (keep <= sizeof(in->hold)) {
			memcpy(in->hold, buf + n - keep, keep);
			in->nhold = keep;
			n -= keep;
		}
		if (n > 0)
			return (int)n;
	}
}

eg_err
eg_junos_parse_io(eg_read_fn fn, void *ctx, const char *where, struct eg_obs *o)
{
	struct js_in in = { .fn = fn, .ctx = ctx };

	return js_parse(xmlReaderForIO(js_in_read, js_close_cb, &in, NULL, NULL, JS_XMLOPTS),
			where, o);
}

eg_err
eg_junos_parse_file(const char *path, struct eg_obs *o)
{
	struct js_in in = { .fp = fopen(path, "rb") };
	eg_err err;

	err = js_parse(in.fp != NULL ? xmlReaderForIO(js_in_read, js_close_cb, &in, path, NULL,
						      JS_XMLOPTS) : NULL, path, o);
	if (in.fp != NULL)
		fclose(in.fp);
	return err;
}

eg_err
eg_junos_parse_mem(const char *buf, size_t len, const char *where, struct eg_obs *o)
{
	const char *gt = memrchr(buf, '>', len);

	/* the same CLI banner as above, cut off in place */
	if (gt != NULL && js_is_banner(gt + 1, (size_t)(buf + len - (gt + 1))))
		len = (size_t)(gt + 1 - buf);
	return js_parse(xmlReaderForMemory(buf, (int)len, NULL, NULL, JS_XMLOPTS), where, o);
}

static bool
js_same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Keep in step with what js_parse() reads of o->q. */
bool
eg_junos_same_parse(const struct eg_query *a, const struct eg_query *b)
{
	return a->kind == b->kind && js_same_str(a->table, b->table) &&
	       (a->table != NULL || js_same_str(a->instance, b->instance));
}
