/*
 * state.c - observations, and the CLI command that names each query.
 *
 * The command text is the bridge between a live run and a saved snapshot:
 * a snapshot file is named after the command an engineer types on the
 * box, so eg_query_command() and eg_query_from_command() must stay exact
 * inverses for every query erguard makes.  Both read the one template of
 * the kind's row in the query table (query.c): a command is its words
 * with the query's fields put in, and parses back by matching the same
 * words, so the two cannot drift apart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

struct eg_state *
eg_state_new(void)
{
	return eg_xcalloc(1, sizeof(struct eg_state));
}

void
eg_query_clear(struct eg_query *q)
{
	if (q == NULL)
		return;
	free(q->device);
	free(q->instance);
	free(q->table);
	free(q->detail);
	memset(q, 0, sizeof(*q));
}

void
eg_query_copy(struct eg_query *dst, const struct eg_query *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->kind = src->kind;
	dst->peer = src->peer;
	dst->device = eg_xstrdup(src->device);
	dst->instance = eg_xstrdup(src->instance);
	dst->table = eg_xstrdup(src->table);
	dst->detail = eg_xstrdup(src->detail);
}

void
eg_obs_clear_data(struct eg_obs *o)
{
	eg_obs_data_free(o);
	free(o->why);
	o->why = NULL;
	eg_rpc_errors_clear(&o->warnings);
}

void
eg_state_free(struct eg_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nobs; i++) {
		eg_obs_clear_data(&st->obs[i]);
		eg_query_clear(&st->obs[i].q);
	}
	free(st->obs);
	free(st);
}

eg_err
eg_state_add(struct eg_state *st, const struct eg_query *q, struct eg_obs **out)
{
	void *arr = st->obs;
	struct eg_obs *o;

	o = eg_append(&arr, &st->nobs, &st->cap, sizeof(*st->obs));
	st->obs = arr;
	eg_query_copy(&o->q, q);
	o->status = EG_ENOTFOUND;
	*out = o;
	return EG_OK;
}

void
eg_obs_fail(struct eg_obs *o, eg_err status, const char *fmt, ...)
{
	va_list ap;
	char *why = NULL;

	va_start(ap, fmt);
	why = eg_xvasprintf(fmt, ap);
	va_end(ap);
	free(o->why);
	o->why = why;
	o->status = status;
}

const struct eg_obs *
eg_state_find(const struct eg_state *st, const char *device, enum eg_qkind kind,
	      const char *instance, const struct eg_addr *peer)
{
	size_t i;

	if (st == NULL)
		return NULL;
	for (i = 0; i < st->nobs; i++) {
		const struct eg_query *q = &st->obs[i].q;
		if (q->kind != kind)
			continue;
		if (device != NULL && (q->device == NULL || strcmp(q->device, device) != 0))
			continue;
		if (instance != NULL && q->instance != NULL && strcmp(q->instance, instance) != 0)
			continue;
		if (peer != NULL && peer->family != 0 && !eg_addr_eq(&q->peer, peer))
			continue;
		return &st->obs[i];
	}
	return NULL;
}

/* ------------------------------------------------------------ payloads */

/*
 * One row per member of struct eg_obs's union: how to make it empty,
 * free it and tell whether it is there.
 */
#define STATE_PAYLOAD(member, create, destroy)						\
	static void state_##member##_new(struct eg_obs *o)				\
	{										\
		o->u.member = create;							\
	}										\
	static void state_##member##_free(struct eg_obs *o)				\
	{										\
		destroy(o->u.member);							\
	}										\
	static bool state_##member##_has(const struct eg_obs *o)			\
	{										\
		return o->u.member != NULL;						\
	}

STATE_PAYLOAD(rib, eg_rib_new(NULL), eg_rib_free)
STATE_PAYLOAD(bgp, eg_bgp_new(), eg_bgp_free)
STATE_PAYLOAD(bfd, eg_bfd_new(), eg_bfd_free)
STATE_PAYLOAD(cfg, eg_xcalloc(1, sizeof(struct eg_config)), eg_config_free)
STATE_PAYLOAD(inst, eg_xcalloc(1, sizeof(struct eg_instances)), eg_instances_free)
STATE_PAYLOAD(trace, eg_xcalloc(1, sizeof(struct eg_trace)), eg_trace_free)

static const struct state_payload {
	void (*create)(struct eg_obs *o);
	void (*destroy)(struct eg_obs *o);
	bool (*has)(const struct eg_obs *o);
} state_payloads[] = {
	[EG_QD_RIB] = { state_rib_new, state_rib_free, state_rib_has },
	[EG_QD_BGP] = { state_bgp_new, state_bgp_free, state_bgp_has },
	[EG_QD_BFD] = { state_bfd_new, state_bfd_free, state_bfd_has },
	[EG_QD_CONFIG] = { state_cfg_new, state_cfg_free, state_cfg_has },
	[EG_QD_INSTANCES] = { state_inst_new, state_inst_free, state_inst_has },
	[EG_QD_TRACE] = { state_trace_new, state_trace_free, state_trace_has },
};

static const struct state_payload *
state_payload(enum eg_qdata d)
{
	return d > EG_QD_NONE && d < EG_QD_NTYPES ? &state_payloads[d] : NULL;
}

eg_err
eg_obs_data_new(struct eg_obs *o, enum eg_qdata data)
{
	const struct state_payload *p = state_payload(data);

	if (p == NULL)
		return EG_EINVAL;
	o->data = data;
	p->create(o);
	return EG_OK;
}

void
eg_obs_data_free(struct eg_obs *o)
{
	const struct state_payload *p = state_payload(o->data);

	if (p != NULL)
		p->destroy(o);
	memset(&o->u, 0, sizeof(o->u));
	o->data = EG_QD_NONE;
}

bool
eg_obs_has_data(const struct eg_obs *o)
{
	const struct state_payload *p = state_payload(o->data);

	return p != NULL && p->has(o);
}
