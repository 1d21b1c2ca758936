/*
 * cmd_fix.c - `erguard fix [--apply]`: the plan from the intent and the
 * failing checks, shown or asked about, then applied device by device.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg_txn.h"
#include "checks.h"
#include "cli.h"
#include "eg_err.h"
#include "fix.h"
#include "report.h"
#include "util.h"

/* The checks that fail (or cannot decide) on the devices now, into p->failing. */
static int
cmd_fix_failing(const struct eg_cli_opts *o, const struct eg_intent *in, struct eg_fix_plan *p)
{
	struct eg_report *rep = NULL;
	size_t i, j;
	eg_err err;

	err = eg_cfg_check_live(in, &o->collect, NULL, 0, &rep);
	for (i = 0; err == EG_OK && i < rep->nresults; i++) {
		const char *id = rep->results[i].check_id;
		bool seen = false;

		if (rep->results[i].status != EG_ST_FAIL && rep->results[i].status != EG_ST_UNKNOWN)
			continue;
		for (j = 0; j < rep->results[i].nfindings; j++) {
			const struct eg_finding *f = &rep->results[i].findings[j];
			size_t k;

			for (k = 0; f->status != EG_ST_PASS && f->device != NULL && k < p->ndevs; k++)
				p->devs[k].findings += strcmp(p->devs[k].device, f->device) == 0;
		}
		for (j = 0; j < p->nfailing && !seen; j++)
			seen = strcmp(p->failing[j], id) == 0;
		if (seen)
			continue;
		p->failing = eg_xrealloc(p->failing, (p->nfailing + 1) * sizeof(*p->failing));
		p->failing[p->nfailing++] = eg_xstrdup(id);
	}
	p->checked = err == EG_OK;
	eg_report_free(rep);
	if (err != EG_OK)
		eg_log(EG_LOG_ERROR, NULL, "fix: the checks could not run: %s", eg_strerror(err));
	return err == EG_OK ? 0 : -1;
}

/*
 * How many of device d's repaired checks fail now, then how many failing
 * findings name it: the failing side goes first.
 */
static size_t
cmd_fix_weight(const struct eg_fix_plan *p, const struct eg_fix_device *d)
{
	size_t i, j, n = 0;

	for (i = 0; i < d->nchecks; i++)
		for (j = 0; j < p->nfailing; j++)
			n += strcmp(d->checks[i], p->failing[j]) == 0;
	return n * 100000 + (d->findings < 100000 ? d->findings : 99999);
}

/* The step of an apply's account that went wrong: its last line but "unlocked". */
static const char *
cmd_fix_reason(const char *account)
{
	static char line[512];
	const char *p = account ? account : "", *best = "";
	size_t n, bestn = 0;

	for (; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (n > 0 && strncmp(p, "unlocked", n) != 0) {
			best = p;
			bestn = n;
		}
	}
	snprintf(line, sizeof(line), "%.*s", (int)bestn, best);
	return line;
}

/* On a terminal, show nothing more and ask once; true to go on. */
static bool
cmd_fix_ask(void)
{
	char line[16];

	fputs("Apply these changes (commit confirmed, re-check, confirm)? [y/N] ", stderr);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Exit status of an apply whose first failure was outcome x with error err. */
static int
cmd_fix_exit(enum eg_fix_outcome x, eg_err err)
{
	switch (x) {
	case EG_FIX_LOCKED:
	case EG_FIX_LOST:
	case EG_FIX_UNREACHED:
		return EG_EXIT_TRANSPORT;
	case EG_FIX_REJECTED:
		return EG_EXIT_RPC;
	case EG_FIX_ROLLEDBACK:
		return EG_EXIT_DEVIATION;
	default:
		return err == EG_OK ? EG_EXIT_OK : eg_exit_for(err);
	}
}

/*
 * fix: plan the minimal change that makes the owned configuration match
 * the intent, and with --apply make it, one device at a time.
 */
int
eg_cmd_fix(int argc, char **argv)
{
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	struct eg_fix_plan plan;
	struct eg_fix_opts fo;
	size_t i, j, *order = NULL, norder = 0, unread = 0;
	struct eg_fix_device **later = NULL;
	enum eg_fix_outcome first_bad = EG_FIX_NOTHING;
	eg_err err, bad_err = EG_OK;
	int status = EG_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	memset(&plan, 0, sizeof(plan));
	if (eg_cli_getopt(argc, argv, "fix", EG_CLI_OPTS_FIX, &o) < 0 ||
	    eg_cli_operands(argc, argv, "fix", 0) != 0)
		return EG_EXIT_USAGE;
	if (!o.apply && (o.yes || o.confirm_minutes || o.settle_seconds)) {
		eg_log(EG_LOG_ERROR, NULL, "fix: --yes, --confirm-minutes and --settle-seconds "
		       "go with --apply");
		return EG_EXIT_USAGE;
	}
	if (o.format == NULL)
		o.format = "text";
	if (strcmp(o.format, "text") != 0 && strcmp(o.format, "json") != 0 &&
	    strcmp(o.format, "xml") != 0) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (text, json, xml)", o.format);
		return EG_EXIT_USAGE;
	}
	err = eg_cli_load_intent(o.intent, &in);
	if (err != EG_OK) {
		status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto cleanup;
	}
	for (i = 0; i < o.ndevices; i++)
		if (eg_intent_device(in, o.devices[i]) == NULL) {
			eg_log(EG_LOG_ERROR, NULL, "fix: --device %s: not a device of the intent",
			       o.devices[i]);
			goto cleanup;
		}
	memset(&fo, 0, sizeof(fo));
	fo.collect = o.collect;
	fo.confirm_minutes = o.confirm_minutes ? o.confirm_minutes : 5;
	fo.settle_seconds = o.settle_seconds ? o.settle_seconds : 60;
	fo.intent_source = in->source;
	eg_fix_plan_live(in, o.ndevices ? o.devices : NULL, o.ndevices, &fo, &plan);
	cmd_fix_failing(&o, in, &plan);
	eg_fix_plan_unrepaired(&plan);
	for (i = 0; i < plan.ndevs; i++)
		if (plan.devs[i].status != EG_OK) {
			unread++;
			if (bad_err == EG_OK)
				bad_err = plan.devs[i].status;
		}
	if (!o.apply || eg_fix_plan_nlines(&plan) == 0 || unread > 0) {
		if (o.apply && unread > 0)
			eg_log(EG_LOG_ERROR, NULL, "fix: no device changed: %zu device%s could not "
			       "be read (--device narrows the run)", unread, unread == 1 ? "" : "s");
		if (eg_fix_plan_print(&plan, o.format, stdout) != EG_OK) {
			status = eg_cli_finish(EG_EXIT_DEVIATION);
			goto cleanup;
		}
		if (unread > 0)
			status = eg_exit_for(bad_err);
		else
			status = eg_fix_plan_nlines(&plan) > 0 || plan.nunrepaired > 0 ||
				 !plan.checked ? EG_EXIT_DEVIATION : EG_EXIT_OK;
		status = eg_cli_finish(status);
		goto cleanup;
	}
	if (isatty(STDIN_FILENO) && !o.yes) {
		eg_fix_plan_print(&plan, "text", stdout);
		fflush(stdout);
		if (!cmd_fix_ask()) {
			eg_log(EG_LOG_ERROR, NULL, "fix: not applied");
			status = EG_EXIT_DEVIATION;
			goto cleanup;
		}
	}
	/* the failing side first, one device at a time; a failure stops the run */
	order = eg_xcalloc(plan.ndevs ? plan.ndevs : 1, sizeof(*order));
	later = eg_xcalloc(plan.ndevs ? plan.ndevs : 1, sizeof(*later));
	for (i = 0; i < plan.ndevs; i++)
		if (plan.devs[i].nlines > 0)
			order[norder++] = i;
	for (i = 1; i < norder; i++)
		for (j = i; j > 0 && cmd_fix_weight(&plan, &plan.devs[order[j]]) >
				     cmd_fix_weight(&plan, &plan.devs[order[j - 1]]); j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < norder; i++) {
		struct eg_fix_device *d = &plan.devs[order[i]];
		enum eg_fix_outcome x;

		if (first_bad != EG_FIX_NOTHING) {
			d->outcome = eg_xstrdup(eg_fix_outcome_name(EG_FIX_SKIPPED));
			continue;
		}
		eg_log(EG_LOG_INFO, d->device, "applying %zu line%s", d->nlines,
		       d->nlines == 1 ? "" : "s");
		fo.later = (const struct eg_fix_device *const *)later;
		fo.nlater = 0;
		for (j = i + 1; j < norder; j++)
			later[fo.nlater++] = &plan.devs[order[j]];
		err = eg_fix_apply_device(in, d, &fo, &x);
		if (x != EG_FIX_CONFIRMED) {
			first_bad = x;
			bad_err = err;
			eg_log(EG_LOG_ERROR, d->device, "%s: %s", eg_fix_outcome_name(x),
			       cmd_fix_reason(d->account));
		}
	}
	if (eg_fix_plan_print(&plan, o.format, stdout) != EG_OK) {
		status = eg_cli_finish(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	status = cmd_fix_exit(first_bad, bad_err);
	if (status == EG_EXIT_OK && plan.nunrepaired > 0)
		status = EG_EXIT_DEVIATION;
	status = eg_cli_finish(status);
cleanup:
	free(later);
	free(order);
	eg_fix_plan_free(&plan);
	eg_intent_free(in);
	return status;
}
