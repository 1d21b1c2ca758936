/*
 * cmd_diff.c - `erguard diff OLD NEW|-|--live`: two snapshots (or one
 * and the devices now) judged alike and compared.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "checks.h"
#include "cli.h"
#include "collect.h"
#include "diff.h"
#include "eg_err.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "snapshot.h"
#include "util.h"

/*
 * One side of diff: the observations of dir (a snapshot) or, dir NULL,
 * of the devices now, and the report of the checks on them.  Returns an
 * exit status, EG_EXIT_OK when both are made.
 */
static int
cmd_diff_side(const struct eg_cli_opts *o, const struct eg_intent *in, const char *dir,
	       struct eg_state **st, struct eg_report **rep)
{
	struct eg_check_ctx ctx;
	struct timeval t0, t1;
	eg_err err;

	gettimeofday(&t0, NULL);
	err = eg_plan_build_checks(in, o->devices, o->ndevices, o->nchecks ? o->checks : NULL,
				   o->nchecks, st);
	if (err != EG_OK)
		return err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
	if (dir != NULL && eg_cli_from_devices(dir, *st) != 0)
		return EG_EXIT_USAGE;
	err = dir != NULL ? eg_snapshot_load(dir, *st, NULL) : eg_collect_live(in, *st, &o->collect);
	if (err != EG_OK)
		return dir != NULL && err == EG_EIO ? EG_EXIT_USAGE : eg_exit_for(err);
	*rep = eg_report_new();
	(*rep)->intent_source = eg_xstrdup(in->source);
	(*rep)->mode = eg_xstrdup(dir ? "offline" : "live");
	(*rep)->snapshot_dir = eg_xstrdup(dir);
	(*rep)->started_at = t0.tv_sec;
	memset(&ctx, 0, sizeof(ctx));
	ctx.devices = o->ndevices ? o->devices : NULL;
	ctx.ndevices = o->ndevices;
	ctx.checks = o->nchecks ? o->checks : NULL;
	ctx.nchecks = o->nchecks;
	err = eg_checks_run(in, *st, &ctx, *rep);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "checks failed to run: %s", eg_strerror(err));
		return EG_EXIT_DEVIATION;
	}
	gettimeofday(&t1, NULL);
	(*rep)->duration_ms = (uint32_t)((t1.tv_sec - t0.tv_sec) * 1000 +
					 (t1.tv_usec - t0.tv_usec) / 1000);
	return EG_EXIT_OK;
}

/*
 * diff OLD NEW: what changed between two snapshots, or between a snapshot
 * and the devices now (NEW "-", or --live).  Exit 1 when a change is
 * worse for the intent, 0 otherwise.
 */
int
eg_cmd_diff(int argc, char **argv)
{
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	struct eg_state *sa = NULL, *sb = NULL;
	struct eg_report *ra = NULL, *rb = NULL;
	struct eg_diff *d = NULL;
	const struct eg_diff_renderer *rend;
	struct eg_render_opts ropts;
	const char *old, *new;
	int nops, status = EG_EXIT_USAGE;
	eg_err err;

	memset(&o, 0, sizeof(o));
	if (eg_cli_getopt(argc, argv, "diff", EG_CLI_OPTS_DIFF, &o) < 0 ||
	    eg_cli_operands(argc, argv, "diff", o.live ? 1 : 2) != 0)
		return EG_EXIT_USAGE;
	nops = argc - optind;
	if (nops < (o.live ? 1 : 2)) {
		eg_log(EG_LOG_ERROR, NULL, "diff needs OLD and NEW: snapshot directories, NEW - or "
		       "--live for the devices now");
		return EG_EXIT_USAGE;
	}
	old = argv[optind];
	new = o.live || strcmp(argv[optind + 1], "-") == 0 ? NULL : argv[optind + 1];
	if (strcmp(old, "-") == 0) {
		eg_log(EG_LOG_ERROR, NULL, "diff: OLD is a snapshot directory, not -");
		return EG_EXIT_USAGE;
	}
	rend = eg_diff_renderer_find(o.format ? o.format : "text");
	if (rend == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (text, json, junit)", o.format);
		return EG_EXIT_USAGE;
	}
	err = eg_cli_load_intent(o.intent, &in);
	if (err != EG_OK) {
		status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto cleanup;
	}
	if ((status = cmd_diff_side(&o, in, old, &sa, &ra)) != EG_EXIT_OK ||
	    (status = cmd_diff_side(&o, in, new, &sb, &rb)) != EG_EXIT_OK)
		goto cleanup;
	if (eg_diff_build(in, sa, ra, sb, rb, old, new ? new : "live", &d) != EG_OK) {
		status = EG_EXIT_DEVIATION;
		goto cleanup;
	}
	memset(&ropts, 0, sizeof(ropts));
	ropts.color = eg_cli_color();
	err = rend->render(d, &ropts, stdout);
	if (err != EG_OK) {
		if (!ferror(stdout))
			eg_log(EG_LOG_ERROR, NULL, "cannot render the diff: %s", eg_strerror(err));
		status = eg_cli_finish(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	status = eg_cli_finish(eg_diff_nworse(d) ? EG_EXIT_DEVIATION : EG_EXIT_OK);
cleanup:
	eg_diff_free(d);
	eg_report_free(ra);
	eg_report_free(rb);
	eg_state_free(sa);
	eg_state_free(sb);
	eg_intent_free(in);
	return status;
}
