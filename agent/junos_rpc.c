/*
 * junos_rpc.c - the Junos RPC for each query, and replies that carry only
 * <ok/> or commit/load results.
 *
 * The RPC of each kind is a template in its row of the query table
 * (query.c); this file fills it in.  RPC element names are those of
 * Juniper's junos-rpc-* YANG modules and "| display xml rpc"; instance
 * and table names are XML-escaped; output levels are empty elements
 * (<detail/>), and only the four Junos knows are ever sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "junos.h"
#include "query.h"

static bool
rpc_level_ok(const char *d)
{
	return d != NULL && (strcmp(d, "detail") == 0 || strcmp(d, "extensive") == 0 ||
			     strcmp(d, "terse") == 0 || strcmp(d, "brief") == 0);
}

/* Append n bytes of v to the string *out of length *len. */
static void
rpc_put(char **out, size_t *len, const char *v, size_t n)
{
	*out = eg_xrealloc(*out, *len + n + 1);
	memcpy(*out + *len, v, n);
	*len += n;
	(*out)[*len] = '\0';
}

char *
eg_junos_rpc(const struct eg_query *q)
{
	const struct eg_qdef *def = eg_qdef(q->kind);
	char peer[EG_ADDR_STRLEN], level[32] = "";
	char *inst, *table, *out = NULL;
	const char *p, *e;
	size_t len = 0;

	if (def == NULL)
		return NULL;
	eg_addr_fmt(&q->peer, peer);
	inst = eg_xml_escape(q->instance ? q->instance : "", 1);
	table = eg_xml_escape(q->table ? q->table : "", 1);
	if (rpc_level_ok(q->detail))
		snprintf(level, sizeof(level), "<%s/>", q->detail);
	rpc_put(&out, &len, "", 0);
	for (p = def->rpc; *p != '\0'; p++) {
		if (*p == '[' && q->peer.family == 0 && (e = strchr(p, ']')) != NULL) {
			p = e;		/* the part that needs a peer */
		} else if (*p == '[' || *p == ']') {
			continue;
		} else if (*p == '{' && (e = strchr(p, '}')) != NULL) {
			size_t n = (size_t)(e - p + 1);
			const char *v = strncmp(p, "{instance}", n) == 0 ? inst :
					strncmp(p, "{table}", n) == 0 ? table :
					strncmp(p, "{peer}", n) == 0 ? peer :
					strncmp(p, "{level}", n) == 0 ? level : "";
			rpc_put(&out, &len, v, strlen(v));
			p = e;
		} else {
			rpc_put(&out, &len, p, 1);
		}
	}
	free(inst);
	free(table);
	return out;
}

static int
rpc_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

/* The first XML error of a reply and the line the parser stopped at. */
struct rpc_xmlerr {
	xmlTextReaderPtr rd;
	char msg[200];
	int line;
};

static void
rpc_reader_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	struct rpc_xmlerr *x = arg;
	size_t n;

	(void)loc;
	if (x->msg[0] != '\0' || (sev != XML_PARSER_SEVERITY_ERROR &&
				  sev != XML_PARSER_SEVERITY_VALIDITY_ERROR))
		return;
	snprintf(x->msg, sizeof(x->msg), "%s", msg ? msg : "XML error");
	n = strlen(x->msg);
	while (n > 0 && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
	x->line = xmlTextReaderGetParserLineNumber(x->rd);
}

/* Start one more rpc-error (is_error) or warning in errs. */
static void
rpc_error_push(struct eg_rpc_errors *errs, bool is_error)
{
	errs->items = eg_xrealloc(errs->items, (errs->nitems + 1) * sizeof(*errs->items));
	memset(&errs->items[errs->nitems], 0, sizeof(errs->items[0]));
	errs->items[errs->nitems++].is_error = is_error;
}

eg_err
eg_junos_parse_ok(eg_read_fn fn, void *ctx, const char *where,
		  struct eg_rpc_errors *errs, char **msg)
{
	const struct eg_rpc_error *re;
	struct rpc_xmlerr xe;
	xmlTextReaderPtr rd;
	bool ok_seen = false, err_open = false, xml_bad = false;
	char *sev = NULL;
	int rc, depth_err = -1;

	*msg = NULL;
	memset(errs, 0, sizeof(*errs));
	rd = xmlReaderForIO(fn, rpc_close_cb, ctx, NULL, NULL, XML_PARSE_NONET);
	if (rd == NULL)
		eg_oom(__func__);
	memset(&xe, 0, sizeof(xe));
	xe.rd = rd;
	xmlTextReaderSetErrorHandler(rd, rpc_reader_error, &xe);
	while ((rc = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
		const char *name = (const char *)xmlTextReaderConstLocalName(rd);

		if (type == XML_READER_TYPE_ELEMENT && name != NULL) {
			if (!err_open && (strcmp(name, "rpc-error") == 0 ||
					  (strcmp(name, "error") == 0 && depth > 0))) {
				rpc_error_push(errs, true);
				err_open = true;
				depth_err = depth;
			} else if (!err_open && (strcmp(name, "ok") == 0 ||
						 strcmp(name, "load-success") == 0 ||
						 strcmp(name, "commit-success") == 0 ||
						 strcmp(name, "commit-check-success") == 0)) {
				ok_seen = true;
			} else if (err_open && (strcmp(name, "error-severity") == 0 ||
						strcmp(name, "error-message") == 0 ||
						strcmp(name, "message") == 0)) {
				char *v = (char *)xmlTextReaderReadString(rd);
				char *t = eg_strtrim_dup(v ? v : "");
				xmlFree(v);
				if (strcmp(name, "error-severity") == 0) {
					free(sev);
					sev = t;
					errs->items[errs->nitems - 1].is_error =
						t == NULL || strcasecmp(t, "warning") != 0;
				} else {
					free(errs->items[errs->nitems - 1].message);
					errs->items[errs->nitems - 1].message = t;
				}
			} else if (!err_open && strcmp(name, "warning") == 0 && depth > 0) {
				rpc_error_push(errs, false);
				err_open = true;
				depth_err = depth;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && err_open && depth == depth_err) {
			err_open = false;
		}
	}
	if (rc != 0 || xe.msg[0] != '\0')
		xml_bad = true;
	xmlFreeTextReader(rd);
	free(sev);
	if (xml_bad) {
		*msg = xe.line > 0 ? eg_xasprintf("%s:%d: malformed reply: %s", where, xe.line,
						  xe.msg[0] ? xe.msg : "XML error")
				   : eg_xasprintf("%s: malformed reply: %s", where,
						  xe.msg[0] ? xe.msg : "XML error");
		return EG_EPARSE;
	}
	re = eg_rpc_errors_first(errs);
	if (re != NULL) {
		*msg = eg_xasprintf("%s: rpc-error: %s", where,
				    re->message ? re->message : "(no message)");
		return EG_ERPC;
	}
	(void)ok_seen;
	return EG_OK;
}
