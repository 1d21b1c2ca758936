/*
 * model.h - the plain structures every layer of erguard shares.
 *
 * The model holds what the checks need of a device's replies and nothing
 * more: addresses and prefixes as binary values, AS paths and community
 * lists interned in a per-table string pool, one compact eg_path per
 * rt-entry.  Memory therefore grows with routes at a small fixed cost per
 * route.  The model owns its strings; checks and renderers borrow const
 * pointers.  It depends on nothing above it.
 *
 * model.c holds addresses, prefixes, the string pool and AS paths;
 * model_rib.c route tables; model_cfg.c BGP and BFD state, the
 * configuration and the other containers.  Every *_free() accepts NULL;
 * out of memory is fatal (util.h), so no constructor returns NULL for it.
 */
#ifndef EG_MODEL_H
#define EG_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_err.h"
#include "util.h"

/* ---------------------------------------------------------------- addresses */

/* An IPv4 or IPv6 address; family 0 means "absent". */
struct eg_addr {
	uint8_t family;		/* 0, 4 or 6 */
	uint8_t bytes[16];	/* network order; IPv4 uses bytes[0..3] */
};

/* A prefix: an address and a length.  Host bits are cleared on parse. */
struct eg_prefix {
	struct eg_addr addr;
	uint8_t len;
};

#define EG_ADDR_STRLEN 46	/* INET6_ADDRSTRLEN */
#define EG_PREFIX_STRLEN 50

/*
 * Parse "10.17.11.76", "10.17.11.76+179" (the port Junos appends to
 * peer-address in neighbor replies is dropped) or an IPv6 address.
 * Surrounding white space is ignored.  EG_EPARSE on anything else.
 */
eg_err eg_addr_parse(const char *s, struct eg_addr *out);
/* Format into buf (at least EG_ADDR_STRLEN bytes); returns buf. "" if absent. */
char *eg_addr_fmt(const struct eg_addr *a, char *buf);
int eg_addr_cmp(const struct eg_addr *a, const struct eg_addr *b);
bool eg_addr_eq(const struct eg_addr *a, const struct eg_addr *b);

/*
 * Parse "10.17.11.0/25".  A bare address is a host prefix (/32, /128).
 * With a separate length (Junos detail output splits rt-destination and
 * rt-prefix-length) use eg_prefix_parse2.
 */
eg_err eg_prefix_parse(const char *s, struct eg_prefix *out);
eg_err eg_prefix_parse2(const char *dest, const char *len, struct eg_prefix *out);
char *eg_prefix_fmt(const struct eg_prefix *p, char *buf);
/* Orders by family, then address, then length (shorter first). */
int eg_prefix_cmp(const struct eg_prefix *a, const struct eg_prefix *b);
bool eg_prefix_eq(const struct eg_prefix *a, const struct eg_prefix *b);
/* True when outer covers inner (same family, outer->len <= inner->len). */
bool eg_prefix_covers(const struct eg_prefix *outer, const struct eg_prefix *inner);

/* ---------------------------------------------------------------- strings */

/*
 * A string pool: interns strings so that the many routes sharing one AS
 * path or community list share one copy.  Returned pointers live as long
 * as the pool.
 */
struct eg_strpool;
struct eg_strpool *eg_strpool_new(void);
void eg_strpool_free(struct eg_strpool *pool);
/* Intern s (len bytes, need not be NUL-terminated); NULL only when pool or s is. */
const char *eg_strpool_intern(struct eg_strpool *pool, const char *s, size_t len);

/*
 * Normalise an AS path as Junos prints it ("AS path: 12076 I\n",
 * "[65020] I", "65515 I") into "12076 I" / "I": the "AS path:" label,
 * brackets around the local AS on advertised routes are kept
 * ("[65020] I"), runs of white space collapse to one space, leading and
 * trailing white space go.  Writes at most size bytes into out.
 */
void eg_aspath_normalise(const char *in, char *out, size_t size);
/* First AS number of a normalised path (brackets skipped); 0 if none. */
uint32_t eg_aspath_first_as(const char *aspath);

/* ---------------------------------------------------------------- routes */

enum eg_proto {
	EG_PROTO_OTHER = 0,
	EG_PROTO_BGP,
	EG_PROTO_STATIC,
	EG_PROTO_DIRECT,
	EG_PROTO_LOCAL,
	EG_PROTO_AGGREGATE,
	EG_PROTO_OSPF,
	EG_PROTO_ISIS
};
enum eg_proto eg_proto_parse(const char *name);	/* case-insensitive */
const char *eg_proto_name(enum eg_proto p);

enum eg_path_flag {
	EG_PATH_ACTIVE = 1 << 0,	/* active-tag "*" or current-active */
	EG_PATH_HAS_LP = 1 << 1,
	EG_PATH_HAS_MED = 1 << 2,
	EG_PATH_NH_SELF = 1 << 3	/* advertised with next hop "Self" */
};

/*
 * One path (rt-entry) to a destination.  A route table is a flat array of
 * paths; the paths of one destination are adjacent after eg_rib_sort().
 */
struct eg_path {
	struct eg_prefix prefix;
	struct eg_addr learned_from;	/* BGP peer, if the reply says */
	struct eg_addr nexthop;		/* selected next hop "to", if any */
	uint8_t flags;			/* enum eg_path_flag */
	uint8_t proto;			/* enum eg_proto */
	/* The byte members above pack with the addresses: 88 bytes a path. */
	const char *as_path;		/* pooled, normalised; NULL if none */
	const char *communities;	/* pooled, sorted, space-separated; NULL if none */
	const char *via;		/* pooled interface of the selected next hop */
	uint32_t local_pref;
	uint32_t med;
};

/* A route table as one reply showed it (one route-table element). */
struct eg_rib {
	char *table;			/* "Cust11.inet.0" */
	struct eg_path *paths;
	size_t npaths, cap;
	struct eg_strpool *pool;	/* owns as_path, communities, via */
	bool sorted;
	bool absent;			/* the reply showed no such table: no instance there */
};

struct eg_rib *eg_rib_new(const char *table);
void eg_rib_free(struct eg_rib *rib);
/*
 * Append a copy of *p (its pooled pointers must come from rib->pool).
 * Always EG_OK.
 */
eg_err eg_rib_add(struct eg_rib *rib, const struct eg_path *p);
/* Sort paths by prefix (stable: keeps the reply's order within a prefix). */
void eg_rib_sort(struct eg_rib *rib);
/*
 * Paths of one destination: sets *first and returns the count (0 if the
 * prefix is absent).  Sorts the rib first if needed.
 */
size_t eg_rib_find(struct eg_rib *rib, const struct eg_prefix *pfx,
		   const struct eg_path **first);
/* Number of distinct destinations (sorts first). */
size_t eg_rib_ndest(struct eg_rib *rib);

/* ---------------------------------------------------------------- BGP */

struct eg_bgp_peer {
	struct eg_addr addr;
	struct eg_addr local_addr;	/* neighbor replies only */
	uint32_t peer_as;
	char *state;			/* "Established", "Active", "Idle", ... */
	char *group;			/* peer-group, neighbor replies only */
	char *instance;			/* peer-cfg-rti, neighbor replies only */
	char *bfd_state;		/* bgp-bfd/bfd-operational-state, or NULL */
	uint32_t flap_count;
	uint64_t elapsed_seconds;	/* elapsed-time junos:seconds */
	uint32_t active_prefixes, received_prefixes, accepted_prefixes;
	uint32_t advertised_prefixes;	/* neighbor detail only */
};

struct eg_bgp {
	struct eg_bgp_peer *peers;
	size_t npeers, cap;
};

struct eg_bgp *eg_bgp_new(void);
void eg_bgp_free(struct eg_bgp *bgp);
/* Appends a zeroed peer and returns it in *out (owned by bgp). */
eg_err eg_bgp_add(struct eg_bgp *bgp, struct eg_bgp_peer **out);
const struct eg_bgp_peer *eg_bgp_find(const struct eg_bgp *bgp, const struct eg_addr *addr);

/* ---------------------------------------------------------------- BFD */

struct eg_bfd_session {
	struct eg_addr neighbor;
	char *state;			/* "Up", "Down", "Init", "AdminDown" */
	char *interface;		/* may be NULL (multihop) */
	uint32_t detection_ms;		/* session-detection-time (s -> ms) */
	uint32_t tx_interval_ms;	/* session-transmission-interval */
	uint32_t multiplier;		/* session-adaptive-multiplier or detection-multiplier */
	uint32_t min_tx_ms, min_rx_ms;	/* extensive only; 0 if absent */
	char *clients;			/* "BGP" or "BGP Static", may be NULL */
};

struct eg_bfd {
	struct eg_bfd_session *sessions;
	size_t nsessions, cap;
};

struct eg_bfd *eg_bfd_new(void);
void eg_bfd_free(struct eg_bfd *bfd);
eg_err eg_bfd_add(struct eg_bfd *bfd, struct eg_bfd_session **out);
const struct eg_bfd_session *eg_bfd_find(const struct eg_bfd *bfd, const struct eg_addr *neighbor);

/* ---------------------------------------------------------------- configuration */

/*
 * BGP settings that can appear at bgp, group and neighbor level in a
 * routing instance.  Deactivated statements (inactive="inactive") are
 * never recorded: they count as absent.
 */
struct eg_bgp_opts {
	bool has_local_pref;
	uint32_t local_pref;
	bool has_peer_as;
	uint32_t peer_as;
	bool has_bfd;			/* bfd-liveness-detection present and active */
	uint32_t bfd_min_interval;	/* ms; 0 if not set */
	uint32_t bfd_multiplier;	/* 0 if not set (Junos default 3) */
	char **export_policies;		/* in order; NULL-free array */
	size_t nexport;
	char **import_policies;
	size_t nimport;
	char *local_address;		/* as written, or NULL */
	/*
	 * The configuration group each value was inherited from (the reply's
	 * junos:group attribute), NULL when written in place.
	 */
	char *local_pref_group;
	char *bfd_group;
	char *export_group;
	char *import_group;
};

struct eg_bgp_neighbor_cfg {
	struct eg_addr addr;
	char *name;			/* as written in the configuration */
	struct eg_bgp_opts opts;
};

struct eg_bgp_group_cfg {
	char *name;
	char *type;			/* "internal", "external" or NULL */
	struct eg_bgp_opts opts;
	struct eg_bgp_neighbor_cfg *neighbors;
	size_t nneighbors;
};

/* A prefix-list or a route-filter list referenced by policy. */
struct eg_prefix_list {
	char *name;
	struct eg_prefix *prefixes;
	size_t nprefixes;
};

/* policy-statement: only what export checks need (route-filters, prefix-lists). */
struct eg_policy_term {
	char *name;
	struct eg_prefix *route_filters;	/* from route-filter P ... */
	char **route_filter_match;		/* "exact", "orlonger", "upto /N", ... parallel */
	size_t nroute_filters;
	char **prefix_lists;			/* from prefix-list NAME */
	size_t nprefix_lists;
	char *action;				/* "accept", "reject" or NULL */
	bool next_policy;			/* then next policy */
	bool set_lp;				/* then local-preference N */
	uint32_t lp;
	char *lp_group;				/* junos:group of the value, or NULL */
	/*
	 * The first from condition other than route-filter, prefix-list,
	 * prefix-list-filter and protocol bgp ("community", "neighbor", ...):
	 * whether the term matches a route is then not known here.  NULL if none.
	 */
	char *from_other;
	bool from_not_bgp;			/* from protocol names no bgp */
};

struct eg_policy {
	char *name;
	struct eg_policy_term *terms;
	size_t nterms;
	char *default_action;			/* then at policy level, or NULL */
};

/* One routing instance's configuration (show configuration routing-instances X). */
struct eg_instance_cfg {
	char *name;
	char *instance_type;		/* "virtual-router", "vrf", ... */
	char *description;
	char **interfaces;
	size_t ninterfaces;
	bool has_bgp;			/* protocols bgp present and active */
	struct eg_bgp_opts bgp_opts;	/* protocols bgp level */
	struct eg_bgp_group_cfg *groups;
	size_t ngroups;
};

/* What a get-configuration reply held. */
struct eg_config {
	struct eg_instance_cfg *instances;
	size_t ninstances;
	struct eg_policy *policies;
	size_t npolicies;
	struct eg_prefix_list *prefix_lists;
	size_t nprefix_lists;
	/*
	 * The first apply-groups seen ("GRP at routing-instances Cust11"), or
	 * NULL: a reply asked without inherit="inherit" names the groups it
	 * applies instead of the statements they bring, so what is configured
	 * cannot be known from it.
	 */
	char *unresolved_groups;
	char *commit_user;		/* junos:commit-user, if given */
	uint64_t commit_seconds;	/* junos:commit-seconds, 0 if not given */
};

void eg_config_free(struct eg_config *cfg);
void eg_bgp_opts_clear(struct eg_bgp_opts *o);
const struct eg_instance_cfg *eg_config_instance(const struct eg_config *cfg, const char *name);
const struct eg_bgp_group_cfg *eg_instance_group(const struct eg_instance_cfg *ic, const char *name);
/* Group and neighbor that configure a peer address; NULL if none. */
const struct eg_bgp_group_cfg *eg_instance_group_of(const struct eg_instance_cfg *ic,
						    const struct eg_addr *peer,
						    const struct eg_bgp_neighbor_cfg **nb);
/*
 * Effective options for a neighbor, Junos inheritance: neighbor overrides
 * group overrides bgp level, statement by statement.  nb may be NULL (group
 * level only).  The result borrows strings from the configuration.
 */
void eg_bgp_effective(const struct eg_instance_cfg *ic, const struct eg_bgp_group_cfg *g,
		      const struct eg_bgp_neighbor_cfg *nb, struct eg_bgp_opts *out);
const struct eg_policy *eg_config_policy(const struct eg_config *cfg, const char *name);
const struct eg_prefix_list *eg_config_prefix_list(const struct eg_config *cfg, const char *name);

/* What a chain of policies does to the local preference of one route. */
enum eg_lp_eval {
	EG_LP_UNSET,		/* no term that matches sets it; accepted or left to the default */
	EG_LP_SET,		/* a matching term set it (last value before the chain ended) */
	EG_LP_REJECTED,		/* the route is rejected */
	EG_LP_UNKNOWN		/* a policy is missing or a term matches on what is not read */
};
struct eg_lp_result {
	enum eg_lp_eval what;
	uint32_t lp;
	const char *policy, *term;	/* where it was set, rejected or became unknown */
	const char *group;		/* junos:group of the value set, or NULL */
	const char *why;		/* EG_LP_UNKNOWN: "missing", or the from condition */
};
/*
 * Evaluate policies[0..n) for a BGP route to pfx as Junos does: policies
 * in order, terms in order; a matching term applies its local-preference,
 * accept or reject ends the chain, next policy skips to the next policy,
 * no flow action goes on.  Strings borrow from cfg.
 */
void eg_policy_chain_lp(const struct eg_config *cfg, char *const *policies, size_t n,
			const struct eg_prefix *pfx, struct eg_lp_result *out);

/* ---------------------------------------------------------------- traceroute */

struct eg_trace_hop {
	uint32_t ttl;
	struct eg_addr addr;		/* absent when every probe timed out */
	uint32_t rtt_us;		/* first successful probe, 0 if none */
};

struct eg_trace {
	struct eg_addr target;
	struct eg_trace_hop *hops;
	size_t nhops;
	bool success;
};
void eg_trace_free(struct eg_trace *t);

/* ---------------------------------------------------------------- instances */

struct eg_instance_info {
	char *name;
	char *type;
	char *state;
	size_t nribs;
	char **rib_names;
	uint32_t *active_counts;
};

struct eg_instances {
	struct eg_instance_info *items;
	size_t nitems;
};
void eg_instances_free(struct eg_instances *in);

/* ---------------------------------------------------------------- rpc-error */

/* One <rpc-error> or <xnm:error>/<xnm:warning> from a reply. */
struct eg_rpc_error {
	bool is_error;			/* severity error (else warning) */
	char *type, *tag, *message, *path, *bad_element, *source_daemon;
};

struct eg_rpc_errors {
	struct eg_rpc_error *items;
	size_t nitems;
};
void eg_rpc_errors_clear(struct eg_rpc_errors *e);
/* First item of severity error, or NULL when there is none. */
const struct eg_rpc_error *eg_rpc_errors_first(const struct eg_rpc_errors *e);

#endif
