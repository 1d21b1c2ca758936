/*
 * lab_oper.c - operational RPCs of the lab devices, answered from the
 * routing world in the shape Junos gives them.
 *
 * Every answer is computed when asked: the trio of the device is rebuilt
 * from the committed configurations and the event log (lab_trio_build),
 * so a commit or an event shows in the next reply.  Replies carry the
 * per-release namespaces (http://xml.juniper.net/junos/REL/junos-routing,
 * junos-bfd, junos-probe-tests), the junos:style, junos:seconds,
 * junos:format attributes, padded text where Junos pads it ("12076 I\n",
 * newline-wrapped traceroute values) and <!-- keepalive --> comments in
 * route listings.  On a firewall whose scenario sets the option
 * cluster-wrapper every reply is wrapped in the chassis cluster's
 * <multi-routing-engine-results> for node0.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lab_world_int.h"

#define LAB_KEEPALIVE_EVERY 100	/* rt elements between keepalive comments */

/* The arguments of an RPC, by local name. */
struct lab_args {
	xmlNodePtr rpc;
};

static bool
lab_arg_flag(const struct lab_args *a, const char *name)
{
	xmlNodePtr c;

	for (c = a->rpc->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return true;
	return false;
}

static const char *
lab_arg(const struct lab_args *a, const char *name, char *buf, size_t size)
{
	xmlNodePtr c;

	for (c = a->rpc->children; c != NULL; c = c->next) {
		xmlChar *t;
		char *s, *e;
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, name) != 0)
			continue;
		t = xmlNodeGetContent(c);
		snprintf(buf, size, "%s", t ? (const char *)t : "");
		xmlFree(t);
		for (s = buf; *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'; s++)
			;
		memmove(buf, s, strlen(s) + 1);
		e = buf + strlen(buf);
		while (e > buf && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		return buf;
	}
	return NULL;
}

/* ------------------------------------------------------------ formatting */

/* "2d 00:34:04" (route brief) / "2d 0:34:04" (detail, BGP) / "34:04" (short). */
static void
lab_o_age(FILE *out, int64_t secs, int style)
{
	long long s = secs < 0 ? 0 : secs, d = s / 86400, w = d / 7;

	if (style == 2 && w > 0) {
		fprintf(out, "%lldw%lldd%lldh", w, d % 7, s % 86400 / 3600);
		return;
	}
	if (d > 0)
		fprintf(out, style == 0 ? "%lldd %02lld:%02lld:%02lld" : "%lldd %lld:%02lld:%02lld", d,
			s % 86400 / 3600, s % 3600 / 60, s % 60);
	else if (style == 0)
		fprintf(out, "%02lld:%02lld:%02lld", s / 3600, s % 3600 / 60, s % 60);
	else if (s >= 3600)
		fprintf(out, "%lld:%02lld:%02lld", s / 3600, s % 3600 / 60, s % 60);
	else
		fprintf(out, "%lld:%02lld", s / 60, s % 60);
}

static void
lab_o_ns(FILE *out, const char *elem, const char *release, const char *module, const char *style)
{
	fprintf(out, "<%s xmlns=\"http://xml.juniper.net/junos/%s/%s\"", elem, release, module);
	if (style != NULL)
		fprintf(out, " junos:style=\"%s\"", style);
	fputs(">\n", out);
}

/*
 * The trio while an answer is about its instance's inet6.0 (a dual-stack
 * lab, lab_world_int.h), else NULL.  Set for one answer at a time: the
 * device server answers one RPC after the other.
 */
static const struct lab_trio *lab_o_six;

/* An address as the answer shows it: an external peer's as its IPv6 twin in inet6.0. */
static char *
lab_o_afmt(uint32_t a, char *buf)
{
	size_t i;

	for (i = 0; lab_o_six != NULL && i < lab_o_six->next; i++)
		if (lab_o_six->ext[i].addr == a)
			return lab_v6_addr_fmt(a, buf);
	return lab_addr_fmt(a, buf);
}

/* A prefix as the answer shows it: its IPv6 twin in inet6.0. */
static char *
lab_o_pfmt(const struct lab_pfx *p, char *buf)
{
	return lab_o_six != NULL ? lab_v6_pfx_fmt(p, buf) : lab_pfx_fmt(p, buf);
}

static void
lab_o_addr(FILE *out, const char *elem, uint32_t a)
{
	char b[LAB_V6LEN];

	fprintf(out, "<%s>%s</%s>\n", elem, lab_o_afmt(a, b), elem);
}

static const char *
lab_o_table_name(const struct lab_trio *t, char *buf, size_t size)
{
	snprintf(buf, size, "%s.%s", t->inst, lab_o_six != NULL ? "inet6.0" : "inet.0");
	return buf;
}

/* ------------------------------------------------------------ route-information */

struct lab_rt_counts {
	size_t dest, routes, active, hidden;
};

static void
lab_o_counts(const struct lab_dev *d, struct lab_rt_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < d->rib.n; i++) {
		if (i == 0 || lab_pfx_cmp(&d->rib.p[i].pfx, &d->rib.p[i - 1].pfx) != 0)
			c->dest++;
		if (d->rib.p[i].hidden)
			c->hidden++;
		else
			c->routes++;
		c->active += d->rib.p[i].active;
	}
}

static void
lab_o_table_head(FILE *out, const struct lab_trio *t, const struct lab_dev *d)
{
	struct lab_rt_counts c;
	char tn[LAB_NAMELEN + 8];

	lab_o_counts(d, &c);
	fprintf(out, "<route-table>\n<table-name>%s</table-name>\n", lab_o_table_name(t, tn, sizeof(tn)));
	fprintf(out, "<destination-count>%zu</destination-count>\n<total-route-count>%zu</total-route-count>\n"
		"<active-route-count>%zu</active-route-count>\n<holddown-route-count>0</holddown-route-count>\n"
		"<hidden-route-count>%zu</hidden-route-count>\n", c.dest, c.routes + c.hidden, c.active,
		c.hidden);
}

/* Does destination filter dst (NULL: none) select prefix p among those of the table? */
struct lab_dstsel {
	bool on, exact;
	struct lab_pfx dst;
	bool best_only;		/* nothing within dst: the longest covering match */
	struct lab_pfx best;
};

static void
lab_o_dstsel_prepare(struct lab_dstsel *s, const struct lab_dev *d)
{
	size_t i;
	bool any = false, have_best = false;

	if (!s->on || s->exact)
		return;
	for (i = 0; i < d->rib.n && !any; i++)
		any = lab_pfx_covers(&s->dst, &d->rib.p[i].pfx) && !d->rib.p[i].hidden;
	if (any)
		return;
	for (i = 0; i < d->rib.n; i++) {
		const struct lab_path *p = &d->rib.p[i];
		if (p->active && lab_pfx_covers(&p->pfx, &s->dst) &&
		    (!have_best || p->pfx.len > s->best.len)) {
			s->best = p->pfx;
			have_best = true;
		}
	}
	s->best_only = true;
	if (!have_best)
		s->best.len = 255;	/* matches nothing */
}

static bool
lab_o_dstsel_ok(const struct lab_dstsel *s, const struct lab_pfx *p)
{
	if (!s->on)
		return true;
	if (s->exact)
		return lab_pfx_cmp(&s->dst, p) == 0;
	if (s->best_only)
		return lab_pfx_cmp(&s->best, p) == 0;
	return lab_pfx_covers(&s->dst, p);
}

static const char *
lab_o_terse_proto(int proto)
{
	static const char *const letters[] = { "D", "L", "S", "A", "B" };

	return proto >= 0 && proto <= LAB_P_BGP ? letters[proto] : "?";
}

static void
lab_o_nh(FILE *out, const struct lab_path *p, bool detail)
{
	char b[LAB_V6LEN];
	int j;

	if (p->nhtype == LAB_NH_DISCARD || p->nhtype == LAB_NH_REJECT) {
		if (!detail)
			fprintf(out, "<nh-type>%s</nh-type>\n", p->nhtype == LAB_NH_DISCARD ? "Discard" : "Reject");
		return;
	}
	if (p->nhtype == LAB_NH_LOCAL) {
		fprintf(out, "<nh%s>\n<nh-local-interface>%s</nh-local-interface>\n</nh>\n",
			detail ? " junos:indent=\"16\"" : "", p->via);
		return;
	}
	fprintf(out, "<nh%s>\n<selected-next-hop/>\n", detail ? " junos:indent=\"16\"" : "");
	if (detail)
		fputs("<nh-string>Next hop</nh-string>\n", out);
	if (p->nh != 0)
		fprintf(out, "<to>%s</to>\n", lab_o_afmt(p->nh, b));
	fprintf(out, "<via>%s</via>\n", p->via);
	if (detail)
		fputs("<session>0x1</session>\n", out);
	fputs("</nh>\n", out);
	for (j = 0; j < p->nmp; j++) {
		fprintf(out, "<nh%s>\n", detail ? " junos:indent=\"16\"" : "");
		if (detail)
			fputs("<nh-string>Next hop</nh-string>\n", out);
		fprintf(out, "<to>%s</to>\n<via>%s</via>\n</nh>\n", lab_o_afmt(p->mp_nh[j], b),
			p->mp_via[j]);
	}
}

static void
lab_o_comms(FILE *out, const char *comms)
{
	char buf[LAB_COMMLEN], *save = NULL, *tok;

	if (comms[0] == '\0')
		return;
	snprintf(buf, sizeof(buf), "%s", comms);
	fputs("<communities>\n", out);
	for (tok = strtok_r(buf, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
		fprintf(out, "<community>%s</community>\n", tok);
	fputs("</communities>\n", out);
}

static void
lab_o_rt_entry(FILE *out, const struct lab_trio *t, const struct lab_dev *d,
	       const struct lab_path *p, int style)
{
	char b[LAB_V6LEN], asp[96];
	int64_t age = (t->now_ms - p->since_ms) / 1000;
	const struct lab_sess *s = p->sess >= 0 ? &t->sess[p->sess] : NULL;

	fputs("<rt-entry>\n", out);
	fprintf(out, "<active-tag>%s</active-tag>\n", p->active ? "*" : " ");
	if (style == 2) {	/* terse */
		fprintf(out, "<protocol-name>%s</protocol-name>\n<preference>%u</preference>\n",
			lab_o_terse_proto(p->proto), p->pref);
		if (p->proto == LAB_P_BGP) {
			if (p->a.has_med)
				fprintf(out, "<metric>%u</metric>\n", p->a.med);
			fprintf(out, "<local-preference>%u</local-preference>\n", p->lp);
		}
		lab_o_nh(out, p, false);
		if (p->proto == LAB_P_BGP)
			fprintf(out, "<as-path>%s</as-path>\n", lab_aspath_fmt(&p->a, 0, asp, sizeof(asp)));
		fputs("</rt-entry>\n", out);
		return;
	}
	if (p->active)
		fputs("<current-active/>\n<last-active/>\n", out);
	fprintf(out, "<protocol-name>%s</protocol-name>\n<preference>%u</preference>\n",
		lab_proto_name(p->proto), p->pref);
	if (style == 0) {	/* brief */
		fprintf(out, "<age junos:seconds=\"%lld\">", (long long)age);
		lab_o_age(out, age, 0);
		fputs("</age>\n", out);
		if (p->proto == LAB_P_BGP) {
			if (p->a.has_med)
				fprintf(out, "<med>%u</med>\n", p->a.med);
			fprintf(out, "<local-preference>%u</local-preference>\n", p->lp);
			if (p->nh != p->peer)
				lab_o_addr(out, "learned-from", p->peer);
			fprintf(out, "<as-path>%s\n</as-path>\n", lab_aspath_fmt(&p->a, 0, asp, sizeof(asp)));
			fputs("<validation-state>unverified</validation-state>\n", out);
		}
		lab_o_nh(out, p, false);
		fputs("</rt-entry>\n", out);
		return;
	}
	/* detail / extensive */
	if (p->proto == LAB_P_BGP)
		fprintf(out, "<preference2>%d</preference2>\n", -(int)p->lp - 1);
	fprintf(out, "<nh-type>%s</nh-type>\n",
		p->nhtype == LAB_NH_DISCARD ? "Discard" : p->nhtype == LAB_NH_REJECT ? "Reject" :
		p->nhtype == LAB_NH_LOCAL ? "Local" :
		p->proto == LAB_P_DIRECT ? "Interface" :
		(s != NULL && (s->ibgp || s->eff.multihop)) ? "Indirect" : "Router");
	fprintf(out, "<nh-index>%u</nh-index>\n", 600 + (unsigned)(p->sess + 1) * 7);
	if (p->proto == LAB_P_BGP)
		lab_o_addr(out, "gateway", p->peer);
	lab_o_nh(out, p, true);
	if (p->proto == LAB_P_BGP && s != NULL && (s->ibgp || s->eff.multihop))
		fprintf(out, "<protocol-nh junos:indent=\"16\">\n<to>%s</to>\n</protocol-nh>\n",
			lab_o_afmt(p->a.nexthop, b));
	if (p->proto == LAB_P_BGP)
		fprintf(out, "<rt-entry-state>%s%s</rt-entry-state>\n", p->active ? "Active " : "NotBest ",
			p->ebgp ? "Ext" : "Int Ext");
	else
		fprintf(out, "<rt-entry-state>%s%s</rt-entry-state>\n", p->active ? "Active Int" : "Int",
			p->proto == LAB_P_AGGREGATE ? " Ext" : "");
	if (!p->active && p->inactive_reason != NULL)
		fprintf(out, "<inactive-reason>%s</inactive-reason>\n", p->inactive_reason);
	if (p->hidden && p->hidden_reason != NULL)
		fprintf(out, "<inactive-reason>%s</inactive-reason>\n", p->hidden_reason);
	if (p->proto == LAB_P_BGP) {
		fprintf(out, "<peer-as>%u</peer-as>\n", p->peer_as);
		fprintf(out, "<local-as>%u</local-as>\n", d->local_as);
	}
	fprintf(out, "<age junos:seconds=\"%lld\">", (long long)age);
	lab_o_age(out, age, 1);
	fputs("</age>\n", out);
	if (p->proto == LAB_P_BGP) {
		if (p->a.has_med)
			fprintf(out, "<metric>%u</metric>\n", p->a.med);
		fputs("<validation-state>unverified</validation-state>\n", out);
		fprintf(out, "<task-name>BGP_%u.%s</task-name>\n", p->peer_as, lab_o_afmt(p->peer, b));
		if (p->active)
			fputs("<announce-bits>2</announce-bits>\n"
			      "<announce-tasks>0-KRT 1-BGP_RT_Background</announce-tasks>\n", out);
		fprintf(out, "<as-path>AS path: %s\n</as-path>\n", lab_aspath_fmt(&p->a, 0, asp, sizeof(asp)));
		lab_o_comms(out, p->a.comms);
		if (!p->hidden)
			fprintf(out, "<bgp-rt-flag>Accepted%s</bgp-rt-flag>\n", p->nmp > 0 ? " Multipath" : "");
		fprintf(out, "<local-preference>%u</local-preference>\n", p->lp);
		lab_o_addr(out, "peer-id", p->peer_rid);
		lab_o_addr(out, "learned-from", p->peer);
	} else {
		fprintf(out, "<task-name>%s</task-name>\n", p->proto == LAB_P_STATIC ? "RT" :
			p->proto == LAB_P_AGGREGATE ? "Aggregate" : "IF");
		if (p->active)
			fputs("<announce-bits>1</announce-bits>\n<announce-tasks>0-KRT</announce-tasks>\n", out);
		fputs("<as-path>AS path: I\n</as-path>\n", out);
	}
	fputs("</rt-entry>\n", out);
}

static void
lab_o_rt_open(FILE *out, const struct lab_pfx *pfx, int style, size_t entries, size_t announced)
{
	char b[LAB_V6LEN], a[LAB_V6LEN];

	fprintf(out, "<rt junos:style=\"%s\">\n", style == 1 ? "detail" : style == 2 ? "terse" : "brief");
	if (style == 1) {
		fprintf(out, "<rt-destination>%s</rt-destination>\n",
			lab_o_six != NULL ? lab_v6_addr_fmt(pfx->addr, a) : lab_addr_fmt(pfx->addr, a));
		fprintf(out, "<rt-prefix-length junos:emit=\"emit\">%u</rt-prefix-length>\n",
			pfx->len + (lab_o_six != NULL ? 32u : 0u));
		fprintf(out, "<rt-entry-count junos:format=\"%zu %s\">%zu</rt-entry-count>\n", entries,
			entries == 1 ? "entry" : "entries", entries);
		fprintf(out, "<rt-announced-count>%zu</rt-announced-count>\n", announced);
	} else {
		fprintf(out, "<rt-destination>%s</rt-destination>\n", lab_o_pfmt(pfx, b));
	}
}

struct lab_rtq {
	int style;		/* 0 brief, 1 detail/extensive, 2 terse */
	bool extensive;
	struct lab_dstsel dst;
	int proto;		/* -1 any */
	bool active_only, hidden;
};

static void
lab_o_keepalive(FILE *out, size_t *n)
{
	if (++*n % LAB_KEEPALIVE_EVERY == 0)
		fputs("<!-- keepalive -->\n", out);
}

static void
lab_o_routes(FILE *out, const struct lab_trio *t, const struct lab_dev *d, const struct lab_rtq *q)
{
	size_t i, k, j, shown = 0;
	char pf[LAB_V6LEN];

	lab_o_table_head(out, t, d);
	for (i = 0; i < d->rib.n; i = k) {
		const struct lab_path *p = &d->rib.p[i];
		size_t any = 0, visible = 0;
		for (k = i; k < d->rib.n && lab_pfx_cmp(&d->rib.p[k].pfx, &p->pfx) == 0; k++)
			;
		if (!lab_o_dstsel_ok(&q->dst, &p->pfx))
			continue;
		for (j = i; j < k; j++) {
			const struct lab_path *x = &d->rib.p[j];
			if (q->hidden != x->hidden || (q->proto >= 0 && x->proto != q->proto) ||
			    (q->active_only && !x->active))
				continue;
			any++;
		}
		for (j = i; j < k; j++)
			visible += !d->rib.p[j].hidden;
		if (any == 0)
			continue;
		lab_o_keepalive(out, &shown);
		lab_o_rt_open(out, &p->pfx, q->style, visible, p->active ? 1 : 0);
		if (q->extensive && p->active) {
			char a[LAB_V6LEN];
			fprintf(out, "<tsi junos:indent=\"0\">\nKRT in-kernel %s -> {%s%s}\n</tsi>\n",
				lab_o_pfmt(&p->pfx, pf), p->nh ? "" : "",
				p->nh ? lab_o_afmt(p->nh, a) : p->via);
		}
		for (j = i; j < k; j++) {
			const struct lab_path *x = &d->rib.p[j];
			if (q->hidden != x->hidden || (q->proto >= 0 && x->proto != q->proto) ||
			    (q->active_only && !x->active))
				continue;
			lab_o_rt_entry(out, t, d, x, q->style);
		}
		fputs("</rt>\n", out);
	}
	fputs("</route-table>\n", out);
}

/* show route advertising-protocol bgp NEIGHBOR */
static void
lab_o_advertised(FILE *out, const struct lab_trio *t, const struct lab_dev *d,
		 const struct lab_sess *s, const struct lab_rtq *q)
{
	char asp[96], a[LAB_V6LEN];
	size_t i, shown = 0;

	lab_o_table_head(out, t, d);
	for (i = 0; s != NULL && i < s->out.n; i++) {
		const struct lab_adv *v = &s->out.v[i];
		size_t first, n = lab_rib_find(&d->rib, &v->pfx, &first), visible = 0, j;
		if (!lab_o_dstsel_ok(&q->dst, &v->pfx))
			continue;
		for (j = 0; j < n; j++)
			visible += !d->rib.p[first + j].hidden;
		lab_o_keepalive(out, &shown);
		lab_o_rt_open(out, &v->pfx, q->style == 1 ? 1 : 0, visible, 1);
		fputs("<rt-entry>\n<active-tag>*</active-tag>\n", out);
		if (q->style == 1) {
			fprintf(out, "<bgp-group junos:indent=\"1\">\n<bgp-group-name>%s</bgp-group-name>\n"
				"<bgp-group-type>%s</bgp-group-type>\n</bgp-group>\n", s->g->name,
				s->ibgp ? "Internal" : "External");
			fputs("<nh>\n<to>Self</to>\n</nh>\n", out);
			if (v->a.has_med)
				fprintf(out, "<med>%u</med>\n", v->a.med);
			if (v->a.has_lp)
				fprintf(out, "<local-preference>%u</local-preference>\n", v->a.lp);
			if (s->ibgp)
				fprintf(out, "<as-path>AS path: %s\n</as-path>\n",
					lab_aspath_fmt(&v->a, 0, asp, sizeof(asp)));
			else
				fprintf(out, "<as-path>AS path: [%u] %s\n</as-path>\n", s->local_as,
					lab_aspath_fmt(&v->a, 1, asp, sizeof(asp)));
			lab_o_comms(out, v->a.comms);
			fputs("<flags>Nexthop Change</flags>\n", out);
		} else {
			fputs("<protocol-name>BGP</protocol-name>\n", out);
			fputs("<bgp-metric-flags>Nexthop Change</bgp-metric-flags>\n", out);
			fputs("<nh>\n<to>Self</to>\n</nh>\n", out);
			if (v->a.has_med)
				fprintf(out, "<med>%u</med>\n", v->a.med);
			if (v->a.has_lp)
				fprintf(out, "<local-preference>%u</local-preference>\n", v->a.lp);
			fprintf(out, "<as-path>%s\n</as-path>\n",
				lab_aspath_fmt(&v->a, s->ibgp ? 0 : 1, asp, sizeof(asp)));
		}
		fputs("</rt-entry>\n</rt>\n", out);
	}
	(void)a;
	fputs("</route-table>\n", out);
}

/* show route receive-protocol bgp PEER: received attributes, accepted (or hidden) routes */
static void
lab_o_received(FILE *out, const struct lab_trio *t, const struct lab_dev *d, int si,
	       const struct lab_advs *in, const struct lab_rtq *q)
{
	char asp[96], a[LAB_V6LEN];
	size_t i, shown = 0;

	lab_o_table_head(out, t, d);
	for (i = 0; in != NULL && i < in->n; i++) {
		const struct lab_adv *v = &in->v[i];
		const struct lab_path *p = NULL;
		size_t first, n = lab_rib_find(&d->rib, &v->pfx, &first), j, visible = 0;
		for (j = 0; j < n; j++) {
			visible += !d->rib.p[first + j].hidden;
			if (d->rib.p[first + j].sess == si)
				p = &d->rib.p[first + j];
		}
		if (p == NULL || p->hidden != q->hidden || !lab_o_dstsel_ok(&q->dst, &v->pfx))
			continue;
		lab_o_keepalive(out, &shown);
		lab_o_rt_open(out, &v->pfx, q->style == 1 ? 1 : 0, visible, p->active ? 1 : 0);
		fprintf(out, "<rt-entry>\n<active-tag>%s</active-tag>\n", p->active ? "*" : " ");
		if (q->style != 1)
			fputs("<protocol-name>BGP</protocol-name>\n", out);
		fprintf(out, "<nh>\n<to>%s</to>\n</nh>\n", lab_o_afmt(v->a.nexthop, a));
		if (v->a.has_med)
			fprintf(out, "<med>%u</med>\n", v->a.med);
		if (v->a.has_lp && t->sess[si].ibgp)
			fprintf(out, "<local-preference>%u</local-preference>\n", v->a.lp);
		fprintf(out, q->style == 1 ? "<as-path>AS path: %s\n</as-path>\n" : "<as-path>%s\n</as-path>\n",
			lab_aspath_fmt(&v->a, 0, asp, sizeof(asp)));
		if (q->style == 1) {
			lab_o_comms(out, v->a.comms);
			fprintf(out, "<bgp-rt-flag>%s</bgp-rt-flag>\n", p->hidden ? "Hidden" : "Accepted");
		}
		fputs("</rt-entry>\n</rt>\n", out);
	}
	fputs("</route-table>\n", out);
}

static int
lab_o_sess_of(const struct lab_trio *t, int di, uint32_t peer)
{
	size_t i;

	for (i = 0; i < t->nsess; i++)
		if (t->sess[i].dev == di && t->sess[i].peer_addr == peer)
			return (int)i;
	return -1;
}

static bool
lab_o_table_matches(const struct lab_trio *t, const char *table)
{
	char tn[LAB_NAMELEN + 8];
	size_t l = strlen(table);

	lab_o_table_name(t, tn, sizeof(tn));
	return strcmp(tn, table) == 0 || (strncmp(tn, table, l) == 0 && tn[l] == '.');
}

/* The instance's inet6.0 of a dual-stack lab: the answer is the twin's. */
static bool
lab_o_table_six(const struct lab_trio *t, const char *table)
{
	char tn[LAB_NAMELEN + 16];

	snprintf(tn, sizeof(tn), "%s.inet6.0", t->inst);
	return t->dual_stack && strcmp(tn, table) == 0;
}

/* A neighbor or peer argument: an IPv4 address, or in inet6.0 an IPv6 twin. */
static int
lab_o_peer_parse(const char *s, uint32_t *out)
{
	return lab_o_six != NULL ? lab_v6_untwin(s, out) : lab_addr_parse(s, out);
}

static int
lab_o_route_info(FILE *out, const struct lab_trio *t, int di, const struct lab_args *a,
		 char *err, size_t errlen)
{
	const struct lab_dev *d = &t->dev[di];
	struct lab_rtq q;
	char buf[128], tmp[64];
	bool adv = false, rcv = false, show = true;
	uint32_t peer = 0;
	int si = -1;

	memset(&q, 0, sizeof(q));
	q.proto = -1;
	if (lab_arg_flag(a, "detail") || lab_arg_flag(a, "extensive"))
		q.style = 1;
	else if (lab_arg_flag(a, "terse"))
		q.style = 2;
	q.extensive = lab_arg_flag(a, "extensive");
	q.active_only = lab_arg_flag(a, "active-path");
	q.hidden = lab_arg_flag(a, "hidden");
	q.dst.exact = lab_arg_flag(a, "exact");
	if (lab_arg(a, "destination", buf, sizeof(buf)) != NULL) {
		if (lab_pfx_parse(buf, &q.dst.dst) != 0) {
			lab_seterr(err, errlen, "invalid destination '%s'", buf);
			return -1;
		}
		q.dst.on = true;
	}
	if (lab_arg(a, "protocol", buf, sizeof(buf)) != NULL && (q.proto = lab_proto_parse(buf)) < 0) {
		q.proto = 99;	/* a protocol the lab does not run: nothing */
	}
	if (lab_arg(a, "table", buf, sizeof(buf)) != NULL && lab_o_table_six(t, buf))
		lab_o_six = t;
	if (lab_arg(a, "advertising-protocol-name", tmp, sizeof(tmp)) != NULL) {
		adv = true;
		if (lab_arg(a, "neighbor", buf, sizeof(buf)) == NULL || lab_o_peer_parse(buf, &peer) != 0) {
			lab_seterr(err, errlen, "advertising-protocol needs a neighbor address");
			return -1;
		}
	} else if (lab_arg(a, "receive-protocol-name", tmp, sizeof(tmp)) != NULL) {
		rcv = true;
		if (lab_arg(a, "peer", buf, sizeof(buf)) == NULL || lab_o_peer_parse(buf, &peer) != 0) {
			lab_seterr(err, errlen, "receive-protocol needs a peer address");
			return -1;
		}
	}
	if (lab_arg(a, "table", buf, sizeof(buf)) != NULL && !lab_o_table_matches(t, buf))
		show = false;
	if (d->inst == NULL)
		show = false;
	if (adv || rcv) {
		si = lab_o_sess_of(t, di, peer);
		if (si < 0)
			show = false;	/* not a configured peer: nothing is sent or received */
	}
	lab_o_dstsel_prepare(&q.dst, d);
	lab_o_ns(out, "route-information", d->release, "junos-routing", NULL);
	fputs("<!-- keepalive -->\n", out);
	if (show) {
		if (adv)
			lab_o_advertised(out, t, d, &t->sess[si], &q);
		else if (rcv) {
			const struct lab_sess *s = &t->sess[si];
			const struct lab_advs *in = NULL;
			if (s->up && s->remote == LAB_REMOTE_EXT)
				in = &t->ext[s->ext].adv;
			else if (s->up && s->remote == LAB_REMOTE_DEV && s->rsess >= 0)
				in = &t->sess[s->rsess].out;
			lab_o_received(out, t, d, si, in, &q);
		} else {
			lab_o_routes(out, t, d, &q);
		}
	}
	fputs("</route-information>\n", out);
	return 0;
}

/* ------------------------------------------------------------ BGP */

struct lab_peer_counts {
	size_t received, accepted, active, advertised;
};

static void
lab_o_peer_counts(const struct lab_trio *t, int si, struct lab_peer_counts *c)
{
	const struct lab_dev *d = &t->dev[t->sess[si].dev];
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < d->rib.n; i++) {
		if (d->rib.p[i].sess != si)
			continue;
		c->received++;
		c->accepted += !d->rib.p[i].hidden;
		c->active += d->rib.p[i].active;
	}
	c->advertised = t->sess[si].out.n;
}

static bool
lab_o_instance_ok(const struct lab_trio *t, const struct lab_args *a)
{
	char buf[LAB_NAMELEN];

	if (lab_arg(a, "exact-instance", buf, sizeof(buf)) != NULL)
		return strcmp(buf, t->inst) == 0;
	if (lab_arg(a, "instance", buf, sizeof(buf)) != NULL)
		return strncmp(t->inst, buf, strlen(buf)) == 0;
	return true;
}

static const char *
lab_o_state(const struct lab_sess *s)
{
	return s->up ? "Established" : s->cfg_ok ? "Active" : s->why_down;
}

static uint64_t
lab_o_msgs(const struct lab_trio *t, const struct lab_sess *s, bool in)
{
	int64_t up = (t->now_ms - t->created_ms) / 1000;

	return (uint64_t)(up > 0 ? up : 0) / 30 + 3 + (in ? s->in.n : s->out.n);
}

static int
lab_o_bgp_summary(FILE *out, const struct lab_trio *t, int di, const struct lab_args *a)
{
	const struct lab_dev *d = &t->dev[di];
	bool ok = lab_o_instance_ok(t, a) && d->inst != NULL;
	size_t i, npeers = 0, ndown = 0, ngroups = 0;
	size_t tot_ext = 0, tot_int = 0, act_ext = 0, act_int = 0, acc_ext = 0, acc_int = 0;
	bool heading = true;
	char tn[LAB_NAMELEN + 8];
	int lastg = -1;

	for (i = 0; ok && i < t->nsess; i++) {
		const struct lab_sess *s = &t->sess[i];
		if (s->dev != di)
			continue;
		/* a dual-stack lab has an IPv6 twin of every session to an external peer */
		npeers += 1 + (t->dual_stack && s->remote == LAB_REMOTE_EXT);
		ndown += (size_t)!s->up * (1 + (t->dual_stack && s->remote == LAB_REMOTE_EXT));
		if (s->group_index != lastg)
			ngroups++;
		lastg = s->group_index;
	}
	for (i = 0; ok && i < d->rib.n; i++) {
		const struct lab_path *p = &d->rib.p[i];
		if (p->proto != LAB_P_BGP)
			continue;
		if (p->ebgp) {
			tot_ext++;
			acc_ext += !p->hidden;
			act_ext += p->active;
		} else {
			tot_int++;
			acc_int += !p->hidden;
			act_int += p->active;
		}
	}
	lab_o_ns(out, "bgp-information", d->release, "junos-routing", NULL);
	fputs("<bgp-thread-mode>BGP I/O</bgp-thread-mode>\n", out);
	fprintf(out, "<group-count>%zu</group-count>\n<peer-count>%zu</peer-count>\n"
		"<down-peer-count>%zu</down-peer-count>\n", ngroups, npeers, ndown);
	if (ok && npeers > 0) {
		fprintf(out, "<bgp-rib junos:style=\"brief\">\n<name>%s</name>\n",
			lab_o_table_name(t, tn, sizeof(tn)));
		fprintf(out, "<total-prefix-count>%zu</total-prefix-count>\n"
			"<received-prefix-count>%zu</received-prefix-count>\n"
			"<accepted-prefix-count>%zu</accepted-prefix-count>\n"
			"<active-prefix-count>%zu</active-prefix-count>\n"
			"<suppressed-prefix-count>0</suppressed-prefix-count>\n"
			"<history-prefix-count>0</history-prefix-count>\n"
			"<damped-prefix-count>0</damped-prefix-count>\n"
			"<total-external-prefix-count>%zu</total-external-prefix-count>\n"
			"<active-external-prefix-count>%zu</active-external-prefix-count>\n"
			"<accepted-external-prefix-count>%zu</accepted-external-prefix-count>\n"
			"<suppressed-external-prefix-count>0</suppressed-external-prefix-count>\n"
			"<total-internal-prefix-count>%zu</total-internal-prefix-count>\n"
			"<active-internal-prefix-count>%zu</active-internal-prefix-count>\n"
			"<accepted-internal-prefix-count>%zu</accepted-internal-prefix-count>\n"
			"<suppressed-internal-prefix-count>0</suppressed-internal-prefix-count>\n"
			"<pending-prefix-count>0</pending-prefix-count>\n"
			"<bgp-rib-state>BGP restart is complete</bgp-rib-state>\n</bgp-rib>\n",
			tot_ext + tot_int, tot_ext + tot_int, acc_ext + acc_int, act_ext + act_int,
			tot_ext, act_ext, acc_ext, tot_int, act_int, acc_int);
	}
	for (i = 0; ok && i < t->nsess * (t->dual_stack ? 2 : 1); i++) {
		const struct lab_sess *s = &t->sess[i % t->nsess];
		struct lab_peer_counts c;
		int64_t el = (t->now_ms - s->since_ms) / 1000;
		if (s->dev != di || (i >= t->nsess && s->remote != LAB_REMOTE_EXT))
			continue;
		/* the second round: the IPv6 twins, their table inet6.0 */
		lab_o_six = i >= t->nsess ? t : NULL;
		lab_o_peer_counts(t, (int)(i % t->nsess), &c);
		fputs("<bgp-peer junos:style=\"terse\"", out);
		if (heading)
			fputs(" junos:heading=\"Peer                     AS      InPkt     OutPkt    OutQ   "
			      "Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...\"", out);
		heading = false;
		fputs(">\n", out);
		lab_o_addr(out, "peer-address", s->peer_addr);
		fprintf(out, "<peer-as>%u</peer-as>\n<input-messages>%llu</input-messages>\n"
			"<output-messages>%llu</output-messages>\n<route-queue-count>0</route-queue-count>\n"
			"<flap-count>%u</flap-count>\n", s->peer_as,
			(unsigned long long)lab_o_msgs(t, s, true), (unsigned long long)lab_o_msgs(t, s, false),
			s->flaps);
		fprintf(out, "<elapsed-time junos:seconds=\"%lld\">", (long long)(el < 0 ? 0 : el));
		lab_o_age(out, el, 2);
		fputs("</elapsed-time>\n", out);
		if (s->up) {
			fputs("<peer-state junos:format=\"Establ\">Established</peer-state>\n", out);
			fprintf(out, "<bgp-rib junos:style=\"terse\">\n<name>%s</name>\n"
				"<active-prefix-count>%zu</active-prefix-count>\n"
				"<received-prefix-count>%zu</received-prefix-count>\n"
				"<accepted-prefix-count>%zu</accepted-prefix-count>\n"
				"<suppressed-prefix-count>0</suppressed-prefix-count>\n</bgp-rib>\n",
				lab_o_table_name(t, tn, sizeof(tn)), c.active, c.received, c.accepted);
		} else {
			fprintf(out, "<peer-state>%s</peer-state>\n", lab_o_state(s));
		}
		fputs("</bgp-peer>\n", out);
	}
	lab_o_six = NULL;
	fputs("</bgp-information>\n", out);
	return 0;
}

static void
lab_o_policies(FILE *out, const char *elem, char *const *v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	fprintf(out, "<%s>\n", elem);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", v[i]);
	fprintf(out, "\n</%s>\n", elem);
}

static int
lab_o_bgp_neighbor(FILE *out, const struct lab_trio *t, int di, const struct lab_args *a,
		   char *err, size_t errlen)
{
	const struct lab_dev *d = &t->dev[di];
	bool ok = lab_o_instance_ok(t, a) && d->inst != NULL;
	uint32_t only = 0;
	char buf[64], tn[LAB_NAMELEN + 8], b1[16];
	size_t i;

	if (lab_arg(a, "neighbor-address", buf, sizeof(buf)) != NULL && lab_addr_parse(buf, &only) != 0) {
		lab_seterr(err, errlen, "invalid neighbor-address '%s'", buf);
		return -1;
	}
	lab_o_ns(out, "bgp-information", d->release, "junos-routing", NULL);
	for (i = 0; ok && i < t->nsess; i++) {
		const struct lab_sess *s = &t->sess[i];
		struct lab_peer_counts c;
		const char *opts;
		if (s->dev != di || (only != 0 && s->peer_addr != only))
			continue;
		lab_o_peer_counts(t, (int)i, &c);
		fputs("<bgp-peer junos:style=\"detail\">\n", out);
		fprintf(out, "<peer-address>%s+179</peer-address>\n", lab_addr_fmt(s->peer_addr, b1));
		fprintf(out, "<peer-as>%u</peer-as>\n", s->peer_as);
		fprintf(out, "<local-address>%s+%u</local-address>\n", lab_addr_fmt(s->local_addr, b1),
			49152 + (unsigned)(i * 131 % 16000));
		fprintf(out, "<local-as>%u</local-as>\n", s->local_as);
		fprintf(out, "<peer-group>%s</peer-group>\n<peer-cfg-rti>%s</peer-cfg-rti>\n"
			"<peer-fwd-rti>%s</peer-fwd-rti>\n", s->g->name, t->inst, t->inst);
		fprintf(out, "<peer-type>%s</peer-type>\n", s->ibgp ? "Internal" : "External");
		fprintf(out, "<peer-state>%s</peer-state>\n", lab_o_state(s));
		fprintf(out, "<peer-flags>%s</peer-flags>\n", s->up ? "Sync" : "");
		fprintf(out, "<last-state>%s</last-state>\n", s->up ? "OpenConfirm" : "Active");
		fprintf(out, "<last-event>%s</last-event>\n", s->up ? "RecvKeepAlive" : "ConnectRetry");
		fprintf(out, "<last-error>%s</last-error>\n", s->flaps || !s->cfg_ok ? s->last_error : "None");
		fputs("<bgp-option-information>\n", out);
		lab_o_policies(out, "export-policy", s->eff.exp, s->eff.nexp);
		lab_o_policies(out, "import-policy", s->eff.imp, s->eff.nimp);
		opts = s->ibgp ? "Preference LocalAddress LocalPref Refresh" : "Preference PeerAS Refresh";
		fprintf(out, "<bgp-options>%s%s%s%s</bgp-options>\n", opts,
			s->eff.multihop ? " Multihop" : "", s->bfd ? " BfdEnabled" : "",
			s->eff.multipath ? " Multipath" : "");
		fputs("<bgp-options2/>\n<address-families>inet-unicast</address-families>\n", out);
		if (s->eff.has_local_addr)
			lab_o_addr(out, "local-address", s->eff.local_addr);
		fprintf(out, "<holdtime>%u</holdtime>\n", s->eff.has_hold ? s->eff.hold : LAB_HOLD_S);
		fprintf(out, "<preference>%u</preference>\n", s->eff.has_pref ? s->eff.pref : LAB_BGP_PREF);
		if (s->eff.has_lp)
			fprintf(out, "<local-preference>%u</local-preference>\n", s->eff.lp);
		fputs("</bgp-option-information>\n", out);
		fprintf(out, "<flap-count>%u</flap-count>\n", s->flaps);
		if (s->up) {
			lab_o_addr(out, "peer-id", s->peer_rid);
			lab_o_addr(out, "local-id", d->rid);
			fprintf(out, "<active-holdtime>%u</active-holdtime>\n<keepalive-interval>%u</keepalive-interval>\n",
				s->hold, s->hold / 3);
		}
		fprintf(out, "<group-index>%d</group-index>\n<peer-index>%d</peer-index>\n", s->group_index,
			s->peer_index);
		fprintf(out, "<bgp-bfd>\n<bfd-configuration-state>%s</bfd-configuration-state>\n"
			"<bfd-operational-state>%s</bfd-operational-state>\n</bgp-bfd>\n",
			s->bfd ? "enabled" : "disabled", s->bfd_up ? "up" : "down");
		if (s->ifname[0] != '\0')
			fprintf(out, "<local-interface-name>%s</local-interface-name>\n", s->ifname);
		if (s->up) {
			fputs("<nlri-type-peer>inet-unicast</nlri-type-peer>\n"
			      "<nlri-type-session>inet-unicast</nlri-type-session>\n", out);
			fprintf(out, "<bgp-rib junos:style=\"detail\">\n<name>%s</name>\n<rib-bit>20000</rib-bit>\n"
				"<bgp-rib-state>BGP restart is complete</bgp-rib-state>\n"
				"<send-state>in sync</send-state>\n"
				"<active-prefix-count>%zu</active-prefix-count>\n"
				"<received-prefix-count>%zu</received-prefix-count>\n"
				"<accepted-prefix-count>%zu</accepted-prefix-count>\n"
				"<suppressed-prefix-count>0</suppressed-prefix-count>\n"
				"<advertised-prefix-count>%zu</advertised-prefix-count>\n</bgp-rib>\n",
				lab_o_table_name(t, tn, sizeof(tn)), c.active, c.received, c.accepted,
				c.advertised);
			fprintf(out, "<last-received>%d</last-received>\n<last-sent>%d</last-sent>\n"
				"<last-checked>%d</last-checked>\n", 7, 4, 12);
		}
		fprintf(out, "<input-messages>%llu</input-messages>\n<output-messages>%llu</output-messages>\n",
			(unsigned long long)lab_o_msgs(t, s, true), (unsigned long long)lab_o_msgs(t, s, false));
		fputs("</bgp-peer>\n", out);
	}
	lab_o_six = NULL;
	fputs("</bgp-information>\n", out);
	return 0;
}

/* ------------------------------------------------------------ BFD */

static int
lab_o_bfd(FILE *out, const struct lab_trio *t, int di, const struct lab_args *a, char *err,
	  size_t errlen)
{
	const struct lab_dev *d = &t->dev[di];
	bool detail = lab_arg_flag(a, "detail") || lab_arg_flag(a, "extensive");
	bool ext = lab_arg_flag(a, "extensive");
	uint32_t only = 0;
	char buf[64];
	size_t i, n = 0;
	const char *f;

	if ((f = lab_arg(a, "address", buf, sizeof(buf))) != NULL ||
	    (f = lab_arg(a, "session-address", buf, sizeof(buf))) != NULL ||
	    (f = lab_arg(a, "neighbor", buf, sizeof(buf))) != NULL) {
		if (lab_addr_parse(f, &only) != 0) {
			lab_seterr(err, errlen, "invalid BFD address '%s'", f);
			return -1;
		}
	}
	lab_o_ns(out, "bfd-session-information", d->release, "junos-bfd",
		 ext ? "extensive" : detail ? "detail" : NULL);
	for (i = 0; i < t->nsess; i++) {
		const struct lab_sess *s = &t->sess[i];
		uint32_t iv = s->bfd_interval ? s->bfd_interval : s->eff.bfd_interval;
		uint32_t mult = s->bfd_mult ? s->bfd_mult : (s->eff.bfd_mult ? s->eff.bfd_mult : 3);
		if (s->dev != di || !s->bfd || (only != 0 && s->peer_addr != only))
			continue;
		n++;
		fputs("<bfd-session>\n", out);
		lab_o_addr(out, "session-neighbor", s->peer_addr);
		fprintf(out, "<session-state>%s</session-state>\n", s->bfd_up ? "Up" : "Down");
		fprintf(out, "<session-interface>%s</session-interface>\n", s->eff.multihop ? "" : s->ifname);
		if (s->bfd_up)
			fprintf(out, "<session-detection-time>%u.%03u</session-detection-time>\n"
				"<session-transmission-interval>%u.%03u</session-transmission-interval>\n",
				iv * mult / 1000, iv * mult % 1000, iv / 1000, iv % 1000);
		else
			fputs("<session-detection-time>0.000</session-detection-time>\n"
			      "<session-transmission-interval>2.000</session-transmission-interval>\n", out);
		fprintf(out, "<session-adaptive-multiplier>%u</session-adaptive-multiplier>\n", mult);
		if (detail) {
			int64_t up = (t->now_ms - s->since_ms) / 1000;
			fprintf(out, "<bfd-client>\n<client-name>BGP</client-name>\n"
				"<client-transmission-interval>%u.%03u</client-transmission-interval>\n"
				"<client-reception-interval>%u.%03u</client-reception-interval>\n</bfd-client>\n",
				s->eff.bfd_interval / 1000, s->eff.bfd_interval % 1000,
				s->eff.bfd_interval / 1000, s->eff.bfd_interval % 1000);
			if (s->bfd_up) {
				fprintf(out, "<session-up-time junos:seconds=\"%lld\">", (long long)up);
				lab_o_age(out, up, 1);
				fputs("</session-up-time>\n", out);
			}
			fprintf(out, "<local-diagnostic>%s</local-diagnostic>\n<remote-diagnostic>%s</remote-diagnostic>\n",
				s->bfd_up ? "None" : "CtlExpire", s->bfd_up ? "None" : "NbrSignal");
			fputs("<session-version>1</session-version>\n", out);
			fprintf(out, "<remote-state>%s</remote-state>\n", s->bfd_up ? "Up" : "Down");
			fprintf(out, "<session-type>%s</session-type>\n", s->eff.multihop ? "Multi hop BFD" : "Single hop BFD");
			fprintf(out, "<minimum-asynchronous-interval>%u.%03u</minimum-asynchronous-interval>\n"
				"<minimum-transmission-interval>%u.%03u</minimum-transmission-interval>\n"
				"<minimum-reception-interval>%u.%03u</minimum-reception-interval>\n"
				"<detection-multiplier>%u</detection-multiplier>\n",
				s->eff.bfd_interval / 1000, s->eff.bfd_interval % 1000,
				s->eff.bfd_interval / 1000, s->eff.bfd_interval % 1000,
				s->eff.bfd_interval / 1000, s->eff.bfd_interval % 1000, s->eff.bfd_mult);
			fprintf(out, "<local-discriminator>%zu</local-discriminator>\n"
				"<remote-discriminator>%zu</remote-discriminator>\n", 16 + i, s->bfd_up ? 40 + i : 0);
			fputs("<echo-mode-desired>disabled</echo-mode-desired>\n<echo-mode-state>inactive</echo-mode-state>\n",
			      out);
		}
		fputs("</bfd-session>\n", out);
	}
	fprintf(out, "<sessions>%zu</sessions>\n<clients>%zu</clients>\n", n, n);
	fprintf(out, "<cumulative-transmission-rate>%.1f</cumulative-transmission-rate>\n"
		"<cumulative-reception-rate>%.1f</cumulative-reception-rate>\n", n * 3.3, n * 3.3);
	fputs("</bfd-session-information>\n", out);
	return 0;
}

/* ------------------------------------------------------------ instances */

static int
lab_o_instance(FILE *out, const struct lab_trio *t, int di, const struct lab_args *a)
{
	const struct lab_dev *d = &t->dev[di];
	struct lab_rt_counts c;
	char buf[LAB_NAMELEN], tn[LAB_NAMELEN + 8];
	const char *want = lab_arg(a, "instance-name", buf, sizeof(buf));
	bool detail = lab_arg_flag(a, "detail") || lab_arg_flag(a, "extensive");
	size_t i;

	lab_o_ns(out, "instance-information", d->release, "junos-routing", detail ? "detail" : "terse");
	if (want == NULL || strcmp(want, "master") == 0) {
		fputs("<instance-core>\n<instance-name>master</instance-name>\n"
		      "<instance-type>forwarding</instance-type>\n<instance-state>Active</instance-state>\n", out);
		if (d->cfg.router_id)
			lab_o_addr(out, "router-id", d->cfg.router_id);
		fputs("<instance-rib>\n<irib-name>inet.0</irib-name>\n<irib-route-count>0</irib-route-count>\n"
		      "<irib-active-count>0</irib-active-count>\n<irib-holddown-count>0</irib-holddown-count>\n"
		      "<irib-hidden-count>0</irib-hidden-count>\n</instance-rib>\n</instance-core>\n", out);
	}
	if (d->inst != NULL && (want == NULL || strcmp(want, t->inst) == 0)) {
		lab_o_counts(d, &c);
		fprintf(out, "<instance-core>\n<instance-name>%s</instance-name>\n"
			"<instance-type>%s</instance-type>\n<instance-state>Active</instance-state>\n",
			t->inst, d->inst->type[0] ? d->inst->type : "forwarding");
		if (detail) {
			lab_o_addr(out, "router-id", d->rid);
			for (i = 0; i < d->inst->nifnames; i++)
				fprintf(out, "<instance-interface>\n<interface-name>%s</interface-name>\n"
					"</instance-interface>\n", d->inst->ifnames[i]);
		}
		fprintf(out, "<instance-rib>\n<irib-name>%s</irib-name>\n<irib-route-count>%zu</irib-route-count>\n"
			"<irib-active-count>%zu</irib-active-count>\n<irib-holddown-count>0</irib-holddown-count>\n"
			"<irib-hidden-count>%zu</irib-hidden-count>\n</instance-rib>\n</instance-core>\n",
			lab_o_table_name(t, tn, sizeof(tn)), c.routes, c.active, c.hidden);
	}
	fputs("</instance-information>\n", out);
	return 0;
}

/* ------------------------------------------------------------ traceroute */

int
lab_o_trace_walk(const struct lab_trio *t, int di, uint32_t host, struct lab_hop *hops,
		 size_t *nhops, size_t max)
{
	uint32_t rtt = 380;
	size_t guard;

	*nhops = 0;
	for (guard = 0; guard < 8 && *nhops < max; guard++) {
		const struct lab_dev *d = &t->dev[di];
		const struct lab_path *p = lab_rib_lookup(&d->rib, host);
		const struct lab_ext *e = NULL;
		size_t i;

		if (p == NULL || p->nhtype == LAB_NH_DISCARD || p->nhtype == LAB_NH_REJECT)
			return -1;
		if (p->proto == LAB_P_DIRECT || p->proto == LAB_P_LOCAL) {
			hops[(*nhops)++] = (struct lab_hop){ host, rtt + 250 };
			return 0;
		}
		if (p->proto == LAB_P_BGP && p->sess >= 0) {
			const struct lab_sess *s = &t->sess[p->sess];
			if (s->remote == LAB_REMOTE_DEV) {
				hops[(*nhops)++] = (struct lab_hop){ p->nh ? p->nh : s->peer_addr, rtt };
				rtt += 260;
				di = s->rdev;
				continue;
			}
			if (s->remote == LAB_REMOTE_EXT)
				e = &t->ext[s->ext];
		}
		if (e == NULL) {
			/* static route: a tunnel or a next hop owned by a peer or a lab device */
			for (i = 0; i < t->next && e == NULL; i++)
				if (strcmp(t->ext[i].device, d->name) == 0 &&
				    ((p->nh == 0 && strcmp(t->ext[i].ifname, p->via) == 0) ||
				     (p->nh != 0 && t->ext[i].addr == p->nh)))
					e = &t->ext[i];
			if (e == NULL && p->nh != 0) {
				int dj;
				for (dj = 0; dj < t->ndev; dj++)
					if (dj != di && t->dev[dj].inst != NULL &&
					    lab_cfg_owner(&t->dev[dj].cfg, t->dev[dj].inst, p->nh) != NULL)
						break;
				if (dj < t->ndev) {
					hops[(*nhops)++] = (struct lab_hop){ p->nh, rtt };
					rtt += 260;
					di = dj;
					continue;
				}
			}
		}
		if (e == NULL)
			return -1;
		{
			char tr[32], *save = NULL, *tok;
			bool reach = false;
			snprintf(tr, sizeof(tr), "%s", e->trace);
			for (tok = strtok_r(tr, " ", &save); tok != NULL && *nhops < max;
			     tok = strtok_r(NULL, " ", &save)) {
				if (strcmp(tok, "self") == 0)
					hops[(*nhops)++] = (struct lab_hop){ e->addr, rtt + e->rtt_us / 2 };
				else
					hops[(*nhops)++] = (struct lab_hop){ 0, 0 };
			}
			for (i = 0; i < e->adv.n; i++)
				reach |= (host & lab_mask(e->adv.v[i].pfx.len)) == e->adv.v[i].pfx.addr;
			if (!e->up)
				reach = false;
			if (!reach)
				return -1;
			if (*nhops < max)
				hops[(*nhops)++] = (struct lab_hop){ host, rtt + e->rtt_us * 5 };
			return 0;
		}
	}
	return -1;
}

static void
lab_o_padded(FILE *out, const char *elem, const char *val)
{
	fprintf(out, "<%s>\n%s\n</%s>\n", elem, val, elem);
}

static int
lab_o_traceroute(FILE *out, const struct lab_trio *t, int di, const struct lab_args *a, char *err,
		 size_t errlen)
{
	const struct lab_dev *d = &t->dev[di];
	struct lab_hop hops[30];
	size_t nhops = 0, i;
	char buf[64], ri[LAB_NAMELEN], b[16], num[32];
	uint32_t host;
	int rc;
	long long now_s = (long long)(t->now_ms / 1000);

	if (lab_arg(a, "host", buf, sizeof(buf)) == NULL || lab_addr_parse(buf, &host) != 0) {
		lab_seterr(err, errlen, "traceroute: host must be an IPv4 address");
		return -1;
	}
	rc = -1;
	if (lab_arg(a, "routing-instance", ri, sizeof(ri)) != NULL && strcmp(ri, t->inst) == 0 &&
	    d->inst != NULL)
		rc = lab_o_trace_walk(t, di, host, hops, &nhops, 30);
	lab_o_ns(out, "traceroute-results", d->release, "junos-probe-tests", NULL);
	lab_o_padded(out, "target-host", lab_addr_fmt(host, b));
	lab_o_padded(out, "target-ip", b);
	fputs("<max-hop-index>30</max-hop-index>\n<packet-size>52</packet-size>\n", out);
	for (i = 0; i < nhops; i++) {
		int pr;
		fprintf(out, "<hop>\n<ttl-value>%zu</ttl-value>\n", i + 1);
		for (pr = 1; pr <= 3; pr++) {
			fprintf(out, "<probe-result date-determined=\"%lld\">\n<probe-index>%d</probe-index>\n",
				now_s, pr);
			if (hops[i].addr == 0) {
				fputs("<probe-failure/>\n</probe-result>\n", out);
				continue;
			}
			lab_o_padded(out, "ip-address", lab_addr_fmt(hops[i].addr, b));
			lab_o_padded(out, "host-name", b);
			snprintf(num, sizeof(num), "%u", hops[i].rtt_us + (uint32_t)pr * 37);
			lab_o_padded(out, "rtt", num);
			if (hops[i].addr != host)
				fputs("<icmp-type integer-type-value=\"11\">\n<icmp-timxceed/>\n</icmp-type>\n", out);
			fputs("<probe-success/>\n</probe-result>\n", out);
		}
		fputs("</hop>\n", out);
	}
	fputs(rc == 0 ? "<traceroute-success/>\n" : "<traceroute-failure/>\n", out);
	fputs("</traceroute-results>\n", out);
	return 0;
}

/* ------------------------------------------------------------ dispatch */

enum lab_rpc_kind { LAB_RPC_ROUTE, LAB_RPC_BGP_SUM, LAB_RPC_BGP_NBR, LAB_RPC_BFD, LAB_RPC_INST,
		    LAB_RPC_TRACE };

static const struct {
	const char *name;
	int kind;
} lab_rpcs[] = {
	{ "get-route-information", LAB_RPC_ROUTE },
	{ "get-bgp-summary-information", LAB_RPC_BGP_SUM },
	{ "get-bgp-neighbor-information", LAB_RPC_BGP_NBR },
	{ "get-bfd-session-information", LAB_RPC_BFD },
	{ "get-instance-information", LAB_RPC_INST },
	{ "traceroute", LAB_RPC_TRACE },
};

int
lab_oper_rpc(const char *dir, const char *device, const char *release, xmlNodePtr rpc,
	     FILE *out, char *err, size_t errlen)
{
	struct lab_trio *t = NULL;
	struct lab_args a;
	char *body = NULL;
	size_t blen = 0, i;
	FILE *mem = NULL;
	int kind = -1, di, rc = -1;

	if (rpc == NULL || rpc->type != XML_ELEMENT_NODE)
		return 1;
	for (i = 0; i < sizeof(lab_rpcs) / sizeof(lab_rpcs[0]); i++)
		if (strcmp((const char *)rpc->name, lab_rpcs[i].name) == 0)
			kind = lab_rpcs[i].kind;
	if (kind < 0)
		return 1;
	a.rpc = rpc;
	if (lab_trio_build(dir, device, 0, 0, &t, err, errlen) != 0)
		return -1;
	di = lab_trio_devidx(t, device);
	if (di < 0) {
		lab_seterr(err, errlen, "%s: not a lab device", device);
		goto cleanup;
	}
	if (release != NULL && release[0] != '\0')
		snprintf(t->dev[di].release, sizeof(t->dev[di].release), "%s", release);
	/* build the body in memory so an argument error leaves out untouched */
	if ((mem = open_memstream(&body, &blen)) == NULL) {
		lab_seterr(err, errlen, "out of memory");
		goto cleanup;
	}
	switch (kind) {
	case LAB_RPC_ROUTE: rc = lab_o_route_info(mem, t, di, &a, err, errlen); break;
	case LAB_RPC_BGP_SUM: rc = lab_o_bgp_summary(mem, t, di, &a); break;
	case LAB_RPC_BGP_NBR: rc = lab_o_bgp_neighbor(mem, t, di, &a, err, errlen); break;
	case LAB_RPC_BFD: rc = lab_o_bfd(mem, t, di, &a, err, errlen); break;
	case LAB_RPC_INST: rc = lab_o_instance(mem, t, di, &a); break;
	case LAB_RPC_TRACE: rc = lab_o_traceroute(mem, t, di, &a, err, errlen); break;
	}
	lab_o_six = NULL;
	if (fclose(mem) != 0)
		rc = -1;
	mem = NULL;
	if (rc != 0)
		goto cleanup;
	if (t->cluster_wrapper && t->dev[di].role == LAB_ROLE_FW)
		fputs("<multi-routing-engine-results>\n<multi-routing-engine-item>\n<re-name>node0</re-name>\n",
		      out);
	fwrite(body, 1, blen, out);
	if (t->cluster_wrapper && t->dev[di].role == LAB_ROLE_FW)
		fputs("</multi-routing-engine-item>\n</multi-routing-engine-results>\n", out);
	rc = 0;
cleanup:
	if (mem != NULL)
		fclose(mem);
	free(body);
	lab_trio_free(t);
	return rc;
}
