/*
 * render_junit.c - the report as JUnit XML for CI systems.
 *
 * <testsuites> holds one <testsuite> per service (first-seen order) and
 * that one <testcase> per check and scope: classname
 * "erguard.<service>.<check>", name the scope (a device, or the devices a
 * comparison spans).  A failed check carries <failure>, one that could
 * not decide <error>, one not asked for <skipped>; message is the first
 * finding's sentence or the reason, the body one block per finding with
 * expected and observed.  Only what the JUnit format Jenkins and GitLab
 * read allows (tests/schema/junit.xsd): counts of tests, failures and
 * errors on both levels, skipped ones counted on <testsuite> only.  Each
 * case's time is the time its check took; a suite's is the sum of its
 * cases', and <testsuites> carries the whole run's (devices included).
 *
 * Written with libxml2's xmlTextWriter, which escapes markup characters;
 * every value is first cleaned of what XML 1.0 cannot carry (control
 * characters, malformed UTF-8), so the output is always well-formed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "render.h"
#include "util.h"

/* Counts of one suite, or of all of them. */
struct junit_counts {
	size_t tests, failures, errors, skipped;
};

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

xmlTextWriterPtr
eg_junit_writer(FILE *f)
{
	xmlOutputBufferPtr out;
	xmlTextWriterPtr w;

	/* libxml2 fails to make these only for want of memory. */
	out = xmlOutputBufferCreateIO(junit_write_cb, junit_close_cb, f, NULL);
	if (out == NULL)
		eg_oom(__func__);
	/* The writer owns out from here on and closes it when freed. */
	w = xmlNewTextWriter(out);
	if (w == NULL)
		eg_oom(__func__);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	return w;
}

int
eg_junit_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *v = eg_fmt_clean(value ? value : "", true);
	int rc;

	rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
	free(v);
	return rc;
}

static int
junit_attr_z(xmlTextWriterPtr w, const char *name, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	return eg_junit_attr(w, name, buf);
}

int
eg_junit_attr_time(xmlTextWriterPtr w, uint64_t us)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%llu.%06u", (unsigned long long)(us / 1000000),
		 (unsigned)(us % 1000000));
	return eg_junit_attr(w, "time", buf);
}

/* The counts; skipped only on a <testsuite> (<testsuites> has no such attribute). */
static int
junit_counts_attrs(xmlTextWriterPtr w, const struct junit_counts *c, bool suite)
{
	if (junit_attr_z(w, "tests", c->tests) < 0 ||
	    junit_attr_z(w, "failures", c->failures) < 0 ||
	    junit_attr_z(w, "errors", c->errors) < 0 ||
	    (suite && junit_attr_z(w, "skipped", c->skipped) < 0))
		return -1;
	return 0;
}

static void
junit_count(struct junit_counts *c, const struct eg_result *res)
{
	c->tests++;
	c->failures += res->status == EG_ST_FAIL;
	c->errors += res->status == EG_ST_UNKNOWN;
	c->skipped += res->status == EG_ST_SKIPPED;
}

static const char *
junit_service(const struct eg_result *res)
{
	return res->service ? res->service : "";
}

/*
 * One line of a failure's body: s with its own line breaks and controls
 * made harmless, so that text a device sent (an rpc-error's message) can
 * never start a line of its own in the body.
 */
static void
junit_line(FILE *m, const char *prefix, const char *s, const char *suffix)
{
	char *c = eg_fmt_clean(s != NULL ? s : "", false);

	fprintf(m, "%s%s%s\n", prefix, c, suffix);
	free(c);
}

/* The body of a failure or error: reason, one block per finding, remedy; caller frees. */
static char *
junit_body(const struct eg_result *res)
{
	char *body = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&body, &len);

	/* A stream in memory fails only for want of memory. */
	if (m == NULL)
		eg_oom(__func__);
	if (res->reason != NULL)
		junit_line(m, "", res->reason, "");
	for (i = 0; i < res->nfindings; i++) {
		const struct eg_finding *f = &res->findings[i];
		char *where = eg_fmt_where(f);

		char *line = eg_xasprintf("%s%s%s%s", where, *where && f->message ? ": " : "",
					  f->message ? f->message : "", !*where && !f->message ?
					  eg_status_name(f->status) : "");

		junit_line(m, "", line, "");
		free(line);
		if (f->expected != NULL)
			junit_line(m, "  expected: ", f->expected, "");
		if (f->observed != NULL)
			junit_line(m, "  observed: ", f->observed, "");
		free(where);
	}
	if (res->status == EG_ST_FAIL && res->remedy != NULL)
		junit_line(m, "remedy: ", res->remedy, "");
	if (fclose(m) != 0)
		eg_oom(__func__);
	return body;
}

/* The message attribute: the reason, else the first finding's sentence, else the headline. */
static char *
junit_message(const struct eg_result *res)
{
	size_t i;

	if (res->reason != NULL)
		return eg_xstrdup(res->reason);
	for (i = 0; i < res->nfindings; i++)
		if (res->findings[i].status == res->status && res->findings[i].message != NULL)
			return eg_xstrdup(res->findings[i].message);
	return eg_fmt_result_headline(res);
}

static int
junit_outcome(xmlTextWriterPtr w, const struct eg_result *res)
{
	char *body = NULL, *clean = NULL, *msg;
	const char *tag, *type;
	int rc = -1;

	switch (res->status) {
	case EG_ST_FAIL:
		tag = "failure";
		type = eg_severity_name(res->severity);
		break;
	case EG_ST_UNKNOWN:
		tag = "error";
		type = res->cause != EG_OK ? eg_strerror(res->cause) : "unknown";
		break;
	case EG_ST_SKIPPED:
		tag = "skipped";
		type = NULL;
		break;
	default:
		return 0;
	}
	msg = junit_message(res);
	if (xmlTextWriterStartElement(w, BAD_CAST tag) < 0 || eg_junit_attr(w, "message", msg) < 0 ||
	    (type != NULL && eg_junit_attr(w, "type", type) < 0))
		goto cleanup;
	if (res->status != EG_ST_SKIPPED) {
		body = junit_body(res);
		clean = eg_fmt_clean(body, true);
		if (xmlTextWriterWriteString(w, BAD_CAST clean) < 0)
			goto cleanup;
	}
	rc = xmlTextWriterEndElement(w);
cleanup:
	free(msg);
	free(body);
	free(clean);
	return rc < 0 ? -1 : 0;
}

static int
junit_case(xmlTextWriterPtr w, const struct eg_result *res)
{
	char *cls;
	int rc = -1;

	cls = eg_xasprintf("erguard.%s.%s", junit_service(res), res->check_id ? res->check_id : "");
	if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
	    eg_junit_attr(w, "classname", cls) < 0 ||
	    eg_junit_attr(w, "name", res->scope ? res->scope : "") < 0 ||
	    eg_junit_attr_time(w, res->duration_us) < 0 ||
	    junit_outcome(w, res) < 0)
		goto cleanup;
	rc = xmlTextWriterEndElement(w);
cleanup:
	free(cls);
	return rc < 0 ? -1 : 0;
}

/* The run's metadata as <properties>, each only when known (none: no element). */
static int
junit_properties(xmlTextWriterPtr w, const struct eg_report *r)
{
	const char *names[] = { "erguard.version", "erguard.intent", "erguard.mode",
				"erguard.snapshot-dir" };
	const char *values[] = { r->tool_version, r->intent_source, r->mode, r->snapshot_dir };
	size_t i, n = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		n += values[i] != NULL;
	if (n == 0)
		return 0;
	if (xmlTextWriterStartElement(w, BAD_CAST "properties") < 0)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (values[i] == NULL)
			continue;
		if (xmlTextWriterStartElement(w, BAD_CAST "property") < 0 ||
		    eg_junit_attr(w, "name", names[i]) < 0 || eg_junit_attr(w, "value", values[i]) < 0 ||
		    xmlTextWriterEndElement(w) < 0)
			return -1;
	}
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* The suite of the service results[first] starts. */
static int
junit_suite(xmlTextWriterPtr w, const struct eg_report *r, size_t first)
{
	const char *svc = junit_service(&r->results[first]);
	struct junit_counts c = { 0 };
	uint64_t us = 0;
	char when[40];
	size_t j;

	for (j = first; j < r->nresults; j++)
		if (strcmp(junit_service(&r->results[j]), svc) == 0) {
			junit_count(&c, &r->results[j]);
			us += r->results[j].duration_us;
		}
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 ||
	    eg_junit_attr(w, "name", svc) < 0 || junit_counts_attrs(w, &c, true) < 0 ||
	    eg_junit_attr_time(w, us) < 0 ||
	    (r->started_at != 0 &&
	     eg_junit_attr(w, "timestamp", eg_fmt_time(r->started_at, when, sizeof(when))) < 0) ||
	    junit_properties(w, r) < 0)
		return -1;
	for (j = first; j < r->nresults; j++)
		if (strcmp(junit_service(&r->results[j]), svc) == 0 &&
		    junit_case(w, &r->results[j]) < 0)
			return -1;
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

static eg_err
render_junit(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	xmlTextWriterPtr w;
	struct junit_counts all = { 0 };
	eg_err err = EG_EIO;
	size_t i, k;

	(void)o;
	w = eg_junit_writer(f);
	for (i = 0; i < r->nresults; i++)
		junit_count(&all, &r->results[i]);
	if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0 ||
	    eg_junit_attr(w, "name", "erguard") < 0 || junit_counts_attrs(w, &all, false) < 0 ||
	    eg_junit_attr_time(w, (uint64_t)r->duration_ms * 1000) < 0)
		goto cleanup;
	for (i = 0; i < r->nresults; i++) {
		bool seen = false;

		for (k = 0; k < i && !seen; k++)
			seen = strcmp(junit_service(&r->results[k]), junit_service(&r->results[i])) == 0;
		if (!seen && junit_suite(w, r, i) < 0)
			goto cleanup;
	}
	if (xmlTextWriterEndDocument(w) < 0)
		goto cleanup;
	err = EG_OK;
cleanup:
	xmlFreeTextWriter(w);
	if (err == EG_OK)
		err = eg_render_finish(f);
	return err;
}

const struct eg_renderer eg_render_junit = { "junit", render_junit };
