/*
 * junos_int.h - what the reply parsers (junos_*.c) share with their core.
 *
 * junos_stream.c runs libxml2's SAX2 push parser over a reply and keeps the parse
 * state below: the open elements as tokens, their text, rpc-errors and
 * the cluster's per-node payloads.  It hands every element inside the
 * reply's data root to the parser the query table names for the query's
 * kind (struct eg_junos_parser).  Not part of any contract outside junos_*.c.
 */
#ifndef EG_JUNOS_INT_H
#define EG_JUNOS_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libxml/parser.h>

#include "junos.h"

#define JS_MAXDEPTH 48
/*
 * Most entries one list of a reply may hold (routing instances, groups,
 * neighbors, policies, terms, prefix lists, hops): far beyond any real
 * configuration, and what keeps a device that sends them without end from
 * growing erguard's memory with every byte.
 */
#define JS_MAXITEMS_LIST 65536
#define JS_NAMELEN 64

/*
 * Element names the parser acts on, as small integers: each element's
 * local name is mapped once (through a cache keyed by libxml2's interned
 * name pointer), so that matching is an integer compare and "inside X"
 * a counter, whatever the size of the reply.  A parser that matches a
 * name adds it here, in sorted order.
 */
#define JS_TOKENS \
	X(OTHER, "") \
	X(ACCEPT, "accept")\
	X(ACCEPTED_PREFIX_COUNT, "accepted-prefix-count")\
	X(ACTIVE_PREFIX_COUNT, "active-prefix-count")\
	X(ACTIVE_TAG, "active-tag")\
	X(ADDRESS, "address")\
	X(ADVERTISED_PREFIX_COUNT, "advertised-prefix-count")\
	X(APPLY_GROUPS, "apply-groups")\
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
	X(NEXT, "next")\
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
	X(PROTOCOL, "protocol")\
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

/* The element names of the tokens, indexed by token ("" for T_OTHER). */
extern const char *const js_tok_names[T_COUNT];

#define JS_CACHE 1024		/* power of two; names of a reply are far fewer */

struct js_cache_slot {
	const xmlChar *ptr;
	uint16_t tok;
};

/* The element being started, as the parser hands it over: for js_attr(). */
struct js_el {
	const xmlChar *uri;		/* its namespace, or NULL */
	int nattrs;
	const xmlChar **attrs;		/* nattrs times local, prefix, URI, value, value end */
};

/* A reply's bytes: read(ctx, ...) until it gives 0, or buf[0..len) when read is NULL. */
struct js_src {
	xmlInputReadCallback read;
	void *ctx;
	const char *buf;
	size_t len;
	const char *url;		/* named in libxml2's messages, or NULL */
};

#define JS_CHUNK 65536		/* bytes handed to the parser at a time */

/*
 * ------------------------------------------------------------ parse state
 *
 * The core's fields, then each parser's.  A parser's pointers into the
 * payload are cleared by the core when a cluster node's payload is put
 * aside (js_item_reset in junos_stream.c).
 */

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
	eg_err err;			/* what eg_obs_data_new said */
	struct eg_obs data;		/* only q.kind, data and u are used */
};

struct js_rpcerr {
	bool active;
	int depth;
	struct eg_rpc_error e;
	char *severity;
};

struct js {
	const struct js_el *rd;		/* the element being started (js_attr) */
	xmlParserCtxtPtr ctxt;
	struct eg_obs *o;
	const struct eg_junos_parser *parser;	/* the query kind's, from the query table */
	enum eg_qdata data;		/* the payload the parser fills */
	const char *where;
	/* open elements' local names: the parser's dictionary strings, valid while it lives */
	const char *names[JS_MAXDEPTH];
	uint16_t toks[JS_MAXDEPTH];
	int depth;			/* number of open elements */
	uint16_t cur;			/* token of the element being handled */
	uint32_t inside[T_COUNT];	/* open elements per token */
	struct js_cache_slot cache[JS_CACHE];
	uint16_t want_tok;
	char *text;
	size_t tlen, tcap;
	void *spill;			/* where js_append writes past JS_MAXITEMS_LIST */
	char errmsg[256];
	int errline;
	char gen_last[256];		/* libxml2's last own message, not repeated */
	bool any_element;		/* an element was read: the input is XML of some kind */
	char err_open[JS_NAMELEN];	/* the element still open at the first error, or "" */
	int skip;			/* open elements of a subtree being skipped */
	bool skip_cli;			/* that subtree is the CLI trailer: its text is kept */

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
	char other_table[64];		/* the first route-table not asked for, if any */
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
	/* junos:group of each open element (inherited one), "" when written in place */
	char cfg_from[JS_MAXDEPTH][JS_NAMELEN];

	/* traceroute / instances */
	struct eg_trace_hop *hop;
	struct eg_instance_info *inst;

	eg_err err;			/* allocation failure while reading */
};

/* XML's white space (the S production): what padded Junos text carries. */
#define JS_XML_SPACE(c) ((c) == ' ' || (c) == '\n' || (c) == '\t' || (c) == '\r')

/*
 * A parser of one kind of reply.  start and end see every element inside
 * the data root, end with the element's trimmed text; s->cur is the
 * element's token, s->o the observation, whose payload eg_obs_data_new()
 * made.  Hooks marked "may be NULL" are optional.
 */
struct eg_junos_parser {
	const char *root;		/* the data root element, one of JS_TOKENS: "route-information" */
	const char *root_format;	/* said after "expected <root>" when another came, or "" */
	void (*begin)(struct js *s);	/* may be NULL: before the reply is read */
	void (*start)(struct js *s, const char *name);
	void (*end)(struct js *s, const char *name, const char *t);
	/*
	 * May be NULL: the reply was read whole, without error; EG_OK to
	 * accept it, else the status after eg_obs_fail() on s->o.
	 */
	eg_err (*finish)(struct js *s);
};

/* junos_input.c: a reply's bytes, less the CLI banner after it */

#define JINPUT_HOLD 256

struct jinput {
	eg_read_fn fn;
	void *ctx;
	FILE *fp;			/* read from a file when fn is NULL */
	bool eof;
	unsigned char lead;		/* first byte that is no white space or BOM; 0: none yet */
	size_t nhold;
	char hold[JINPUT_HOLD];
};

/* True when p[0..n) is only white space and "{...}" banners. */
bool jinput_is_banner(const char *p, size_t n);
/* xmlInputReadCallback over a struct jinput. */
int jinput_read(void *arg, char *buf, int len);

/* junos_stream.c: the core, and helpers for the parsers */

/*
 * Run parser over the reply src holds (NULL: the reply could not be read)
 * into o, whose payload of type data it fills, and settle o's status as
 * eg_junos_parse_io() says.
 */
eg_err js_parse(const struct js_src *src, const char *where, struct eg_obs *o,
		const struct eg_junos_parser *parser, enum eg_qdata data);

/* The token of the element up levels above the current one (0: itself). */
uint16_t js_tok(const struct js *s, int up);
/* True when the innermost open elements are, outermost first, the n tokens given. */
bool js_at(const struct js *s, int n, ...);
/* The element's attribute by local name (caller frees with xmlFree), or NULL. */
char *js_attr(const struct js_el *rd, const char *local);
/* Copy src into dst of size bytes, truncated. */
void js_copy(char *dst, size_t size, const char *src);
/* Replace *dst with a copy of v. */
void js_str_set(struct js *s, char **dst, const char *v);
/* Append a copy of val to the string vector *v of *n. */
void js_strv_push(struct js *s, char ***v, size_t *n, const char *val);
/* Append a zeroed element of esize bytes to *arr of *n; never NULL. */
void *js_append(struct js *s, void **arr, size_t *n, size_t esize);
/* *out = t as a uint32 when t is one; left alone otherwise. */
void js_u32(const char *t, uint32_t *out);
/* "0.900" seconds -> 900 ms; 0 when t is no number of seconds. */
uint32_t js_seconds_ms(const char *t);

#endif
