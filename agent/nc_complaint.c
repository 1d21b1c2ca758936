/*
 * nc_complaint.c - what OpenSSH said on stderr, as an eg_err and a reason.
 *
 * Both the exec transport (the spawned "ssh -s") and libssh's jump hosts
 * (a spawned "ssh -W") learn why a connection failed only from the text
 * OpenSSH writes on stderr.  This file is the one place that reads that
 * text: it maps the sentence OpenSSH prints onto the error erguard
 * reports (EG_EHOSTKEY, EG_EAUTH, EG_ETIMEOUT, EG_ETRANSPORT) and quotes
 * the line that said so.  Nothing else in erguard classifies an error by
 * its text.
 */
#include <stdio.h>
#include <string.h>

#include "nc.h"

/* The last non-empty line of text (len bytes), cleaned of control bytes. */
void
eg_nc_complaint_last_line(const char *text, size_t len, char *out, size_t size)
{
	size_t end = len, start, i, o = 0;

	while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' '))
		end--;
	start = end;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	for (i = start; i < end && o + 1 < size; i++) {
		unsigned char c = (unsigned char)text[i];

		out[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	out[o] = '\0';
}

/* A one-line excerpt of text that holds what (found there). */
static void
nc_complaint_cause_line(const char *text, size_t len, const char *what, char *out, size_t size)
{
	const char *p = memmem(text, len, what, strlen(what));
	const char *b, *e, *end = text + len;
	size_t o = 0;

	b = p;
	while (b > text && b[-1] != '\n')
		b--;
	e = p;
	while (e < end && *e != '\n' && *e != '\r')
		e++;
	for (; b < e && o + 1 < size; b++)
		out[o++] = (unsigned char)*b < 0x20 ? ' ' : *b;
	out[o] = '\0';
}

/* The "SHA256:..." fingerprint ssh printed in text, if any. */
static void
nc_complaint_fingerprint(const char *text, size_t len, char *out, size_t size)
{
	const char *p = memmem(text, len, "SHA256:", 7);
	const char *end = text + len;
	size_t o = 0;

	for (; p != NULL && p < end && o + 1 < size; p++) {
		if (*p == '.' && (p + 1 == end || p[1] == '\n' || p[1] == '\r'))
			break;	/* the sentence's full stop */
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
			break;
		out[o++] = *p;
	}
	out[o] = '\0';
}

eg_err
eg_nc_complaint(const char *text, size_t len, const char *prog, struct eg_nc_diag *d)
{
	static const struct {
		const char *text;
		eg_err err;
		const char *cause;
	} causes[] = {
		{ "REMOTE HOST IDENTIFICATION HAS CHANGED", EG_EHOSTKEY, "host key changed" },
		{ "host key is known for", EG_EHOSTKEY, "host key not known" },
		{ "Host key verification failed", EG_EHOSTKEY, "host key verification failed" },
		/* ssh ignores a key others can read or write, then is refused: say why */
		{ "are too open", EG_EAUTH, "private key refused for its permissions" },
		{ "Permission denied", EG_EAUTH, "authentication refused" },
		{ "Too many authentication failures", EG_EAUTH, "authentication refused" },
		{ "Connection refused", EG_ETRANSPORT, "connection refused" },
		{ "Connection timed out", EG_ETIMEOUT, "connection timed out" },
		{ "timed out", EG_ETIMEOUT, "connection timed out" },
		{ "Could not resolve hostname", EG_ETRANSPORT, "host name not resolved" },
		{ "No route to host", EG_ETRANSPORT, "no route to host" },
		{ "Connection closed by", EG_ETRANSPORT, "connection closed" },
		{ "subsystem request failed", EG_ETRANSPORT, "netconf subsystem refused" },
	};
	char line[256];
	size_t i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++) {
		if (memmem(text, len, causes[i].text, strlen(causes[i].text)) == NULL)
			continue;
		nc_complaint_cause_line(text, len, causes[i].text, line, sizeof(line));
		if (causes[i].err == EG_EHOSTKEY) {
			char fp[80];

			nc_complaint_fingerprint(text, len, fp, sizeof(fp));
			eg_nc_say(d, "%s%s%s (%s: %s)", causes[i].cause, fp[0] ? ", offered " : "",
				 fp, prog, line);
		} else {
			eg_nc_say(d, "%s (%s: %s)", causes[i].cause, prog, line);
		}
		return causes[i].err;
	}
	return EG_OK;
}
