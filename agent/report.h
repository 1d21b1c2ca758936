/*
 * report.h - the one report every renderer reads.
 *
 * Checks append results; renderers (render.h) only read, and find in a
 * result all they print about its check.  Out of memory is fatal
 * (util.h), so adding to a report always succeeds.  The report mirrors
 * yang/erguard-report.yang.  It owns its strings.
 */
#ifndef EG_REPORT_H
#define EG_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "eg_err.h"

enum eg_status { EG_ST_PASS, EG_ST_FAIL, EG_ST_UNKNOWN, EG_ST_SKIPPED };
enum eg_severity { EG_SEV_CRITICAL, EG_SEV_MAJOR, EG_SEV_MINOR, EG_SEV_INFO };

const char *eg_status_name(enum eg_status s);		/* "pass", "fail", ... */
const char *eg_severity_name(enum eg_severity s);	/* "critical", ... */

/* One deviation, or the reason a check could not decide. */
struct eg_finding {
	enum eg_status status;	/* FAIL or UNKNOWN (or PASS for informational rows) */
	char *device;		/* NULL when not tied to one device */
	char *prefix;		/* "10.17.11.0/25", or NULL */
	char *peer;		/* "192.168.11.18", or NULL */
	char *expected;		/* "local-preference 150" */
	char *observed;		/* "local-preference absent" */
	char *message;		/* one sentence for people */
};

/*
 * The outcome of one check for one service and one scope.  The scope is
 * a device name, or for checks that compare devices the names joined by
 * "+" ("SEA-MX03-01+SEA-MX03-02").
 */
struct eg_result {
	char *check_id;		/* "lp-config" */
	enum eg_severity severity;
	char *title;		/* the check's one line, or NULL */
	char *remedy;		/* what to do when it fails, or NULL */
	char *service;		/* "Cust11" */
	char *scope;
	/*
	 * The address family judged (4 or 6) when the service is dual-stack
	 * and the check reads routes or peers; 0 otherwise.  An IPv6
	 * result's scope ends in " inet6", so results stay one per scope.
	 */
	uint8_t family;
	enum eg_status status;
	char *reason;		/* why unknown or skipped; NULL otherwise */
	eg_err cause;		/* for unknown: what made it so (exit status) */
	struct eg_finding *findings;
	size_t nfindings, cap;
	uint32_t nitems;	/* how many things were compared (prefixes, peers) */
	uint64_t duration_us;	/* time its check ran for this result, measured by eg_checks_run() */
};

struct eg_report {
	char *tool_version;
	char *intent_source;
	char *mode;		/* "live" or "offline" */
	char *snapshot_dir;	/* offline source, or NULL */
	int64_t started_at;	/* unix seconds */
	uint32_t duration_ms;
	struct eg_result *results;
	size_t nresults, cap;
};

/* A new, empty report; the caller frees it with eg_report_free() (NULL is fine). */
struct eg_report *eg_report_new(void);
void eg_report_free(struct eg_report *r);

/*
 * Start a result of check check_id, with what its renderers print about
 * the check (severity, title, remedy; NULL when there is none); status
 * starts PASS and is raised by findings.  The result is owned by r and
 * valid until the next eg_report_begin() on r (the array may move).
 */
struct eg_result *eg_report_begin(struct eg_report *r, const char *check_id,
				  enum eg_severity sev, const char *title, const char *remedy,
				  const char *service, const char *scope);

/*
 * Add a finding (FAIL or UNKNOWN); the result's status becomes the worse
 * of the two (UNKNOWN outranks FAIL outranks PASS).  Any string may be
 * NULL.  message is printf-style.
 */
void eg_result_add(struct eg_result *res, enum eg_status st, const char *device,
		   const char *prefix, const char *peer, const char *expected,
		   const char *observed, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/*
 * Mark the whole result unknown (cause says why) or skipped.  Skipping a
 * result that already failed or is unknown leaves it as it is.
 */
void eg_result_unknown(struct eg_result *res, eg_err cause, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void eg_result_skip(struct eg_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Counts by status over all results. */
void eg_report_counts(const struct eg_report *r, size_t counts[4]);

/*
 * Exit status for the report: 0 when every result passed or was skipped;
 * 4 or 5 when an unknown was caused by transport / RPC trouble (4 wins);
 * 1 otherwise.
 */
enum eg_exit eg_report_exit(const struct eg_report *r);

#endif
