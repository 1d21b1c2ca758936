/*
 * nc.h - NETCONF transport: sessions, RFC 6242 framing, SSH and exec.
 *
 * erguard speaks NETCONF to Junos with its own small framing layer instead
 * of a YANG-bound library, so that any Junos RPC can be sent and any reply,
 * however large, streams straight into the reply parsers.
 *
 * Layers, bottom up:
 *   - a transport is a table of hooks (struct eg_nc_io_ops) over a byte
 *     stream: libssh's "netconf" subsystem channel (nc_ssh.c), the stdio
 *     of a spawned command such as "ssh -s HOST netconf" (nc_exec.c), a
 *     pair of file descriptors, or a test's scripted fake;
 *   - the framer (nc_frame.c) does the hello exchange and negotiation,
 *     end-of-message ("]]>]]>") and chunked framing; nc_frame_reply.c
 *     adds message-ids and a reply reader that yields one reply's bytes
 *     and stops at its end;
 *   - the session (nc_session.c) opens a transport, enforces per-RPC and
 *     per-session deadlines, sends RPCs and closes with <close-session/>.
 *
 * Guarantees: every message is written with one call of the transport's
 * write hook; no reply is held whole in memory (only the hello is, capped
 * at EG_NC_MAX_HELLO); a reply larger than the size cap aborts the session;
 * no secret ever reaches argv or a log.  Failures map onto eg_err:
 * EG_ETRANSPORT (refused, dropped, framing garbage), EG_ETIMEOUT, EG_EAUTH,
 * EG_EHOSTKEY.  Error texts begin with the device name.  This module never
 * prints to stdout.
 *
 * A session is used by one thread at a time; different sessions are
 * independent and may run in parallel threads.
 */
#ifndef EG_NC_H
#define EG_NC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eg_err.h"

#define EG_NC_PORT 830
#define EG_NC_MAX_REPLY_DEFAULT ((uint64_t)512 << 20)	/* 512 MiB */
#define EG_NC_MAX_HELLO (1u << 20)			/* 1 MiB */
#define EG_NC_RPC_TIMEOUT_DEFAULT_MS 30000u
#define EG_NC_SESSION_TIMEOUT_DEFAULT_MS 120000u
#define EG_NC_CONNECT_TIMEOUT_DEFAULT_MS 10000u

#define EG_NC_BASE10 "urn:ietf:params:netconf:base:1.0"
#define EG_NC_BASE11 "urn:ietf:params:netconf:base:1.1"
#define EG_NC_NS "urn:ietf:params:xml:ns:netconf:base:1.0"

/* ---------------------------------------------------------------- failures (nc_diag.c) */

/*
 * The one record of a transport failure: its error and the message users
 * see, "DEVICE: reason".  The code that finds the failure writes the
 * reason once (eg_nc_say, eg_nc_fail); the layer that makes the failure
 * final logs it once; callers that report it read msg.  Zeroed by
 * eg_nc_diag_init(); holds no pointer that needs freeing.
 */
struct eg_nc_diag {
	eg_err err;		/* EG_OK: no failure recorded */
	size_t at;		/* where the reason begins in msg */
	char msg[512];		/* "DEVICE: reason" */
};

/* Start an empty record for device (NULL: "netconf"). */
void eg_nc_diag_init(struct eg_nc_diag *d, const char *device);
/* Write the reason (replacing any earlier one); leaves d->err alone. */
void eg_nc_say(struct eg_nc_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void eg_nc_vsay(struct eg_nc_diag *d, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Write the reason and record err; returns err. */
eg_err eg_nc_fail(struct eg_nc_diag *d, eg_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The reason without the device name ("" when none). */
const char *eg_nc_diag_reason(const struct eg_nc_diag *d);
/* True once a reason has been written. */
bool eg_nc_diag_said(const struct eg_nc_diag *d);

/* ---------------------------------------------------------------- transports */

/*
 * A transport's hooks.  io is the transport's own state.
 *
 * read: wait at most timeout_ms (negative: no limit) for data and copy up
 *   to len bytes into buf; *got is the count, 0 meaning the peer closed.
 *   EG_ETIMEOUT when nothing came in time, EG_ETRANSPORT on failure.
 * write: write all len bytes (the framer hands over each whole message at
 *   once), waiting at most timeout_ms.
 * explain: optional (may be NULL).  After a failure or an early end of
 *   stream, refine the error: e.g. the exec transport reads ssh's stderr
 *   and turns "Host key verification failed." into EG_EHOSTKEY.  Returns
 *   the refined code (or err unchanged) and may rewrite d's reason.
 * close: release everything, io included.  Never blocks for long.
 *
 * On failure read/write write a one-line reason into d (eg_nc_say); the
 * framer records the error and logs it.
 */
struct eg_nc_io_ops {
	const char *name;	/* "ssh", "exec", "fd", ... */
	eg_err (*read)(void *io, char *buf, size_t len, int timeout_ms,
		       size_t *got, struct eg_nc_diag *d);
	eg_err (*write)(void *io, const char *buf, size_t len, int timeout_ms,
			struct eg_nc_diag *d);
	eg_err (*explain)(void *io, eg_err err, struct eg_nc_diag *d);
	void (*close)(void *io);
};

/* ---------------------------------------------------------------- options */

enum eg_nc_kind {
	EG_NC_SSH = 0,		/* libssh, subsystem "netconf" */
	EG_NC_EXEC		/* a spawned command's stdio */
};

/*
 * What a session needs.  Zero-initialise, then set what you know: every
 * zero field means its documented default.  Strings are borrowed for the
 * duration of eg_nc_session_open() only.
 */
struct eg_nc_opts {
	const char *device;		/* name used in messages (required) */
	enum eg_nc_kind kind;
	const char *host;		/* address or ssh_config Host alias */
	uint16_t port;			/* 0: ssh_config's Port, else 830 */
	const char *user;		/* NULL: ssh_config's User, else $USER */
	/* exec: a shell command line run with /bin/sh -c; NULL = ssh -s. */
	const char *exec_command;
	const char *identity_file;	/* NULL: agent, ssh_config, defaults */
	const char *known_hosts;	/* NULL: ~/.ssh/known_hosts */
	const char *ssh_config;		/* NULL: ~/.ssh/config */
	/* Name of an environment variable holding the password (ssh only). */
	const char *password_env;
	/*
	 * Trust on first use: a host key not yet known is added to
	 * known_hosts.  A changed key is refused regardless.
	 */
	bool accept_new_hostkey;
	/* Never prompt for a password, even when stdin is a terminal. */
	bool no_prompt;
	/* Advertise only base:1.0 (forces end-of-message framing). */
	bool base10_only;
	/*
	 * RPC envelope.  false (default): <nc:rpc xmlns:nc="..."> so the
	 * body keeps no namespace, as Junos and ncclient use it.  true:
	 * <rpc xmlns="..."> so the body inherits the NETCONF namespace, as
	 * standard operations need on a YANG-strict server.
	 */
	bool rpc_default_ns;
	unsigned connect_timeout_ms;	/* 0: 10 s (connect, auth, hello) */
	unsigned rpc_timeout_ms;	/* 0: 30 s, from sending an RPC to the end of its reply */
	unsigned session_timeout_ms;	/* 0: 120 s, the whole session */
	uint64_t max_reply_bytes;	/* 0: 512 MiB */
};

/* ---------------------------------------------------------------- sessions (nc_session.c) */

struct eg_nc_session;

/*
 * Connect by o->kind, authenticate, exchange hellos.  On success *out is a
 * session the caller ends with eg_nc_session_close() or _free().  On
 * failure *out is NULL and, if diag is not NULL, *diag holds the error
 * and its message, which begins with the device name and has been
 * logged at debug level only.
 */
eg_err eg_nc_session_open(const struct eg_nc_opts *o, struct eg_nc_session **out,
			  struct eg_nc_diag *diag);

/*
 * Same over a transport the caller made (a test's fake, a pair of fds).
 * Takes ownership of io: it is closed through ops->close even on failure.
 */
eg_err eg_nc_session_open_io(const struct eg_nc_opts *o,
			     const struct eg_nc_io_ops *ops, void *io,
			     struct eg_nc_session **out, struct eg_nc_diag *diag);

/*
 * Send one RPC: body is the XML that goes inside <rpc> (e.g.
 * "<get-route-information>...</get-route-information>").  Any unread
 * rest of the previous reply, and the replies of RPCs queued with
 * eg_nc_session_send(), are drained first.  Starts the per-RPC clock.
 * Then read the reply with eg_nc_reply_read().
 */
eg_err eg_nc_session_rpc(struct eg_nc_session *s, const char *body);

/*
 * Pipelining (RFC 6241 section 4.1: a server answers in the order it was
 * asked).  eg_nc_session_send() sends one RPC without waiting for any
 * reply; eg_nc_session_next() finishes the reply being read, if any, and
 * begins the reply of the oldest RPC sent whose reply has not begun
 * (EG_EINVAL when there is none), starting the per-RPC clock; then read
 * it with eg_nc_reply_read().  eg_nc_session_pending() counts the RPCs
 * sent whose replies have not been read to their end.  A transport
 * failure kills the session, and with it every pending reply.
 */
eg_err eg_nc_session_send(struct eg_nc_session *s, const char *body);
eg_err eg_nc_session_next(struct eg_nc_session *s);
size_t eg_nc_session_pending(const struct eg_nc_session *s);

/*
 * The reply reader, shaped like eg_read_fn (junos.h) and libxml2's
 * xmlInputReadCallback: ctx is the session.  Returns up to len bytes of
 * the current reply, 0 at its end (the delimiter or end-of-chunks), -1 on
 * error (then eg_nc_session_err() says why).  Leading white space and
 * comments before the reply's root element, and keepalive messages that
 * hold nothing else, are skipped.
 */
int eg_nc_reply_read(void *ctx, char *buf, int len);

/*
 * Finish the current reply: read and discard what the parser left.
 * EG_OK when the session is ready for the next RPC.
 */
eg_err eg_nc_reply_finish(struct eg_nc_session *s);

/*
 * Send <close-session/>, close the transport and free s, without waiting
 * for the close's reply (a round trip that decides nothing: the verdict
 * is in, and the server ends the session on the transport's close
 * anyway).  Returns the session's sticky error, or how sending the close
 * went (the session is freed anyway).  Accepts NULL.
 */
eg_err eg_nc_session_close(struct eg_nc_session *s);

/*
 * Start the per-session clock again from now, for a session kept open
 * over many runs: the session time limit then bounds each run, not the
 * life of the session.  The last reply's byte count starts again at 0.
 */
void eg_nc_session_renew(struct eg_nc_session *s);
/* Drop the session without <close-session/>.  Accepts NULL. */
void eg_nc_session_free(struct eg_nc_session *s);

/*
 * The session's sticky error: EG_OK while it is usable.  Once a framing,
 * transport or timeout error happened the session is dead and every call
 * returns it.  eg_nc_session_why() gives the message (device first), or
 * "" when there is none.
 */
eg_err eg_nc_session_err(const struct eg_nc_session *s);
const char *eg_nc_session_why(const struct eg_nc_session *s);

/* What the hello said. */
uint32_t eg_nc_session_id(const struct eg_nc_session *s);
bool eg_nc_session_chunked(const struct eg_nc_session *s);	/* base:1.1 in use */
size_t eg_nc_session_ncaps(const struct eg_nc_session *s);
const char *eg_nc_session_cap(const struct eg_nc_session *s, size_t i);
/* True when the server advertised a capability starting with prefix. */
bool eg_nc_session_has_cap(const struct eg_nc_session *s, const char *prefix);
/* Bytes of the current (or last) reply's body delivered so far. */
uint64_t eg_nc_session_reply_bytes(const struct eg_nc_session *s);

/* ---------------------------------------------------------------- fd and exec transports (nc_exec.c) */

/*
 * A transport over two file descriptors (rfd may equal wfd, e.g. one end
 * of a socketpair).  With own, close() closes them.  For tests and for
 * embedding programs that already hold a connection.
 */
eg_err eg_nc_fd_io_new(int rfd, int wfd, bool own, void **io);
extern const struct eg_nc_io_ops eg_nc_fd_io_ops;

/*
 * Spawn o->exec_command (or the default "ssh -s ... HOST netconf", built
 * from o without a shell) with its stdin/stdout on a socket and stderr
 * captured for diagnosis.  *io is used with eg_nc_exec_io_ops.
 */
eg_err eg_nc_exec_open(const struct eg_nc_opts *o, void **io, struct eg_nc_diag *d);
extern const struct eg_nc_io_ops eg_nc_exec_io_ops;

/*
 * The default ssh argv for o (NULL-terminated, caller frees with
 * eg_nc_exec_argv_free()).  Exposed so tests can check it holds no secret.
 */
eg_err eg_nc_exec_argv(const struct eg_nc_opts *o, char ***argv);
void eg_nc_exec_argv_free(char **argv);

/*
 * The port OpenSSH's configuration gives o->host, as "ssh -G [-F
 * o->ssh_config] [-l o->user] -- o->host" prints it (22 when no Port
 * applies; -G reads the configuration and sends nothing).  With o->port
 * 0, eg_nc_exec_argv() asks this and leaves out -p when the answer is
 * not 22, else passes -p 830; when ssh -G fails it passes -p 830.
 * Returns EG_OK with *port set, EG_EINVAL without a host, or
 * EG_ETRANSPORT / EG_ETIMEOUT with a one-line reason in d.
 */
eg_err eg_nc_exec_config_port(const struct eg_nc_opts *o, unsigned *port,
			      struct eg_nc_diag *d);

/* ---------------------------------------------------------------- OpenSSH's complaints (nc_complaint.c) */

/*
 * What OpenSSH wrote on stderr (text, len bytes) says went wrong, for the
 * exec transport and for libssh's jump hosts alike: EG_OK when it names
 * no cause erguard knows; else the cause's error (EG_EHOSTKEY, EG_EAUTH,
 * EG_ETIMEOUT, EG_ETRANSPORT) with the reason "CAUSE[, offered
 * SHA256:..] (PROG: the line that said so)" written into d.
 */
eg_err eg_nc_complaint(const char *text, size_t len, const char *prog,
		       struct eg_nc_diag *d);
/* The last non-empty line of text, control bytes blanked, into out. */
void eg_nc_complaint_last_line(const char *text, size_t len, char *out, size_t size);

/* ---------------------------------------------------------------- libssh transport (nc_ssh.c) */

/*
 * Connect with libssh, check the host key, authenticate and open the
 * "netconf" subsystem.  *io is used with eg_nc_ssh_io_ops.
 */
eg_err eg_nc_ssh_open(const struct eg_nc_opts *o, void **io, struct eg_nc_diag *d);
extern const struct eg_nc_io_ops eg_nc_ssh_io_ops;

/* ---------------------------------------------------------------- passwords (nc_password.c) */

/*
 * Take the password the environment variable name holds into erguard's
 * memory and remove the variable from the environment, so that no child
 * process (an exec transport's ssh or command, a jump host's ssh)
 * inherits it.  Devices naming the same variable share the value.  Call
 * before threads start: changing the environment is not thread-safe.
 */
void eg_nc_password_take(const char *name);
/* The password variable name holds: taken earlier, else still in the environment; or NULL. */
const char *eg_nc_password(const char *name);

/* ---------------------------------------------------------------- framer (nc_frame.c) */

/*
 * The framer's state.  Embedded in the session; exposed so the unit tests
 * can drive framing without a session.  Fields are private to nc_*.c.
 */
struct eg_nc_frame {
	const struct eg_nc_io_ops *ops;
	void *io;
	const char *where;		/* device name, borrowed */
	int64_t deadline_ms;		/* absolute (eg_nc_now_ms), < 0: none */
	char limit[80];			/* which limit deadline_ms is, for messages */
	bool chunked;			/* RFC 6242 chunked framing in use */
	bool rpc_default_ns;
	uint64_t max_reply;
	uint64_t next_id;		/* message-id of the next RPC */
	uint64_t await_id;		/* oldest RPC sent whose reply is not begun */
	uint64_t pending_id;		/* message-id of the reply being read, 0: none */

	/* receive buffer */
	char *rbuf;
	size_t rpos, rlen, rcap;

	/* message decoding */
	int mstate;			/* begin, body, end */
	unsigned eom_held;		/* bytes of "]]>]]>" matched, withheld */
	unsigned eom_owed;		/* withheld bytes now known to be data */
	unsigned eom_owed_pos;
	int hstate;			/* chunk header parser state */
	uint64_t hval;			/* chunk length being parsed */
	unsigned hdigits;
	bool chunk_seen;		/* the message has had a chunk */
	uint64_t chunk_left;		/* bytes left in the current chunk */

	/* reply prolog: skip space and comments, check the root start tag */
	int pstate;
	unsigned pdash;			/* comment end matcher */
	char quote;			/* inside an attribute value */
	size_t tag_at;			/* where the root start tag begins in head */
	char *head;			/* kept bytes up to the root start tag's end */
	size_t hlen, hcap, hout;
	uint64_t reply_bytes;		/* body bytes delivered for this reply */
	bool in_reply;			/* a reply is being read */

	/* hello */
	bool hello_done;		/* the server's hello has been read */
	uint64_t rx_bytes;		/* bytes read from the server so far */
	uint32_t session_id;
	char **caps;
	size_t ncaps;

	struct eg_nc_diag diag;		/* sticky: diag.err, then every call returns it */
};

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t eg_nc_now_ms(void);

/* Set up f over a transport (ownership of io stays with the caller). */
eg_err eg_nc_frame_init(struct eg_nc_frame *f, const struct eg_nc_io_ops *ops,
			void *io, const char *where, uint64_t max_reply);
/* Release f's buffers (not the transport). */
void eg_nc_frame_fini(struct eg_nc_frame *f);

/*
 * Send our hello (base:1.0, and base:1.1 unless base10_only), read the
 * server's, record its capabilities and session-id, and choose chunked
 * framing when both sides advertise base:1.1.
 */
eg_err eg_nc_frame_hello(struct eg_nc_frame *f, bool base10_only);

/* Send one message (body of len bytes) framed as negotiated, in one write. */
eg_err eg_nc_frame_send(struct eg_nc_frame *f, const char *body, size_t len);

/*
 * Decode the current message: up to len body bytes into buf, *got = 0 at
 * the message's end.  The next call after the end begins the next message.
 */
eg_err eg_nc_frame_read(struct eg_nc_frame *f, char *buf, size_t len, size_t *got);

/* Record a sticky error with a message, and log it; returns err. */
eg_err eg_nc_frame_fail(struct eg_nc_frame *f, eg_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---------------------------------------------------------------- RPCs and replies (nc_frame_reply.c) */

/* Wrap body in <rpc message-id="N"> and send it; the reply is expected next. */
eg_err eg_nc_frame_rpc(struct eg_nc_frame *f, const char *body);

/* Wrap body in <rpc message-id="N"> and send it; its reply waits its turn. */
eg_err eg_nc_frame_rpc_send(struct eg_nc_frame *f, const char *body);

/*
 * Begin the reply of the oldest RPC sent whose reply has not begun; the
 * previous reply must have been read to its end.
 */
eg_err eg_nc_frame_reply_begin(struct eg_nc_frame *f);

/* RPCs sent whose replies have not been read to their end. */
size_t eg_nc_frame_pending(const struct eg_nc_frame *f);

/*
 * Read the current reply (see eg_nc_reply_read): up to len bytes into
 * buf, *got = 0 at its end.
 */
eg_err eg_nc_frame_reply_read(struct eg_nc_frame *f, char *buf, size_t len, size_t *got);

/* Discard the rest of the current reply, if any. */
eg_err eg_nc_frame_reply_drain(struct eg_nc_frame *f);

#endif
