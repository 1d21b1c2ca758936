/*
 * lab_world_int.h - the routing world's internal model, shared by
 * lab_world*.c, lab_bgp.c, lab_policy.c, lab_event.c and lab_oper.c.
 *
 * IPv4 only: the reference design is IPv4.  Addresses are host-order
 * uint32_t.  A world holds one trio (CE1, CE2, firewall) and its simulated
 * external peers; trios never exchange routes, so each question builds only
 * the trio it concerns.  Every structure here is owned by the world that
 * holds it and released by lab_trio_free().
 */
#ifndef LAB_WORLD_INT_H
#define LAB_WORLD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "lab_world.h"

#define LAB_MAXAS 12		/* AS numbers kept per path (enough for prepends) */
#define LAB_COMMLEN 80		/* communities, space separated */
#define LAB_IFLEN 32
#define LAB_NAMELEN 64
#define LAB_BGP_PREF 170
#define LAB_DEFAULT_LP 100
#define LAB_HOLD_S 90		/* default hold time */
#define LAB_PROC_MS 50		/* processing delay per BGP hop between lab devices */
#define LAB_ESTABLISH_MS 5000	/* re-establishment after a peer comes back, x time-scale */

struct lab_pfx {
	uint32_t addr;
	uint8_t len;
};

int lab_pfx_parse(const char *s, struct lab_pfx *out);	/* 0 ok, -1 bad */
int lab_addr_parse(const char *s, uint32_t *out);	/* "a.b.c.d" (+port ignored) */
char *lab_addr_fmt(uint32_t a, char *buf);		/* buf >= 16 */
char *lab_pfx_fmt(const struct lab_pfx *p, char *buf);	/* buf >= 20 */

/*
 * The IPv6 twin of the IPv4 world.  A dual-stack lab (scenario option
 * "dual-stack") answers for the instance's inet6.0 table with its inet.0
 * world, every external peer's address and every prefix carried into
 * 2001:db8::/32: a.b.c.d is 2001:db8:ab:cd:: (the 32 bits of the IPv4
 * address in the third and fourth group) and a /len prefix a /(len + 32).
 * The embedding keeps every covering relation, so each family fails or
 * holds together, and the failover drills move both at once.  The iBGP
 * sessions between the CEs and the firewall stay IPv4, carrying both
 * families, as erguard's dual-stack design says.
 */
#define LAB_V6LEN 48
char *lab_v6_addr_fmt(uint32_t a, char *buf);		/* buf >= LAB_V6LEN */
char *lab_v6_pfx_fmt(const struct lab_pfx *p, char *buf);	/* buf >= LAB_V6LEN */
/* The IPv4 address whose twin s is (0), or -1 when s is no twin. */
int lab_v6_untwin(const char *s, uint32_t *out);
int lab_pfx_cmp(const struct lab_pfx *a, const struct lab_pfx *b);
bool lab_pfx_covers(const struct lab_pfx *outer, const struct lab_pfx *inner);
uint32_t lab_mask(uint8_t len);

/* ------------------------------------------------------------ configuration */

struct lab_bgpopts {
	bool has_lp, has_peer_as, has_bfd, has_local_addr, has_pref, has_hold;
	bool has_local_as, has_metric_out, multipath, multihop;
	uint32_t lp, peer_as, bfd_interval, bfd_mult, local_addr, pref, hold;
	uint32_t local_as, metric_out;
	char **exp, **imp;		/* policy names, in order */
	size_t nexp, nimp;
	bool has_exp, has_imp;		/* statement present (overrides outer level) */
};

struct lab_nbr_cfg {
	uint32_t addr;
	char name[LAB_NAMELEN];
	struct lab_bgpopts o;
};

struct lab_group_cfg {
	char name[LAB_NAMELEN];
	int type;			/* 0 unset, 1 internal, 2 external */
	struct lab_bgpopts o;
	struct lab_nbr_cfg *nbrs;
	size_t nnbrs;
};

struct lab_ifaddr {
	char ifname[LAB_IFLEN];		/* "reth1.11" */
	uint32_t addr;
	uint8_t len;
	bool down;			/* unit or interface disabled: no routes, no sessions */
	bool blackhole;			/* an input filter discards everything it receives */
};

enum lab_nhtype { LAB_NH_ROUTER, LAB_NH_IFACE, LAB_NH_DISCARD, LAB_NH_REJECT, LAB_NH_LOCAL };

struct lab_static_cfg {
	struct lab_pfx pfx;
	uint8_t nhtype;
	uint32_t nh;			/* LAB_NH_ROUTER */
	char ifname[LAB_IFLEN];		/* LAB_NH_IFACE */
	uint32_t pref;			/* default 5; an aggregate's 130 */
	bool aggregate;			/* routing-options aggregate: needs a contributor */
};

struct lab_inst_cfg {
	char name[LAB_NAMELEN];
	char type[LAB_NAMELEN];
	char **ifnames;
	size_t nifnames;
	struct lab_static_cfg *statics;
	size_t nstatics;
	bool has_bgp;
	struct lab_bgpopts bgp;		/* protocols bgp level */
	struct lab_group_cfg *groups;
	size_t ngroups;
	uint32_t router_id, local_as;	/* 0 if not set at instance level */
};

/* route-filter / prefix-list-filter match types */
enum lab_rf_match { LAB_RF_EXACT, LAB_RF_ORLONGER, LAB_RF_LONGER, LAB_RF_UPTO, LAB_RF_RANGE };

struct lab_rf {
	struct lab_pfx pfx;
	uint8_t match;
	uint8_t lo, hi;			/* upto /hi, prefix-length-range /lo-/hi */
	int action;			/* 0 none, else LAB_ACT_ACCEPT / REJECT */
};

/* prefix-list-filter: a prefix list matched with a route-filter match type */
struct lab_plf {
	char list[LAB_NAMELEN];
	struct lab_rf m;		/* pfx unused */
};

enum lab_act { LAB_ACT_NONE = 0, LAB_ACT_ACCEPT, LAB_ACT_REJECT, LAB_ACT_NEXT_TERM,
	       LAB_ACT_NEXT_POLICY };

struct lab_term {
	char name[LAB_NAMELEN];
	/* from */
	struct lab_rf *rfs;
	size_t nrfs;
	char **plists;			/* prefix-list NAME (exact) */
	size_t nplists;
	struct lab_plf *plfs;		/* prefix-list-filter NAME MATCH */
	size_t nplfs;
	unsigned protos;		/* bit set of enum lab_proto; 0 = any */
	uint32_t *nbrs;			/* from neighbor */
	size_t nnbrs;
	bool has_from_lists;		/* any route-filter / prefix-list given */
	bool unknown_from;		/* a condition the lab does not model: never matches */
	/* then */
	int action;
	bool set_lp, set_med, set_pref, set_origin;
	uint32_t lp, med, pref;
	uint8_t origin;
	uint32_t prepend[LAB_MAXAS];
	uint8_t nprepend;
	int comm_op;			/* 0 none, 1 add, 2 set, 3 delete */
	char comm_name[LAB_NAMELEN];
};

struct lab_policy_cfg {
	char name[LAB_NAMELEN];
	struct lab_term *terms;
	size_t nterms;
	struct lab_term final;		/* then at policy level (no from) */
	bool has_final;
};

struct lab_plist_cfg {
	char name[LAB_NAMELEN];
	struct lab_pfx *pfx;
	size_t npfx;
};

struct lab_comm_cfg {
	char name[LAB_NAMELEN];
	char members[LAB_COMMLEN];
};

struct lab_cfg {
	char hostname[LAB_NAMELEN];
	uint32_t router_id, local_as;	/* routing-options */
	struct lab_ifaddr *addrs;
	size_t naddrs;
	struct lab_inst_cfg *insts;
	size_t ninsts;
	struct lab_policy_cfg *pols;
	size_t npols;
	struct lab_plist_cfg *plists;
	size_t nplists;
	struct lab_comm_cfg *comms;
	size_t ncomms;
};

/* Parse a <configuration> element (inactive statements skipped). */
int lab_cfg_parse(xmlNodePtr configuration, struct lab_cfg *out, char *err, size_t errlen);
void lab_cfg_clear(struct lab_cfg *c);
const struct lab_inst_cfg *lab_cfg_inst(const struct lab_cfg *c, const char *name);
const struct lab_policy_cfg *lab_cfg_policy(const struct lab_cfg *c, const char *name);
const struct lab_plist_cfg *lab_cfg_plist(const struct lab_cfg *c, const char *name);
const struct lab_comm_cfg *lab_cfg_comm(const struct lab_cfg *c, const char *name);
/* Effective options: neighbor over group over bgp level. Borrows arrays. */
void lab_cfg_effective(const struct lab_inst_cfg *ic, const struct lab_group_cfg *g,
		       const struct lab_nbr_cfg *n, struct lab_bgpopts *out);
/* Interface address owning addr (exact) among the instance's interfaces. */
const struct lab_ifaddr *lab_cfg_owner(const struct lab_cfg *c, const struct lab_inst_cfg *ic,
				       uint32_t addr);
/* Interface of the instance whose subnet holds addr. */
const struct lab_ifaddr *lab_cfg_subnet(const struct lab_cfg *c, const struct lab_inst_cfg *ic,
					uint32_t addr);

/* ------------------------------------------------------------ routes */

enum lab_proto { LAB_P_DIRECT, LAB_P_LOCAL, LAB_P_STATIC, LAB_P_AGGREGATE, LAB_P_BGP };
enum lab_origin { LAB_ORIGIN_IGP, LAB_ORIGIN_EGP, LAB_ORIGIN_INCOMPLETE };

const char *lab_proto_name(int proto);		/* "BGP" */
int lab_proto_parse(const char *s);		/* -1 unknown */

/* BGP path attributes as carried between speakers. */
struct lab_attrs {
	uint32_t aspath[LAB_MAXAS];
	uint8_t aslen;
	uint8_t origin;
	bool has_med, has_lp;
	uint32_t med, lp;
	uint32_t nexthop;
	char comms[LAB_COMMLEN];
};

/* AS path as Junos prints it: "12076 I", "I", "65020 65020 I". skip: leading ASes not shown. */
char *lab_aspath_fmt(const struct lab_attrs *a, int skip, char *buf, size_t size);

/* One path in a RIB. */
struct lab_path {
	struct lab_pfx pfx;
	uint8_t proto, nhtype;
	bool active, hidden, ebgp;
	uint32_t pref;
	uint32_t lp;			/* effective local preference (BGP) */
	struct lab_attrs a;		/* BGP attributes after import policy */
	uint32_t nh;			/* "to" (0: none shown) */
	char via[LAB_IFLEN];
	int sess;			/* BGP: session index in the world; -1 */
	uint32_t peer, peer_as, peer_rid;
	const char *inactive_reason;	/* static string */
	const char *hidden_reason;
	int64_t since_ms;
	/* multipath: further next hops of the active path */
	uint32_t mp_nh[4];
	char mp_via[4][LAB_IFLEN];
	uint8_t nmp;
};

struct lab_rib {
	struct lab_path *p;		/* sorted by prefix, then rank (active first) */
	size_t n, cap;
};

void lab_rib_clear(struct lab_rib *r);

/* A route as advertised on one session (Adj-RIB-Out / Adj-RIB-In). */
struct lab_adv {
	struct lab_pfx pfx;
	struct lab_attrs a;
	uint8_t src_proto;
};

struct lab_advs {
	struct lab_adv *v;
	size_t n, cap;
};

void lab_advs_clear(struct lab_advs *a);

/* ------------------------------------------------------------ policy */

/* Evaluation input: the route as the policy sees it. */
struct lab_pol_route {
	struct lab_pfx pfx;
	int proto;
	uint32_t neighbor;		/* peer the route is sent to / learned from */
};

/* Result: accepted or not; attributes modified in place. */
struct lab_pol_out {
	bool accept;
	bool set_lp, set_pref;
	uint32_t lp, pref;
};

/*
 * Evaluate a chain of policies (names; unknown names are skipped, as a
 * commit would have refused them) on r, modifying *a.  default_accept is
 * the protocol's default policy result for a route no term decides.
 */
void lab_policy_eval(const struct lab_cfg *c, char *const *chain, size_t nchain,
		     const struct lab_pol_route *r, bool default_accept, struct lab_attrs *a,
		     struct lab_pol_out *out);
/* True when one route-filter list matches (longest filter decides). */
bool lab_policy_rf_match(const struct lab_rf *rfs, size_t n, const struct lab_pfx *p, int *action);
int lab_policy_rf_parse(const char *match, const char *arg, struct lab_rf *rf);

/* ------------------------------------------------------------ the world */

enum lab_role { LAB_ROLE_CE = 0, LAB_ROLE_FW = 1 };

/* A simulated external peer (MSEE, VPN gateway, on-prem core). */
struct lab_ext {
	char name[LAB_NAMELEN];
	char kind[16];			/* "er", "vpn", "other" */
	char link[32];			/* "primary", ".76", ... */
	uint32_t addr, as, rid, remote_as, expect_local;
	char device[LAB_NAMELEN];
	char ifname[LAB_IFLEN];
	uint32_t bfd_interval;		/* 0: the peer runs no BFD */
	uint32_t hold;			/* seconds */
	char trace[32];			/* hops after the peer: "self *" */
	uint32_t rtt_us;
	struct lab_advs adv;		/* what it sends (next hop = addr) */
	/* derived at time t */
	bool up;			/* peer alive (events) */
};

struct lab_dev {
	char name[LAB_NAMELEN];
	char key[8];			/* "ce1", "ce2", "fw" */
	char release[32];
	int role;
	struct lab_cfg cfg;
	const struct lab_inst_cfg *inst;	/* the trio's instance, or NULL */
	uint32_t local_as, rid;
	struct lab_rib rib;		/* the instance's table */
	struct lab_path *local;		/* direct, local, static routes */
	size_t nlocal;
};

enum lab_remote { LAB_REMOTE_NONE, LAB_REMOTE_DEV, LAB_REMOTE_EXT };

struct lab_sent {
	int64_t ms;
	struct lab_advs advs;
};

struct lab_sess {
	int dev;			/* device index */
	const struct lab_group_cfg *g;
	const struct lab_nbr_cfg *nb;
	struct lab_bgpopts eff;
	int group_index, peer_index;
	uint32_t peer_addr, local_addr, peer_as, local_as, peer_rid;
	bool ibgp;
	char ifname[LAB_IFLEN];
	int remote;			/* enum lab_remote */
	int rdev, rsess, ext;
	bool cfg_ok;
	const char *why_down;		/* state shown when cfg_ok is false */
	bool up, bfd, bfd_up;
	uint32_t bfd_interval, bfd_mult;	/* negotiated */
	uint32_t hold;			/* negotiated, seconds */
	int64_t since_ms;		/* last state change */
	/* the session's timeline (lab_bgp.c): the peer heard, pending changes */
	bool heard;			/* the peer is alive and its packets arrive */
	int64_t pend_down, pend_up;	/* -1: none */
	uint32_t detect_ms;		/* of the pending down */
	bool by_bfd;
	unsigned flaps;
	const char *last_error;
	struct lab_advs in;		/* received (pre-policy) */
	struct lab_advs out;		/* sent */
	/* each version of out from the instant it was sent: the peer hears it LAB_PROC_MS later */
	struct lab_sent *sent;
	size_t nsent, sentcap;
};

struct lab_trio {
	int k;				/* 1-based */
	char inst[LAB_NAMELEN];		/* "Cust11" */
	struct lab_dev dev[3];
	int ndev;
	struct lab_ext *ext;
	size_t next, extcap;
	struct lab_sess *sess;
	size_t nsess, sesscap;
	bool cluster_wrapper;
	bool dual_stack;		/* option dual-stack: inet6.0 answered as the twin */
	double time_scale;
	int64_t created_ms, now_ms;
	bool settling;			/* the steady state: what is sent is heard at once */
};

void lab_trio_free(struct lab_trio *t);
void lab_sent_clear(struct lab_sess *s);	/* the versions a session sent (lab_bgp.c) */

struct lab_changes;

/* The world file: DIR/world/world.xml. */
int lab_world_load_doc(const char *dir, xmlDocPtr *out, char *err, size_t errlen);
/* Trio element of a device, or NULL. */
xmlNodePtr lab_world_trio_of(xmlDocPtr doc, const char *device, int *k);
/*
 * Build the trio holding device (or trio k when device is NULL) as it is at
 * time now_ms (0: now): configurations read now, events replayed.
 * Caller frees with lab_trio_free().
 */
int lab_trio_build(const char *dir, const char *device, int k, int64_t now_ms,
		   struct lab_trio **out, char *err, size_t errlen);
/*
 * The same, simulating on to until_ms (> now_ms: a prediction) and
 * collecting the changes after after_ms into changes.
 */
int lab_trio_predict(const char *dir, int k, int64_t now_ms, int64_t until_ms,
		     struct lab_changes *changes, int64_t after_ms, struct lab_trio **out,
		     char *err, size_t errlen);
int lab_trio_devidx(const struct lab_trio *t, const char *device);

/* ------------------------------------------------------------ BGP engine */

/* One logged change produced by the simulation. */
struct lab_change {
	int64_t ms;
	char device[LAB_NAMELEN];
	char kind[16];
	char text[200];
};

struct lab_changes {
	struct lab_change *v;
	size_t n, cap;
};

/* A peer liveness change from the event log. */
struct lab_peer_ev {
	int64_t ms;
	int ext;
	bool up;
};

/* A commit: from ms on, device dev runs cfg (owned until lab_bgp_run takes it). */
struct lab_commit {
	int64_t ms;
	int dev;
	struct lab_cfg cfg;
};

/*
 * Set up sessions and local routes from the configurations, then run the
 * world from its steady state through the peer events and the commits
 * (sorted by time; each one's cfg is swapped with the device's, so the
 * caller frees what the array holds afterwards) up to t->now_ms.
 * changes (may be NULL) collects session, BFD and active-path changes
 * after after_ms, with their times (up to until_ms, which may exceed
 * now_ms to predict the outcome of recent events).
 */
int lab_bgp_run(struct lab_trio *t, const struct lab_peer_ev *ev, size_t nev,
		struct lab_commit *cm, size_t ncm, int64_t until_ms, struct lab_changes *changes, int64_t after_ms,
		char *err, size_t errlen);

/* Paths of a destination: index of the first and count, 0 if absent. */
size_t lab_rib_find(const struct lab_rib *r, const struct lab_pfx *p, size_t *first);
/* Longest-match active path for an address, or NULL. */
const struct lab_path *lab_rib_lookup(const struct lab_rib *r, uint32_t addr);

/* ------------------------------------------------------------ traceroute (lab_oper.c) */

/* One traceroute hop. */
struct lab_hop {
	uint32_t addr;		/* 0: every probe timed out */
	uint32_t rtt_us;
};

/*
 * The hops a traceroute from device di of t to host sees, at most max,
 * into hops and their count into *nhops; 0 when host answers, -1 when
 * it is unreachable.
 */
int lab_o_trace_walk(const struct lab_trio *t, int di, uint32_t host, struct lab_hop *hops,
		     size_t *nhops, size_t max);

/* ------------------------------------------------------------ events */

/*
 * The configuration history of a device: the instants (ms) of the files
 * DIR/world/configs/DEVICE/MS.xml, sorted; 0 is the configuration before
 * the first commit.  None (n = 0): committed.xml has always been in force.
 */
int lab_world_history(const char *dir, const char *device, int64_t **out, size_t *n);

/* Read lab.conf time-scale (default 1.0). */
double lab_event_time_scale(const char *dir);
int64_t lab_event_now_ms(void);
/* Peer liveness changes of trio t from DIR/world/events.log, sorted. */
int lab_event_load(const char *dir, const struct lab_trio *t, struct lab_peer_ev **out,
		   size_t *n, char *err, size_t errlen);
int lab_event_show(const char *dir, const char *device, FILE *out, char *err, size_t errlen);

/* ------------------------------------------------------------ helpers */

void lab_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int lab_grow(void **arr, size_t *cap, size_t need, size_t esize);
/* Text of the first child element named name (local name), trimmed; NULL if none. */
const char *lab_xml_child_text(xmlNodePtr n, const char *name, char *buf, size_t size);
xmlNodePtr lab_xml_child(xmlNodePtr n, const char *name);
xmlNodePtr lab_xml_next(xmlNodePtr n, const char *name);	/* next sibling named */
bool lab_xml_inactive(xmlNodePtr n);

#endif
