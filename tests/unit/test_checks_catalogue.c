/*
 * test_checks_catalogue.c - the catalogue as a whole (checks.c): its
 * table, eg_checks_run() over every check, scenarios of the reference
 * design that break one thing each (the same as tests/snapshots/) with
 * exactly the checks that must fail, the rule that nothing missing
 * ever passes, and the plan (plan.c) as exactly what the rows need.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check_fixture.h"
#include "eg_test_log.h"
#include "plan.h"
#include "query.h"

static const char *const catalogue_ids[] = {
	"er-adv-symmetry", "er-adv-coverage", "vpn-adv-symmetry", "vpn-no-more-specific",
	"vpn-adv-coverage", "vpn-recv", "lp-config", "lp-rib", "active-path", "backup-ready",
	"bgp-sessions", "bfd-config", "bfd-state", "azure-learned", "azure-advertised",
	"prefix-budget",
};
#define NIDS (sizeof(catalogue_ids) / sizeof(catalogue_ids[0]))

static void
test_table(void **state)
{
	const struct eg_check_def *defs;
	size_t n, i, j;

	(void)state;
	defs = eg_checks(&n);
	assert_int_equal(n, NIDS);
	for (i = 0; i < n; i++) {
		assert_string_equal(defs[i].id, catalogue_ids[i]);
		assert_ptr_equal(eg_check_find(defs[i].id), &defs[i]);
		assert_non_null(defs[i].run);
		assert_true(defs[i].title != NULL && strlen(defs[i].title) > 20);
		assert_true(defs[i].remedy != NULL && strlen(defs[i].remedy) > 20);
		assert_true(defs[i].severity <= EG_SEV_INFO);
		for (j = 0; j < i; j++)
			assert_string_not_equal(defs[i].id, defs[j].id);
	}
	assert_null(eg_check_find("no-such-check"));
	assert_null(eg_check_find(NULL));
	/* what stops traffic or the backup is critical */
	assert_int_equal(eg_check_find("active-path")->severity, EG_SEV_CRITICAL);
	assert_int_equal(eg_check_find("backup-ready")->severity, EG_SEV_CRITICAL);
	assert_int_equal(eg_check_find("bgp-sessions")->severity, EG_SEV_CRITICAL);
	assert_int_equal(eg_check_find("lp-config")->severity, EG_SEV_CRITICAL);
}

/* Run every check; counts[status] over the results. */
static void
run_all(struct fx *f, size_t counts[4])
{
	size_t i;

	assert_int_equal(eg_checks_run(f->in, f->st, &f->ctx, f->rep), EG_OK);
	memset(counts, 0, 4 * sizeof(size_t));
	for (i = 0; i < f->rep->nresults; i++)
		counts[f->rep->results[i].status]++;
}

static void
test_compliant(void **state)
{
	struct fx *f = fx_new();
	size_t counts[4], i;

	(void)state;
	run_all(f, counts);
	/* per scope: 1 + 2 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 3 + 2 + 2 + 1 + 1 + 3 */
	assert_int_equal(f->rep->nresults, 24);
	assert_int_equal(counts[EG_ST_FAIL], 0);
	assert_int_equal(counts[EG_ST_UNKNOWN], 0);
	assert_int_equal(counts[EG_ST_SKIPPED], 2);
	assert_int_equal(fx_result(f, "azure-learned", NULL)->status, EG_ST_SKIPPED);
	assert_int_equal(fx_result(f, "azure-advertised", NULL)->status, EG_ST_SKIPPED);
	for (i = 0; i < NIDS; i++)
		assert_true(fx_nresults(f, catalogue_ids[i]) >= 1);
	for (i = 0; i < f->rep->nresults; i++) {
		const struct eg_result *res = &f->rep->results[i];
		const struct eg_check_def *def = eg_check_find(res->check_id);

		/* A result carries what its renderers print about the check. */
		assert_string_equal(res->service, FX_INST);
		assert_int_equal(res->severity, def->severity);
		assert_string_equal(res->title, def->title);
		if (def->remedy == NULL)
			assert_null(res->remedy);
		else
			assert_string_equal(res->remedy, def->remedy);
	}
	fx_free(f);
}

static void
test_compliant_with_azure(void **state)
{
	struct fx *f = fx_new();
	size_t counts[4];

	(void)state;
	fx_azure(f, "az-learned.json", true);
	fx_azure(f, "az-advertised.json", false);
	run_all(f, counts);
	assert_int_equal(counts[EG_ST_PASS], f->rep->nresults);
	fx_free(f);
}

/* A null context is no filter and no Azure export. */
static void
test_null_ctx(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	assert_int_equal(eg_checks_run(f->in, f->st, NULL, f->rep), EG_OK);
	assert_int_equal(f->rep->nresults, 24);
	assert_int_equal(eg_checks_run(NULL, f->st, NULL, f->rep), EG_EINVAL);
	fx_free(f);
}

/* Nothing was read: every check is unknown (or skipped), none passes. */
static void
test_nothing_read_never_passes(void **state)
{
	struct fx *f = fx_new();
	size_t counts[4], i;

	(void)state;
	for (i = 0; i < f->st->nobs; i++) {
		eg_obs_clear_data(&f->st->obs[i]);
		eg_obs_fail(&f->st->obs[i], EG_ETRANSPORT, "%s: connection refused",
			    f->st->obs[i].q.device);
	}
	run_all(f, counts);
	assert_int_equal(counts[EG_ST_PASS], 0);
	assert_int_equal(counts[EG_ST_FAIL], 0);
	assert_int_equal(counts[EG_ST_SKIPPED], 2);
	for (i = 0; i < f->rep->nresults; i++) {
		const struct eg_result *res = &f->rep->results[i];
		if (res->status != EG_ST_UNKNOWN)
			continue;
		assert_int_equal(res->cause, EG_ETRANSPORT);
		assert_non_null(strstr(res->reason, "connection refused"));
	}
	fx_free(f);
}

/* An empty state (no plan at all) is the same: unknown, never pass. */
static void
test_no_plan_never_passes(void **state)
{
	struct fx *f = fx_new();
	size_t counts[4];

	(void)state;
	eg_state_free(f->st);
	f->st = fx_chk(eg_state_new());
	run_all(f, counts);
	assert_int_equal(counts[EG_ST_PASS], 0);
	assert_int_equal(counts[EG_ST_UNKNOWN] + counts[EG_ST_SKIPPED], f->rep->nresults);
	fx_free(f);
}

/* --device CE1: what needs another device is skipped, nothing unknown. */
static void
test_filter_ce1(void **state)
{
	static const char *const only_ce1[] = { FX_CE1, NULL };
	struct fx *f = fx_new();
	size_t counts[4], i;

	(void)state;
	fx_filter(f, only_ce1);
	run_all(f, counts);
	assert_int_equal(counts[EG_ST_UNKNOWN], 0);
	assert_int_equal(counts[EG_ST_FAIL], 0);
	assert_int_equal(fx_result(f, "active-path", NULL)->status, EG_ST_SKIPPED);
	assert_int_equal(fx_result(f, "er-adv-symmetry", NULL)->status, EG_ST_SKIPPED);
	assert_int_equal(fx_result(f, "lp-config", FX_CE1)->status, EG_ST_PASS);
	assert_null(fx_result(f, "lp-config", FX_CE2));
	for (i = 0; i < f->rep->nresults; i++) {
		const struct eg_result *res = &f->rep->results[i];
		if (res->status == EG_ST_SKIPPED)
			assert_non_null(res->reason);
		else
			assert_non_null(strstr(res->scope, FX_CE1));
	}
	fx_free(f);
}

/* ------------------------------------------------------------ the plan */

/* True when the planned query p is need nd of a check, made for svc. */
static bool
plan_is_need(const struct eg_query *p, const struct eg_qneed *nd, const struct eg_service *svc)
{
	size_t i;
	bool v6 = eg_qdef(nd->kind)->family == 6;
	bool table = nd->kind == EG_Q_ROUTES || nd->kind == EG_Q_ADVERTISED ||
		     nd->kind == EG_Q_RECEIVED || v6;
	bool instance = nd->kind != EG_Q_BFD;
	const char *want_table = v6 ? svc->table6 : svc->table;

	if (p->kind != nd->kind ||
	    (instance ? p->instance == NULL || strcmp(p->instance, svc->instance) != 0
		      : p->instance != NULL) ||
	    (table ? p->table == NULL || strcmp(p->table, want_table) != 0 : p->table != NULL))
		return false;
	switch (nd->role) {
	case EG_QR_CE:
	case EG_QR_CE_MSEE:
		for (i = 0; i < svc->ner; i++)
			if (strcmp(p->device, svc->er[i].ce) == 0 &&
			    (nd->role == EG_QR_CE ? p->peer.family == 0
						  : eg_addr_eq(&p->peer, v6 ? &svc->er[i].msee_peer6
									    : &svc->er[i].msee_peer)))
				return true;
		return false;
	case EG_QR_FW:
		return svc->vpn.firewall != NULL && strcmp(p->device, svc->vpn.firewall) == 0 &&
		       p->peer.family == 0;
	case EG_QR_FW_PEER:
		for (i = 0; svc->vpn.firewall != NULL && i < svc->vpn.npeers; i++)
			if (strcmp(p->device, svc->vpn.firewall) == 0 &&
			    eg_addr_eq(&p->peer, v6 ? &svc->vpn.peers6[i] : &svc->vpn.peers[i]))
				return true;
		return false;
	case EG_QR_NONE:
		break;
	}
	return false;
}

/*
 * Every planned query is a need of some check the --check filter keeps
 * (checks, NULL: all) for some service, at the most detailed level asked;
 * every need of every such check, for every service and every device the
 * device filter keeps, is planned; none twice.
 */
static void
check_plan_checks(const struct eg_intent *in, const char *const *devices, size_t ndevices,
		  const char *const *checks, size_t nchecks)
{
	const struct eg_check_def *defs;
	struct eg_state *st = NULL;
	size_t n, c, k, s, i, j, d, ndev;

	defs = eg_checks(&n);
	assert_int_equal(eg_plan_build_checks(in, devices, ndevices, checks, nchecks, &st), EG_OK);
	if (checks == NULL)
		assert_true(st->nobs > 0);
	for (i = 0; i < st->nobs; i++) {
		const struct eg_query *p = &st->obs[i].q;
		bool found = false, level_seen = false;

		for (j = 0; j < i; j++) {
			const struct eg_query *o = &st->obs[j].q;
			if (o->kind == p->kind && strcmp(o->device, p->device) == 0 &&
			    eg_addr_eq(&o->peer, &p->peer) &&
			    (o->instance == p->instance ||
			     (o->instance && p->instance && strcmp(o->instance, p->instance) == 0)))
				fail_msg("planned twice: %s %s", eg_qkind_name(p->kind), p->device);
		}
		assert_true(eg_plan_selected(p->device, devices, ndevices));
		for (s = 0; s < in->nservices; s++)
			for (c = 0; c < n; c++)
				for (k = 0; k < EG_QNEEDS_MAX && defs[c].needs[k].role != EG_QR_NONE &&
				     eg_check_selected(defs[c].id, checks, nchecks); k++) {
					const struct eg_qneed *nd = &defs[c].needs[k];
					if (!plan_is_need(p, nd, &in->services[s]))
						continue;
					found = true;
					if (nd->level == NULL ? p->detail == NULL
							      : p->detail && strcmp(nd->level, p->detail) == 0)
						level_seen = true;
					/* the planned level is never below what a check asks */
					if (nd->level != NULL)
						assert_non_null(p->detail);
				}
		if (!found || !level_seen)
			fail_msg("planned but no check needs it so: %s %s", eg_qkind_name(p->kind),
				 p->device);
	}
	for (s = 0; s < in->nservices; s++) {
		const struct eg_service *svc = &in->services[s];
		for (c = 0; c < n; c++) {
			for (k = 0; k < EG_QNEEDS_MAX && defs[c].needs[k].role != EG_QR_NONE &&
			     eg_check_selected(defs[c].id, checks, nchecks); k++) {
				const struct eg_qneed *nd = &defs[c].needs[k];
				const char *dev[8];
				const struct eg_addr *peer[8];
				bool v6 = eg_qdef(nd->kind) != NULL && eg_qdef(nd->kind)->family == 6;

				ndev = 0;
				/* the IPv6 queries are made for dual-stack services only */
				if (v6 && !svc->dual_stack)
					continue;
				if (nd->role == EG_QR_CE || nd->role == EG_QR_CE_MSEE) {
					for (d = 0; d < svc->ner && ndev < 8; d++, ndev++) {
						dev[ndev] = svc->er[d].ce;
						peer[ndev] = nd->role == EG_QR_CE ? NULL
							   : v6 ? &svc->er[d].msee_peer6 : &svc->er[d].msee_peer;
					}
				} else if (svc->vpn.firewall != NULL && nd->role == EG_QR_FW) {
					dev[ndev] = svc->vpn.firewall;
					peer[ndev++] = NULL;
				} else if (svc->vpn.firewall != NULL) {
					for (d = 0; d < svc->vpn.npeers && ndev < 8; d++, ndev++) {
						dev[ndev] = svc->vpn.firewall;
						peer[ndev] = v6 ? &svc->vpn.peers6[d] : &svc->vpn.peers[d];
					}
				}
				for (d = 0; d < ndev; d++) {
					if (!eg_plan_selected(dev[d], devices, ndevices))
						continue;
					if (eg_state_find(st, dev[d], nd->kind,
							  nd->kind == EG_Q_BFD ? NULL : svc->instance,
							  peer[d]) == NULL)
						fail_msg("%s needs %s on %s: not planned", defs[c].id,
							 eg_qkind_name(nd->kind), dev[d]);
				}
			}
		}
	}
	eg_state_free(st);
}

static void
check_plan(const struct eg_intent *in, const char *const *devices, size_t ndevices)
{
	check_plan_checks(in, devices, ndevices, NULL, 0);
}

/*
 * --check: the plan of each check alone, and of two together, is exactly
 * what their rows need; a check reading no device plans nothing; an
 * unknown id is refused with a diagnostic naming it.
 */
static void
test_plan_of_some_checks(void **state)
{
	static const char *const only_fw[] = { FX_FW };
	const struct eg_check_def *defs;
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL, *all = NULL;
	const char *pair[2] = { "lp-config", "active-path" }, *bogus[1] = { "no-such-check" };
	size_t n, c;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	defs = eg_checks(&n);
	for (c = 0; c < n; c++) {
		check_plan_checks(in, NULL, 0, &defs[c].id, 1);
		check_plan_checks(in, only_fw, 1, &defs[c].id, 1);
	}
	check_plan_checks(in, NULL, 0, pair, 2);
	/* fewer queries than the whole plan */
	assert_int_equal(eg_plan_build_checks(in, NULL, 0, pair, 2, &st), EG_OK);
	assert_int_equal(eg_plan_build(in, NULL, 0, &all), EG_OK);
	assert_true(st->nobs < all->nobs);
	eg_state_free(st);
	eg_state_free(all);
	st = NULL;
	pair[0] = "azure-learned";
	assert_int_equal(eg_plan_build_checks(in, NULL, 0, pair, 1, &st), EG_OK);
	assert_int_equal(st->nobs, 0);
	eg_state_free(st);
	st = (struct eg_state *)1;
	assert_int_equal(eg_plan_build_checks(in, NULL, 0, bogus, 1, &st), EG_EINVAL);
	assert_null(st);
	assert_int_equal(eg_test_logged.n, 1);
	assert_non_null(strstr(eg_test_logged.msg[0], "no-such-check"));
	eg_test_log_clear();
	eg_intent_free(in);
}

/* --check: eg_checks_run() runs those checks alone, each result timed. */
static void
test_run_some_checks(void **state)
{
	static const char *const some[] = { "bfd-state", "lp-config" };
	struct fx *f = fx_new();
	size_t i, nbfd = 0, nlp = 0;

	(void)state;
	f->ctx.checks = some;
	f->ctx.nchecks = 2;
	assert_int_equal(eg_checks_run(f->in, f->st, &f->ctx, f->rep), EG_OK);
	for (i = 0; i < f->rep->nresults; i++) {
		const struct eg_result *r = &f->rep->results[i];

		nbfd += strcmp(r->check_id, "bfd-state") == 0;
		nlp += strcmp(r->check_id, "lp-config") == 0;
	}
	assert_int_equal(nbfd + nlp, f->rep->nresults);
	assert_int_equal(nbfd, 2);	/* one per CE */
	assert_int_equal(nlp, 2);
	fx_free(f);
}

static void
test_plan_is_what_the_catalogue_needs(void **state)
{
	static const char *const only_ce2[] = { FX_CE2 };
	static const char *const only_fw[] = { FX_FW };
	struct eg_intent *in = NULL;
	const char *root = getenv("EG_ROOT");
	char path[4096];

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	check_plan(in, NULL, 0);
	check_plan(in, only_ce2, 1);
	check_plan(in, only_fw, 1);
	eg_intent_free(in);
	snprintf(path, sizeof(path), "%s/yang/examples/intent-two-services.xml", root ? root : ".");
	assert_int_equal(eg_intent_load(path, &in), EG_OK);
	assert_int_equal(in->nservices, 2);
	check_plan(in, NULL, 0);
	check_plan(in, only_ce2, 1);
	eg_intent_free(in);
	snprintf(path, sizeof(path), "%s/tests/data/intent/dual-stack.xml", root ? root : ".");
	assert_int_equal(eg_intent_load(path, &in), EG_OK);
	assert_true(in->services[0].dual_stack);
	check_plan(in, NULL, 0);
	check_plan(in, only_fw, 1);
	eg_intent_free(in);
}

/* The reference design's plan, query by query and in order: what a live run asks. */
static void
test_plan_reference(void **state)
{
	static const char *const want[] = {
		FX_CE1 ": show configuration routing-instances Cust11",
		FX_CE1 ": show route advertising-protocol bgp 192.168.11.18 table Cust11.inet.0 detail",
		FX_CE1 ": show bgp summary instance Cust11",
		FX_CE1 ": show bfd session",
		FX_CE2 ": show configuration routing-instances Cust11",
		FX_CE2 ": show route advertising-protocol bgp 192.168.11.22 table Cust11.inet.0 detail",
		FX_CE2 ": show bgp summary instance Cust11",
		FX_CE2 ": show bfd session",
		FX_FW ": show configuration routing-instances Cust11",
		FX_FW ": show route table Cust11.inet.0",
		FX_FW ": show route advertising-protocol bgp 10.17.11.76 table Cust11.inet.0 detail",
		FX_FW ": show route receive-protocol bgp 10.17.11.76 table Cust11.inet.0",
		FX_FW ": show route advertising-protocol bgp 10.17.11.77 table Cust11.inet.0 detail",
		FX_FW ": show route receive-protocol bgp 10.17.11.77 table Cust11.inet.0",
		FX_FW ": show bgp summary instance Cust11",
	};
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	size_t i;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	assert_int_equal(eg_plan_build(in, NULL, 0, &st), EG_OK);
	assert_int_equal(st->nobs, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < st->nobs; i++) {
		char *cmd = eg_query_command(&st->obs[i].q), line[256];
		snprintf(line, sizeof(line), "%s: %s", st->obs[i].q.device, cmd);
		assert_string_equal(line, want[i]);
		free(cmd);
	}
	eg_state_free(st);
	eg_intent_free(in);
}

/*
 * A dual-stack service's plan: the reference plan, each peer's IPv6 twin
 * queries beside its IPv4 ones, and the firewall's inet6.0 after the rest.
 */
static void
test_plan_dual_stack(void **state)
{
	static const char *const want[] = {
		FX_CE1 ": show configuration routing-instances Cust11",
		FX_CE1 ": show route advertising-protocol bgp 192.168.11.18 table Cust11.inet.0 detail",
		FX_CE1 ": show route advertising-protocol bgp 2001:db8:11:16::2 table Cust11.inet6.0 detail",
		FX_CE1 ": show bgp summary instance Cust11",
		FX_CE1 ": show bfd session",
		FX_CE2 ": show configuration routing-instances Cust11",
		FX_CE2 ": show route advertising-protocol bgp 192.168.11.22 table Cust11.inet.0 detail",
		FX_CE2 ": show route advertising-protocol bgp 2001:db8:11:20::2 table Cust11.inet6.0 detail",
		FX_CE2 ": show bgp summary instance Cust11",
		FX_CE2 ": show bfd session",
		FX_FW ": show configuration routing-instances Cust11",
		FX_FW ": show route table Cust11.inet.0",
		FX_FW ": show route advertising-protocol bgp 10.17.11.76 table Cust11.inet.0 detail",
		FX_FW ": show route receive-protocol bgp 10.17.11.76 table Cust11.inet.0",
		FX_FW ": show route advertising-protocol bgp 2001:db8:17:ff::76 table Cust11.inet6.0 detail",
		FX_FW ": show route receive-protocol bgp 2001:db8:17:ff::76 table Cust11.inet6.0",
		FX_FW ": show route advertising-protocol bgp 10.17.11.77 table Cust11.inet.0 detail",
		FX_FW ": show route receive-protocol bgp 10.17.11.77 table Cust11.inet.0",
		FX_FW ": show route advertising-protocol bgp 2001:db8:17:ff::77 table Cust11.inet6.0 detail",
		FX_FW ": show route receive-protocol bgp 2001:db8:17:ff::77 table Cust11.inet6.0",
		FX_FW ": show bgp summary instance Cust11",
		FX_FW ": show route table Cust11.inet6.0",
	};
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	const char *root = getenv("EG_ROOT");
	char path[4096];
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/intent/dual-stack.xml", root ? root : ".");
	assert_int_equal(eg_intent_load(path, &in), EG_OK);
	assert_int_equal(eg_plan_build(in, NULL, 0, &st), EG_OK);
	for (i = 0; i < st->nobs && i < sizeof(want) / sizeof(want[0]); i++) {
		char *cmd = eg_query_command(&st->obs[i].q), line[256];
		snprintf(line, sizeof(line), "%s: %s", st->obs[i].q.device, cmd);
		assert_string_equal(line, want[i]);
		free(cmd);
	}
	assert_int_equal(st->nobs, sizeof(want) / sizeof(want[0]));
	eg_state_free(st);
	eg_intent_free(in);
}

/* ------------------------------------------------------------ scenarios */

static void
set_state(struct eg_bgp_peer *p, const char *s)
{
	free(p->state);
	p->state = fx_strdup(s);
}

static void
s_er_symmetry(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2), FX_ONPREM, "[65020] 65020 65020 I");
}

static void
s_er_coverage(struct fx *f)
{
	fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1);
	fx_rib_reset(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2);
}

/* The firewall's table is empty: lp-rib has no path to judge. */
static void
s_fw_table_empty(struct fx *f)
{
	fx_rib_reset(f, FX_FW, EG_Q_ROUTES, NULL);
}

static void
s_er_wrong_lan(struct fx *f)
{
	fx_adv(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1), "10.1.12.0/25", FX_ADV_AS);
	fx_adv(fx_rib_reset(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2), "10.1.12.0/25", FX_ADV_AS);
}

static void
s_vpn_symmetry(struct fx *f)
{
	fx_adv(fx_obs(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2)->u.rib, "10.1.0.0/16", FX_ADV_AS);
}

static void
s_vpn_coverage(struct fx *f)
{
	fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1);
	fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2);
}

/* Drop the VPN paths of the given peer (or all) for one prefix (or all). */
static void
drop_vpn_paths(struct fx *f, const char *peer, const char *prefix)
{
	struct eg_rib *rib = fx_obs(f, FX_FW, EG_Q_ROUTES, NULL)->u.rib;
	struct eg_addr a = fx_addr(peer);
	struct eg_prefix p;
	size_t i, n = 0;

	if (prefix != NULL)
		p = fx_prefix(prefix);
	for (i = 0; i < rib->npaths; i++) {
		const struct eg_path *x = &rib->paths[i];
		bool vpn = x->learned_from.family != 0 &&
			   (peer == NULL || eg_addr_eq(&x->learned_from, &a));
		if (vpn && (prefix == NULL || eg_prefix_eq(&x->prefix, &p)))
			continue;
		rib->paths[n++] = *x;
	}
	rib->npaths = n;
}

static void
s_vpn_recv(struct fx *f)
{
	fx_path_add(fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN2), FX_HUB,
		    (struct fx_path){ .as = FX_VPN_AS, .to = FX_VPN2, .lp = -1, .med = -1 });
	drop_vpn_paths(f, FX_VPN2, FX_SPOKE);
}

static void
s_lp_config(struct fx *f)
{
	fx_group(f, FX_CE2, "ibgp")->opts.has_local_pref = false;
	fx_path(f, FX_FW, EG_Q_ROUTES, NULL, FX_HUB, 1)->local_pref = 100;
	fx_path(f, FX_FW, EG_Q_ROUTES, NULL, FX_SPOKE, 1)->local_pref = 100;
}

static void
s_lp_rib(struct fx *f)
{
	size_t k;

	for (k = 2; k < 4; k++) {
		fx_path(f, FX_FW, EG_Q_ROUTES, NULL, FX_HUB, k)->local_pref = 120;
		fx_path(f, FX_FW, EG_Q_ROUTES, NULL, FX_SPOKE, k)->local_pref = 120;
	}
}

static void
s_active_path(struct fx *f)
{
	static const char *const pfx[] = { FX_HUB, FX_SPOKE };
	size_t i;

	for (i = 0; i < 2; i++) {
		fx_path(f, FX_FW, EG_Q_ROUTES, NULL, pfx[i], 0)->flags &= (uint8_t)~EG_PATH_ACTIVE;
		fx_path(f, FX_FW, EG_Q_ROUTES, NULL, pfx[i], 2)->flags |= EG_PATH_ACTIVE;
		fx_path(f, FX_FW, EG_Q_ROUTES, NULL, pfx[i], 2)->local_pref = 200;
		fx_path(f, FX_FW, EG_Q_ROUTES, NULL, pfx[i], 3)->local_pref = 200;
	}
}

static void
s_backup_ready(struct fx *f)
{
	drop_vpn_paths(f, NULL, NULL);
	fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN1);
	fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN2);
}

static void
s_bgp_sessions(struct fx *f)
{
	set_state(fx_peer(f, FX_FW, FX_VPN2), "Active");
	fx_rib_reset(f, FX_FW, EG_Q_RECEIVED, FX_VPN2);
	fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2);
	drop_vpn_paths(f, FX_VPN2, NULL);
}

static void
s_bfd_config(struct fx *f)
{
	struct eg_obs *o = fx_obs(f, FX_CE2, EG_Q_BFD, NULL);

	fx_group(f, FX_CE2, "ebgp")->opts.has_bfd = false;
	eg_obs_data_free(o);
	assert_int_equal(eg_obs_data_new(o, EG_QD_BFD), EG_OK);
}

static void
flood(struct eg_rib *rib)
{
	char pfx[32];
	unsigned i;

	fx_adv(rib, FX_ONPREM, FX_ADV_AS);
	for (i = 0; i < 4100; i++) {
		snprintf(pfx, sizeof(pfx), "10.%u.%u.0/24", 100 + i / 256, i % 256);
		fx_adv(rib, pfx, FX_ADV_AS);
	}
}

static void
s_prefix_budget(struct fx *f)
{
	flood(fx_rib_reset(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1));
	flood(fx_rib_reset(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2));
	flood(fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN1));
	flood(fx_rib_reset(f, FX_FW, EG_Q_ADVERTISED, FX_VPN2));
}

struct scenario {
	const char *name;
	void (*mutate)(struct fx *f);
	const char *failing;	/* space-separated, sorted as the catalogue */
};

/*
 * The scenarios of tests/snapshots/ (gen.py), built in memory, and one
 * more: a wrong LAN prefix on both links also leaves that prefix without
 * a VPN backup, so vpn-adv-coverage fails with er-adv-coverage.
 */
static const struct scenario scenarios[] = {
	{ "er-adv-symmetry", s_er_symmetry, "er-adv-symmetry" },
	/* nothing over ExpressRoute: what compares against it has nothing to compare */
	{ "er-adv-coverage", s_er_coverage,
	  "er-adv-symmetry er-adv-coverage vpn-no-more-specific vpn-adv-coverage" },
	{ "fw-table-empty", s_fw_table_empty, "lp-rib active-path backup-ready" },
	{ "er-adv-coverage-wrong-lan", s_er_wrong_lan, "er-adv-coverage vpn-adv-coverage" },
	{ "vpn-adv-symmetry", s_vpn_symmetry, "vpn-adv-symmetry" },
	{ "vpn-no-more-specific", fx_vpn_halves, "vpn-no-more-specific" },
	/* both VPN peers empty: equal, yet nothing compared, so symmetry is unknown */
	{ "vpn-adv-coverage", s_vpn_coverage, "vpn-adv-symmetry vpn-adv-coverage" },
	{ "vpn-recv", s_vpn_recv, "vpn-recv backup-ready" },
	{ "lp-config", s_lp_config, "lp-config lp-rib" },
	{ "lp-rib", s_lp_rib, "lp-rib" },
	{ "active-path", s_active_path, "lp-rib active-path" },
	{ "backup-ready", s_backup_ready, "vpn-recv backup-ready" },
	{ "bgp-sessions", s_bgp_sessions,
	  "vpn-adv-symmetry vpn-adv-coverage vpn-recv backup-ready bgp-sessions" },
	{ "bfd-config", s_bfd_config, "bfd-config bfd-state" },
	{ "bfd-state", fx_ce1_bfd_slow, "bfd-state" },
	{ "prefix-budget", s_prefix_budget, "prefix-budget" },
};

static void
test_scenarios(void **state)
{
	size_t s, i;

	(void)state;
	for (s = 0; s < sizeof(scenarios) / sizeof(scenarios[0]); s++) {
		struct fx *f = fx_new();
		char got[512] = "";
		size_t counts[4];

		scenarios[s].mutate(f);
		run_all(f, counts);
		for (i = 0; i < NIDS; i++) {
			size_t k;
			bool bad = false;
			for (k = 0; k < f->rep->nresults; k++) {
				const struct eg_result *res = &f->rep->results[k];
				if (strcmp(res->check_id, catalogue_ids[i]) == 0 &&
				    (res->status == EG_ST_FAIL || res->status == EG_ST_UNKNOWN))
					bad = true;
			}
			if (bad)
				snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
					 got[0] ? " " : "", catalogue_ids[i]);
		}
		fx_free(f);
		if (strcmp(got, scenarios[s].failing) != 0)
			fail_msg("%s: failing \"%s\", expected \"%s\"", scenarios[s].name, got,
				 scenarios[s].failing);
	}
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_compliant),
		cmocka_unit_test(test_compliant_with_azure),
		cmocka_unit_test(test_null_ctx),
		cmocka_unit_test(test_nothing_read_never_passes),
		cmocka_unit_test(test_no_plan_never_passes),
		cmocka_unit_test(test_filter_ce1),
		cmocka_unit_test(test_plan_is_what_the_catalogue_needs),
		EG_TEST_LOG_UNIT(test_plan_of_some_checks),
		cmocka_unit_test(test_run_some_checks),
		cmocka_unit_test(test_plan_reference),
		cmocka_unit_test(test_plan_dual_stack),
		cmocka_unit_test(test_scenarios),
	};

	return cmocka_run_group_tests_name("checks_catalogue", tests, NULL, NULL);
}
