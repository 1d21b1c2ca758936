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
	const char *const *checks;	/* --check filter: catalogue ids, NULL = every check */
	size_t nchecks;
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

/*
 * Where a check looks: the devices its catalogue row queries, from the
 * roles of its needs ("CE", "firewall", "CE, firewall"), or "Azure export"
 * for a check that reads no device.  Static string.
 */
const char *eg_check_scope(const struct eg_check_def *def);

/* True when the check of that id passes the filter (no filter: always). */
bool eg_check_selected(const char *id, const char *const *checks, size_t nchecks);

/* The catalogue, in report order; *n set to its length. */
const struct eg_check_def *eg_checks(size_t *n);
const struct eg_check_def *eg_check_find(const char *id);

/*
 * Run every check ctx's --check filter keeps for every service of the
 * intent, appending results to r; each result carries the time its
 * check took (a run adding several results shares it among them).  EG_EINVAL without an intent or a report; EG_EINTERNAL, logged, when
 * a check added no result (a bug: silence would read as a pass).
 */
eg_err eg_checks_run(const struct eg_intent *in, const struct eg_state *st,
		     const struct eg_check_ctx *ctx, struct eg_report *r);

/*
 * check_rib.c: whether a path on the firewall is one active-path accepts,
 * ExpressRoute through one of svc's CEs: BGP, learned from (or pointing
 * at) a CE, AS path starting with the Microsoft ASN.
 */
bool eg_check_rib_path_er(const struct eg_service *svc, const struct eg_path *p);

#endif
