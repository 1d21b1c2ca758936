/*
 * render.h - the renderers, one hook table per output format
 * (render_*.c), and what they share (render.c): finding a renderer by
 * name, value formatters, so that a value reads the same in every format,
 * and the libyang data tree of a report, which the XML and JSON renderers
 * print.  Renderers read the report alone.
 */
#ifndef EG_RENDER_H
#define EG_RENDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

struct ly_ctx;
struct lyd_node;

/* ------------------------------------------------------------ render.c */

struct eg_render_opts {
	bool color;		/* ANSI colour (text renderer only) */
	bool verbose;		/* list passing checks' details too */
};

/* One hook table per output format (bgpctl's struct output). */
struct eg_renderer {
	const char *name;	/* "text", "json", "xml", "junit" */
	eg_err (*render)(const struct eg_report *r, const struct eg_render_opts *o, FILE *f);
};

/* The renderer of that name (static, never freed); NULL when there is none. */
const struct eg_renderer *eg_renderer_find(const char *name);

/* "2026-11-25T06:43:00Z" into buf (at least 32 bytes); "" when t is 0. */
char *eg_fmt_time(int64_t t, char *buf, size_t size);
/* Where a finding is: "SEA-MX03-02 10.1.11.0/25 peer 192.168.11.3"; "" when nowhere.  Caller frees. */
char *eg_fmt_where(const struct eg_finding *f);
/* One line for a finding: "SEA-MX03-02 10.1.11.0/25: message (expected X, observed Y)"; caller frees. */
char *eg_fmt_finding(const struct eg_finding *f);

/* "PASS", "FAIL", "UNKNOWN", "SKIP": the status as the text and JUnit reports show it. */
const char *eg_fmt_status(enum eg_status s);
/* "412 ms", "3.250 s" into buf (at least 32 bytes). */
char *eg_fmt_duration(uint32_t ms, char *buf, size_t size);
/* The verdict an exit status stands for: "compliant", "deviations", "transport-error", "rpc-error". */
const char *eg_fmt_verdict(enum eg_exit e);
/* "24 checks: 20 pass, 2 fail, 0 unknown, 2 skipped"; caller frees. */
char *eg_fmt_headline(const struct eg_report *r);
/*
 * A result in a few words: "ok, 4 compared", "2 deviations, 4 compared",
 * the reason of an unknown or skipped result.  Caller frees.
 */
char *eg_fmt_result_headline(const struct eg_result *res);
/*
 * A copy of s fit for any output: control characters (C0 but tab and,
 * when keep_newlines, newline; DEL; C1) and malformed UTF-8 become '?'.
 * NULL stays NULL.  Caller frees.
 */
char *eg_fmt_clean(const char *s, bool keep_newlines);
/* Flush f and say whether everything written reached it: EG_OK or EG_EIO. */
eg_err eg_render_finish(FILE *f);

/*
 * Build the report as a libyang data tree of erguard-report, validated.
 * *tree is freed by the caller with lyd_free_all(); *ctx is the shared
 * context (yangctx.h), borrowed.
 */
eg_err eg_render_tree(const struct eg_report *r, struct ly_ctx **ctx, struct lyd_node **tree);
/* Build that tree and print it to f as lyd_format (LYD_XML or LYD_JSON). */
eg_err eg_render_print(const struct eg_report *r, int lyd_format, FILE *f);

/* ------------------------------------------------------------ render_text.c */

extern const struct eg_renderer eg_render_text;

/* ------------------------------------------------------------ render_json.c */

extern const struct eg_renderer eg_render_json;

/* ------------------------------------------------------------ render_xml.c */

extern const struct eg_renderer eg_render_xml;

/* ------------------------------------------------------------ render_junit.c */

extern const struct eg_renderer eg_render_junit;

/*
 * What every JUnit writer shares (the report's, and diff's in
 * render_diff.c).  eg_junit_writer(): an indenting libxml2 text writer
 * onto f, never NULL (out of memory is fatal); free it with
 * xmlFreeTextWriter().  eg_junit_attr(): an attribute, its value cleaned
 * for XML (NULL is ""); eg_junit_attr_time(): the "time" attribute,
 * microseconds as seconds ("1.250000").  Both return libxml2's status
 * (negative on failure).
 */
struct _xmlTextWriter;
struct _xmlTextWriter *eg_junit_writer(FILE *f);
int eg_junit_attr(struct _xmlTextWriter *w, const char *name, const char *value);
int eg_junit_attr_time(struct _xmlTextWriter *w, uint64_t us);

#endif
