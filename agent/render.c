/*
 * render.c - the renderer table and the value formatters every renderer
 * shares, so that the same value reads the same in every format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks.h"
#include "render.h"

static const struct eg_renderer *const render_table[] = {
	&eg_render_text, &eg_render_json, &eg_render_xml, &eg_render_junit,
};

const struct eg_renderer *
eg_renderer_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(render_table) / sizeof(render_table[0]); i++)
		if (strcmp(render_table[i]->name, name) == 0)
			return render_table[i];
	return NULL;
}

char *
eg_fmt_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return buf;
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *
eg_fmt_title(const char *check_id)
{
	const struct eg_check_def *d = eg_check_find(check_id);

	return d && d->title ? d->title : "";
}

const char *
eg_fmt_remedy(const char *check_id)
{
	const struct eg_check_def *d = eg_check_find(check_id);

	return d ? d->remedy : NULL;
}

/* Append " sep piece" (or just piece at the start) to a growing string. */
static char *
render_cat(char *s, const char *sep, const char *piece)
{
	char *t = NULL;

	if (s == NULL || piece == NULL || *piece == '\0')
		return s;
	if (asprintf(&t, "%s%s%s", s, *s ? sep : "", piece) < 0)
		t = NULL;
	free(s);
	return t;
}

char *
eg_fmt_finding(const struct eg_finding *f)
{
	char *loc = strdup(""), *det = strdup(""), *out = NULL, *peer = NULL;

	if (f->peer != NULL && asprintf(&peer, "peer %s", f->peer) < 0)
		peer = NULL;
	loc = render_cat(loc, " ", f->device);
	loc = render_cat(loc, " ", f->prefix);
	loc = render_cat(loc, " ", peer);
	if (f->expected != NULL) {
		char *e = NULL;
		if (asprintf(&e, "expected %s", f->expected) >= 0) {
			det = render_cat(det, ", ", e);
			free(e);
		}
	}
	if (f->observed != NULL) {
		char *o = NULL;
		if (asprintf(&o, "observed %s", f->observed) >= 0) {
			det = render_cat(det, ", ", o);
			free(o);
		}
	}
	out = strdup("");
	out = render_cat(out, "", loc);
	out = render_cat(out, ": ", f->message);
	out = render_cat(out, f->message ? " (" : ": ", det);
	if (out != NULL && f->message != NULL && det != NULL && *det != '\0')
		out = render_cat(out, "", ")");
	free(peer);
	free(loc);
	free(det);
	return out;
}
