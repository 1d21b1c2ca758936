/*
 * nc_diag.c - the transport's one record of a failure.
 *
 * The code that finds a failure formats its message once, here, with the
 * device name in front; callers that need the message for a report (the
 * collector's "unknown, because ...") read it from the record instead of
 * a buffer handed down through every call.  Guarantees: a message always
 * begins with "DEVICE: ", fits the record (longer ones are cut), and is
 * never logged from here: the layer that makes a failure final logs it,
 * once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nc.h"

void
eg_nc_diag_init(struct eg_nc_diag *d, const char *device)
{
	int n;

	memset(d, 0, sizeof(*d));
	n = snprintf(d->msg, sizeof(d->msg), "%s: ", device != NULL ? device : "netconf");
	d->at = n < 0 || (size_t)n >= sizeof(d->msg) ? 0 : (size_t)n;
	d->msg[d->at] = '\0';
}

void
eg_nc_vsay(struct eg_nc_diag *d, const char *fmt, va_list ap)
{
	vsnprintf(d->msg + d->at, sizeof(d->msg) - d->at, fmt, ap);
}

void
eg_nc_say(struct eg_nc_diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eg_nc_vsay(d, fmt, ap);
	va_end(ap);
}

eg_err
eg_nc_fail(struct eg_nc_diag *d, eg_err err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eg_nc_vsay(d, fmt, ap);
	va_end(ap);
	d->err = err;
	return err;
}

const char *
eg_nc_diag_reason(const struct eg_nc_diag *d)
{
	return d->msg + d->at;
}

bool
eg_nc_diag_said(const struct eg_nc_diag *d)
{
	return d->msg[d->at] != '\0';
}
