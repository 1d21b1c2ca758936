/*
 * render_junit.c - the report as JUnit XML for CI systems.
 *
 * One <testsuite> per service, one <testcase> per check and scope, with
 * classname "erguard.<service>.<check>": <failure> for a failed check,
 * <error> for one that could not decide, <skipped> for one not asked for.
 * Written with libxml2's xmlTextWriter, so every string is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "render.h"

static int
junit_write_cb(void *ctx, const char *buf, int len)
{
	return fwrite(buf, 1, (size_t)len, (FILE *)ctx) == (size_t)len ? len : -1;
}

static int
junit_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Strip characters XML 1.0 cannot carry (control characters but tab/newline). */
static char *
junit_clean(const char *s)
{
	char *out = strdup(s ? s : ""), *p;

	if (out == NULL)
		return NULL;
	for (p = out; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			*p = '?';
	return out;
}

static int
junit_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *v = junit_clean(value);
	int rc;

	if (v == NULL)
		return -1;
	rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
	free(v);
	return rc;
}

/* The body text of a failure or error: one line per finding. */
static char *
junit_body(const struct eg_result *res)
{
	char *body = strdup(""), *t;
	size_t i;

	if (body == NULL)
		return NULL;
	if (res->reason != NULL) {
		t = NULL;
		if (asprintf(&t, "%s\n", res->reason) < 0)
			t = NULL;
		free(body);
		body = t;
	}
	for (i = 0; body != NULL && i < res->nfindings; i++) {
		char *line = eg_fmt_finding(&res->findings[i]);
		t = NULL;
		if (line == NULL || asprintf(&t, "%s%s\n", body, line) < 0)
			t = NULL;
		free(line);
		free(body);
		body = t;
	}
	return body;
}

static int
junit_case(xmlTextWriterPtr w, const struct eg_result *res)
{
	char *cls = NULL, *body = NULL, *clean = NULL;
	const char *tag = NULL, *msg;
	int rc = -1;

	if (asprintf(&cls, "erguard.%s.%s", res->service ? res->service : "",
		     res->check_id ? res->check_id : "") < 0)
		return -1;
	if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
	    junit_attr(w, "classname", cls) < 0 ||
	    junit_attr(w, "name", res->scope ? res->scope : "") < 0 ||
	    junit_attr(w, "time", "0") < 0)
		goto cleanup;
	switch (res->status) {
	case EG_ST_FAIL:
		tag = "failure";
		break;
	case EG_ST_UNKNOWN:
		tag = "error";
		break;
	case EG_ST_SKIPPED:
		tag = "skipped";
		break;
	case EG_ST_PASS:
		break;
	}
	if (tag != NULL) {
		body = junit_body(res);
		clean = junit_clean(body);
		if (clean == NULL)
			goto cleanup;
		msg = res->reason ? res->reason : eg_fmt_title(res->check_id);
		if (res->nfindings > 0 && res->reason == NULL && res->findings[0].message)
			msg = res->findings[0].message;
		if (xmlTextWriterStartElement(w, BAD_CAST tag) < 0 ||
		    junit_attr(w, "message", msg) < 0 ||
		    (res->status != EG_ST_SKIPPED &&
		     junit_attr(w, "type", eg_severity_name(res->severity)) < 0) ||
		    (res->status != EG_ST_SKIPPED &&
		     xmlTextWriterWriteString(w, BAD_CAST clean) < 0) ||
		    xmlTextWriterEndElement(w) < 0)
			goto cleanup;
	}
	rc = xmlTextWriterEndElement(w);
cleanup:
	free(cls);
	free(body);
	free(clean);
	return rc < 0 ? -1 : 0;
}

static eg_err
render_junit(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	xmlOutputBufferPtr out;
	xmlTextWriterPtr w;
	size_t counts[4], i, j;
	char buf[32], when[40];
	eg_err err = EG_EIO;

	(void)o;
	out = xmlOutputBufferCreateIO(junit_write_cb, junit_close_cb, f, NULL);
	if (out == NULL)
		return EG_ENOMEM;
	w = xmlNewTextWriter(out);
	if (w == NULL) {
		xmlOutputBufferClose(out);
		return EG_ENOMEM;
	}
	xmlTextWriterSetIndent(w, 1);
	eg_report_counts(r, counts);
	if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0 ||
	    junit_attr(w, "name", "erguard") < 0)
		goto cleanup;
	snprintf(buf, sizeof(buf), "%zu", r->nresults);
	junit_attr(w, "tests", buf);
	snprintf(buf, sizeof(buf), "%zu", counts[EG_ST_FAIL]);
	junit_attr(w, "failures", buf);
	snprintf(buf, sizeof(buf), "%zu", counts[EG_ST_UNKNOWN]);
	junit_attr(w, "errors", buf);
	snprintf(buf, sizeof(buf), "%zu", counts[EG_ST_SKIPPED]);
	junit_attr(w, "skipped", buf);
	snprintf(buf, sizeof(buf), "%.3f", r->duration_ms / 1000.0);
	junit_attr(w, "time", buf);
	/* One testsuite per service, in first-seen order. */
	for (i = 0; i < r->nresults; i++) {
		const char *svc = r->results[i].service ? r->results[i].service : "";
		size_t n = 0, nf = 0, ne = 0, ns = 0, k;
		bool seen = false;

		for (k = 0; k < i && !seen; k++)
			seen = strcmp(r->results[k].service ? r->results[k].service : "", svc) == 0;
		if (seen)
			continue;
		for (j = i; j < r->nresults; j++) {
			const struct eg_result *res = &r->results[j];
			if (strcmp(res->service ? res->service : "", svc) != 0)
				continue;
			n++;
			nf += res->status == EG_ST_FAIL;
			ne += res->status == EG_ST_UNKNOWN;
			ns += res->status == EG_ST_SKIPPED;
		}
		if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0)
			goto cleanup;
		junit_attr(w, "name", svc);
		snprintf(buf, sizeof(buf), "%zu", n);
		junit_attr(w, "tests", buf);
		snprintf(buf, sizeof(buf), "%zu", nf);
		junit_attr(w, "failures", buf);
		snprintf(buf, sizeof(buf), "%zu", ne);
		junit_attr(w, "errors", buf);
		snprintf(buf, sizeof(buf), "%zu", ns);
		junit_attr(w, "skipped", buf);
		if (r->started_at)
			junit_attr(w, "timestamp", eg_fmt_time(r->started_at, when, sizeof(when)));
		for (j = i; j < r->nresults; j++) {
			const struct eg_result *res = &r->results[j];
			if (strcmp(res->service ? res->service : "", svc) != 0)
				continue;
			if (junit_case(w, res) < 0)
				goto cleanup;
		}
		if (xmlTextWriterEndElement(w) < 0)
			goto cleanup;
	}
	if (xmlTextWriterEndDocument(w) < 0)
		goto cleanup;
	err = EG_OK;
cleanup:
	xmlFreeTextWriter(w);
	return err == EG_OK && ferror(f) ? EG_EIO : err;
}

const struct eg_renderer eg_render_junit = { "junit", render_junit };
