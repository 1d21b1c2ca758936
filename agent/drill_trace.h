/*
 * drill_trace.h - the drill's path proof: a traceroute from the
 * firewall's routing instance to the intent's Azure test host before the
 * trigger, after the failover and after the failback, each classified by
 * its hops (drill_trace.c).
 */
#ifndef EG_DRILL_TRACE_H
#define EG_DRILL_TRACE_H

#include "drill_model.h"

/*
 * Where a traceroute went in service svc: the ExpressRoute link (index)
 * when a hop is a link's MSEE peer or lies in its point-to-point subnet;
 * else EG_VIA_VPN when it reached its target; else EG_VIA_NONE (not
 * reached, or no hop at all).
 */
int eg_drill_trace_classify(const struct eg_service *svc, const struct eg_trace *t);

/*
 * Whether via is what a phase expects: before and after, an
 * ExpressRoute link; during, a link of to_links, or the VPN when to_vpn.
 */
bool eg_drill_trace_expected(enum eg_drill_trace_phase ph, int via, unsigned to_links, bool to_vpn);

/* "before", "during", "after". */
const char *eg_drill_trace_phase_name(enum eg_drill_trace_phase ph);

/* The hops as "192.168.11.0 192.168.11.18 * 10.17.11.132"; caller frees. */
char *eg_drill_trace_hops(const struct eg_drill_trace *t);

/* The test hosts the path proof traces: the service's Azure test host (0 or 1). */
size_t eg_drill_trace_hosts(const struct eg_service *svc, struct eg_addr *hosts, size_t max);

/*
 * The longest the traces of one phase may hold the drill up: a reply
 * timeout per host (0 with --no-trace).  The trigger's confirm timer
 * outlasts the traces during the failover too.
 */
unsigned eg_drill_trace_budget_s(const struct eg_service *svc, const struct eg_drill_opts *o);

struct eg_nc_session;

/*
 * Trace every test host of svc once from the firewall's routing instance
 * over session fw, one after the other, appending to r->traces; instants
 * are eg_nc_now_ms() less mono0.  Returns the number of traces not as
 * the phase expects; *err is the session's error when it failed.
 */
size_t eg_drill_trace_phase(struct eg_nc_session *fw, const struct eg_service *svc,
			    struct eg_drill_result *r, enum eg_drill_trace_phase ph,
			    int64_t mono0, unsigned to_links, bool to_vpn, eg_err *err);

#endif
