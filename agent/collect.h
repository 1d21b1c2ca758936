/*
 * collect.h - fill a run's observations from live devices over NETCONF.
 *
 * One session per device for the whole run, devices in parallel with a
 * bounded pool.  A device that cannot be reached or fails mid-run leaves
 * its observations failed with the reason (refused, timeout, auth, host
 * key, the device's rpc-error text); the other devices are still read.
 */
#ifndef EG_COLLECT_H
#define EG_COLLECT_H

#include <stdbool.h>
#include <stdint.h>

#include "intent.h"
#include "state.h"

struct eg_nc_session;

struct eg_collect_opts {
	unsigned parallel;		/* devices at once; 0 = default (16) */
	unsigned rpc_timeout_s;		/* per RPC; 0 = default (30) */
	unsigned session_timeout_s;	/* per device session; 0 = default (120) */
	uint64_t max_reply_bytes;	/* 0 = default (512 MiB) */
	bool accept_new_hostkeys;	/* trust on first use (never for changed keys) */
	const char *snapshot_dir;	/* also save every reply here, or NULL */
	const char *ssh_config;		/* an ssh_config file to read, or NULL (~/.ssh/config) */
	struct eg_collect_keep *keep;	/* sessions kept open across runs, or NULL */
};

/*
 * Sessions kept open from one run to the next (erguard watch).  A device
 * whose session cannot be opened, or dies, is tried again at a later run,
 * after a delay that starts at base_s and doubles with every failed
 * attempt up to cap_s; meanwhile its observations fail with the last
 * reason and the time of the next attempt.  The other devices' runs go
 * on regardless.
 */
struct eg_collect_link {
	char *device;
	struct eg_nc_session *s;	/* open session, or NULL */
	bool up;			/* the last run read the device over a live session */
	unsigned failures;		/* failed opens in a row */
	int64_t retry_at_ms;		/* no new attempt before (eg_nc_now_ms) */
	eg_err err;			/* why the device is down */
	char why[512];			/* "DEVICE: reason", "" while up */
};

struct eg_collect_keep {
	struct eg_collect_link *links;
	size_t nlinks, cap;
	unsigned base_s, cap_s;		/* backoff: first delay, longest delay */
};

/* A new, empty set of kept sessions; free it with eg_collect_keep_free(). */
struct eg_collect_keep *eg_collect_keep_new(unsigned base_s, unsigned cap_s);
/* Close every session (with <close-session/>) and free k.  Accepts NULL. */
void eg_collect_keep_free(struct eg_collect_keep *k);
/* The link of device, or NULL when no run has seen it. */
const struct eg_collect_link *eg_collect_keep_find(const struct eg_collect_keep *k,
						   const char *device);

/*
 * Query every device of st.  Returns EG_OK when collection ran (whatever
 * each device answered); the per-device outcome is in the observations.
 */
eg_err eg_collect_live(const struct eg_intent *in, struct eg_state *st,
		       const struct eg_collect_opts *opts);

struct eg_nc_opts;
/*
 * The session options for dev under co (also fix's sessions): the
 * intent's transport, host, user, keys and host-key policy, co's timeouts.
 */
void eg_collect_nc_opts(const struct eg_intent_device *dev, const struct eg_collect_opts *co,
			struct eg_nc_opts *o);

#endif
