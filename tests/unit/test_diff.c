/*
 * test_diff.c - what eg_diff_build() (diff.c) counts as a change, and
 * what it counts as worse.
 *
 * Each case builds the reference fixture twice, breaks the "before" or
 * the "after" side with a mutation, runs every check on both and diffs
 * them: the changes must be exactly those the case lists (kind, worse,
 * device, subject, attribute, before, after), in any order.  Mutations of
 * counters, ages and commit times must give no change at all.
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
#include "diff.h"
#include "eg_test_log.h"
#include "render.h"

/* ------------------------------------------------------------ mutations */

static void
m_counters(struct fx *f)
{
	struct eg_bgp_peer *p = fx_peer(f, FX_FW, FX_VPN1);
	struct eg_obs *o = fx_obs(f, FX_CE1, EG_Q_CONFIG, NULL);

	p->elapsed_seconds += 86400;
	p->flap_count += 3;
	p->received_prefixes += 1;
	p->accepted_prefixes += 1;
	p->active_prefixes += 1;
	p->advertised_prefixes += 1;
	o->u.cfg->commit_seconds += 3600;
	free(o->u.cfg->commit_user);
	o->u.cfg->commit_user = fx_strdup("someone-else");
}

static void
m_ce2_med(struct fx *f)
{
	struct eg_path *p = fx_path(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2, FX_ONPREM, 0);

	p->flags |= EG_PATH_HAS_MED;
	p->med = 50;
}

static void
m_ce2_community(struct fx *f)
{
	struct eg_path *p = fx_path(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2, FX_ONPREM, 0);

	p->communities = fx_intern(f, FX_CE2, EG_Q_ADVERTISED, FX_MSEE2, "12076:5010");
}

static void
m_ce1_extra_prefix(struct fx *f)
{
	struct eg_rib *rib = fx_obs(f, FX_CE1, EG_Q_ADVERTISED, FX_MSEE1)->u.rib;

	fx_adv(rib, "10.1.99.0/24", FX_ADV_AS);
}

static void
m_vpn2_active(struct fx *f)
{
	struct eg_bgp_peer *p = fx_peer(f, FX_FW, FX_VPN2);

	free(p->state);
	p->state = fx_strdup("Active");
}

static void
m_ce1_bfd_down(struct fx *f)
{
	struct eg_bfd_session *s = &fx_obs(f, FX_CE1, EG_Q_BFD, NULL)->u.bfd->sessions[0];

	free(s->state);
	s->state = fx_strdup("Down");
}

/* The hub prefix's active path moves from CE1 to VPN peer 1. */
static void
m_hub_via_vpn(struct fx *f)
{
	struct eg_rib *rib = fx_obs(f, FX_FW, EG_Q_ROUTES, NULL)->u.rib;
	size_t i;

	for (i = 0; i < rib->npaths; i++) {
		char pfx[EG_PREFIX_STRLEN], from[EG_ADDR_STRLEN];

		if (strcmp(eg_prefix_fmt(&rib->paths[i].prefix, pfx), FX_HUB) != 0)
			continue;
		eg_addr_fmt(&rib->paths[i].learned_from, from);
		if (strcmp(from, FX_VPN1) == 0)
			rib->paths[i].flags |= EG_PATH_ACTIVE;
		else
			rib->paths[i].flags &= (uint8_t)~EG_PATH_ACTIVE;
	}
}

static void
m_fw_routes_timeout(struct fx *f)
{
	fx_obs_failed(f, FX_FW, EG_Q_ROUTES, NULL, EG_ETRANSPORT,
		      FX_FW ": timeout after 30 s");
}

/* ------------------------------------------------------------ cases */

struct want {
	enum eg_diff_kind kind;
	bool worse;
	const char *device, *subject, *attribute, *before, *after;
};

#define WANT_MAX 8
struct diff_case {
	const char *name;
	void (*before)(struct fx *f);	/* NULL: the reference */
	void (*after)(struct fx *f);
	struct want want[WANT_MAX];	/* ended by a NULL subject */
};

#define CHK(id, scope, b, a, w) \
	{ EG_DIFF_CHECK, (w), NULL, id " " FX_INST " " scope, NULL, (b), (a) }

static const struct diff_case cases[] = {
	{ "nothing changed", NULL, NULL, { { 0 } } },
	{ "counters, ages and commit times only", NULL, m_counters, { { 0 } } },
	{ "a MED on one ExpressRoute link", NULL, m_ce2_med, {
		CHK("er-adv-symmetry", FX_CE1 "+" FX_CE2, "pass", "fail", true),
		{ EG_DIFF_ATTRIBUTE, false, FX_CE2, "peer " FX_MSEE2 " " FX_ONPREM, "med",
		  "none", "50" } } },
	{ "the MED removed again", m_ce2_med, NULL, {
		CHK("er-adv-symmetry", FX_CE1 "+" FX_CE2, "fail", "pass", false),
		{ EG_DIFF_ATTRIBUTE, false, FX_CE2, "peer " FX_MSEE2 " " FX_ONPREM, "med",
		  "50", "none" } } },
	{ "a community on one link", NULL, m_ce2_community, {
		CHK("er-adv-symmetry", FX_CE1 "+" FX_CE2, "pass", "fail", true),
		{ EG_DIFF_ATTRIBUTE, false, FX_CE2, "peer " FX_MSEE2 " " FX_ONPREM,
		  "communities", "none", "12076:5010" } } },
	{ "a prefix added to CE1's advertisements", NULL, m_ce1_extra_prefix, {
		CHK("er-adv-symmetry", FX_CE1 "+" FX_CE2, "pass", "fail", true),
		CHK("vpn-adv-coverage", FX_CE1 "+" FX_CE2 "+" FX_FW, "pass", "fail", true),
		{ EG_DIFF_ADVERTISED, false, FX_CE1, "peer " FX_MSEE1 " 10.1.99.0/24", NULL,
		  "absent", "advertised" } } },
	{ "... and withdrawn", m_ce1_extra_prefix, NULL, {
		CHK("er-adv-symmetry", FX_CE1 "+" FX_CE2, "fail", "pass", false),
		CHK("vpn-adv-coverage", FX_CE1 "+" FX_CE2 "+" FX_FW, "fail", "pass", false),
		{ EG_DIFF_ADVERTISED, false, FX_CE1, "peer " FX_MSEE1 " 10.1.99.0/24", NULL,
		  "advertised", "absent" } } },
	{ "a VPN session goes down", NULL, m_vpn2_active, {
		CHK("bgp-sessions", FX_FW, "pass", "fail", true),
		{ EG_DIFF_BGP, true, FX_FW, "peer " FX_VPN2, NULL, "Established", "Active" } } },
	{ "... and comes back", m_vpn2_active, NULL, {
		CHK("bgp-sessions", FX_FW, "fail", "pass", false),
		{ EG_DIFF_BGP, false, FX_FW, "peer " FX_VPN2, NULL, "Active", "Established" } } },
	{ "a BFD session goes down", NULL, m_ce1_bfd_down, {
		CHK("bfd-state", FX_CE1, "pass", "fail", true),
		{ EG_DIFF_BFD, true, FX_CE1, "neighbor " FX_MSEE1, NULL, "Up", "Down" } } },
	{ "the hub prefix leaves ExpressRoute", NULL, m_hub_via_vpn, {
		CHK("active-path", FX_FW, "pass", "fail", true),
		{ EG_DIFF_ACTIVE, true, FX_FW, FX_HUB, NULL, NULL, NULL } } },
	{ "the firewall's table cannot be read", NULL, m_fw_routes_timeout, {
		CHK("lp-rib", FX_FW, "pass", "unknown", true),
		CHK("active-path", FX_FW, "pass", "unknown", true),
		CHK("backup-ready", FX_FW, "pass", "unknown", true),
		{ EG_DIFF_REPLY, true, FX_FW, "show route table " FX_TABLE, NULL, "read",
		  NULL } } },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static bool
str_matches(const char *want, const char *got)
{
	return want == NULL || (got != NULL && strcmp(want, got) == 0);
}

static bool
change_matches(const struct want *w, const struct eg_change *c)
{
	return w->kind == c->kind && w->worse == c->worse &&
	       (w->device == NULL ? c->device == NULL : str_matches(w->device, c->device)) &&
	       str_matches(w->subject, c->subject) &&
	       (w->attribute == NULL ? c->attribute == NULL : str_matches(w->attribute, c->attribute)) &&
	       str_matches(w->before, c->before) && str_matches(w->after, c->after) &&
	       c->message != NULL && *c->message != '\0';
}

static struct fx *
side(void (*mutate)(struct fx *f))
{
	struct fx *f = fx_new();

	if (mutate != NULL)
		mutate(f);
	assert_int_equal(eg_checks_run(f->in, f->st, &f->ctx, f->rep), EG_OK);
	return f;
}

static void
print_changes(const struct eg_diff *d)
{
	size_t i;

	for (i = 0; i < d->nchanges; i++)
		print_message("  got: %s%s | %s | %s | %s | %s -> %s\n",
			      d->changes[i].worse ? "WORSE " : "", eg_diff_kind_name(d->changes[i].kind),
			      d->changes[i].device ? d->changes[i].device : "-",
			      d->changes[i].subject, d->changes[i].attribute ? d->changes[i].attribute : "-",
			      d->changes[i].before, d->changes[i].after);
}

static void
test_cases(void **state)
{
	size_t c, i, k, nwant, nworse;

	(void)state;
	for (c = 0; c < NCASES; c++) {
		const struct diff_case *dc = &cases[c];
		struct fx *a = side(dc->before), *b = side(dc->after);
		struct eg_diff *d = NULL;
		bool used[64] = { false };

		assert_int_equal(eg_diff_build(a->in, a->st, a->rep, b->st, b->rep, "before", "after",
					       &d), EG_OK);
		for (nwant = 0, nworse = 0; nwant < WANT_MAX && dc->want[nwant].subject; nwant++)
			nworse += dc->want[nwant].worse;
		if (d->nchanges != nwant || eg_diff_nworse(d) != nworse) {
			print_message("%s: %zu changes (%zu worse), expected %zu (%zu)\n", dc->name,
				      d->nchanges, eg_diff_nworse(d), nwant, nworse);
			print_changes(d);
			fail();
		}
		for (i = 0; i < nwant; i++) {
			for (k = 0; k < d->nchanges; k++)
				if (!used[k] && change_matches(&dc->want[i], &d->changes[k]))
					break;
			if (k == d->nchanges) {
				print_message("%s: no change %s %s %s\n", dc->name,
					      eg_diff_kind_name(dc->want[i].kind), dc->want[i].subject,
					      dc->want[i].worse ? "(worse)" : "");
				print_changes(d);
				fail();
			}
			used[k] = true;
		}
		assert_string_equal(d->old_source, "before");
		assert_string_equal(d->new_source, "after");
		eg_diff_free(d);
		fx_free(a);
		fx_free(b);
	}
}

/* Two runs of different plans cannot be compared. */
static void
test_other_plan(void **state)
{
	struct fx *a = side(NULL), *b = side(NULL);
	struct eg_diff *d = (struct eg_diff *)1;

	(void)state;
	fx_obs_remove(b, FX_CE1, EG_Q_BFD, NULL);
	assert_int_equal(eg_diff_build(a->in, a->st, a->rep, b->st, b->rep, "a", "b", &d),
			 EG_EINVAL);
	assert_null(d);
	assert_int_equal(eg_test_logged.n, 1);
	assert_non_null(strstr(eg_test_logged.msg[0], "not planned alike"));
	eg_test_log_clear();
	assert_int_equal(eg_diff_build(a->in, a->st, NULL, b->st, b->rep, "a", "b", &d), EG_EINVAL);
	fx_free(a);
	fx_free(b);
}

/* Every renderer prints every change, and one with hostile text stays clean. */
static void
test_renderers(void **state)
{
	static const char *const names[] = { "text", "json", "junit" };
	struct fx *a = side(NULL), *b = side(m_vpn2_active);
	struct eg_render_opts ro = { false, false };
	struct eg_diff *d = NULL;
	size_t i;

	(void)state;
	assert_int_equal(eg_diff_build(a->in, a->st, a->rep, b->st, b->rep, "be\033[31mfore",
				       "after", &d), EG_OK);
	assert_null(eg_diff_renderer_find("xml"));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct eg_diff_renderer *r = eg_diff_renderer_find(names[i]);
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		assert_non_null(r);
		assert_non_null(m);
		assert_int_equal(r->render(d, &ro, m), EG_OK);
		fclose(m);
		assert_non_null(strstr(buf, "10.17.11.77"));
		assert_null(strchr(buf, '\033'));
		free(buf);
	}
	eg_diff_free(d);
	fx_free(a);
	fx_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_cases),
		EG_TEST_LOG_UNIT(test_other_plan),
		EG_TEST_LOG_UNIT(test_renderers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
