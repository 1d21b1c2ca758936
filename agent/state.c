/*
 * state.c - observations, and the CLI command that names each query.
 *
 * The command text is the bridge between a live run and a saved snapshot:
 * a snapshot file is named after the command an engineer types on the
 * box, so eg_query_command() and eg_query_from_command() must stay exact
 * inverses for every query erguard makes.  Both read the one template of
 * the kind's row in the query table (query.c): a command is its words
 * with the query's fields put in, and parses back by matching the same
 * words, so the two cannot drift apart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "state.h"

struct eg_state *
eg_state_new(void)
{
	return calloc(1, sizeof(struct eg_state));
}

void
eg_query_clear(struct eg_query *q)
{
	if (q == NULL)
		return;
	free(q->device);
	free(q->instance);
	free(q->table);
	free(q->detail);
	memset(q, 0, sizeof(*q));
}

eg_err
eg_query_copy(struct eg_query *dst, const struct eg_query *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->kind = src->kind;
	dst->peer = src->peer;
	if ((src->device && !(dst->device = strdup(src->device))) ||
	    (src->instance && !(dst->instance = strdup(src->instance))) ||
	    (src->table && !(dst->table = strdup(src->table))) ||
	    (src->detail && !(dst->detail = strdup(src->detail)))) {
		eg_query_clear(dst);
		return EG_ENOMEM;
	}
	return EG_OK;
}

void
eg_obs_clear_data(struct eg_obs *o)
{
	eg_obs_data_free(o);
	free(o->why);
	o->why = NULL;
	eg_rpc_errors_clear(&o->warnings);
}

void
eg_state_free(struct eg_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nobs; i++) {
		eg_obs_clear_data(&st->obs[i]);
		eg_query_clear(&st->obs[i].q);
	}
	free(st->obs);
	free(st);
}

eg_err
eg_state_add(struct eg_state *st, const struct eg_query *q, struct eg_obs **out)
{
	void *arr = st->obs;
	struct eg_obs *o;
	eg_err err;

	err = eg_grow(&arr, &st->cap, st->nobs + 1, sizeof(*st->obs));
	st->obs = arr;
	if (err != EG_OK)
		return err;
	o = &st->obs[st->nobs];
	memset(o, 0, sizeof(*o));
	err = eg_query_copy(&o->q, q);
	if (err != EG_OK)
		return err;
	o->status = EG_ENOTFOUND;
	st->nobs++;
	*out = o;
	return EG_OK;
}

void
eg_obs_fail(struct eg_obs *o, eg_err status, const char *fmt, ...)
{
	va_list ap;
	char *why = NULL;

	va_start(ap, fmt);
	why = eg_vstrdupf(fmt, ap);
	va_end(ap);
	free(o->why);
	o->why = why;
	o->status = status;
}

const struct eg_obs *
eg_state_find(const struct eg_state *st, const char *device, enum eg_qkind kind,
	      const char *instance, const struct eg_addr *peer)
{
	size_t i;

	if (st == NULL)
		return NULL;
	for (i = 0; i < st->nobs; i++) {
		const struct eg_query *q = &st->obs[i].q;
		if (q->kind != kind)
			continue;
		if (device != NULL && (q->device == NULL || strcmp(q->device, device) != 0))
			continue;
		if (instance != NULL && q->instance != NULL && strcmp(q->instance, instance) != 0)
			continue;
		if (peer != NULL && peer->family != 0 && !eg_addr_eq(&q->peer, peer))
			continue;
		return &st->obs[i];
	}
	return NULL;
}

/* ------------------------------------------------------------ commands */

#define STATE_MAXTOK 16

/*
 * Split buf in place into at most max words; stops at "|" (the pipe and
 * what follows, "| display xml", name no query).
 */
static size_t
state_words(char *buf, char **w, size_t max, bool pipe)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(buf, " \t\r\n", &save); t != NULL && n < max;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (pipe && t[0] == '|')
			break;
		w[n++] = t;
	}
	return n;
}

/* A template word written only when the query has a peer: "[{peer}]". */
static bool
state_optional(const char *w)
{
	size_t n = strlen(w);

	return n >= 2 && w[0] == '[' && w[n - 1] == ']';
}

char *
eg_query_command(const struct eg_query *q)
{
	const struct eg_qdef *def = eg_qdef(q->kind);
	char *tmpl, *w[STATE_MAXTOK], peer[EG_ADDR_STRLEN], *s, *t;
	const char *level = NULL;
	size_t n, i;
	bool first = true;

	if (def == NULL)
		return NULL;
	eg_addr_fmt(&q->peer, peer);
	tmpl = eg_xstrdup(def->cli);
	n = state_words(tmpl, w, STATE_MAXTOK, false);
	s = eg_xstrdup("");
	for (i = 0; i < n; i++) {
		const char *v = w[i];

		if (state_optional(w[i])) {
			if (q->peer.family == 0)
				continue;
			w[i][strlen(w[i]) - 1] = '\0';
			v = w[i] + 1;
		}
		/* a field the query lacks reads as printf has always written it */
		if (strcmp(v, "{instance}") == 0)
			v = q->instance ? q->instance : "(null)";
		else if (strcmp(v, "{table}") == 0)
			v = q->table ? q->table : "(null)";
		else if (strcmp(v, "{peer}") == 0)
			v = peer;
		t = eg_xasprintf("%s%s%s", s, first ? "" : " ", v);
		free(s);
		s = t;
		first = false;
	}
	free(tmpl);
	if (def->cli_level != NULL)
		level = def->cli_level;
	else if (def->levels)
		level = q->detail;
	if (level != NULL) {
		t = eg_xasprintf("%s %s", s, level);
		free(s);
		s = t;
	}
	return s;
}

static bool
state_is_detail(const char *t)
{
	return strcmp(t, "detail") == 0 || strcmp(t, "extensive") == 0 ||
	       strcmp(t, "terse") == 0 || strcmp(t, "brief") == 0;
}

/* The fields a command names, pointing into its words. */
struct state_fields {
	const char *instance, *table, *peer;
};

/*
 * Match the words of a command (its output level already taken off)
 * against def's template; true with f filled when they fit.
 */
static bool
state_match(const struct eg_qdef *def, char *const *tok, size_t n, struct state_fields *f)
{
	char *tmpl, *w[STATE_MAXTOK];
	size_t nw, i, j, opt = STATE_MAXTOK;
	bool with_opt, ok = true;

	memset(f, 0, sizeof(*f));
	tmpl = eg_xstrdup(def->cli);
	nw = state_words(tmpl, w, STATE_MAXTOK, false);
	for (i = 0; i < nw; i++) {
		if (state_optional(w[i])) {
			opt = i;
			w[i][strlen(w[i]) - 1] = '\0';
			w[i]++;
		}
	}
	with_opt = n == nw;
	if (!(n == nw || (opt < nw && n + 1 == nw)))
		ok = false;
	for (i = 0, j = 0; ok && i < nw; i++) {
		if (i == opt && !with_opt)
			continue;
		if (strcmp(w[i], "{instance}") == 0)
			f->instance = tok[j];
		else if (strcmp(w[i], "{table}") == 0)
			f->table = tok[j];
		else if (strcmp(w[i], "{peer}") == 0)
			f->peer = tok[j];
		else if (strcmp(w[i], tok[j]) != 0)
			ok = false;
		j++;
	}
	free(tmpl);
	return ok;
}

eg_err
eg_query_from_command(const char *cmd, struct eg_query *q)
{
	const struct eg_qdef *def = NULL;
	struct state_fields f;
	char *buf, *tok[STATE_MAXTOK];
	const char *detail = NULL;
	size_t n;
	int k;
	eg_err err = EG_EPARSE;

	memset(q, 0, sizeof(*q));
	buf = eg_xstrdup(cmd);
	n = state_words(buf, tok, STATE_MAXTOK, true);
	if (n > 0 && state_is_detail(tok[n - 1])) {
		detail = tok[n - 1];
		n--;
	}
	for (k = 0; k < EG_Q_NKINDS && def == NULL; k++) {
		if (state_match(eg_qdef((enum eg_qkind)k), tok, n, &f)) {
			def = eg_qdef((enum eg_qkind)k);
			q->kind = (enum eg_qkind)k;
		}
	}
	if (def == NULL)
		goto cleanup;
	if (f.peer != NULL && eg_addr_parse(f.peer, &q->peer) != EG_OK)
		goto cleanup;
	q->instance = eg_xstrdup(f.instance);
	q->table = eg_xstrdup(f.table);
	if (def->levels && detail != NULL && strcmp(detail, "brief") != 0)
		q->detail = eg_xstrdup(detail);
	err = EG_OK;
cleanup:
	if (err != EG_OK)
		eg_query_clear(q);
	free(buf);
	return err;
}
