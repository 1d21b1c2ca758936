/*
 * drill_report.c - the drill's result as an instance of the `drill`
 * container of erguard-report (namespace urn:erguard:report): built as a
 * libyang data tree, validated, and printed as XML or as JSON encoded per
 * RFC 7951 (top member "erguard-report:drill"), so either output is
 * always valid report data.
 *
 * Instants relative to the trigger are plain numbers; the wall-clock
 * ones are 64-bit, which RFC 7951 writes as JSON strings.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libyang/libyang.h>

#include "drill.h"
#include "render.h"
#include "util.h"
#include "yangctx.h"

/* The tree being built: the first error stops every later step. */
struct dr {
	const struct lys_module *mod;
	LY_ERR rc;
};

/* A leaf when v is not NULL; text is cleaned of control characters first. */
static void
dr_leaf(struct dr *b, struct lyd_node *p, const char *name, const char *v)
{
	char *c;

	if (b->rc != LY_SUCCESS || v == NULL)
		return;
	c = eg_fmt_clean(v, true);
	b->rc = lyd_new_term(p, b->mod, name, c, 0, NULL);
	free(c);
}

static void
dr_int(struct dr *b, struct lyd_node *p, const char *name, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	dr_leaf(b, p, name, buf);
}

static void
dr_bool(struct dr *b, struct lyd_node *p, const char *name, bool v)
{
	dr_leaf(b, p, name, v ? "true" : "false");
}

static struct lyd_node *
dr_inner(struct dr *b, struct lyd_node *p, const char *name)
{
	struct lyd_node *n = NULL;

	if (b->rc == LY_SUCCESS)
		b->rc = lyd_new_inner(p, b->mod, name, 0, &n);
	return n;
}

/* An instant in container name, none when it was not seen. */
static void
dr_instant(struct dr *b, struct lyd_node *p, const char *name, const struct eg_drill_instant *x,
	   int64_t wall0)
{
	struct lyd_node *n;

	if (x->at < 0 && x->err < 0)
		return;
	n = dr_inner(b, p, name);
	dr_int(b, n, "ms", x->at);
	dr_int(b, n, "err-ms", x->err);
	if (wall0 > 0)
		dr_int(b, n, "wall-ms", wall0 + x->at);
}

static const char *
dr_verdict(int v)
{
	return v > 0 ? "pass" : v < 0 ? "not-done" : "fail";
}

static const char *
dr_outcome(enum eg_drill_outcome x)
{
	switch (x) {
	case EG_DRILL_PASSED:		return "passed";
	case EG_DRILL_SLOW:		return "slow";
	case EG_DRILL_REFUSED:		return "refused";
	case EG_DRILL_UNRESTORED:	return "unrestored";
	case EG_DRILL_ABORTED:		return "aborted";
	case EG_DRILL_WRONG_PATH:	return "wrong-path";
	}
	return NULL;
}

void
eg_drill_zeros(const struct eg_drill_result *r, int64_t *fo0, int64_t *fb0)
{
	size_t i;

	*fo0 = 0;
	*fb0 = -1;
	for (i = 0; i < r->nces; i++) {
		if (r->ces[i].trigger.at > *fo0)
			*fo0 = r->ces[i].trigger.at;
		if (r->ces[i].restore.at >= 0 && (*fb0 < 0 || r->ces[i].restore.at < *fb0))
			*fb0 = r->ces[i].restore.at;
	}
}

int
eg_drill_prefix_verdict(const struct eg_drill_result *r, const struct eg_drill_prefix *p,
			bool failback)
{
	int64_t fo0, fb0;

	if (r->outcome == EG_DRILL_REFUSED || !eg_drill_via_in(p->before, r->links, false))
		return -1;
	eg_drill_zeros(r, &fo0, &fb0);
	if (failback && fb0 < 0)
		return -1;
	return eg_drill_within(failback ? &p->failback : &p->failover, failback ? fb0 : fo0,
			       (int64_t)r->max_convergence_s * 1000) ? 1 : 0;
}

static void
dr_prefix_phase(struct dr *b, struct lyd_node *p, const char *name, const struct eg_service *svc,
		const struct eg_drill_result *r, const struct eg_drill_prefix *px, bool failback)
{
	const struct eg_drill_phase *ph = failback ? &px->failback : &px->failover;
	struct lyd_node *n = dr_inner(b, p, name);
	int64_t fo0, fb0, zero;

	eg_drill_zeros(r, &fo0, &fb0);
	zero = failback ? fb0 : fo0;
	dr_instant(b, n, "left", &ph->left, r->wall_at_zero);
	dr_instant(b, n, "arrived", &ph->arrived, r->wall_at_zero);
	dr_leaf(b, n, "final", eg_drill_via_name(svc, ph->final_via));
	if (ph->arrived.at >= 0 && zero >= 0)
		dr_int(b, n, "convergence-ms", ph->arrived.at + ph->arrived.err - zero);
	dr_leaf(b, n, "verdict", dr_verdict(eg_drill_prefix_verdict(r, px, failback)));
}

/* The phase over every prefix: the slowest convergence and the worst verdict. */
static void
dr_phase(struct dr *b, struct lyd_node *top, const struct eg_drill_result *r, bool failback)
{
	struct lyd_node *n = NULL;
	int64_t fo0, fb0, zero, worst = -1;
	int verdict = -1;
	size_t i;

	if (b->rc == LY_SUCCESS)
		b->rc = lyd_new_list(top, b->mod, "phase", 0, &n, failback ? "failback" : "failover");
	eg_drill_zeros(r, &fo0, &fb0);
	zero = failback ? fb0 : fo0;
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		const struct eg_drill_phase *ph = failback ? &p->failback : &p->failover;
		int v = eg_drill_prefix_verdict(r, p, failback);

		if (v >= 0)
			verdict = verdict < 0 ? v : verdict && v;
		if (v >= 0 && ph->arrived.at >= 0 && ph->arrived.at + ph->arrived.err - zero > worst)
			worst = ph->arrived.at + ph->arrived.err - zero;
	}
	dr_leaf(b, n, "verdict", dr_verdict(verdict));
	if (worst >= 0)
		dr_int(b, n, "convergence-ms", worst);
	dr_int(b, n, "bound-ms", (long long)r->max_convergence_s * 1000);
}

static void
dr_trace(struct dr *b, struct lyd_node *pp, const struct eg_service *svc,
	 const struct eg_drill_result *r, const struct eg_drill_trace *t)
{
	struct lyd_node *n = NULL, *at;
	char ab[EG_ADDR_STRLEN];
	struct eg_drill_instant x = { (t->sent + t->recv) / 2, (t->recv - t->sent + 1) / 2 };
	uint32_t last;
	size_t i;

	eg_addr_fmt(&t->host, ab);
	if (b->rc == LY_SUCCESS)
		b->rc = lyd_new_list(pp, b->mod, "trace", 0, &n, eg_drill_trace_phase_name(t->phase),
				     ab);
	dr_leaf(b, n, "classification", !t->answered ? "unknown" :
		t->via == EG_VIA_VPN ? "vpn" : t->via >= 0 && t->via < 32 ? "expressroute" :
		"not-reached");
	if (t->answered && t->via >= 0 && t->via < 32)
		dr_leaf(b, n, "link", eg_drill_via_name(svc, t->via));
	dr_leaf(b, n, "verdict", t->ok ? "pass" : "fail");
	dr_leaf(b, n, "why", t->why);
	at = dr_inner(b, n, "at");
	dr_int(b, at, "ms", x.at);
	dr_int(b, at, "err-ms", x.err);
	dr_int(b, at, "wall-ms", r->wall_at_zero + x.at);
	dr_int(b, n, "duration-ms", t->recv - t->sent);
	for (i = 0, last = 0; i < t->nhops; i++) {
		struct lyd_node *h = NULL;
		char ttl[16];

		/* a hop's distance as the device said it, unless missing or out of order: the next one */
		last = t->hops[i].ttl > last ? t->hops[i].ttl : last + 1;
		snprintf(ttl, sizeof(ttl), "%u", last);
		if (b->rc == LY_SUCCESS)
			b->rc = lyd_new_list(n, b->mod, "hop", 0, &h, ttl);
		if (t->hops[i].addr.family != 0)
			dr_leaf(b, h, "address", eg_addr_fmt(&t->hops[i].addr, ab));
		if (t->hops[i].rtt_us != 0)
			dr_int(b, h, "rtt-us", t->hops[i].rtt_us);
	}
}

static void
dr_build(struct dr *b, struct lyd_node *top, const struct eg_service *svc,
	 const struct eg_drill_result *r)
{
	struct lyd_node *n;
	char buf[64];
	size_t i;

	dr_leaf(b, top, "service", r->service ? r->service : "?");
	dr_leaf(b, top, "trigger", eg_drill_trigger_name(r->trigger));
	dr_leaf(b, top, "trigger-exercises", eg_drill_trigger_exercises(r->trigger));
	dr_leaf(b, top, "links", r->links == EG_DRILL_PRIMARY ? "primary" :
		r->links == EG_DRILL_SECONDARY ? "secondary" : "both");
	dr_leaf(b, top, "outcome", dr_outcome(r->outcome));
	dr_leaf(b, top, "outcome-text", eg_drill_outcome_name(r->outcome));
	dr_bool(b, top, "passed", r->outcome == EG_DRILL_PASSED);
	dr_leaf(b, top, "why", r->why);
	dr_leaf(b, top, "firewall", r->firewall);
	dr_leaf(b, top, "table", r->table);
	dr_int(b, top, "max-convergence-s", r->max_convergence_s);
	dr_int(b, top, "watch-s", r->watch_s);
	dr_int(b, top, "confirm-minutes", r->confirm_minutes);
	if (r->wall_at_zero > 0)
		dr_int(b, top, "wall-at-zero-ms", r->wall_at_zero);
	snprintf(buf, sizeof(buf), "%.1f", r->polls_per_s);
	dr_leaf(b, top, "requests-per-s", buf);
	snprintf(buf, sizeof(buf), "%.2f", r->rtt_ms);
	dr_leaf(b, top, "rtt-ms", buf);
	for (i = 0; i < r->nfailing; i++)
		dr_leaf(b, top, "preflight-failing", r->failing[i]);
	n = dr_inner(b, top, "final-check");
	dr_bool(b, n, "checked", r->after_checked);
	dr_leaf(b, n, "verdict", dr_verdict(!r->after_checked ? -1 : r->nafter_failing == 0));
	for (i = 0; i < r->nafter_failing; i++)
		dr_leaf(b, n, "failing", r->after_failing[i]);
	for (i = 0; i < r->nces; i++) {
		const struct eg_drill_ce *ce = &r->ces[i];
		struct lyd_node *c = NULL;
		char pa[EG_ADDR_STRLEN];

		if (b->rc == LY_SUCCESS)
			b->rc = lyd_new_list(top, b->mod, "ce", 0, &c, ce->device);
		dr_leaf(b, c, "line", ce->line);
		dr_bool(b, c, "triggered", ce->triggered);
		dr_bool(b, c, "restored", ce->restored);
		dr_instant(b, c, "trigger", &ce->trigger, r->wall_at_zero);
		dr_instant(b, c, "restore", &ce->restore, r->wall_at_zero);
		dr_leaf(b, c, "peer", eg_addr_fmt(&ce->peer, pa));
		dr_int(b, c, "session-polls", (long long)ce->npsamples);
		dr_instant(b, c, "session-down", &ce->peer_down, r->wall_at_zero);
		if (ce->peer_down.at >= 0 && ce->peer_down_bfd >= 0 && b->rc == LY_SUCCESS) {
			struct lyd_node *sd = NULL;

			lyd_find_path(c, "session-down", 0, &sd);
			dr_bool(b, sd, "bfd-down", ce->peer_down_bfd == 0);
		}
		dr_instant(b, c, "session-up", &ce->peer_up, r->wall_at_zero);
		if (ce->triggered)
			dr_int(b, c, "confirm-minutes", r->confirm_minutes);
		if (ce->triggered && !ce->restored)
			dr_int(b, c, "device-rollback-wall-ms", ce->rollback_wall_ms);
		dr_leaf(b, c, "account", ce->account ? ce->account : "");
	}
	if (r->outcome != EG_DRILL_REFUSED) {
		dr_phase(b, top, r, false);
		dr_phase(b, top, r, true);
	}
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		struct lyd_node *pn = NULL;
		char pb[EG_PREFIX_STRLEN];

		if (b->rc == LY_SUCCESS)
			b->rc = lyd_new_list(top, b->mod, "prefix", 0, &pn, eg_prefix_fmt(&p->pfx, pb));
		dr_leaf(b, pn, "before", eg_drill_via_name(svc, p->before));
		dr_int(b, pn, "samples", (long long)p->nsamples);
		dr_prefix_phase(b, pn, "failover", svc, r, p, false);
		dr_prefix_phase(b, pn, "failback", svc, r, p, true);
	}
	n = dr_inner(b, top, "path-proof");
	dr_leaf(b, n, "status", r->proof == EG_PROOF_SKIPPED ? "skipped" :
		r->proof == EG_PROOF_NO_HOSTS ? "no-test-hosts" : r->ntraces > 0 ? "done" : "stopped");
	for (i = 0; i < r->ntraces; i++)
		dr_trace(b, n, svc, r, &r->traces[i]);
}

/* The validated tree; libyang's messages stay with it (this thread) and the one that matters is logged. */
static eg_err
dr_tree(const struct eg_intent *in, const struct eg_drill_result *r, struct ly_ctx **ctxp,
	struct lyd_node **treep)
{
	struct dr b = { NULL, LY_SUCCESS };
	struct lyd_node *top = NULL;
	eg_err err;

	*treep = NULL;
	if ((err = eg_yang_ctx(ctxp, "erguard-report", &b.mod)) != EG_OK)
		return err;
	b.rc = lyd_new_inner(NULL, b.mod, "drill", 0, &top);
	dr_build(&b, top, eg_drill_service(in, r->service), r);
	if (b.rc == LY_SUCCESS)
		b.rc = lyd_validate_all(&top, *ctxp, LYD_VALIDATE_PRESENT, NULL);
	if (b.rc == LY_EMEM)
		eg_oom(__func__);
	if (b.rc != LY_SUCCESS) {
		eg_log(EG_LOG_ERROR, NULL, "the drill report does not validate: %s",
		       ly_errmsg(*ctxp) ? ly_errmsg(*ctxp) : "?");
		lyd_free_all(top);
		return EG_EINTERNAL;
	}
	*treep = top;
	return EG_OK;
}

eg_err
eg_drill_report_print(const struct eg_intent *in, const struct eg_drill_result *r, bool json,
		      FILE *f)
{
	struct ly_ctx *ctx = NULL;
	struct lyd_node *tree = NULL;
	uint32_t opts = LY_LOSTORE_LAST;
	eg_err err;

	ly_temp_log_options(&opts);
	err = dr_tree(in, r, &ctx, &tree);
	if (err == EG_OK)
		err = lyd_print_file(f, tree, json ? LYD_JSON : LYD_XML, LYD_PRINT_WITHSIBLINGS) ==
		      LY_SUCCESS ? eg_render_finish(f) : EG_EIO;
	lyd_free_all(tree);
	ly_temp_log_options(NULL);
	return err;
}
