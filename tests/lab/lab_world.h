/*
 * lab_world.h - the lab's routing world: devices, BGP, RIBs, events.
 *
 * The world is a pure function of (configurations and the instants they
 * were committed, event log, time): nothing runs in the background.
 * Every question (an operational RPC, `erguard-lab show`) re-reads every
 * device's configuration history (DIR/world/configs/<NAME>/MS.xml, or
 * DIR/devices/<NAME>/committed.xml for a device never committed to),
 * replays DIR/world/events.log and the commits up to "now", and derives each device's BGP sessions, RIB and
 * advertisements by the Junos best-path order.  Simulated external peers
 * (the MSEEs and the VPN gateway peers) are described by the scenario file
 * tests/lab/scenarios/NAME.xml and stored in DIR/world/.
 *
 * Files under DIR written or read here:
 *   DIR/world/scenario.xml        the scenario in force (copied at init)
 *   DIR/world/devices             one "NAME ROLE RELEASE" line per device
 *   DIR/world/events.log          events, commits and derived changes, true times (ms)
 *   DIR/world/configs/<NAME>/MS.xml  the configuration committed at MS (0.xml: before
 *                                 the first commit); see lab_world_commit
 *   DIR/devices/<NAME>/committed.xml   written at init; the configuration
 *                                 database owns it afterwards
 *   DIR/lab.conf                  read only: "time-scale=X" (default 1)
 *
 * Return convention (shared with the lab's other modules): 0 success,
 * -1 failure with a one-line reason in err (errlen bytes, may be 0);
 * lab_oper_rpc also returns 1 for an RPC it does not know.
 */
#ifndef LAB_WORLD_H
#define LAB_WORLD_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

/*
 * Create DIR/world/ and DIR/devices/<NAME>/committed.xml (the initial full
 * Junos configuration of each device, root <configuration>, no namespace)
 * from tests/lab/scenarios/SCENARIO.xml (NULL: "compliant"; looked up under
 * $EG_ROOT when set, else relative to the working directory; a path with a
 * '/' or ending in ".xml" is used as is).  ntrios >= 1 CE/CE/firewall trios:
 * trio 1 is SEA-MX03-01, SEA-MX03-02, SEA-SRX42-01 with instance Cust11;
 * trio k > 1 is SEA-MX03-01-k, SEA-MX03-02-k, SEA-SRX42-01-k with instance
 * Cust(10+k) and, with n = 10+k, prefixes 10.1.n.0/25 on-prem,
 * 10.17.n.0/25 hub and 10.17.n.128/26 spoke, links in 192.168.n.0/24 (as
 * the scenario files' {n} placeholders say).  Existing world files are replaced.
 */
/* A whole file, NUL-terminated (caller frees); NULL when it cannot be read. */
char *lab_slurp(const char *path);

int lab_world_init(const char *dir, const char *scenario, int ntrios, char *err, size_t errlen);

/*
 * The devices of the world, in creation order.  roles are "ce" or
 * "firewall"; releases are Junos release strings ("21.4R3", "20.4R3").
 * On success the caller owns the arrays; free with lab_world_devices_free.
 */
int lab_world_devices(const char *dir, char ***names, char ***roles, char ***releases, size_t *n);
void lab_world_devices_free(char **names, char **roles, char **releases, size_t n);

/*
 * Answer an operational RPC: rpc is the element inside <rpc> (any
 * namespace, matched by local name).  Writes the reply body (what goes
 * inside <rpc-reply>) to out, with the per-release namespaces of release.
 * Known: get-route-information, get-bgp-summary-information,
 * get-bgp-neighbor-information, get-bfd-session-information,
 * get-instance-information, traceroute.
 * Returns 0 handled, 1 unknown RPC (nothing written), -1 error.
 */
int lab_oper_rpc(const char *dir, const char *device, const char *release, xmlNodePtr rpc,
		 FILE *out, char *err, size_t errlen);

/*
 * `erguard-lab event --dir DIR ARGS...`: argv holds the event and its target:
 *   er-down|er-up primary|secondary|both
 *   vpn-down|vpn-up .76|.77|both        (also full addresses)
 * [--trio K] selects a trio (default: every trio).  Other words before the
 * event name ("event") and other --option VALUE pairs are ignored, so the
 * caller may pass its whole command line.
 * Appends the event and its derived changes to DIR/world/events.log and
 * writes a one-line summary to out.
 */
int lab_world_event(const char *dir, int argc, char **argv, FILE *out, char *err, size_t errlen);

/*
 * A commit of device's configuration (doc, root <configuration>) is an
 * event of the world: kept as DIR/world/configs/DEVICE/MS.xml (the
 * configuration before the first commit as 0.xml), in force from its
 * instant MS on, logged as "DEVICE commit TEXT" and its consequences
 * predicted.  Called before committed.xml is replaced.  A folder without
 * a world, or a device outside it, is left alone (0).
 */
int lab_world_commit(const char *dir, const char *device, xmlDocPtr doc, const char *text,
		     char *err, size_t errlen);

/*
 * `erguard-lab show --dir DIR --device NAME WHAT`, what = "rib" (the
 * device's routing instance tables, CLI-like text with LP, AS path, next
 * hop, active flag) or "events" (events.log lines that concern the device,
 * the world-wide ones included).
 */
int lab_world_show(const char *dir, const char *device, const char *what, FILE *out,
		   char *err, size_t errlen);

/*
 * 1 when the lab's scenario is dual-stack (option "dual-stack": the
 * instance's inet6.0 answered as the IPv6 twin of its inet.0), else 0.
 */
int lab_world_dual_stack(const char *dir);

/*
 * The scenario's expected failing check IDs (sorted, no duplicates).
 * Caller frees each string and the array.  An empty list is n = 0.
 */
int lab_world_expected(const char *dir, char ***check_ids, size_t *n);

#endif
