/*
 * collect.c - query live devices over NETCONF and fill the observations.
 *
 * One session per device for the whole run, its RPCs sent ahead of their
 * replies (pipelined) and the replies read in order; devices are worked on by a
 * bounded pool of threads, each thread owning one device at a time, so no
 * observation is touched by two threads.  Every reply streams from the
 * session's reply reader into the Junos parsers (and, for snapshots, into
 * a file at the same time); none is held whole.  A device that fails
 * leaves all of its remaining observations failed with the session's
 * reason, so every check that needs them says "unknown" and why.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "junos.h"
#include "nc.h"
#include "query.h"
#include "snapshot.h"
#include "util.h"

#define COLLECT_PARALLEL_DEFAULT 16
/* RPC bytes sent ahead of their replies at most (a plan's RPCs are far fewer). */
#define COLLECT_PIPELINE_BYTES (64u * 1024)
/* Set (not "0"): send each RPC only once the previous reply is read. */
#define COLLECT_NO_PIPELINE_ENV "ERGUARD_NO_PIPELINE"

struct collect_device {
	const struct eg_intent_device *dev;
	struct eg_obs **obs;		/* this device's observations, plan order */
	size_t nobs;
	struct eg_collect_link *link;	/* its kept session (opts->keep), or NULL */
};

struct collect_run {
	const struct eg_collect_opts *opts;
	struct collect_device *devs;
	size_t ndevs;
	size_t next;			/* next device to take, under lock */
	bool pipeline;			/* send a device's RPCs ahead of their replies */
	pthread_mutex_t lock;
};

/* The reply reader, teeing every byte into a snapshot file when asked. */
struct collect_tee {
	struct eg_nc_session *s;
	FILE *f;
	bool write_failed;
};

static int
collect_tee_read(void *ctx, char *buf, int len)
{
	struct collect_tee *t = ctx;
	int n = eg_nc_reply_read(t->s, buf, len);

	if (n > 0 && t->f != NULL && !t->write_failed &&
	    fwrite(buf, 1, (size_t)n, t->f) != (size_t)n)
		t->write_failed = true;
	return n;
}

/* Fail every observation of d from index i on with the same reason. */
static void
collect_fail_rest(struct collect_device *d, size_t i, eg_err err, const char *why)
{
	for (; i < d->nobs; i++) {
		eg_obs_clear_data(d->obs[i]);
		eg_obs_fail(d->obs[i], err, "%s", why);
	}
}

void
eg_collect_nc_opts(const struct eg_intent_device *dev, const struct eg_collect_opts *co,
		   struct eg_nc_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->device = dev->name;
	o->kind = dev->transport == EG_TRANSPORT_EXEC ? EG_NC_EXEC : EG_NC_SSH;
	o->host = dev->host ? dev->host : dev->name;
	o->port = dev->port;
	o->user = dev->user;
	o->exec_command = dev->exec_command;
	o->identity_file = dev->identity_file;
	o->known_hosts = dev->known_hosts;
	o->ssh_config = co->ssh_config;
	o->password_env = dev->password_env;
	o->accept_new_hostkey = co->accept_new_hostkeys || !dev->strict_host_key;
	o->no_prompt = !isatty(STDIN_FILENO);
	o->rpc_timeout_ms = co->rpc_timeout_s ? co->rpc_timeout_s * 1000u : 0;
	o->session_timeout_ms = co->session_timeout_s ? co->session_timeout_s * 1000u : 0;
	o->max_reply_bytes = co->max_reply_bytes;
}

/* Open the snapshot file for o's reply, or NULL (logged) when it cannot be. */
static FILE *
collect_snapshot_open(const char *dir, const struct eg_obs *o, char **path)
{
	FILE *f;

	*path = NULL;
	if (dir == NULL)
		return NULL;
	f = eg_snapshot_create(dir, &o->q, path);
	if (f == NULL)
		eg_log(EG_LOG_ERROR, o->q.device, "cannot write %s: %s", *path ? *path : dir,
		       strerror(errno));
	return f;
}

/*
 * Send the RPC of one query without waiting for its reply; *asked says
 * whether one went out.  False when the session is dead.
 */
static bool
collect_send(struct eg_nc_session *s, struct eg_obs *o, bool *asked, size_t *len)
{
	char *body = eg_junos_rpc(&o->q);
	eg_err err;

	*asked = false;
	*len = 0;
	if (body == NULL) {
		/* the plan made a query of no kind: a bug, not the device's fault */
		eg_obs_fail(o, EG_EINTERNAL, "%s: no RPC for a query of kind %d", o->q.device,
			    (int)o->q.kind);
		return true;
	}
	*len = strlen(body);
	err = eg_nc_session_send(s, body);
	free(body);
	if (err != EG_OK)
		return false;
	*asked = true;
	return true;
}

/*
 * Read the reply of one query sent earlier, streaming it into the Junos
 * parser (and the snapshot file); false when the session is dead.
 */
static bool
collect_read(struct eg_nc_session *s, const struct eg_collect_opts *co, struct eg_obs *o)
{
	struct collect_tee tee = { s, NULL, false };
	char *path = NULL;
	eg_err err;
	bool alive = true, parsed_whole;

	err = eg_nc_session_next(s);
	if (err != EG_OK) {
		eg_obs_fail(o, err, "%s", eg_nc_session_why(s));
		return false;
	}
	tee.f = collect_snapshot_open(co->snapshot_dir, o, &path);
	eg_junos_parse_io(collect_tee_read, &tee, o->q.device, o);
	parsed_whole = eg_nc_session_err(s) == EG_OK;
	if (parsed_whole)
		eg_nc_reply_finish(s);
	if (eg_nc_session_err(s) != EG_OK && parsed_whole && o->status == EG_EPARSE &&
	    o->why != NULL) {
		/*
		 * The reply was refused first (a list past its cap, say), then
		 * the rest of it could not be read past: the refusal is the cause.
		 */
		char *why = eg_xstrdup(o->why);

		eg_obs_clear_data(o);
		eg_obs_fail(o, EG_EPARSE, "%s; the rest of the reply then failed: %s", why,
			    eg_nc_session_why(s));
		free(why);
		alive = false;
	} else if (eg_nc_session_err(s) != EG_OK) {
		/* The transport failed under the parser: that, not the XML, is the cause. */
		eg_obs_clear_data(o);
		eg_obs_fail(o, eg_nc_session_err(s), "%s", eg_nc_session_why(s));
		alive = false;
	}
	eg_log(EG_LOG_DEBUG, o->q.device, "%s: %s (%llu bytes)", eg_qkind_name(o->q.kind),
	       eg_strerror(o->status), (unsigned long long)eg_nc_session_reply_bytes(s));
	if (tee.f != NULL) {
		if (fclose(tee.f) != 0)
			tee.write_failed = true;
		if (!alive || tee.write_failed) {
			if (tee.write_failed)
				eg_log(EG_LOG_ERROR, o->q.device, "could not save %s", path);
			unlink(path);
		}
	}
	free(path);
	return alive;
}

/*
 * The session died with replies still owed: observation `from` on gets
 * the session's reason, the ones whose RPCs were sent saying so.
 */
static void
collect_fail_pending(struct collect_device *d, struct eg_nc_session *s, size_t from, size_t sent)
{
	size_t i;

	for (i = from; i < d->nobs; i++) {
		eg_obs_clear_data(d->obs[i]);
		if (i < sent)
			eg_obs_fail(d->obs[i], eg_nc_session_err(s), "%s (the reply to this RPC, "
				    "sent ahead, never came)", eg_nc_session_why(s));
		else
			eg_obs_fail(d->obs[i], eg_nc_session_err(s), "%s", eg_nc_session_why(s));
	}
}

/*
 * Ask every query of d on an open session.  Pipelined (the default): all
 * RPCs go out at once, as long as the RPCs in flight stay under
 * COLLECT_PIPELINE_BYTES, and the replies are read in order, each
 * streaming into its own parser; a reply that is an rpc-error judges only
 * its own query.  One at a time when run->pipeline is off.
 */
static void
collect_ask_all(struct collect_run *run, struct collect_device *d, struct eg_nc_session *s)
{
	bool *asked = eg_xcalloc(d->nobs ? d->nobs : 1, sizeof(*asked));
	size_t *len = eg_xcalloc(d->nobs ? d->nobs : 1, sizeof(*len));
	size_t window = run->pipeline ? d->nobs : 1, sent = 0, flight = 0, i;

	for (i = 0; i < d->nobs; i++) {
		while (sent < d->nobs && sent < i + window &&
		       (sent == i || flight < COLLECT_PIPELINE_BYTES)) {
			if (!collect_send(s, d->obs[sent], &asked[sent], &len[sent])) {
				eg_log(EG_LOG_ERROR, NULL, "%s", eg_nc_session_why(s));
				collect_fail_pending(d, s, i, sent);
				goto cleanup;
			}
			flight += len[sent++];
		}
		flight -= len[i];
		if (!asked[i])
			continue;
		if (!collect_read(s, run->opts, d->obs[i])) {
			eg_log(EG_LOG_ERROR, NULL, "%s", d->obs[i]->why);
			collect_fail_pending(d, s, i + 1, sent);
			goto cleanup;
		}
		if (d->obs[i]->status == EG_ERPC || d->obs[i]->status == EG_EPARSE)
			eg_log(EG_LOG_ERROR, NULL, "%s", d->obs[i]->why);
	}
cleanup:
	free(asked);
	free(len);
}

/* The delay before the next attempt after n failed ones in a row. */
static int64_t
collect_backoff_ms(const struct eg_collect_keep *k, unsigned n)
{
	uint64_t ms = (uint64_t)(k->base_s ? k->base_s : 1) * 1000u;
	uint64_t cap = (uint64_t)(k->cap_s > k->base_s ? k->cap_s : k->base_s) * 1000u;

	while (n-- > 1 && ms < cap)
		ms *= 2;
	return (int64_t)(ms < cap ? ms : cap);
}

/* The device is down for the reason in why/err: note when to try again. */
static void
collect_link_down(struct eg_collect_keep *k, struct eg_collect_link *l, eg_err err,
		  const char *why, bool open_failed)
{
	l->up = false;
	l->err = err;
	snprintf(l->why, sizeof(l->why), "%s", why);
	if (open_failed) {
		l->failures++;
		l->retry_at_ms = eg_nc_now_ms() + collect_backoff_ms(k, l->failures);
	} else {
		/* a session that was working is reopened at the next run at once */
		l->failures = 0;
		l->retry_at_ms = 0;
	}
}

/* Open l's session; false (the device down, d's observations failed) when it cannot be. */
static bool
collect_keep_open(struct collect_run *run, struct collect_device *d, struct eg_collect_link *l)
{
	struct eg_nc_opts o;
	struct eg_nc_diag why;
	eg_err err;

	eg_collect_nc_opts(d->dev, run->opts, &o);
	err = eg_nc_session_open(&o, &l->s, &why);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "%s", why.msg);
		collect_link_down(run->opts->keep, l, err, why.msg, true);
		collect_fail_rest(d, 0, err, why.msg);
		return false;
	}
	eg_log(EG_LOG_INFO, d->dev->name, "session %u open (%s framing)", eg_nc_session_id(l->s),
	       eg_nc_session_chunked(l->s) ? "chunked" : "end-of-message");
	return true;
}

/*
 * One run of d over its kept session: reopened when it is gone and its
 * backoff has passed, else every observation fails with the last reason.
 * A kept session found dead before the first byte of a reply (the device
 * or something between ended it while it was idle) is reopened at once
 * and asked again, so an idle session's end is no outage.
 */
static void
collect_device_keep(struct collect_run *run, struct collect_device *d)
{
	struct eg_collect_link *l = d->link;
	int64_t now = eg_nc_now_ms();
	bool kept = l->s != NULL;
	size_t i;

	if (l->s == NULL && now < l->retry_at_ms) {
		char msg[640];

		snprintf(msg, sizeof(msg), "%s (unreachable; next attempt in %lld s)", l->why,
			 (long long)((l->retry_at_ms - now + 999) / 1000));
		collect_fail_rest(d, 0, l->err, msg);
		return;
	}
	if (l->s == NULL && !collect_keep_open(run, d, l))
		return;
	if (kept)
		eg_nc_session_renew(l->s);
	collect_ask_all(run, d, l->s);
	if (kept && d->nobs > 0 && eg_nc_session_err(l->s) != EG_OK &&
	    d->obs[0]->status == eg_nc_session_err(l->s) && eg_nc_session_reply_bytes(l->s) == 0) {
		eg_log(EG_LOG_INFO, NULL, "%s; reopening", eg_nc_session_why(l->s));
		eg_nc_session_free(l->s);
		l->s = NULL;
		for (i = 0; i < d->nobs; i++) {
			eg_obs_clear_data(d->obs[i]);
			d->obs[i]->status = EG_ENOTFOUND;
		}
		if (!collect_keep_open(run, d, l))
			return;
		collect_ask_all(run, d, l->s);
	}
	if (eg_nc_session_err(l->s) != EG_OK) {
		collect_link_down(run->opts->keep, l, eg_nc_session_err(l->s),
				  eg_nc_session_why(l->s), false);
		eg_nc_session_free(l->s);
		l->s = NULL;
		return;
	}
	l->up = true;
	l->failures = 0;
	l->err = EG_OK;
	l->why[0] = '\0';
}

static void
collect_device_run(struct collect_run *run, struct collect_device *d)
{
	struct eg_nc_session *s = NULL;
	struct eg_nc_opts o;
	struct eg_nc_diag why;
	eg_err err;

	if (d->dev == NULL) {
		collect_fail_rest(d, 0, EG_EINVAL, "device is not in the intent");
		return;
	}
	if (d->link != NULL) {
		collect_device_keep(run, d);
		return;
	}
	eg_collect_nc_opts(d->dev, run->opts, &o);
	err = eg_nc_session_open(&o, &s, &why);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "%s", why.msg);
		collect_fail_rest(d, 0, err, why.msg);
		return;
	}
	eg_log(EG_LOG_INFO, d->dev->name, "session %u open (%s framing)",
	       eg_nc_session_id(s), eg_nc_session_chunked(s) ? "chunked" : "end-of-message");
	collect_ask_all(run, d, s);
	if (eg_nc_session_err(s) != EG_OK) {
		eg_nc_session_free(s);
		return;
	}
	err = eg_nc_session_close(s);
	if (err != EG_OK)
		eg_log(EG_LOG_WARN, d->dev->name, "close-session: %s", eg_strerror(err));
}

static void *
collect_worker(void *arg)
{
	struct collect_run *run = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&run->lock);
		i = run->next++;
		pthread_mutex_unlock(&run->lock);
		if (i >= run->ndevs)
			return NULL;
		collect_device_run(run, &run->devs[i]);
	}
}

/* Pipelining is on unless ERGUARD_NO_PIPELINE is set to something other than "0". */
static bool
collect_pipeline_wanted(void)
{
	const char *v = getenv(COLLECT_NO_PIPELINE_ENV);

	return v == NULL || v[0] == '\0' || strcmp(v, "0") == 0;
}

/* Group st's observations by device, in first-seen order. */
static eg_err
collect_group(const struct eg_intent *in, struct eg_state *st, struct collect_run *run)
{
	size_t i, j;

	run->devs = eg_xcalloc(st->nobs ? st->nobs : 1, sizeof(*run->devs));
	for (i = 0; i < st->nobs; i++) {
		struct eg_obs *o = &st->obs[i];
		struct collect_device *d = NULL;
		for (j = 0; j < run->ndevs; j++)
			if (strcmp(run->devs[j].obs[0]->q.device, o->q.device) == 0)
				d = &run->devs[j];
		if (d == NULL) {
			d = &run->devs[run->ndevs++];
			d->dev = eg_intent_device(in, o->q.device);
			d->obs = eg_xcalloc(st->nobs, sizeof(*d->obs));
		}
		d->obs[d->nobs++] = o;
	}
	return EG_OK;
}

/* The link of device in k, made when there is none. */
static struct eg_collect_link *
collect_keep_link(struct eg_collect_keep *k, const char *device)
{
	struct eg_collect_link *l;
	size_t i;

	for (i = 0; i < k->nlinks; i++)
		if (strcmp(k->links[i].device, device) == 0)
			return &k->links[i];
	l = eg_append((void **)&k->links, &k->nlinks, &k->cap, sizeof(*k->links));
	memset(l, 0, sizeof(*l));
	l->device = eg_xstrdup(device);
	return l;
}

struct eg_collect_keep *
eg_collect_keep_new(unsigned base_s, unsigned cap_s)
{
	struct eg_collect_keep *k = eg_xcalloc(1, sizeof(*k));

	k->base_s = base_s;
	k->cap_s = cap_s;
	return k;
}

void
eg_collect_keep_free(struct eg_collect_keep *k)
{
	size_t i;
	eg_err err;

	if (k == NULL)
		return;
	for (i = 0; i < k->nlinks; i++) {
		if (k->links[i].s != NULL) {
			err = eg_nc_session_close(k->links[i].s);
			if (err != EG_OK)
				eg_log(EG_LOG_WARN, k->links[i].device, "close-session: %s",
				       eg_strerror(err));
		}
		free(k->links[i].device);
	}
	free(k->links);
	free(k);
}

const struct eg_collect_link *
eg_collect_keep_find(const struct eg_collect_keep *k, const char *device)
{
	size_t i;

	for (i = 0; k != NULL && i < k->nlinks; i++)
		if (strcmp(k->links[i].device, device) == 0)
			return &k->links[i];
	return NULL;
}

eg_err
eg_collect_live(const struct eg_intent *in, struct eg_state *st,
		const struct eg_collect_opts *opts)
{
	struct collect_run run;
	pthread_t *threads = NULL;
	size_t nthreads, i, started = 0;
	eg_err err;

	memset(&run, 0, sizeof(run));
	run.opts = opts;
	run.pipeline = collect_pipeline_wanted();
	pthread_mutex_init(&run.lock, NULL);
	eg_junos_init();
	err = collect_group(in, st, &run);
	if (err != EG_OK)
		goto cleanup;
	/* Passwords leave the environment before any child could inherit them. */
	for (i = 0; i < run.ndevs; i++)
		if (run.devs[i].dev != NULL)
			eg_nc_password_take(run.devs[i].dev->password_env);
	/*
	 * Kept sessions: every device's link exists before the threads start
	 * (made first, then pointed at: making one may move the others).
	 */
	for (i = 0; opts->keep != NULL && i < run.ndevs; i++)
		collect_keep_link(opts->keep, run.devs[i].obs[0]->q.device);
	for (i = 0; opts->keep != NULL && i < run.ndevs; i++)
		run.devs[i].link = collect_keep_link(opts->keep, run.devs[i].obs[0]->q.device);
	nthreads = opts->parallel ? opts->parallel : COLLECT_PARALLEL_DEFAULT;
	if (nthreads > run.ndevs)
		nthreads = run.ndevs;
	threads = eg_xcalloc(nthreads ? nthreads : 1, sizeof(*threads));
	for (i = 0; i < nthreads; i++) {
		if (pthread_create(&threads[i], NULL, collect_worker, &run) != 0)
			break;
		started++;
	}
	if (started == 0 && run.ndevs > 0)
		collect_worker(&run);	/* no thread could start: do the work here */
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
cleanup:
	for (i = 0; i < run.ndevs; i++)
		free(run.devs[i].obs);
	free(run.devs);
	free(threads);
	pthread_mutex_destroy(&run.lock);
	return err;
}
