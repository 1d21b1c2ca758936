/*
 * drill.h - `erguard drill`: the failover test of the design, run against
 * the live devices.
 *
 * From a compliant network only (the full check passes first), the drill
 * takes ExpressRoute down on the CE of each chosen link under `commit
 * confirmed` (so a CE restores itself when erguard dies): the eBGP
 * neighbor deactivated, the unit disabled, or a discarding input filter
 * on it (enum eg_drill_trigger); it watches the firewall's active path
 * for every Azure prefix of the service through a session opened before
 * the trigger, undoes the trigger with a plain commit, watches the
 * failback, waits for the sessions and runs the full check again.  The
 * external trigger commits nothing and only watches.  Every instant is the client's monotonic clock in ms,
 * relative to the trigger, with the bound the polling round trips give.
 *
 * drill_model.h holds what the drill knows (options, observations,
 * result) and its pure functions; drill.c the run; drill_trace.c the
 * path proof; drill_report.c the result as
 * the validated drill container of erguard-report (JSON, XML);
 * drill_print.c the plan, the timeline as text, JUnit and SVG.
 * Ownership: a result owns its strings; free it with eg_drill_result_free().
 * Nothing here prints to stdout: printing goes to the FILE given.
 */
#ifndef EG_DRILL_H
#define EG_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "drill_model.h"
#include "drill_trace.h"

/* ---------------------------------------------------------------- drill_report.c */

/* The phases' zeros: the last trigger commit, the first restore commit (-1: none). */
void eg_drill_zeros(const struct eg_drill_result *r, int64_t *fo0, int64_t *fb0);

/*
 * A prefix's verdict in a phase: 1 arrived within the bound, 0 not, -1
 * not measured (refused, not on a link taken down, no restore).
 */
int eg_drill_prefix_verdict(const struct eg_drill_result *r, const struct eg_drill_prefix *p,
			    bool failback);

/*
 * The result as the `drill` container of erguard-report, validated, in
 * JSON (RFC 7951) or XML.  EG_EINTERNAL when it does not validate.
 */
eg_err eg_drill_report_print(const struct eg_intent *in, const struct eg_drill_result *r,
			     bool json, FILE *f);

/* ---------------------------------------------------------------- drill.c (run) */

/*
 * Run the drill: pre-flight, trigger, watch, restore, watch, check.
 * Fills *r whatever happens (r->outcome says how it went); returns the
 * error of the step that stopped it (r->why tells), else EG_OK: the drill
 * ran to a verdict, or stopped on what the devices showed (r->why tells).
 */
eg_err eg_drill_run(const struct eg_intent *in, const struct eg_drill_opts *o,
		    struct eg_drill_result *r);

/* ---------------------------------------------------------------- drill_print.c */

/* What the drill will do, as text, without contacting a device. */
eg_err eg_drill_plan_print(const struct eg_intent *in, const struct eg_drill_opts *o, FILE *f);

/*
 * The result: "text" (timeline table, verdicts), "json" or "junit" (a
 * case for the pre-flight, the restore, and each prefix's failover and
 * failback).  EG_EINVAL for another format.
 */
eg_err eg_drill_print(const struct eg_intent *in, const struct eg_drill_result *r,
		      const char *format, FILE *f);

/*
 * The timeline as an SVG picture: a row per prefix, coloured by where
 * each answer saw the active path, the trigger and restore commits as
 * dashed lines.
 */
eg_err eg_drill_svg(const struct eg_intent *in, const struct eg_drill_result *r, FILE *f);

#endif
