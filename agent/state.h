/*
 * state.h - what erguard read from the devices: one observation per query.
 *
 * A query is one Junos RPC (equivalently one CLI command); each kind is a
 * row of the query table (query.h).  The plan for a run (plan.c) lists
 * the queries the check catalogue needs of each device for the intent;
 * a collector (live NETCONF, or a saved snapshot directory) fills one
 * observation per query; checks only read observations.  An observation
 * whose status is not EG_OK carries the reason, and every check that needs
 * it reports "unknown" with that reason.
 */
#ifndef EG_STATE_H
#define EG_STATE_H

#include <stddef.h>

#include "eg_err.h"
#include "model.h"

enum eg_qkind {
	EG_Q_CONFIG,		/* show configuration routing-instances I (+ policy-options) */
	EG_Q_ROUTES,		/* show route table T */
	EG_Q_ADVERTISED,	/* show route advertising-protocol bgp PEER table T */
	EG_Q_RECEIVED,		/* show route receive-protocol bgp PEER table T */
	EG_Q_BGP_SUMMARY,	/* show bgp summary instance I */
	EG_Q_BGP_NEIGHBOR,	/* show bgp neighbor instance I */
	EG_Q_BFD,		/* show bfd session */
	EG_Q_INSTANCE,		/* show route instance I detail */
	EG_Q_TRACEROUTE,	/* traceroute HOST routing-instance I */
	/* the IPv6 table of the instance, asked when the intent is dual-stack */
	EG_Q_ROUTES6,		/* show route table I.inet6.0 */
	EG_Q_ADVERTISED6,	/* show route advertising-protocol bgp PEER6 table I.inet6.0 */
	EG_Q_RECEIVED6,		/* show route receive-protocol bgp PEER6 table I.inet6.0 */
	EG_Q_NKINDS
};


/* Which devices of a service a query goes to, and about which peers. */
enum eg_qrole {
	EG_QR_NONE,		/* ends a list of needs */
	EG_QR_CE,		/* each ExpressRoute CE */
	EG_QR_CE_MSEE,		/* each ExpressRoute CE, about its MSEE peer */
	EG_QR_FW,		/* the VPN firewall */
	EG_QR_FW_PEER,		/* the VPN firewall, about each VPN gateway peer */
};

/*
 * One query a check reads, for every service: the check catalogue lists
 * them (struct eg_check_def) and the plan (plan.c) is made of them.
 */
struct eg_qneed {
	enum eg_qkind kind;
	enum eg_qrole role;
	const char *level;	/* output level the check relies on ("detail"), or NULL */
	bool for_remedy;	/* not read by the check: asked so that a snapshot holds
				   what its remedy sends the engineer to look at */
};
#define EG_QNEEDS_MAX 6		/* needs per check */

struct eg_query {
	enum eg_qkind kind;
	char *device;		/* device name */
	char *instance;		/* routing instance, or NULL (BFD) */
	char *table;		/* "Cust11.inet.0", or NULL */
	struct eg_addr peer;	/* advertised/received peer, traceroute host */
	char *detail;		/* NULL, "detail", "extensive", "terse" */
};

/* Which member of struct eg_obs's union an observation holds. */
enum eg_qdata {
	EG_QD_NONE,		/* no payload */
	EG_QD_RIB,		/* u.rib */
	EG_QD_BGP,		/* u.bgp */
	EG_QD_BFD,		/* u.bfd */
	EG_QD_CONFIG,		/* u.cfg */
	EG_QD_INSTANCES,	/* u.inst */
	EG_QD_TRACE,		/* u.trace */
	EG_QD_NTYPES
};

/* One observation: the outcome of one query. */
struct eg_obs {
	struct eg_query q;
	eg_err status;		/* EG_OK: data below is valid */
	char *why;		/* reason when status != EG_OK ("SEA-MX03-02: timeout after 10 s") */
	struct eg_rpc_errors warnings;	/* rpc-error of severity warning beside data */
	enum eg_qdata data;		/* which member of u is set */
	union {
		struct eg_rib *rib;		/* ROUTES, ADVERTISED, RECEIVED */
		struct eg_bgp *bgp;		/* BGP_SUMMARY, BGP_NEIGHBOR */
		struct eg_bfd *bfd;		/* BFD */
		struct eg_config *cfg;		/* CONFIG */
		struct eg_instances *inst;	/* INSTANCE */
		struct eg_trace *trace;		/* TRACEROUTE */
	} u;
};

struct eg_state {
	struct eg_obs *obs;
	size_t nobs, cap;
};

struct eg_state *eg_state_new(void);
void eg_state_free(struct eg_state *st);
void eg_query_clear(struct eg_query *q);
void eg_query_copy(struct eg_query *dst, const struct eg_query *src);
/* Frees the payload by kind and the reason; leaves q intact. */
void eg_obs_clear_data(struct eg_obs *o);

/*
 * Give o an empty payload of type data (EG_EINVAL for no type); it is
 * freed by eg_obs_data_free() or eg_obs_clear_data().
 */
eg_err eg_obs_data_new(struct eg_obs *o, enum eg_qdata data);
/* Free o's payload and zero it. */
void eg_obs_data_free(struct eg_obs *o);
/* True when o holds a payload. */
bool eg_obs_has_data(const struct eg_obs *o);

/* Append an observation for q (copied) with status EG_ENOTFOUND; *out owned by st.  Always EG_OK. */
eg_err eg_state_add(struct eg_state *st, const struct eg_query *q, struct eg_obs **out);
/* Set a failure reason (printf-style) on an observation. */
void eg_obs_fail(struct eg_obs *o, eg_err status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Find the observation for (device, kind, instance, peer).  instance and
 * peer are ignored when NULL / absent.  NULL when the plan had no such
 * query.
 */
const struct eg_obs *eg_state_find(const struct eg_state *st, const char *device,
				   enum eg_qkind kind, const char *instance,
				   const struct eg_addr *peer);


#endif
