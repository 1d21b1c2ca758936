/*
 * drill_model.h - what `erguard drill` knows and decides without a
 * device: its options, its observations (polls, instants, phases, the
 * CEs' commits and sessions, the path proof's traces) and result, and
 * the pure functions over them (path classes, transitions, verdicts,
 * the triggers and the CE's ExpressRoute unit), in drill_model.c.
 * The run (drill.h), the path proof (drill_trace.h) and the printers
 * stand on it.
 * Ownership: a result owns its strings; free it with eg_drill_result_free().
 */
#ifndef EG_DRILL_MODEL_H
#define EG_DRILL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collect.h"
#include "eg_err.h"
#include "intent.h"
#include "model.h"

/* Which ExpressRoute links the drill takes down (bits of the link index 0, 1). */
enum eg_drill_links { EG_DRILL_PRIMARY = 1, EG_DRILL_SECONDARY = 2, EG_DRILL_BOTH = 3 };

/*
 * What takes the links down.  bgp and interface make the CE close the
 * session itself at the commit (nothing is detected); blackhole makes the
 * CE deaf to the MSEE, so the session drops when BFD (or, without BFD,
 * the hold timer) detects it; external commits nothing and watches a
 * failure brought about by someone else.
 */
enum eg_drill_trigger {
	EG_DRILL_TRIGGER_BGP = 0,	/* deactivate the ExpressRoute eBGP neighbor */
	EG_DRILL_TRIGGER_INTERFACE,	/* disable the CE's ExpressRoute unit */
	EG_DRILL_TRIGGER_BLACKHOLE,	/* an input filter on that unit discards everything */
	EG_DRILL_TRIGGER_EXTERNAL	/* nothing committed: watch from the given instant */
};

#define EG_DRILL_FILTER "erguard-drill"	/* the blackhole trigger's firewall filter */

/* Where the firewall's active path for a prefix goes. */
enum eg_drill_via {
	EG_VIA_UNKNOWN = -3,	/* the poll failed */
	EG_VIA_NONE = -2,	/* no active route */
	EG_VIA_OTHER = -1,	/* active, but neither a CE nor a VPN gateway */
	EG_VIA_VPN = 100	/* a VPN gateway; 0..99: the ExpressRoute link of that index */
};

struct eg_drill_opts {
	struct eg_collect_opts collect;
	const char *service;		/* NULL: the intent's first service */
	unsigned links;			/* enum eg_drill_links */
	unsigned max_convergence_s;	/* 0: the intent's bound */
	unsigned watch_s;		/* per phase; 0: 2 x max + 5 */
	bool no_trace;			/* skip the path proof (reported as not done) */
	int trigger;			/* enum eg_drill_trigger */
	int64_t since_wall_ms;		/* external: the failure's instant (CLOCK_REALTIME ms); 0: now */
};

/* One poll of one prefix: sent and answered (ms, monotonic, from the trigger). */
struct eg_drill_sample {
	int64_t sent, recv;
	int via;			/* enum eg_drill_via or a link index */
};

/* One poll of a CE's ExpressRoute BGP session (ms, monotonic, from the trigger). */
struct eg_drill_peer_sample {
	int64_t sent, recv;
	int up;				/* 1 Established, 0 not (or not configured), -1 no answer */
	int bfd;			/* 1 BFD Up, 0 not, -1 not reported */
};

/* A transition: happened in (lo, hi]; at = midpoint, err = half the width. -1: not seen. */
struct eg_drill_instant {
	int64_t at, err;
};

struct eg_drill_phase {
	struct eg_drill_instant left;	/* the active path left where it was */
	struct eg_drill_instant arrived;/* ... and arrived where it should */
	int final_via;			/* where it was at the end of the watch */
};

struct eg_drill_prefix {
	struct eg_prefix pfx;
	int before;			/* where it was before the trigger */
	struct eg_drill_phase failover, failback;
	struct eg_drill_sample *samples;
	size_t nsamples;
};

/* One CE the trigger touched. */
struct eg_drill_ce {
	char *device;
	char *line;			/* "deactivate routing-instances ... neighbor X" (lines) */
	char *restore_line;		/* what undoes it: "activate ...", "delete ..." */
	struct eg_drill_instant trigger;	/* the confirmed commit, sent to answered */
	struct eg_drill_instant restore;	/* the restoring commit */
	int64_t trigger_wall_ms;	/* CLOCK_REALTIME at trigger.at */
	int64_t restore_wall_ms;
	int64_t rollback_wall_ms;	/* when the device's own rollback fires, or 0 */
	bool triggered, restored;
	char *account;			/* the steps, one a line */
	struct eg_addr peer;		/* the ExpressRoute neighbor the trigger takes down */
	struct eg_drill_peer_sample *psamples;	/* the watch's polls of that session */
	size_t npsamples;
	struct eg_drill_instant peer_down;	/* the session left Established */
	struct eg_drill_instant peer_up;	/* ... and was Established again */
	int peer_down_bfd;		/* BFD at the first poll that saw it down: 1 Up, 0 down, -1 */
};

/* When a path proof was traced: before the trigger, after the failover, after the failback. */
enum eg_drill_trace_phase { EG_TRACE_BEFORE, EG_TRACE_DURING, EG_TRACE_AFTER };

/* Whether the path proof was done (the traces are in the result when so). */
enum eg_drill_proof {
	EG_PROOF_DONE,		/* every phase the drill reached was traced */
	EG_PROOF_SKIPPED,	/* --no-trace */
	EG_PROOF_NO_HOSTS	/* the intent names no test host */
};

/* One traceroute of the path proof. */
struct eg_drill_trace {
	enum eg_drill_trace_phase phase;
	struct eg_addr host;
	struct eg_trace_hop *hops;
	size_t nhops;
	bool answered;			/* the firewall answered (hops are its answer) */
	bool reached;			/* the trace reached the host */
	int via;			/* a link index, EG_VIA_VPN, NONE (not reached), UNKNOWN */
	bool ok;			/* via is what the phase expects */
	char *why;			/* not ok: what was expected and seen, with the hops */
	int64_t sent, recv;		/* ms from the trigger */
};

enum eg_drill_outcome {
	EG_DRILL_PASSED,	/* restored, both phases within the bound */
	EG_DRILL_SLOW,		/* restored, a phase over the bound or never seen */
	EG_DRILL_REFUSED,	/* pre-flight failed: nothing touched */
	EG_DRILL_UNRESTORED,	/* the restore failed: something is left */
	EG_DRILL_ABORTED,	/* a device could not be reached or refused the trigger */
	EG_DRILL_WRONG_PATH	/* a traceroute of the path proof took another path */
};

struct eg_drill_result {
	char *service, *firewall, *table;
	unsigned links, max_convergence_s, watch_s, confirm_minutes;
	int trigger;			/* enum eg_drill_trigger */
	char **failing;			/* pre-flight: failing check ids (refused) */
	size_t nfailing;
	char **after_failing;		/* the check after restore */
	size_t nafter_failing;
	bool after_checked;
	struct eg_drill_ce *ces;
	size_t nces;
	struct eg_drill_prefix *prefixes;
	size_t nprefixes;
	int64_t wall_at_zero;		/* CLOCK_REALTIME of the monotonic 0 (the trigger) */
	double polls_per_s;		/* the watch's rate, every prefix together */
	double rtt_ms;			/* the polls' mean round trip */
	enum eg_drill_proof proof;
	struct eg_drill_trace *traces;	/* the path proof, in the order traced */
	size_t ntraces;
	enum eg_drill_outcome outcome;
	char *why;			/* aborted/unrestored: what happened, or NULL */
};

void eg_drill_result_free(struct eg_drill_result *r);

/* ---------------------------------------------------------------- drill_model.c */

/* "bgp", "interface", "blackhole", "external" -> enum eg_drill_trigger; -1 otherwise. */
int eg_drill_trigger_parse(const char *s);
const char *eg_drill_trigger_name(int trigger);
/* What a trigger rehearses, one sentence for the report. */
const char *eg_drill_trigger_exercises(int trigger);

/*
 * From a CE's configuration (a get-configuration reply or a bare
 * <configuration>, groups applied), the interface and unit whose inet
 * address holds peer, and the unit's input filter (NULL when none).
 * EG_ENOTFOUND when no unit has such an address, EG_EPARSE on a reply
 * that is not XML.  The caller frees the strings.
 */
eg_err eg_drill_er_unit(const char *xml, size_t len, const struct eg_addr *peer, char **ifd,
			char **unit, char **filter);

/* "primary", "secondary", "both" -> bits; 0 for anything else. */
unsigned eg_drill_links_parse(const char *s);

/*
 * Where path p (the active one, or NULL for none) goes in service svc:
 * an ExpressRoute link (its index) when learned from or next hop to a
 * CE's address, EG_VIA_VPN for a VPN gateway peer, else EG_VIA_OTHER.
 */
int eg_drill_classify(const struct eg_service *svc, const struct eg_path *p);

/* True when via is in the set: a link whose bit is in links, or VPN with vpn. */
bool eg_drill_via_in(int via, unsigned links, bool vpn);

/*
 * From samples (in time order, from index first), the first change out of
 * the set (links, vpn) of where it was, then the first arrival into the
 * target set (tlinks, tvpn); unknown samples are skipped.  A change
 * cannot precede its cause: the span of a transition starts no earlier
 * than not_before (the cause's commit sent).  Fills ph.
 */
void eg_drill_transitions(const struct eg_drill_sample *s, size_t n, size_t first,
			  unsigned from_links, bool from_vpn, unsigned to_links, bool to_vpn,
			  int64_t not_before, struct eg_drill_phase *ph);

/*
 * The first change of a CE's session to want_up (1 Established, 0 not)
 * in samples s from index first, after a known sample in the other
 * state; the span starts no earlier than not_before.  Returns the index
 * of the sample that saw it, or n (and out->at = -1) when none did.
 */
size_t eg_drill_peer_flip(const struct eg_drill_peer_sample *s, size_t n, size_t first,
			  int want_up, int64_t not_before, struct eg_drill_instant *out);

/* Verdict of one phase: the arrival within max_ms of zero_ms (upper bound). */
bool eg_drill_within(const struct eg_drill_phase *ph, int64_t zero_ms, int64_t max_ms);

/* The name of a via for reports ("primary", "vpn", "none", ...). */
const char *eg_drill_via_name(const struct eg_service *svc, int via);

const char *eg_drill_outcome_name(enum eg_drill_outcome x);

/* The service the drill runs on (o->service or the first), or NULL. */
const struct eg_service *eg_drill_service(const struct eg_intent *in, const char *name);

#endif
