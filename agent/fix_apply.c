/*
 * fix_apply.c - read each device's running configuration for a fix
 * plan, and apply one device's change as a guarded transaction.
 *
 * The transaction uses the shared candidate under the exclusive lock
 * (<lock-configuration/>), not a private copy: Junos refuses a confirmed
 * commit on a private copy, and the exclusive lock is refused while
 * someone else's uncommitted edits sit in the candidate, so nothing but
 * erguard's lines is ever committed.  Steps: lock, load the set lines,
 * commit check, commit confirmed N minutes with a log naming erguard,
 * the checks and the intent, re-run those checks against the live
 * devices until they pass or the settle time is up, then confirm with a
 * plain commit or at once load rollback 1 and commit.  Every path that
 * took the lock unlocks (and a session that ends releases it too).  If
 * the session is lost after the confirmed commit, the device rolls the
 * change back by itself when the confirmation time runs out.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cfg_txn.h"
#include "checks.h"
#include "fix.h"
#include "junos.h"
#include "nc.h"
#include "plan.h"
#include "report.h"
#include "util.h"

#define FIX_RECHECK_PAUSE_MS 2000

/*
 * The committed configuration of the owned hierarchies, in set form, as
 * Junos applies it: with inherit="inherit" a statement a configuration
 * group supplies through apply-groups is shown where it takes effect, so
 * a value the design needs that comes from a group counts as present and
 * is not written again locally.
 */
static eg_err
fix_read_config(struct eg_nc_session *s, const struct eg_intent *in, const char *dev,
		char **text, char **why)
{
	struct eg_cfg_reply r;
	char *body = eg_xstrdup("<get-configuration database=\"committed\" format=\"set\" "
				"inherit=\"inherit\">"
				"<configuration><routing-instances>"), *t;
	size_t i;
	eg_err err;

	for (i = 0; i < in->nservices; i++) {
		char *name = eg_xml_escape(in->services[i].instance, 0);

		t = eg_xasprintf("%s<instance><name>%s</name></instance>", body, name);
		free(body);
		free(name);
		body = t;
	}
	t = eg_xasprintf("%s</routing-instances><policy-options/></configuration>"
			 "</get-configuration>", body);
	free(body);
	body = t;
	err = eg_cfg_rpc(s, dev, body, &r, why);
	free(body);
	if (err == EG_OK) {
		*text = eg_cfg_reply_text(&r, "configuration-set");
		if (*text == NULL) {
			*why = eg_xasprintf("%s: the reply holds no <configuration-set>", dev);
			err = EG_EPARSE;
		}
	}
	free(r.buf);
	return err;
}

eg_err
eg_fix_plan_live(const struct eg_intent *in, const char *const *devices, size_t ndevices,
		 const struct eg_fix_opts *o, struct eg_fix_plan *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->devs = eg_xcalloc(in->ndevices ? in->ndevices : 1, sizeof(*out->devs));
	for (i = 0; i < in->ndevices; i++) {
		const char *dev = in->devices[i].name;
		struct eg_fix_device *d = &out->devs[out->ndevs];
		struct eg_nc_session *s = NULL;
		char *why = NULL, *text = NULL;
		eg_err err;

		if (!eg_plan_selected(dev, devices, ndevices))
			continue;
		err = eg_cfg_open(in, dev, &o->collect, 0, &s, &why);
		if (err == EG_OK)
			err = fix_read_config(s, in, dev, &text, &why);
		if (err == EG_OK) {
			eg_fix_device_plan(in, dev, text, d);
		} else {
			memset(d, 0, sizeof(*d));
			d->device = eg_xstrdup(dev);
			d->status = err;
			d->why = why;
			d->compare = eg_xstrdup("");
			why = NULL;
			eg_log(EG_LOG_ERROR, NULL, "%s", d->why);
		}
		out->ndevs++;
		free(text);
		free(why);
		if (s != NULL)
			eg_nc_session_close(s);
	}
	return EG_OK;
}

/* ---------------------------------------------------------------- re-check */

/* Is a finding of check id on device dev one a later device's change repairs? */
static bool
fix_later_repairs(const struct eg_fix_opts *o, const char *id, const char *dev)
{
	size_t i, j;

	if (dev == NULL)
		return false;
	for (i = 0; i < o->nlater; i++) {
		if (strcmp(o->later[i]->device, dev) != 0)
			continue;
		for (j = 0; j < o->later[i]->nchecks; j++)
			if (strcmp(o->later[i]->checks[j], id) == 0)
				return true;
	}
	return false;
}

/* Does result res still fail, apart from what later devices will repair? */
static bool
fix_result_fails(const struct eg_fix_opts *o, const struct eg_result *res)
{
	size_t i;

	if (res->status == EG_ST_PASS || res->status == EG_ST_SKIPPED)
		return false;
	if (res->nfindings == 0)
		return true;
	for (i = 0; i < res->nfindings; i++) {
		const struct eg_finding *f = &res->findings[i];

		if (f->status != EG_ST_PASS && !fix_later_repairs(o, res->check_id, f->device))
			return true;
	}
	return false;
}

/*
 * Run d's checks against the live devices once.  True when every result
 * of them passes (or is skipped); *seen gets the ones that did not.
 */
static bool
fix_recheck_once(const struct eg_intent *in, const struct eg_fix_device *d,
		 const struct eg_fix_opts *o, char **seen)
{
	struct eg_report *rep = NULL;
	bool ok = true;
	size_t i;

	*seen = NULL;
	if (eg_cfg_check_live(in, &o->collect, (const char *const *)d->checks, d->nchecks,
			      &rep) != EG_OK) {
		eg_cfg_say(seen, "the checks could not run");
		ok = false;
	}
	for (i = 0; rep != NULL && i < rep->nresults; i++) {
		const struct eg_result *res = &rep->results[i];

		if (!fix_result_fails(o, res))
			continue;
		ok = false;
		eg_cfg_say(seen, "%s %s: %s", res->check_id, eg_status_name(res->status),
			   res->nfindings && res->findings[0].message ? res->findings[0].message
			   : res->reason ? res->reason : "");
	}
	eg_report_free(rep);
	return ok;
}

/* A monotonic clock in microseconds, for the phase times. */
static int64_t
fix_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Add the time since t0 to phase ph of d; returns now, the next phase's start. */
static int64_t
fix_phase(struct eg_fix_device *d, enum eg_fix_phase ph, int64_t t0)
{
	int64_t now = fix_now_us();

	d->phase_us[ph] += now - t0;
	d->phases |= 1u << ph;
	return now;
}

static void
fix_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/*
 * Re-check until every check passes or settle_s is up; *seen what the
 * last run saw.  The runs count as d's RECHECK phase, the pauses as SETTLE.
 */
static bool
fix_recheck(const struct eg_intent *in, struct eg_fix_device *d,
	    const struct eg_fix_opts *o, char **seen)
{
	int64_t end = eg_nc_now_ms() + (int64_t)o->settle_seconds * 1000;
	int64_t t = fix_now_us();
	bool ok;

	for (;;) {
		free(*seen);
		ok = fix_recheck_once(in, d, o, seen);
		t = fix_phase(d, EG_FIX_PH_RECHECK, t);
		if (ok)
			return true;
		if (eg_nc_now_ms() + FIX_RECHECK_PAUSE_MS > end)
			return false;
		fix_sleep_ms(FIX_RECHECK_PAUSE_MS);
		t = fix_phase(d, EG_FIX_PH_SETTLE, t);
	}
}

/* ---------------------------------------------------------------- apply */

static char *
fix_join(char *const *v, size_t n, const char *sep)
{
	char *out = eg_xstrdup(""), *t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = eg_xasprintf("%s%s%s", out, i ? sep : "", v[i]);
		free(out);
		out = t;
	}
	return out;
}

/*
 * The candidate's "show | compare" as the device prints it, appended to
 * *acc indented; returns how many lines it has (-1 when it could not be
 * read, which is said and does not stop the transaction).
 */
static int
fix_device_compare(struct eg_nc_session *s, const char *dev, char **acc, char **msg)
{
	struct eg_cfg_reply r;
	char *text = NULL;
	const char *p;
	int n = 0;

	if (eg_cfg_rpc(s, dev, "<get-configuration compare=\"rollback\" rollback=\"0\" "
		    "format=\"text\"/>", &r, msg) != EG_OK ||
	    (text = eg_cfg_reply_text(&r, "configuration-output")) == NULL) {
		eg_cfg_say(acc, "the device's compare could not be read: %s", *msg ? *msg : "no output");
		free(r.buf);
		return -1;
	}
	eg_cfg_say(acc, "the device's show | compare:");
	for (p = text; *p != '\0';) {
		size_t len = strcspn(p, "\n");

		if (strspn(p, " \t") < len) {
			eg_cfg_say(acc, "  %.*s", (int)len, p);
			n++;
		}
		p += len + (p[len] == '\n');
	}
	free(text);
	free(r.buf);
	return n;
}

/* Put the candidate back and give the lock up, timed as d's UNLOCK phase. */
static void
fix_release(struct eg_nc_session *s, struct eg_fix_device *d, bool discard)
{
	int64_t t = fix_now_us();

	eg_cfg_release(s, d->device, discard, &d->account);
	fix_phase(d, EG_FIX_PH_UNLOCK, t);
}

eg_err
eg_fix_apply_device(const struct eg_intent *in, struct eg_fix_device *d,
		    const struct eg_fix_opts *o, enum eg_fix_outcome *outcome)
{
	struct eg_nc_session *s = NULL;
	char *msg = NULL, *lines = NULL, *elines = NULL, *checks = NULL, *log = NULL;
	char *body = NULL, *seen = NULL;
	unsigned session_s = o->confirm_minutes * 60u + o->settle_seconds + 600u;
	int64_t start, t;
	eg_err err;

	*outcome = EG_FIX_NOTHING;
	if (d->nlines == 0)
		return EG_OK;
	memset(d->phase_us, 0, sizeof(d->phase_us));
	d->phases = 0;
	start = t = fix_now_us();
	err = eg_cfg_open(in, d->device, &o->collect, session_s, &s, &msg);
	t = fix_phase(d, EG_FIX_PH_OPEN, t);
	if (err != EG_OK) {
		eg_cfg_say(&d->account, "not reached: %s", msg);
		*outcome = EG_FIX_UNREACHED;
		goto done;
	}
	/* 1. the exclusive lock: any refusal is someone else's lock or edits */
	err = eg_cfg_rpc_ok(s, d->device, "<lock-configuration/>", &msg);
	t = fix_phase(d, EG_FIX_PH_LOCK, t);
	if (err != EG_OK) {
		eg_cfg_say(&d->account, "lock refused: %s", msg);
		*outcome = err == EG_ERPC ? EG_FIX_LOCKED : EG_FIX_LOST;
		err = err == EG_ERPC ? EG_ELOCKED : err;
		goto done;
	}
	eg_cfg_say(&d->account, "locked the candidate configuration (exclusive)");
	/* 2. load */
	lines = fix_join(d->lines, d->nlines, "\n");
	elines = eg_xml_escape(lines, 0);
	body = eg_xasprintf("<load-configuration action=\"set\" format=\"text\">"
			    "<configuration-set>%s\n</configuration-set></load-configuration>",
			    elines);
	free(msg);
	t = fix_now_us();
	err = eg_cfg_rpc_ok(s, d->device, body, &msg);
	t = fix_phase(d, EG_FIX_PH_LOAD, t);
	if (err != EG_OK) {
		eg_cfg_say(&d->account, "load refused, nothing committed: %s", msg);
		*outcome = EG_FIX_REJECTED;
		fix_release(s, d, true);
		goto done;
	}
	eg_cfg_say(&d->account, "loaded %zu line%s", d->nlines, d->nlines == 1 ? "" : "s");
	/* what the device itself says the candidate changes: nothing means nothing to commit */
	free(msg);
	msg = NULL;
	if (fix_device_compare(s, d->device, &d->account, &msg) == 0) {
		fix_phase(d, EG_FIX_PH_COMPARE, t);
		eg_cfg_say(&d->account, "the device sees no change: nothing committed");
		*outcome = EG_FIX_NOTHING;
		err = EG_OK;
		fix_release(s, d, true);
		goto done;
	}
	/* 3. commit check */
	t = fix_phase(d, EG_FIX_PH_COMPARE, t);
	free(msg);
	err = eg_cfg_rpc_ok(s, d->device, "<commit-configuration><check/></commit-configuration>",
			 &msg);
	t = fix_phase(d, EG_FIX_PH_CHECK, t);
	if (err != EG_OK) {
		eg_cfg_say(&d->account, "commit check failed, nothing committed: %s", msg);
		*outcome = EG_FIX_REJECTED;
		fix_release(s, d, true);
		goto done;
	}
	eg_cfg_say(&d->account, "commit check passed");
	/* 4. commit confirmed */
	checks = fix_join(d->checks, d->nchecks, " ");
	log = eg_xasprintf("erguard fix: repairs %s (intent %s)", checks,
			   o->intent_source ? o->intent_source : "(built-in)");
	free(msg);
	t = fix_now_us();
	err = eg_cfg_commit(s, d->device, true, o->confirm_minutes, log, &msg);
	fix_phase(d, EG_FIX_PH_CONFIRMED, t);
	if (err != EG_OK) {
		if (eg_nc_session_err(s) != EG_OK) {
			eg_cfg_say(&d->account, "session lost during commit confirmed: %s; if the "
				"device committed, it rolls back by itself within %u minute%s",
				msg, o->confirm_minutes, o->confirm_minutes == 1 ? "" : "s");
			*outcome = EG_FIX_LOST;
		} else {
			eg_cfg_say(&d->account, "commit refused, nothing committed: %s", msg);
			*outcome = EG_FIX_REJECTED;
			fix_release(s, d, true);
		}
		goto done;
	}
	eg_cfg_say(&d->account, "committed confirmed %u minute%s: \"%s\"", o->confirm_minutes,
		o->confirm_minutes == 1 ? "" : "s", log);
	/* 5. re-check, bounded */
	if (fix_recheck(in, d, o, &seen)) {
		eg_cfg_say(&d->account, "re-check passed: %s", checks);
		free(msg);
		t = fix_now_us();
		err = eg_cfg_commit(s, d->device, false, 0, "erguard fix: confirmed", &msg);
		fix_phase(d, EG_FIX_PH_CONFIRM, t);
		if (err != EG_OK) {
			eg_cfg_say(&d->account, "confirming commit failed: %s; the device rolls the "
				"change back by itself within %u minute%s", msg, o->confirm_minutes,
				o->confirm_minutes == 1 ? "" : "s");
			*outcome = EG_FIX_LOST;
			goto done;
		}
		eg_cfg_say(&d->account, "confirmed");
		*outcome = EG_FIX_CONFIRMED;
		fix_release(s, d, false);
		goto done;
	}
	eg_cfg_say(&d->account, "re-check failed after %u s:", o->settle_seconds);
	eg_cfg_say(&d->account, "%.*s", seen ? (int)strcspn(seen, "") - 1 : 14,
		seen ? seen : "(nothing seen)");
	free(msg);
	t = fix_now_us();
	err = eg_cfg_rpc_ok(s, d->device, "<load-configuration rollback=\"1\"/>", &msg);
	if (err == EG_OK) {
		free(msg);
		err = eg_cfg_commit(s, d->device, false, 0, "erguard fix: rolled back, re-check failed",
				 &msg);
	}
	fix_phase(d, EG_FIX_PH_ROLLBACK, t);
	if (err != EG_OK) {
		eg_cfg_say(&d->account, "rollback failed: %s; the device rolls the change back by "
			"itself within %u minute%s", msg, o->confirm_minutes,
			o->confirm_minutes == 1 ? "" : "s");
		*outcome = EG_FIX_LOST;
		fix_release(s, d, true);
		goto done;
	}
	eg_cfg_say(&d->account, "rolled back (rollback 1, committed): the device is as it was");
	*outcome = EG_FIX_ROLLEDBACK;
	err = EG_OK;
	fix_release(s, d, false);
done:
	fix_phase(d, EG_FIX_PH_TOTAL, start);
	free(d->outcome);
	d->outcome = eg_xstrdup(eg_fix_outcome_name(*outcome));
	if (s != NULL && eg_nc_session_err(s) == EG_OK)
		eg_nc_session_close(s);
	else
		eg_nc_session_free(s);
	free(seen);
	free(body);
	free(log);
	free(checks);
	free(elines);
	free(lines);
	free(msg);
	return err;
}

const char *
eg_fix_phase_name(enum eg_fix_phase ph)
{
	switch (ph) {
	case EG_FIX_PH_OPEN:		return "open";
	case EG_FIX_PH_LOCK:		return "lock";
	case EG_FIX_PH_LOAD:		return "load";
	case EG_FIX_PH_COMPARE:		return "compare";
	case EG_FIX_PH_CHECK:		return "commit-check";
	case EG_FIX_PH_CONFIRMED:	return "commit-confirmed";
	case EG_FIX_PH_SETTLE:		return "settle";
	case EG_FIX_PH_RECHECK:		return "re-check";
	case EG_FIX_PH_CONFIRM:		return "confirm";
	case EG_FIX_PH_ROLLBACK:	return "rollback";
	case EG_FIX_PH_UNLOCK:		return "unlock";
	case EG_FIX_PH_TOTAL:		return "total";
	case EG_FIX_NPHASES:		break;
	}
	return "?";
}

const char *
eg_fix_outcome_name(enum eg_fix_outcome x)
{
	switch (x) {
	case EG_FIX_NOTHING:	return "nothing to change";
	case EG_FIX_CONFIRMED:	return "committed and confirmed";
	case EG_FIX_ROLLEDBACK:	return "rolled back: the re-check failed";
	case EG_FIX_LOCKED:	return "refused: the configuration is locked by someone else";
	case EG_FIX_REJECTED:	return "refused by the device: nothing committed";
	case EG_FIX_LOST:	return "session lost: the device rolls back by itself";
	case EG_FIX_UNREACHED:	return "not reached: nothing changed";
	case EG_FIX_SKIPPED:	return "not applied: an earlier device failed";
	}
	return "?";
}
