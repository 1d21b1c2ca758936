/*
 * bench_rpc.c - erguard's per-RPC cost in one NETCONF session (make bench).
 *
 *   bench_rpc HOST PORT USER IDENTITY KNOWN_HOSTS COUNT INSTANCE
 *
 * Opens one session over libssh exactly as `erguard check` does, then
 * asks COUNT times for the BGP summary of INSTANCE, each reply streamed
 * through the same parser the checks use.  Every reply must parse into
 * a summary with at least one peer, or the run fails.  Prints
 *   rpcs COUNT open_ms X total_ms Y per_rpc_us Z
 * on stdout.  Exit status: 0 success, 1 failure, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "junos.h"
#include "model.h"
#include "nc.h"
#include "state.h"

static double
bench_rpc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
bench_rpc_one(struct eg_nc_session *s, const char *body, struct eg_obs *o)
{
	eg_err err;

	eg_obs_clear_data(o);
	o->status = EG_ENOTFOUND;
	if (eg_nc_session_rpc(s, body) != EG_OK)
		return -1;
	err = eg_junos_parse_io(eg_nc_reply_read, s, o->q.device, o);
	if (eg_nc_session_err(s) == EG_OK)
		eg_nc_reply_finish(s);
	if (eg_nc_session_err(s) != EG_OK || err != EG_OK || o->status != EG_OK)
		return -1;
	return o->u.bgp != NULL && o->u.bgp->npeers > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct eg_nc_opts opts;
	struct eg_nc_session *s = NULL;
	struct eg_obs obs;
	struct eg_nc_diag why;
	char *body = NULL, *end;
	double t0, t1, t2;
	long count, i;
	int rc = 1;

	if (argc != 8) {
		fprintf(stderr, "usage: bench_rpc HOST PORT USER IDENTITY KNOWN_HOSTS COUNT INSTANCE\n");
		return 2;
	}
	count = strtol(argv[6], &end, 10);
	if (*end != '\0' || count < 1) {
		fprintf(stderr, "bench_rpc: COUNT must be a positive number\n");
		return 2;
	}
	memset(&opts, 0, sizeof(opts));
	opts.device = "bench";
	opts.kind = EG_NC_SSH;
	opts.host = argv[1];
	opts.port = (uint16_t)strtoul(argv[2], NULL, 10);
	opts.user = argv[3];
	opts.identity_file = argv[4];
	opts.known_hosts = argv[5];
	opts.no_prompt = true;

	memset(&obs, 0, sizeof(obs));
	obs.q.kind = EG_Q_BGP_SUMMARY;
	obs.q.device = argv[1];
	obs.q.instance = argv[7];
	body = eg_junos_rpc(&obs.q);
	if (body == NULL)
		goto cleanup;

	t0 = bench_rpc_now();
	if (eg_nc_session_open(&opts, &s, &why) != EG_OK) {
		fprintf(stderr, "bench_rpc: %s\n", why.msg);
		goto cleanup;
	}
	t1 = bench_rpc_now();
	for (i = 0; i < count; i++) {
		if (bench_rpc_one(s, body, &obs) != 0) {
			fprintf(stderr, "bench_rpc: RPC %ld: %s%s\n", i + 1, eg_nc_session_why(s),
				obs.why ? obs.why : " (no BGP peers in the reply)");
			goto cleanup;
		}
	}
	t2 = bench_rpc_now();
	printf("rpcs %ld open_ms %.1f total_ms %.1f per_rpc_us %.0f\n", count, t1 - t0,
	       t2 - t1, (t2 - t1) * 1e3 / (double)count);
	rc = 0;
cleanup:
	eg_nc_session_close(s);
	obs.q.device = NULL;
	obs.q.instance = NULL;
	eg_obs_clear_data(&obs);
	free(body);
	return rc;
}
