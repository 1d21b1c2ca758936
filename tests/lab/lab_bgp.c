/*
 * lab_bgp.c - the routing world's BGP engine.
 *
 * From the devices' configurations it derives the BGP sessions of one trio
 * (between lab devices, and to the simulated MSEEs and VPN gateways), then
 * runs the trio as a synchronous simulation: in each round every device
 * rebuilds its routing table from its own routes and what its established
 * peers sent in the previous round, picks the active path by the Junos
 * order (preference, local-preference, AS path length, origin, MED within
 * one neighbouring AS, eBGP over iBGP, router ID, peer address), and
 * computes what it sends to each peer through its export policies.  A
 * round takes LAB_PROC_MS of simulated time, so a change crosses an iBGP
 * hop in that delay.  External peers fail and recover by the event log,
 * and configurations change at their commits (see "timeline" below): a
 * session to a failed or unheard peer drops after the BFD detection time
 * when BFD runs on it, else after the negotiated hold time scaled by the
 * lab's time-scale; one the configuration closes drops at the commit.
 *
 * Simplifications, on purpose: every speaker advertises itself as next
 * hop (as CE routers toward a firewall are normally configured with
 * next-hop self), IGP metrics are equal, no route reflection, IPv4
 * unicast only.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lab_world_int.h"

#define LAB_MAX_ROUNDS 64
#define LAB_LOG_CAP 16		/* active-path changes logged per device and round */

void
lab_rib_clear(struct lab_rib *r)
{
	if (r == NULL)
		return;
	free(r->p);
	memset(r, 0, sizeof(*r));
}

void
lab_advs_clear(struct lab_advs *a)
{
	if (a == NULL)
		return;
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static int
lab_rib_push(struct lab_rib *r, const struct lab_path *p)
{
	if (lab_grow((void **)&r->p, &r->cap, r->n + 1, sizeof(*p)) != 0)
		return -1;
	r->p[r->n++] = *p;
	return 0;
}

static int
lab_advs_push(struct lab_advs *a, const struct lab_adv *v)
{
	if (lab_grow((void **)&a->v, &a->cap, a->n + 1, sizeof(*v)) != 0)
		return -1;
	a->v[a->n++] = *v;
	return 0;
}

size_t
lab_rib_find(const struct lab_rib *r, const struct lab_pfx *p, size_t *first)
{
	size_t lo = 0, hi = r->n, n = 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (lab_pfx_cmp(&r->p[mid].pfx, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < r->n && lab_pfx_cmp(&r->p[lo + n].pfx, p) == 0)
		n++;
	return n;
}

const struct lab_path *
lab_rib_lookup(const struct lab_rib *r, uint32_t addr)
{
	const struct lab_path *best = NULL;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct lab_path *p = &r->p[i];
		if (!p->active || (addr & lab_mask(p->pfx.len)) != p->pfx.addr)
			continue;
		if (best == NULL || p->pfx.len > best->pfx.len)
			best = p;
	}
	return best;
}

/* ------------------------------------------------------------ setup */

static int
lab_bgp_local_routes(struct lab_trio *t, struct lab_dev *d)
{
	const struct lab_inst_cfg *ic = d->inst;
	struct lab_rib r;
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < d->cfg.naddrs; i++) {
		const struct lab_ifaddr *a = &d->cfg.addrs[i];
		struct lab_path p;
		if (lab_cfg_owner(&d->cfg, ic, a->addr) != a)
			continue;
		memset(&p, 0, sizeof(p));
		p.proto = LAB_P_DIRECT;
		p.nhtype = LAB_NH_IFACE;
		p.sess = -1;
		p.since_ms = t->created_ms;
		p.pfx.addr = a->addr & lab_mask(a->len);
		p.pfx.len = a->len;
		snprintf(p.via, sizeof(p.via), "%s", a->ifname);
		if (lab_rib_push(&r, &p) != 0)
			goto nomem;
		if (a->len < 32) {
			p.proto = LAB_P_LOCAL;
			p.nhtype = LAB_NH_LOCAL;
			p.pfx.addr = a->addr;
			p.pfx.len = 32;
			if (lab_rib_push(&r, &p) != 0)
				goto nomem;
		}
	}
	for (i = 0; i < ic->nstatics; i++) {
		const struct lab_static_cfg *s = &ic->statics[i];
		struct lab_path p;
		if (s->aggregate)
			continue;	/* lab_bgp_aggregates: only with a contributor */
		memset(&p, 0, sizeof(p));
		p.proto = LAB_P_STATIC;
		p.pfx = s->pfx;
		p.pref = s->pref;
		p.sess = -1;
		p.since_ms = t->created_ms;
		p.nhtype = s->nhtype;
		if (s->nhtype == LAB_NH_ROUTER) {
			const struct lab_ifaddr *a = lab_cfg_subnet(&d->cfg, ic, s->nh);
			if (a == NULL)
				continue;	/* next hop unreachable: not installed */
			p.nh = s->nh;
			snprintf(p.via, sizeof(p.via), "%s", a->ifname);
		} else if (s->nhtype == LAB_NH_IFACE) {
			snprintf(p.via, sizeof(p.via), "%s", s->ifname);
		}
		if (lab_rib_push(&r, &p) != 0)
			goto nomem;
	}
	d->local = r.p;
	d->nlocal = r.n;
	return 0;
nomem:
	lab_rib_clear(&r);
	return -1;
}

/* Lowest address of the instance's interfaces: Junos' router ID fallback. */
static uint32_t
lab_bgp_default_rid(const struct lab_dev *d)
{
	uint32_t best = 0;
	size_t i;

	for (i = 0; i < d->cfg.naddrs; i++)
		if (lab_cfg_owner(&d->cfg, d->inst, d->cfg.addrs[i].addr) == &d->cfg.addrs[i] &&
		    (best == 0 || d->cfg.addrs[i].addr < best))
			best = d->cfg.addrs[i].addr;
	return best;
}

static bool
lab_bgp_has_route_to(const struct lab_dev *d, uint32_t addr)
{
	size_t i;

	for (i = 0; i < d->nlocal; i++)
		if ((addr & lab_mask(d->local[i].pfx.len)) == d->local[i].pfx.addr)
			return true;
	return false;
}

static int
lab_bgp_sessions(struct lab_trio *t)
{
	size_t i, j;
	int di;

	for (di = 0; di < t->ndev; di++) {
		struct lab_dev *d = &t->dev[di];
		const struct lab_inst_cfg *ic = d->inst;
		int gi = 0, pi = 0;

		if (ic == NULL || !ic->has_bgp)
			continue;
		for (i = 0; i < ic->ngroups; i++, gi++) {
			const struct lab_group_cfg *g = &ic->groups[i];
			for (j = 0; j < g->nnbrs; j++) {
				struct lab_sess *s;
				const struct lab_ifaddr *a;
				if (lab_grow((void **)&t->sess, &t->sesscap, t->nsess + 1,
					     sizeof(*s)) != 0)
					return -1;
				s = &t->sess[t->nsess];
				memset(s, 0, sizeof(*s));
				s->dev = di;
				s->g = g;
				s->nb = &g->nbrs[j];
				s->group_index = gi;
				s->peer_index = pi++;
				s->rsess = s->ext = s->rdev = -1;
				lab_cfg_effective(ic, g, s->nb, &s->eff);
				s->peer_addr = s->nb->addr;
				s->local_as = s->eff.has_local_as ? s->eff.local_as : d->local_as;
				s->ibgp = g->type == 1 ||
					  (g->type == 0 && s->eff.has_peer_as && s->eff.peer_as == s->local_as);
				s->peer_as = s->ibgp ? s->local_as : (s->eff.has_peer_as ? s->eff.peer_as : 0);
				a = lab_cfg_subnet(&d->cfg, ic, s->peer_addr);
				if (a != NULL) {
					s->local_addr = a->addr;
					snprintf(s->ifname, sizeof(s->ifname), "%s", a->ifname);
				}
				if (s->eff.has_local_addr)
					s->local_addr = s->eff.local_addr;
				s->hold = s->eff.has_hold ? s->eff.hold : LAB_HOLD_S;
				s->since_ms = t->created_ms;
				s->last_error = "None";
				t->nsess++;
			}
		}
	}
	return 0;
}

/* Decide whether each session can come up, and pair the two ends. */
static void
lab_bgp_match(struct lab_trio *t)
{
	size_t i, j;

	for (i = 0; i < t->nsess; i++) {
		struct lab_sess *s = &t->sess[i];
		struct lab_dev *d = &t->dev[s->dev];
		const struct lab_ifaddr *direct = lab_cfg_subnet(&d->cfg, d->inst, s->peer_addr);
		int di;

		s->cfg_ok = false;
		s->why_down = "Active";
		if (s->local_as == 0 || s->peer_as == 0) {
			s->why_down = "Idle";
			s->last_error = "Cease";
			continue;
		}
		if (s->eff.has_local_addr && lab_cfg_owner(&d->cfg, d->inst, s->local_addr) == NULL)
			continue;
		for (di = 0; di < t->ndev && s->remote == LAB_REMOTE_NONE; di++) {
			struct lab_dev *d2 = &t->dev[di];
			if (di == s->dev || d2->inst == NULL ||
			    lab_cfg_owner(&d2->cfg, d2->inst, s->peer_addr) == NULL)
				continue;
			s->remote = LAB_REMOTE_DEV;
			s->rdev = di;
			s->peer_rid = d2->rid;
			for (j = 0; j < t->nsess; j++) {
				struct lab_sess *s2 = &t->sess[j];
				if (s2->dev == di && s2->peer_addr == s->local_addr &&
				    s2->local_addr == s->peer_addr)
					s->rsess = (int)j;
			}
		}
		for (j = 0; j < t->next && s->remote == LAB_REMOTE_NONE; j++) {
			if (t->ext[j].addr == s->peer_addr && strcmp(t->ext[j].device, d->name) == 0) {
				s->remote = LAB_REMOTE_EXT;
				s->ext = (int)j;
				s->peer_rid = t->ext[j].rid ? t->ext[j].rid : t->ext[j].addr;
			}
		}
		if (s->remote == LAB_REMOTE_DEV) {
			struct lab_sess *s2;
			if (s->rsess < 0)
				continue;	/* the other end has no such neighbor */
			s2 = &t->sess[s->rsess];
			if (s2->ibgp != s->ibgp || s->peer_as != s2->local_as ||
			    s2->peer_as != s->local_as) {
				s->last_error = "Open Message Error";
				continue;
			}
			if (s->eff.has_bfd && s2->eff.has_bfd) {
				s->bfd_interval = s->eff.bfd_interval > s2->eff.bfd_interval ?
						  s->eff.bfd_interval : s2->eff.bfd_interval;
				s->bfd_mult = s->eff.bfd_mult;
			}
			if (s2->hold < s->hold)
				s->hold = s2->hold;
			s->cfg_ok = true;
		} else if (s->remote == LAB_REMOTE_EXT) {
			const struct lab_ext *e = &t->ext[s->ext];
			if (s->ibgp || e->as != s->peer_as ||
			    (e->remote_as != 0 && e->remote_as != s->local_as)) {
				s->last_error = "Open Message Error";
				continue;
			}
			if (e->expect_local != 0 && e->expect_local != s->local_addr)
				continue;
			if (direct == NULL && (!s->eff.multihop || !lab_bgp_has_route_to(d, s->peer_addr)))
				continue;
			if (s->eff.has_bfd && e->bfd_interval > 0) {
				s->bfd_interval = s->eff.bfd_interval > e->bfd_interval ?
						  s->eff.bfd_interval : e->bfd_interval;
				s->bfd_mult = s->eff.bfd_mult ? s->eff.bfd_mult : 3;
			}
			if (e->hold != 0 && e->hold < s->hold)
				s->hold = e->hold;
			s->cfg_ok = true;
		}
	}
	for (i = 0; i < t->nsess; i++)
		t->sess[i].bfd = t->sess[i].eff.has_bfd;
}

/* ------------------------------------------------------------ best path */

static uint32_t
lab_bgp_neighbor_as(const struct lab_path *p)
{
	return p->a.aslen > 0 ? p->a.aspath[0] : 0;
}

/*
 * <0 when a is better, >0 when b is; *reason names the deciding step.
 * use_med: compare MED (same neighbouring AS).  level: the step index at
 * which they differed (for multipath: equal through the IGP metric).
 */
static int
lab_bgp_cmp(const struct lab_path *a, const struct lab_path *b, bool use_med,
	    const char **reason, int *level)
{
	const char *r = NULL;
	int c = 0, lv = 0;

	if (a->pref != b->pref) {
		c = a->pref < b->pref ? -1 : 1;
		r = "Route Preference";
		lv = 1;
	} else if (a->proto != LAB_P_BGP || b->proto != LAB_P_BGP) {
		c = (a->proto == LAB_P_BGP) - (b->proto == LAB_P_BGP);
		r = "Route Preference";
		lv = 1;
	} else if (a->lp != b->lp) {
		c = a->lp > b->lp ? -1 : 1;
		r = "Local Preference";
		lv = 2;
	} else if (a->a.aslen != b->a.aslen) {
		c = a->a.aslen < b->a.aslen ? -1 : 1;
		r = "AS path";
		lv = 3;
	} else if (a->a.origin != b->a.origin) {
		c = a->a.origin < b->a.origin ? -1 : 1;
		r = "Origin";
		lv = 4;
	} else if (use_med && (a->a.has_med ? a->a.med : 0) != (b->a.has_med ? b->a.med : 0)) {
		c = (a->a.has_med ? a->a.med : 0) < (b->a.has_med ? b->a.med : 0) ? -1 : 1;
		r = "Route Metric or MED comparison";
		lv = 5;
	} else if (a->ebgp != b->ebgp) {
		c = a->ebgp ? -1 : 1;
		r = "Interior > Exterior > Exterior via Interior";
		lv = 6;
	} else if (a->peer_rid != b->peer_rid) {
		c = a->peer_rid < b->peer_rid ? -1 : 1;
		r = "Not Best in its group - Router ID";
		lv = 8;
	} else if (a->peer != b->peer) {
		c = a->peer < b->peer ? -1 : 1;
		r = "Not Best in its group - Update source";
		lv = 9;
	}
	if (reason != NULL)
		*reason = r;
	if (level != NULL)
		*level = lv;
	return c;
}

/* Index (into idx[]) of the best of n candidates, deterministic MED. */
static size_t
lab_bgp_select(const struct lab_path *v, const size_t *idx, size_t n)
{
	size_t i, j, best = 0;
	bool all_bgp = true;

	for (i = 0; i < n; i++)
		all_bgp &= v[idx[i]].proto == LAB_P_BGP;
	if (!all_bgp) {
		for (i = 1; i < n; i++)
			if (lab_bgp_cmp(&v[idx[i]], &v[idx[best]], false, NULL, NULL) < 0)
				best = i;
		return best;
	}
	/* best of each neighbouring-AS group (with MED), then across groups */
	{
		bool have = false;
		for (i = 0; i < n; i++) {
			size_t gbest = i;
			bool first = true;
			for (j = 0; j < i; j++)
				if (lab_bgp_neighbor_as(&v[idx[j]]) == lab_bgp_neighbor_as(&v[idx[i]]))
					first = false;
			if (!first)
				continue;
			for (j = i + 1; j < n; j++)
				if (lab_bgp_neighbor_as(&v[idx[j]]) == lab_bgp_neighbor_as(&v[idx[i]]) &&
				    lab_bgp_cmp(&v[idx[j]], &v[idx[gbest]], true, NULL, NULL) < 0)
					gbest = j;
			if (!have || lab_bgp_cmp(&v[idx[gbest]], &v[idx[best]], false, NULL, NULL) < 0)
				best = gbest;
			have = true;
		}
	}
	return best;
}

static int
lab_bgp_pfx_qcmp(const void *x, const void *y)
{
	const struct lab_path *a = x, *b = y;
	int c = lab_pfx_cmp(&a->pfx, &b->pfx);

	if (c != 0)
		return c;
	/* stable enough: keep input order (sess index, local first) */
	if (a->sess != b->sess)
		return a->sess < b->sess ? -1 : 1;
	return (a->peer > b->peer) - (a->peer < b->peer);
}

/* Rank the paths of one destination in place: active first, hidden last. */
static int
lab_bgp_rank(const struct lab_trio *t, struct lab_path *v, size_t n)
{
	size_t idx[64], order[64], nidx = 0, nord = 0, i, j;
	struct lab_path tmp[64];

	if (n > 64)
		n = 64;	/* more paths than any lab topology has */
	for (i = 0; i < n; i++) {
		v[i].active = false;
		v[i].inactive_reason = NULL;
		v[i].nmp = 0;
		if (!v[i].hidden)
			idx[nidx++] = i;
	}
	while (nidx > 0) {
		size_t b = lab_bgp_select(v, idx, nidx);
		order[nord++] = idx[b];
		memmove(&idx[b], &idx[b + 1], (nidx - b - 1) * sizeof(size_t));
		nidx--;
	}
	for (i = 0; i < n; i++)
		if (v[i].hidden)
			order[nord++] = i;
	for (i = 0; i < nord; i++)
		tmp[i] = v[order[i]];
	memcpy(v, tmp, nord * sizeof(*v));
	if (n == 0 || v[0].hidden)
		return 0;
	v[0].active = true;
	for (i = 1; i < n && !v[i].hidden; i++) {
		bool same = v[0].proto == LAB_P_BGP && v[i].proto == LAB_P_BGP &&
			    lab_bgp_neighbor_as(&v[0]) == lab_bgp_neighbor_as(&v[i]);
		int level = 0;
		(void)lab_bgp_cmp(&v[0], &v[i], same, &v[i].inactive_reason, &level);
		if (v[i].inactive_reason == NULL)
			v[i].inactive_reason = "Not Best in its group - Update source";
		/* multipath: equal up to the IGP metric, same neighbouring AS */
		if (v[0].proto == LAB_P_BGP && v[0].sess >= 0 && t->sess[v[0].sess].eff.multipath &&
		    same && (level == 0 || level >= 8) && v[0].nmp < 4) {
			j = v[0].nmp++;
			v[0].mp_nh[j] = v[i].nh;
			snprintf(v[0].mp_via[j], sizeof(v[0].mp_via[j]), "%s", v[i].via);
		}
	}
	return 0;
}

/* Resolve a BGP next hop through the device's own routes. */
static bool
lab_bgp_resolve(const struct lab_dev *d, uint32_t nh, struct lab_path *p)
{
	const struct lab_path *best = NULL;
	size_t i;

	for (i = 0; i < d->nlocal; i++) {
		const struct lab_path *l = &d->local[i];
		if (l->proto == LAB_P_LOCAL || (nh & lab_mask(l->pfx.len)) != l->pfx.addr)
			continue;
		if (l->nhtype == LAB_NH_DISCARD || l->nhtype == LAB_NH_REJECT)
			continue;
		if (best == NULL || l->pfx.len > best->pfx.len)
			best = l;
	}
	if (best == NULL)
		return false;
	p->nhtype = LAB_NH_ROUTER;
	snprintf(p->via, sizeof(p->via), "%s", best->via);
	if (best->proto == LAB_P_DIRECT)
		p->nh = nh;
	else if (best->nhtype == LAB_NH_ROUTER)
		p->nh = best->nh;
	else
		p->nh = 0;	/* point-to-point tunnel: "via st0.118" only */
	return true;
}

void
lab_sent_clear(struct lab_sess *s)
{
	size_t i;

	for (i = 0; i < s->nsent; i++)
		lab_advs_clear(&s->sent[i].advs);
	free(s->sent);
	s->sent = NULL;
	s->nsent = s->sentcap = 0;
}

/*
 * What session s receives (pre-policy): an external peer's routes, or
 * what its lab peer sent at least LAB_PROC_MS ago (at once while the
 * world settles into its steady state).
 */
static const struct lab_advs *
lab_bgp_in(const struct lab_trio *t, const struct lab_sess *s)
{
	const struct lab_sess *r;
	const struct lab_advs *heard = NULL;
	size_t i;

	if (!s->up)
		return NULL;
	if (s->remote == LAB_REMOTE_EXT)
		return &t->ext[s->ext].adv;
	if (s->remote != LAB_REMOTE_DEV || s->rsess < 0 || !t->sess[s->rsess].up)
		return NULL;
	r = &t->sess[s->rsess];
	if (t->settling)
		return &r->out;
	for (i = 0; i < r->nsent && r->sent[i].ms + LAB_PROC_MS <= t->now_ms; i++)
		heard = &r->sent[i].advs;
	return heard;
}

/* Keep what session s sent at ms; drop versions its peer no longer hears. */
static int
lab_bgp_sent(struct lab_sess *s, int64_t ms)
{
	struct lab_sent x;
	size_t keep = 0, i;

	memset(&x, 0, sizeof(x));
	x.ms = ms;
	if (s->out.n > 0) {
		if ((x.advs.v = malloc(s->out.n * sizeof(*x.advs.v))) == NULL)
			return -1;
		memcpy(x.advs.v, s->out.v, s->out.n * sizeof(*x.advs.v));
		x.advs.n = x.advs.cap = s->out.n;
	}
	if (lab_grow((void **)&s->sent, &s->sentcap, s->nsent + 1, sizeof(x)) != 0) {
		lab_advs_clear(&x.advs);
		return -1;
	}
	s->sent[s->nsent++] = x;
	/* the newest version already heard stays; older ones go */
	for (i = 0; i < s->nsent; i++)
		if (s->sent[i].ms + LAB_PROC_MS <= ms)
			keep = i;
	for (i = 0; i < keep; i++)
		lab_advs_clear(&s->sent[i].advs);
	if (keep > 0)
		memmove(s->sent, s->sent + keep, (s->nsent - keep) * sizeof(*s->sent));
	s->nsent -= keep;
	return 0;
}

static bool
lab_bgp_aspath_has(const struct lab_attrs *a, uint32_t as)
{
	int i;

	for (i = 0; i < a->aslen; i++)
		if (a->aspath[i] == as)
			return true;
	return false;
}

/* Rank every prefix's paths of r (sorted by prefix first). */
static void
lab_bgp_rank_all(const struct lab_trio *t, struct lab_rib *r)
{
	size_t i, k;

	if (r->n > 0)
		qsort(r->p, r->n, sizeof(*r->p), lab_bgp_pfx_qcmp);
	for (i = 0; i < r->n; i = k) {
		for (k = i + 1; k < r->n && lab_pfx_cmp(&r->p[k].pfx, &r->p[i].pfx) == 0; k++)
			;
		lab_bgp_rank(t, &r->p[i], k - i);
	}
}

/*
 * The instance's aggregate routes, as Junos installs them: an Aggregate
 * path (preference 130 unless configured, next hop Reject or Discard) for
 * each configured aggregate that has at least one contributor, an active
 * route strictly more specific than it.  An aggregate contributes to a
 * shorter one, so the longest are installed first.  r is ranked again.
 */
static int
lab_bgp_aggregates(const struct lab_trio *t, const struct lab_dev *d, struct lab_rib *r)
{
	const struct lab_inst_cfg *ic = d->inst;
	bool added;
	int len;
	size_t i, j;

	for (len = 32; len >= 0; len--) {
		added = false;
		for (i = 0; ic != NULL && i < ic->nstatics; i++) {
			const struct lab_static_cfg *s = &ic->statics[i];
			struct lab_path p;
			bool contributor = false;

			if (!s->aggregate || s->pfx.len != len)
				continue;
			for (j = 0; j < r->n && !contributor; j++)
				contributor = r->p[j].active && r->p[j].pfx.len > s->pfx.len &&
					      lab_pfx_covers(&s->pfx, &r->p[j].pfx);
			if (!contributor)
				continue;
			memset(&p, 0, sizeof(p));
			p.proto = LAB_P_AGGREGATE;
			p.pfx = s->pfx;
			p.pref = s->pref;
			p.nhtype = s->nhtype;
			p.sess = -1;
			p.since_ms = t->now_ms;
			if (lab_rib_push(r, &p) != 0)
				return -1;
			added = true;
		}
		if (added)
			lab_bgp_rank_all(t, r);
	}
	return 0;
}

static int
lab_bgp_build_rib(const struct lab_trio *t, int di, struct lab_rib *out)
{
	const struct lab_dev *d = &t->dev[di];
	struct lab_rib r;
	size_t i, j;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < d->nlocal; i++)
		if (lab_rib_push(&r, &d->local[i]) != 0)
			goto nomem;
	for (i = 0; i < t->nsess; i++) {
		const struct lab_sess *s = &t->sess[i];
		const struct lab_advs *in;
		if (s->dev != di || (in = lab_bgp_in(t, s)) == NULL)
			continue;
		for (j = 0; j < in->n; j++) {
			const struct lab_adv *v = &in->v[j];
			struct lab_pol_route pr;
			struct lab_pol_out po;
			struct lab_path p;

			if (!s->ibgp && lab_bgp_aspath_has(&v->a, s->local_as))
				continue;	/* AS loop: dropped */
			memset(&p, 0, sizeof(p));
			p.pfx = v->pfx;
			p.proto = LAB_P_BGP;
			p.a = v->a;
			p.ebgp = !s->ibgp;
			p.sess = (int)i;
			p.peer = s->peer_addr;
			p.peer_as = s->peer_as;
			p.peer_rid = s->peer_rid;
			p.pref = s->eff.has_pref ? s->eff.pref : LAB_BGP_PREF;
			p.lp = (s->ibgp && v->a.has_lp) ? v->a.lp : LAB_DEFAULT_LP;
			p.a.has_lp = true;
			p.a.lp = p.lp;
			p.since_ms = t->now_ms;
			pr.pfx = v->pfx;
			pr.proto = LAB_P_BGP;
			pr.neighbor = s->peer_addr;
			lab_policy_eval(&d->cfg, s->eff.imp, s->eff.nimp, &pr, true, &p.a, &po);
			p.lp = p.a.lp;
			if (po.set_pref)
				p.pref = po.pref;
			if (!po.accept) {
				p.hidden = true;
				p.hidden_reason = "rejected by import policy";
			} else if (!lab_bgp_resolve(d, v->a.nexthop, &p)) {
				p.hidden = true;
				p.hidden_reason = "Unusable path";
			}
			if (lab_rib_push(&r, &p) != 0)
				goto nomem;
		}
	}
	lab_bgp_rank_all(t, &r);
	if (lab_bgp_aggregates(t, d, &r) != 0)
		goto nomem;
	*out = r;
	return 0;
nomem:
	lab_rib_clear(&r);
	return -1;
}

/* ------------------------------------------------------------ advertisement */

static int
lab_bgp_adj_out(const struct lab_trio *t, int si, struct lab_advs *out)
{
	const struct lab_sess *s = &t->sess[si];
	const struct lab_dev *d = &t->dev[s->dev];
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!s->up)
		return 0;
	for (i = 0; i < d->rib.n; i++) {
		const struct lab_path *p = &d->rib.p[i];
		struct lab_pol_route pr;
		struct lab_pol_out po;
		struct lab_adv v;

		if (!p->active)
			continue;
		if (p->proto == LAB_P_BGP) {
			const struct lab_sess *ps = &t->sess[p->sess];
			if (ps->ibgp && s->ibgp)
				continue;	/* no reflection */
			if (p->sess == si)
				continue;
			if (!s->ibgp && p->a.aslen > 0 && p->a.aspath[0] == s->peer_as)
				continue;	/* not back to the AS it came from */
		}
		memset(&v, 0, sizeof(v));
		v.pfx = p->pfx;
		v.src_proto = p->proto;
		if (p->proto == LAB_P_BGP) {
			v.a = p->a;
			v.a.lp = p->lp;
		}
		v.a.has_lp = true;
		if (p->proto != LAB_P_BGP)
			v.a.lp = LAB_DEFAULT_LP;
		if (!s->ibgp)
			v.a.has_med = false;	/* MED is not passed on to external peers */
		pr.pfx = p->pfx;
		pr.proto = p->proto;
		pr.neighbor = s->peer_addr;
		lab_policy_eval(&d->cfg, s->eff.exp, s->eff.nexp, &pr, p->proto == LAB_P_BGP,
				&v.a, &po);
		if (!po.accept)
			continue;
		if (s->ibgp) {
			v.a.has_lp = true;
			if (!po.set_lp && s->eff.has_lp)
				v.a.lp = s->eff.lp;
		} else {
			v.a.has_lp = false;
			v.a.lp = 0;
			if (v.a.aslen >= LAB_MAXAS)
				v.a.aslen = LAB_MAXAS - 1;
			memmove(v.a.aspath + 1, v.a.aspath, v.a.aslen * sizeof(uint32_t));
			v.a.aspath[0] = s->local_as;
			v.a.aslen++;
		}
		if (s->eff.has_metric_out && !v.a.has_med) {
			v.a.has_med = true;
			v.a.med = s->eff.metric_out;
		}
		v.a.nexthop = s->local_addr;
		if (lab_advs_push(out, &v) != 0) {
			lab_advs_clear(out);
			return -1;
		}
	}
	return 0;
}

static bool
lab_bgp_advs_eq(const struct lab_advs *a, const struct lab_advs *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->v, b->v, a->n * sizeof(*a->v)) == 0);
}

/* ------------------------------------------------------------ change log */

static int
lab_bgp_log(struct lab_changes *c, int64_t ms, const char *device, const char *kind,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
lab_bgp_log(struct lab_changes *c, int64_t ms, const char *device, const char *kind,
	    const char *fmt, ...)
{
	struct lab_change *e;
	va_list ap;

	if (c == NULL)
		return 0;
	if (lab_grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*e)) != 0)
		return -1;
	e = &c->v[c->n++];
	e->ms = ms;
	snprintf(e->device, sizeof(e->device), "%s", device);
	snprintf(e->kind, sizeof(e->kind), "%s", kind);
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return 0;
}

static void
lab_bgp_path_desc(const struct lab_path *p, char *buf, size_t size)
{
	char a[16], asp[64];

	if (p == NULL) {
		snprintf(buf, size, "no route");
		return;
	}
	if (p->proto == LAB_P_BGP)
		snprintf(buf, size, "BGP from %s via %s, AS path %s, localpref %u",
			 lab_addr_fmt(p->peer, a), p->via[0] ? p->via : "-",
			 lab_aspath_fmt(&p->a, 0, asp, sizeof(asp)), p->lp);
	else
		snprintf(buf, size, "%s via %s", lab_proto_name(p->proto), p->via[0] ? p->via : "-");
}

static bool
lab_bgp_same_path(const struct lab_path *a, const struct lab_path *b)
{
	return a->proto == b->proto && a->sess == b->sess && a->peer == b->peer &&
	       a->nh == b->nh && strcmp(a->via, b->via) == 0 && a->lp == b->lp &&
	       a->hidden == b->hidden && a->a.aslen == b->a.aslen &&
	       memcmp(a->a.aspath, b->a.aspath, a->a.aslen * sizeof(uint32_t)) == 0;
}

/* Carry ages over from the previous table; log active-path changes. */
static int
lab_bgp_compare(struct lab_trio *t, int di, const struct lab_rib *old, struct lab_rib *nw,
		int64_t ms, struct lab_changes *log)
{
	size_t i = 0, j = 0, logged = 0, more = 0;
	const char *dev = t->dev[di].name;

	while (i < old->n || j < nw->n) {
		size_t oi, on, ni, nn, a, b;
		const struct lab_path *oa = NULL, *na = NULL;
		int c;

		if (i >= old->n)
			c = 1;
		else if (j >= nw->n)
			c = -1;
		else
			c = lab_pfx_cmp(&old->p[i].pfx, &nw->p[j].pfx);
		oi = i;
		ni = j;
		on = nn = 0;
		if (c <= 0)
			while (oi + on < old->n && lab_pfx_cmp(&old->p[oi + on].pfx, &old->p[oi].pfx) == 0)
				on++;
		if (c >= 0)
			while (ni + nn < nw->n && lab_pfx_cmp(&nw->p[ni + nn].pfx, &nw->p[ni].pfx) == 0)
				nn++;
		for (b = 0; b < nn; b++) {
			nw->p[ni + b].since_ms = ms;
			for (a = 0; a < on; a++)
				if (lab_bgp_same_path(&old->p[oi + a], &nw->p[ni + b]))
					nw->p[ni + b].since_ms = old->p[oi + a].since_ms;
		}
		if (on > 0 && old->p[oi].active)
			oa = &old->p[oi];
		if (nn > 0 && nw->p[ni].active)
			na = &nw->p[ni];
		if (log != NULL && ms > t->created_ms &&
		    ((oa == NULL) != (na == NULL) || (oa != NULL && !lab_bgp_same_path(oa, na)))) {
			char pf[20], was[128], now[128];
			if (logged < LAB_LOG_CAP) {
				lab_bgp_path_desc(na, now, sizeof(now));
				lab_bgp_path_desc(oa, was, sizeof(was));
				if (lab_bgp_log(log, ms, dev, "active", "%s %s (was %s)",
						lab_pfx_fmt(na ? &na->pfx : &oa->pfx, pf), now, was) != 0)
					return -1;
				logged++;
			} else {
				more++;
			}
		}
		i = oi + on;
		j = ni + nn;
	}
	if (more > 0 && lab_bgp_log(log, ms, dev, "active", "%zu more active-path changes", more) != 0)
		return -1;
	return 0;
}

/* One synchronous round at time ms.  *changed: some Adj-RIB-Out changed. */
static int
lab_bgp_round(struct lab_trio *t, int64_t ms, struct lab_changes *log, bool *changed)
{
	struct lab_rib nr[3];
	size_t i;
	int di;

	*changed = false;
	t->now_ms = ms;
	memset(nr, 0, sizeof(nr));
	for (di = 0; di < t->ndev; di++) {
		if (t->dev[di].inst == NULL)
			continue;
		if (lab_bgp_build_rib(t, di, &nr[di]) != 0)
			goto nomem;
	}
	for (di = 0; di < t->ndev; di++) {
		if (t->dev[di].inst == NULL)
			continue;
		if (lab_bgp_compare(t, di, &t->dev[di].rib, &nr[di], ms, log) != 0)
			goto nomem;
		lab_rib_clear(&t->dev[di].rib);
		t->dev[di].rib = nr[di];
		memset(&nr[di], 0, sizeof(nr[di]));
	}
	for (i = 0; i < t->nsess; i++) {
		struct lab_advs a;
		bool differs;
		if (lab_bgp_adj_out(t, (int)i, &a) != 0)
			goto nomem;
		differs = !lab_bgp_advs_eq(&a, &t->sess[i].out);
		*changed |= differs;
		lab_advs_clear(&t->sess[i].out);
		t->sess[i].out = a;
		if ((differs || t->sess[i].nsent == 0) && !t->settling &&
		    lab_bgp_sent(&t->sess[i], ms) != 0)
			goto nomem;
	}
	return 0;
nomem:
	for (di = 0; di < 3; di++)
		lab_rib_clear(&nr[di]);
	return -1;
}

/* ------------------------------------------------------------ timeline */

/*
 * The sessions' timeline is a small state machine per session, moved by
 * the peers' liveness events and by commits, in time order:
 *   - a session the configuration no longer allows (neighbor deactivated
 *     or deleted, its interface disabled) is closed by the device itself
 *     at the commit instant (Cease): nothing to detect;
 *   - a peer no longer heard (the peer failed, or an input filter on the
 *     session's interface discards everything) is detected after the BFD
 *     detection time (interval x multiplier) when BFD runs, else after
 *     the hold time scaled by the lab's time-scale;
 *   - a peer heard again, or a session configured again, comes up after
 *     LAB_ESTABLISH_MS x time-scale.
 */

static bool
lab_bgp_configured(const struct lab_trio *t, const struct lab_sess *s)
{
	if (!s->cfg_ok)
		return false;
	if (s->remote == LAB_REMOTE_DEV)
		return s->rsess >= 0 && t->sess[s->rsess].cfg_ok;
	return true;
}

/* The interface entry of a session's interface, disabled ones included. */
static const struct lab_ifaddr *
lab_bgp_ifaddr(const struct lab_dev *d, const char *ifname)
{
	size_t i;

	for (i = 0; ifname[0] != '\0' && i < d->cfg.naddrs; i++)
		if (strcmp(d->cfg.addrs[i].ifname, ifname) == 0)
			return &d->cfg.addrs[i];
	return NULL;
}

static bool
lab_bgp_heard(const struct lab_trio *t, const struct lab_sess *s, const bool *alive)
{
	const struct lab_ifaddr *a;

	if (s->remote != LAB_REMOTE_EXT)
		return true;
	if (!alive[s->ext])
		return false;
	a = lab_bgp_ifaddr(&t->dev[s->dev], s->ifname);
	return a == NULL || !a->blackhole;
}

static uint32_t
lab_bgp_detect_ms(const struct lab_trio *t, const struct lab_sess *s, bool *by_bfd)
{
	*by_bfd = s->bfd && s->bfd_interval > 0;
	return *by_bfd ? s->bfd_interval * (s->bfd_mult ? s->bfd_mult : 3) :
	       (uint32_t)((double)s->hold * 1000.0 * t->time_scale);
}

/* The session goes down at ms: detected (why NULL) or closed by the device (why). */
static int
lab_bgp_down(struct lab_trio *t, struct lab_sess *s, int64_t ms, const char *why,
	     struct lab_changes *log)
{
	const char *dev = t->dev[s->dev].name;
	bool bfd_was = s->bfd_up;
	char a[16];

	s->up = false;
	s->bfd_up = false;
	s->since_ms = ms;
	s->flaps++;
	s->pend_down = s->pend_up = -1;
	lab_addr_fmt(s->peer_addr, a);
	if (why != NULL) {
		s->last_error = "Cease";
		if (bfd_was && lab_bgp_log(log, ms, dev, "bfd-down", "%s %s", a, why) != 0)
			return -1;
		return lab_bgp_log(log, ms, dev, "bgp-down", "%s (AS %u) %s", a, s->peer_as, why);
	}
	s->last_error = "Hold Timer Expired Error";
	if (s->by_bfd) {
		s->last_error = "Cease";
		if (lab_bgp_log(log, ms, dev, "bfd-down", "%s detection time %u ms expired",
				a, s->detect_ms) != 0)
			return -1;
	}
	return lab_bgp_log(log, ms, dev, "bgp-down", "%s (AS %u) %s after %u ms",
			   a, s->peer_as, s->by_bfd ? "down by BFD" : "hold time expired",
			   s->detect_ms);
}

static int
lab_bgp_up(struct lab_trio *t, struct lab_sess *s, int64_t ms, struct lab_changes *log)
{
	const char *dev = t->dev[s->dev].name;
	char a[16];

	s->up = true;
	s->since_ms = ms;
	s->pend_up = -1;
	s->bfd_up = s->bfd && s->bfd_interval > 0;
	lab_addr_fmt(s->peer_addr, a);
	if (s->bfd_up && lab_bgp_log(log, ms, dev, "bfd-up", "%s", a) != 0)
		return -1;
	return lab_bgp_log(log, ms, dev, "bgp-up", "%s (AS %u) Established", a, s->peer_as);
}

/* Why a configured session can no longer run, for the log. */
static void
lab_bgp_why_closed(const struct lab_trio *t, const struct lab_sess *s, int64_t ms, char *buf,
		   size_t size)
{
	const struct lab_dev *d = &t->dev[s->dev];
	const struct lab_ifaddr *a = lab_bgp_ifaddr(d, s->ifname);
	size_t i;

	(void)ms;
	for (i = 0; (a == NULL || !a->down) && i < d->cfg.naddrs; i++)
		if (d->cfg.addrs[i].down && ((s->peer_addr ^ d->cfg.addrs[i].addr) &
					     lab_mask(d->cfg.addrs[i].len)) == 0)
			a = &d->cfg.addrs[i];
	if (a != NULL && a->down)
		snprintf(buf, size, "interface %s down (disabled by the commit)", a->ifname);
	else if (s->remote == LAB_REMOTE_DEV && s->cfg_ok)
		snprintf(buf, size, "closed by the peer (Cease)");
	else
		snprintf(buf, size, "closed by the commit (Cease): no longer configured");
}

/* After an event or a commit at ms: each session's next step. */
static int
lab_bgp_update(struct lab_trio *t, int64_t ms, const bool *alive, struct lab_changes *log)
{
	size_t i;

	for (i = 0; i < t->nsess; i++) {
		struct lab_sess *s = &t->sess[i];
		bool h = lab_bgp_heard(t, s, alive);

		if (!lab_bgp_configured(t, s)) {
			s->heard = h;
			s->pend_up = s->pend_down = -1;
			if (s->up) {
				char why[128];
				lab_bgp_why_closed(t, s, ms, why, sizeof(why));
				if (lab_bgp_down(t, s, ms, why, log) != 0)
					return -1;
			}
			continue;
		}
		if (h != s->heard) {
			s->heard = h;
			if (!h) {
				if (s->pend_up >= 0)
					s->pend_up = -1;
				else if (s->up)
					s->pend_down = ms + lab_bgp_detect_ms(t, s, &s->by_bfd);
				if (s->pend_down >= 0)
					s->detect_ms = (uint32_t)(s->pend_down - ms);
			} else if (s->pend_down >= 0) {
				s->pend_down = -1;	/* back before detection: no drop */
			} else if (!s->up) {
				s->pend_up = ms + (int64_t)((double)LAB_ESTABLISH_MS * t->time_scale);
			}
		} else if (h && !s->up && s->pend_up < 0) {
			/* configured again (or anew) and the peer heard */
			s->pend_up = ms + (int64_t)((double)LAB_ESTABLISH_MS * t->time_scale);
		}
		if (s->up)
			s->bfd_up = s->bfd && s->bfd_interval > 0;
	}
	return 0;
}

/* Device cm->dev runs cm->cfg from cm->ms on: rebuild, keep what carries over. */
static int
lab_bgp_reconfigure(struct lab_trio *t, struct lab_commit *cm, struct lab_changes *log)
{
	struct lab_dev *d = &t->dev[cm->dev];
	struct lab_sess *old = t->sess;
	size_t nold = t->nsess, i, j;
	int *map = NULL, di;
	struct lab_cfg tmp;

	tmp = d->cfg;
	d->cfg = cm->cfg;
	cm->cfg = tmp;		/* the old one stays alive: old sessions point into it */
	d->inst = lab_cfg_inst(&d->cfg, t->inst);
	free(d->local);
	d->local = NULL;
	d->nlocal = 0;
	if (d->inst != NULL) {
		d->local_as = d->inst->local_as ? d->inst->local_as : d->cfg.local_as;
		d->rid = d->inst->router_id ? d->inst->router_id :
			 d->cfg.router_id ? d->cfg.router_id : lab_bgp_default_rid(d);
		if (lab_bgp_local_routes(t, d) != 0)
			return -1;
	}
	t->sess = NULL;
	t->nsess = t->sesscap = 0;
	if (lab_bgp_sessions(t) != 0)
		goto nomem;
	lab_bgp_match(t);
	if (nold > 0 && (map = malloc(nold * sizeof(*map))) == NULL)
		goto nomem;
	for (i = 0; i < t->nsess; i++) {
		t->sess[i].pend_down = t->sess[i].pend_up = -1;
		t->sess[i].since_ms = cm->ms;
	}
	for (j = 0; j < nold; j++) {
		struct lab_sess *o = &old[j];
		map[j] = -2;
		for (i = 0; i < t->nsess && map[j] == -2; i++) {
			struct lab_sess *s = &t->sess[i];
			if (s->dev != o->dev || s->peer_addr != o->peer_addr)
				continue;
			map[j] = (int)i;
			s->up = o->up;
			s->heard = o->heard;
			s->since_ms = o->since_ms;
			s->flaps = o->flaps;
			s->last_error = o->last_error;
			s->pend_down = o->pend_down;
			s->pend_up = o->pend_up;
			s->detect_ms = o->detect_ms;
			s->by_bfd = o->by_bfd;
			s->bfd_up = o->bfd_up;	/* lab_bgp_update says what it becomes */
			s->in = o->in;
			s->out = o->out;
			s->sent = o->sent;
			s->nsent = o->nsent;
			s->sentcap = o->sentcap;
			memset(&o->in, 0, sizeof(o->in));
			memset(&o->out, 0, sizeof(o->out));
			o->sent = NULL;
			o->nsent = o->sentcap = 0;
		}
		if (map[j] == -2 && o->up) {
			char a[16];
			lab_addr_fmt(o->peer_addr, a);
			if (o->bfd_up && lab_bgp_log(log, cm->ms, t->dev[o->dev].name, "bfd-down",
						     "%s session removed by the commit", a) != 0)
				goto nomem;
			if (lab_bgp_log(log, cm->ms, t->dev[o->dev].name, "bgp-down",
					"%s (AS %u) closed by the commit (Cease): neighbor no longer "
					"configured", a, o->peer_as) != 0)
				goto nomem;
		}
		lab_advs_clear(&o->in);
		lab_advs_clear(&o->out);
		lab_sent_clear(o);
	}
	/* the tables still name sessions by their old index until the next round */
	for (di = 0; di < t->ndev; di++)
		for (i = 0; i < t->dev[di].rib.n; i++) {
			struct lab_path *p = &t->dev[di].rib.p[i];
			if (p->sess >= 0)
				p->sess = (size_t)p->sess < nold ? map[p->sess] : -2;
		}
	free(map);
	free(old);
	return 0;
nomem:
	free(map);
	for (j = 0; j < nold; j++) {
		lab_advs_clear(&old[j].in);
		lab_advs_clear(&old[j].out);
		lab_sent_clear(&old[j]);
	}
	free(old);
	return -1;
}

int
lab_bgp_run(struct lab_trio *t, const struct lab_peer_ev *ev, size_t nev, struct lab_commit *cm,
	    size_t ncm, int64_t until_ms, struct lab_changes *changes, int64_t after_ms, char *err,
	    size_t errlen)
{
	struct lab_changes tmp;
	size_t ei = 0, ci = 0, i, nrounds = 0, roundcap = 0;
	int64_t *rounds = NULL;		/* scheduled rounds, ascending */
	bool changed = true, *alive = NULL;
	int di, r;

	memset(&tmp, 0, sizeof(tmp));
	if ((alive = calloc(t->next + 1, sizeof(*alive))) == NULL)
		goto nomem;
	for (i = 0; i < t->next; i++)
		alive[i] = true;
	for (di = 0; di < t->ndev; di++) {
		struct lab_dev *d = &t->dev[di];
		if (d->inst == NULL)
			continue;
		d->local_as = d->inst->local_as ? d->inst->local_as : d->cfg.local_as;
		d->rid = d->inst->router_id ? d->inst->router_id :
			 d->cfg.router_id ? d->cfg.router_id : lab_bgp_default_rid(d);
		if (lab_bgp_local_routes(t, d) != 0)
			goto nomem;
	}
	if (lab_bgp_sessions(t) != 0)
		goto nomem;
	lab_bgp_match(t);
	for (i = 0; i < t->nsess; i++) {
		struct lab_sess *s = &t->sess[i];
		s->heard = lab_bgp_heard(t, s, alive);
		s->up = lab_bgp_configured(t, s) && s->heard;
		s->bfd_up = s->up && s->bfd && s->bfd_interval > 0;
		s->pend_down = s->pend_up = -1;
	}
	/* steady state before any event: what is sent is heard at once */
	t->settling = true;
	for (r = 0; r < LAB_MAX_ROUNDS && changed; r++)
		if (lab_bgp_round(t, t->created_ms, NULL, &changed) != 0)
			goto nomem;
	t->settling = false;
	for (i = 0; i < t->nsess; i++)
		if (lab_bgp_sent(&t->sess[i], t->created_ms - LAB_PROC_MS) != 0)
			goto nomem;
	for (;;) {
		int64_t next = nrounds > 0 ? rounds[0] : -1;
		bool moved = false;

		if (ei < nev && (next < 0 || ev[ei].ms < next))
			next = ev[ei].ms;
		if (ci < ncm && (next < 0 || cm[ci].ms < next))
			next = cm[ci].ms;
		for (i = 0; i < t->nsess; i++) {
			const struct lab_sess *s = &t->sess[i];
			if (s->pend_down >= 0 && (next < 0 || s->pend_down < next))
				next = s->pend_down;
			if (s->pend_up >= 0 && (next < 0 || s->pend_up < next))
				next = s->pend_up;
		}
		if (next < 0 || next > until_ms)
			break;
		if (next < t->created_ms)
			next = t->created_ms;
		for (i = 0; i < t->nsess; i++) {
			struct lab_sess *s = &t->sess[i];
			if (s->pend_down >= 0 && s->pend_down <= next &&
			    lab_bgp_down(t, s, next, NULL, &tmp) != 0)
				goto nomem;
			if (s->pend_up >= 0 && s->pend_up <= next && lab_bgp_up(t, s, next, &tmp) != 0)
				goto nomem;
		}
		while (ci < ncm && cm[ci].ms <= next) {
			if (lab_bgp_reconfigure(t, &cm[ci], &tmp) != 0)
				goto nomem;
			ci++;
			moved = true;
		}
		while (ei < nev && ev[ei].ms <= next) {
			alive[ev[ei].ext] = ev[ei].up;
			ei++;
			moved = true;
		}
		if (moved && lab_bgp_update(t, next, alive, &tmp) != 0)
			goto nomem;
		if (lab_bgp_round(t, next, &tmp, &changed) != 0)
			goto nomem;
		/* rounds due now are done; a change is heard one hop later */
		for (i = 0; i < nrounds && rounds[i] <= next; i++)
			;
		if (i > 0 && i < nrounds)
			memmove(rounds, rounds + i, (nrounds - i) * sizeof(*rounds));
		nrounds -= i;
		if (changed && (nrounds == 0 || rounds[nrounds - 1] < next + LAB_PROC_MS)) {
			if (lab_grow((void **)&rounds, &roundcap, nrounds + 1, sizeof(*rounds)) != 0)
				goto nomem;
			rounds[nrounds++] = next + LAB_PROC_MS;
		}
	}
	t->now_ms = until_ms;
	if (changes != NULL) {
		for (i = 0; i < tmp.n; i++) {
			if (tmp.v[i].ms <= after_ms)
				continue;
			if (lab_grow((void **)&changes->v, &changes->cap, changes->n + 1,
				     sizeof(*changes->v)) != 0)
				goto nomem;
			changes->v[changes->n++] = tmp.v[i];
		}
	}
	free(tmp.v);
	free(alive);
	free(rounds);
	return 0;
nomem:
	free(tmp.v);
	free(alive);
	free(rounds);
	lab_seterr(err, errlen, "out of memory in the routing world");
	return -1;
}
