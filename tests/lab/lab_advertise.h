/*
 * lab_advertise.h - what the lab's devices advertise when one of them
 * carries a given configuration, computed offline.
 *
 * `erguard-lab advertise` builds the routing world of a scenario in a work
 * folder (no sshd is started), lays a given Junos <configuration> over one
 * device's, optionally gives that device further directly connected
 * subnets, and saves every device's `show route advertising-protocol bgp
 * PEER table TABLE detail` reply, one per configured BGP neighbor, into a
 * snapshot folder laid out as `erguard snapshot` writes it.  The replies
 * come from the routing world's own operational code (lab_oper_rpc), so an
 * offline `erguard check --from` judges them as it judges a live lab.
 *
 * Guarantees: the snapshot files are named by erguard's own naming
 * (eg_snapshot_path) for the RPC erguard itself sends (eg_junos_rpc); the
 * work folder is left with the world in it, so `erguard-lab show --dir
 * WORK --device NAME rib|config` explains a result; nothing is written
 * outside the work and snapshot folders.
 */
#ifndef LAB_ADVERTISE_H
#define LAB_ADVERTISE_H

#include <stddef.h>
#include <stdio.h>

struct lab_advertise_opts {
	const char *dir;		/* work folder; its world is replaced */
	const char *scenario;		/* NULL: "compliant" */
	const char *config;		/* a file holding a <configuration> (root or deeper) */
	const char *device;		/* the device that takes it */
	char *const *subnets;		/* PREFIX strings: further direct subnets of device */
	size_t nsubnets;
	const char *out_dir;		/* snapshot folder, created if missing */
};

/*
 * Lay the configuration found in o->config over o->device's configuration
 * in a fresh world of o->scenario (trio 1) built in o->dir:
 *   - a statement the given configuration holds is as it holds it, one it
 *     leaves out keeps the scenario's;
 *   - an element with a <name> child is an entry, merged into the entry of
 *     the same kind and name; the entries directly under policy-options
 *     (policy-statement, prefix-list, community, ...) are taken whole;
 *   - an element with other element children is a container, merged;
 *   - an element without element children (a value or a flag) replaces
 *     every same-named sibling, so a multi-valued statement (export [ a b ])
 *     is replaced as a whole;
 *   - a merged element takes the given one's inactive/active attribute.
 * Then each of o->subnets that is not already a subnet of the device's
 * routing instance becomes one: a unit of interface ge-0/0/15 with the
 * highest free host address of the prefix, added to the instance.
 * Finally the advertising-protocol reply for every BGP neighbor of every
 * device of the trio is written to o->out_dir, and one line per file to
 * out (may be NULL): device, peer, session state, route count, path.
 * Returns 0, or -1 with a one-line reason in err.
 */
int lab_advertise_run(const struct lab_advertise_opts *o, FILE *out, char *err, size_t errlen);

#endif
