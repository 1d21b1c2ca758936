/*
 * cmd_check.c - `erguard check` (live, or --from a snapshot, with the
 * Azure exports beside) and `erguard snapshot` (the same queries, the
 * replies saved for a later --from).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "azure.h"
#include "checks.h"
#include "cli.h"
#include "collect.h"
#include "eg_err.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "snapshot.h"
#include "util.h"

/* What check needs before it reads a reply: the intent, the Azure exports, the plan. */
struct cmd_check_prep {
	const struct eg_cli_opts *o;
	struct eg_snapshot_readahead *ra;	/* told the plan when it is known */
	struct eg_intent *in;
	struct eg_azure_routes *azl, *aza;
	struct eg_state *st;
	int status;				/* EG_EXIT_OK when all is ready */
};

static void *
cmd_check_prepare(void *arg)
{
	struct cmd_check_prep *p = arg;
	const struct eg_cli_opts *o = p->o;
	eg_err err;

	p->status = EG_EXIT_OK;
	err = eg_cli_load_intent(o->intent, &p->in);
	if (err != EG_OK) {
		p->status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto done;
	}
	if ((o->azure_learned && eg_azure_load(o->azure_learned, &p->azl) != EG_OK) ||
	    (o->azure_advertised && eg_azure_load(o->azure_advertised, &p->aza) != EG_OK)) {
		p->status = EG_EXIT_USAGE;
		goto done;
	}
	err = eg_plan_build_checks(p->in, o->devices, o->ndevices,
				   o->nchecks ? o->checks : NULL, o->nchecks, &p->st);
	if (err != EG_OK)
		p->status = err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
done:
	eg_snapshot_readahead_plan(p->ra, p->status == EG_EXIT_OK ? p->st : NULL);
	eg_snapshot_readahead_run(p->ra);	/* then help with the wanted files */
	return NULL;
}

/*
 * check --list: the catalogue, one check a line (id, the devices it
 * reads, title), only those --check names when given.  Nothing else may
 * come with it but --check, -v and -q.
 */
static int
cmd_check_list(const struct eg_cli_opts *o)
{
	const struct eg_check_def *defs;
	size_t n, i;
	int w = 2;

	if (o->intent || o->ndevices || o->format || o->from || o->azure_learned ||
	    o->azure_advertised || o->collect.ssh_config || o->collect.rpc_timeout_s ||
	    o->collect.parallel || o->collect.accept_new_hostkeys || eg_cli_color_given()) {
		eg_log(EG_LOG_ERROR, NULL, "check: --list takes no option but --check, -v and -q");
		return EG_EXIT_USAGE;
	}
	defs = eg_checks(&n);
	for (i = 0; i < n; i++)
		if ((int)strlen(defs[i].id) > w)
			w = (int)strlen(defs[i].id);
	printf("%-*s  %-12s  %s\n", w, "ID", "SCOPE", "TITLE");
	for (i = 0; i < n; i++)
		if (eg_check_selected(defs[i].id, o->nchecks ? o->checks : NULL, o->nchecks))
			printf("%-*s  %-12s  %s\n", w, defs[i].id, eg_check_scope(&defs[i]),
			       defs[i].title);
	return eg_cli_finish(EG_EXIT_OK);
}

int
eg_cmd_check(int argc, char **argv)
{
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	struct eg_snapshot_readahead *ra = NULL;
	struct eg_report *rep = NULL;
	struct eg_azure_routes *azl = NULL, *aza = NULL;
	const struct eg_renderer *rend;
	struct eg_render_opts ropts;
	struct eg_check_ctx ctx;
	struct cmd_check_prep prep;
	pthread_t prep_thread;
	struct timeval t0, t1;
	eg_err err;
	int status = EG_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	memset(&prep, 0, sizeof(prep));
	if (eg_cli_getopt(argc, argv, "check", EG_CLI_OPTS_CHECK, &o) < 0 ||
	    eg_cli_operands(argc, argv, "check", 0) != 0)
		return EG_EXIT_USAGE;
	if (o.list)
		return cmd_check_list(&o);
	if (o.format == NULL)
		o.format = "text";
	rend = eg_renderer_find(o.format);
	if (rend == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (text, json, xml, junit)", o.format);
		return EG_EXIT_USAGE;
	}
	gettimeofday(&t0, NULL);
	prep.o = &o;
	/*
	 * Offline, the saved replies start parsing on this thread while a
	 * second one loads the intent (libyang's context takes as long as a
	 * small snapshot) and plans the queries.
	 */
	if (o.from != NULL && eg_snapshot_readahead_new(o.from, &prep.ra) != EG_OK)
		prep.ra = NULL;
	if (prep.ra != NULL && pthread_create(&prep_thread, NULL, cmd_check_prepare, &prep) == 0) {
		eg_snapshot_readahead_run(prep.ra);
		pthread_join(prep_thread, NULL);
	} else {
		cmd_check_prepare(&prep);
	}
	in = prep.in;
	st = prep.st;
	azl = prep.azl;
	aza = prep.aza;
	ra = prep.ra;
	if (prep.status != EG_EXIT_OK) {
		status = prep.status;
		goto cleanup;
	}
	if (o.from != NULL && eg_cli_from_devices(o.from, st) != 0) {
		status = EG_EXIT_USAGE;
		goto cleanup;
	}
	if (o.from != NULL)
		err = eg_snapshot_load(o.from, st, ra);
	else
		err = eg_collect_live(in, st, &o.collect);
	eg_snapshot_readahead_free(ra);
	ra = NULL;
	if (err != EG_OK) {
		status = o.from && err == EG_EIO ? EG_EXIT_USAGE : eg_exit_for(err);
		goto cleanup;
	}
	rep = eg_report_new();
	free(rep->tool_version);
	rep->tool_version = strdup(EG_VERSION);
	rep->intent_source = eg_xstrdup(in->source);
	rep->mode = strdup(o.from ? "offline" : "live");
	rep->snapshot_dir = eg_xstrdup(o.from);
	rep->started_at = t0.tv_sec;
	memset(&ctx, 0, sizeof(ctx));
	ctx.azure_learned = azl;
	ctx.azure_advertised = aza;
	ctx.devices = o.ndevices ? o.devices : NULL;
	ctx.ndevices = o.ndevices;
	ctx.checks = o.nchecks ? o.checks : NULL;
	ctx.nchecks = o.nchecks;
	err = eg_checks_run(in, st, &ctx, rep);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "checks failed to run: %s", eg_strerror(err));
		status = EG_EXIT_DEVIATION;
		goto cleanup;
	}
	gettimeofday(&t1, NULL);
	rep->duration_ms = (uint32_t)((t1.tv_sec - t0.tv_sec) * 1000 +
				      (t1.tv_usec - t0.tv_usec) / 1000);
	memset(&ropts, 0, sizeof(ropts));
	ropts.color = eg_cli_color();
	ropts.verbose = eg_log_get_level() >= EG_LOG_INFO;
	err = rend->render(rep, &ropts, stdout);
	if (err != EG_OK && ferror(stdout)) {
		status = eg_cli_finish(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "cannot render the report: %s", eg_strerror(err));
		status = EG_EXIT_DEVIATION;
		goto cleanup;
	}
	status = eg_cli_finish(eg_report_exit(rep));
cleanup:
	eg_report_free(rep);
	eg_snapshot_readahead_free(ra);
	eg_state_free(st);
	eg_azure_free(azl);
	eg_azure_free(aza);
	eg_intent_free(in);
	return status;
}

/*
 * Make snapshot's directory: a new one, or an empty one.  Replies saved
 * over an older snapshot would be judged beside its leftovers (a file the
 * new run could not save is found under another output level), so a
 * directory already holding files is refused.
 */
static int
cmd_check_snapdir(const char *dir)
{
	struct dirent *e;
	DIR *d;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		eg_log(EG_LOG_ERROR, NULL, "%s: cannot create the snapshot directory: %s", dir,
		       strerror(errno));
		return -1;
	}
	d = opendir(dir);
	if (d == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "%s: not a directory to save a snapshot in: %s", dir,
		       strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			break;
	closedir(d);
	if (e != NULL) {
		eg_log(EG_LOG_ERROR, NULL, "%s: not empty; snapshot saves into a new or empty "
		       "directory", dir);
		return -1;
	}
	if (access(dir, W_OK) != 0) {
		eg_log(EG_LOG_ERROR, NULL, "%s: cannot write there: %s", dir, strerror(errno));
		return -1;
	}
	return eg_snapshot_dir_check(dir) == EG_OK ? 0 : -1;
}

/* Whether o's reply is on disk in dir (collect drops a file it could not write whole). */
static bool
cmd_check_saved(const char *dir, const struct eg_obs *o)
{
	char *path = NULL;
	bool saved;

	if (eg_snapshot_path(dir, &o->q, false, &path) != EG_OK)
		return false;
	saved = access(path, F_OK) == 0;
	free(path);
	return saved;
}

int
eg_cmd_snapshot(int argc, char **argv)
{
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	size_t i, nok = 0;
	eg_err err, worst = EG_OK;
	int status = EG_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	if (eg_cli_getopt(argc, argv, "snapshot", EG_CLI_OPTS_SNAPSHOT, &o) < 0 ||
	    eg_cli_operands(argc, argv, "snapshot", 0) != 0)
		return EG_EXIT_USAGE;
	if (o.out_dir == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "snapshot needs -o DIR");
		return EG_EXIT_USAGE;
	}
	err = eg_cli_load_intent(o.intent, &in);
	if (err != EG_OK) {
		status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto cleanup;
	}
	err = eg_plan_build(in, o.devices, o.ndevices, &st);
	if (err != EG_OK) {
		status = err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
		goto cleanup;
	}
	if (cmd_check_snapdir(o.out_dir) != 0) {
		status = EG_EXIT_USAGE;
		goto cleanup;
	}
	o.collect.snapshot_dir = o.out_dir;
	err = eg_collect_live(in, st, &o.collect);
	if (err != EG_OK) {
		status = eg_exit_for(err);
		goto cleanup;
	}
	/* The collector has said, per device, why a reply is missing. */
	for (i = 0; i < st->nobs; i++) {
		if (st->obs[i].status == EG_OK) {
			if (cmd_check_saved(o.out_dir, &st->obs[i]))
				nok++;
			else if (worst == EG_OK)
				worst = EG_EIO;
			continue;
		}
		if (eg_exit_for(st->obs[i].status) > eg_exit_for(worst) ||
		    worst == EG_OK)
			worst = st->obs[i].status;
	}
	printf("saved %zu of %zu replies in %s\n", nok, st->nobs, o.out_dir);
	status = eg_cli_finish(worst == EG_OK ? EG_EXIT_OK : eg_exit_for(worst));
	if (status == EG_EXIT_OK && worst != EG_OK)
		status = EG_EXIT_DEVIATION;
cleanup:
	eg_state_free(st);
	eg_intent_free(in);
	return status;
}
