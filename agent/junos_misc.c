/*
 * junos_misc.c - <instance-information> and <traceroute-results> replies:
 * the routing instances with their tables' active route counts, and a
 * traceroute's target, hops (first address and round trip of each) and
 * whether it reached the target.
 */
#include <stdlib.h>

#include "junos_int.h"

/* ------------------------------------------------------------ traceroute */

static void
jmisc_trace_start(struct js *s, const char *name)
{
	struct eg_trace *tr = s->o->u.trace;

	(void)name;
	if (s->cur == T_HOP)
		s->hop = js_append(s, (void **)&tr->hops, &tr->nhops, sizeof(*s->hop));
	else if (s->cur == T_TRACEROUTE_SUCCESS)
		tr->success = true;
}

static void
jmisc_trace_end(struct js *s, const char *name, const char *t)
{
	(void)name;
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
}

const struct eg_junos_parser eg_junos_trace_parser = {
	.root = "traceroute-results",
	.root_format = "",
	.start = jmisc_trace_start,
	.end = jmisc_trace_end,
};

/* ------------------------------------------------------------ instances */

static void
jmisc_inst_start(struct js *s, const char *name)
{
	(void)name;
	if (s->cur == T_INSTANCE_CORE) {
		struct eg_instances *in = s->o->u.inst;
		s->inst = js_append(s, (void **)&in->items, &in->nitems, sizeof(*s->inst));
	} else if ((s->cur == T_INSTANCE_RIB) && s->inst) {
		uint32_t *c = eg_xrealloc(s->inst->active_counts, (s->inst->nribs + 1) * sizeof(*c));

		c[s->inst->nribs] = 0;
		s->inst->active_counts = c;
		js_strv_push(s, &s->inst->rib_names, &s->inst->nribs, "");
	}
}

static void
jmisc_inst_end(struct js *s, const char *name, const char *t)
{
	(void)name;
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

const struct eg_junos_parser eg_junos_instance_parser = {
	.root = "instance-information",
	.root_format = "",
	.start = jmisc_inst_start,
	.end = jmisc_inst_end,
};
