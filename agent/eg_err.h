/*
 * eg_err.h - erguard's single error enum, exit statuses and diagnostics.
 *
 * Every fallible function in erguard returns an eg_err and hands results
 * back through out-parameters.  Only the CLI layer (main.c) turns an eg_err
 * into an exit status or prints to stdout; everything else returns.
 * Diagnostics go to stderr, prefixed with the place they concern
 * ("intent.xml:12: ...", "SEA-MX03-02: rpc-error: ...").
 */
#ifndef EG_ERR_H
#define EG_ERR_H

#include <stdarg.h>

typedef enum eg_err {
	EG_OK = 0,
	EG_ENOMEM,	/* allocation failed */
	EG_EINVAL,	/* bad argument or usage */
	EG_EINTENT,	/* intent does not validate */
	EG_ENOTFOUND,	/* an input (file, reply, element) is missing */
	EG_EIO,		/* local file or pipe I/O failed */
	EG_EPARSE,	/* a reply or document is malformed */
	EG_ERPC,	/* the device answered with an rpc-error (severity error) */
	EG_ETRANSPORT,	/* connect, SSH or framing failure, session dropped */
	EG_EAUTH,	/* authentication refused */
	EG_EHOSTKEY,	/* host key unknown or changed */
	EG_ETIMEOUT,	/* a per-RPC or per-session timeout expired */
	EG_ELOCKED,	/* configuration database locked by someone else */
	EG_EINTERNAL	/* a bug: an invariant did not hold */
} eg_err;

/* Exit statuses of the erguard command (documented in erguard(8)). */
enum eg_exit {
	EG_EXIT_OK = 0,		/* compliant */
	EG_EXIT_DEVIATION = 1,	/* deviations, or checks that could not decide */
	EG_EXIT_USAGE = 2,	/* bad command line */
	EG_EXIT_INTENT = 3,	/* invalid intent */
	EG_EXIT_TRANSPORT = 4,	/* transport or authentication failure */
	EG_EXIT_RPC = 5		/* device RPC error or malformed reply */
};

/* Short, stable, lower-case name of an error ("transport", "rpc-error"). */
const char *eg_strerror(eg_err err);

/* Exit status that a run ending with err should return. */
enum eg_exit eg_exit_for(eg_err err);

enum eg_log_level { EG_LOG_ERROR, EG_LOG_WARN, EG_LOG_INFO, EG_LOG_DEBUG };

/* Messages at or below this level are printed; default EG_LOG_WARN. */
void eg_log_set_level(enum eg_log_level level);
enum eg_log_level eg_log_get_level(void);

/*
 * Print a diagnostic to stderr: "erguard: WHERE: message\n".  where names
 * the device or file:line and may be NULL.  Never pass secrets.
 */
void eg_log(enum eg_log_level level, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void eg_vlog(enum eg_log_level level, const char *where, const char *fmt,
	     va_list ap) __attribute__((format(printf, 3, 0)));

/*
 * Send diagnostics to fn instead of stderr (fn NULL: back to stderr).  fn
 * receives the level, the place (may be NULL) and the formatted message
 * without prefix or newline; the level filter still applies.  Meant for
 * tests that assert on what was logged and for embedding programs.
 */
typedef void (*eg_log_sink_fn)(enum eg_log_level level, const char *where,
			       const char *msg, void *arg);
void eg_log_set_sink(eg_log_sink_fn fn, void *arg);

#endif
