/*
 * lab_hostile.h - a NETCONF device that attacks its client.
 *
 * `erguard-lab hostile MODE [ARG]` (or `--mode-file FILE`, whose first
 * line holds "MODE [ARG]", read when the session starts) speaks NETCONF
 * on stdin/stdout, so it serves as an exec transport's command or as an
 * sshd's "netconf" subsystem.  It answers like a Junos box (comments, a
 * hello with base:1.0 and base:1.1, <rpc-reply> echoing the message-id,
 * chunked framing when the client offers base:1.1 too) except where MODE
 * says otherwise; lab_hostile_usage() lists the modes.
 *
 * Guarantees: the process ends by itself: when the client goes away
 * (end of input, or a write that fails), and after LAB_HOSTILE_MAX_S
 * seconds whatever happens.  It reads and writes nothing else than
 * stdin/stdout, and ARG's file is only named to the client, never opened.
 */
#ifndef LAB_HOSTILE_H
#define LAB_HOSTILE_H

#include <stdio.h>

#define LAB_HOSTILE_MAX_S 120

/* Run one session; argv holds the words after "hostile".  Exit status. */
int lab_hostile_main(int argc, char **argv);
/* The modes, one per line. */
void lab_hostile_usage(FILE *f);

#endif
