/*
 * metrics.c - a run's outcome as Prometheus text-format metrics.
 *
 * Reads the report, the observations and the devices' reachability;
 * writes nothing but the metrics file.  Guarantees: the file at path is
 * replaced whole or not at all (write, fsync, rename in one directory);
 * no label set appears twice in a family (a second result of the same
 * check, service and scope folds into the first, the worse status kept).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metrics.h"
#include "util.h"

void
eg_metrics_label_fputs(FILE *f, const char *v)
{
	for (; v != NULL && *v != '\0'; v++) {
		if (*v == '\\')
			fputs("\\\\", f);
		else if (*v == '"')
			fputs("\\\"", f);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

static void
metrics_family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One label, name="value", with a comma before all but the first. */
static void
metrics_label(FILE *f, bool first, const char *name, const char *value)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	eg_metrics_label_fputs(f, value);
	fputc('"', f);
}

/* The gauge's value of a status: pass 0, fail 1, unknown 2, skipped 3. */
static int
metrics_status_value(enum eg_status s)
{
	switch (s) {
	case EG_ST_PASS:	return 0;
	case EG_ST_FAIL:	return 1;
	case EG_ST_UNKNOWN:	return 2;
	case EG_ST_SKIPPED:	return 3;
	}
	return 2;
}

/* The worse of two statuses, as the report ranks them (unknown, fail, pass, skipped). */
static enum eg_status
metrics_worse(enum eg_status a, enum eg_status b)
{
	static const int rank[] = { [EG_ST_SKIPPED] = 0, [EG_ST_PASS] = 1,
				    [EG_ST_FAIL] = 2, [EG_ST_UNKNOWN] = 3 };

	return rank[b] > rank[a] ? b : a;
}

static bool
metrics_same_result(const struct eg_result *a, const struct eg_result *b)
{
	return strcmp(a->check_id ? a->check_id : "", b->check_id ? b->check_id : "") == 0 &&
	       strcmp(a->service ? a->service : "", b->service ? b->service : "") == 0 &&
	       strcmp(a->scope ? a->scope : "", b->scope ? b->scope : "") == 0;
}

static void
metrics_checks(FILE *f, const struct eg_report *rep)
{
	size_t i, j, counts[4];

	metrics_family(f, "erguard_check_status", "gauge",
		       "Result of a check for a service and scope: 0 pass, 1 fail, 2 unknown, "
		       "3 skipped.");
	for (i = 0; i < rep->nresults; i++) {
		const struct eg_result *r = &rep->results[i];
		enum eg_status st = r->status;

		for (j = 0; j < i; j++)
			if (metrics_same_result(&rep->results[j], r))
				break;
		if (j < i)
			continue;	/* folded into the first of its labels */
		for (j = i + 1; j < rep->nresults; j++)
			if (metrics_same_result(&rep->results[j], r))
				st = metrics_worse(st, rep->results[j].status);
		fputs("erguard_check_status{", f);
		metrics_label(f, true, "check", r->check_id);
		metrics_label(f, false, "service", r->service);
		metrics_label(f, false, "scope", r->scope);
		fprintf(f, "} %d\n", metrics_status_value(st));
	}
	eg_report_counts(rep, counts);
	metrics_family(f, "erguard_check_results", "gauge",
		       "Results of the last run by status.");
	for (i = 0; i < 4; i++) {
		fputs("erguard_check_results{", f);
		metrics_label(f, true, "status", eg_status_name((enum eg_status)i));
		fprintf(f, "} %zu\n", counts[i]);
	}
}

static void
metrics_devices(FILE *f, const struct eg_metrics_run *m)
{
	size_t i;

	metrics_family(f, "erguard_device_up", "gauge",
		       "1 when the last run read the device over a live NETCONF session, else 0.");
	for (i = 0; i < m->ndevices; i++) {
		fputs("erguard_device_up{", f);
		metrics_label(f, true, "device", m->devices[i].name);
		fprintf(f, "} %d\n", m->devices[i].up ? 1 : 0);
	}
}

/* Distinct prefixes per (device, instance, peer) of the queries of kind. */
static void
metrics_prefixes(FILE *f, const struct eg_state *st, enum eg_qkind kind, const char *name,
		 const char *help)
{
	char peer[EG_ADDR_STRLEN];
	size_t i;

	metrics_family(f, name, "gauge", help);
	for (i = 0; st != NULL && i < st->nobs; i++) {
		const struct eg_obs *o = &st->obs[i];

		if (o->q.kind != kind || o->status != EG_OK || o->data != EG_QD_RIB ||
		    o->u.rib == NULL)
			continue;	/* unread: no sample rather than a made-up 0 */
		fprintf(f, "%s{", name);
		metrics_label(f, true, "device", o->q.device);
		metrics_label(f, false, "instance", o->q.instance);
		metrics_label(f, false, "peer", eg_addr_fmt(&o->q.peer, peer));
		fprintf(f, "} %zu\n", eg_rib_ndest(o->u.rib));
	}
}

eg_err
eg_metrics_print(FILE *f, const struct eg_metrics_run *m)
{
	metrics_checks(f, m->rep);
	metrics_devices(f, m);
	metrics_prefixes(f, m->st, EG_Q_ADVERTISED, "erguard_bgp_advertised_prefixes",
			 "Distinct prefixes the device advertises to the BGP peer.");
	metrics_prefixes(f, m->st, EG_Q_RECEIVED, "erguard_bgp_received_prefixes",
			 "Distinct prefixes the device receives from the BGP peer.");
	metrics_family(f, "erguard_last_run_timestamp_seconds", "gauge",
		       "When the last run started, in seconds since the epoch.");
	fprintf(f, "erguard_last_run_timestamp_seconds %lld\n", (long long)m->rep->started_at);
	metrics_family(f, "erguard_last_run_duration_seconds", "gauge",
		       "How long the last run took, in seconds.");
	fprintf(f, "erguard_last_run_duration_seconds %.3f\n", m->duration_s);
	metrics_family(f, "erguard_runs_total", "counter", "Runs since erguard watch started.");
	fprintf(f, "erguard_runs_total %llu\n", (unsigned long long)m->runs);
	return ferror(f) ? EG_EIO : EG_OK;
}

/* Flush the directory holding path, so that the rename itself is on disk. */
static void
metrics_sync_dir(const char *path)
{
	char *copy = eg_xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);	/* best effort: the file itself is already whole */
		close(fd);
	}
	free(copy);
}

eg_err
eg_metrics_write(const char *path, const struct eg_metrics_run *m)
{
	char *tmp = eg_xasprintf("%s.tmp", path);
	FILE *f = NULL;
	eg_err err = EG_EIO;
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		eg_log(EG_LOG_ERROR, tmp, "cannot write the metrics: %s", strerror(errno));
		goto cleanup;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		eg_log(EG_LOG_ERROR, tmp, "cannot write the metrics: %s", strerror(errno));
		close(fd);
		goto cleanup;
	}
	if (eg_metrics_print(f, m) != EG_OK || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		eg_log(EG_LOG_ERROR, tmp, "cannot write the metrics: %s", strerror(errno));
		goto cleanup;
	}
	if (fclose(f) != 0) {
		f = NULL;
		eg_log(EG_LOG_ERROR, tmp, "cannot write the metrics: %s", strerror(errno));
		goto cleanup;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		eg_log(EG_LOG_ERROR, path, "cannot replace the metrics file: %s", strerror(errno));
		goto cleanup;
	}
	metrics_sync_dir(path);
	err = EG_OK;
cleanup:
	if (f != NULL)
		fclose(f);
	if (err != EG_OK)
		unlink(tmp);
	free(tmp);
	return err;
}
