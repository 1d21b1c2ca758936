/*
 * eg_err.c - error names, exit statuses and the stderr logger.
 */
#include <stdio.h>
#include <stdarg.h>

#include "eg_err.h"

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

void
eg_vlog(enum eg_log_level level, const char *where, const char *fmt,
	va_list ap)
{
	static const char *const tag[] = { "error", "warning", "info", "debug" };

	if (level > eg_log_level)
		return;
	if (eg_log_sink != NULL) {
		char msg[2048];

		vsnprintf(msg, sizeof(msg), fmt, ap);
		eg_log_sink(level, where, msg, eg_log_sink_arg);
		return;
	}
	/* One line at a time: the collector's workers log from several threads. */
	flockfile(stderr);
	fprintf(stderr, "erguard: ");
	if (where != NULL)
		fprintf(stderr, "%s: ", where);
	if (level != EG_LOG_ERROR)
		fprintf(stderr, "%s: ", tag[level]);
	vfprintf(stderr, fmt, ap);
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
