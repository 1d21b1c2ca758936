/*
 * nc_frame_reply.c - RPCs and the reply reader, on top of nc_frame.c.
 *
 * Guarantees:
 *   - each RPC is wrapped in <rpc message-id="N"> and sent in one message;
 *     several may be sent before their replies are read (pipelining):
 *     replies are begun one at a time, oldest first, and each must carry
 *     its own RPC's message-id;
 *   - the reply reader hands out one reply's bytes, then 0: a byte order
 *     mark, white space and comments before the root element, messages
 *     holding nothing else (keepalives) and notifications are skipped, and
 *     the root start tag's message-id must match the request's; a reply
 *     with a document type declaration is refused (EG_EPARSE);
 *   - a reply larger than the cap fails the session; no reply is held in
 *     memory whole (only its head, up to the root start tag).
 * Errors are sticky: after one, every call returns it.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nc.h"
#include "util.h"
#include "nc_frame_int.h"


eg_err
eg_nc_frame_rpc_send(struct eg_nc_frame *f, const char *body)
{
	const char *close = f->rpc_default_ns ? "</rpc>" : "</nc:rpc>";
	size_t blen = strlen(body), n;
	char *msg;
	eg_err err;
	int h;

	if (f->diag.err != EG_OK)
		return f->diag.err;
	msg = eg_xmalloc(blen + 128);
	if (f->rpc_default_ns)
		h = snprintf(msg, 128, "<rpc xmlns=\"" EG_NC_NS "\" message-id=\"%" PRIu64 "\">",
			     f->next_id);
	else
		h = snprintf(msg, 128, "<nc:rpc xmlns:nc=\"" EG_NC_NS "\" message-id=\"%" PRIu64 "\">",
			     f->next_id);
	n = (size_t)h;
	memcpy(msg + n, body, blen);
	n += blen;
	memcpy(msg + n, close, strlen(close));
	n += strlen(close);
	err = eg_nc_frame_send(f, msg, n);
	free(msg);
	if (err != EG_OK)
		return err;
	f->next_id++;
	return EG_OK;
}

eg_err
eg_nc_frame_reply_begin(struct eg_nc_frame *f)
{
	if (f->diag.err != EG_OK)
		return f->diag.err;
	if (f->in_reply)
		return eg_nc_frame_fail(f, EG_EINTERNAL, "next reply begun before the previous one was read");
	if (f->await_id >= f->next_id)
		return EG_EINVAL;	/* no RPC awaits its reply */
	f->pending_id = f->await_id++;
	f->in_reply = true;
	f->pstate = EG_NC_P_DROP;
	f->hlen = f->hout = 0;
	f->reply_bytes = 0;
	return EG_OK;
}

size_t
eg_nc_frame_pending(const struct eg_nc_frame *f)
{
	return (size_t)(f->next_id - f->await_id) + (f->in_reply ? 1u : 0u);
}

eg_err
eg_nc_frame_rpc(struct eg_nc_frame *f, const char *body)
{
	eg_err err;

	if (f->diag.err != EG_OK)
		return f->diag.err;
	if (f->in_reply || f->await_id != f->next_id)
		return eg_nc_frame_fail(f, EG_EINTERNAL, "RPC sent before the previous reply was read");
	if ((err = eg_nc_frame_rpc_send(f, body)) != EG_OK)
		return err;
	return eg_nc_frame_reply_begin(f);
}

/* Check the root start tag tag[0..len) (from '<' to '>'): its name and message-id. */
static eg_err
nc_frame_check_root(struct eg_nc_frame *f, const char *tag, size_t len, bool *skip)
{
	const char *p = tag + 1, *end = tag + len, *name, *colon, *q;
	size_t nlen;

	*skip = false;
	name = p;
	while (p < end && !isspace((unsigned char)*p) && *p != '>' && *p != '/')
		p++;
	nlen = (size_t)(p - name);
	colon = memchr(name, ':', nlen);
	if (colon != NULL) {
		nlen -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	if (nlen == 12 && memcmp(name, "notification", 12) == 0) {
		*skip = true;
		return EG_OK;
	}
	if (!(nlen == 9 && memcmp(name, "rpc-reply", 9) == 0))
		return EG_OK;	/* not ours to judge: the parser will say what it is */
	for (q = p; q + 10 < end; q++) {
		const char *v, *ve;
		char id[32];
		size_t idlen;

		if (!isspace((unsigned char)q[0]) || memcmp(q + 1, "message-id", 10) != 0)
			continue;
		v = q + 11;
		while (v < end && isspace((unsigned char)*v))
			v++;
		if (v >= end || *v != '=')
			continue;
		v++;
		while (v < end && isspace((unsigned char)*v))
			v++;
		if (v >= end || (*v != '"' && *v != '\''))
			continue;
		ve = memchr(v + 1, *v, (size_t)(end - v - 1));
		if (ve == NULL)
			continue;
		idlen = (size_t)(ve - v - 1);
		snprintf(id, sizeof(id), "%" PRIu64, f->pending_id);
		if (idlen != strlen(id) || memcmp(v + 1, id, idlen) != 0)
			return eg_nc_frame_fail(f, EG_ETRANSPORT,
				"reply with message-id \"%.*s\" to request %s",
				(int)(idlen > 40 ? 40 : idlen), v + 1, id);
		break;
	}
	return EG_OK;
}

/*
 * Scan the bytes just appended to the head (from *i to f->hlen),
 * compacting kept bytes to *w.  A leading byte order mark, white space
 * and comments are dropped; everything from the first other markup on is
 * kept.  Sets f->pstate to FLUSH once the root start tag is complete.
 */
static eg_err
nc_frame_prolog_scan(struct eg_nc_frame *f, size_t start)
{
	size_t i = start, w = start, end = f->hlen;
	bool skip;
	eg_err err;

	while (i < end) {
		char c = f->head[i++];
		bool keep = true;

		switch (f->pstate) {
		case EG_NC_P_DROP:
			if (isspace((unsigned char)c))
				keep = false;
			else if (c == '<')
				f->pstate = EG_NC_P_LT1;
			else if (w == 0 && c == EG_NC_BOM[0]) {
				f->pstate = EG_NC_P_BOM;
				f->pdash = 1;
			} else {
				f->pstate = EG_NC_P_FLUSH;	/* text: let the parser judge */
			}
			break;
		case EG_NC_P_BOM:
			/* XML allows a byte order mark first; the parser gets the message after it. */
			if (c != EG_NC_BOM[f->pdash]) {
				f->pstate = EG_NC_P_FLUSH;
			} else if (++f->pdash == EG_NC_BOM_LEN) {
				w = 0;
				keep = false;
				f->pstate = EG_NC_P_DROP;
			}
			break;
		case EG_NC_P_CMT_DROP:
			keep = false;
			if (c == '>' && f->pdash >= 2)
				f->pstate = EG_NC_P_DROP;
			f->pdash = c == '-' ? f->pdash + 1 : 0;
			break;
		case EG_NC_P_LT1:
			if (c == '!') {
				f->pstate = EG_NC_P_LT2;
			} else if (c == '?') {
				f->pstate = EG_NC_P_PI;
			} else {
				f->pstate = EG_NC_P_TAG;
				f->quote = 0;
				f->tag_at = w - 1;
			}
			break;
		case EG_NC_P_LT2:
		case EG_NC_P_LT3:
			/*
			 * "<!" that opens no comment is a document type
			 * declaration, which NETCONF content never holds (RFC
			 * 6241, 3.2): its entities are an attack, and its
			 * internal subset would hide the root start tag from
			 * the message-id check.
			 */
			if (c != '-')
				return eg_nc_frame_fail(f, EG_EPARSE, "reply with a document "
							"type declaration: refused");
			if (f->pstate == EG_NC_P_LT2) {
				f->pstate = EG_NC_P_LT3;
			} else if (w == 3) {
				/* "<!--" with nothing kept before it: drop the comment. */
				w = 0;
				keep = false;
				f->pdash = 0;
				f->pstate = EG_NC_P_CMT_DROP;
			} else {
				f->pdash = 0;
				f->pstate = EG_NC_P_CMT_KEEP;
			}
			break;
		case EG_NC_P_CMT_KEEP:
			if (c == '>' && f->pdash >= 2)
				f->pstate = EG_NC_P_KEPT;
			f->pdash = c == '-' ? f->pdash + 1 : 0;
			break;
		case EG_NC_P_PI:
			if (c == '>' && f->pdash > 0)
				f->pstate = EG_NC_P_KEPT;
			f->pdash = c == '?';
			break;
		case EG_NC_P_KEPT:
			if (c == '<')
				f->pstate = EG_NC_P_LT1;
			else if (!isspace((unsigned char)c))
				f->pstate = EG_NC_P_FLUSH;
			break;
		case EG_NC_P_TAG:
			if (f->quote != 0) {
				if (c == f->quote)
					f->quote = 0;
			} else if (c == '"' || c == '\'') {
				f->quote = c;
			} else if (c == '>') {
				f->head[w++] = c;
				keep = false;
				err = nc_frame_check_root(f, f->head + f->tag_at, w - f->tag_at, &skip);
				if (err != EG_OK)
					return err;
				f->pstate = skip ? EG_NC_P_SKIP : EG_NC_P_FLUSH;
			}
			break;
		default:
			break;
		}
		if (keep)
			f->head[w++] = c;
		if (f->pstate == EG_NC_P_FLUSH || f->pstate == EG_NC_P_SKIP) {
			memmove(f->head + w, f->head + i, end - i);
			w += end - i;
			break;
		}
	}
	f->hlen = w;
	if (f->pstate == EG_NC_P_SKIP)
		f->hlen = 0;
	return EG_OK;
}

static eg_err
nc_frame_count(struct eg_nc_frame *f, size_t n)
{
	f->reply_bytes += n;
	if (f->reply_bytes > f->max_reply)
		return eg_nc_frame_fail(f, EG_ETRANSPORT,
			"reply larger than the size cap of %" PRIu64 " bytes", f->max_reply);
	return EG_OK;
}

/* Read the reply's head up to the end of its root start tag. */
static eg_err
nc_frame_prolog(struct eg_nc_frame *f)
{
	size_t got, start;
	eg_err err;

	while (f->pstate != EG_NC_P_FLUSH) {
		if (f->hcap - f->hlen < 4096) {
			/* Past this the message-id could not be checked: refuse, never pass. */
			if (f->hcap >= EG_NC_HEAD_MAX)
				return eg_nc_frame_fail(f, EG_ETRANSPORT, "more than %u bytes of the reply "
							"before its root start tag ends: its message-id "
							"cannot be checked", EG_NC_HEAD_MAX);
			f->head = eg_xrealloc(f->head, f->hcap ? f->hcap * 2 : 8192);
			f->hcap = f->hcap ? f->hcap * 2 : 8192;
		}
		start = f->hlen;
		err = eg_nc_frame_read(f, f->head + start, f->pstate == EG_NC_P_SKIP
				       ? f->hcap : f->hcap - start, &got);
		if (err != EG_OK)
			return err;
		if ((err = nc_frame_count(f, got)) != EG_OK)
			return err;
		if (f->pstate == EG_NC_P_SKIP) {
			f->hlen = 0;
			if (got == 0)
				f->pstate = EG_NC_P_DROP;
			continue;
		}
		if (got == 0) {
			if (f->hlen == 0) {
				/* Only space or comments: a keepalive; the reply is still to come. */
				f->pstate = EG_NC_P_DROP;
				continue;
			}
			f->pstate = EG_NC_P_FLUSH;
			f->mstate = EG_NC_MS_END;	/* the message ended with the head */
			break;
		}
		f->hlen += got;
		if ((err = nc_frame_prolog_scan(f, start)) != EG_OK)
			return err;
	}
	/*
	 * The cap counted every byte read meanwhile; from here on count only
	 * what the reader gets, not the keepalives, notifications and space
	 * that came before the reply.
	 */
	f->reply_bytes = f->hlen;
	f->hout = 0;
	return EG_OK;
}

eg_err
eg_nc_frame_reply_read(struct eg_nc_frame *f, char *buf, size_t len, size_t *got)
{
	eg_err err;

	*got = 0;
	if (f->diag.err != EG_OK)
		return f->diag.err;
	if (!f->in_reply || len == 0)
		return EG_OK;
	if (f->pstate != EG_NC_P_FLUSH && f->pstate != EG_NC_P_PASS) {
		if ((err = nc_frame_prolog(f)) != EG_OK)
			return err;
	}
	if (f->pstate == EG_NC_P_FLUSH) {
		size_t n = f->hlen - f->hout;

		if (n > 0) {
			if (n > len)
				n = len;
			memcpy(buf, f->head + f->hout, n);
			f->hout += n;
			*got = n;
			return EG_OK;
		}
		f->pstate = EG_NC_P_PASS;
	}
	if ((err = eg_nc_frame_read(f, buf, len, got)) != EG_OK)
		return err;
	if ((err = nc_frame_count(f, *got)) != EG_OK)
		return err;
	if (*got == 0) {
		f->in_reply = false;
		f->pending_id = 0;
		f->pstate = EG_NC_P_DONE;
	}
	return EG_OK;
}

eg_err
eg_nc_frame_reply_drain(struct eg_nc_frame *f)
{
	char *scratch;
	size_t got;
	eg_err err = EG_OK;

	if (f->diag.err != EG_OK || !f->in_reply)
		return f->diag.err;
	scratch = eg_xmalloc(EG_NC_RBUF);
	while (f->in_reply) {
		if ((err = eg_nc_frame_reply_read(f, scratch, EG_NC_RBUF, &got)) != EG_OK)
			break;
	}
	free(scratch);
	return err;
}
