/*
 * junos_bgp.c - <bgp-information> (BGP summary and neighbor) and
 * <bfd-session-information> replies.
 *
 * A BGP peer's prefix counts come from the instance's own table
 * ("Cust11.inet.0", not Cust11.inet6.0), else from the first table
 * listed; options, errors and output queues are not read as the peer's.
 * A BFD session keeps its state, timers, multiplier and clients.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "junos_int.h"

/* ------------------------------------------------------------ BGP */

/* The instance's table, whose counts a peer's are: the query's, else INSTANCE.inet.0. */
static void
jbgp_begin(struct js *s)
{
	const struct eg_query *q = &s->o->q;

	if (q->table != NULL)
		js_copy(s->rib_want, sizeof(s->rib_want), q->table);
	else
		snprintf(s->rib_want, sizeof(s->rib_want), "%s%sinet.0",
			 q->instance ? q->instance : "", q->instance ? "." : "");
}

static void
jbgp_start(struct js *s, const char *name)
{
	if (s->cur == T_BGP_PEER) {
		eg_bgp_add(s->o->u.bgp, &s->peer);
		s->rib_exact = s->rib_any = false;
	} else if ((s->cur == T_BGP_RIB) && s->peer != NULL && (s->inside[T_BGP_PEER] > 0)) {
		s->rib_name[0] = '\0';
		s->rib_act = s->rib_rcv = s->rib_acc = s->rib_adv = 0;
	} else if ((s->cur == T_ELAPSED_TIME) && s->peer != NULL) {
		char *sec = js_attr(s->rd, "seconds");
		if (sec != NULL) {
			s->peer->elapsed_seconds = strtoull(sec, NULL, 10);
			xmlFree(sec);
		}
	}
}

static void
jbgp_end(struct js *s, const char *name, const char *t)
{
	struct eg_bgp_peer *p = s->peer;

	if (p == NULL || !(s->inside[T_BGP_PEER] > 0))
		return;
	if (s->inside[T_BGP_RIB] > 0 && s->cur != T_BGP_RIB) {
		if (s->cur == T_NAME)
			js_copy(s->rib_name, sizeof(s->rib_name), t);
		else if (s->cur == T_ACTIVE_PREFIX_COUNT)
			js_u32(t, &s->rib_act);
		else if (s->cur == T_RECEIVED_PREFIX_COUNT)
			js_u32(t, &s->rib_rcv);
		else if (s->cur == T_ACCEPTED_PREFIX_COUNT)
			js_u32(t, &s->rib_acc);
		else if (s->cur == T_ADVERTISED_PREFIX_COUNT)
			js_u32(t, &s->rib_adv);
		return;
	}
	if (s->cur == T_BGP_RIB) {
		/* the instance's own table ("Cust11.inet.0", not Cust11.inet6.0), else the first */
		bool exact = strcmp(s->rib_name, s->rib_want) == 0;

		if (exact || (!s->rib_exact && !s->rib_any)) {
			p->active_prefixes = s->rib_act;
			p->received_prefixes = s->rib_rcv;
			p->accepted_prefixes = s->rib_acc;
			p->advertised_prefixes = s->rib_adv;
		}
		s->rib_exact = s->rib_exact || exact;
		s->rib_any = true;
		return;
	}
	if ((s->inside[T_BGP_OPTION_INFORMATION] > 0) || (s->inside[T_BGP_ERROR] > 0) ||
	    (s->inside[T_BGP_OUTPUT_QUEUE] > 0))
		return;
	if (s->cur == T_PEER_ADDRESS)
		eg_addr_parse(t, &p->addr);
	else if (s->cur == T_LOCAL_ADDRESS)
		eg_addr_parse(t, &p->local_addr);
	else if (s->cur == T_PEER_AS)
		js_u32(t, &p->peer_as);
	else if (s->cur == T_PEER_STATE)
		js_str_set(s, &p->state, t);
	else if (s->cur == T_PEER_GROUP)
		js_str_set(s, &p->group, t);
	else if (s->cur == T_PEER_CFG_RTI)
		js_str_set(s, &p->instance, t);
	else if (s->cur == T_BFD_OPERATIONAL_STATE)
		js_str_set(s, &p->bfd_state, t);
	else if (s->cur == T_FLAP_COUNT)
		js_u32(t, &p->flap_count);
	else if (s->cur == T_BGP_PEER)
		s->peer = NULL;
}

const struct eg_junos_parser eg_junos_bgp_parser = {
	.root = "bgp-information",
	.root_format = "",
	.begin = jbgp_begin,
	.start = jbgp_start,
	.end = jbgp_end,
};

/* ------------------------------------------------------------ BFD */

static void
jbgp_bfd_start(struct js *s, const char *name)
{
	(void)name;
	if (s->bs == NULL && (s->cur == T_BFD_SESSION))
		eg_bfd_add(s->o->u.bfd, &s->bs);
}

static void
jbgp_bfd_end(struct js *s, const char *name, const char *t)
{
	struct eg_bfd_session *b = s->bs;

	if (s->cur == T_BFD_SESSION) {
		s->bs = NULL;
		return;
	}
	if (b == NULL)
		return;
	if ((s->inside[T_BFD_CLIENT] > 0)) {
		if (s->cur == T_CLIENT_NAME) {
			char *c = eg_xasprintf("%s%s%s", b->clients ? b->clients : "",
					       b->clients ? " " : "", t);

			free(b->clients);
			b->clients = c;
		}
		return;
	}
	if (s->cur == T_SESSION_NEIGHBOR)
		eg_addr_parse(t, &b->neighbor);
	else if (s->cur == T_SESSION_STATE)
		js_str_set(s, &b->state, t);
	else if ((s->cur == T_SESSION_INTERFACE) && *t != '\0')
		js_str_set(s, &b->interface, t);
	else if (s->cur == T_SESSION_DETECTION_TIME)
		b->detection_ms = js_seconds_ms(t);
	else if (s->cur == T_SESSION_TRANSMISSION_INTERVAL)
		b->tx_interval_ms = js_seconds_ms(t);
	else if ((s->cur == T_SESSION_ADAPTIVE_MULTIPLIER) ||
		 ((s->cur == T_DETECTION_MULTIPLIER) && b->multiplier == 0))
		js_u32(t, &b->multiplier);
	else if (s->cur == T_MINIMUM_TRANSMISSION_INTERVAL)
		b->min_tx_ms = js_seconds_ms(t);
	else if (s->cur == T_MINIMUM_RECEPTION_INTERVAL)
		b->min_rx_ms = js_seconds_ms(t);
}

const struct eg_junos_parser eg_junos_bfd_parser = {
	.root = "bfd-session-information",
	.root_format = "",
	.start = jbgp_bfd_start,
	.end = jbgp_bfd_end,
};
