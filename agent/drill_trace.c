/*
 * drill_trace.c - the drill's path proof (see drill.h): a traceroute from
 * the firewall's routing instance to the service's test host before the
 * trigger, once the failover is complete and once the failback is, each
 * classified by the hops it shows.
 *
 * A path through ExpressRoute shows the MSEE: a hop that is a link's
 * MSEE peer address or lies in the link's point-to-point subnet.  A path
 * through the VPN reaches the host with no such hop (the tunnel hides
 * the gateways in between).  Traces run outside the watch's timed
 * polling, on the firewall's session the drill already holds.
 */
#include <stdlib.h>
#include <string.h>

#include "cfg_txn.h"
#include "drill_trace.h"
#include "junos.h"
#include "nc.h"
#include "state.h"
#include "util.h"

/* The link index whose MSEE or point-to-point subnet holds a, or -1. */
static int
trace_er_link(const struct eg_service *svc, const struct eg_addr *a)
{
	size_t i;

	if (a->family == 0)
		return -1;
	for (i = 0; i < svc->ner && i < 32; i++) {
		const struct eg_er_link *l = &svc->er[i];
		struct eg_prefix host = { .addr = *a, .len = a->family == 6 ? 128 : 32 };

		if (eg_addr_eq(a, &l->msee_peer) || eg_addr_eq(a, &l->msee_peer6) ||
		    (l->p2p_subnet.addr.family != 0 && eg_prefix_covers(&l->p2p_subnet, &host)))
			return (int)i;
	}
	return -1;
}

int
eg_drill_trace_classify(const struct eg_service *svc, const struct eg_trace *t)
{
	bool reached;
	size_t i;

	if (t == NULL || t->nhops == 0)
		return EG_VIA_NONE;
	for (i = 0; i < t->nhops; i++) {
		int l = trace_er_link(svc, &t->hops[i].addr);

		if (l >= 0)
			return l;
	}
	reached = t->success || (t->target.family != 0 &&
				 eg_addr_eq(&t->hops[t->nhops - 1].addr, &t->target));
	return reached ? EG_VIA_VPN : EG_VIA_NONE;
}

bool
eg_drill_trace_expected(enum eg_drill_trace_phase ph, int via, unsigned to_links, bool to_vpn)
{
	if (ph == EG_TRACE_DURING)
		return eg_drill_via_in(via, to_links, to_vpn);
	return via >= 0 && via < 32;
}

const char *
eg_drill_trace_phase_name(enum eg_drill_trace_phase ph)
{
	switch (ph) {
	case EG_TRACE_BEFORE:	return "before";
	case EG_TRACE_DURING:	return "during";
	case EG_TRACE_AFTER:	return "after";
	}
	return "?";
}

char *
eg_drill_trace_hops(const struct eg_drill_trace *t)
{
	char *out = eg_xstrdup(""), ab[EG_ADDR_STRLEN];
	size_t i;

	for (i = 0; i < t->nhops; i++) {
		char *n = eg_xasprintf("%s%s%s", out, i ? " " : "",
				       t->hops[i].addr.family ? eg_addr_fmt(&t->hops[i].addr, ab) : "*");

		free(out);
		out = n;
	}
	return out;
}

size_t
eg_drill_trace_hosts(const struct eg_service *svc, struct eg_addr *hosts, size_t max)
{
	size_t n = 0;

	/*
	 * The on-premises test host sits on the firewall's own side: its
	 * path from the firewall crosses neither ExpressRoute nor the VPN,
	 * so only the Azure one proves the path.
	 */
	if (max > 0 && svc->azure_test_host.family != 0)
		hosts[n++] = svc->azure_test_host;
	return n;
}

unsigned
eg_drill_trace_budget_s(const struct eg_service *svc, const struct eg_drill_opts *o)
{
	struct eg_addr hosts[4];

	if (o->no_trace)
		return 0;
	return (unsigned)eg_drill_trace_hosts(svc, hosts, 4) *
	       (o->collect.rpc_timeout_s ? o->collect.rpc_timeout_s : 30);
}

/* The expectation of a phase, for the failure text. */
static const char *
trace_expect_name(const struct eg_service *svc, enum eg_drill_trace_phase ph, unsigned to_links,
		  bool to_vpn)
{
	size_t i;

	if (ph != EG_TRACE_DURING || to_vpn)
		return ph == EG_TRACE_DURING ? "the VPN" : "ExpressRoute";
	for (i = 0; i < svc->ner && i < 32; i++)
		if (to_links & (1u << i))
			return svc->er[i].name;
	return "?";
}

/* One trace of host; appends it to r->traces. */
static eg_err
trace_one(struct eg_nc_session *fw, const struct eg_service *svc, struct eg_drill_result *r,
	  enum eg_drill_trace_phase ph, const struct eg_addr *host, int64_t mono0)
{
	struct eg_query q;
	struct eg_cfg_reply rep;
	struct eg_drill_trace *t;
	struct eg_obs obs;
	char *body, *msg = NULL;
	eg_err err;

	memset(&q, 0, sizeof(q));
	q.kind = EG_Q_TRACEROUTE;
	q.instance = svc->instance;
	q.peer = *host;
	body = eg_junos_rpc(&q);
	r->traces = eg_xrealloc(r->traces, (r->ntraces + 1) * sizeof(*r->traces));
	t = &r->traces[r->ntraces++];
	memset(t, 0, sizeof(*t));
	t->phase = ph;
	t->host = *host;
	t->via = EG_VIA_UNKNOWN;
	t->sent = eg_nc_now_ms() - mono0;
	err = eg_cfg_rpc(fw, r->firewall, body, &rep, &msg);
	t->recv = eg_nc_now_ms() - mono0;
	free(body);
	if (err == EG_OK) {
		if (eg_cfg_parse(&rep, r->firewall, &q, EG_QD_TRACE, &obs) && obs.u.trace != NULL) {
			struct eg_trace *tr = obs.u.trace;

			t->answered = true;
			t->via = eg_drill_trace_classify(svc, tr);
			t->reached = tr->success;
			t->hops = tr->hops;
			t->nhops = tr->nhops;
			tr->hops = NULL;
			tr->nhops = 0;
		}
		eg_cfg_obs_done(&obs);
	} else if (err == EG_ERPC) {
		err = EG_OK;	/* the device refused this trace: it stays unknown */
	}
	free(rep.buf);
	free(msg);
	return err;
}

size_t
eg_drill_trace_phase(struct eg_nc_session *fw, const struct eg_service *svc,
		     struct eg_drill_result *r, enum eg_drill_trace_phase ph, int64_t mono0,
		     unsigned to_links, bool to_vpn, eg_err *err)
{
	struct eg_addr hosts[4];
	size_t n = eg_drill_trace_hosts(svc, hosts, 4), i, bad = 0;

	*err = EG_OK;
	for (i = 0; i < n && *err == EG_OK; i++) {
		struct eg_drill_trace *t;
		char ab[EG_ADDR_STRLEN], *hops;

		*err = trace_one(fw, svc, r, ph, &hosts[i], mono0);
		t = &r->traces[r->ntraces - 1];
		t->ok = t->answered && eg_drill_trace_expected(ph, t->via, to_links, to_vpn);
		if (t->ok)
			continue;
		bad++;
		hops = eg_drill_trace_hops(t);
		if (!t->answered)
			t->why = eg_xasprintf("traceroute %s %s: no answer from %s",
					      eg_addr_fmt(&t->host, ab), eg_drill_trace_phase_name(ph),
					      r->firewall);
		else
			t->why = eg_xasprintf("traceroute %s %s: expected via %s, went %s%s (hops: %s)",
					      eg_addr_fmt(&t->host, ab), eg_drill_trace_phase_name(ph),
					      trace_expect_name(svc, ph, to_links, to_vpn),
					      t->via == EG_VIA_NONE ? "nowhere (not reached)" :
					      t->via == EG_VIA_VPN ? "via the VPN" : "via ExpressRoute ",
					      t->via >= 0 && t->via < 32 ? eg_drill_via_name(svc, t->via) : "",
					      *hops ? hops : "none");
		free(hops);
	}
	return bad;
}
