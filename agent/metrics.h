/*
 * metrics.h - a run's outcome as Prometheus text-format metrics.
 *
 * For node_exporter's textfile collector: the file is written whole
 * beside itself (FILE.tmp in the same directory, flushed to disk) and
 * renamed over FILE, so a reader sees the old metrics or the new, never
 * half of either.  Every family has its HELP and TYPE lines; label values
 * are escaped as the exposition format asks (backslash, double quote,
 * newline).  What the file holds:
 *
 *   erguard_check_status{check,service,scope}   0 pass, 1 fail, 2 unknown, 3 skipped
 *   erguard_check_results{status}               results of the run by status
 *   erguard_device_up{device}                   1 read over a live session, else 0
 *   erguard_bgp_advertised_prefixes{device,instance,peer}
 *   erguard_bgp_received_prefixes{device,instance,peer}
 *                                               distinct prefixes; absent when unread
 *   erguard_last_run_timestamp_seconds          when the run started (unix seconds)
 *   erguard_last_run_duration_seconds           how long it took
 *   erguard_runs_total                          runs since erguard started
 */
#ifndef EG_METRICS_H
#define EG_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "eg_err.h"
#include "report.h"
#include "state.h"

struct eg_metrics_device {
	const char *name;
	bool up;
};

/* What one run's metrics are made of; everything borrowed. */
struct eg_metrics_run {
	const struct eg_report *rep;		/* results; its started_at is the run's time */
	const struct eg_state *st;		/* advertised/received routes, or NULL */
	const struct eg_metrics_device *devices;
	size_t ndevices;
	double duration_s;
	uint64_t runs;				/* runs so far, this one included */
};

/* Write m's metrics in the exposition format to f.  EG_EIO when f fails. */
eg_err eg_metrics_print(FILE *f, const struct eg_metrics_run *m);

/*
 * Replace path with m's metrics: path.tmp written, flushed to disk and
 * renamed over path.  EG_EIO, logged naming the file, on any failure
 * (path then still holds the previous metrics).
 */
eg_err eg_metrics_write(const char *path, const struct eg_metrics_run *m);

/* A label value, escaped (\\, \", \n), to f. */
void eg_metrics_label_fputs(FILE *f, const char *v);

#endif
