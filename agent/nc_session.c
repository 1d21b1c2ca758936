/*
 * nc_session.c - a NETCONF session over any transport.
 *
 * Opens the transport the options name (libssh or a spawned command) or
 * takes one the caller made, exchanges hellos, then sends RPCs and hands
 * out each reply as a stream; RPCs may be sent ahead of their replies
 * (pipelining) and the replies are read in order.  Guarantees: every wait is bounded by the
 * per-RPC deadline (from sending the RPC to the end of its reply) and by
 * the per-session deadline (from the start of open); the connect, hello
 * and close phases are bounded by the connect timeout; any failure is
 * sticky and leaves a message that starts with the device name; the
 * transport is closed exactly once, by the session.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nc.h"
#include "util.h"

#define EG_NC_CLOSE_WAIT_MS 5000u

struct eg_nc_session {
	struct eg_nc_frame f;
	char *device;
	unsigned connect_timeout_ms;
	unsigned rpc_timeout_ms;
	unsigned session_timeout_ms;
	int64_t session_deadline;
};

/* Arm the frame's deadline: now + ms, but never past the session's end. */
static void
nc_session_arm(struct eg_nc_session *s, unsigned ms, const char *what)
{
	int64_t d = eg_nc_now_ms() + ms;

	if (d >= s->session_deadline) {
		s->f.deadline_ms = s->session_deadline;
		snprintf(s->f.limit, sizeof(s->f.limit), "session time limit of %u ms",
			 s->session_timeout_ms);
	} else {
		s->f.deadline_ms = d;
		snprintf(s->f.limit, sizeof(s->f.limit), "%s of %u ms", what, ms);
	}
}

/* Hand the failure recorded in from over to the caller's record, if any. */
static void
nc_session_tell(struct eg_nc_diag *to, const struct eg_nc_diag *from)
{
	if (to != NULL)
		*to = *from;
}

eg_err
eg_nc_session_open_io(const struct eg_nc_opts *o, const struct eg_nc_io_ops *ops,
		      void *io, struct eg_nc_session **out, struct eg_nc_diag *diag)
{
	struct eg_nc_session *s;
	const char *device = o->device != NULL ? o->device : (o->host ? o->host : "netconf");
	eg_err err;

	*out = NULL;
	s = eg_xcalloc(1, sizeof(*s));
	s->device = eg_xstrdup(device);
	s->connect_timeout_ms = o->connect_timeout_ms ? o->connect_timeout_ms
						       : EG_NC_CONNECT_TIMEOUT_DEFAULT_MS;
	s->rpc_timeout_ms = o->rpc_timeout_ms ? o->rpc_timeout_ms : EG_NC_RPC_TIMEOUT_DEFAULT_MS;
	s->session_timeout_ms = o->session_timeout_ms ? o->session_timeout_ms
						       : EG_NC_SESSION_TIMEOUT_DEFAULT_MS;
	s->session_deadline = eg_nc_now_ms() + s->session_timeout_ms;
	eg_nc_frame_init(&s->f, ops, io, s->device, o->max_reply_bytes);
	s->f.rpc_default_ns = o->rpc_default_ns;
	nc_session_arm(s, s->connect_timeout_ms, "hello timeout");
	if ((err = eg_nc_frame_hello(&s->f, o->base10_only)) != EG_OK) {
		if (!eg_nc_diag_said(&s->f.diag))
			eg_nc_say(&s->f.diag, "%s", eg_strerror(err));
		s->f.diag.err = err;
		nc_session_tell(diag, &s->f.diag);
		eg_nc_session_free(s);	/* closes the transport */
		return err;
	}
	*out = s;
	return EG_OK;
}

eg_err
eg_nc_session_open(const struct eg_nc_opts *o, struct eg_nc_session **out,
		   struct eg_nc_diag *diag)
{
	const struct eg_nc_io_ops *ops;
	struct eg_nc_diag d;
	void *io = NULL;
	eg_err err;

	*out = NULL;
	eg_nc_diag_init(&d, o->device != NULL ? o->device : (o->host ? o->host : "netconf"));
	switch (o->kind) {
	case EG_NC_SSH:
		ops = &eg_nc_ssh_io_ops;
		err = eg_nc_ssh_open(o, &io, &d);
		break;
	case EG_NC_EXEC:
		ops = &eg_nc_exec_io_ops;
		err = eg_nc_exec_open(o, &io, &d);
		break;
	default:
		err = EG_EINVAL;
		eg_nc_say(&d, "unknown transport %d", (int)o->kind);
		ops = NULL;
		break;
	}
	if (err != EG_OK) {
		if (!eg_nc_diag_said(&d))
			eg_nc_say(&d, "%s", eg_strerror(err));
		d.err = err;
		eg_log(EG_LOG_DEBUG, NULL, "%s", d.msg);
		nc_session_tell(diag, &d);
		return err;
	}
	return eg_nc_session_open_io(o, ops, io, out, diag);
}

/* Read and discard the reply being read and every reply still queued. */
static eg_err
nc_session_drain_all(struct eg_nc_session *s)
{
	eg_err err = s->f.diag.err;

	while (err == EG_OK && eg_nc_frame_pending(&s->f) > 0) {
		if (!s->f.in_reply) {
			nc_session_arm(s, s->rpc_timeout_ms, "RPC timeout");
			if ((err = eg_nc_frame_reply_begin(&s->f)) != EG_OK)
				break;
		}
		err = eg_nc_frame_reply_drain(&s->f);
	}
	return err;
}

eg_err
eg_nc_session_rpc(struct eg_nc_session *s, const char *body)
{
	eg_err err;

	if (s->f.diag.err != EG_OK)
		return s->f.diag.err;
	if ((err = nc_session_drain_all(s)) != EG_OK)
		return err;
	nc_session_arm(s, s->rpc_timeout_ms, "RPC timeout");
	return eg_nc_frame_rpc(&s->f, body);
}

eg_err
eg_nc_session_send(struct eg_nc_session *s, const char *body)
{
	if (s->f.diag.err != EG_OK)
		return s->f.diag.err;
	/* A reply being read keeps its own clock; otherwise the write gets one. */
	if (!s->f.in_reply)
		nc_session_arm(s, s->rpc_timeout_ms, "RPC timeout");
	return eg_nc_frame_rpc_send(&s->f, body);
}

eg_err
eg_nc_session_next(struct eg_nc_session *s)
{
	eg_err err;

	if (s->f.diag.err != EG_OK)
		return s->f.diag.err;
	if (s->f.in_reply && (err = eg_nc_frame_reply_drain(&s->f)) != EG_OK)
		return err;
	/* Each reply gets the RPC timeout from the end of the one before it. */
	nc_session_arm(s, s->rpc_timeout_ms, "RPC timeout");
	return eg_nc_frame_reply_begin(&s->f);
}

size_t
eg_nc_session_pending(const struct eg_nc_session *s)
{
	return eg_nc_frame_pending(&s->f);
}

int
eg_nc_reply_read(void *ctx, char *buf, int len)
{
	struct eg_nc_session *s = ctx;
	size_t got = 0;

	if (len <= 0)
		return 0;
	if (eg_nc_frame_reply_read(&s->f, buf, (size_t)len, &got) != EG_OK)
		return -1;
	return (int)got;
}

eg_err
eg_nc_reply_finish(struct eg_nc_session *s)
{
	return eg_nc_frame_reply_drain(&s->f);
}

eg_err
eg_nc_session_close(struct eg_nc_session *s)
{
	unsigned wait;
	eg_err err;

	if (s == NULL)
		return EG_OK;
	err = s->f.diag.err;
	if (err == EG_OK) {
		/*
		 * Unread replies are not read: the server answers the close in
		 * turn after them, and nobody waits for that answer.
		 */
		wait = s->rpc_timeout_ms < EG_NC_CLOSE_WAIT_MS ? s->rpc_timeout_ms : EG_NC_CLOSE_WAIT_MS;
		nc_session_arm(s, wait, "close timeout");
		err = eg_nc_frame_rpc_send(&s->f, "<close-session xmlns=\"" EG_NC_NS "\"/>");
	}
	eg_nc_session_free(s);
	return err;
}

void
eg_nc_session_renew(struct eg_nc_session *s)
{
	s->session_deadline = eg_nc_now_ms() + s->session_timeout_ms;
	s->f.reply_bytes = 0;
}

void
eg_nc_session_free(struct eg_nc_session *s)
{
	if (s == NULL)
		return;
	if (s->f.ops != NULL && s->f.ops->close != NULL)
		s->f.ops->close(s->f.io);
	eg_nc_frame_fini(&s->f);
	free(s->device);
	free(s);
}

eg_err
eg_nc_session_err(const struct eg_nc_session *s)
{
	return s->f.diag.err;
}

const char *
eg_nc_session_why(const struct eg_nc_session *s)
{
	return s->f.diag.msg;
}

uint32_t
eg_nc_session_id(const struct eg_nc_session *s)
{
	return s->f.session_id;
}

bool
eg_nc_session_chunked(const struct eg_nc_session *s)
{
	return s->f.chunked;
}

size_t
eg_nc_session_ncaps(const struct eg_nc_session *s)
{
	return s->f.ncaps;
}

const char *
eg_nc_session_cap(const struct eg_nc_session *s, size_t i)
{
	return i < s->f.ncaps ? s->f.caps[i] : NULL;
}

bool
eg_nc_session_has_cap(const struct eg_nc_session *s, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < s->f.ncaps; i++)
		if (strncmp(s->f.caps[i], prefix, n) == 0)
			return true;
	return false;
}

uint64_t
eg_nc_session_reply_bytes(const struct eg_nc_session *s)
{
	return s->f.reply_bytes;
}
