/*
 * eg_err.c - error names, exit statuses and the stderr logger.
 */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

#include "eg_err.h"
#include "utf8.h"

static enum eg_log_level eg_log_level = EG_LOG_WARN;
static eg_log_sink_fn eg_log_sink;
static void *eg_log_sink_arg;

const char *
eg_strerror(eg_err err)
{
	switch (err) {
	case EG_OK:		return "ok";
	case EG_ENOMEM:		return "out of memory";
	case EG_EINVAL:		return "invalid argument";
	case EG_EINTENT:	return "invalid intent";
	case EG_ENOTFOUND:	return "not found";
	case EG_EIO:		return "i/o error";
	case EG_EPARSE:		return "malformed reply";
	case EG_ERPC:		return "rpc-error";
	case EG_ETRANSPORT:	return "transport error";
	case EG_EAUTH:		return "authentication failed";
	case EG_EHOSTKEY:	return "host key verification failed";
	case EG_ETIMEOUT:	return "timeout";
	case EG_ELOCKED:	return "configuration locked";
	case EG_EINTERNAL:	return "internal error";
	}
	return "unknown error";
}

enum eg_exit
eg_exit_for(eg_err err)
{
	switch (err) {
	case EG_OK:
		return EG_EXIT_OK;
	case EG_EINVAL:
		return EG_EXIT_USAGE;
	case EG_EINTENT:
		return EG_EXIT_INTENT;
	case EG_ETRANSPORT:
	case EG_EAUTH:
	case EG_EHOSTKEY:
	case EG_ETIMEOUT:
		return EG_EXIT_TRANSPORT;
	case EG_ERPC:
	case EG_EPARSE:
	case EG_ELOCKED:
		return EG_EXIT_RPC;
	case EG_ENOMEM:
	case EG_ENOTFOUND:
	case EG_EIO:
	case EG_EINTERNAL:
		break;
	}
	return EG_EXIT_DEVIATION;
}

void
eg_log_set_level(enum eg_log_level level)
{
	eg_log_level = level;
}

enum eg_log_level
eg_log_get_level(void)
{
	return eg_log_level;
}

/* Longest line a diagnostic writes, escapes included; longer ones are cut. */
#define EG_LOG_LINE 2048

/*
 * s escaped into out (size bytes): what a device sent reaches a terminal
 * or the journal as one line that cannot pass for another.  Controls (C0,
 * DEL, and C1 whether written in UTF-8 or as a lone byte) become \n, \t,
 * \r or \xHH, as do bytes that are no UTF-8; well-formed UTF-8 is kept.
 * A line cut short ends in "...".
 */
static void
eg_log_escape(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, k;

	while (*p != '\0') {
		char esc[8];
		const char *put = esc;
		unsigned long cp;
		size_t len = eg_utf8_get(p, &cp), step = len ? len : 1;
		unsigned c = p[0];

		if (len > 1 && cp <= 0x9f)
			c = (unsigned)cp;		/* U+0080..U+009F: a C1 control */
		else if (len > 1)
			c = 0x100;			/* printable UTF-8, kept */
		if (c == 0x100) {
			put = (const char *)p;
			k = len;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			k = (size_t)snprintf(esc, sizeof(esc), "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
		} else if (c < 0x20 || c >= 0x7f) {
			k = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", c);
		} else {
			esc[0] = (char)c;
			k = 1;
		}
		if (n + k + 4 > size) {
			memcpy(out + n, "...", 4);
			return;
		}
		memcpy(out + n, put, k);
		n += k;
		p += step;
	}
	out[n] = '\0';
}

void
eg_vlog(enum eg_log_level level, const char *where, const char *fmt,
	va_list ap)
{
	static const char *const tag[] = { "error", "warning", "info", "debug" };
	char raw[EG_LOG_LINE * 2], msg[EG_LOG_LINE], place[256];

	if (level > eg_log_level)
		return;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	eg_log_escape(raw, msg, sizeof(msg));
	if (where != NULL)
		eg_log_escape(where, place, sizeof(place));
	if (eg_log_sink != NULL) {
		eg_log_sink(level, where != NULL ? place : NULL, msg, eg_log_sink_arg);
		return;
	}
	/* One line at a time: the collector's workers log from several threads. */
	flockfile(stderr);
	fprintf(stderr, "erguard: ");
	if (where != NULL)
		fprintf(stderr, "%s: ", place);
	if (level != EG_LOG_ERROR)
		fprintf(stderr, "%s: ", tag[level]);
	fputs(msg, stderr);
	fputc('\n', stderr);
	funlockfile(stderr);
}

void
eg_log_set_sink(eg_log_sink_fn fn, void *arg)
{
	eg_log_sink = fn;
	eg_log_sink_arg = arg;
}

void
eg_log(enum eg_log_level level, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eg_vlog(level, where, fmt, ap);
	va_end(ap);
}
