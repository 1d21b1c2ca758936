/*
 * cfg_txn.c - the NETCONF pieces of a configuration transaction (see
 * cfg_txn.h): sessions to intent devices, whole replies, commits and the
 * release of the candidate and its lock.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cfg_txn.h"
#include "checks.h"
#include "junos.h"
#include "plan.h"
#include "util.h"

#define CFG_MAX_REPLY ((size_t)64 << 20)

int
eg_cfg_mem_read(void *ctx, char *buf, int len)
{
	struct eg_cfg_reply *r = ctx;
	size_t n = r->len - r->pos;

	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, r->buf + r->pos, n);
	r->pos += n;
	return (int)n;
}

/* A device's message on one line: every run of blanks and newlines one space. */
static void
cfg_flat(char *m)
{
	char *r = m, *w = m;
	bool blank = false;

	if (m == NULL)
		return;
	for (; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
			blank = true;
			continue;
		}
		if (blank && w != m)
			*w++ = ' ';
		blank = false;
		*w++ = *r;
	}
	*w = '\0';
}

/* Append a line to *acc. */
void
eg_cfg_say(char **acc, const char *fmt, ...)
{
	va_list ap;
	char *line, *t;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		eg_oom(__func__);
	va_end(ap);
	/* one step a line: a step naming several configuration lines joins them */
	for (t = line + strlen(line); t > line && t[-1] == '\n'; t--)
		t[-1] = '\0';
	for (t = strchr(line, '\n'); t != NULL; t = strchr(line, '\n')) {
		char *j = eg_xasprintf("%.*s; %s", (int)(t - line), line, t + 1);

		free(line);
		line = j;
	}
	t = eg_xasprintf("%s%s\n", *acc ? *acc : "", line);
	free(*acc);
	free(line);
	*acc = t;
}

/*
 * Send body and read its reply whole into r (caller frees r->buf).  A
 * transport failure returns the session's error with *msg its text; an
 * rpc-error EG_ERPC with *msg "DEVICE: rpc-error: ...".  Caller frees *msg.
 */
eg_err
eg_cfg_rpc(struct eg_nc_session *s, const char *dev, const char *body, struct eg_cfg_reply *r,
	char **msg)
{
	struct eg_rpc_errors errs;
	char chunk[16384];
	eg_err err;
	int n;

	memset(r, 0, sizeof(*r));
	*msg = NULL;
	err = eg_nc_session_rpc(s, body);
	while (err == EG_OK && (n = eg_nc_reply_read(s, chunk, (int)sizeof(chunk))) > 0) {
		if (r->len + (size_t)n > CFG_MAX_REPLY) {
			*msg = eg_xasprintf("%s: reply larger than %zu bytes", dev, CFG_MAX_REPLY);
			return EG_EPARSE;
		}
		r->buf = eg_xrealloc(r->buf, r->len + (size_t)n + 1);
		memcpy(r->buf + r->len, chunk, (size_t)n);
		r->len += (size_t)n;
		r->buf[r->len] = '\0';
	}
	if (err == EG_OK && eg_nc_session_err(s) == EG_OK)
		eg_nc_reply_finish(s);
	if (err != EG_OK || eg_nc_session_err(s) != EG_OK) {
		err = eg_nc_session_err(s) != EG_OK ? eg_nc_session_err(s) : err;
		*msg = eg_xstrdup(eg_nc_session_why(s));
		return err;
	}
	err = eg_junos_parse_ok(eg_cfg_mem_read, r, dev, &errs, msg);
	cfg_flat(*msg);
	r->pos = 0;
	eg_rpc_errors_clear(&errs);
	return err;
}

/* An RPC whose reply is only looked at for errors. */
eg_err
eg_cfg_rpc_ok(struct eg_nc_session *s, const char *dev, const char *body, char **msg)
{
	struct eg_cfg_reply r;
	eg_err err = eg_cfg_rpc(s, dev, body, &r, msg);

	free(r.buf);
	return err;
}

/* The text of the first element named name (by local name) in r, or NULL. */
bool
eg_cfg_parse(const struct eg_cfg_reply *r, const char *dev, const struct eg_query *q,
	     enum eg_qdata want, struct eg_obs *obs)
{
	memset(obs, 0, sizeof(*obs));
	obs->q = *q;
	return eg_junos_parse_mem(r->buf ? r->buf : "", r->len, dev, obs) == EG_OK &&
	       obs->data == want;
}

void
eg_cfg_obs_done(struct eg_obs *obs)
{
	memset(&obs->q, 0, sizeof(obs->q));
	eg_obs_clear_data(obs);
}

char *
eg_cfg_reply_text(const struct eg_cfg_reply *r, const char *name)
{
	xmlDocPtr doc = xmlReadMemory(r->buf ? r->buf : "", (int)r->len, "reply", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	xmlNodePtr n;
	char *out = NULL;

	if (doc == NULL)
		return NULL;
	for (n = xmlDocGetRootElement(doc); n != NULL && out == NULL;) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) {
			xmlChar *c = xmlNodeGetContent(n);
			out = eg_xstrdup(c ? (const char *)c : "");
			xmlFree(c);
			break;
		}
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != NULL && n->next == NULL)
			n = n->parent;
		if (n != NULL)
			n = n->next;
	}
	xmlFreeDoc(doc);
	return out;
}

eg_err
eg_cfg_open(const struct eg_intent *in, const char *dev, const struct eg_collect_opts *o,
	    unsigned session_s, struct eg_nc_session **s, char **why)
{
	const struct eg_intent_device *d = eg_intent_device(in, dev);
	struct eg_nc_opts no;
	struct eg_nc_diag diag;
	eg_err err;

	*s = NULL;
	*why = NULL;
	if (d == NULL) {
		*why = eg_xasprintf("%s: not a device of the intent", dev);
		return EG_EINVAL;
	}
	eg_nc_password_take(d->password_env);
	eg_collect_nc_opts(d, o, &no);
	if (session_s > 0)
		no.session_timeout_ms = session_s * 1000u;
	err = eg_nc_session_open(&no, s, &diag);
	if (err != EG_OK)
		*why = eg_xstrdup(diag.msg);
	return err;
}

eg_err
eg_cfg_commit(struct eg_nc_session *s, const char *dev, bool confirmed, unsigned minutes,
	   const char *log, char **msg)
{
	char *elog = eg_xml_escape(log, 0), *body;
	eg_err err;

	if (confirmed)
		body = eg_xasprintf("<commit-configuration><confirmed/><confirm-timeout>%u"
				    "</confirm-timeout><log>%s</log></commit-configuration>",
				    minutes, elog);
	else
		body = eg_xasprintf("<commit-configuration><log>%s</log></commit-configuration>",
				    elog);
	err = eg_cfg_rpc_ok(s, dev, body, msg);
	free(body);
	free(elog);
	return err;
}

/* Put the candidate back and give the lock up; failures here only get logged. */
void
eg_cfg_release(struct eg_nc_session *s, const char *dev, bool discard, char **acc)
{
	char *msg = NULL;

	if (eg_nc_session_err(s) != EG_OK)
		return;
	if (discard && eg_cfg_rpc_ok(s, dev, "<discard-changes/>", &msg) != EG_OK)
		eg_cfg_say(acc, "discard-changes: %s", msg);
	free(msg);
	msg = NULL;
	if (eg_cfg_rpc_ok(s, dev, "<unlock-configuration/>", &msg) != EG_OK)
		eg_cfg_say(acc, "unlock: %s", msg);
	else
		eg_cfg_say(acc, "unlocked");
	free(msg);
}

eg_err
eg_cfg_check_live(const struct eg_intent *in, const struct eg_collect_opts *o,
		  const char *const *checks, size_t nchecks, struct eg_report **rep)
{
	struct eg_state *st = NULL;
	struct eg_check_ctx ctx;
	eg_err err;

	*rep = NULL;
	err = eg_plan_build_checks(in, NULL, 0, checks, nchecks, &st);
	if (err == EG_OK)
		err = eg_collect_live(in, st, o);
	if (err == EG_OK) {
		*rep = eg_report_new();
		memset(&ctx, 0, sizeof(ctx));
		ctx.checks = checks;
		ctx.nchecks = nchecks;
		err = eg_checks_run(in, st, &ctx, *rep);
	}
	eg_state_free(st);
	return err;
}
