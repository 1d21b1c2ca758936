/*
 * intent_diag.c - an intent's problems, said where they are.
 *
 * libyang's messages are routed here while an intent is loaded or printed
 * (its log callback takes no argument, hence one process-wide buffer) and
 * rewritten for the person who wrote the intent: placed on the line of
 * the node they are about (intent_map.c knows the lines), the data path
 * shortened to below the intent container, white space flattened, and a
 * few libyang phrasings (unique constraints) made plain.  The loader's
 * own findings go out the same way through intent_diag_fail() and
 * intent_diag_warn().
 *
 * Guarantees: every message is logged through eg_log as
 * "FILE:LINE: [path: ]message", LINE at least 1; nothing libyang logged
 * survives a flush or intent_diag_end().  Not thread-safe: libyang's log
 * callback is process-wide.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intent_diag.h"
#include "util.h"

/* ------------------------------------------------------------ libyang log */

/* One message libyang logged. */
struct intent_diag_msg {
	LY_LOG_LEVEL level;
	char *msg;
	char *path;
};

/* What libyang logged during one call (its callback takes no argument). */
static struct {
	struct intent_diag_msg *v;
	size_t n, cap;
} intent_diag_log;

static void
intent_diag_ly_log(LY_LOG_LEVEL level, const char *msg, const char *path)
{
	struct intent_diag_msg *e;

	if (level > LY_LLWRN)
		return;
	eg_grow((void **)&intent_diag_log.v, &intent_diag_log.cap, intent_diag_log.n + 1,
		sizeof(*intent_diag_log.v));
	e = &intent_diag_log.v[intent_diag_log.n++];
	e->level = level;
	e->msg = eg_xstrdup(msg != NULL ? msg : "");
	e->path = eg_xstrdup(path);
}

static void
intent_diag_clear(void)
{
	size_t i;

	for (i = 0; i < intent_diag_log.n; i++) {
		free(intent_diag_log.v[i].msg);
		free(intent_diag_log.v[i].path);
	}
	free(intent_diag_log.v);
	memset(&intent_diag_log, 0, sizeof(intent_diag_log));
}

void
intent_diag_begin(struct intent_lysave *save)
{
	save->clb = ly_get_log_clb();
	save->opts = LY_LOLOG | LY_LOSTORE_LAST;
	ly_temp_log_options(&save->opts);
	ly_set_log_clb(intent_diag_ly_log, 1);
	intent_diag_clear();
}

void
intent_diag_end(const struct intent_lysave *save)
{
	ly_set_log_clb(save->clb, 1);
	ly_temp_log_options(NULL);
	intent_diag_clear();
}

/* Copy the quoted text after marker in s ("Data location \"...\""). */
static char *
intent_diag_quoted(const char *s, const char *marker)
{
	const char *b, *e;

	if (s == NULL || (b = strstr(s, marker)) == NULL)
		return NULL;
	b += strlen(marker);
	e = strchr(b, '"');
	return e != NULL ? eg_xstrndup(b, (size_t)(e - b)) : NULL;
}

/* Number of children of p that are instances of schema node s. */
static size_t
intent_diag_count(const struct lyd_node *p, const struct lysc_node *s)
{
	const struct lyd_node *c;
	size_t n = 0;

	for (c = lyd_child(p); c != NULL; c = c->next)
		if (c->schema == s)
			n++;
	return n;
}

/*
 * The data node lacking instances of chain[k] (mandatory or min-elements):
 * the deepest existing instance on the way down from p = chain[d - 1].
 */
static const struct lyd_node *
intent_diag_missing_in(const struct lyd_node *p, const struct lysc_node **chain, size_t d,
		  size_t k, uint32_t min)
{
	const struct lyd_node *c, *r;
	size_t n = intent_diag_count(p, chain[d]);

	if (d == k)
		return n < min ? p : NULL;
	if (n == 0)
		return lysc_is_np_cont(chain[d]) ? p : NULL;
	for (c = lyd_child(p); c != NULL; c = c->next)
		if (c->schema == chain[d] && (r = intent_diag_missing_in(c, chain, d + 1, k, min)) != NULL)
			return r;
	return NULL;
}

/* For a message that names only a schema node: the data node lacking it. */
static const struct lyd_node *
intent_diag_missing_node(const struct ly_ctx *ctx, const struct lyd_node *tree, const char *spath)
{
	const struct lysc_node *s, *chain[32];
	const struct lyd_node *t, *r;
	size_t k = 0, i;
	uint32_t min = 1;

	s = lys_find_path(ctx, NULL, spath, 0);
	if (s == NULL)
		return NULL;
	if (s->nodetype == LYS_LIST)
		min = ((const struct lysc_node_list *)s)->min;
	else if (s->nodetype == LYS_LEAFLIST)
		min = ((const struct lysc_node_leaflist *)s)->min;
	for (; s != NULL && k < 32; s = s->parent)
		if (s->nodetype & (LYS_CONTAINER | LYS_LIST | LYS_LEAF | LYS_LEAFLIST))
			chain[k++] = s;
	if (k < 2 || s != NULL)
		return NULL;
	for (i = 0; i < k / 2; i++) {
		const struct lysc_node *x = chain[i];

		chain[i] = chain[k - 1 - i];
		chain[k - 1 - i] = x;
	}
	LY_LIST_FOR(tree, t)
		if (t->schema == chain[0] &&
		    (r = intent_diag_missing_in(t, chain, 1, k - 1, min)) != NULL)
			return r;
	return NULL;
}

/* The data path without the top container, for messages. */
static const char *
intent_diag_short_path(const char *path)
{
	if (path == NULL)
		return NULL;
	if (strncmp(path, INTENT_TOP "/", strlen(INTENT_TOP) + 1) == 0)
		return path + strlen(INTENT_TOP) + 1;
	if (strcmp(path, INTENT_TOP) == 0)
		return "intent";
	return path;
}

/*
 * libyang's 'Unique data leaf(s) "ce" not satisfied in "A" and "B"' as
 * '"ce" must be unique: A has the same value' (B is where it is logged).
 */
static char *
intent_diag_unique_msg(const char *lymsg)
{
	const char *leaf = lymsg + 21, *q = strchr(leaf, '"');
	char *a = intent_diag_quoted(lymsg, "not satisfied in \"");
	char *out;

	if (q == NULL || a == NULL) {
		free(a);
		return eg_xstrdup(lymsg);
	}
	out = eg_xasprintf("%.*s must be unique, but %s has the same value",
			   (int)(q - leaf), leaf, intent_diag_short_path(a));
	free(a);
	return out;
}

/* Turn runs of white space and control characters into one space. */
static void
intent_diag_flatten(char *s)
{
	char *o = s;
	int prev_space = 0;

	for (; *s != '\0'; s++) {
		int space = (unsigned char)*s < 0x20 || *s == ' ';

		if (space && prev_space)
			continue;
		*o++ = space ? ' ' : *s;
		prev_space = space;
	}
	*o = '\0';
}

/*
 * Log what libyang said during the last call as "FILE:LINE: [path: ]msg".
 * Returns the number of errors among them.
 */
int
intent_diag_flush(struct intent_ld *ld, const struct ly_ctx *ctx, const struct lyd_node *tree)
{
	size_t i;
	int nerr = 0;

	for (i = 0; i < intent_diag_log.n; i++) {
		const struct intent_diag_msg *e = &intent_diag_log.v[i];
		char *dpath = intent_diag_quoted(e->path, "ata location \"");
		char *spath = intent_diag_quoted(e->path, "chema location \"");
		const char *ln = e->path != NULL ? strstr(e->path, "line number ") : NULL;
		char *npath = NULL, *leafpath = NULL, *msg;
		const char *sp;
		unsigned line = ln != NULL ? (unsigned)strtoul(ln + 12, NULL, 10) : 0;
		int dup = strncmp(e->msg, "Duplicate instance", 18) == 0;
		char where[1024];
		size_t mlen;

		if (dpath != NULL && strncmp(e->msg, "Unique data leaf(s) \"", 21) == 0) {
			/* point at the repeated leaf of the second instance */
			const char *b = e->msg + 21, *q = strchr(b, '"');

			if (q != NULL && memchr(b, ' ', (size_t)(q - b)) == NULL)
				leafpath = eg_xasprintf("%s/%.*s", dpath, (int)(q - b), b);
		}
		if (line != 0 && dpath != NULL && !dup) {
			/*
			 * A bad value: the map knows its line exactly, while
			 * libyang's JSON parser may already be past it.
			 */
			char *val = intent_diag_quoted(e->msg, "alue \"");
			unsigned vl = intent_map_value_line(&ld->map, dpath, val);

			free(val);
			if (vl != 0)
				line = vl;
		}
		if (line == 0 || dup) {
			if (leafpath != NULL)
				line = intent_map_line(&ld->map, leafpath, 0);
			else if (dpath != NULL)
				line = intent_map_line(&ld->map, dpath, dup);
		}
		if (line == 0 && dpath == NULL && spath != NULL && tree != NULL) {
			const struct lyd_node *n = intent_diag_missing_node(ctx, tree, spath);

			if (n != NULL && (npath = lyd_path(n, LYD_PATH_STD, NULL, 0)) != NULL)
				line = intent_map_line(&ld->map, npath, 0);
		}
		if (line == 0)
			line = intent_map_line(&ld->map, NULL, 0);
		snprintf(where, sizeof(where), "%s:%u", ld->name, line != 0 ? line : 1);
		if (leafpath != NULL)
			msg = intent_diag_unique_msg(e->msg);
		else
			msg = eg_xstrdup(e->msg);
		intent_diag_flatten(msg);
		mlen = strlen(msg);
		while (mlen > 0 && (msg[mlen - 1] == '.' || msg[mlen - 1] == ' '))
			msg[--mlen] = '\0';
		sp = intent_diag_short_path(npath != NULL ? npath :
					    leafpath != NULL ? leafpath : dpath);
		eg_log(e->level == LY_LLERR ? EG_LOG_ERROR : EG_LOG_WARN, where, "%s%s%s",
		       sp != NULL ? sp : "", sp != NULL ? ": " : "", msg);
		if (e->level == LY_LLERR)
			nerr++;
		free(msg);
		free(npath);
		free(leafpath);
		free(dpath);
		free(spath);
	}
	intent_diag_clear();
	return nerr;
}

eg_err
intent_diag_lyfail(struct intent_ld *ld, const struct ly_ctx *ctx, const struct lyd_node *tree,
		   LY_ERR lr, const char *what)
{
	if (intent_diag_flush(ld, ctx, tree) == 0)
		eg_log(EG_LOG_ERROR, ld->name, "%s (libyang error %d)", what, (int)lr);
	return lr == LY_EMEM ? EG_ENOMEM : EG_EINTENT;
}

/* ------------------------------------------------------------ the loader's own findings */

/*
 * Log msg at the line of node as "FILE:LINE: path: msg".  Without a path
 * an error says msg alone, a warning names the intent.
 */
static void
intent_diag_at(struct intent_ld *ld, enum eg_log_level level, const struct lyd_node *node,
	       const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void
intent_diag_at(struct intent_ld *ld, enum eg_log_level level, const struct lyd_node *node,
	       const char *fmt, va_list ap)
{
	char where[1024], msg[1024];
	char *path = lyd_path(node, LYD_PATH_STD, NULL, 0);
	const char *sp = intent_diag_short_path(path);

	snprintf(where, sizeof(where), "%s:%u", ld->name,
		 path != NULL ? intent_map_line(&ld->map, path, 0) : 1);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (sp == NULL && level == EG_LOG_ERROR)
		eg_log(level, where, "%s", msg);
	else
		eg_log(level, where, "%s: %s", sp != NULL ? sp : "intent", msg);
	free(path);
}

void
intent_diag_fail(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	intent_diag_at(ld, EG_LOG_ERROR, node, fmt, ap);
	va_end(ap);
	ld->nerr++;
}

void
intent_diag_warn(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	intent_diag_at(ld, EG_LOG_WARN, node, fmt, ap);
	va_end(ap);
}
