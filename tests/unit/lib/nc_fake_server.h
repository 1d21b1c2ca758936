/*
 * nc_fake_server.h - a scripted Junos-like NETCONF server on stdin/stdout
 * for the transport tests: the test binary runs it when started as
 * "BINARY --serve MODE" (by the exec transport, or as an sshd netconf
 * subsystem).  End-of-message framing, a Junos hello with its comments,
 * message-ids echoed.  Modes: normal, big (20000 routes per reply),
 * drop (dies in the middle of the first reply), stall (never answers).
 * serve_main() is the start of such a binary's main().  Implemented in
 * nc_fake_server.c, part of libegtest.a.
 */
#ifndef EG_NC_FAKE_SERVER_H
#define EG_NC_FAKE_SERVER_H

#include <stddef.h>

/*
 * The start of main() in a test binary that is also the server: when
 * started as "BINARY --serve MODE", serves and returns the exit status;
 * otherwise stores this binary's path in self (the command the tests have
 * run as the server) and returns -1, or 1 when the path cannot be read.
 */
int serve_main(int argc, char **argv, char *self, size_t size);

#endif
