/*
 * checks.h - the check catalogue.
 *
 * Each check is a pure function of the intent, the observations and the
 * run's options; it appends results to the report and never does I/O.
 * A check that could not read what it needs reports "unknown" (never
 * "pass"); one the intent or the command line does not ask for reports
 * "skipped".
 */
#ifndef EG_CHECKS_H
#define EG_CHECKS_H

#include "azure.h"
#include "intent.h"
#include "report.h"
#include "state.h"

struct eg_check_ctx {
	const struct eg_azure_routes *azure_learned;	/* NULL: azure-learned skipped */
	const struct eg_azure_routes *azure_advertised;	/* NULL: azure-advertised skipped */
	const char *const *devices;	/* --device filter, NULL = all */
	size_t ndevices;
};

struct eg_check_def {
	const char *id;			/* stable: "lp-config" */
	enum eg_severity severity;
	const char *title;		/* one line */
	const char *remedy;		/* what to do, or NULL */
	void (*run)(const struct eg_intent *in, const struct eg_service *svc,
		    const struct eg_state *st, const struct eg_check_ctx *ctx,
		    struct eg_report *r);
	/* the queries it reads, ended by role EG_QR_NONE; the plan asks exactly these */
	struct eg_qneed needs[EG_QNEEDS_MAX];
	/*
	 * Reads routes or peers: for a dual-stack service it runs once per
	 * address family, on the service seen through that family.
	 */
	bool per_family;
};

/* The catalogue, in report order; *n set to its length. */
const struct eg_check_def *eg_checks(size_t *n);
const struct eg_check_def *eg_check_find(const char *id);

/*
 * Run every check for every service of the intent, appending results to
 * r.  EG_EINVAL without an intent or a report; EG_EINTERNAL, logged, when
 * a check added no result (a bug: silence would read as a pass).
 */
eg_err eg_checks_run(const struct eg_intent *in, const struct eg_state *st,
		     const struct eg_check_ctx *ctx, struct eg_report *r);

#endif
