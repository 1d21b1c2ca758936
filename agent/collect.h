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

struct eg_collect_opts {
	unsigned parallel;		/* devices at once; 0 = default (16) */
	unsigned rpc_timeout_s;		/* per RPC; 0 = default (30) */
	unsigned session_timeout_s;	/* per device session; 0 = default (120) */
	uint64_t max_reply_bytes;	/* 0 = default (512 MiB) */
	bool accept_new_hostkeys;	/* trust on first use (never for changed keys) */
	const char *snapshot_dir;	/* also save every reply here, or NULL */
	const char *ssh_config;		/* an ssh_config file to read, or NULL (~/.ssh/config) */
};

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
