/*
 * plan.c - derive the queries of a run from the intent.
 *
 * Per service: each ExpressRoute CE is asked for the instance's
 * configuration, what it advertises to its MSEE (detail, for
 * communities), its BGP summary and its BFD sessions; the VPN firewall
 * for the configuration, the instance's table, what it advertises to and
 * receives from every VPN gateway peer, and its BGP summary.  Queries
 * shared by several services (BFD) are made once.
 */
#include <string.h>

#include "plan.h"

bool
eg_plan_selected(const char *name, const char *const *devices, size_t ndevices)
{
	size_t i;

	if (devices == NULL || ndevices == 0)
		return true;
	for (i = 0; i < ndevices; i++)
		if (strcmp(devices[i], name) == 0)
			return true;
	return false;
}

/* Add q unless an equal query is already planned. */
static eg_err
plan_add(struct eg_state *st, enum eg_qkind kind, const char *device, const char *instance,
	 const char *table, const struct eg_addr *peer, const char *detail)
{
	struct eg_query q;
	struct eg_obs *o;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.device = (char *)device;
	q.instance = (char *)instance;
	q.table = (char *)table;
	q.detail = (char *)detail;
	if (peer != NULL)
		q.peer = *peer;
	for (i = 0; i < st->nobs; i++) {
		const struct eg_query *p = &st->obs[i].q;
		if (p->kind == kind && strcmp(p->device, device) == 0 &&
		    (p->instance == NULL) == (instance == NULL) &&
		    (instance == NULL || strcmp(p->instance, instance) == 0) &&
		    (p->table == NULL) == (table == NULL) &&
		    (table == NULL || strcmp(p->table, table) == 0) &&
		    eg_addr_eq(&p->peer, &q.peer))
			return EG_OK;
	}
	return eg_state_add(st, &q, &o);
}

static eg_err
plan_service(const struct eg_service *svc, const char *const *devices, size_t ndevices,
	     struct eg_state *st)
{
	const char *inst = svc->instance, *table = svc->table;
	eg_err err = EG_OK;
	size_t i;

	for (i = 0; i < svc->ner && err == EG_OK; i++) {
		const struct eg_er_link *l = &svc->er[i];
		if (!eg_plan_selected(l->ce, devices, ndevices))
			continue;
		if ((err = plan_add(st, EG_Q_CONFIG, l->ce, inst, NULL, NULL, NULL)) ||
		    (err = plan_add(st, EG_Q_ADVERTISED, l->ce, inst, table, &l->msee_peer, "detail")) ||
		    (err = plan_add(st, EG_Q_BGP_SUMMARY, l->ce, inst, NULL, NULL, NULL)) ||
		    (err = plan_add(st, EG_Q_BFD, l->ce, NULL, NULL, NULL, NULL)))
			return err;
	}
	if (svc->vpn.firewall == NULL || !eg_plan_selected(svc->vpn.firewall, devices, ndevices))
		return err;
	if ((err = plan_add(st, EG_Q_CONFIG, svc->vpn.firewall, inst, NULL, NULL, NULL)) ||
	    (err = plan_add(st, EG_Q_ROUTES, svc->vpn.firewall, inst, table, NULL, NULL)))
		return err;
	for (i = 0; i < svc->vpn.npeers; i++) {
		if ((err = plan_add(st, EG_Q_ADVERTISED, svc->vpn.firewall, inst, table,
				    &svc->vpn.peers[i], "detail")) ||
		    (err = plan_add(st, EG_Q_RECEIVED, svc->vpn.firewall, inst, table,
				    &svc->vpn.peers[i], NULL)))
			return err;
	}
	return plan_add(st, EG_Q_BGP_SUMMARY, svc->vpn.firewall, inst, NULL, NULL, NULL);
}

eg_err
eg_plan_build(const struct eg_intent *in, const char *const *devices, size_t ndevices,
	      struct eg_state **out)
{
	struct eg_state *st;
	eg_err err = EG_OK;
	size_t i;

	*out = NULL;
	for (i = 0; i < ndevices; i++) {
		if (eg_intent_device(in, devices[i]) == NULL) {
			eg_log(EG_LOG_ERROR, devices[i], "no such device in the intent %s",
			       in->source ? in->source : "");
			return EG_EINVAL;
		}
	}
	st = eg_state_new();
	if (st == NULL)
		return EG_ENOMEM;
	for (i = 0; i < in->nservices && err == EG_OK; i++)
		err = plan_service(&in->services[i], devices, ndevices, st);
	if (err != EG_OK) {
		eg_state_free(st);
		return err;
	}
	*out = st;
	return EG_OK;
}
