/*
 * lab_intent.h - the erguard intent for a running lab.
 *
 * `erguard-lab up` writes DIR/intent.xml (module erguard-intent): every
 * lab device with its loopback address, port, the lab's user, client key
 * and known_hosts (strict host-key checking), and per CE/CE/firewall trio
 * the service the lab's routing world implements: trio k is customer
 * n = 10 + k, instance Cust<n>, the reference design (the service of
 * erguard's built-in intent, yang/default-intent.xml) with its customer
 * number 11 replaced by n in names, addresses and tunnel units, and its
 * devices by the trio's (trio 1 is exactly the seed).  The intent
 * describes the design, not the scenario: a scenario's breakage is what
 * erguard is expected to find.
 */
#ifndef LAB_INTENT_H
#define LAB_INTENT_H

#include <stdbool.h>
#include <stddef.h>

struct lab_intent_dev {
	const char *name;
	const char *role;	/* "ce" or "firewall" */
	int port;
};

/*
 * Write path (normally DIR/intent.xml) for devs (in world order: each trio
 * is CE1, CE2, firewall), user, the client's identity file and known_hosts;
 * with dual_stack, every service also names its IPv6 twins (lab_world_int.h).
 * Returns 0, or -1 with a reason in err.
 */
int lab_intent_write(const char *path, const struct lab_intent_dev *devs, size_t n, const char *user,
		     const char *identity, const char *known_hosts, bool dual_stack, char *err,
		     size_t errlen);

#endif
