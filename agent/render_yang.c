/*
 * render_yang.c - the report as a libyang data tree of erguard-report,
 * validated against the module compiled into erguard, and the XML and
 * JSON (RFC 7951) renderers that print it.  What these renderers print
 * is therefore always valid report data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libyang/libyang.h>

#include "eg_embed.h"
#include "render.h"

/* Create a leaf when value is not NULL. */
static LY_ERR
render_leaf(struct lyd_node *parent, const struct lys_module *mod, const char *name,
	    const char *value)
{
	if (value == NULL)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, value, 0, NULL);
}

static LY_ERR
render_leaf_u(struct lyd_node *parent, const struct lys_module *mod, const char *name,
	      unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", v);
	return lyd_new_term(parent, mod, name, buf, 0, NULL);
}

static LY_ERR
render_finding(struct lyd_node *res, const struct lys_module *mod, size_t idx,
	       const struct eg_finding *f)
{
	struct lyd_node *fn = NULL;
	char key[32];
	LY_ERR rc;

	snprintf(key, sizeof(key), "%zu", idx);
	rc = lyd_new_list(res, mod, "finding", 0, &fn, key);
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "status", eg_status_name(f->status));
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "device", f->device);
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "prefix", f->prefix);
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "peer", f->peer);
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "expected", f->expected);
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "observed", f->observed);
	if (rc == LY_SUCCESS)
		rc = render_leaf(fn, mod, "message", f->message);
	return rc;
}

static LY_ERR
render_result(struct lyd_node *top, const struct lys_module *mod, const struct eg_result *res)
{
	struct lyd_node *rn = NULL;
	const char *title, *remedy;
	size_t i;
	LY_ERR rc;

	rc = lyd_new_list(top, mod, "result", 0, &rn, res->check_id,
			  res->service ? res->service : "", res->scope ? res->scope : "");
	if (rc != LY_SUCCESS)
		return rc;
	title = eg_fmt_title(res->check_id);
	remedy = eg_fmt_remedy(res->check_id);
	if ((rc = render_leaf(rn, mod, "severity", eg_severity_name(res->severity))) ||
	    (rc = render_leaf(rn, mod, "status", eg_status_name(res->status))) ||
	    (rc = render_leaf(rn, mod, "title", *title ? title : NULL)) ||
	    (rc = render_leaf(rn, mod, "remedy", res->status == EG_ST_FAIL ? remedy : NULL)) ||
	    (rc = render_leaf(rn, mod, "reason", res->reason)) ||
	    (rc = render_leaf(rn, mod, "cause", res->status == EG_ST_UNKNOWN && res->cause != EG_OK ?
			      eg_strerror(res->cause) : NULL)) ||
	    (rc = render_leaf_u(rn, mod, "items", res->nitems)))
		return rc;
	for (i = 0; i < res->nfindings && rc == LY_SUCCESS; i++)
		rc = render_finding(rn, mod, i, &res->findings[i]);
	return rc;
}

eg_err
eg_render_tree(const struct eg_report *r, struct ly_ctx **ctxp, struct lyd_node **treep)
{
	struct ly_ctx *ctx = NULL;
	struct lyd_node *top = NULL, *sum = NULL;
	const struct lys_module *mod = NULL;
	size_t counts[4], i;
	char when[40];
	eg_err err = EG_EINTERNAL;
	LY_ERR rc;

	*ctxp = NULL;
	*treep = NULL;
	if (ly_ctx_new(NULL, LY_CTX_NO_YANGLIBRARY, &ctx) != LY_SUCCESS)
		return EG_ENOMEM;
	if (lys_parse_mem(ctx, eg_embed_erguard_report_yang, LYS_IN_YANG,
			  (struct lys_module **)&mod) != LY_SUCCESS || mod == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "erguard-report module does not compile");
		goto cleanup;
	}
	rc = lyd_new_inner(NULL, mod, "report", 0, &top);
	eg_report_counts(r, counts);
	if (rc == LY_SUCCESS)
		rc = render_leaf(top, mod, "tool-version", r->tool_version);
	if (rc == LY_SUCCESS)
		rc = render_leaf(top, mod, "intent-source", r->intent_source);
	if (rc == LY_SUCCESS)
		rc = render_leaf(top, mod, "mode", r->mode);
	if (rc == LY_SUCCESS)
		rc = render_leaf(top, mod, "snapshot-dir", r->snapshot_dir);
	if (rc == LY_SUCCESS && r->started_at != 0)
		rc = render_leaf(top, mod, "started-at", eg_fmt_time(r->started_at, when, sizeof(when)));
	if (rc == LY_SUCCESS)
		rc = render_leaf_u(top, mod, "duration-ms", r->duration_ms);
	if (rc == LY_SUCCESS)
		rc = render_leaf_u(top, mod, "exit-status", (unsigned)eg_report_exit(r));
	if (rc == LY_SUCCESS)
		rc = lyd_new_inner(top, mod, "summary", 0, &sum);
	for (i = 0; i < 4 && rc == LY_SUCCESS; i++)
		rc = render_leaf_u(sum, mod, eg_status_name((enum eg_status)i), counts[i]);
	for (i = 0; i < r->nresults && rc == LY_SUCCESS; i++)
		rc = render_result(top, mod, &r->results[i]);
	if (rc == LY_SUCCESS)
		rc = lyd_validate_all(&top, ctx, LYD_VALIDATE_PRESENT, NULL);
	if (rc != LY_SUCCESS) {
		eg_log(EG_LOG_ERROR, NULL, "report does not validate: %s",
		       ly_errmsg(ctx) ? ly_errmsg(ctx) : "?");
		goto cleanup;
	}
	*ctxp = ctx;
	*treep = top;
	return EG_OK;
cleanup:
	lyd_free_all(top);
	ly_ctx_destroy(ctx);
	return err;
}

static eg_err
render_yang_print(const struct eg_report *r, LYD_FORMAT fmt, FILE *f)
{
	struct ly_ctx *ctx = NULL;
	struct lyd_node *tree = NULL;
	eg_err err;

	err = eg_render_tree(r, &ctx, &tree);
	if (err != EG_OK)
		return err;
	if (lyd_print_file(f, tree, fmt, LYD_PRINT_WITHSIBLINGS) != LY_SUCCESS)
		err = EG_EIO;
	lyd_free_all(tree);
	ly_ctx_destroy(ctx);
	return err;
}

static eg_err
render_xml(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	(void)o;
	return render_yang_print(r, LYD_XML, f);
}

static eg_err
render_json(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	(void)o;
	return render_yang_print(r, LYD_JSON, f);
}

const struct eg_renderer eg_render_xml = { "xml", render_xml };
const struct eg_renderer eg_render_json = { "json", render_json };
