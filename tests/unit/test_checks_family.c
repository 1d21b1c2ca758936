/*
 * test_checks_family.c - the checks that read routes or peers, judged per
 * address family on a dual-stack service.
 *
 * Each case loads the dual-stack intent (tests/data/intent/dual-stack.xml)
 * and the compliant dual-stack snapshot (tests/snapshots/dual-stack), breaks
 * one observation of one family and runs the catalogue: the check guarding
 * it must turn for that family only, the other family keeping its verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checks.h"
#include "intent.h"
#include "plan.h"
#include "query.h"
#include "report.h"
#include "snapshot.h"
#include "state.h"

#include "eg_test_file.h"
#include "eg_test_log.h"

#define CE1 "SEA-MX03-01"
#define CE2 "SEA-MX03-02"
#define FW "SEA-SRX42-01"
#define MSEE6_1 "2001:db8:11:16::2"
#define VPN6_1 "2001:db8:17:ff::76"
#define VPN6_2 "2001:db8:17:ff::77"
#define VPN4_2 "10.17.11.77"
#define ONPREM6 "2001:db8:1:11::/64"
#define SPOKE6 "2001:db8:17:12::/64"

struct fam {
	struct eg_intent *in;
	struct eg_state *st;
	struct eg_report *rep;
};

static void
fam_load(struct fam *f, const char *intent)
{
	char path[4096];

	memset(f, 0, sizeof(*f));
	snprintf(path, sizeof(path), "%s", eg_test_path(intent));
	assert_int_equal(eg_intent_load(path, &f->in), EG_OK);
	assert_int_equal(eg_plan_build(f->in, NULL, 0, &f->st), EG_OK);
	snprintf(path, sizeof(path), "%s", eg_test_path("tests/snapshots/dual-stack"));
	assert_int_equal(eg_snapshot_load(path, f->st, NULL), EG_OK);
	eg_test_log_clear();
}

static void
fam_run(struct fam *f)
{
	f->rep = eg_report_new();
	assert_int_equal(eg_checks_run(f->in, f->st, NULL, f->rep), EG_OK);
}

static void
fam_free(struct fam *f)
{
	eg_report_free(f->rep);
	eg_state_free(f->st);
	eg_intent_free(f->in);
}

/* The observation of a kind on a device (about peer, if given), to break. */
static struct eg_obs *
fam_obs(struct fam *f, const char *dev, enum eg_qkind kind, const char *peer)
{
	struct eg_addr a;
	const struct eg_obs *o;

	memset(&a, 0, sizeof(a));
	if (peer != NULL)
		assert_int_equal(eg_addr_parse(peer, &a), EG_OK);
	o = eg_state_find(f->st, dev, kind, NULL, peer != NULL ? &a : NULL);
	if (o == NULL)
		fail_msg("no %s observation on %s", eg_qkind_name(kind), dev);
	assert_int_equal(o->status, EG_OK);
	return (struct eg_obs *)o;
}

/* Drop every path of prefix p from the rib of o. */
static void
fam_drop_prefix(struct eg_obs *o, const char *p)
{
	struct eg_prefix want;
	struct eg_rib *rib = o->u.rib;
	size_t i, n = 0;

	assert_int_equal(eg_prefix_parse(p, &want), EG_OK);
	for (i = 0; i < rib->npaths; i++)
		if (!eg_prefix_eq(&rib->paths[i].prefix, &want))
			rib->paths[n++] = rib->paths[i];
	assert_true(n < rib->npaths);
	rib->npaths = n;
}

/* The worst status of a check's results in one family (0: no family). */
static enum eg_status
fam_status(const struct eg_report *r, const char *id, uint8_t family)
{
	static const int rank[] = { [EG_ST_SKIPPED] = 0, [EG_ST_PASS] = 1,
				    [EG_ST_FAIL] = 2, [EG_ST_UNKNOWN] = 3 };
	enum eg_status worst = EG_ST_SKIPPED;
	size_t i, seen = 0;

	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];

		if (strcmp(res->check_id, id) != 0 || res->family != family)
			continue;
		/* an IPv6 result is told apart by its scope too */
		assert_true((family == 6) == (strstr(res->scope, " inet6") != NULL));
		if (seen++ == 0 || rank[res->status] > rank[worst])
			worst = res->status;
	}
	if (seen == 0)
		fail_msg("%s has no result in family %u", id, family);
	return worst;
}

/* ------------------------------------------------------------ mutations */

static void
mut_none(struct fam *f)
{
	(void)f;
}

static void
mut_ce1_adv6_empty(struct fam *f)
{
	fam_drop_prefix(fam_obs(f, CE1, EG_Q_ADVERTISED6, MSEE6_1), ONPREM6);
}

static void
mut_ce1_adv6_med(struct fam *f)
{
	struct eg_rib *rib = fam_obs(f, CE1, EG_Q_ADVERTISED6, MSEE6_1)->u.rib;

	assert_true(rib->npaths > 0);
	rib->paths[0].med = 50;
	rib->paths[0].flags |= EG_PATH_HAS_MED;
}

static void
mut_vpn6_adv_specific(struct fam *f)
{
	size_t k;
	static const char *const peers[] = { VPN6_1, VPN6_2 };

	for (k = 0; k < 2; k++) {
		struct eg_rib *rib = fam_obs(f, FW, EG_Q_ADVERTISED6, peers[k])->u.rib;
		struct eg_path p = rib->paths[0];

		assert_int_equal(eg_prefix_parse("2001:db8:1:11:8000::/65", &p.prefix), EG_OK);
		eg_rib_add(rib, &p);
		rib->sorted = false;
	}
}

static void
mut_vpn6_2_adv_empty(struct fam *f)
{
	fam_obs(f, FW, EG_Q_ADVERTISED6, VPN6_2)->u.rib->npaths = 0;
}

static void
mut_vpn6_2_recv_no_spoke(struct fam *f)
{
	fam_drop_prefix(fam_obs(f, FW, EG_Q_RECEIVED6, VPN6_2), SPOKE6);
}

/* The firewall's inet6.0 loses the VPN paths: no backup for IPv6. */
static void
mut_fw6_no_vpn(struct fam *f)
{
	struct eg_rib *rib = fam_obs(f, FW, EG_Q_ROUTES6, NULL)->u.rib;
	size_t i, n = 0;

	for (i = 0; i < rib->npaths; i++)
		if (rib->paths[i].learned_from.family != 6)
			rib->paths[n++] = rib->paths[i];
	assert_true(n < rib->npaths);
	rib->npaths = n;
}

/* A VPN import policy raises local-preference on IPv6: the VPN wins. */
static void
mut_fw6_vpn_wins(struct fam *f)
{
	struct eg_rib *rib = fam_obs(f, FW, EG_Q_ROUTES6, NULL)->u.rib;
	size_t i;

	for (i = 0; i < rib->npaths; i++) {
		struct eg_path *p = &rib->paths[i];

		if (p->proto != EG_PROTO_BGP)
			continue;
		if (p->learned_from.family == 6) {
			p->local_pref = 200;
			p->flags |= EG_PATH_ACTIVE;
		} else {
			p->flags &= (uint8_t)~EG_PATH_ACTIVE;
		}
	}
}

static void
mut_fw_bgp_vpn6_down(struct fam *f)
{
	struct eg_bgp *bgp = fam_obs(f, FW, EG_Q_BGP_SUMMARY, NULL)->u.bgp;
	struct eg_addr a;
	size_t i;

	assert_int_equal(eg_addr_parse(VPN6_2, &a), EG_OK);
	for (i = 0; i < bgp->npeers; i++)
		if (eg_addr_eq(&bgp->peers[i].addr, &a)) {
			free(bgp->peers[i].state);
			bgp->peers[i].state = strdup("Active");
			return;
		}
	fail_msg("no peer %s in the firewall's summary", VPN6_2);
}

static void
mut_ce1_adv6_unread(struct fam *f)
{
	struct eg_obs *o = fam_obs(f, CE1, EG_Q_ADVERTISED6, MSEE6_1);

	eg_obs_data_free(o);
	eg_obs_fail(o, EG_ETIMEOUT, "%s: timeout after 10 s", CE1);
}

/* ------------------------------------------------------------ cases */

struct fam_case {
	const char *name;
	void (*mutate)(struct fam *f);
	const char *check;
	enum eg_status inet, inet6;
};

static const struct fam_case fam_cases[] = {
	{ "compliant: er-adv-symmetry", mut_none, "er-adv-symmetry", EG_ST_PASS, EG_ST_PASS },
	{ "compliant: vpn-recv", mut_none, "vpn-recv", EG_ST_PASS, EG_ST_PASS },
	{ "compliant: bgp-sessions", mut_none, "bgp-sessions", EG_ST_PASS, EG_ST_PASS },
	{ "compliant: prefix-budget", mut_none, "prefix-budget", EG_ST_PASS, EG_ST_PASS },
	{ "CE1 stops advertising the IPv6 on-prem prefix", mut_ce1_adv6_empty,
	  "er-adv-coverage", EG_ST_PASS, EG_ST_FAIL },
	{ "... and the links differ in IPv6 only", mut_ce1_adv6_empty,
	  "er-adv-symmetry", EG_ST_PASS, EG_ST_FAIL },
	{ "a MED on CE1's IPv6 advertisement only", mut_ce1_adv6_med,
	  "er-adv-symmetry", EG_ST_PASS, EG_ST_FAIL },
	{ "a /65 over the VPN's IPv6 sessions", mut_vpn6_adv_specific,
	  "vpn-no-more-specific", EG_ST_PASS, EG_ST_FAIL },
	{ "nothing to the second IPv6 VPN peer: symmetry", mut_vpn6_2_adv_empty,
	  "vpn-adv-symmetry", EG_ST_PASS, EG_ST_FAIL },
	{ "nothing to the second IPv6 VPN peer: coverage", mut_vpn6_2_adv_empty,
	  "vpn-adv-coverage", EG_ST_PASS, EG_ST_FAIL },
	{ "the second IPv6 VPN peer sends no spoke", mut_vpn6_2_recv_no_spoke,
	  "vpn-recv", EG_ST_PASS, EG_ST_FAIL },
	{ "no IPv6 VPN path in the firewall's inet6.0", mut_fw6_no_vpn,
	  "backup-ready", EG_ST_PASS, EG_ST_FAIL },
	{ "the IPv6 VPN paths win: active-path", mut_fw6_vpn_wins,
	  "active-path", EG_ST_PASS, EG_ST_FAIL },
	{ "the IPv6 VPN paths win: lp-rib", mut_fw6_vpn_wins,
	  "lp-rib", EG_ST_PASS, EG_ST_FAIL },
	{ "the IPv6 session to a VPN peer is Active", mut_fw_bgp_vpn6_down,
	  "bgp-sessions", EG_ST_PASS, EG_ST_FAIL },
	{ "CE1's IPv6 advertisement unread: unknown, never pass", mut_ce1_adv6_unread,
	  "er-adv-coverage", EG_ST_PASS, EG_ST_UNKNOWN },
};

static void
test_per_family(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fam_cases) / sizeof(fam_cases[0]); i++) {
		const struct fam_case *c = &fam_cases[i];
		struct fam f;
		enum eg_status s4, s6;

		fam_load(&f, "tests/data/intent/dual-stack.xml");
		c->mutate(&f);
		fam_run(&f);
		s4 = fam_status(f.rep, c->check, 4);
		s6 = fam_status(f.rep, c->check, 6);
		if (s4 != c->inet || s6 != c->inet6)
			fail_msg("%s: %s is %s/%s (inet/inet6), expected %s/%s", c->name, c->check,
				 eg_status_name(s4), eg_status_name(s6), eg_status_name(c->inet),
				 eg_status_name(c->inet6));
		fam_free(&f);
	}
}

/*
 * Checks of the configuration and of BFD are not split by family; a
 * dual-stack service reports each once, without a family.
 */
static void
test_not_split(void **state)
{
	static const char *const once[] = { "lp-config", "bfd-config", "bfd-state" };
	struct fam f;
	size_t i;

	(void)state;
	fam_load(&f, "tests/data/intent/dual-stack.xml");
	fam_run(&f);
	for (i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		assert_int_equal(fam_status(f.rep, once[i], 0), EG_ST_PASS);
	for (i = 0; i < f.rep->nresults; i++)
		assert_int_not_equal(f.rep->results[i].status, EG_ST_FAIL);
	fam_free(&f);
}

/* An IPv4-only intent asks nothing of inet6.0 and reports no family. */
static void
test_ipv4_only(void **state)
{
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	size_t i;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	assert_int_equal(eg_plan_build(in, NULL, 0, &st), EG_OK);
	for (i = 0; i < st->nobs; i++) {
		assert_int_equal(eg_qdef(st->obs[i].q.kind)->family, 0);
		assert_false(st->obs[i].q.table != NULL &&
			     eg_table_family(st->obs[i].q.table) == 6);
	}
	eg_state_free(st);
	eg_intent_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_per_family),
		EG_TEST_LOG_UNIT(test_not_split),
		EG_TEST_LOG_UNIT(test_ipv4_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
