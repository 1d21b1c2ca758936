/*
 * checks_int.h - what the check files (check_*.c), checks.c and
 * check_util.c share.
 *
 * Not part of any contract outside the checks: the catalogue's run
 * functions (check_*.c); beginning results from catalogue rows and
 * fetching observations, a missing or failed one making the result
 * "unknown" (checks.c); the --device filter, scope names, route tables
 * as sets of prefixes and AS paths (check_util.c).
 */
#ifndef EG_CHECKS_INT_H
#define EG_CHECKS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "intent.h"
#include "report.h"
#include "state.h"

struct eg_check_ctx;		/* checks.h */

/* ------------------------------------------------------------ run functions (check_*.c) */

#define EG_CHECK_RUN_ARGS const struct eg_intent *in, const struct eg_service *svc, \
	const struct eg_state *st, const struct eg_check_ctx *ctx, struct eg_report *r

/* check_adv.c */
void eg_check_adv_er_symmetry(EG_CHECK_RUN_ARGS);
void eg_check_adv_er_coverage(EG_CHECK_RUN_ARGS);
void eg_check_adv_vpn_symmetry(EG_CHECK_RUN_ARGS);
void eg_check_adv_vpn_more_specific(EG_CHECK_RUN_ARGS);
void eg_check_adv_vpn_coverage(EG_CHECK_RUN_ARGS);
void eg_check_adv_vpn_recv(EG_CHECK_RUN_ARGS);

/* check_cfg.c */
void eg_check_cfg_lp(EG_CHECK_RUN_ARGS);
void eg_check_cfg_bfd(EG_CHECK_RUN_ARGS);

/* check_rib.c */
void eg_check_rib_lp(EG_CHECK_RUN_ARGS);
void eg_check_rib_active(EG_CHECK_RUN_ARGS);
void eg_check_rib_backup(EG_CHECK_RUN_ARGS);

/* check_state.c */
void eg_check_state_sessions(EG_CHECK_RUN_ARGS);
void eg_check_state_bfd(EG_CHECK_RUN_ARGS);
void eg_check_state_budget(EG_CHECK_RUN_ARGS);

/* check_azure.c */
void eg_check_azure_learned(EG_CHECK_RUN_ARGS);
void eg_check_azure_advertised(EG_CHECK_RUN_ARGS);

/* ------------------------------------------------------------ checks.c */

/* Results. */

/*
 * Start the result of check id for svc and scope, with the catalogue's
 * severity, title and remedy.  Never NULL: out of memory is fatal, and an
 * id the catalogue does not know (a bug) gives a result that is unknown.
 */
struct eg_result *eg_checks_begin(struct eg_report *r, const char *id,
				  const struct eg_service *svc, const char *scope);

/*
 * Begin a result for the scope joined from names and, when the filter
 * excludes any of them, mark it skipped with the reason.  Returns true
 * when the check should go on.
 */
bool eg_checks_begin_devices(struct eg_report *r, const char *id, const struct eg_service *svc,
			     const struct eg_check_ctx *ctx, const char *const *names, size_t n,
			     struct eg_result **res);

/*
 * Add the one result of a per-device check whose every device the filter
 * excluded: scope names[] joined, status skipped.
 */
void eg_checks_all_filtered(struct eg_report *r, const char *id, const struct eg_service *svc,
			    const char *const *names, size_t n);

/*
 * Add a skipped result (scope: names[] joined, or the service's name when
 * n is 0) with the reason.  Used when the intent does not ask for a check.
 */
void eg_checks_skip(struct eg_report *r, const char *id, const struct eg_service *svc,
		    const char *const *names, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Observations. */

/*
 * Collects the observations a result needs.  Each eg_checks_need() call
 * returns the observation when it is usable (status EG_OK); otherwise it
 * records why (the observation's reason, or that the plan had no such
 * query) and returns NULL.  eg_checks_need_done() then marks the result
 * unknown with every reason and the worst cause, and returns false, or
 * returns true when everything was there.
 */
struct eg_checks_need {
	eg_err cause;
	char *why;
};

const struct eg_obs *eg_checks_need(struct eg_checks_need *nd, const struct eg_state *st,
				    const char *device, enum eg_qkind kind,
				    const char *instance, const struct eg_addr *peer);
/*
 * The kind a check of svc reads for k: k, or its IPv6 twin when svc is
 * seen through IPv6 (EG_Q_ROUTES -> EG_Q_ROUTES6).
 */
enum eg_qkind eg_checks_kind(const struct eg_service *svc, enum eg_qkind k);
bool eg_checks_need_done(struct eg_checks_need *nd, struct eg_result *res);

/* The route table an observation carries, sorted by prefix; NULL if none. */
struct eg_rib *eg_checks_rib(const struct eg_obs *o);

/* The --device filter. */

/* True when device passes the --device filter of ctx. */
bool eg_checks_selected(const struct eg_check_ctx *ctx, const char *device);
/* The first of names[0..n) the filter excludes, or NULL when none is. */
const char *eg_checks_excluded(const struct eg_check_ctx *ctx, const char *const *names,
			       size_t n);

/* ------------------------------------------------------------ check_util.c */

/* Scope names. */

/*
 * names joined by "+" into buf (size bytes, truncated if need be),
 * skipping NULLs and repeats; returns buf.
 */
const char *eg_checks_join(char *buf, size_t size, const char *const *names, size_t n);

#define EG_CHECKS_MAXDEV 16
#define EG_CHECKS_SCOPELEN 256

/* The CE device names of svc's ExpressRoute links (at most max); count. */
size_t eg_checks_ces(const struct eg_service *svc, const char **names, size_t max);

/* Route tables as sets of prefixes. */

/* Index of the first path of the destination after the one at i. */
size_t eg_checks_rib_next(const struct eg_rib *rib, size_t i);

/* The path rib shows for exactly p (its active one if flagged), or NULL. */
const struct eg_path *eg_checks_rib_path(struct eg_rib *rib, const struct eg_prefix *p);

/*
 * The most specific destination of rib that covers p: p itself or a less
 * specific prefix (strict: only strictly less specific).  NULL if none.
 */
const struct eg_path *eg_checks_rib_covering(struct eg_rib *rib, const struct eg_prefix *p,
					     bool strict);

/* AS paths as values. */

/*
 * The AS numbers of an AS path ("[65020] 65020 I", "12076 65020"),
 * brackets and origin codes dropped, into as[0..max); returns how many
 * the path holds (may exceed max).
 */
size_t eg_checks_asns(const char *aspath, uint32_t *as, size_t max);
/* True when both paths hold the same AS numbers in the same order. */
bool eg_checks_asns_eq(const char *a, const char *b);

/* "AS path 12076 I", "no AS path": a path's attributes for messages. */
const char *eg_checks_fmt_aspath(const char *aspath, char *buf, size_t size);
/* The protocol, AS path and next hop of a path for messages. */
const char *eg_checks_fmt_path(const struct eg_path *p, char *buf, size_t size);

#endif
