/*
 * watch.h - check the devices again and again over sessions kept open.
 *
 * Each run is check's pipeline (plan, collect, checks, report) over one
 * NETCONF session per device that stays open between runs.  The first
 * run's report is rendered whole; after it, one line per result whose
 * status changed and one per device that became reachable or
 * unreachable.  A lost session is reopened with a backoff that doubles
 * from the interval up to WATCH_BACKOFF_CAP_S, the device's checks
 * unknown meanwhile; the other devices are read as usual.  After every
 * run the metrics file, when asked for, is replaced (metrics.h).
 *
 * Signals: SIGTERM and SIGINT end the watch after the run in progress,
 * sessions closed; SIGHUP rereads the intent and, when it is valid,
 * reopens the sessions under it and runs at once (an invalid one is
 * reported and the one in use kept).  These signals are blocked in every
 * thread while the watch runs and taken with sigtimedwait() between runs.
 */
#ifndef EG_WATCH_H
#define EG_WATCH_H

#include <stdio.h>

#include "collect.h"
#include "intent.h"
#include "render.h"

#define WATCH_INTERVAL_DEFAULT_S 60
#define WATCH_BACKOFF_CAP_S 300

struct eg_watch_opts {
	const char *intent_path;	/* reread on SIGHUP; NULL: the built-in intent */
	const char *const *devices;	/* --device filter, NULL = all */
	size_t ndevices;
	unsigned interval_s;		/* 0: WATCH_INTERVAL_DEFAULT_S */
	const char *metrics_path;	/* Prometheus textfile, or NULL */
	struct eg_collect_opts collect;	/* its keep is the watch's own */
	const struct eg_renderer *rend;	/* the first run's report */
	struct eg_render_opts ropts;
	FILE *out;			/* reports and change lines */
};

/*
 * Watch until SIGTERM or SIGINT.  *in is the intent in use (replaced on
 * SIGHUP; the caller frees whatever *in is on return).  Returns EG_OK
 * when a signal ended the watch, EG_EINVAL when the intent's plan fails
 * (an unknown --device), EG_EIO when out cannot be written.
 */
eg_err eg_watch_run(struct eg_intent **in, const struct eg_watch_opts *o);

#endif
