/*
 * check_fixture.h - build intents and observations for the check tests.
 *
 * fx_new() gives the reference design of the seed: the built-in intent
 * (yang/default-intent.xml, loaded as erguard loads it) and one
 * observation per planned query, as the three devices answer in steady
 * state (tests/snapshots/compliant holds the same replies as XML).  Each test then breaks one thing with
 * the helpers below and runs a check through the catalogue, or lists its
 * cases in a table of struct fx_case run by fx_run_cases().
 *
 * Implemented in check_fixture.c, part of libegtest.a.  A fixture that
 * cannot be built (out of memory, a malformed address) aborts the test
 * binary: it is a bug in the test.  fx_free() releases all of a fixture.
 */
#ifndef CHECK_FIXTURE_H
#define CHECK_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "azure.h"
#include "checks.h"
#include "intent.h"
#include "report.h"
#include "state.h"

/*
 * FX_CE1, FX_CE2, FX_FW, FX_INST, FX_TABLE, FX_ONPREM, FX_HUB, FX_SPOKE,
 * FX_MSEE1/2, FX_VPN1/2, FX_CE1/2_ADDR, FX_FW1/2_ADDR, FX_VPN_LOCAL, the
 * groups, local preferences, ASNs and BFD timers: the reference design,
 * generated from yang/default-intent.xml (fx_reference.xsl).
 */
#include "fx_reference.h"

/* AS paths: the on-prem prefix as advertised, Azure prefixes over ExpressRoute and over the VPN. */
#define FX_ADV_AS "[" FX_AS_ONPREM "] I"
#define FX_ER_AS FX_AS_MS " I"
#define FX_VPN_AS FX_AS_AZURE " I"
/* How the firewall is wired: redundant Ethernet units to the LAN and to each CE. */
#define FX_RETH_LAN "reth0." FX_CUST
#define FX_RETH_CE1 "reth1." FX_CUST
#define FX_RETH_CE2 "reth2." FX_CUST

struct fx {
	struct eg_intent *in;
	struct eg_state *st;
	struct eg_report *rep;
	struct eg_check_ctx ctx;
	struct eg_azure_routes *az_learned;	/* owned; fx_azure() sets ctx too */
	struct eg_azure_routes *az_advertised;
};

/* Attributes of one path; zero values mean "not shown". */
struct fx_path {
	const char *as;		/* AS path as Junos prints it, or NULL */
	const char *comm;	/* communities, space-separated, or NULL */
	const char *from;	/* learned-from */
	const char *to;		/* selected next hop */
	const char *via;	/* interface */
	int lp;			/* -1: none shown */
	int med;		/* -1: none */
	bool active;
	enum eg_proto proto;	/* 0 (OTHER) means BGP here */
};

/*
 * One case of a check's table: a mutation of the reference fixture and
 * what the named result must then say.  A NULL expected field is not
 * asserted; "" asserts that the field is NULL.
 */
struct fx_case {
	const char *name;
	const char *check;
	void (*mutate)(struct fx *f);
	const char *scope;		/* result to inspect */
	enum eg_status status;
	size_t nfail;			/* findings of status FAIL (or UNKNOWN when unknown) */
	const char *device, *prefix, *peer, *expected, *observed;
	eg_err cause;			/* unknown: the cause */
	const char *reason;		/* unknown/skipped: a substring of the reason */
};

#define FX_PASS(nm, id, mut, sc) \
	{ .name = (nm), .check = (id), .mutate = (mut), .scope = (sc), .status = EG_ST_PASS }
#define FX_FAIL(nm, id, mut, sc, n, dev, pfx, pr, exp, obs) \
	{ .name = (nm), .check = (id), .mutate = (mut), .scope = (sc), .status = EG_ST_FAIL, \
	  .nfail = (n), .device = (dev), .prefix = (pfx), .peer = (pr), .expected = (exp), \
	  .observed = (obs) }
#define FX_UNKNOWN(nm, id, mut, sc, cs, why) \
	{ .name = (nm), .check = (id), .mutate = (mut), .scope = (sc), .status = EG_ST_UNKNOWN, \
	  .cause = (cs), .reason = (why) }
#define FX_SKIP(nm, id, mut, sc, why) \
	{ .name = (nm), .check = (id), .mutate = (mut), .scope = (sc), .status = EG_ST_SKIPPED, \
	  .reason = (why) }

struct CMUnitTest;

/* ------------------------------------------------------------ values */

/* p, or abort the test binary when it is NULL (out of memory). */
void *fx_chk(void *p);
/* A copy of s (NULL stays NULL); caller frees. */
char *fx_strdup(const char *s);
/* Address s (NULL: all zero), prefix s; abort when malformed. */
struct eg_addr fx_addr(const char *s);
struct eg_prefix fx_prefix(const char *s);

/* ------------------------------------------------------------ intent */

/* Fill l as the reference design's links are (its groups and local preference). */
void fx_link(struct eg_er_link *l, const char *name, const char *ce, const char *msee,
	     const char *p2p, const char *ce_addr, const char *fw_addr);
/* Keep only the first ExpressRoute link of the service. */
void fx_drop_second_link(struct fx *f);
/* Restrict the run to the given devices (--device); NULL-terminated list, borrowed. */
void fx_filter(struct fx *f, const char *const *devices);

/* ------------------------------------------------------------ observations */

/* The observation for (device, kind, peer), writable; aborts if absent. */
struct eg_obs *fx_obs(struct fx *f, const char *device, enum eg_qkind kind, const char *peer);
/* Make an observation failed the way a collector would. */
void fx_obs_failed(struct fx *f, const char *device, enum eg_qkind kind, const char *peer,
		   eg_err status, const char *why);
/* Remove an observation altogether (the plan did not have it). */
void fx_obs_remove(struct fx *f, const char *device, enum eg_qkind kind, const char *peer);

/* ------------------------------------------------------------ routes */

/* Add one path to prefix with attributes a to rib. */
void fx_path_add(struct eg_rib *rib, const char *prefix, struct fx_path a);
/* An advertised route as "show route advertising-protocol ... detail" shows it. */
void fx_adv(struct eg_rib *rib, const char *prefix, const char *aspath);
/* Empty the route table of an observation and return it. */
struct eg_rib *fx_rib_reset(struct fx *f, const char *device, enum eg_qkind kind, const char *peer);
/* The n-th path to prefix in an observation's table, writable; aborts if absent. */
struct eg_path *fx_path(struct fx *f, const char *device, enum eg_qkind kind, const char *peer,
			const char *prefix, size_t n);
/* Intern s in the pool of the table that holds an observation. */
const char *fx_intern(struct fx *f, const char *device, enum eg_qkind kind, const char *peer,
		      const char *s);

/* ------------------------------------------------------------ BGP and configuration */

/* The peer of a device's BGP summary, writable; aborts if absent. */
struct eg_bgp_peer *fx_peer(struct fx *f, const char *device, const char *addr);
/* Remove a peer from a device's BGP summary. */
void fx_peer_remove(struct fx *f, const char *device, const char *addr);
/* Add a group to ic; valid until the next group is added to ic. */
struct eg_bgp_group_cfg *fx_cfg_group(struct eg_instance_cfg *ic, const char *name, const char *type);
/* Add a neighbor to g; valid until the next one is added to g. */
struct eg_bgp_neighbor_cfg *fx_cfg_neighbor(struct eg_bgp_group_cfg *g, const char *addr);
/* A CE's BGP group in its configuration observation; aborts if absent. */
struct eg_bgp_group_cfg *fx_group(struct fx *f, const char *device, const char *group);

/* ------------------------------------------------------------ faults more than one table uses */

/* Each VPN peer is also sent the on-premises prefix as two /26 halves. */
void fx_vpn_halves(struct fx *f);
/* CE1's BFD session runs at 1000 ms, detection 3000 ms: slower than the intent's. */
void fx_ce1_bfd_slow(struct fx *f);

/* ------------------------------------------------------------ the whole fixture */

/* The reference design in steady state; caller frees with fx_free(). */
struct fx *fx_new(void);
void fx_free(struct fx *f);
/* A file under tests/data, from the repository root or $EG_ROOT; static buffer. */
const char *fx_data(const char *rel);
/* Load tests/data/azure/NAME as the learned (or advertised) export of the run; f owns it. */
struct eg_azure_routes *fx_azure(struct fx *f, const char *name, bool learned);
/* Run one check of the catalogue for the service. */
void fx_run(struct fx *f, const char *id);
/* The result of check id for scope (NULL: the only one); NULL if absent. */
const struct eg_result *fx_result(const struct fx *f, const char *id, const char *scope);
/* How many results check id produced. */
size_t fx_nresults(const struct fx *f, const char *id);
/* The first finding of res whose status is st (PASS for notes). */
const struct eg_finding *fx_finding(const struct eg_result *res, enum eg_status st);

/* ------------------------------------------------------------ case tables */

/*
 * Run a table of cases, one cmocka test each, then the extra tests;
 * cmocka's result for the group.
 */
int fx_run_cases(const char *group, const struct fx_case *cases, size_t n,
		 const struct CMUnitTest *extra, size_t nextra);

#endif
