/*
 * report.c - the report every renderer reads: results and findings.
 *
 * Guarantees: a result's status only ever gets worse as findings are
 * added (unknown outranks fail outranks pass); "skipped" is set only by
 * eg_result_skip() and never hides a result that already failed or could
 * not decide; the exit status follows erguard(8): 4 for
 * transport trouble outranks 5 for device RPC trouble outranks 1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

const char *
eg_status_name(enum eg_status s)
{
	switch (s) {
	case EG_ST_PASS:	return "pass";
	case EG_ST_FAIL:	return "fail";
	case EG_ST_UNKNOWN:	return "unknown";
	case EG_ST_SKIPPED:	return "skipped";
	}
	return "unknown";
}

const char *
eg_severity_name(enum eg_severity s)
{
	switch (s) {
	case EG_SEV_CRITICAL:	return "critical";
	case EG_SEV_MAJOR:	return "major";
	case EG_SEV_MINOR:	return "minor";
	case EG_SEV_INFO:	return "info";
	}
	return "info";
}

struct eg_report *
eg_report_new(void)
{
	return eg_xcalloc(1, sizeof(struct eg_report));
}

static void
report_finding_clear(struct eg_finding *f)
{
	free(f->device);
	free(f->prefix);
	free(f->peer);
	free(f->expected);
	free(f->observed);
	free(f->message);
}

static void
report_result_clear(struct eg_result *res)
{
	size_t i;

	free(res->check_id);
	free(res->title);
	free(res->remedy);
	free(res->service);
	free(res->scope);
	free(res->reason);
	for (i = 0; i < res->nfindings; i++)
		report_finding_clear(&res->findings[i]);
	free(res->findings);
}

void
eg_report_free(struct eg_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nresults; i++)
		report_result_clear(&r->results[i]);
	free(r->results);
	free(r->tool_version);
	free(r->intent_source);
	free(r->mode);
	free(r->snapshot_dir);
	free(r);
}

struct eg_result *
eg_report_begin(struct eg_report *r, const char *check_id, enum eg_severity sev,
		const char *title, const char *remedy, const char *service, const char *scope)
{
	void *arr = r->results;
	struct eg_result *res;

	eg_grow(&arr, &r->cap, r->nresults + 1, sizeof(*r->results));
	r->results = arr;
	res = &r->results[r->nresults++];
	memset(res, 0, sizeof(*res));
	res->severity = sev;
	res->status = EG_ST_PASS;
	res->check_id = eg_xstrdup(check_id);
	res->title = eg_xstrdup(title);
	res->remedy = eg_xstrdup(remedy);
	res->service = eg_xstrdup(service);
	res->scope = eg_xstrdup(scope);
	return res;
}

static int
report_rank(enum eg_status s)
{
	switch (s) {
	case EG_ST_SKIPPED:	return 0;
	case EG_ST_PASS:	return 1;
	case EG_ST_FAIL:	return 2;
	case EG_ST_UNKNOWN:	return 3;
	}
	return 3;
}

static void
report_raise(struct eg_result *res, enum eg_status st)
{
	if (res->status == EG_ST_SKIPPED && st == EG_ST_PASS)
		return;
	if (report_rank(st) > report_rank(res->status))
		res->status = st;
}

void
eg_result_add(struct eg_result *res, enum eg_status st, const char *device,
	      const char *prefix, const char *peer, const char *expected,
	      const char *observed, const char *fmt, ...)
{
	struct eg_finding *f;
	void *arr = res->findings;
	va_list ap;

	eg_grow(&arr, &res->cap, res->nfindings + 1, sizeof(*res->findings));
	res->findings = arr;
	f = &res->findings[res->nfindings++];
	memset(f, 0, sizeof(*f));
	f->status = st;
	f->device = eg_xstrdup(device);
	f->prefix = eg_xstrdup(prefix);
	f->peer = eg_xstrdup(peer);
	f->expected = eg_xstrdup(expected);
	f->observed = eg_xstrdup(observed);
	if (fmt != NULL) {
		va_start(ap, fmt);
		f->message = eg_xvasprintf(fmt, ap);
		va_end(ap);
	}
	report_raise(res, st);
}

void
eg_result_unknown(struct eg_result *res, eg_err cause, const char *fmt, ...)
{
	va_list ap;
	char *why = NULL;

	va_start(ap, fmt);
	why = eg_xvasprintf(fmt, ap);
	va_end(ap);
	if (res->status != EG_ST_UNKNOWN || res->reason == NULL) {
		free(res->reason);
		res->reason = why;
		res->cause = cause;
	} else {
		free(why);
	}
	res->status = EG_ST_UNKNOWN;
}

void
eg_result_skip(struct eg_result *res, const char *fmt, ...)
{
	va_list ap;
	char *why = NULL;

	/* Skipped does not fail the run: it must not hide a verdict already reached. */
	if (res->status == EG_ST_FAIL || res->status == EG_ST_UNKNOWN)
		return;
	va_start(ap, fmt);
	why = eg_xvasprintf(fmt, ap);
	va_end(ap);
	free(res->reason);
	res->reason = why;
	res->status = EG_ST_SKIPPED;
}

void
eg_report_counts(const struct eg_report *r, size_t counts[4])
{
	size_t i;

	memset(counts, 0, 4 * sizeof(counts[0]));
	for (i = 0; i < r->nresults; i++) {
		enum eg_status st = r->results[i].status;

		counts[st <= EG_ST_SKIPPED ? st : EG_ST_UNKNOWN]++;
	}
}

/* Exit statuses from least to most urgent: 0, 1, 5, 4. */
static int
report_exit_rank(enum eg_exit e)
{
	switch (e) {
	case EG_EXIT_OK:	return 0;
	case EG_EXIT_RPC:	return 2;
	case EG_EXIT_TRANSPORT:	return 3;
	default:		return 1;
	}
}

enum eg_exit
eg_report_exit(const struct eg_report *r)
{
	enum eg_exit worst = EG_EXIT_OK;
	size_t i;

	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];
		enum eg_exit e = EG_EXIT_DEVIATION;

		if (res->status == EG_ST_PASS || res->status == EG_ST_SKIPPED)
			continue;
		if (res->status == EG_ST_UNKNOWN) {
			/* Only transport and device trouble have statuses of their own. */
			e = eg_exit_for(res->cause);
			if (e != EG_EXIT_TRANSPORT && e != EG_EXIT_RPC)
				e = EG_EXIT_DEVIATION;
		}
		if (report_exit_rank(e) > report_exit_rank(worst))
			worst = e;
	}
	return worst;
}
