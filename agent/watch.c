/*
 * watch.c - check the devices again and again over sessions kept open.
 *
 * Orchestrates the layers below over time: the plan, the collector (with
 * its kept sessions), the checks, the text report of the first run, the
 * change lines of the later ones and the metrics file.  Guarantees: a
 * line is written only when a result's status or a device's reachability
 * changed; a failed metrics write is reported and retried at the next
 * run, never ends the watch; the sessions are closed on every way out.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "checks.h"
#include "metrics.h"
#include "plan.h"
#include "report.h"
#include "util.h"
#include "watch.h"

/* What the last run saw, for telling what changed. */
struct watch_dev {
	char *name;
	bool up;
};

struct watch {
	const struct eg_watch_opts *o;
	struct eg_intent *in;
	struct eg_collect_keep *keep;
	struct eg_report *prev;		/* the last run's report, or NULL before the first */
	struct watch_dev *devs;		/* the last run's devices */
	size_t ndevs;
	uint64_t runs;
};

static double
watch_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The result of r with res's check, service and scope, or NULL. */
static const struct eg_result *
watch_find(const struct eg_report *r, const struct eg_result *res)
{
	size_t i;

	for (i = 0; r != NULL && i < r->nresults; i++) {
		const struct eg_result *x = &r->results[i];

		if (strcmp(x->check_id, res->check_id) == 0 &&
		    strcmp(x->service ? x->service : "", res->service ? res->service : "") == 0 &&
		    strcmp(x->scope ? x->scope : "", res->scope ? res->scope : "") == 0)
			return x;
	}
	return NULL;
}

/* What a result says in one line: its first finding, else its reason. */
static char *
watch_message(const struct eg_result *res)
{
	size_t i;

	for (i = 0; i < res->nfindings; i++)
		if (res->findings[i].status == res->status)
			return eg_fmt_finding(&res->findings[i]);
	if (res->reason != NULL)
		return eg_xstrdup(res->reason);
	return eg_xstrdup(res->status == EG_ST_PASS ? "holds" : "");
}

/* "TIME CHECK SERVICE SCOPE: OLD -> NEW: MESSAGE" for one changed result. */
static void
watch_line(FILE *f, const char *when, const struct eg_result *res, const char *old,
	   const char *now)
{
	char *msg = watch_message(res);
	char *clean = eg_fmt_clean(msg, false);

	fprintf(f, "%s %s %s %s: %s -> %s: %s\n", when, res->check_id,
		res->service ? res->service : "-", res->scope ? res->scope : "-", old, now, clean);
	free(clean);
	free(msg);
}

/* One line per result whose status differs from the last run's. */
static void
watch_changes(struct watch *w, const struct eg_report *rep, const char *when)
{
	FILE *f = w->o->out;
	size_t i;

	for (i = 0; i < rep->nresults; i++) {
		const struct eg_result *res = &rep->results[i];
		const struct eg_result *was = watch_find(w->prev, res);

		if (was == NULL)
			watch_line(f, when, res, "none", eg_status_name(res->status));
		else if (was->status != res->status)
			watch_line(f, when, res, eg_status_name(was->status),
				   eg_status_name(res->status));
	}
	for (i = 0; i < w->prev->nresults; i++) {
		const struct eg_result *was = &w->prev->results[i];

		if (watch_find(rep, was) == NULL)
			fprintf(f, "%s %s %s %s: %s -> none: no longer checked\n", when,
				was->check_id, was->service ? was->service : "-",
				was->scope ? was->scope : "-", eg_status_name(was->status));
	}
}

/*
 * The devices of the run: reachability lines for those that changed
 * (not on the first run, whose report says it all), then remembered.
 */
static void
watch_devices(struct watch *w, const struct eg_state *st, const char *when, bool report)
{
	struct watch_dev *devs = NULL;
	size_t ndevs = 0, cap = 0, i, j;

	for (i = 0; i < st->nobs; i++) {
		const char *name = st->obs[i].q.device;
		const struct eg_collect_link *l;
		struct watch_dev *d;

		for (j = 0; j < ndevs && strcmp(devs[j].name, name) != 0; j++)
			;
		if (j < ndevs)
			continue;
		l = eg_collect_keep_find(w->keep, name);
		d = eg_append((void **)&devs, &ndevs, &cap, sizeof(*devs));
		d->name = eg_xstrdup(name);
		d->up = l != NULL && l->up;
		for (j = 0; j < w->ndevs && strcmp(w->devs[j].name, name) != 0; j++)
			;
		if (!report || (j < w->ndevs && w->devs[j].up == d->up))
			continue;
		if (d->up)
			fprintf(w->o->out, "%s device %s: unreachable -> reachable\n", when, name);
		else {
			char *clean = eg_fmt_clean(l != NULL ? l->why : "", false);

			fprintf(w->o->out, "%s device %s: reachable -> unreachable: %s\n", when,
				name, clean);
			free(clean);
		}
	}
	for (i = 0; i < w->ndevs; i++)
		free(w->devs[i].name);
	free(w->devs);
	w->devs = devs;
	w->ndevs = ndevs;
}

static void
watch_metrics(struct watch *w, const struct eg_report *rep, const struct eg_state *st,
	      double duration_s)
{
	struct eg_metrics_device *md;
	struct eg_metrics_run m;
	size_t i;

	if (w->o->metrics_path == NULL)
		return;
	md = eg_xcalloc(w->ndevs ? w->ndevs : 1, sizeof(*md));
	for (i = 0; i < w->ndevs; i++) {
		md[i].name = w->devs[i].name;
		md[i].up = w->devs[i].up;
	}
	memset(&m, 0, sizeof(m));
	m.rep = rep;
	m.st = st;
	m.devices = md;
	m.ndevices = w->ndevs;
	m.duration_s = duration_s;
	m.runs = w->runs;
	(void)eg_metrics_write(w->o->metrics_path, &m);	/* logged; tried again next run */
	free(md);
}

/* One run: plan, collect over the kept sessions, check, tell what changed. */
static eg_err
watch_run_once(struct watch *w)
{
	const struct eg_watch_opts *o = w->o;
	struct eg_collect_opts co = o->collect;
	struct eg_state *st = NULL;
	struct eg_report *rep = NULL;
	struct eg_check_ctx ctx;
	struct timeval t0;
	char when[32];
	double start = watch_now_s(), took;
	eg_err err;

	gettimeofday(&t0, NULL);
	eg_fmt_time(t0.tv_sec, when, sizeof(when));
	err = eg_plan_build(w->in, o->devices, o->ndevices, &st);
	if (err != EG_OK)
		goto cleanup;
	co.keep = w->keep;
	co.snapshot_dir = NULL;
	err = eg_collect_live(w->in, st, &co);
	if (err != EG_OK)
		goto cleanup;
	rep = eg_report_new();
	free(rep->tool_version);
	rep->tool_version = eg_xstrdup(EG_VERSION);
	rep->intent_source = eg_xstrdup(w->in->source);
	rep->mode = eg_xstrdup("live");
	rep->started_at = t0.tv_sec;
	memset(&ctx, 0, sizeof(ctx));
	ctx.devices = o->ndevices ? o->devices : NULL;
	ctx.ndevices = o->ndevices;
	err = eg_checks_run(w->in, st, &ctx, rep);
	if (err != EG_OK)
		goto cleanup;
	took = watch_now_s() - start;
	rep->duration_ms = (uint32_t)(took * 1000);
	w->runs++;
	watch_devices(w, st, when, w->prev != NULL);
	if (w->prev == NULL)
		err = o->rend->render(rep, &o->ropts, o->out);
	else
		watch_changes(w, rep, when);
	if (err == EG_OK)
		err = eg_render_finish(o->out);
	watch_metrics(w, rep, st, took);
	eg_report_free(w->prev);
	w->prev = rep;
	rep = NULL;
cleanup:
	eg_report_free(rep);
	eg_state_free(st);
	return err;
}

/* SIGHUP: the intent read again; kept only when it loads. */
static void
watch_reload(struct watch *w)
{
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	eg_err err;

	err = w->o->intent_path ? eg_intent_load(w->o->intent_path, &in) : eg_intent_default(&in);
	if (err == EG_OK)	/* --device must still name its devices */
		err = eg_plan_build(in, w->o->devices, w->o->ndevices, &st);
	eg_state_free(st);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, w->o->intent_path, "intent not reloaded, the one in use "
		       "kept: %s", eg_strerror(err));
		eg_intent_free(in);
		return;
	}
	eg_log(EG_LOG_WARN, NULL, "intent reloaded from %s; sessions reopened", in->source);
	eg_collect_keep_free(w->keep);	/* devices may have moved: reopen under the new one */
	w->keep = eg_collect_keep_new(w->o->interval_s, WATCH_BACKOFF_CAP_S);
	eg_intent_free(w->in);
	w->in = in;
}

/*
 * Wait until deadline (watch_now_s) for a signal of set: the signal, or
 * 0 when the time is up.
 */
static int
watch_wait(const sigset_t *set, double deadline)
{
	for (;;) {
		double left = deadline - watch_now_s();
		struct timespec ts;
		int sig;

		if (left < 0)
			left = 0;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		sig = sigtimedwait(set, NULL, &ts);
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			return 0;
		if (errno != EINTR)
			return 0;
	}
}

eg_err
eg_watch_run(struct eg_intent **in, const struct eg_watch_opts *o)
{
	struct eg_watch_opts oo = *o;
	struct watch w;
	sigset_t set, old;
	double next;
	eg_err err = EG_OK;
	size_t i;
	int sig;

	if (oo.interval_s == 0)
		oo.interval_s = WATCH_INTERVAL_DEFAULT_S;
	memset(&w, 0, sizeof(w));
	w.o = &oo;
	w.in = *in;
	w.keep = eg_collect_keep_new(oo.interval_s, WATCH_BACKOFF_CAP_S);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	/* blocked here, so in every thread the collector starts: only sigtimedwait takes them */
	pthread_sigmask(SIG_BLOCK, &set, &old);
	for (;;) {
		next = watch_now_s() + oo.interval_s;
		err = watch_run_once(&w);
		if (err != EG_OK)
			break;
		sig = watch_wait(&set, next);
		if (sig == SIGTERM || sig == SIGINT) {
			eg_log(EG_LOG_INFO, NULL, "%s: closing the sessions", strsignal(sig));
			break;
		}
		if (sig == SIGHUP)
			watch_reload(&w);
	}
	eg_collect_keep_free(w.keep);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	eg_report_free(w.prev);
	for (i = 0; i < w.ndevs; i++)
		free(w.devs[i].name);
	free(w.devs);
	*in = w.in;
	return err;
}
