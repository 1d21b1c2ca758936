/*
 * query.c - the query table, and the payload each kind of observation holds.
 *
 * Guarantees: every kind below EG_Q_NKINDS has exactly one row, in enum
 * order (eg_qdef(k)->... never fails for a kind); an observation's
 * payload is created, tested and freed only through its row, so no other
 * file needs to know which union member a kind fills.
 */
#include <stdlib.h>
#include <string.h>

#include "junos.h"
#include "query.h"

static const struct eg_qdef query_table[EG_Q_NKINDS] = {
	[EG_Q_CONFIG] = {
		.name = "config",
		.cli = "show configuration routing-instances {instance}",
		.fallback = "show configuration",
		/*
		 * The instance and the whole policy-options, where its policies and
		 * prefix-lists live; groups applied by apply-groups resolved in place
		 * (inherit), each inherited statement naming its group (groups).
		 */
		.rpc = "<get-configuration database=\"committed\" format=\"xml\" "
		       "inherit=\"inherit\" groups=\"groups\">"
		       "<configuration><routing-instances><instance><name>{instance}</name>"
		       "</instance></routing-instances><policy-options/></configuration>"
		       "</get-configuration>",
		.data = EG_QD_CONFIG,
		.parser = &eg_junos_config_parser,
	},
	[EG_Q_ROUTES] = {
		.name = "routes",
		.cli = "show route table {table}",
		.levels = true,
		.rpc = "<get-route-information><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
	},
	[EG_Q_ADVERTISED] = {
		.name = "advertised",
		.cli = "show route advertising-protocol bgp {peer} table {table}",
		.levels = true,
		/* advertised routes are asked with <neighbor>, received ones with <peer> */
		.rpc = "<get-route-information>"
		       "<advertising-protocol-name>bgp</advertising-protocol-name>"
		       "<neighbor>{peer}</neighbor><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
	},
	[EG_Q_RECEIVED] = {
		.name = "received",
		.cli = "show route receive-protocol bgp {peer} table {table}",
		.levels = true,
		.rpc = "<get-route-information>"
		       "<receive-protocol-name>bgp</receive-protocol-name>"
		       "<peer>{peer}</peer><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
	},
	[EG_Q_BGP_SUMMARY] = {
		.name = "bgp-summary",
		.cli = "show bgp summary instance {instance}",
		.fallback = "show bgp summary",
		/* <exact-instance>, so that Cust1 does not match Cust11 */
		.rpc = "<get-bgp-summary-information><exact-instance>{instance}</exact-instance>"
		       "</get-bgp-summary-information>",
		.data = EG_QD_BGP,
		.parser = &eg_junos_bgp_parser,
	},
	[EG_Q_BGP_NEIGHBOR] = {
		.name = "bgp-neighbor",
		.cli = "show bgp neighbor [{peer}] instance {instance}",
		.rpc = "<get-bgp-neighbor-information><exact-instance>{instance}"
		       "</exact-instance>[<neighbor-address>{peer}</neighbor-address>]"
		       "</get-bgp-neighbor-information>",
		.data = EG_QD_BGP,
		.parser = &eg_junos_bgp_parser,
	},
	[EG_Q_BFD] = {
		.name = "bfd",
		.cli = "show bfd session",
		.levels = true,
		.device_wide = true,
		.rpc = "<get-bfd-session-information>{level}</get-bfd-session-information>",
		.data = EG_QD_BFD,
		.parser = &eg_junos_bfd_parser,
	},
	[EG_Q_INSTANCE] = {
		.name = "instance",
		.cli = "show route instance {instance}",
		.cli_level = "detail",
		.rpc = "<get-instance-information><instance-name>{instance}</instance-name>"
		       "<detail/></get-instance-information>",
		.data = EG_QD_INSTANCES,
		.parser = &eg_junos_instance_parser,
	},
	[EG_Q_TRACEROUTE] = {
		.name = "traceroute",
		.cli = "traceroute {peer} routing-instance {instance}",
		.rpc = "<traceroute><host>{peer}</host><routing-instance>{instance}"
		       "</routing-instance><no-resolve/><wait>2</wait><ttl>30</ttl>"
		       "</traceroute>",
		.data = EG_QD_TRACE,
		.parser = &eg_junos_trace_parser,
	},
	/*
	 * The IPv6 twins: the same commands and RPCs on the instance's
	 * inet6.0 table, about the IPv6 peers; the table's name tells a saved
	 * command's family.
	 */
	[EG_Q_ROUTES6] = {
		.name = "routes6",
		.cli = "show route table {table}",
		.levels = true,
		.rpc = "<get-route-information><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
		.family = 6,
		.v4 = EG_Q_ROUTES,
	},
	[EG_Q_ADVERTISED6] = {
		.name = "advertised6",
		.cli = "show route advertising-protocol bgp {peer} table {table}",
		.levels = true,
		.rpc = "<get-route-information>"
		       "<advertising-protocol-name>bgp</advertising-protocol-name>"
		       "<neighbor>{peer}</neighbor><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
		.family = 6,
		.v4 = EG_Q_ADVERTISED,
	},
	[EG_Q_RECEIVED6] = {
		.name = "received6",
		.cli = "show route receive-protocol bgp {peer} table {table}",
		.levels = true,
		.rpc = "<get-route-information>"
		       "<receive-protocol-name>bgp</receive-protocol-name>"
		       "<peer>{peer}</peer><table>{table}</table>{level}"
		       "</get-route-information>",
		.data = EG_QD_RIB,
		.parser = &eg_junos_route_parser,
		.family = 6,
		.v4 = EG_Q_RECEIVED,
	},
};

const struct eg_qdef *
eg_qdef(enum eg_qkind k)
{
	return (unsigned)k < EG_Q_NKINDS ? &query_table[k] : NULL;
}

enum eg_qkind
eg_qkind_family(enum eg_qkind k, uint8_t family)
{
	int i;

	if (family != 6)
		return k;
	for (i = 0; i < EG_Q_NKINDS; i++)
		if (query_table[i].family == 6 && query_table[i].v4 == k)
			return (enum eg_qkind)i;
	return k;
}

uint8_t
eg_table_family(const char *table)
{
	const char *p;

	if (table == NULL)
		return 4;
	for (p = strstr(table, "inet6."); p != NULL; p = strstr(p + 1, "inet6."))
		if (p == table || p[-1] == '.')
			return 6;
	return 4;
}

const char *
eg_qkind_name(enum eg_qkind k)
{
	const struct eg_qdef *d = eg_qdef(k);

	return d != NULL ? d->name : "?";
}

/* ------------------------------------------------------------ commands */

#define QUERY_MAXTOK 16

/*
 * Split buf in place into at most max words; stops at "|" (the pipe and
 * what follows, "| display xml", name no query).
 */
static size_t
query_words(char *buf, char **w, size_t max, bool pipe)
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
query_optional(const char *w)
{
	size_t n = strlen(w);

	return n >= 2 && w[0] == '[' && w[n - 1] == ']';
}

char *
eg_query_command(const struct eg_query *q)
{
	const struct eg_qdef *def = eg_qdef(q->kind);
	char *tmpl, *w[QUERY_MAXTOK], peer[EG_ADDR_STRLEN], *s, *t;
	const char *level = NULL;
	size_t n, i;
	bool first = true;

	if (def == NULL)
		return NULL;
	eg_addr_fmt(&q->peer, peer);
	tmpl = eg_xstrdup(def->cli);
	n = query_words(tmpl, w, QUERY_MAXTOK, false);
	s = eg_xstrdup("");
	for (i = 0; i < n; i++) {
		const char *v = w[i];

		if (query_optional(w[i])) {
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
query_is_detail(const char *t)
{
	return strcmp(t, "detail") == 0 || strcmp(t, "extensive") == 0 ||
	       strcmp(t, "terse") == 0 || strcmp(t, "brief") == 0;
}

/* The fields a command names, pointing into its words. */
struct query_fields {
	const char *instance, *table, *peer;
};

/*
 * Match the words of a command (its output level already taken off)
 * against def's template; true with f filled when they fit.
 */
static bool
query_match(const struct eg_qdef *def, char *const *tok, size_t n, struct query_fields *f)
{
	char *tmpl, *w[QUERY_MAXTOK];
	size_t nw, i, j, opt = QUERY_MAXTOK;
	bool with_opt, ok = true;

	memset(f, 0, sizeof(*f));
	tmpl = eg_xstrdup(def->cli);
	nw = query_words(tmpl, w, QUERY_MAXTOK, false);
	for (i = 0; i < nw; i++) {
		if (query_optional(w[i])) {
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
	/* the IPv4 and IPv6 twins share a template: the table tells them apart */
	if (ok && f->table != NULL && eg_table_family(f->table) != (def->family == 6 ? 6 : 4))
		ok = false;
	return ok;
}

eg_err
eg_query_from_command(const char *cmd, struct eg_query *q)
{
	const struct eg_qdef *def = NULL;
	struct query_fields f;
	char *buf, *tok[QUERY_MAXTOK];
	const char *detail = NULL;
	size_t n;
	int k;
	eg_err err = EG_EPARSE;

	memset(q, 0, sizeof(*q));
	buf = eg_xstrdup(cmd);
	n = query_words(buf, tok, QUERY_MAXTOK, true);
	if (n > 0 && query_is_detail(tok[n - 1])) {
		detail = tok[n - 1];
		n--;
	}
	for (k = 0; k < EG_Q_NKINDS && def == NULL; k++) {
		if (query_match(eg_qdef((enum eg_qkind)k), tok, n, &f)) {
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
