/*
 * plan.h - which queries a run makes of which device.
 *
 * The plan is derived from the intent alone, so a live run, a snapshot and
 * an offline check all ask for exactly the same replies.  Queries are
 * narrow: the routing instance's table, advertisements per peer, the
 * instance's BGP summary, never a whole inet.0.
 */
#ifndef EG_PLAN_H
#define EG_PLAN_H

#include <stddef.h>

#include "intent.h"
#include "state.h"

/*
 * Build a state holding one observation (status EG_ENOTFOUND) per query
 * the checks need.  devices/ndevices restrict the plan to those device
 * names (NULL = every device of the intent); an unknown name is EG_EINVAL
 * with a diagnostic.  Caller frees *out with eg_state_free().
 */
eg_err eg_plan_build(const struct eg_intent *in, const char *const *devices,
		     size_t ndevices, struct eg_state **out);

/*
 * The same, for only the checks whose ids checks[0..nchecks) names (NULL:
 * every check): the plan then holds only the queries their rows need.
 * An id the catalogue does not know is EG_EINVAL with a diagnostic.
 */
eg_err eg_plan_build_checks(const struct eg_intent *in, const char *const *devices,
			    size_t ndevices, const char *const *checks, size_t nchecks,
			    struct eg_state **out);

/* True when name passes the device filter (no filter: always). */
bool eg_plan_selected(const char *name, const char *const *devices, size_t ndevices);

#endif
