/*
 * diff.h - what changed between two runs over the same intent: before
 * and after a change window.
 *
 * Two sets of observations from the same plan (two snapshots, or a
 * snapshot and the devices now) and their two reports are compared:
 * checks that changed status; prefixes added to or removed from a peer's
 * advertisements, either way; the AS path, MED, communities and
 * local-preference of a route that both sides hold; BGP and BFD session
 * states; the firewall's active path to every Azure prefix.  Nothing else
 * counts: commit times, counters, ages and uptimes never make a change.
 * A change is "worse" when the intent cares: a check went from pass to
 * fail or unknown, an Azure prefix lost its ExpressRoute path, a BGP or
 * BFD session went down, a reply could be read before and not after.
 *
 * diff.c builds the list; render_diff.c prints it (text, json, junit).
 * The diff owns its strings.  Out of memory is fatal (util.h).
 */
#ifndef EG_DIFF_H
#define EG_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "intent.h"
#include "report.h"
#include "state.h"

struct eg_render_opts;		/* render.h */

enum eg_diff_kind {
	EG_DIFF_CHECK,		/* a check's status */
	EG_DIFF_ADVERTISED,	/* a prefix added to or removed from what a device advertises to a peer */
	EG_DIFF_RECEIVED,	/* ... or receives from it */
	EG_DIFF_ATTRIBUTE,	/* AS path, MED, communities or local-preference of a route */
	EG_DIFF_BGP,		/* a BGP session's state */
	EG_DIFF_BFD,		/* a BFD session's state */
	EG_DIFF_ACTIVE,		/* the firewall's active path to an Azure prefix */
	EG_DIFF_REPLY,		/* a reply that could be read on one side only */
	EG_DIFF_NKINDS
};

/* One change. */
struct eg_change {
	enum eg_diff_kind kind;
	bool worse;		/* the intent cares, and it got worse */
	char *device;		/* NULL for a check spanning devices */
	char *subject;		/* what changed: "peer 192.168.11.18 10.1.11.0/25",
				   "er-adv-symmetry Cust11 SEA-MX03-01+SEA-MX03-02" */
	char *attribute;	/* "as-path", "med", "communities", "local-preference"; else NULL */
	char *before, *after;	/* the values: "pass" -> "fail", "absent" -> "advertised" */
	char *message;		/* one sentence for people */
};

struct eg_diff {
	char *old_source, *new_source;	/* "snap-before", "live" */
	int64_t started_at;		/* unix seconds */
	struct eg_change *changes;
	size_t nchanges, cap;
};

/* ------------------------------------------------------------ diff.c */

/* "check", "advertised", ...; "?" for no kind. */
const char *eg_diff_kind_name(enum eg_diff_kind k);

/*
 * Compare the old and new observations (made from the same plan, so in
 * the same order) and reports of one intent.  old_source and new_source
 * name the sides for the output.  EG_EINVAL, logged, when the two states
 * do not come from the same plan.  Caller frees *out with eg_diff_free().
 */
eg_err eg_diff_build(const struct eg_intent *in,
		     const struct eg_state *old_st, const struct eg_report *old_rep,
		     const struct eg_state *new_st, const struct eg_report *new_rep,
		     const char *old_source, const char *new_source, struct eg_diff **out);
void eg_diff_free(struct eg_diff *d);

/* How many changes are worse. */
size_t eg_diff_nworse(const struct eg_diff *d);

/* ------------------------------------------------------------ render_diff.c */

/* One hook table per output format, as for reports (render.h). */
struct eg_diff_renderer {
	const char *name;	/* "text", "json", "junit" */
	eg_err (*render)(const struct eg_diff *d, const struct eg_render_opts *o, FILE *f);
};

/* The diff renderer of that name (static); NULL when there is none. */
const struct eg_diff_renderer *eg_diff_renderer_find(const char *name);

#endif
