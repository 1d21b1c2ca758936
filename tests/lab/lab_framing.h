/*
 * lab_framing.h - the device server's side of RFC 6242 framing.
 *
 * A lab device speaks NETCONF on a pair of file descriptors (the stdio
 * sshd gives its "netconf" subsystem).  Messages are delimited the Junos
 * way: end-of-message ("]]>]]>") until both hellos offered base:1.1 and
 * the lab was told to offer it, chunked framing after that.
 *
 * Guarantees: every message goes out with one write() of the whole framed
 * buffer (Junos writes the delimiter atomically and clients rely on it);
 * a read never waits longer than the idle timeout; no input message may
 * exceed LAB_FRAMING_MAX bytes (the session is refused instead of growing
 * without bound).
 *
 * Return convention: 0 success, 1 end of input (peer closed), -1 failure
 * with a one-line reason in err.
 */
#ifndef LAB_FRAMING_H
#define LAB_FRAMING_H

#include <stdbool.h>
#include <stddef.h>

#define LAB_FRAMING_MAX (64u << 20)	/* largest accepted input message */
#define LAB_FRAMING_EOM "]]>]]>"

struct lab_framing {
	int rfd, wfd;
	bool chunked;		/* switched on after the hello exchange */
	int idle_ms;		/* longest wait for input; <= 0: none */
	char *buf;		/* unread input */
	size_t len, cap;
};

/* Initialise f over rfd/wfd (end-of-message framing). */
void lab_framing_init(struct lab_framing *f, int rfd, int wfd, int idle_ms);
/* Release the input buffer (the descriptors stay open).  Accepts NULL. */
void lab_framing_clear(struct lab_framing *f);

/*
 * Read one message.  On 0, *msg is a NUL-terminated copy the caller frees
 * and *len its length.  1 when the peer closed between messages, -1 on a
 * framing error, a timeout or a read failure.
 */
int lab_framing_read(struct lab_framing *f, char **msg, size_t *len, char *err, size_t errlen);

/*
 * Frame msg (len bytes) in the session's framing and write it with one
 * write().  When limit is not (size_t)-1, only the first limit bytes of
 * the framed message are written (a fault: the session drops mid-reply).
 */
int lab_framing_write(struct lab_framing *f, const char *msg, size_t len, size_t limit,
		      char *err, size_t errlen);

/* Write raw bytes as they are (no framing), e.g. a deliberately broken frame. */
int lab_framing_write_raw(int fd, const char *buf, size_t len, char *err, size_t errlen);

#endif
