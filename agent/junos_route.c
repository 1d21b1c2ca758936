/*
 * junos_route.c - <route-information> replies: a routing table, what is
 * advertised to a BGP peer and what is received from one.
 *
 * Only the table the query asks for is read (with none asked for, the
 * first); each rt-entry becomes one path with its AS path (cut at its
 * origin code), communities (sorted), local-preference, MED, protocol,
 * learned-from and the selected next hop (else the first).  A reply that
 * holds routes of another table only fails; the table kept is sorted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "junos_int.h"

/* ------------------------------------------------------------ routes */

static void
jroute_entry_start(struct js *s)
{
	memset(&s->ent, 0, sizeof(s->ent));
}

static void
jroute_entry_end(struct js *s)
{
	struct eg_rib *rib = s->o->u.rib;
	struct js_entry *en = &s->ent;
	char norm[512];

	if (!s->table_ok || rib == NULL)
		return;
	if (eg_prefix_parse2(s->rt_dest, s->rt_len[0] ? s->rt_len : NULL, &en->p.prefix) != EG_OK)
		return;
	if (en->have_aspath || en->aspath_eff[0] != '\0') {
		/* <as-path> when given; the effective path of newer releases otherwise */
		eg_aspath_normalise(en->have_aspath ? en->aspath : en->aspath_eff, norm, sizeof(norm));
		en->p.as_path = eg_strpool_intern(rib->pool, norm, strlen(norm));
	}
	if (en->comm[0] != '\0')
		en->p.communities = eg_strpool_intern(rib->pool, en->comm, strlen(en->comm));
	if (en->nh_via[0] != '\0')
		en->p.via = eg_strpool_intern(rib->pool, en->nh_via, strlen(en->nh_via));
	if (en->nh_to[0] != '\0') {
		if (strcasecmp(en->nh_to, "Self") == 0)
			en->p.flags |= EG_PATH_NH_SELF;
		else
			eg_addr_parse(en->nh_to, &en->p.nexthop);
	}
	eg_rib_add(rib, &en->p);
}

/*
 * Detail and extensive output may go on after the path inside <as-path>:
 * "AS path: 1299 13335 I\n Aggregator: 13335 141.101.72.1\n AS path:
 * Recorded".  Keep the path up to its origin code (I, E or ?), or up to
 * the next "Label:" when the origin is missing, so that the same path
 * compares equal whatever else the release prints beside it.
 */
static void
jroute_aspath_cut(char *a)
{
	char *p = a;

	while (JS_XML_SPACE(*p))
		p++;
	if (strncasecmp(p, "AS path:", 8) == 0)
		p += 8;
	for (;;) {
		char *tok;
		size_t n;

		while (JS_XML_SPACE(*p))
			p++;
		if (*p == '\0')
			return;
		tok = p;
		while (*p != '\0' && !JS_XML_SPACE(*p))
			p++;
		n = (size_t)(p - tok);
		if (n > 1 && tok[n - 1] == ':') {
			*tok = '\0';
			return;
		}
		if (n == 1 && (*tok == 'I' || *tok == 'E' || *tok == '?')) {
			*p = '\0';
			return;
		}
	}
}

/* Insert a community into the sorted, space-separated list. */
static void
jroute_comm_add(struct js_entry *en, const char *c)
{
	char tmp[1024], *tok, *save = NULL;
	char *parts[64];
	size_t n = 0, i;

	if (*c == '\0')
		return;
	js_copy(tmp, sizeof(tmp), en->comm);
	for (tok = strtok_r(tmp, " ", &save); tok && n < 63; tok = strtok_r(NULL, " ", &save))
		parts[n++] = tok;
	parts[n++] = (char *)c;
	for (i = 1; i < n; i++) {
		char *v = parts[i];
		size_t j = i;
		while (j > 0 && strcmp(parts[j - 1], v) > 0) {
			parts[j] = parts[j - 1];
			j--;
		}
		parts[j] = v;
	}
	{
		char out[1024] = "";
		size_t o = 0;
		for (i = 0; i < n; i++)
			o += (size_t)snprintf(out + o, o < sizeof(out) ? sizeof(out) - o : 0, "%s%s",
					      i ? " " : "", parts[i]);
		js_copy(en->comm, sizeof(en->comm), out);
	}
}

static void
jroute_start(struct js *s, const char *name)
{
	if (s->cur == T_ROUTE_TABLE) {
		s->table_ok = false;
	} else if (s->cur == T_RT) {
		s->rt_dest[0] = s->rt_len[0] = '\0';
	} else if (s->cur == T_RT_ENTRY) {
		jroute_entry_start(s);
	} else if ((s->cur == T_NH) && (s->inside[T_RT_ENTRY] > 0)) {
		s->ent.nh_sel = false;
		s->ent.cur_to[0] = s->ent.cur_via[0] = '\0';
	} else if (s->cur == T_SELECTED_NEXT_HOP) {
		s->ent.nh_sel = true;
	} else if ((s->cur == T_CURRENT_ACTIVE) && (s->inside[T_RT_ENTRY] > 0)) {
		s->ent.p.flags |= EG_PATH_ACTIVE;
	}
}

static void
jroute_end(struct js *s, const char *name, const char *t)
{
	struct js_entry *en = &s->ent;

	if ((s->cur == T_TABLE_NAME) && js_at(s, 2, T_ROUTE_TABLE, T_TABLE_NAME)) {
		/*
		 * The table asked for (a bare instance name also matches its
		 * first table, as "| display xml rpc" may echo <table>VR1</table>);
		 * with none asked for, the first table only.
		 */
		if (s->o->q.table != NULL)
			s->table_ok = strcmp(t, s->o->q.table) == 0 ||
				      (!s->table_seen && strchr(s->o->q.table, '.') == NULL);
		else
			s->table_ok = !s->table_seen;
		if (s->table_ok) {
			s->table_seen = true;
			if (s->o->u.rib->table == NULL)
				js_str_set(s, &s->o->u.rib->table, t);
		} else if (s->other_table[0] == '\0') {
			js_copy(s->other_table, sizeof(s->other_table), t);
		}
		return;
	}
	if (!(s->inside[T_RT] > 0))
		return;
	if (!(s->inside[T_RT_ENTRY] > 0)) {
		if (s->cur == T_RT_DESTINATION)
			js_copy(s->rt_dest, sizeof(s->rt_dest), t);
		else if (s->cur == T_RT_PREFIX_LENGTH)
			js_copy(s->rt_len, sizeof(s->rt_len), t);
		return;
	}
	if ((s->inside[T_NH] > 0) && (js_tok(s, 1) == T_NH)) {
		/* kept when the nh ends: <selected-next-hop/> follows to/via in detail output */
		if (s->cur == T_TO)
			js_copy(en->cur_to, sizeof(en->cur_to), t);
		else if ((s->cur == T_VIA) ||
			 ((s->cur == T_NH_LOCAL_INTERFACE) && en->cur_via[0] == '\0'))
			js_copy(en->cur_via, sizeof(en->cur_via), t);
		return;
	}
	if (s->cur == T_NH) {
		/* the selected next hop, else the first one */
		if ((en->nh_sel && !en->nh_chosen) || !en->nh_seen) {
			js_copy(en->nh_to, sizeof(en->nh_to), en->cur_to);
			js_copy(en->nh_via, sizeof(en->nh_via), en->cur_via);
		}
		en->nh_seen = true;
		if (en->nh_sel)
			en->nh_chosen = true;
		return;
	}
	if ((s->cur == T_ATTR_VALUE) && js_tok(s, 1) == T_ATTR_AS_PATH_EFFECTIVE) {
		size_t n = strlen(en->aspath_eff);
		snprintf(en->aspath_eff + n, sizeof(en->aspath_eff) - n, "%s%s", n ? " " : "", t);
		return;
	}
	if (s->cur == T_ACTIVE_TAG) {
		if (strchr(t, '*') != NULL || strchr(t, '+') != NULL)
			en->p.flags |= EG_PATH_ACTIVE;
	} else if (s->cur == T_PROTOCOL_NAME) {
		en->p.proto = (uint8_t)eg_proto_parse(t);
	} else if (s->cur == T_LOCAL_PREFERENCE) {
		if (eg_parse_u32(t, &en->p.local_pref) == EG_OK)
			en->p.flags |= EG_PATH_HAS_LP;
	} else if (s->cur == T_MED) {
		if (eg_parse_u32(t, &en->p.med) == EG_OK)
			en->p.flags |= EG_PATH_HAS_MED;
	} else if (s->cur == T_LEARNED_FROM) {
		eg_addr_parse(t, &en->p.learned_from);
	} else if (s->cur == T_AS_PATH) {
		js_copy(en->aspath, sizeof(en->aspath), t);
		jroute_aspath_cut(en->aspath);
		en->have_aspath = true;
	} else if (s->cur == T_ASPATH_EFFECTIVE_STRING) {
		/* "AS path:" then the path in <attr-value>, or the whole path here */
		size_t n = strlen(en->aspath_eff);
		snprintf(en->aspath_eff + n, sizeof(en->aspath_eff) - n, "%s%s", n ? " " : "", t);
	} else if (s->cur == T_COMMUNITY) {
		jroute_comm_add(en, t);
	} else if (s->cur == T_RT_ENTRY) {
		jroute_entry_end(s);
	}
	/* In brief output a path's protocol-name may be absent: BGP is implied by as-path. */
	if ((s->cur != T_RT_ENTRY) && en->p.proto == EG_PROTO_OTHER &&
	    (en->have_aspath || en->aspath_eff[0] != '\0'))
		en->p.proto = EG_PROTO_BGP;
}

/*
 * A table was asked for and the reply holds another table, or routes but
 * none from that table: it answers another question, and an empty table
 * must not stand for the one asked.  Else name the table and sort it.
 */
static eg_err
jroute_finish(struct js *s)
{
	struct eg_obs *o = s->o;

	if (o->q.table != NULL && !s->table_seen && s->other_table[0] != '\0') {
		eg_obs_fail(o, EG_EPARSE, "%s: the reply holds table %s, not %s", s->where,
			    s->other_table, o->q.table);
		return o->status;
	}
	if (o->q.table != NULL && !s->table_seen && o->u.rib->npaths > 0) {
		eg_obs_fail(o, EG_EPARSE, "%s: the reply holds no table %s", s->where, o->q.table);
		return o->status;
	}
	if (o->u.rib->table == NULL && o->q.table != NULL)
		o->u.rib->table = eg_xstrdup(o->q.table);
	o->u.rib->absent = o->q.table != NULL && !s->table_seen;
	eg_rib_sort(o->u.rib);
	return EG_OK;
}

const struct eg_junos_parser eg_junos_route_parser = {
	.root = "route-information",
	.root_format = "",
	.start = jroute_start,
	.end = jroute_end,
	.finish = jroute_finish,
};
