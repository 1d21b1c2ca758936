/*
 * lab_fault.h - injectable faults of a lab device.
 *
 * Faults persist in DIR/devices/<NAME>/faults (one per line) so every
 * `serve` process of the device sees them, including sessions already
 * open: the server re-reads the file before each reply.  Kinds:
 *   drop-after BYTES [RPC]   write BYTES of the framed reply, then drop
 *   delay SECONDS [RPC]      wait before replying
 *   rpc-error RPC [MESSAGE]  answer RPC with an application rpc-error
 *   malformed [RPC]          reply with XML that is not well-formed
 *   truncate [RPC]           reply with XML cut short, properly framed
 *   replay FILE [RPC]        answer RPC with the content of the <rpc-reply>
 *                            saved in FILE (a recorded reply, e.g. the large
 *                            route tables of make bench); a <cli> trailer
 *                            is left out, as NETCONF carries none
 *   latency MS               the lab's relay (lab_relay.h) gives the device a
 *                            round trip of MS milliseconds instead of the
 *                            lab's --rtt, sessions already open included
 *   lock [USER]              the configuration lock is held by USER (admin)
 *   auth-refuse              the device's sshd accepts no key
 *   hostkey                  the device presents a new host key
 * RPC "*" or none means every RPC; NAME means every RPC of that name;
 * NAME[CHILD,...] only those whose child elements are exactly these, in
 * order (get-route-information[table] is "show route table T", not the
 * advertising-protocol form).  `clear [KIND]` removes one kind or all,
 * restoring keys and host key; `list` prints what is in force.
 */
#ifndef LAB_FAULT_H
#define LAB_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What applies to one reply. */
struct lab_fault_hit {
	long drop_after;	/* -1: none */
	double delay_s;		/* 0: none */
	char error[512];	/* rpc-error message, "" = none */
	bool malformed;
	bool truncate;
	char replay[256];	/* file of a recorded reply, "" = none */
};

/*
 * The faults in force for rpc: "NAME[CHILD,...]", the local names of the
 * RPC element and of its child elements (lab_fault_rpc_key() makes it).
 */
int lab_fault_lookup(const char *dir, const char *device, const char *rpc, struct lab_fault_hit *hit);

/* The key of an RPC element for lab_fault_lookup() into key (keylen bytes). */
void lab_fault_rpc_key(const char *name, const char *const *children, size_t n, char *key,
		       size_t keylen);

/* The device's latency fault: 1 with *ms set, 0 when there is none. */
int lab_fault_latency(const char *dir, const char *device, int *ms);

/* `erguard-lab fault --dir DIR --device NAME ARGS...`; argv holds ARGS. */
int lab_fault_cmd(const char *dir, const char *device, const char *exe, int argc, char **argv,
		  FILE *out, char *err, size_t errlen);

/* Restart the device's sshd on its port (after its host key changed). */
int lab_fault_restart_sshd(const char *dir, const char *device, char *err, size_t errlen);

#endif
