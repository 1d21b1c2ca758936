/*
 * lab_server.c - the NETCONF server of a lab device, answering the way
 * Junos does (see lab_server.h for what it guarantees).
 */
#include "lab_server.h"
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lab_cfgdb.h"
#include "lab_cfgsyntax.h"
#include "lab_fault.h"
#include "lab_framing.h"
#include "lab_world.h"

#define LAB_SERVER_NC_NS "urn:ietf:params:xml:ns:netconf:base:1.0"
#define LAB_SERVER_XNM_NS "http://xml.juniper.net/xnm/1.1/xnm"

struct lab_server {
	const char *dir, *device;
	char release[64];
	char user[64];
	bool offer_11;
	struct lab_framing fr;
	struct lab_cfgdb *db;
	/* open-configuration private */
	xmlDocPtr priv;
	char *priv_base;	/* the committed configuration it was opened on */
	bool closing;
};

/* ------------------------------------------------------------------ output helpers */

static void
lab_server_rpc_error(FILE *f, const char *type, const char *tag, const char *severity,
		     const char *path, const char *bad, const char *message, const char *info_xml)
{
	fputs("<rpc-error>\n", f);
	if (type != NULL)
		fprintf(f, "<error-type>%s</error-type>\n", type);
	if (tag != NULL)
		fprintf(f, "<error-tag>%s</error-tag>\n", tag);
	fprintf(f, "<error-severity>%s</error-severity>\n", severity);
	if (path != NULL && *path) {
		fputs("<error-path>", f);
		eg_xml_escape_fputs(f, path, 0);
		fputs("</error-path>\n", f);
	}
	fputs("<error-message>\n", f);
	eg_xml_escape_fputs(f, message, 0);
	fputs("\n</error-message>\n", f);
	if ((bad != NULL && *bad) || info_xml != NULL) {
		fputs("<error-info>\n", f);
		if (bad != NULL && *bad) {
			fputs("<bad-element>", f);
			eg_xml_escape_fputs(f, bad, 0);
			fputs("</bad-element>\n", f);
		}
		if (info_xml != NULL)
			fputs(info_xml, f);
		fputs("</error-info>\n", f);
	}
	fputs("</rpc-error>\n", f);
}

static void
lab_server_errs(FILE *f, const struct lab_cfgerrs *e, const char *type, const char *tag)
{
	for (size_t i = 0; i < e->n; i++)
		lab_server_rpc_error(f, type, tag, e->v[i].warning ? "warning" : "error", e->v[i].path,
				     e->v[i].element, e->v[i].message, NULL);
}

static void
lab_server_localtime(long long secs, char *buf, size_t size)
{
	time_t t = (time_t)secs;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static const char *
lab_server_lname(xmlNodePtr n)
{
	return (const char *)n->name;
}

static xmlNodePtr
lab_server_first_elem(xmlNodePtr n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

/* Text of n trimmed into buf, or NULL when n is NULL. */
static const char *
lab_server_text(xmlNodePtr n, char *buf, size_t size)
{
	xmlChar *c;
	size_t b = 0, e;

	if (n == NULL)
		return NULL;
	c = xmlNodeGetContent(n);
	if (c == NULL) {
		buf[0] = '\0';
		return buf;
	}
	e = strlen((const char *)c);
	while (b < e && strchr(" \t\r\n", c[b]))
		b++;
	while (e > b && strchr(" \t\r\n", c[e - 1]))
		e--;
	snprintf(buf, size, "%.*s", (int)(e - b), (const char *)c + b);
	xmlFree(c);
	return buf;
}

static char *
lab_server_attr(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlChar *a = xmlGetProp(n, (const xmlChar *)name);

	if (a == NULL)
		return NULL;
	snprintf(buf, size, "%s", (const char *)a);
	xmlFree(a);
	return buf;
}

/* Write the element children of n, indented. */
static void
lab_server_dump_children(FILE *f, xmlNodePtr n)
{
	xmlBufferPtr b = xmlBufferCreate();

	if (b == NULL)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		xmlBufferEmpty(b);
		xmlNodeDump(b, c->doc, c, 1, 1);
		fwrite(xmlBufferContent(b), 1, (size_t)xmlBufferLength(b), f);
		fputc('\n', f);
	}
	xmlBufferFree(b);
}

/* ------------------------------------------------------------------ configuration access */

static bool
lab_server_private(const struct lab_server *s)
{
	return s->priv != NULL;
}

/* The candidate this session edits (private copy or shared); caller frees. */
static int
lab_server_candidate(struct lab_server *s, xmlDocPtr *out, char *err, size_t errlen)
{
	if (lab_server_private(s)) {
		*out = xmlCopyDoc(s->priv, 1);
		if (*out == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	}
	return lab_cfgdb_read(s->db, LAB_CFGDB_CANDIDATE, 0, out, err, errlen);
}

static void
lab_server_conf_attrs(struct lab_server *s, FILE *f, bool candidate)
{
	struct lab_cfgdb_state st;
	char when[64];

	lab_cfgdb_state_read(s->db, &st);
	if (st.commit_seconds == 0) {
		st.commit_seconds = lab_cfgdb_now_ms() / 1000;
		snprintf(st.commit_user, sizeof(st.commit_user), "root");
	}
	if (candidate && (st.cand_seconds != 0 || lab_server_private(s))) {
		long long t = st.cand_seconds ? st.cand_seconds : lab_cfgdb_now_ms() / 1000;
		lab_server_localtime(t, when, sizeof(when));
		fprintf(f, " junos:changed-seconds=\"%lld\" junos:changed-localtime=\"%s\"", t, when);
	} else {
		lab_server_localtime(st.commit_seconds, when, sizeof(when));
		fprintf(f, " junos:commit-seconds=\"%lld\" junos:commit-localtime=\"%s\" junos:commit-user=\"%s\"",
			st.commit_seconds, when, st.commit_user[0] ? st.commit_user : "root");
	}
}

/* get-configuration (Junos) and get-config (NETCONF). */
static int
lab_server_get_configuration(struct lab_server *s, xmlNodePtr rpc, bool netconf, FILE *f)
{
	char buf[64], err[512], fmt[16] = "xml", db[32] = "candidate", cmp[32] = "", inh[16] = "",
	     grp[16] = "";
	xmlDocPtr conf = NULL, old = NULL, out = NULL;
	xmlNodePtr filter = NULL, root;
	int rb = 0, rc = 0;

	if (netconf) {
		xmlNodePtr src = lab_cfgsyntax_child(rpc, "source"), fl = lab_cfgsyntax_child(rpc, "filter");
		xmlNodePtr which = lab_server_first_elem(src);
		if (which == NULL) {
			lab_server_rpc_error(f, "protocol", "missing-element", "error", NULL, "source",
					     "missing element: source", NULL);
			return 0;
		}
		snprintf(db, sizeof(db), "%s",
			 strcmp(lab_server_lname(which), "running") == 0 ? "committed" : "candidate");
		if (strcmp(lab_server_lname(which), "running") != 0 &&
		    strcmp(lab_server_lname(which), "candidate") != 0) {
			lab_server_rpc_error(f, "protocol", "invalid-value", "error", NULL,
					     lab_server_lname(which), "syntax error", NULL);
			return 0;
		}
		filter = fl ? lab_cfgsyntax_child(fl, "configuration") : NULL;
		if (fl != NULL && filter == NULL && lab_server_first_elem(fl) != NULL) {
			/* a filter for something else than the configuration selects nothing */
			fputs("<data>\n</data>\n", f);
			return 0;
		}
	} else {
		lab_server_attr(rpc, "format", fmt, sizeof(fmt));
		lab_server_attr(rpc, "database", db, sizeof(db));
		lab_server_attr(rpc, "compare", cmp, sizeof(cmp));
		lab_server_attr(rpc, "inherit", inh, sizeof(inh));
		lab_server_attr(rpc, "groups", grp, sizeof(grp));
		if (lab_server_attr(rpc, "rollback", buf, sizeof(buf)) != NULL)
			rb = atoi(buf);
		filter = lab_cfgsyntax_child(rpc, "configuration");
	}
	if (strcmp(fmt, "xml") != 0 && strcmp(fmt, "text") != 0 && strcmp(fmt, "set") != 0) {
		lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL, fmt,
				     "syntax error: format", NULL);
		return 0;
	}
	if (strcmp(db, "committed") != 0 && strcmp(db, "candidate") != 0) {
		lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL, db,
				     "syntax error: database", NULL);
		return 0;
	}
	if (lab_cfgdb_begin(s->db, err, sizeof(err)) != 0) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err, NULL);
		return 0;
	}
	if (cmp[0] != '\0') {
		char *diff = NULL;
		size_t dl = 0;
		FILE *m;
		if (strcmp(cmp, "rollback") != 0) {
			lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL, cmp,
					     "syntax error: compare", NULL);
			goto cleanup;
		}
		/* "show configuration | compare" (committed) or "show | compare" (candidate) */
		if (lab_cfgdb_read(s->db, LAB_CFGDB_ROLLBACK, rb, &old, err, sizeof(err)) != 0 ||
		    (strcmp(db, "committed") == 0
			     ? lab_cfgdb_read(s->db, LAB_CFGDB_COMMITTED, 0, &conf, err, sizeof(err))
			     : lab_server_candidate(s, &conf, err, sizeof(err))) != 0) {
			lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err,
					     NULL);
			goto cleanup;
		}
		if ((m = open_memstream(&diff, &dl)) == NULL)
			goto cleanup;
		lab_cfgsyntax_diff(xmlDocGetRootElement(old), xmlDocGetRootElement(conf), m);
		fclose(m);
		fputs("<configuration-information>\n<configuration-output>\n", f);
		eg_xml_escape_fputs(f, diff, 0);
		fputs("</configuration-output>\n</configuration-information>\n", f);
		free(diff);
		goto cleanup;
	}
	if (strcmp(db, "committed") == 0)
		rc = lab_cfgdb_read(s->db, LAB_CFGDB_COMMITTED, 0, &conf, err, sizeof(err));
	else
		rc = lab_server_candidate(s, &conf, err, sizeof(err));
	if (rc != 0) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err, NULL);
		rc = 0;
		goto cleanup;
	}
	/* inherit="inherit" (or "defaults"): groups applied in place; groups="groups" names them */
	if (strcmp(inh, "inherit") == 0 || strcmp(inh, "defaults") == 0)
		lab_cfgsyntax_inherit(xmlDocGetRootElement(conf), strcmp(grp, "groups") == 0);
	out = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(out, NULL, (const xmlChar *)"configuration", NULL);
	xmlDocSetRootElement(out, root);
	lab_cfgsyntax_filter(xmlDocGetRootElement(conf), filter, root);
	if (netconf) {
		if (root->children == NULL) {
			fputs("<data>\n<configuration>\n</configuration>\n</data>\n", f);
			goto cleanup;
		}
		fputs("<data>\n<configuration xmlns=\"" LAB_SERVER_XNM_NS "\"", f);
		lab_server_conf_attrs(s, f, strcmp(db, "candidate") == 0);
		fputs(">\n", f);
		lab_server_dump_children(f, root);
		fputs("</configuration>\n</data>\n", f);
	} else if (strcmp(fmt, "xml") == 0) {
		fputs("<configuration", f);
		lab_server_conf_attrs(s, f, strcmp(db, "candidate") == 0);
		fputs(">\n", f);
		lab_server_dump_children(f, root);
		fputs("</configuration>\n", f);
	} else {
		char *txt = NULL;
		size_t tl = 0;
		FILE *m = open_memstream(&txt, &tl);
		if (m == NULL)
			goto cleanup;
		if (strcmp(fmt, "text") == 0) {
			struct lab_cfgdb_state st;
			char when[64];
			lab_cfgdb_state_read(s->db, &st);
			if (st.commit_seconds != 0 && filter == NULL) {
				lab_server_localtime(st.commit_seconds, when, sizeof(when));
				fprintf(m, "## Last commit: %s by %s\n", when, st.commit_user);
			}
			lab_cfgsyntax_text(root, m);
		} else {
			lab_cfgsyntax_set(root, m);
		}
		fclose(m);
		fprintf(f, "<configuration-%s>\n", fmt);
		eg_xml_escape_fputs(f, txt, 0);
		fprintf(f, "</configuration-%s>\n", fmt);
		free(txt);
	}
cleanup:
	lab_cfgdb_end(s->db);
	xmlFreeDoc(conf);
	xmlFreeDoc(old);
	xmlFreeDoc(out);
	return 0;
}

/* ------------------------------------------------------------------ lock */

static void
lab_server_lock(struct lab_server *s, bool lock, bool netconf, xmlNodePtr rpc, FILE *f)
{
	char msg[1024], err[256], info[128];
	int rc;

	if (netconf) {
		xmlNodePtr t = lab_server_first_elem(lab_cfgsyntax_child(rpc, "target"));
		if (t == NULL || (strcmp(lab_server_lname(t), "candidate") != 0 &&
				  strcmp(lab_server_lname(t), "running") != 0)) {
			lab_server_rpc_error(f, "protocol", "missing-element", "error", NULL, "target",
					     "syntax error, expecting <candidate/> or <running/>", NULL);
			return;
		}
	}
	if (lab_cfgdb_begin(s->db, err, sizeof(err)) != 0) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err, NULL);
		return;
	}
	rc = lock ? lab_cfgdb_lock(s->db, msg, sizeof(msg)) : lab_cfgdb_unlock(s->db, msg, sizeof(msg));
	lab_cfgdb_end(s->db);
	if (rc == 0) {
		fputs("<ok/>\n", f);
	} else if (rc == 1) {
		struct lab_cfgdb_state st;
		lab_cfgdb_state_read(s->db, &st);
		snprintf(info, sizeof(info), "<session-id>%ld</session-id>\n", st.lock_sid);
		lab_server_rpc_error(f, "protocol", lock ? "lock-denied" : "operation-failed", "error", NULL,
				     NULL, msg, strstr(msg, "locked by") ? info : NULL);
	} else {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, msg, NULL);
	}
}

/* ------------------------------------------------------------------ private sessions */

static char *
lab_server_dump_doc(xmlDocPtr d)
{
	xmlChar *mem = NULL;
	int len = 0;
	char *r;

	xmlDocDumpMemory(d, &mem, &len);
	r = mem ? strdup((const char *)mem) : NULL;
	xmlFree(mem);
	return r;
}

static void
lab_server_open_configuration(struct lab_server *s, xmlNodePtr rpc, FILE *f)
{
	char err[512], msg[1024], txt[64];
	struct lab_cfgdb_state st;
	xmlDocPtr k = NULL;

	if (lab_server_text(rpc, txt, sizeof(txt)) != NULL && txt[0] != '\0') {
		lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL, txt,
				     "syntax error, expecting <invoke-on>", NULL);
		return;
	}
	if (lab_cfgsyntax_child(rpc, "private") == NULL) {
		xmlNodePtr what = lab_server_first_elem(rpc);
		lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL,
				     what ? lab_server_lname(what) : NULL,
				     what ? "this lab device supports only private configuration databases"
					  : "syntax error, expecting <private/>",
				     NULL);
		return;
	}
	if (lab_server_private(s)) {
		fputs("<ok/>\n", f);
		return;
	}
	if (lab_cfgdb_begin(s->db, err, sizeof(err)) != 0) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err, NULL);
		return;
	}
	lab_cfgdb_state_read(s->db, &st);
	if (lab_cfgdb_locked_by_other(s->db, &st, msg, sizeof(msg))) {
		lab_server_rpc_error(f, "protocol", "lock-denied", "error", NULL, NULL, msg, NULL);
	} else if (st.cand_pid != s->db->pid && lab_cfgdb_candidate_modified(s->db)) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL,
				     "shared configuration database modified", NULL);
	} else if (lab_cfgdb_read(s->db, LAB_CFGDB_COMMITTED, 0, &k, err, sizeof(err)) != 0) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err, NULL);
	} else {
		s->priv = k;
		s->priv_base = lab_server_dump_doc(k);
		k = NULL;
		fputs("<ok/>\n", f);
	}
	lab_cfgdb_end(s->db);
	xmlFreeDoc(k);
}

static void
lab_server_close_private(struct lab_server *s)
{
	xmlFreeDoc(s->priv);
	s->priv = NULL;
	free(s->priv_base);
	s->priv_base = NULL;
}

/* ------------------------------------------------------------------ load */

static void
lab_server_load(struct lab_server *s, xmlNodePtr rpc, FILE *f)
{
	char action[32] = "merge", fmt[32] = "xml", rbs[32], err[512], msg[1024];
	struct lab_cfgerrs errs = { 0 };
	struct lab_cfgsyntax_ctx ctx = { 0 };
	struct lab_cfgdb_state st;
	xmlDocPtr cand = NULL, edit = NULL;
	xmlNodePtr eroot;
	xmlNodePtr xconf = lab_cfgsyntax_child(rpc, "configuration");
	xmlNodePtr xtext = lab_cfgsyntax_child(rpc, "configuration-text");
	xmlNodePtr xset = lab_cfgsyntax_child(rpc, "configuration-set");
	bool have_rb = lab_server_attr(rpc, "rollback", rbs, sizeof(rbs)) != NULL;

	lab_server_attr(rpc, "action", action, sizeof(action));
	lab_server_attr(rpc, "format", fmt, sizeof(fmt));
	fputs("<load-configuration-results>\n", f);
	if (lab_cfgdb_begin(s->db, err, sizeof(err)) != 0) {
		lab_cfgsyntax_err(&errs, false, NULL, NULL, "%s", err);
		goto report;
	}
	lab_cfgdb_state_read(s->db, &st);
	if (!lab_server_private(s) && lab_cfgdb_locked_by_other(s->db, &st, msg, sizeof(msg))) {
		lab_cfgsyntax_err(&errs, false, NULL, NULL, "%s", msg);
		goto report;
	}
	if (lab_server_candidate(s, &cand, err, sizeof(err)) != 0) {
		lab_cfgsyntax_err(&errs, false, NULL, NULL, "%s", err);
		goto report;
	}
	lab_cfgsyntax_learn(&ctx, xmlDocGetRootElement(cand));
	if (have_rb) {
		xmlDocPtr r = NULL;
		if (lab_cfgdb_read(s->db, LAB_CFGDB_ROLLBACK, atoi(rbs), &r, err, sizeof(err)) != 0) {
			lab_cfgsyntax_err(&errs, false, NULL, "rollback", "%s", err);
			goto report;
		}
		xmlFreeDoc(cand);
		cand = r;
	} else if (lab_cfgsyntax_child(rpc, "url") != NULL || lab_server_attr(rpc, "url", rbs, sizeof(rbs))) {
		lab_cfgsyntax_err(&errs, false, NULL, "url", "this lab device loads no URL");
		goto report;
	} else if (strcmp(action, "set") == 0 || xset != NULL) {
		char *lines;
		if (xset == NULL) {
			lab_cfgsyntax_err(&errs, false, NULL, "configuration-set",
					  "syntax error, expecting <configuration-set>");
			goto report;
		}
		lines = (char *)xmlNodeGetContent(xset);
		lab_cfgsyntax_apply_set(&ctx, lines ? lines : "", xmlDocGetRootElement(cand), &errs);
		xmlFree(lines);
	} else {
		bool replace = strcmp(action, "replace") == 0;
		bool override = strcmp(action, "override") == 0 || strcmp(action, "update") == 0;
		if (!replace && !override && strcmp(action, "merge") != 0) {
			lab_cfgsyntax_err(&errs, false, NULL, action, "syntax error: action %s", action);
			goto report;
		}
		edit = xmlNewDoc((const xmlChar *)"1.0");
		eroot = xmlNewDocNode(edit, NULL, (const xmlChar *)"configuration", NULL);
		xmlDocSetRootElement(edit, eroot);
		if (strcmp(fmt, "text") == 0 || (xtext != NULL && xconf == NULL)) {
			char *text;
			if (xtext == NULL) {
				lab_cfgsyntax_err(&errs, false, NULL, "configuration-text",
						  "syntax error, expecting <configuration-text>");
				goto report;
			}
			text = (char *)xmlNodeGetContent(xtext);
			lab_cfgsyntax_parse_text(&ctx, text ? text : "", eroot, &errs);
			xmlFree(text);
		} else if (strcmp(fmt, "xml") == 0) {
			if (xconf == NULL) {
				lab_cfgsyntax_err(&errs, false, NULL, "configuration",
						  "syntax error, expecting <configuration>");
				goto report;
			}
			for (xmlNodePtr c = xconf->children; c != NULL; c = c->next)
				xmlAddChild(eroot, xmlDocCopyNode(c, edit, 1));
			lab_cfgsyntax_normalise(eroot);
			/* elements in the xnm namespace are the same statements */
			for (xmlNodePtr c = eroot; c != NULL;) {
				xmlSetNs(c, NULL);
				if (c->children != NULL && c->type == XML_ELEMENT_NODE)
					c = c->children;
				else {
					while (c != NULL && c->next == NULL && c != eroot)
						c = c->parent;
					c = (c == NULL || c == eroot) ? NULL : c->next;
				}
			}
			lab_cfgsyntax_check(&ctx, eroot, &errs);
		} else {
			lab_cfgsyntax_err(&errs, false, NULL, fmt, "syntax error: format %s", fmt);
			goto report;
		}
		if (lab_cfgsyntax_nerrors(&errs) == 0) {
			if (override) {
				xmlDocPtr nd = xmlNewDoc((const xmlChar *)"1.0");
				xmlNodePtr nr = xmlNewDocNode(nd, NULL, (const xmlChar *)"configuration", NULL);
				xmlDocSetRootElement(nd, nr);
				lab_cfgsyntax_merge(nr, eroot, true, &errs);
				xmlFreeDoc(cand);
				cand = nd;
			} else {
				lab_cfgsyntax_merge(xmlDocGetRootElement(cand), eroot, replace, &errs);
			}
		}
	}
	if (lab_cfgsyntax_nerrors(&errs) != 0)
		goto report;
	if (lab_server_private(s)) {
		xmlFreeDoc(s->priv);
		s->priv = cand;
		cand = NULL;
	} else if (lab_cfgdb_write_candidate(s->db, cand, err, sizeof(err)) != 0) {
		lab_cfgsyntax_err(&errs, false, NULL, NULL, "%s", err);
	}
report:
	lab_cfgdb_end(s->db);
	lab_server_errs(f, &errs, "protocol", "operation-failed");
	if (lab_cfgsyntax_nerrors(&errs) != 0)
		fprintf(f, "<load-error-count>%zu</load-error-count>\n", lab_cfgsyntax_nerrors(&errs));
	else
		fputs("<ok/>\n", f);
	fputs("</load-configuration-results>\n", f);
	lab_cfgsyntax_errs_clear(&errs);
	lab_cfgsyntax_ctx_clear(&ctx);
	xmlFreeDoc(cand);
	xmlFreeDoc(edit);
}

/* ------------------------------------------------------------------ commit */

static void
lab_server_commit(struct lab_server *s, xmlNodePtr rpc, bool netconf, FILE *f)
{
	struct lab_cfgdb_commit o = { .via = netconf ? "netconf" : "junoscript" };
	struct lab_cfgerrs errs = { 0 };
	char buf[512], err[512], logbuf[512];
	xmlDocPtr cand = NULL;
	xmlNodePtr t;
	bool firewall = false;
	int rc = -1;

	o.check = !netconf && lab_cfgsyntax_child(rpc, "check") != NULL;
	if (netconf && strcmp(lab_server_lname(rpc), "validate") == 0)
		o.check = true;
	o.confirmed = lab_cfgsyntax_child(rpc, "confirmed") != NULL;
	o.confirm_s = netconf ? 600 : 600;
	if ((t = lab_cfgsyntax_child(rpc, "confirm-timeout")) != NULL) {
		long v = atol(lab_server_text(t, buf, sizeof(buf)));
		if (v <= 0 || v > (netconf ? 4294967295L : 65535L)) {
			lab_server_rpc_error(f, "protocol", "invalid-value", "error", NULL, buf,
					     netconf ? "confirm-timeout: invalid value"
						     : "confirm-timeout: Value must be a number from 1 to 65535",
					     NULL);
			return;
		}
		/* Junos: minutes; NETCONF <commit>: seconds */
		o.confirm_s = netconf ? (unsigned)v : (unsigned)v * 60;
	}
	if ((t = lab_cfgsyntax_child(rpc, "log")) != NULL)
		o.log = lab_server_text(t, logbuf, sizeof(logbuf));
	{
		char **names = NULL, **roles = NULL, **rels = NULL;
		size_t n = 0;
		if (lab_world_devices(s->dir, &names, &roles, &rels, &n) == 0) {
			for (size_t i = 0; i < n; i++)
				if (strcmp(names[i], s->device) == 0)
					firewall = strcmp(roles[i], "firewall") == 0;
			lab_world_devices_free(names, roles, rels, n);
		}
	}
	if (lab_cfgdb_begin(s->db, err, sizeof(err)) != 0) {
		lab_cfgsyntax_err(&errs, false, NULL, NULL, "%s", err);
		goto report;
	}
	if (lab_server_private(s)) {
		xmlDocPtr k = NULL;
		char *now = NULL;
		if (lab_cfgdb_read(s->db, LAB_CFGDB_COMMITTED, 0, &k, err, sizeof(err)) == 0)
			now = lab_server_dump_doc(k);
		xmlFreeDoc(k);
		if (now == NULL || s->priv_base == NULL || strcmp(now, s->priv_base) != 0) {
			lab_cfgsyntax_err(&errs, false, NULL, NULL,
					  "configuration database modified: the committed configuration "
					  "changed since this private session opened");
			free(now);
			goto report;
		}
		free(now);
	}
	if (lab_server_candidate(s, &cand, err, sizeof(err)) != 0) {
		lab_cfgsyntax_err(&errs, false, NULL, NULL, "%s", err);
		goto report;
	}
	rc = lab_cfgdb_commit(s->db, cand, lab_server_private(s), &o, &errs);
	if (rc == 0 && lab_server_private(s) && !o.check) {
		free(s->priv_base);
		s->priv_base = lab_server_dump_doc(cand);
	}
report:
	lab_cfgdb_end(s->db);
	xmlFreeDoc(cand);
	if (netconf) {
		if (rc == 0)
			fputs("<ok/>\n", f);
		else
			lab_server_errs(f, &errs, "application", "operation-failed");
		lab_cfgsyntax_errs_clear(&errs);
		return;
	}
	fputs("<commit-results>\n", f);
	if (rc == 0) {
		const char *const fw[] = { "node0", "node1" }, *const re[] = { "re0" };
		const char *const *names = firewall ? fw : re;
		size_t n = firewall ? 2 : 1;
		for (size_t i = 0; i < n; i++) {
			fprintf(f, "<routing-engine junos:style=\"%s\">\n<name>%s</name>\n",
				firewall ? "show-name" : "normal", names[i]);
			if (o.check) {
				fputs("<commit-check-success/>\n", f);
			} else {
				if (o.confirmed)
					fprintf(f, "<output>\ncommit confirmed will be automatically rolled back in %u minutes unless confirmed\n</output>\n",
						(o.confirm_s + 59) / 60);
				fputs("<commit-success/>\n", f);
			}
			fputs("</routing-engine>\n", f);
		}
	} else {
		lab_server_errs(f, &errs, "application", "invalid-value");
	}
	fputs("</commit-results>\n", f);
	lab_cfgsyntax_errs_clear(&errs);
}

static void
lab_server_discard(struct lab_server *s, FILE *f)
{
	char err[512], msg[1024];
	struct lab_cfgdb_state st;

	if (lab_cfgdb_begin(s->db, err, sizeof(err)) != 0) {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err, NULL);
		return;
	}
	if (lab_server_private(s)) {
		xmlDocPtr k = NULL;
		if (lab_cfgdb_read(s->db, LAB_CFGDB_COMMITTED, 0, &k, err, sizeof(err)) == 0) {
			xmlFreeDoc(s->priv);
			s->priv = k;
			free(s->priv_base);
			s->priv_base = lab_server_dump_doc(k);
			fputs("<ok/>\n", f);
		} else {
			lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, err,
					     NULL);
		}
	} else {
		lab_cfgdb_state_read(s->db, &st);
		if (lab_cfgdb_locked_by_other(s->db, &st, msg, sizeof(msg)))
			lab_server_rpc_error(f, "protocol", "lock-denied", "error", NULL, NULL, msg, NULL);
		else if (lab_cfgdb_discard(s->db) != 0)
			lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL,
					     "cannot discard the candidate", NULL);
		else
			fputs("<ok/>\n", f);
	}
	lab_cfgdb_end(s->db);
}

static void
lab_server_kill_session(struct lab_server *s, xmlNodePtr rpc, FILE *f)
{
	char buf[64], err[256];
	long sid;

	if (lab_server_text(lab_cfgsyntax_child(rpc, "session-id"), buf, sizeof(buf)) == NULL) {
		lab_server_rpc_error(f, "protocol", "missing-element", "error", NULL, "session-id",
				     "syntax error, expecting <session-id>", NULL);
		return;
	}
	sid = atol(buf);
	if (sid == s->db->pid) {
		lab_server_rpc_error(f, "protocol", "invalid-value", "error", NULL, buf,
				     "cannot kill own session", NULL);
		return;
	}
	if (!lab_cfgdb_session_exists(s->db, sid)) {
		lab_server_rpc_error(f, "protocol", "invalid-value", "error", NULL, buf,
				     "session does not exist", NULL);
		return;
	}
	kill((pid_t)sid, SIGTERM);
	for (int i = 0; i < 100 && kill((pid_t)sid, 0) == 0; i++)
		usleep(10000);
	/* its lock and uncommitted changes go now, not at the next access */
	if (lab_cfgdb_begin(s->db, err, sizeof(err)) == 0)
		lab_cfgdb_end(s->db);
	fputs("<ok/>\n", f);
}

/* ------------------------------------------------------------------ dispatch */

/*
 * A whole reply: head (the <rpc-reply> start tag already written), the
 * content of the <rpc-reply> recorded in path without a <cli> trailer,
 * and the end tag, in one buffer (caller frees) so that the reply goes
 * out in one write.  0, or -1 with why set.
 */
static int
lab_server_replay(const char *head, size_t hlen, const char *path, char **out, size_t *outlen,
		  const char **why)
{
	static const char tail[] = "</rpc-reply>\n";
	char *rec = lab_slurp(path), *start, *end, *cli, *buf;
	size_t blen;
	int rc = -1;

	*why = "cannot read the recorded reply";
	if (rec == NULL)
		return -1;
	start = strstr(rec, "<rpc-reply");
	start = start ? strchr(start, '>') : NULL;
	end = start ? strstr(start, "</rpc-reply>") : NULL;
	if (end == NULL) {
		*why = "the recorded reply holds no rpc-reply";
		goto cleanup;
	}
	start++;
	if ((cli = strstr(start, "<cli>")) != NULL && cli < end)
		end = cli;
	blen = (size_t)(end - start);
	if ((buf = malloc(hlen + blen + sizeof(tail))) == NULL)
		goto cleanup;
	memcpy(buf, head, hlen);
	memcpy(buf + hlen, start, blen);
	memcpy(buf + hlen + blen, tail, sizeof(tail));
	*outlen = hlen + blen + sizeof(tail) - 1;
	*out = buf;
	rc = 0;
cleanup:
	free(rec);
	return rc;
}

/* Answer rpc (the element inside <rpc>) into f. */
static void
lab_server_dispatch(struct lab_server *s, xmlNodePtr op, FILE *f)
{
	const char *name = lab_server_lname(op);
	char err[512];
	int rc;

	if (strcmp(name, "get-configuration") == 0) {
		lab_server_get_configuration(s, op, false, f);
	} else if (strcmp(name, "get-config") == 0) {
		lab_server_get_configuration(s, op, true, f);
	} else if (strcmp(name, "lock-configuration") == 0 || strcmp(name, "lock") == 0) {
		lab_server_lock(s, true, name[4] == '\0', op, f);
	} else if (strcmp(name, "unlock-configuration") == 0 || strcmp(name, "unlock") == 0) {
		lab_server_lock(s, false, name[6] == '\0', op, f);
	} else if (strcmp(name, "open-configuration") == 0) {
		lab_server_open_configuration(s, op, f);
	} else if (strcmp(name, "close-configuration") == 0) {
		lab_server_close_private(s);
		fputs("<ok/>\n", f);
	} else if (strcmp(name, "load-configuration") == 0) {
		lab_server_load(s, op, f);
	} else if (strcmp(name, "commit-configuration") == 0) {
		lab_server_commit(s, op, false, f);
	} else if (strcmp(name, "commit") == 0 || strcmp(name, "validate") == 0) {
		lab_server_commit(s, op, true, f);
	} else if (strcmp(name, "discard-changes") == 0) {
		lab_server_discard(s, f);
	} else if (strcmp(name, "close-session") == 0) {
		fputs("<ok/>\n", f);
		s->closing = true;
	} else if (strcmp(name, "kill-session") == 0) {
		lab_server_kill_session(s, op, f);
	} else {
		err[0] = '\0';
		rc = lab_oper_rpc(s->dir, s->device, s->release, op, f, err, sizeof(err));
		if (rc == 1)
			lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL, name,
					     "syntax error", NULL);
		else if (rc < 0)
			lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL,
					     err[0] ? err : "operational command failed", NULL);
	}
}

/* Echo the attributes of <rpc> (message-id and any other) onto the reply. */
static void
lab_server_echo_attrs(FILE *f, xmlNodePtr rpc)
{
	for (xmlAttrPtr a = rpc->properties; a != NULL; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		if (a->ns != NULL && a->ns->prefix != NULL) {
			fprintf(f, " xmlns:%s=\"", (const char *)a->ns->prefix);
			eg_xml_escape_fputs(f, (const char *)a->ns->href, 1);
			fprintf(f, "\" %s:", (const char *)a->ns->prefix);
		} else {
			fputc(' ', f);
		}
		fprintf(f, "%s=\"", (const char *)a->name);
		eg_xml_escape_fputs(f, (const char *)v, 1);
		fputc('"', f);
		xmlFree(v);
	}
}

static int
lab_server_send(struct lab_server *s, const char *msg, size_t len, size_t limit)
{
	char err[256];

	if (lab_framing_write(&s->fr, msg, len, limit, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", s->device, err);
		return -1;
	}
	return 0;
}

static void
lab_server_sleep(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Handle one message; returns 0 to go on, 1 to end the session. */
static int
lab_server_message(struct lab_server *s, const char *msg, size_t len)
{
	xmlDocPtr d = xmlReadMemory(msg, (int)len, "rpc.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr rpc = d ? xmlDocGetRootElement(d) : NULL, op;
	char *reply = NULL, *body = NULL;
	size_t rlen = 0, blen = 0;
	struct lab_fault_hit hit;
	FILE *f = NULL, *b = NULL;
	int rc = 0;

	if ((f = open_memstream(&reply, &rlen)) == NULL || (b = open_memstream(&body, &blen)) == NULL) {
		rc = 1;
		goto cleanup;
	}
	fprintf(f, "<rpc-reply xmlns=\"" LAB_SERVER_NC_NS "\" xmlns:junos=\"http://xml.juniper.net/junos/%s/junos\"",
		s->release);
	if (rpc == NULL) {
		fputs(">\n", f);
		lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL, NULL,
				     "XML parse error: the request is not well-formed", NULL);
		fputs("</rpc-reply>\n", f);
		lab_fault_lookup(s->dir, s->device, NULL, &hit);
		goto send;
	}
	if (strcmp(lab_server_lname(rpc), "hello") == 0) {
		rc = 0;		/* a second hello is ignored */
		fclose(f);
		f = NULL;
		goto cleanup;
	}
	lab_server_echo_attrs(f, rpc);
	fputs(">\n", f);
	op = strcmp(lab_server_lname(rpc), "rpc") == 0 ? lab_server_first_elem(rpc) : NULL;
	if (op != NULL) {
		const char *kids[16];
		char key[512];
		size_t nk = 0;
		for (xmlNodePtr c = op->children; c != NULL && nk < 16; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				kids[nk++] = lab_server_lname(c);
		lab_fault_rpc_key(lab_server_lname(op), kids, nk, key, sizeof(key));
		lab_fault_lookup(s->dir, s->device, key, &hit);
	} else {
		lab_fault_lookup(s->dir, s->device, NULL, &hit);
	}
	if (op == NULL) {
		lab_server_rpc_error(f, "protocol", "operation-failed", "error", NULL,
				     strcmp(lab_server_lname(rpc), "rpc") == 0 ? "rpc" : lab_server_lname(rpc),
				     "syntax error", NULL);
	} else if (hit.error[0] != '\0') {
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, hit.error,
				     NULL);
	} else if (hit.replay[0] != '\0') {
		char *whole = NULL;
		size_t wlen = 0;
		const char *why = NULL;
		fflush(f);
		if (lab_server_replay(reply, rlen, hit.replay, &whole, &wlen, &why) == 0) {
			fclose(f);
			f = NULL;
			free(reply);
			reply = whole;
			rlen = wlen;
			goto framed;
		}
		lab_server_rpc_error(f, "application", "operation-failed", "error", NULL, NULL, why, NULL);
	} else {
		lab_server_dispatch(s, op, b);
		fflush(b);
		fwrite(body, 1, blen, f);
		rc = s->closing ? 1 : 0;
	}
	fputs("</rpc-reply>\n", f);
send:
	fclose(f);
	f = NULL;
framed:
	if (hit.delay_s > 0)
		lab_server_sleep(hit.delay_s);
	if (hit.malformed) {
		/* an end tag that does not match: the reply is not well-formed */
		char *mid = strstr(reply + rlen / 2, "</");
		if (mid == NULL)
			mid = strstr(reply, "</");
		if (mid != NULL) {
			size_t off = (size_t)(mid - reply);
			char *nr = malloc(rlen + 16);
			if (nr != NULL) {
				memcpy(nr, reply, off);
				memcpy(nr + off, "</broken", 8);
				memcpy(nr + off + 8, reply + off + 2, rlen - off - 2);
				rlen = rlen + 6;
				free(reply);
				reply = nr;
			}
		}
	} else if (hit.truncate) {
		rlen /= 2;
	}
	if (lab_server_send(s, reply, rlen, hit.drop_after >= 0 ? (size_t)hit.drop_after : (size_t)-1) != 0 ||
	    hit.drop_after >= 0)
		rc = 1;
cleanup:
	if (f != NULL)
		fclose(f);
	if (b != NULL)
		fclose(b);
	free(reply);
	free(body);
	xmlFreeDoc(d);
	return rc;
}

/* ------------------------------------------------------------------ hello */

static void
lab_server_conf(struct lab_server *s, int *idle_s)
{
	char path[4200], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/lab.conf", s->dir);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "chunked=", 8) == 0)
			s->offer_11 = atoi(line + 8) != 0;
		else if (strncmp(line, "idle-timeout=", 13) == 0 && atoi(line + 13) > 0)
			*idle_s = atoi(line + 13);
		else if (strncmp(line, "release=", 8) == 0 && line[8] != '\n' && line[8] != '\0')
			snprintf(s->release, sizeof(s->release), "%.*s", (int)strcspn(line + 8, "\n"), line + 8);
	}
	fclose(f);
}

static int
lab_server_hello(struct lab_server *s)
{
	static const char *const caps[] = {
		"urn:ietf:params:netconf:base:1.0",
		"urn:ietf:params:netconf:capability:candidate:1.0",
		"urn:ietf:params:netconf:capability:confirmed-commit:1.0",
		"urn:ietf:params:netconf:capability:validate:1.0",
		"urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file",
		"urn:ietf:params:xml:ns:netconf:base:1.0",
		"urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
		"urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
		"urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
		"urn:ietf:params:xml:ns:netconf:capability:url:1.0?protocol=http,ftp,file",
		"urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring",
		"http://xml.juniper.net/netconf/junos/1.0",
		"http://xml.juniper.net/dmi/system/1.0",
		NULL
	};
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);
	int rc;

	if (f == NULL)
		return -1;
	fprintf(f, "<!-- No zombies were killed during the creation of this user interface -->\n"
		   "<!-- user %s, class j-super-user -->\n"
		   "<hello xmlns=\"" LAB_SERVER_NC_NS "\">\n  <capabilities>\n", s->user);
	for (size_t i = 0; caps[i] != NULL; i++) {
		fprintf(f, "    <capability>%s</capability>\n", caps[i]);
		if (i == 0 && s->offer_11)
			fputs("    <capability>urn:ietf:params:netconf:base:1.1</capability>\n", f);
	}
	fprintf(f, "  </capabilities>\n  <session-id>%ld</session-id>\n</hello>\n", (long)getpid());
	fclose(f);
	rc = lab_server_send(s, msg, len, (size_t)-1);
	free(msg);
	return rc;
}

/* Read the client's hello; 0 ok, -1 bad or none. */
static int
lab_server_client_hello(struct lab_server *s)
{
	char *msg = NULL, err[256];
	size_t len = 0;
	xmlDocPtr d;
	xmlNodePtr h;
	bool has10 = false, has11 = false;
	int rc = lab_framing_read(&s->fr, &msg, &len, err, sizeof(err));

	if (rc != 0) {
		if (rc < 0)
			fprintf(stderr, "%s: no hello from the client: %s\n", s->device, err);
		return -1;
	}
	d = xmlReadMemory(msg, (int)len, "hello.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
								    XML_PARSE_NOWARNING);
	free(msg);
	h = d ? xmlDocGetRootElement(d) : NULL;
	if (h == NULL || strcmp(lab_server_lname(h), "hello") != 0) {
		fprintf(stderr, "%s: the client's first message is not a hello\n", s->device);
		xmlFreeDoc(d);
		return -1;
	}
	for (xmlNodePtr c = lab_cfgsyntax_child(h, "capabilities") ? lab_cfgsyntax_child(h, "capabilities")->children : NULL;
	     c != NULL; c = c->next) {
		char buf[256];
		if (c->type != XML_ELEMENT_NODE || lab_server_text(c, buf, sizeof(buf)) == NULL)
			continue;
		has10 |= strcmp(buf, "urn:ietf:params:netconf:base:1.0") == 0;
		has11 |= strcmp(buf, "urn:ietf:params:netconf:base:1.1") == 0;
	}
	xmlFreeDoc(d);
	if (!has10 && !has11) {
		fprintf(stderr, "%s: the client's hello offers no base capability\n", s->device);
		return -1;
	}
	if (s->offer_11 && has11)
		s->fr.chunked = true;
	return 0;
}

static void
lab_server_user(char *buf, size_t size)
{
	struct passwd *pw = getpwuid(geteuid());

	snprintf(buf, size, "%s", pw ? pw->pw_name : (getenv("USER") ? getenv("USER") : "root"));
}

int
lab_server_run(const char *dir, const char *device, int in, int out)
{
	struct lab_server s = { .dir = dir, .device = device };
	char **names = NULL, **roles = NULL, **rels = NULL, err[512];
	size_t n = 0;
	int idle_s = LAB_SERVER_IDLE_S, status = 1;
	bool found = false;

	signal(SIGPIPE, SIG_IGN);
	lab_server_user(s.user, sizeof(s.user));
	if (lab_world_devices(dir, &names, &roles, &rels, &n) != 0) {
		fprintf(stderr, "%s: no lab world in %s\n", device, dir);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], device) == 0) {
			snprintf(s.release, sizeof(s.release), "%s", rels[i]);
			found = true;
		}
	}
	lab_world_devices_free(names, roles, rels, n);
	if (!found) {
		fprintf(stderr, "%s: no such device in the lab %s\n", device, dir);
		return 1;
	}
	/* lab.conf (--chunked, --idle-timeout, --release) comes after the world's release */
	lab_server_conf(&s, &idle_s);
	if (lab_cfgdb_open(dir, device, s.user, &s.db, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	lab_cfgdb_session_add(s.db);
	lab_framing_init(&s.fr, in, out, idle_s * 1000);
	if (lab_server_hello(&s) != 0 || lab_server_client_hello(&s) != 0)
		goto cleanup;
	for (;;) {
		char *msg = NULL;
		size_t len = 0;
		int rc = lab_framing_read(&s.fr, &msg, &len, err, sizeof(err));
		if (rc == 1) {
			status = 0;
			break;
		}
		if (rc < 0) {
			fprintf(stderr, "%s: %s\n", device, err);
			break;
		}
		rc = lab_server_message(&s, msg, len);
		free(msg);
		if (rc != 0) {
			status = 0;
			break;
		}
	}
cleanup:
	lab_cfgdb_session_end(s.db);
	lab_server_close_private(&s);
	lab_cfgdb_free(s.db);
	lab_framing_clear(&s.fr);
	return status;
}
