/*
 * lab_server.h - a lab device's NETCONF server, the Junos way.
 *
 * `erguard-lab serve --dir DIR --device NAME` runs as the "netconf"
 * subsystem of the device's sshd and speaks NETCONF on its stdin/stdout:
 * the Junos comments and a base:1.0-only hello (base:1.1 and chunked
 * framing too when the lab was started with --chunked and the client
 * offers 1.1), <rpc-reply> with the per-release junos namespace and the
 * <rpc>'s attributes echoed, RPCs accepted with or without a namespace.
 * Configuration and session RPCs are answered from the device's
 * configuration database (lab_cfgdb.h), operational ones by the routing
 * world (lab_oper_rpc); anything else gets Junos' "syntax error".
 *
 * Guarantees: every reply is written with one write(); the session ends
 * after LAB_SERVER_IDLE_S seconds without input (or lab.conf's
 * idle-timeout); faults of the device (lab_fault.h) are applied before
 * each reply; an exclusive lock this session holds is released, with its
 * uncommitted changes, when the session ends.
 */
#ifndef LAB_SERVER_H
#define LAB_SERVER_H

#define LAB_SERVER_IDLE_S 600

/* Serve one session on fds in/out; returns the process exit status. */
int lab_server_run(const char *dir, const char *device, int in, int out);

#endif
