/*
 * render_text.c - the report as a table for people.
 *
 * One row per result (status, check, scope), then under every result that
 * failed or could not decide, one indented line per finding (or the
 * reason), then a summary line.  Colour only when asked (main.c asks when
 * stdout is a terminal and NO_COLOR is unset); column widths follow the
 * content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define C_RESET "\033[0m"

static const char *
text_color(enum eg_status s)
{
	switch (s) {
	case EG_ST_PASS:	return "\033[32m";
	case EG_ST_FAIL:	return "\033[1;31m";
	case EG_ST_UNKNOWN:	return "\033[33m";
	case EG_ST_SKIPPED:	return "\033[2m";
	}
	return "";
}

static const char *
text_label(enum eg_status s)
{
	switch (s) {
	case EG_ST_PASS:	return "PASS";
	case EG_ST_FAIL:	return "FAIL";
	case EG_ST_UNKNOWN:	return "UNKNOWN";
	case EG_ST_SKIPPED:	return "SKIP";
	}
	return "?";
}

static int
text_width(const char *s)
{
	return s ? (int)strlen(s) : 0;
}

static eg_err
render_text(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	int wcheck = 5, wscope = 5, wsvc = 7;
	size_t counts[4], i, j;
	bool color = o != NULL && o->color;

	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];
		if (text_width(res->check_id) > wcheck)
			wcheck = text_width(res->check_id);
		if (text_width(res->scope) > wscope)
			wscope = text_width(res->scope);
		if (text_width(res->service) > wsvc)
			wsvc = text_width(res->service);
	}
	fprintf(f, "%-7s  %-*s  %-*s  %-*s  %s\n", "STATUS", wcheck, "CHECK", wsvc, "SERVICE",
		wscope, "SCOPE", "WHAT");
	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];
		bool detail = res->status == EG_ST_FAIL || res->status == EG_ST_UNKNOWN ||
			      (o != NULL && o->verbose);

		fprintf(f, "%s%-7s%s  %-*s  %-*s  %-*s  %s\n",
			color ? text_color(res->status) : "", text_label(res->status),
			color ? C_RESET : "", wcheck, res->check_id ? res->check_id : "",
			wsvc, res->service ? res->service : "", wscope,
			res->scope ? res->scope : "", eg_fmt_title(res->check_id));
		if (!detail)
			continue;
		if (res->reason != NULL)
			fprintf(f, "         %s\n", res->reason);
		for (j = 0; j < res->nfindings; j++) {
			char *line = eg_fmt_finding(&res->findings[j]);
			if (line == NULL)
				return EG_ENOMEM;
			fprintf(f, "         - %s\n", line);
			free(line);
		}
		if (res->status == EG_ST_FAIL && eg_fmt_remedy(res->check_id) != NULL)
			fprintf(f, "         remedy: %s\n", eg_fmt_remedy(res->check_id));
	}
	eg_report_counts(r, counts);
	fprintf(f, "\n%zu results: %zu pass, %zu fail, %zu unknown, %zu skipped",
		r->nresults, counts[EG_ST_PASS], counts[EG_ST_FAIL], counts[EG_ST_UNKNOWN],
		counts[EG_ST_SKIPPED]);
	if (r->mode != NULL)
		fprintf(f, " (%s%s%s)", r->mode, r->snapshot_dir ? " from " : "",
			r->snapshot_dir ? r->snapshot_dir : "");
	fputc('\n', f);
	return ferror(f) ? EG_EIO : EG_OK;
}

const struct eg_renderer eg_render_text = { "text", render_text };
