/*
 * lab_relay.h - distance for the lab: a TCP relay on 127.0.0.1 in front
 * of every device's sshd.
 *
 * There is no kernel queueing discipline to borrow here, so the lab
 * makes its own wide-area link: one relay process (forked by `up`)
 * accepts on a port per device and, for every connection, opens one to
 * the device's sshd (DIR/devices/NAME/sshd.port, read at each accept, so
 * an sshd restarted on its port is found again).  Each read on either
 * side is timestamped and delivered to the other side half a round trip
 * later, in order; with a bandwidth set, a read is also held for the
 * time its bytes take on a link of that rate (per connection and
 * direction).  A device's `latency MS` fault (lab_fault.h) replaces the
 * lab's round trip for that device, for sessions already open too.
 * End of stream is passed on (as a half close) after the data before it.
 *
 * What it cannot show: the TCP handshake itself (the kernel completes it
 * on loopback at once), and the delay of TCP acknowledgements (each side
 * talks to the relay's kernel), so Nagle's algorithm costs nothing here.
 *
 * The relay ends by itself when DIR/relay.pid no longer names it, when
 * none of the lab's sshd's has been alive for a few seconds, or after a
 * day; `down` stops it with every process that names the lab's folder.
 *
 * Return convention: 0 success, -1 failure with a reason in err.
 */
#ifndef LAB_RELAY_H
#define LAB_RELAY_H

#include <stddef.h>
#include <sys/types.h>

#define LAB_RELAY_RTT_MAX_MS 10000

struct lab_relay;

/* A relay to be: round trip rtt_ms, bandwidth in Mbit/s (0: no cap). */
struct lab_relay *lab_relay_new(int rtt_ms, double mbit);
/* Free what lab_relay_start did not take over.  Accepts NULL. */
void lab_relay_free(struct lab_relay *r);

/* Listen on a new loopback port for device (borrowed name); *port is it. */
int lab_relay_add(struct lab_relay *r, const char *device, int *port, char *err, size_t errlen);

/*
 * Fork the relay process for every device added, detached (its own
 * session, no terminal, stderr to DIR/relay.log), its pid in
 * DIR/relay.pid.  The caller's copies of the listening sockets are
 * closed; the relay's ports accept connections on return.
 */
int lab_relay_start(struct lab_relay *r, const char *dir, pid_t *pid, char *err, size_t errlen);

/* The number a lab file holds (a pid, a port), or 0 when it holds none. */
long lab_read_long(const char *path);

#endif
