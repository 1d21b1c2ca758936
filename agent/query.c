/*
 * query.c - the query table, and the payload each kind of observation holds.
 *
 * Guarantees: every kind below EG_Q_NKINDS has exactly one row, in enum
 * order (eg_qdef(k)->... never fails for a kind); an observation's
 * payload is created, tested and freed only through its row, so no other
 * file needs to know which union member a kind fills.
 */
#include <stdlib.h>
#include <string.h>

#include "junos.h"
#include "query.h"

static const struct eg_qdef query_table[EG_Q_NKINDS] = {
	[EG_Q_CONFIG] = {
		.name = "config",
		.cli = "show configuration routing-instances {instance}",
		.fallback = "show configuration",
		/* the instance and the whole policy-options, where its policies and prefix-lists live */
		.rpc = "<get-configuration database=\"committed\" format=\"xml\">"
		       "<configuration><routing-instances><instance><name>{instance}</name>"
		       "</instance></routing-instances><policy-options/></configuration>"
		       "</get-configuration>",
		.data = EG_QD_CONFIG,
		.parser = &eg_junos_config_parser,
	},
	[EG_Q_ROUTES] = {
		.name = "routes",
		.cli = "show route table {table}",
		.levels = true,
		.rpc = "<get-route-information><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
	},
	[EG_Q_ADVERTISED] = {
		.name = "advertised",
		.cli = "show route advertising-protocol bgp {peer} table {table}",
		.levels = true,
		/* advertised routes are asked with <neighbor>, received ones with <peer> */
		.rpc = "<get-route-information>"
		       "<advertising-protocol-name>bgp</advertising-protocol-name>"
		       "<neighbor>{peer}</neighbor><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
	},
	[EG_Q_RECEIVED] = {
		.name = "received",
		.cli = "show route receive-protocol bgp {peer} table {table}",
		.levels = true,
		.rpc = "<get-route-information>"
		       "<receive-protocol-name>bgp</receive-protocol-name>"
		       "<peer>{peer}</peer><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
	},
	[EG_Q_BGP_SUMMARY] = {
		.name = "bgp-summary",
		.cli = "show bgp summary instance {instance}",
		.fallback = "show bgp summary",
		/* <exact-instance>, so that Cust1 does not match Cust11 */
		.rpc = "<get-bgp-summary-information><exact-instance>{instance}</exact-instance>"
		       "</get-bgp-summary-information>",
		.data = EG_QD_BGP,
		.parser = &eg_junos_bgp_parser,
	},
	[EG_Q_BGP_NEIGHBOR] = {
		.name = "bgp-neighbor",
		.cli = "show bgp neighbor [{peer}] instance {instance}",
		.rpc = "<get-bgp-neighbor-information><exact-instance>{instance}"
		       "</exact-instance>[<neighbor-address>{peer}</neighbor-address>]"
		       "</get-bgp-neighbor-information>",
		.data = EG_QD_BGP,
		.parser = &eg_junos_bgp_parser,
	},
	[EG_Q_BFD] = {
		.name = "bfd",
		.cli = "show bfd session",
		.levels = true,
		.device_wide = true,
		.rpc = "<get-bfd-session-information>{level}</get-bfd-session-information>",
		.data = EG_QD_BFD,
		.parser = &eg_junos_bfd_parser,
	},
	[EG_Q_INSTANCE] = {
		.name = "instance",
		.cli = "show route instance {instance}",
		.cli_level = "detail",
		.rpc = "<get-instance-information><instance-name>{instance}</instance-name>"
		       "<detail/></get-instance-information>",
		.data = EG_QD_INSTANCES,
		.parser = &eg_junos_instance_parser,
	},
	[EG_Q_TRACEROUTE] = {
		.name = "traceroute",
		.cli = "traceroute {peer} routing-instance {instance}",
		.rpc = "<traceroute><host>{peer}</host><routing-instance>{instance}"
		       "</routing-instance><no-resolve/><wait>2</wait><ttl>30</ttl>"
		       "</traceroute>",
		.data = EG_QD_TRACE,
		.parser = &eg_junos_trace_parser,
	},
};

const struct eg_qdef *
eg_qdef(enum eg_qkind k)
{
	return (unsigned)k < EG_Q_NKINDS ? &query_table[k] : NULL;
}

const char *
eg_qkind_name(enum eg_qkind k)
{
	const struct eg_qdef *d = eg_qdef(k);

	return d != NULL ? d->name : "?";
}

/* ------------------------------------------------------------ payloads */

/*
 * One row per member of struct eg_obs's union: how to make it empty,
 * free it and tell whether it is there.
 */
#define QUERY_PAYLOAD(member, create, destroy)						\
	static eg_err query_##member##_new(struct eg_obs *o)				\
	{										\
		o->u.member = create;							\
		return o->u.member != NULL ? EG_OK : EG_ENOMEM;				\
	}										\
	static void query_##member##_free(struct eg_obs *o)				\
	{										\
		destroy(o->u.member);							\
	}										\
	static bool query_##member##_has(const struct eg_obs *o)			\
	{										\
		return o->u.member != NULL;						\
	}

QUERY_PAYLOAD(rib, eg_rib_new(NULL), eg_rib_free)
QUERY_PAYLOAD(bgp, eg_bgp_new(), eg_bgp_free)
QUERY_PAYLOAD(bfd, eg_bfd_new(), eg_bfd_free)
QUERY_PAYLOAD(cfg, eg_xcalloc(1, sizeof(struct eg_config)), eg_config_free)
QUERY_PAYLOAD(inst, eg_xcalloc(1, sizeof(struct eg_instances)), eg_instances_free)
QUERY_PAYLOAD(trace, eg_xcalloc(1, sizeof(struct eg_trace)), eg_trace_free)

static const struct query_payload {
	eg_err (*create)(struct eg_obs *o);
	void (*destroy)(struct eg_obs *o);
	bool (*has)(const struct eg_obs *o);
} query_payloads[] = {
	[EG_QD_RIB] = { query_rib_new, query_rib_free, query_rib_has },
	[EG_QD_BGP] = { query_bgp_new, query_bgp_free, query_bgp_has },
	[EG_QD_BFD] = { query_bfd_new, query_bfd_free, query_bfd_has },
	[EG_QD_CONFIG] = { query_cfg_new, query_cfg_free, query_cfg_has },
	[EG_QD_INSTANCES] = { query_inst_new, query_inst_free, query_inst_has },
	[EG_QD_TRACE] = { query_trace_new, query_trace_free, query_trace_has },
};

static const struct query_payload *
query_payload(enum eg_qkind k)
{
	const struct eg_qdef *d = eg_qdef(k);

	return d != NULL ? &query_payloads[d->data] : NULL;
}

eg_err
eg_obs_data_new(struct eg_obs *o)
{
	const struct query_payload *p = query_payload(o->q.kind);

	return p != NULL ? p->create(o) : EG_EINVAL;
}

void
eg_obs_data_free(struct eg_obs *o)
{
	const struct query_payload *p = query_payload(o->q.kind);

	if (p != NULL)
		p->destroy(o);
	memset(&o->u, 0, sizeof(o->u));
}

bool
eg_obs_has_data(const struct eg_obs *o)
{
	const struct query_payload *p = query_payload(o->q.kind);

	return p != NULL && p->has(o);
}
