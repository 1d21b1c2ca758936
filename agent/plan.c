/*
 * plan.c - derive the queries of a run from the check catalogue.
 *
 * Every check's row lists the queries it reads by role (each ExpressRoute
 * CE, about its MSEE peer or not; the VPN firewall, about each VPN
 * gateway peer or not).  The plan is those needs of every check, made
 * for every service of the intent and every device the --device filter
 * keeps, each query once: a query several checks read is made at the
 * most detailed output level any of them asks for, and one shared by
 * services (BFD) once.  With a --check filter, only the rows of the
 * checks it keeps count.  Guarantee: the plan holds exactly what the
 * catalogue's rows need, nothing more, in a stable order: service by
 * service, each CE then the firewall, a device's queries by kind, and
 * those about peers together per peer where the first of them falls.
 */
#include <string.h>

#include "checks.h"
#include "plan.h"
#include "query.h"

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

/* terse < the default (brief) < detail < extensive */
static int
plan_level_rank(const char *level)
{
	static const char *const order[] = { "terse", "brief", "detail", "extensive" };
	size_t i;

	if (level == NULL)
		return 1;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(order[i], level) == 0)
			return (int)i;
	return 1;
}

/* What the catalogue asks of one role, per kind. */
struct plan_want {
	bool on;
	const char *level;
};

/* The --check filter of the plan being built. */
struct plan_filter {
	const char *const *checks;
	size_t nchecks;
};

static void
plan_wants(enum eg_qrole role, const struct plan_filter *pf, struct plan_want want[EG_Q_NKINDS])
{
	const struct eg_check_def *defs;
	size_t n, c, k;

	memset(want, 0, EG_Q_NKINDS * sizeof(want[0]));
	defs = eg_checks(&n);
	for (c = 0; c < n; c++) {
		if (!eg_check_selected(defs[c].id, pf->checks, pf->nchecks))
			continue;
		for (k = 0; k < EG_QNEEDS_MAX && defs[c].needs[k].role != EG_QR_NONE; k++) {
			const struct eg_qneed *nd = &defs[c].needs[k];
			struct plan_want *w = &want[nd->kind];
			if (nd->role != role || eg_qdef(nd->kind) == NULL)
				continue;
			if (!w->on || plan_level_rank(nd->level) > plan_level_rank(w->level))
				w->level = nd->level;
			w->on = true;
		}
	}
}

/* One query of svc on device, with the fields its kind takes. */
static eg_err
plan_query(struct eg_state *st, const struct eg_service *svc, enum eg_qkind kind,
	   const char *device, const struct eg_addr *peer, const char *level)
{
	const struct eg_qdef *def = eg_qdef(kind);
	bool has_table = strstr(def->cli, "{table}") != NULL;

	if (def->family == 6 && !svc->dual_stack)
		return EG_OK;
	return plan_add(st, kind, device, def->device_wide ? NULL : svc->instance,
			has_table ? (def->family == 6 ? svc->table6 : svc->table) : NULL, peer, level);
}

/*
 * A device's queries in kind order: dev are those about the device,
 * per those about each of its npeers peers, made together per peer where
 * the first kind of them falls.  An IPv6 kind is about the peer's IPv6
 * address in peers6 (parallel to peers), and is made only for a
 * dual-stack service.
 */
static eg_err
plan_device(struct eg_state *st, const struct eg_service *svc, const char *device,
	    const struct plan_want *dev, const struct plan_want *per,
	    const struct eg_addr *peers, const struct eg_addr *peers6, size_t npeers)
{
	bool peers_done = false;
	eg_err err = EG_OK;
	size_t k, j, p;

	for (k = 0; k < EG_Q_NKINDS && err == EG_OK; k++) {
		if (dev[k].on)
			err = plan_query(st, svc, (enum eg_qkind)k, device, NULL, dev[k].level);
		if (err != EG_OK || !per[k].on || peers_done)
			continue;
		for (p = 0; p < npeers && err == EG_OK; p++)
			for (j = k; j < EG_Q_NKINDS && err == EG_OK; j++) {
				const struct eg_addr *a = &peers[p];

				if (eg_qdef((enum eg_qkind)j)->family == 6) {
					if (peers6 == NULL || peers6[p].family != 6)
						continue;
					a = &peers6[p];
				}
				if (per[j].on)
					err = plan_query(st, svc, (enum eg_qkind)j, device, a,
							 per[j].level);
			}
		peers_done = true;
	}
	return err;
}

static eg_err
plan_service(const struct eg_service *svc, const char *const *devices, size_t ndevices,
	     const struct plan_filter *pf, struct eg_state *st)
{
	struct plan_want ce[EG_Q_NKINDS], msee[EG_Q_NKINDS], fw[EG_Q_NKINDS], vpn[EG_Q_NKINDS];
	eg_err err = EG_OK;
	size_t i;

	plan_wants(EG_QR_CE, pf, ce);
	plan_wants(EG_QR_CE_MSEE, pf, msee);
	plan_wants(EG_QR_FW, pf, fw);
	plan_wants(EG_QR_FW_PEER, pf, vpn);
	for (i = 0; i < svc->ner && err == EG_OK; i++) {
		const struct eg_er_link *l = &svc->er[i];
		if (eg_plan_selected(l->ce, devices, ndevices))
			err = plan_device(st, svc, l->ce, ce, msee, &l->msee_peer,
					   &l->msee_peer6, 1);
	}
	if (err != EG_OK || svc->vpn.firewall == NULL ||
	    !eg_plan_selected(svc->vpn.firewall, devices, ndevices))
		return err;
	return plan_device(st, svc, svc->vpn.firewall, fw, vpn, svc->vpn.peers, svc->vpn.peers6,
			   svc->vpn.npeers);
}

eg_err
eg_plan_build(const struct eg_intent *in, const char *const *devices, size_t ndevices,
	      struct eg_state **out)
{
	return eg_plan_build_checks(in, devices, ndevices, NULL, 0, out);
}

eg_err
eg_plan_build_checks(const struct eg_intent *in, const char *const *devices, size_t ndevices,
		     const char *const *checks, size_t nchecks, struct eg_state **out)
{
	struct plan_filter pf = { checks, nchecks };
	struct eg_state *st;
	eg_err err = EG_OK;
	size_t i;

	*out = NULL;
	for (i = 0; i < nchecks; i++) {
		if (eg_check_find(checks[i]) == NULL) {
			eg_log(EG_LOG_ERROR, NULL, "--check %s: no such check (erguard check "
			       "--list lists them)", checks[i]);
			return EG_EINVAL;
		}
	}
	for (i = 0; i < ndevices; i++) {
		if (eg_intent_device(in, devices[i]) == NULL) {
			eg_log(EG_LOG_ERROR, devices[i], "no such device in the intent %s",
			       in->source ? in->source : "");
			return EG_EINVAL;
		}
	}
	st = eg_state_new();
	for (i = 0; i < in->nservices && err == EG_OK; i++)
		err = plan_service(&in->services[i], devices, ndevices, &pf, st);
	if (err != EG_OK) {
		eg_state_free(st);
		return err;
	}
	*out = st;
	return EG_OK;
}
