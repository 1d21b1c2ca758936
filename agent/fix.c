/*
 * fix.c - what the intent owns on a device, as Junos `set` lines, and
 * the minimal change from the running configuration to it.
 *
 * A device's owned paths are rows (struct fix_own): a path of set-line
 * words, how it compares (one value, an ordered list, a subtree, or only
 * its activation), the lines it must hold, and the checks a change there
 * repairs.  The running configuration comes in `set` form; only its
 * lines on an owned path are looked at.  The change deletes what an
 * owned path holds that the intent does not want (the largest subtree
 * that holds nothing wanted, so one line per stray term or route-filter),
 * activates what was deactivated there, and sets what is missing.  The
 * same input always gives the same lines, and a configuration that
 * already holds the owned lines gives none: applying a change twice
 * changes nothing the second time.
 */
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "util.h"

const char *const eg_fix_unrepairable[] = {
	"bgp-sessions", "vpn-recv", "backup-ready", "active-path", "azure-learned",
	"azure-advertised", "prefix-budget", NULL
};

bool
eg_fix_repairable(const char *check_id)
{
	size_t i;

	for (i = 0; eg_fix_unrepairable[i] != NULL; i++)
		if (strcmp(eg_fix_unrepairable[i], check_id) == 0)
			return false;
	return true;
}

enum fix_kind {
	FIX_LEAF,	/* one value: a set replaces it */
	FIX_LIST,	/* an ordered list (export): replaced whole when it differs */
	FIX_TREE,	/* a subtree (a policy-statement): stray lines deleted, missing set */
	FIX_ACTIVE	/* only that it is not deactivated */
};

struct fix_own {
	char *path;		/* set-line words without the verb */
	enum fix_kind kind;
	char **want;		/* whole lines without the verb */
	size_t nwant;
	const char *checks;	/* space-separated check ids */
};

struct fix_owns {
	struct fix_own *v;
	size_t n;
};

/* A growing list of strings, no duplicates when asked. */
struct fix_strv {
	char **v;
	size_t n;
};

static bool
fix_strv_has(const struct fix_strv *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return true;
	return false;
}

/* Append x (taken) unless present, then it is freed. */
static void
fix_strv_take(struct fix_strv *s, char *x, bool unique)
{
	if (unique && fix_strv_has(s, x)) {
		free(x);
		return;
	}
	s->v = eg_xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = x;
}

static void
fix_strv_free(struct fix_strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static struct fix_own *
fix_own_add(struct fix_owns *o, enum fix_kind kind, const char *checks, char *path)
{
	struct fix_own *w;

	o->v = eg_xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	w = &o->v[o->n++];
	memset(w, 0, sizeof(*w));
	w->path = path;
	w->kind = kind;
	w->checks = checks;
	return w;
}

static void
fix_own_want(struct fix_own *w, char *line)
{
	w->want = eg_xrealloc(w->want, (w->nwant + 1) * sizeof(*w->want));
	w->want[w->nwant++] = line;
}

static void
fix_owns_free(struct fix_owns *o)
{
	size_t i, j;

	for (i = 0; i < o->n; i++) {
		for (j = 0; j < o->v[i].nwant; j++)
			free(o->v[i].want[j]);
		free(o->v[i].want);
		free(o->v[i].path);
	}
	free(o->v);
}

/* Is line on path (the path itself or below it)? */
static bool
fix_under(const char *line, const char *path)
{
	size_t n = strlen(path);

	return strncmp(line, path, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

/* ---------------------------------------------------------------- the running configuration */

/* The configuration's lines, split by verb, blanks collapsed. */
struct fix_have {
	struct fix_strv set;		/* "routing-instances ..." of "set ..." lines */
	struct fix_strv deact;		/* paths of "deactivate ..." lines */
};

static void
fix_have_parse(const char *text, struct fix_have *h)
{
	const char *p = text ? text : "";

	memset(h, 0, sizeof(*h));
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		char *line = eg_xcalloc(n + 1, 1), *q = line;
		const char *s;
		bool blank = true, quoted = false;

		/* collapse runs of blanks outside quotes, drop leading and trailing ones */
		for (s = p; s < p + n; s++) {
			if (*s == '"')
				quoted = !quoted;
			if (!quoted && (*s == ' ' || *s == '\t' || *s == '\r')) {
				blank = true;
				continue;
			}
			if (blank && q != line)
				*q++ = ' ';
			blank = false;
			*q++ = *s;
		}
		*q = '\0';
		if (strncmp(line, "set ", 4) == 0)
			fix_strv_take(&h->set, eg_xstrdup(line + 4), false);
		else if (strncmp(line, "deactivate ", 11) == 0)
			fix_strv_take(&h->deact, eg_xstrdup(line + 11), false);
		free(line);
		p += n + (p[n] == '\n');
	}
}

static void
fix_have_free(struct fix_have *h)
{
	fix_strv_free(&h->set);
	fix_strv_free(&h->deact);
}

/* ---------------------------------------------------------------- rendering */

/* The export policy's lines: the on-prem prefixes, exactly, from protocol proto ("any": none). */
static void
fix_render_policy(struct fix_own *w, const struct eg_service *svc, const char *proto)
{
	char pfx[EG_PREFIX_STRLEN];
	size_t i;

	if (proto != NULL && strcmp(proto, "any") != 0)
		fix_own_want(w, eg_xasprintf("%s term onprem from protocol %s", w->path, proto));
	for (i = 0; i < svc->nonprem; i++)
		fix_own_want(w, eg_xasprintf("%s term onprem from route-filter %s exact", w->path,
					     eg_prefix_fmt(&svc->onprem[i], pfx)));
	fix_own_want(w, eg_xasprintf("%s term onprem then accept", w->path));
	fix_own_want(w, eg_xasprintf("%s term last then reject", w->path));
}

#define FIX_CHECKS_LP	"lp-config lp-rib"
#define FIX_CHECKS_BFD	"bfd-config bfd-state"
#define FIX_CHECKS_ER	"er-adv-symmetry er-adv-coverage"
#define FIX_CHECKS_VPN	"vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage"

static void
fix_render_ce(const struct eg_service *svc, const struct eg_er_link *l, struct fix_owns *o)
{
	char peer[EG_ADDR_STRLEN];
	struct fix_own *w;
	char *g;

	g = eg_xasprintf("routing-instances %s protocols bgp group", svc->instance);
	w = fix_own_add(o, FIX_LEAF, FIX_CHECKS_LP,
			eg_xasprintf("%s %s local-preference", g, l->ibgp_group));
	fix_own_want(w, eg_xasprintf("%s %u", w->path, l->local_pref));
	if (svc->bfd.enabled) {
		fix_own_add(o, FIX_ACTIVE, FIX_CHECKS_BFD,
			    eg_xasprintf("%s %s bfd-liveness-detection", g, l->ebgp_group));
		w = fix_own_add(o, FIX_LEAF, FIX_CHECKS_BFD,
				eg_xasprintf("%s %s bfd-liveness-detection minimum-interval", g,
					     l->ebgp_group));
		fix_own_want(w, eg_xasprintf("%s %u", w->path, svc->bfd.min_interval_ms));
		w = fix_own_add(o, FIX_LEAF, FIX_CHECKS_BFD,
				eg_xasprintf("%s %s bfd-liveness-detection multiplier", g,
					     l->ebgp_group));
		fix_own_want(w, eg_xasprintf("%s %u", w->path, svc->bfd.multiplier));
	}
	/*
	 * Toward the MSEE: the intent's named policy, or (none named, as in
	 * the reference design) no export at all, so that the CE passes on
	 * exactly what the firewall sends it.  A neighbor-level export would
	 * override the group's on one link only: never wanted.
	 */
	w = fix_own_add(o, FIX_LIST, FIX_CHECKS_ER, eg_xasprintf("%s %s export", g, l->ebgp_group));
	if (svc->er_export_policy != NULL)
		fix_own_want(w, eg_xasprintf("%s %s", w->path, svc->er_export_policy));
	fix_own_add(o, FIX_LIST, FIX_CHECKS_ER, eg_xasprintf("%s %s neighbor %s export", g,
							     l->ebgp_group,
							     eg_addr_fmt(&l->msee_peer, peer)));
	if (svc->er_export_policy != NULL) {
		w = fix_own_add(o, FIX_TREE, FIX_CHECKS_ER,
				eg_xasprintf("policy-options policy-statement %s",
					     svc->er_export_policy));
		fix_render_policy(w, svc, "bgp");
	}
	free(g);
}

/* The firewall's group holding the VPN peers: the intent's, else the one configuring the first peer. */
static char *
fix_vpn_group(const struct eg_service *svc, const struct fix_have *h)
{
	char peer[EG_ADDR_STRLEN], *pre;
	size_t i, n;

	if (svc->vpn.ebgp_group != NULL)
		return eg_xstrdup(svc->vpn.ebgp_group);
	if (svc->vpn.npeers == 0)
		return NULL;
	pre = eg_xasprintf("routing-instances %s protocols bgp group ", svc->instance);
	n = strlen(pre);
	eg_addr_fmt(&svc->vpn.peers[0], peer);
	for (i = 0; i < h->set.n; i++) {
		const char *l = h->set.v[i], *sp;

		if (strncmp(l, pre, n) != 0 || (sp = strchr(l + n, ' ')) == NULL)
			continue;
		if (strncmp(sp, " neighbor ", 10) == 0 && fix_under(sp + 10, peer)) {
			char *g = eg_xasprintf("%.*s", (int)(sp - (l + n)), l + n);
			free(pre);
			return g;
		}
	}
	free(pre);
	return NULL;
}

static void
fix_render_fw(const struct eg_service *svc, const struct fix_have *h, struct fix_owns *o)
{
	char peer[EG_ADDR_STRLEN];
	struct fix_own *w;
	char *grp = fix_vpn_group(svc, h), *g;
	size_t i;

	if (grp == NULL) {
		eg_log(EG_LOG_WARN, svc->vpn.firewall, "%s: no BGP group holds the VPN peers: "
		       "the VPN export is not rendered", svc->name);
		return;
	}
	g = eg_xasprintf("routing-instances %s protocols bgp group %s", svc->instance, grp);
	w = fix_own_add(o, FIX_LIST, FIX_CHECKS_VPN, eg_xasprintf("%s export", g));
	fix_own_want(w, eg_xasprintf("%s %s", w->path, svc->vpn.export_policy));
	for (i = 0; i < svc->vpn.npeers; i++)
		fix_own_add(o, FIX_LIST, FIX_CHECKS_VPN,
			    eg_xasprintf("%s neighbor %s export", g,
					 eg_addr_fmt(&svc->vpn.peers[i], peer)));
	w = fix_own_add(o, FIX_TREE, FIX_CHECKS_VPN,
			eg_xasprintf("policy-options policy-statement %s", svc->vpn.export_policy));
	fix_render_policy(w, svc, svc->vpn.export_protocol);
	free(g);
	free(grp);
}

static void
fix_render(const struct eg_intent *in, const char *dev, const struct fix_have *h,
	   struct fix_owns *o)
{
	size_t i, j;

	for (i = 0; i < in->nservices; i++) {
		const struct eg_service *svc = &in->services[i];

		for (j = 0; j < svc->ner; j++)
			if (strcmp(svc->er[j].ce, dev) == 0)
				fix_render_ce(svc, &svc->er[j], o);
		if (svc->vpn.firewall != NULL && strcmp(svc->vpn.firewall, dev) == 0)
			fix_render_fw(svc, h, o);
	}
}

/* ---------------------------------------------------------------- the change */

/* One change for the compare view: under [edit parent], sign and statement. */
struct fix_cmp {
	char *parent;
	char sign;		/* '-', '+', '!' */
	char *stmt;
};

struct fix_change {
	struct fix_strv del, set, act;	/* the lines, by verb, in order */
	struct fix_cmp *cmp;
	size_t ncmp;
	struct fix_strv checks;
};

/* The [edit ...] a line of own w shows under, and the statement after it. */
static void
fix_split(const struct fix_own *w, char sign, const char *line, char **parent, char **stmt)
{
	const char *cut, *t;

	if (sign == '!') {
		cut = strrchr(line, ' ');	/* the deactivated statement itself */
	} else if (w->kind == FIX_TREE) {
		cut = line + strlen(w->path);
		if (strncmp(cut, " term ", 6) == 0 && (t = strchr(cut + 6, ' ')) != NULL) {
			cut = t;
			if (strncmp(t, " from ", 6) == 0 || strncmp(t, " then ", 6) == 0)
				cut = t + 5;
		}
	} else {
		cut = line + (strrchr(w->path, ' ') - w->path);
	}
	if (cut == NULL)
		cut = line;
	*parent = eg_xasprintf("%.*s", (int)(cut - line), line);
	*stmt = eg_xstrdup(*cut == ' ' ? cut + 1 : cut);
}

static void
fix_cmp_add(struct fix_change *c, const struct fix_own *w, char sign, const char *line)
{
	struct fix_cmp *x;

	c->cmp = eg_xrealloc(c->cmp, (c->ncmp + 1) * sizeof(*c->cmp));
	x = &c->cmp[c->ncmp++];
	x->sign = sign;
	fix_split(w, sign, line, &x->parent, &x->stmt);
}

static void
fix_checks_add(struct fix_change *c, const char *checks)
{
	const char *p = checks;

	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		fix_strv_take(&c->checks, eg_xasprintf("%.*s", (int)n, p), true);
		p += n + (p[n] == ' ');
	}
}

static bool
fix_want_has(const struct fix_own *w, const char *line)
{
	size_t i;

	for (i = 0; i < w->nwant; i++)
		if (strcmp(w->want[i], line) == 0)
			return true;
	return false;
}

/* Does any wanted line sit at or below prefix? */
static bool
fix_want_under(const struct fix_own *w, const char *prefix)
{
	size_t i;

	for (i = 0; i < w->nwant; i++)
		if (fix_under(w->want[i], prefix))
			return true;
	return false;
}

/* The "term NAME" word after path in line, as a new string, or NULL. */
static char *
fix_term(const char *path, const char *line)
{
	const char *t = line + strlen(path);

	if (strncmp(t, " term ", 6) != 0)
		return NULL;
	t += 6;
	return eg_xasprintf("%.*s", (int)strcspn(t, " "), t);
}

/* The distinct terms of lines under path, in order. */
static void
fix_terms(const char *path, char *const *lines, size_t n, struct fix_strv *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *t;

		if (!fix_under(lines[i], path) || (t = fix_term(path, lines[i])) == NULL)
			continue;
		fix_strv_take(out, t, true);
	}
}

/*
 * Whether setting only the missing lines would leave the subtree's terms
 * out of the wanted order (a term set anew goes last); such a subtree is
 * replaced whole.  Stray terms are deleted, so they do not count.
 */
static bool
fix_tree_reorders(const struct fix_own *w, const struct fix_strv *have)
{
	struct fix_strv ht = { 0 }, wt = { 0 };
	size_t i, k = 0;
	bool bad = false, missing = false;

	fix_terms(w->path, have->v, have->n, &ht);
	fix_terms(w->path, w->want, w->nwant, &wt);
	for (i = 0; i < wt.n && !bad; i++) {
		if (!fix_strv_has(&ht, wt.v[i])) {
			missing = true;
			continue;
		}
		/* a held term after a missing one, or held in another order */
		while (k < ht.n && !fix_strv_has(&wt, ht.v[k]))
			k++;
		bad = missing || k >= ht.n || strcmp(ht.v[k], wt.v[i]) != 0;
		k++;
	}
	fix_strv_free(&ht);
	fix_strv_free(&wt);
	return bad;
}

/* The lines of have under path. */
static void
fix_have_under(const struct fix_strv *have, const char *path, struct fix_strv *out)
{
	size_t i;

	for (i = 0; i < have->n; i++)
		if (fix_under(have->v[i], path))
			fix_strv_take(out, eg_xstrdup(have->v[i]), false);
}

static void
fix_delete_all(struct fix_change *c, const struct fix_own *w, const struct fix_strv *hl)
{
	size_t i;

	fix_strv_take(&c->del, eg_xasprintf("delete %s", w->path), true);
	for (i = 0; i < hl->n; i++)
		fix_cmp_add(c, w, '-', hl->v[i]);
}

static void
fix_set_missing(struct fix_change *c, const struct fix_own *w, const struct fix_strv *hl,
		bool all)
{
	size_t i;

	for (i = 0; i < w->nwant; i++) {
		if (!all && fix_strv_has(hl, w->want[i]))
			continue;
		fix_strv_take(&c->set, eg_xasprintf("set %s", w->want[i]), true);
		fix_cmp_add(c, w, '+', w->want[i]);
	}
}

/* Does del end inside an entry whose name is two words ("route-filter ADDR")? */
static bool
fix_entry_cut(const char *del)
{
	const char *last = strrchr(del, ' ');
	size_t n;

	if (last == NULL)
		return false;
	n = (size_t)(last - del);
	return (n >= 13 && strncmp(last - 13, " route-filter", 13) == 0) ||
	       (n >= 19 && strncmp(last - 19, " prefix-list-filter", 19) == 0);
}

static void
fix_take_line(char **del, const char *line)
{
	free(*del);
	*del = eg_xstrdup(line);
}

/* The change one own needs; true when it needs any. */
static bool
fix_own_diff(const struct fix_own *w, const struct fix_have *h, struct fix_change *c)
{
	struct fix_strv hl = { 0 };
	size_t before = c->del.n + c->set.n + c->act.n, i;
	bool same;

	fix_have_under(&h->set, w->path, &hl);
	switch (w->kind) {
	case FIX_LEAF:
		if (w->nwant == 0 && hl.n > 0)
			fix_delete_all(c, w, &hl);
		else if (w->nwant > 0 && !fix_strv_has(&hl, w->want[0])) {
			for (i = 0; i < hl.n; i++)
				fix_cmp_add(c, w, '-', hl.v[i]);
			fix_set_missing(c, w, &hl, false);
		}
		break;
	case FIX_LIST:
		same = hl.n == w->nwant;
		for (i = 0; same && i < hl.n; i++)
			same = strcmp(hl.v[i], w->want[i]) == 0;
		if (!same) {
			if (hl.n > 0)
				fix_delete_all(c, w, &hl);
			fix_set_missing(c, w, &hl, true);
		}
		break;
	case FIX_TREE:
		if (hl.n > 0 && (w->nwant == 0 || fix_tree_reorders(w, &hl))) {
			fix_delete_all(c, w, &hl);
			fix_set_missing(c, w, &hl, true);
			break;
		}
		for (i = 0; i < hl.n; i++) {
			const char *l = hl.v[i];
			const char *p = l + strlen(w->path);
			char *del = NULL;

			if (fix_want_has(w, l))
				continue;
			/* the shortest prefix below the path that holds nothing wanted */
			while (*p != '\0') {
				p = strchr(p + 1, ' ');
				if (p == NULL)
					p = l + strlen(l);
				free(del);
				del = eg_xasprintf("%.*s", (int)(p - l), l);
				if (!fix_want_under(w, del))
					break;
			}
			/* a route-filter is named by its address and match type together */
			if (del != NULL && fix_entry_cut(del))
				fix_take_line(&del, l);
			if (del != NULL && !fix_want_under(w, del)) {
				size_t k;
				bool covered = false;
				for (k = 0; k < c->del.n; k++)
					covered = covered || fix_under(del, c->del.v[k] + 7);
				if (!covered)
					fix_strv_take(&c->del, eg_xasprintf("delete %s", del), true);
				fix_cmp_add(c, w, '-', l);
			}
			free(del);
		}
		fix_set_missing(c, w, &hl, false);
		break;
	case FIX_ACTIVE:
		break;
	}
	/* deactivated statements on the path: wanted lines must be active */
	if (w->kind == FIX_ACTIVE || w->nwant > 0)
		for (i = 0; i < h->deact.n; i++) {
			const char *x = h->deact.v[i];

			if (!fix_under(x, w->path))
				continue;
			if (fix_strv_has(&c->act, x))
				continue;
			fix_strv_take(&c->act, eg_xasprintf("activate %s", x), true);
			fix_cmp_add(c, w, '!', x);
		}
	fix_strv_free(&hl);
	if (c->del.n + c->set.n + c->act.n == before)
		return false;
	fix_checks_add(c, w->checks);
	return true;
}

/* The compare view: changes grouped under their [edit ...], in first-seen order. */
static char *
fix_compare(const struct fix_change *c)
{
	char *out = eg_xstrdup(""), *t;
	bool *done = eg_xcalloc(c->ncmp ? c->ncmp : 1, sizeof(*done));
	size_t i, j;

	for (i = 0; i < c->ncmp; i++) {
		if (done[i])
			continue;
		t = eg_xasprintf("%s[edit %s]\n", out, c->cmp[i].parent);
		free(out);
		out = t;
		for (j = i; j < c->ncmp; j++) {
			if (done[j] || strcmp(c->cmp[j].parent, c->cmp[i].parent) != 0)
				continue;
			done[j] = true;
			if (c->cmp[j].sign == '!')
				t = eg_xasprintf("%s!    active: %s\n", out, c->cmp[j].stmt);
			else
				t = eg_xasprintf("%s%c    %s;\n", out, c->cmp[j].sign, c->cmp[j].stmt);
			free(out);
			out = t;
		}
	}
	free(done);
	return out;
}

void
eg_fix_device_plan(const struct eg_intent *in, const char *dev, const char *set_text,
		   struct eg_fix_device *out)
{
	struct fix_have h;
	struct fix_owns o = { 0 };
	struct fix_change c;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	out->device = eg_xstrdup(dev);
	fix_have_parse(set_text, &h);
	fix_render(in, dev, &h, &o);
	for (i = 0; i < o.n; i++)
		fix_own_diff(&o.v[i], &h, &c);
	/* load order: deletes, then sets, then activations */
	out->lines = eg_xcalloc(c.del.n + c.set.n + c.act.n + 1, sizeof(*out->lines));
	for (i = 0; i < c.del.n; i++)
		out->lines[out->nlines++] = c.del.v[i];
	for (i = 0; i < c.set.n; i++)
		out->lines[out->nlines++] = c.set.v[i];
	for (i = 0; i < c.act.n; i++)
		out->lines[out->nlines++] = c.act.v[i];
	free(c.del.v);
	free(c.set.v);
	free(c.act.v);
	out->compare = fix_compare(&c);
	out->checks = c.checks.v;
	out->nchecks = c.checks.n;
	for (i = 0; i < c.ncmp; i++) {
		free(c.cmp[i].parent);
		free(c.cmp[i].stmt);
	}
	free(c.cmp);
	fix_owns_free(&o);
	fix_have_free(&h);
}

void
eg_fix_device_clear(struct eg_fix_device *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nlines; i++)
		free(d->lines[i]);
	free(d->lines);
	for (i = 0; i < d->nheld; i++)
		free(d->held[i]);
	free(d->held);
	for (i = 0; i < d->nchecks; i++)
		free(d->checks[i]);
	free(d->checks);
	free(d->compare);
	free(d->why);
	free(d->outcome);
	free(d->account);
	free(d->device);
	memset(d, 0, sizeof(*d));
}

void
eg_fix_plan_free(struct eg_fix_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ndevs; i++)
		eg_fix_device_clear(&p->devs[i]);
	free(p->devs);
	for (i = 0; i < p->nfailing; i++)
		free(p->failing[i]);
	free(p->failing);
	for (i = 0; i < p->nunrepaired; i++)
		free(p->unrepaired[i]);
	free(p->unrepaired);
	memset(p, 0, sizeof(*p));
}

size_t
eg_fix_plan_nlines(const struct eg_fix_plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->ndevs; i++)
		n += p->devs[i].nlines;
	return n;
}

/* Does device d's change repair one of p's failing checks? */
static bool
fix_repairs_failing(const struct eg_fix_plan *p, const struct eg_fix_device *d)
{
	size_t i, k;

	for (i = 0; i < p->nfailing; i++)
		for (k = 0; k < d->nchecks; k++)
			if (strcmp(d->checks[k], p->failing[i]) == 0)
				return true;
	return false;
}

void
eg_fix_plan_unrepaired(struct eg_fix_plan *p)
{
	size_t i, j;
	bool beyond = false;

	for (i = 0; i < p->nunrepaired; i++)
		free(p->unrepaired[i]);
	free(p->unrepaired);
	p->unrepaired = NULL;
	p->nunrepaired = 0;
	for (i = 0; i < p->nfailing; i++) {
		bool repaired = false;

		for (j = 0; j < p->ndevs && !repaired; j++) {
			size_t k;
			for (k = 0; k < p->devs[j].nchecks && !repaired; k++)
				repaired = strcmp(p->devs[j].checks[k], p->failing[i]) == 0;
		}
		if (repaired)
			continue;
		beyond = beyond || !eg_fix_repairable(p->failing[i]);
		p->unrepaired = eg_xrealloc(p->unrepaired,
					    (p->nunrepaired + 1) * sizeof(*p->unrepaired));
		p->unrepaired[p->nunrepaired++] = eg_xstrdup(p->failing[i]);
	}
	if (!beyond)
		return;
	for (j = 0; j < p->ndevs; j++) {
		struct eg_fix_device *d = &p->devs[j];

		if (d->nlines == 0 || d->nheld > 0 || fix_repairs_failing(p, d))
			continue;
		d->held = d->lines;
		d->nheld = d->nlines;
		d->lines = eg_xcalloc(1, sizeof(*d->lines));
		d->nlines = 0;
	}
}
