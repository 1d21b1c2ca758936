/*
 * state.c - observations, and the CLI command that names each query.
 *
 * The command text is the bridge between a live run and a saved snapshot:
 * a snapshot file is named after the command an engineer types on the
 * box, so eg_query_command() and eg_query_from_command() must stay exact
 * inverses for every query erguard makes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

static const char *const state_kind_names[EG_Q_NKINDS] = {
	"config", "routes", "advertised", "received", "bgp-summary",
	"bgp-neighbor", "bfd", "instance", "traceroute",
};

const char *
eg_qkind_name(enum eg_qkind k)
{
	return (unsigned)k < EG_Q_NKINDS ? state_kind_names[k] : "?";
}

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
	switch (o->q.kind) {
	case EG_Q_ROUTES:
	case EG_Q_ADVERTISED:
	case EG_Q_RECEIVED:
		eg_rib_free(o->u.rib);
		break;
	case EG_Q_BGP_SUMMARY:
	case EG_Q_BGP_NEIGHBOR:
		eg_bgp_free(o->u.bgp);
		break;
	case EG_Q_BFD:
		eg_bfd_free(o->u.bfd);
		break;
	case EG_Q_CONFIG:
		eg_config_free(o->u.cfg);
		break;
	case EG_Q_INSTANCE:
		eg_instances_free(o->u.inst);
		break;
	case EG_Q_TRACEROUTE:
		eg_trace_free(o->u.trace);
		break;
	case EG_Q_NKINDS:
		break;
	}
	memset(&o->u, 0, sizeof(o->u));
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

char *
eg_query_command(const struct eg_query *q)
{
	char peer[EG_ADDR_STRLEN];
	char *s = NULL;
	const char *d = q->detail ? q->detail : NULL;
	int n = -1;

	eg_addr_fmt(&q->peer, peer);
	switch (q->kind) {
	case EG_Q_CONFIG:
		n = asprintf(&s, "show configuration routing-instances %s", q->instance);
		d = NULL;
		break;
	case EG_Q_ROUTES:
		n = asprintf(&s, "show route table %s", q->table);
		break;
	case EG_Q_ADVERTISED:
		n = asprintf(&s, "show route advertising-protocol bgp %s table %s", peer, q->table);
		break;
	case EG_Q_RECEIVED:
		n = asprintf(&s, "show route receive-protocol bgp %s table %s", peer, q->table);
		break;
	case EG_Q_BGP_SUMMARY:
		n = asprintf(&s, "show bgp summary instance %s", q->instance);
		d = NULL;
		break;
	case EG_Q_BGP_NEIGHBOR:
		if (q->peer.family != 0)
			n = asprintf(&s, "show bgp neighbor %s instance %s", peer, q->instance);
		else
			n = asprintf(&s, "show bgp neighbor instance %s", q->instance);
		d = NULL;
		break;
	case EG_Q_BFD:
		n = asprintf(&s, "show bfd session");
		break;
	case EG_Q_INSTANCE:
		n = asprintf(&s, "show route instance %s detail", q->instance);
		d = NULL;
		break;
	case EG_Q_TRACEROUTE:
		n = asprintf(&s, "traceroute %s routing-instance %s", peer, q->instance);
		d = NULL;
		break;
	case EG_Q_NKINDS:
		break;
	}
	if (n < 0)
		return NULL;
	if (d != NULL) {
		char *t = NULL;
		n = asprintf(&t, "%s %s", s, d);
		free(s);
		s = n < 0 ? NULL : t;
	}
	return s;
}

#define STATE_MAXTOK 16

/* Split cmd into at most STATE_MAXTOK tokens in buf; stops at "|". */
static size_t
state_tokens(char *buf, char **tok)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(buf, " \t\r\n", &save); t != NULL && n < STATE_MAXTOK;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (strcmp(t, "|") == 0 || t[0] == '|')
			break;
		tok[n++] = t;
	}
	return n;
}

static bool
state_is_detail(const char *t)
{
	return strcmp(t, "detail") == 0 || strcmp(t, "extensive") == 0 ||
	       strcmp(t, "terse") == 0 || strcmp(t, "brief") == 0;
}

static bool
state_eq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

eg_err
eg_query_from_command(const char *cmd, struct eg_query *q)
{
	char *buf, *tok[STATE_MAXTOK];
	const char *instance = NULL, *table = NULL, *detail = NULL, *peer = NULL;
	size_t n, i;
	eg_err err = EG_EPARSE;

	memset(q, 0, sizeof(*q));
	buf = strdup(cmd);
	if (buf == NULL)
		return EG_ENOMEM;
	n = state_tokens(buf, tok);
	if (n > 0 && state_is_detail(tok[n - 1])) {
		detail = tok[n - 1];
		n--;
	}
	if (n >= 3 && state_eq(tok[0], "show") && state_eq(tok[1], "configuration") &&
	    state_eq(tok[2], "routing-instances")) {
		if (n != 4)
			goto cleanup;
		q->kind = EG_Q_CONFIG;
		instance = tok[3];
	} else if (n >= 2 && state_eq(tok[0], "show") && state_eq(tok[1], "route")) {
		if (n == 4 && state_eq(tok[2], "table")) {
			q->kind = EG_Q_ROUTES;
			table = tok[3];
		} else if (n == 7 && state_eq(tok[3], "bgp") && state_eq(tok[5], "table") &&
			   (state_eq(tok[2], "advertising-protocol") ||
			    state_eq(tok[2], "receive-protocol"))) {
			q->kind = state_eq(tok[2], "advertising-protocol") ? EG_Q_ADVERTISED
									  : EG_Q_RECEIVED;
			peer = tok[4];
			table = tok[6];
		} else if (n == 4 && state_eq(tok[2], "instance")) {
			q->kind = EG_Q_INSTANCE;
			instance = tok[3];
			detail = NULL;
		} else {
			goto cleanup;
		}
	} else if (n >= 3 && state_eq(tok[0], "show") && state_eq(tok[1], "bgp")) {
		if (state_eq(tok[2], "summary") && n == 5 && state_eq(tok[3], "instance")) {
			q->kind = EG_Q_BGP_SUMMARY;
			instance = tok[4];
		} else if (state_eq(tok[2], "neighbor")) {
			q->kind = EG_Q_BGP_NEIGHBOR;
			i = 3;
			if (n == 6) {
				peer = tok[3];
				i = 4;
			}
			if (n != i + 2 || !state_eq(tok[i], "instance"))
				goto cleanup;
			instance = tok[i + 1];
		} else {
			goto cleanup;
		}
		detail = NULL;
	} else if (n == 3 && state_eq(tok[0], "show") && state_eq(tok[1], "bfd") &&
		   state_eq(tok[2], "session")) {
		q->kind = EG_Q_BFD;
	} else if (n == 4 && state_eq(tok[0], "traceroute") && state_eq(tok[2], "routing-instance")) {
		q->kind = EG_Q_TRACEROUTE;
		peer = tok[1];
		instance = tok[3];
		detail = NULL;
	} else {
		goto cleanup;
	}
	if (peer != NULL && eg_addr_parse(peer, &q->peer) != EG_OK)
		goto cleanup;
	err = EG_ENOMEM;
	if ((instance && !(q->instance = strdup(instance))) ||
	    (table && !(q->table = strdup(table))) ||
	    (detail && strcmp(detail, "brief") != 0 && !(q->detail = strdup(detail))))
		goto cleanup;
	err = EG_OK;
cleanup:
	if (err != EG_OK)
		eg_query_clear(q);
	free(buf);
	return err;
}
