/*
 * render.c - what every renderer shares: the table of renderers, the
 * value formatters, and the report as a libyang data tree of
 * erguard-report.
 *
 * Guarantees: a value reads the same in every format because every
 * renderer formats it here; every string a renderer prints went through
 * eg_fmt_clean(), so text from devices cannot inject terminal escapes or
 * make XML ill-formed; the tree eg_render_tree() hands back validated
 * against the module compiled into erguard, so the XML and JSON reports
 * are always valid erguard-report data.  Out of memory is fatal
 * (util.h): a renderer fails only when its output does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libyang/libyang.h>

#include "eg_embed.h"
#include "render.h"
#include "utf8.h"
#include "util.h"
#include "yangctx.h"

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

eg_err
eg_render_finish(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		return EG_EIO;
	return EG_OK;
}

/* ------------------------------------------------------------ growing strings */

struct render_buf {
	char *s;
	size_t len, cap;
};

static void
render_buf_vadd(struct render_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void
render_buf_vadd(struct render_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;		/* only a bad format does this; the formats are ours */
	if (b->s == NULL || b->len + (size_t)n >= b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap <= b->len + (size_t)n)
			cap *= 2;
		b->s = eg_xrealloc(b->s, cap);
		b->cap = cap;
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

static void __attribute__((format(printf, 2, 3)))
render_buf_add(struct render_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	render_buf_vadd(b, fmt, ap);
	va_end(ap);
}

/* The built string (never NULL); the buffer is emptied. */
static char *
render_buf_take(struct render_buf *b)
{
	char *s = b->s;

	if (s == NULL)
		s = eg_xstrdup("");
	memset(b, 0, sizeof(*b));
	return s;
}

/* ------------------------------------------------------------ formatters */

const char *
eg_fmt_status(enum eg_status s)
{
	switch (s) {
	case EG_ST_PASS:	return "PASS";
	case EG_ST_FAIL:	return "FAIL";
	case EG_ST_UNKNOWN:	return "UNKNOWN";
	case EG_ST_SKIPPED:	return "SKIP";
	}
	return "UNKNOWN";
}

char *
eg_fmt_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return buf;
	if (strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
	return buf;
}

char *
eg_fmt_duration(uint32_t ms, char *buf, size_t size)
{
	if (ms < 1000)
		snprintf(buf, size, "%u ms", (unsigned)ms);
	else
		snprintf(buf, size, "%u.%03u s", (unsigned)(ms / 1000), (unsigned)(ms % 1000));
	return buf;
}

const char *
eg_fmt_verdict(enum eg_exit e)
{
	switch (e) {
	case EG_EXIT_OK:	return "compliant";
	case EG_EXIT_TRANSPORT:	return "transport-error";
	case EG_EXIT_RPC:	return "rpc-error";
	default:		return "deviations";
	}
}

char *
eg_fmt_headline(const struct eg_report *r)
{
	struct render_buf b = { 0 };
	size_t counts[4];

	eg_report_counts(r, counts);
	render_buf_add(&b, "%zu %s: %zu pass, %zu fail, %zu unknown, %zu skipped",
		       r->nresults, r->nresults == 1 ? "check" : "checks",
		       counts[EG_ST_PASS], counts[EG_ST_FAIL], counts[EG_ST_UNKNOWN],
		       counts[EG_ST_SKIPPED]);
	return render_buf_take(&b);
}

char *
eg_fmt_result_headline(const struct eg_result *res)
{
	struct render_buf b = { 0 };
	size_t nfail = 0, nunknown = 0, i;
	const char *sep = "";

	for (i = 0; i < res->nfindings; i++) {
		nfail += res->findings[i].status == EG_ST_FAIL;
		nunknown += res->findings[i].status == EG_ST_UNKNOWN;
	}
	switch (res->status) {
	case EG_ST_SKIPPED:
		render_buf_add(&b, "%s", res->reason ? res->reason : "not asked for");
		return render_buf_take(&b);
	case EG_ST_UNKNOWN:
		if (res->reason != NULL) {
			render_buf_add(&b, "%s", res->reason);
			return render_buf_take(&b);
		}
		break;
	case EG_ST_PASS:
		render_buf_add(&b, "ok");
		sep = ", ";
		break;
	case EG_ST_FAIL:
		break;
	}
	if (nfail > 0) {
		render_buf_add(&b, "%s%zu %s", sep, nfail, nfail == 1 ? "deviation" : "deviations");
		sep = ", ";
	}
	if (nunknown > 0) {
		render_buf_add(&b, "%s%zu undecided", sep, nunknown);
		sep = ", ";
	}
	if (res->nitems > 0)
		render_buf_add(&b, "%s%u compared", sep, (unsigned)res->nitems);
	else if (*sep == '\0')
		render_buf_add(&b, "%s", eg_status_name(res->status));
	return render_buf_take(&b);
}

char *
eg_fmt_where(const struct eg_finding *f)
{
	struct render_buf b = { 0 };
	const char *sep = "";

	if (f->device != NULL) {
		render_buf_add(&b, "%s", f->device);
		sep = " ";
	}
	if (f->prefix != NULL) {
		render_buf_add(&b, "%s%s", sep, f->prefix);
		sep = " ";
	}
	if (f->peer != NULL)
		render_buf_add(&b, "%speer %s", sep, f->peer);
	return render_buf_take(&b);
}

char *
eg_fmt_finding(const struct eg_finding *f)
{
	struct render_buf b = { 0 };
	char *where = eg_fmt_where(f);
	const char *sep = "";

	if (*where != '\0') {
		render_buf_add(&b, "%s", where);
		sep = ": ";
	}
	if (f->message != NULL) {
		render_buf_add(&b, "%s%s", sep, f->message);
		sep = " (";
	} else if (*sep != '\0') {
		sep = ": ";
	}
	if (f->expected != NULL) {
		render_buf_add(&b, "%sexpected %s", sep, f->expected);
		sep = ", ";
	}
	if (f->observed != NULL)
		render_buf_add(&b, "%sobserved %s", f->expected ? ", " : sep, f->observed);
	if (f->message != NULL && (f->expected != NULL || f->observed != NULL))
		render_buf_add(&b, ")");
	free(where);
	return render_buf_take(&b);
}

char *
eg_fmt_clean(const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;

	if (s == NULL)
		return NULL;
	/* Every replacement is one '?' for at least one byte: never longer. */
	out = eg_xmalloc(strlen(s) + 1);
	for (o = out; *p != '\0';) {
		unsigned long cp = 0;
		size_t n = eg_utf8_get(p, &cp);

		if (n == 0) {
			/* One '?' per stray byte: resynchronise on the next one. */
			*o++ = '?';
			p++;
			continue;
		}
		if (cp == '\t' || (cp == '\n' && keep_newlines)) {
			*o++ = (char)cp;
		} else if ((cp == '\n' || cp == '\r') && !keep_newlines) {
			*o++ = ' ';
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff) {
			/* Controls (C0, DEL, C1) and what XML 1.0 cannot carry. */
			*o++ = '?';
		} else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return out;
}

/* ------------------------------------------------------------ the YANG tree */

/* Create a leaf when value is not NULL; device text is cleaned first. */
static LY_ERR
render_leaf(struct lyd_node *parent, const struct lys_module *mod, const char *name,
	    const char *value)
{
	char *v;
	LY_ERR rc;

	if (value == NULL)
		return LY_SUCCESS;
	v = eg_fmt_clean(value, true);
	rc = lyd_new_term(parent, mod, name, v, 0, NULL);
	free(v);
	return rc;
}

static LY_ERR
render_leaf_u(struct lyd_node *parent, const struct lys_module *mod, const char *name,
	      unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", v);
	return lyd_new_term(parent, mod, name, buf, 0, NULL);
}

/* A leaf whose value the caller allocated; the value is freed. */
static LY_ERR
render_leaf_take(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		 char *value)
{
	LY_ERR rc;

	rc = render_leaf(parent, mod, name, value);
	free(value);
	return rc;
}

static LY_ERR
render_tree_finding(struct lyd_node *res, const struct lys_module *mod, size_t idx,
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
render_tree_result(struct lyd_node *top, const struct lys_module *mod,
		   const struct eg_result *res)
{
	struct lyd_node *rn = NULL;
	char *svc, *scope;
	size_t i;
	LY_ERR rc;

	/* Keys are cleaned too: they are printed like any other value. */
	svc = eg_fmt_clean(res->service ? res->service : "", true);
	scope = eg_fmt_clean(res->scope ? res->scope : "", true);
	rc = lyd_new_list(top, mod, "result", 0, &rn, res->check_id ? res->check_id : "",
			  svc, scope);
	if (rc != LY_SUCCESS)
		goto cleanup;
	if ((rc = render_leaf(rn, mod, "family", res->family == 6 ? "inet6" :
			      res->family == 4 ? "inet" : NULL)) ||
	    (rc = render_leaf(rn, mod, "severity", eg_severity_name(res->severity))) ||
	    (rc = render_leaf(rn, mod, "status", eg_status_name(res->status))) ||
	    (rc = render_leaf(rn, mod, "title", res->title && *res->title ? res->title : NULL)) ||
	    (rc = render_leaf(rn, mod, "remedy", res->status == EG_ST_FAIL ? res->remedy : NULL)) ||
	    (rc = render_leaf(rn, mod, "reason", res->reason)) ||
	    (rc = render_leaf(rn, mod, "cause", res->status == EG_ST_UNKNOWN && res->cause != EG_OK ?
			      eg_strerror(res->cause) : NULL)) ||
	    (rc = render_leaf_u(rn, mod, "items", res->nitems)) ||
	    (rc = render_leaf_take(rn, mod, "headline", eg_fmt_result_headline(res))))
		goto cleanup;
	for (i = 0; i < res->nfindings && rc == LY_SUCCESS; i++)
		rc = render_tree_finding(rn, mod, i, &res->findings[i]);
cleanup:
	free(svc);
	free(scope);
	return rc;
}

static LY_ERR
render_tree_meta(struct lyd_node *top, const struct lys_module *mod, const struct eg_report *r)
{
	struct lyd_node *sum = NULL;
	enum eg_exit ex = eg_report_exit(r);
	char when[40], dur[32];
	size_t counts[4], i;
	LY_ERR rc;

	eg_report_counts(r, counts);
	if ((rc = render_leaf(top, mod, "tool-version", r->tool_version)) ||
	    (rc = render_leaf(top, mod, "intent-source", r->intent_source)) ||
	    (rc = render_leaf(top, mod, "mode", r->mode)) ||
	    (rc = render_leaf(top, mod, "snapshot-dir", r->snapshot_dir)) ||
	    (rc = render_leaf(top, mod, "started-at", r->started_at != 0 ?
			      eg_fmt_time(r->started_at, when, sizeof(when)) : NULL)) ||
	    (rc = render_leaf_u(top, mod, "duration-ms", r->duration_ms)) ||
	    (rc = render_leaf(top, mod, "duration", eg_fmt_duration(r->duration_ms, dur, sizeof(dur)))) ||
	    (rc = render_leaf_u(top, mod, "exit-status", (unsigned)ex)) ||
	    (rc = render_leaf(top, mod, "verdict", eg_fmt_verdict(ex))) ||
	    (rc = render_leaf_take(top, mod, "headline", eg_fmt_headline(r))) ||
	    (rc = lyd_new_inner(top, mod, "summary", 0, &sum)) ||
	    (rc = render_leaf_u(sum, mod, "total", r->nresults)))
		return rc;
	for (i = 0; i < 4 && rc == LY_SUCCESS; i++)
		rc = render_leaf_u(sum, mod, eg_status_name((enum eg_status)i), counts[i]);
	return rc;
}

static eg_err
render_tree_build(const struct eg_report *r, struct ly_ctx **ctxp, struct lyd_node **treep)
{
	struct ly_ctx *ctx = NULL;
	struct lyd_node *top = NULL;
	const struct lys_module *mod = NULL;
	eg_err err;
	size_t i;
	LY_ERR rc;

	*ctxp = NULL;
	*treep = NULL;
	if ((err = eg_yang_ctx(&ctx, "erguard-report", &mod)) != EG_OK)
		goto cleanup;
	rc = lyd_new_inner(NULL, mod, "report", 0, &top);
	if (rc == LY_SUCCESS)
		rc = render_tree_meta(top, mod, r);
	for (i = 0; i < r->nresults && rc == LY_SUCCESS; i++)
		rc = render_tree_result(top, mod, &r->results[i]);
	if (rc == LY_SUCCESS)
		rc = lyd_validate_all(&top, ctx, LYD_VALIDATE_PRESENT, NULL);
	if (rc == LY_EMEM)
		eg_oom(__func__);
	if (rc != LY_SUCCESS) {
		err = EG_EINTERNAL;
		eg_log(EG_LOG_ERROR, NULL, "report does not validate: %s",
		       ly_errmsg(ctx) ? ly_errmsg(ctx) : "?");
		goto cleanup;
	}
	*ctxp = ctx;
	*treep = top;
	return EG_OK;
cleanup:
	lyd_free_all(top);
	return err;
}

/*
 * libyang keeps its messages to itself while a report is rendered (this
 * thread only): the one that matters is logged through eg_log().
 */
eg_err
eg_render_tree(const struct eg_report *r, struct ly_ctx **ctxp, struct lyd_node **treep)
{
	uint32_t opts = LY_LOSTORE_LAST;
	eg_err err;

	ly_temp_log_options(&opts);
	err = render_tree_build(r, ctxp, treep);
	ly_temp_log_options(NULL);
	return err;
}

eg_err
eg_render_print(const struct eg_report *r, int format, FILE *f)
{
	struct ly_ctx *ctx = NULL;
	struct lyd_node *tree = NULL;
	uint32_t opts = LY_LOSTORE_LAST;
	eg_err err;

	ly_temp_log_options(&opts);
	err = render_tree_build(r, &ctx, &tree);
	if (err != EG_OK)
		goto cleanup;
	if (lyd_print_file(f, tree, (LYD_FORMAT)format, LYD_PRINT_WITHSIBLINGS) != LY_SUCCESS)
		err = EG_EIO;
	else
		err = eg_render_finish(f);
cleanup:
	lyd_free_all(tree);
	ly_temp_log_options(NULL);
	return err;
}
