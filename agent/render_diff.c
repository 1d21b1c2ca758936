/*
 * render_diff.c - a diff (diff.h) as text, JSON or JUnit XML.
 *
 * Text: one line per change (WORSE or CHANGE, its kind, its sentence),
 * then one summary line; worse lines red when colour is asked for.
 * JSON: the two sources, the counts and every change with its fields.
 * JUnit: one <testsuite> "erguard-diff", a <testcase> per change
 * (classname "erguard.diff.<kind>", name what changed), a worse change
 * carrying <failure>, any other its sentence in <system-out>; no change
 * at all is one passing case, so that CI shows the diff ran.  Every
 * value is cleaned of control characters and malformed UTF-8 first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libxml/xmlwriter.h>

#include "diff.h"
#include "render.h"
#include "util.h"

/* ------------------------------------------------------------ text */

static eg_err
diff_text(const struct eg_diff *d, const struct eg_render_opts *o, FILE *f)
{
	bool color = o != NULL && o->color;
	char *a = eg_fmt_clean(d->old_source ? d->old_source : "", false);
	char *b = eg_fmt_clean(d->new_source ? d->new_source : "", false);
	size_t i, nworse = eg_diff_nworse(d);

	fprintf(f, "erguard diff %s -> %s\n", a, b);
	free(a);
	free(b);
	for (i = 0; i < d->nchanges; i++) {
		const struct eg_change *c = &d->changes[i];
		char *msg = eg_fmt_clean(c->message, false);

		fprintf(f, "%s%-6s%s %-11s %s\n", color && c->worse ? "\033[31m" : "",
			c->worse ? "WORSE" : "CHANGE", color && c->worse ? "\033[0m" : "",
			eg_diff_kind_name(c->kind), msg);
		free(msg);
	}
	if (d->nchanges == 0)
		fputs("no change\n", f);
	else
		fprintf(f, "%zu change%s, %zu worse\n", d->nchanges, d->nchanges == 1 ? "" : "s",
			nworse);
	return eg_render_finish(f);
}

/* ------------------------------------------------------------ json */

/* A cleaned string, or JSON null. */
static struct json_object *
diff_json_str(const char *s)
{
	struct json_object *v;
	char *c;

	if (s == NULL)
		return NULL;
	c = eg_fmt_clean(s, false);
	v = json_object_new_string(c);
	free(c);
	if (v == NULL)
		eg_oom(__func__);
	return v;
}

static eg_err
diff_json(const struct eg_diff *d, const struct eg_render_opts *o, FILE *f)
{
	struct json_object *top = json_object_new_object(), *arr = json_object_new_array();
	const char *text;
	size_t i;

	(void)o;
	if (top == NULL || arr == NULL)
		eg_oom(__func__);
	json_object_object_add(top, "old", diff_json_str(d->old_source));
	json_object_object_add(top, "new", diff_json_str(d->new_source));
	json_object_object_add(top, "changes", json_object_new_int64((int64_t)d->nchanges));
	json_object_object_add(top, "worse", json_object_new_int64((int64_t)eg_diff_nworse(d)));
	for (i = 0; i < d->nchanges; i++) {
		const struct eg_change *c = &d->changes[i];
		struct json_object *e = json_object_new_object();

		if (e == NULL)
			eg_oom(__func__);
		json_object_object_add(e, "kind", json_object_new_string(eg_diff_kind_name(c->kind)));
		json_object_object_add(e, "worse", json_object_new_boolean(c->worse));
		json_object_object_add(e, "device", diff_json_str(c->device));
		json_object_object_add(e, "subject", diff_json_str(c->subject));
		json_object_object_add(e, "attribute", diff_json_str(c->attribute));
		json_object_object_add(e, "before", diff_json_str(c->before));
		json_object_object_add(e, "after", diff_json_str(c->after));
		json_object_object_add(e, "message", diff_json_str(c->message));
		json_object_array_add(arr, e);
	}
	json_object_object_add(top, "items", arr);
	text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text == NULL)
		eg_oom(__func__);
	fprintf(f, "%s\n", text);
	json_object_put(top);
	return eg_render_finish(f);
}

/* ------------------------------------------------------------ junit */

static int
diff_attr_z(xmlTextWriterPtr w, const char *name, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	return eg_junit_attr(w, name, buf);
}

static int
diff_junit_case(xmlTextWriterPtr w, const struct eg_change *c)
{
	char *cls = eg_xasprintf("erguard.diff.%s", eg_diff_kind_name(c->kind));
	char *name = eg_xasprintf("%s%s%s%s%s", c->device ? c->device : "", c->device ? " " : "",
				  c->subject ? c->subject : "", c->attribute ? " " : "",
				  c->attribute ? c->attribute : "");
	char *msg = eg_fmt_clean(c->message, false);
	int rc = -1;

	if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
	    eg_junit_attr(w, "name", name) < 0 || eg_junit_attr(w, "classname", cls) < 0 ||
	    eg_junit_attr_time(w, 0) < 0)
		goto cleanup;
	if (c->worse) {
		if (xmlTextWriterStartElement(w, BAD_CAST "failure") < 0 ||
		    eg_junit_attr(w, "message", msg) < 0 || eg_junit_attr(w, "type", "worse") < 0 ||
		    xmlTextWriterWriteFormatString(w, "before: %s\nafter: %s\n",
						   c->before ? c->before : "",
						   c->after ? c->after : "") < 0 ||
		    xmlTextWriterEndElement(w) < 0)
			goto cleanup;
	} else if (xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST msg) < 0) {
		goto cleanup;
	}
	rc = xmlTextWriterEndElement(w);
cleanup:
	free(cls);
	free(name);
	free(msg);
	return rc < 0 ? -1 : 0;
}

static int
diff_junit_props(xmlTextWriterPtr w, const struct eg_diff *d)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "properties") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "property") < 0 ||
	    eg_junit_attr(w, "name", "erguard.diff.old") < 0 || eg_junit_attr(w, "value", d->old_source) < 0 ||
	    xmlTextWriterEndElement(w) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "property") < 0 ||
	    eg_junit_attr(w, "name", "erguard.diff.new") < 0 || eg_junit_attr(w, "value", d->new_source) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

/* The counts and time of <testsuites> or, suite set, of the one <testsuite>. */
static int
diff_junit_counts(xmlTextWriterPtr w, size_t tests, size_t failures, bool suite)
{
	if (eg_junit_attr(w, "name", "erguard-diff") < 0 || diff_attr_z(w, "tests", tests) < 0 ||
	    diff_attr_z(w, "failures", failures) < 0 || diff_attr_z(w, "errors", 0) < 0 ||
	    (suite && diff_attr_z(w, "skipped", 0) < 0))
		return -1;
	return eg_junit_attr_time(w, 0);
}

static eg_err
diff_junit(const struct eg_diff *d, const struct eg_render_opts *o, FILE *f)
{
	xmlTextWriterPtr w;
	size_t i, tests = d->nchanges ? d->nchanges : 1, nworse = eg_diff_nworse(d);
	eg_err err = EG_EIO;

	(void)o;
	w = eg_junit_writer(f);
	if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0 ||
	    diff_junit_counts(w, tests, nworse, false) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 ||
	    diff_junit_counts(w, tests, nworse, true) < 0 || diff_junit_props(w, d) < 0)
		goto cleanup;
	for (i = 0; i < d->nchanges; i++)
		if (diff_junit_case(w, &d->changes[i]) < 0)
			goto cleanup;
	if (d->nchanges == 0 &&
	    (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
	     eg_junit_attr(w, "name", "no change") < 0 ||
	     eg_junit_attr(w, "classname", "erguard.diff") < 0 ||
	     eg_junit_attr_time(w, 0) < 0 || xmlTextWriterEndElement(w) < 0))
		goto cleanup;
	if (xmlTextWriterEndDocument(w) < 0)
		goto cleanup;
	err = EG_OK;
cleanup:
	xmlFreeTextWriter(w);
	if (err == EG_OK)
		err = eg_render_finish(f);
	return err;
}

static const struct eg_diff_renderer diff_renderers[] = {
	{ "text", diff_text },
	{ "json", diff_json },
	{ "junit", diff_junit },
};

const struct eg_diff_renderer *
eg_diff_renderer_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof(diff_renderers) / sizeof(diff_renderers[0]); i++)
		if (strcmp(diff_renderers[i].name, name) == 0)
			return &diff_renderers[i];
	return NULL;
}
