/*
 * render.h - what the renderers share: value formatters and the libyang
 * data tree of a report (render_yang.c), used by the XML and JSON
 * renderers alike.
 */
#ifndef EG_RENDER_H
#define EG_RENDER_H

#include <stdio.h>

#include "report.h"

struct ly_ctx;
struct lyd_node;

/* "2026-11-25T06:43:00Z" into buf (at least 32 bytes); "" when t is 0. */
char *eg_fmt_time(int64_t t, char *buf, size_t size);
/* The check's one-line title, or "" when the catalogue does not know it. */
const char *eg_fmt_title(const char *check_id);
/* The check's remedy, or NULL. */
const char *eg_fmt_remedy(const char *check_id);
/* One line for a finding: "SEA-MX03-02 10.1.11.0/25: expected X, observed Y: message". */
char *eg_fmt_finding(const struct eg_finding *f);

/*
 * Build the report as a libyang data tree of erguard-report, validated.
 * *ctx and *tree are freed by the caller with ly_ctx_destroy() /
 * lyd_free_all() (free the tree first).
 */
eg_err eg_render_tree(const struct eg_report *r, struct ly_ctx **ctx, struct lyd_node **tree);

extern const struct eg_renderer eg_render_text;
extern const struct eg_renderer eg_render_json;
extern const struct eg_renderer eg_render_xml;
extern const struct eg_renderer eg_render_junit;

#endif
