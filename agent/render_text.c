/*
 * render_text.c - the report as a table for people.
 *
 * One row per result (status, check, scope, service, summary); under
 * every result that failed or could not decide, its reason and one
 * indented block per finding (where, what, expected vs observed), and the
 * remedy of a failed check; then one summary line.  Column widths follow
 * the content.  Colour (green pass, red fail, yellow unknown, dim
 * skipped) only when asked: main.c asks for --color always, or by default
 * when stdout is a terminal, TERM is set and not "dumb" and NO_COLOR is
 * unset or empty.  Every value is cleaned of control characters first,
 * so text from a device cannot move the cursor or change colours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

#define TEXT_RESET "\033[0m"
#define TEXT_INDENT "    "

static const char *
text_color(enum eg_status s)
{
	switch (s) {
	case EG_ST_PASS:	return "\033[32m";
	case EG_ST_FAIL:	return "\033[31m";
	case EG_ST_UNKNOWN:	return "\033[33m";
	case EG_ST_SKIPPED:	return "\033[2m";
	}
	return "";
}

/* Columns counted in characters, not bytes, so UTF-8 names line up. */
static int
text_width(const char *s)
{
	int n = 0;

	for (; s != NULL && *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Print s padded to w characters (printf's %-*s counts bytes). */
static void
text_cell(FILE *f, const char *s, int w)
{
	int pad = w - text_width(s);

	fputs(s, f);
	while (pad-- > 0)
		fputc(' ', f);
}

/* One row's cells, cleaned; all NULL after text_row_free(). */
struct text_row {
	char *check, *scope, *service, *summary;
};

static void
text_row_free(struct text_row *row)
{
	free(row->check);
	free(row->scope);
	free(row->service);
	free(row->summary);
	memset(row, 0, sizeof(*row));
}

static void
text_row_make(const struct eg_result *res, struct text_row *row)
{
	char *sum = eg_fmt_result_headline(res);

	row->check = eg_fmt_clean(res->check_id ? res->check_id : "", false);
	row->scope = eg_fmt_clean(res->scope ? res->scope : "", false);
	row->service = eg_fmt_clean(res->service ? res->service : "", false);
	row->summary = eg_fmt_clean(sum, false);
	free(sum);
}

/* "label value" on its own indented line, value cleaned; nothing when NULL. */
static void
text_line(FILE *f, const char *indent, const char *label, const char *value)
{
	char *v;

	if (value == NULL || *value == '\0')
		return;
	v = eg_fmt_clean(value, false);
	fprintf(f, "%s%s%s\n", indent, label, v);
	free(v);
}

static void
text_finding(FILE *f, const struct eg_finding *fd)
{
	char *where = eg_fmt_where(fd);
	const char *what = fd->message;

	/* "- where: message", or whichever of the two there is. */
	if (*where != '\0' && what != NULL) {
		char *line = eg_xasprintf("%s: %s", where, what);

		text_line(f, TEXT_INDENT, "- ", line);
		free(line);
	} else {
		text_line(f, TEXT_INDENT, "- ", *where ? where : what ? what :
			  eg_status_name(fd->status));
	}
	text_line(f, TEXT_INDENT "    ", "expected: ", fd->expected);
	text_line(f, TEXT_INDENT "    ", "observed: ", fd->observed);
	free(where);
}

/* What comes under a row: title when verbose, reason, findings, remedy. */
static void
text_details(FILE *f, const struct eg_result *res, bool verbose)
{
	size_t j;

	if (verbose)
		text_line(f, TEXT_INDENT, "", res->title);
	/* A skipped result's reason is already its summary. */
	if (res->status == EG_ST_UNKNOWN && res->nfindings > 0)
		text_line(f, TEXT_INDENT, "", res->reason);
	for (j = 0; j < res->nfindings; j++)
		text_finding(f, &res->findings[j]);
	if (res->status == EG_ST_FAIL)
		text_line(f, TEXT_INDENT, "remedy: ", res->remedy);
}

static eg_err
render_text(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	static const char *const head[] = { "STATUS", "CHECK", "SCOPE", "SERVICE", "SUMMARY" };
	bool color = o != NULL && o->color, verbose = o != NULL && o->verbose;
	struct text_row *rows = NULL;
	int w[4] = { 0 };
	char *headline, dur[32];
	eg_err err;
	size_t i;

	rows = eg_xcalloc(r->nresults ? r->nresults : 1, sizeof(*rows));
	for (i = 0; i < 4; i++)
		w[i] = text_width(head[i]);
	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];

		text_row_make(res, &rows[i]);
		if (text_width(eg_fmt_status(res->status)) > w[0])
			w[0] = text_width(eg_fmt_status(res->status));
		if (text_width(rows[i].check) > w[1])
			w[1] = text_width(rows[i].check);
		if (text_width(rows[i].scope) > w[2])
			w[2] = text_width(rows[i].scope);
		if (text_width(rows[i].service) > w[3])
			w[3] = text_width(rows[i].service);
	}
	for (i = 0; i < 4; i++) {
		text_cell(f, head[i], w[i]);
		fputs("  ", f);
	}
	fprintf(f, "%s\n", head[4]);
	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];

		if (color)
			fputs(text_color(res->status), f);
		text_cell(f, eg_fmt_status(res->status), w[0]);
		if (color)
			fputs(TEXT_RESET, f);
		fputs("  ", f);
		text_cell(f, rows[i].check, w[1]);
		fputs("  ", f);
		text_cell(f, rows[i].scope, w[2]);
		fputs("  ", f);
		text_cell(f, rows[i].service, w[3]);
		fprintf(f, "  %s\n", rows[i].summary);
		if (res->status == EG_ST_FAIL || res->status == EG_ST_UNKNOWN || verbose)
			text_details(f, res, verbose);
	}
	headline = eg_fmt_headline(r);
	fprintf(f, "\n%s", headline);
	if (r->mode != NULL) {
		char *mode = eg_fmt_clean(r->mode, false);
		char *dir = eg_fmt_clean(r->snapshot_dir, false);

		fprintf(f, " (%s%s%s, %s)", mode, dir ? " from " : "", dir ? dir : "",
			eg_fmt_duration(r->duration_ms, dur, sizeof(dur)));
		free(mode);
		free(dir);
	}
	fputc('\n', f);
	err = eg_render_finish(f);
	for (i = 0; i < r->nresults; i++)
		text_row_free(&rows[i]);
	free(rows);
	free(headline);
	return err;
}

const struct eg_renderer eg_render_text = { "text", render_text };
