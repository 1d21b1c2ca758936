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
 *   lock [USER]              the configuration lock is held by USER (admin)
 *   auth-refuse              the device's sshd accepts no key
 *   hostkey                  the device presents a new host key
 * RPC "*" or none means every RPC.  `clear [KIND]` removes one kind or all,
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
};

/* The faults in force for rpc (local name of the RPC element). */
int lab_fault_lookup(const char *dir, const char *device, const char *rpc, struct lab_fault_hit *hit);

/* `erguard-lab fault --dir DIR --device NAME ARGS...`; argv holds ARGS. */
int lab_fault_cmd(const char *dir, const char *device, const char *exe, int argc, char **argv,
		  FILE *out, char *err, size_t errlen);

/* Restart the device's sshd on its port (after its host key changed). */
int lab_fault_restart_sshd(const char *dir, const char *device, char *err, size_t errlen);

#endif
