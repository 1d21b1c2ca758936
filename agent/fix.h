/*
 * fix.h - `erguard fix`: render what the intent owns on each device,
 * compute the minimal change, and apply it in one guarded transaction.
 *
 * Ownership is declarative and narrow.  For each service the intent owns,
 * on each CE, its iBGP group's local-preference, its ExpressRoute eBGP
 * group's BFD timers and the export toward its MSEE; on the firewall, the
 * export toward the VPN gateway group and the policy it names.  A
 * statement outside those paths is never read for a change and never
 * written.  The desired statements are Junos `set` lines; the running
 * configuration is read in `set` form too, and the change is the
 * smallest list of `delete`, `activate` and `set` lines that makes the
 * owned paths equal to the desired ones (fix.c, pure).  fix_apply.c
 * reads the configuration and applies a change over NETCONF: exclusive
 * lock, load, commit check, commit confirmed, re-check, then confirm or
 * roll back.
 *
 * Ownership: every structure owns its strings; free a plan with
 * eg_fix_plan_free().  Nothing here prints to stdout.
 */
#ifndef EG_FIX_H
#define EG_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "collect.h"
#include "eg_err.h"
#include "intent.h"

/*
 * The checks a configuration change cannot repair (sessions, what Azure
 * sends, routes erguard does not own), NULL-ended: reported, never fixed.
 */
extern const char *const eg_fix_unrepairable[];

/* False for a check of eg_fix_unrepairable. */
bool eg_fix_repairable(const char *check_id);

/*
 * The steps of applying one device's change, in the order they run, for
 * the time each took (eg_fix_device.phase_us).  SETTLE is the pauses
 * between re-check runs, RECHECK the runs themselves; TOTAL is from the
 * start of the session open to the end of the last step.
 */
enum eg_fix_phase {
	EG_FIX_PH_OPEN, EG_FIX_PH_LOCK, EG_FIX_PH_LOAD, EG_FIX_PH_COMPARE, EG_FIX_PH_CHECK,
	EG_FIX_PH_CONFIRMED, EG_FIX_PH_SETTLE, EG_FIX_PH_RECHECK, EG_FIX_PH_CONFIRM,
	EG_FIX_PH_ROLLBACK, EG_FIX_PH_UNLOCK, EG_FIX_PH_TOTAL, EG_FIX_NPHASES
};

/* The phase's name in output: "open", "lock", ..., "total". */
const char *eg_fix_phase_name(enum eg_fix_phase ph);

/* One device's change. */
struct eg_fix_device {
	char *device;
	eg_err status;		/* EG_OK: the configuration was read */
	char *why;		/* why it could not be read, or NULL */
	char **lines;		/* "delete ...", "activate ...", "set ...", load order */
	size_t nlines;
	char *compare;		/* the change as "show | compare" prints it, "" when none */
	char **checks;		/* check ids the change repairs, no duplicates */
	size_t nchecks;
	/*
	 * Lines held back and never applied: the change repairs no check
	 * failing now while a check no configuration change repairs fails
	 * (eg_fix_plan_unrepaired moves them here from lines).
	 */
	char **held;
	size_t nheld;
	unsigned findings;	/* failing findings naming this device before the change */
	/* apply: what became of the change ("confirmed", "rolled back", ...), or NULL */
	char *outcome;
	char *account;		/* apply: the steps as they went, one a line, or NULL */
	int64_t phase_us[EG_FIX_NPHASES];	/* apply: microseconds each phase took */
	unsigned phases;	/* bit 1 << phase: that phase ran (0: nothing applied) */
};

struct eg_fix_plan {
	struct eg_fix_device *devs;
	size_t ndevs;
	bool checked;		/* the checks ran before the plan */
	char **failing;		/* checks that failed or could not decide then */
	size_t nfailing;
	char **unrepaired;	/* of those, the ones no planned change repairs */
	size_t nunrepaired;
};

void eg_fix_plan_free(struct eg_fix_plan *p);

/* ---------------------------------------------------------------- fix.c (pure) */

/*
 * The change for device dev (a device of the intent) whose running
 * configuration, in `set` form ("set ..." and "deactivate ..." lines, as
 * get-configuration format="set" returns it), is set_text.  Fills *out
 * (caller frees its members with eg_fix_device_clear()).
 */
void eg_fix_device_plan(const struct eg_intent *in, const char *dev, const char *set_text,
			struct eg_fix_device *out);
void eg_fix_device_clear(struct eg_fix_device *d);

/* Total change lines of the plan. */
size_t eg_fix_plan_nlines(const struct eg_fix_plan *p);

/*
 * Fill p->unrepaired: the failing checks no device's change repairs.
 * When one of them is a check no configuration change repairs
 * (eg_fix_unrepairable: prefix-budget fed by the firewall's iBGP export or
 * by the amount of routes, a session down, Azure), a device change that
 * repairs none of the failing checks is held back: its lines move to
 * held, so it is planned and shown but never applied.  Changing owned
 * statements there would fight a cause erguard does not own, and its
 * re-check could only fail and roll back.
 */
void eg_fix_plan_unrepaired(struct eg_fix_plan *p);

/* ---------------------------------------------------------------- fix_print.c */

/*
 * The plan (and, after apply, each device's outcome) as text (set lines
 * and the compare view per device), JSON or XML.  EG_EINVAL for an
 * unknown format, EG_EIO when f could not be written.
 */
eg_err eg_fix_plan_print(const struct eg_fix_plan *p, const char *format, FILE *f);

/* ---------------------------------------------------------------- fix_apply.c (NETCONF) */

struct eg_fix_opts {
	struct eg_collect_opts collect;	/* timeouts, ssh_config, host keys */
	unsigned confirm_minutes;	/* commit confirmed N (default 5) */
	unsigned settle_seconds;	/* re-check bound (default 60) */
	const char *intent_source;	/* for the commit log */
	/*
	 * The devices still to be changed after this one: a re-check
	 * finding on one of them, for a check its own change repairs, is
	 * expected until its turn and does not fail this device.
	 */
	const struct eg_fix_device *const *later;
	size_t nlater;
};

/*
 * Read the running configuration of every selected device (devices NULL:
 * all devices of the intent) and plan its change.  A device that cannot
 * be read has status set and no lines.  Returns EG_OK when the plan was
 * made, whatever each device said.
 */
eg_err eg_fix_plan_live(const struct eg_intent *in, const char *const *devices, size_t ndevices,
			const struct eg_fix_opts *o, struct eg_fix_plan *out);

/* What became of one device's change. */
enum eg_fix_outcome {
	EG_FIX_NOTHING,		/* no change was needed */
	EG_FIX_CONFIRMED,	/* committed, re-checked, confirmed */
	EG_FIX_ROLLEDBACK,	/* committed confirmed, re-check failed, rolled back at once */
	EG_FIX_LOCKED,		/* someone else holds the lock: nothing loaded */
	EG_FIX_REJECTED,	/* load, commit check or commit refused: nothing committed */
	EG_FIX_LOST,		/* session lost after commit confirmed: the device rolls back */
	EG_FIX_UNREACHED,	/* no session: nothing changed */
	EG_FIX_SKIPPED		/* not tried: an earlier device failed */
};

const char *eg_fix_outcome_name(enum eg_fix_outcome x);

/*
 * Apply device d's change: exclusive lock, load the set lines, commit
 * check, commit confirmed, re-run the checks it repairs until they pass
 * or o->settle_seconds pass, then confirm with a plain commit, or roll
 * back at once (rollback 1 and commit); unlock on every path that took
 * the lock.  Sets d->outcome and d->account (the steps, one a line) and
 * *outcome.  Returns EG_OK when the change was confirmed or rolled back
 * cleanly, EG_ELOCKED when the lock is held by someone else, EG_ERPC
 * when the device refused the load or a commit, or the transport's
 * error.
 */
eg_err eg_fix_apply_device(const struct eg_intent *in, struct eg_fix_device *d,
			   const struct eg_fix_opts *o, enum eg_fix_outcome *outcome);

#endif
