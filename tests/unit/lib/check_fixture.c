/*
 * check_fixture.c - the reference design as the check tests build it
 * (see check_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check_fixture.h"
#include "eg_test_file.h"
#include "query.h"


/* Abort the test binary on a fixture that cannot be built: it is a bug. */
void *
fx_chk(void *p)
{
	if (p == NULL) {
		fprintf(stderr, "check_fixture: out of memory\n");
		abort();
	}
	return p;
}

char *
fx_strdup(const char *s)
{
	return s ? fx_chk(strdup(s)) : NULL;
}

struct eg_addr
fx_addr(const char *s)
{
	struct eg_addr a;

	memset(&a, 0, sizeof(a));
	if (s != NULL && eg_addr_parse(s, &a) != EG_OK) {
		fprintf(stderr, "check_fixture: bad address %s\n", s);
		abort();
	}
	return a;
}

struct eg_prefix
fx_prefix(const char *s)
{
	struct eg_prefix p;

	if (eg_prefix_parse(s, &p) != EG_OK) {
		fprintf(stderr, "check_fixture: bad prefix %s\n", s);
		abort();
	}
	return p;
}

/* ------------------------------------------------------------ intent */

void
fx_link(struct eg_er_link *l, const char *name, const char *ce, const char *msee,
	const char *p2p, const char *ce_addr, const char *fw_addr)
{
	memset(l, 0, sizeof(*l));
	l->name = fx_strdup(name);
	l->ce = fx_strdup(ce);
	l->msee_peer = fx_addr(msee);
	l->p2p_subnet = fx_prefix(p2p);
	l->ebgp_group = fx_strdup(FX_EBGP);
	l->ibgp_group = fx_strdup(FX_IBGP);
	l->local_pref = FX_LP;
	l->ce_address = fx_addr(ce_addr);
	l->firewall_address = fx_addr(fw_addr);
}

/* The reference design, as yang/default-intent.xml states it. */
static struct eg_intent *
fx_intent(void)
{
	struct eg_intent *in = NULL;

	if (eg_intent_default(&in) != EG_OK) {
		fprintf(stderr, "check_fixture: the built-in intent does not load\n");
		abort();
	}
	return in;
}

/* ------------------------------------------------------------ observations */

/* Add an observation (status EG_OK, empty payload of its kind). */
static struct eg_obs *
fx_obs_add(struct eg_state *st, const char *device, enum eg_qkind kind, const char *peer)
{
	struct eg_query q;
	struct eg_obs *o = NULL;

	const struct eg_qdef *def = eg_qdef(kind);

	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.device = (char *)device;
	/* The fields the query table's row names, as the plan fills them. */
	if (!def->device_wide)
		q.instance = (char *)FX_INST;
	if (strstr(def->cli, "{table}") != NULL)
		q.table = (char *)FX_TABLE;
	if (kind == EG_Q_ADVERTISED)
		q.detail = (char *)"detail";	/* the level the advertisement checks ask */
	if (peer != NULL)
		q.peer = fx_addr(peer);
	if (eg_state_add(st, &q, &o) != EG_OK)
		fx_chk(NULL);
	/* The payload the query table says a reply of this kind fills. */
	if (eg_obs_data_new(o, eg_qdef(kind)->data) != EG_OK)
		fx_chk(NULL);
	o->status = EG_OK;
	return o;
}

/* The observation for (device, kind, peer), writable; aborts if absent. */
struct eg_obs *
fx_obs(struct fx *f, const char *device, enum eg_qkind kind, const char *peer)
{
	struct eg_addr a = fx_addr(peer);
	size_t i;

	for (i = 0; i < f->st->nobs; i++) {
		struct eg_obs *o = &f->st->obs[i];
		if (o->q.kind == kind && strcmp(o->q.device, device) == 0 &&
		    (peer == NULL || eg_addr_eq(&o->q.peer, &a)))
			return o;
	}
	fprintf(stderr, "check_fixture: no observation %s %s %s\n", device, eg_qkind_name(kind),
		peer ? peer : "");
	abort();
}

/* Make an observation failed the way a collector would. */
void
fx_obs_failed(struct fx *f, const char *device, enum eg_qkind kind, const char *peer,
	      eg_err status, const char *why)
{
	struct eg_obs *o = fx_obs(f, device, kind, peer);

	eg_obs_clear_data(o);
	eg_obs_fail(o, status, "%s", why);
}

/* Remove an observation altogether (the plan did not have it). */
void
fx_obs_remove(struct fx *f, const char *device, enum eg_qkind kind, const char *peer)
{
	struct eg_obs *o = fx_obs(f, device, kind, peer);
	size_t i = (size_t)(o - f->st->obs);

	eg_obs_clear_data(o);
	eg_query_clear(&o->q);
	memmove(o, o + 1, (f->st->nobs - i - 1) * sizeof(*o));
	f->st->nobs--;
}

/* ------------------------------------------------------------ routes */

void
fx_path_add(struct eg_rib *rib, const char *prefix, struct fx_path a)
{
	struct eg_path p;
	char norm[256];

	memset(&p, 0, sizeof(p));
	p.prefix = fx_prefix(prefix);
	if (a.as != NULL) {
		eg_aspath_normalise(a.as, norm, sizeof(norm));
		p.as_path = fx_chk((void *)eg_strpool_intern(rib->pool, norm, strlen(norm)));
	}
	if (a.comm != NULL)
		p.communities = fx_chk((void *)eg_strpool_intern(rib->pool, a.comm, strlen(a.comm)));
	if (a.via != NULL)
		p.via = fx_chk((void *)eg_strpool_intern(rib->pool, a.via, strlen(a.via)));
	p.learned_from = fx_addr(a.from);
	if (a.to != NULL && strcmp(a.to, "Self") == 0)
		p.flags |= EG_PATH_NH_SELF;
	else
		p.nexthop = fx_addr(a.to);
	if (a.lp >= 0) {
		p.local_pref = (uint32_t)a.lp;
		p.flags |= EG_PATH_HAS_LP;
	}
	if (a.med >= 0) {
		p.med = (uint32_t)a.med;
		p.flags |= EG_PATH_HAS_MED;
	}
	if (a.active)
		p.flags |= EG_PATH_ACTIVE;
	p.proto = (uint8_t)(a.proto ? a.proto : EG_PROTO_BGP);
	if (eg_rib_add(rib, &p) != EG_OK)
		fx_chk(NULL);
}

/* An advertised route as "show route advertising-protocol ... detail" shows it. */
void
fx_adv(struct eg_rib *rib, const char *prefix, const char *aspath)
{
	fx_path_add(rib, prefix, (struct fx_path){ .as = aspath, .to = "Self", .lp = -1, .med = -1,
						   .active = true });
}

/* Empty the route table of an observation and return it. */
struct eg_rib *
fx_rib_reset(struct fx *f, const char *device, enum eg_qkind kind, const char *peer)
{
	struct eg_obs *o = fx_obs(f, device, kind, peer);

	eg_obs_data_free(o);
	if (eg_obs_data_new(o, EG_QD_RIB) != EG_OK)
		fx_chk(NULL);
	return o->u.rib;
}

/* The n-th path to prefix in an observation's table, writable; aborts if absent. */
struct eg_path *
fx_path(struct fx *f, const char *device, enum eg_qkind kind, const char *peer,
	const char *prefix, size_t n)
{
	struct eg_rib *rib = fx_obs(f, device, kind, peer)->u.rib;
	struct eg_prefix p = fx_prefix(prefix);
	const struct eg_path *first;

	if (eg_rib_find(rib, &p, &first) <= n) {
		fprintf(stderr, "check_fixture: no path %zu to %s\n", n, prefix);
		abort();
	}
	return (struct eg_path *)&first[n];
}

/* Intern s in the pool of the table that holds an observation. */
const char *
fx_intern(struct fx *f, const char *device, enum eg_qkind kind, const char *peer, const char *s)
{
	struct eg_rib *rib = fx_obs(f, device, kind, peer)->u.rib;

	return fx_chk((void *)eg_strpool_intern(rib->pool, s, strlen(s)));
}

/* The firewall's paths to one Azure prefix, as in the seed. */
static void
fx_azure_paths(struct eg_rib *rib, const char *prefix)
{
	fx_path_add(rib, prefix, (struct fx_path){ .as = FX_ER_AS, .to = FX_CE1_ADDR,
						   .via = FX_RETH_CE1, .lp = FX_LP, .med = -1, .active = true });
	fx_path_add(rib, prefix, (struct fx_path){ .as = FX_ER_AS, .to = FX_CE2_ADDR,
						   .via = FX_RETH_CE2, .lp = FX_LP, .med = -1 });
	fx_path_add(rib, prefix, (struct fx_path){ .as = FX_VPN_AS, .from = FX_VPN1, .via = FX_TUN1,
						   .lp = FX_VPN_LP, .med = -1 });
	fx_path_add(rib, prefix, (struct fx_path){ .as = FX_VPN_AS, .from = FX_VPN2, .via = FX_TUN2,
						   .lp = FX_VPN_LP, .med = -1 });
}

/* ------------------------------------------------------------ BGP and BFD */

static struct eg_bgp_peer *
fx_bgp_peer(struct eg_bgp *bgp, const char *addr, uint32_t as, const char *state)
{
	struct eg_bgp_peer *p = NULL;

	if (eg_bgp_add(bgp, &p) != EG_OK)
		fx_chk(NULL);
	p->addr = fx_addr(addr);
	p->peer_as = as;
	p->state = fx_strdup(state);
	return p;
}

/* The peer of a device's BGP summary, writable; aborts if absent. */
struct eg_bgp_peer *
fx_peer(struct fx *f, const char *device, const char *addr)
{
	struct eg_bgp *bgp = fx_obs(f, device, EG_Q_BGP_SUMMARY, NULL)->u.bgp;
	struct eg_addr a = fx_addr(addr);
	size_t i;

	for (i = 0; i < bgp->npeers; i++)
		if (eg_addr_eq(&bgp->peers[i].addr, &a))
			return &bgp->peers[i];
	fprintf(stderr, "check_fixture: no BGP peer %s on %s\n", addr, device);
	abort();
}

/* Remove a peer from a device's BGP summary. */
void
fx_peer_remove(struct fx *f, const char *device, const char *addr)
{
	struct eg_bgp *bgp = fx_obs(f, device, EG_Q_BGP_SUMMARY, NULL)->u.bgp;
	struct eg_bgp_peer *p = fx_peer(f, device, addr);
	size_t i = (size_t)(p - bgp->peers);

	free(p->state);
	free(p->group);
	free(p->instance);
	free(p->bfd_state);
	memmove(p, p + 1, (bgp->npeers - i - 1) * sizeof(*p));
	bgp->npeers--;
}

static struct eg_bfd_session *
fx_bfd_session(struct eg_bfd *bfd, const char *nb, const char *state, uint32_t tx, uint32_t mult)
{
	struct eg_bfd_session *s = NULL;

	if (eg_bfd_add(bfd, &s) != EG_OK)
		fx_chk(NULL);
	s->neighbor = fx_addr(nb);
	s->state = fx_strdup(state);
	s->tx_interval_ms = tx;
	s->multiplier = mult;
	s->detection_ms = tx * mult;
	s->clients = fx_strdup("BGP");
	return s;
}

/* ------------------------------------------------------------ configuration */

static struct eg_instance_cfg *
fx_cfg_instance(struct eg_config *cfg, const char *name)
{
	struct eg_instance_cfg *ic;

	cfg->instances = fx_chk(realloc(cfg->instances, (cfg->ninstances + 1) * sizeof(*ic)));
	ic = &cfg->instances[cfg->ninstances++];
	memset(ic, 0, sizeof(*ic));
	ic->name = fx_strdup(name);
	ic->instance_type = fx_strdup("virtual-router");
	ic->has_bgp = true;
	return ic;
}

/* Valid until the next group is added to ic. */
struct eg_bgp_group_cfg *
fx_cfg_group(struct eg_instance_cfg *ic, const char *name, const char *type)
{
	struct eg_bgp_group_cfg *g;

	ic->groups = fx_chk(realloc(ic->groups, (ic->ngroups + 1) * sizeof(*g)));
	g = &ic->groups[ic->ngroups++];
	memset(g, 0, sizeof(*g));
	g->name = fx_strdup(name);
	g->type = fx_strdup(type);
	return g;
}

struct eg_bgp_neighbor_cfg *
fx_cfg_neighbor(struct eg_bgp_group_cfg *g, const char *addr)
{
	struct eg_bgp_neighbor_cfg *nb;

	g->neighbors = fx_chk(realloc(g->neighbors, (g->nneighbors + 1) * sizeof(*nb)));
	nb = &g->neighbors[g->nneighbors++];
	memset(nb, 0, sizeof(*nb));
	nb->addr = fx_addr(addr);
	nb->name = fx_strdup(addr);
	return nb;
}

/* A CE's instance as in the seed: ibgp (with its local preference) and ebgp (with BFD). */
static void
fx_ce_config(struct eg_config *cfg, const char *fw_addr, const char *msee)
{
	struct eg_instance_cfg *ic = fx_cfg_instance(cfg, FX_INST);
	struct eg_bgp_group_cfg *g;

	g = fx_cfg_group(ic, FX_IBGP, "internal");
	g->opts.has_local_pref = true;
	g->opts.local_pref = FX_LP;
	fx_cfg_neighbor(g, fw_addr);
	g = fx_cfg_group(ic, FX_EBGP, NULL);
	g->opts.has_peer_as = true;
	g->opts.peer_as = FX_ASN_MS;
	g->opts.has_bfd = true;
	g->opts.bfd_min_interval = FX_BFD_MS;
	g->opts.bfd_multiplier = FX_BFD_MULT;
	fx_cfg_neighbor(g, msee);
}

static void
fx_fw_config(struct eg_config *cfg)
{
	struct eg_instance_cfg *ic = fx_cfg_instance(cfg, FX_INST);
	struct eg_bgp_group_cfg *g;

	g = fx_cfg_group(ic, FX_IBGP, "internal");
	fx_cfg_neighbor(g, FX_CE1_ADDR);
	fx_cfg_neighbor(g, FX_CE2_ADDR);
	g = fx_cfg_group(ic, FX_VPN_GROUP, "external");
	g->opts.has_peer_as = true;
	g->opts.peer_as = FX_ASN_AZURE;
	g->opts.local_address = fx_strdup(FX_VPN_LOCAL);
	fx_cfg_neighbor(g, FX_VPN1);
	fx_cfg_neighbor(g, FX_VPN2);
}

/* A CE's BGP group in its configuration observation; aborts if absent. */
struct eg_bgp_group_cfg *
fx_group(struct fx *f, const char *device, const char *group)
{
	struct eg_config *cfg = fx_obs(f, device, EG_Q_CONFIG, NULL)->u.cfg;
	struct eg_instance_cfg *ic = &cfg->instances[0];
	size_t i;

	for (i = 0; i < ic->ngroups; i++)
		if (strcmp(ic->groups[i].name, group) == 0)
			return &ic->groups[i];
	fprintf(stderr, "check_fixture: no group %s on %s\n", group, device);
	abort();
}

/* ------------------------------------------------------------ intent edits */

/* Keep only the first ExpressRoute link of the service. */
void
fx_drop_second_link(struct fx *f)
{
	struct eg_service *s = &f->in->services[0];
	size_t i;

	for (i = 1; i < s->ner; i++) {
		free(s->er[i].name);
		free(s->er[i].ce);
		free(s->er[i].ebgp_group);
		free(s->er[i].ibgp_group);
	}
	s->ner = 1;
}

/* Restrict the run to the given devices (--device); NULL-terminated list. */
void
fx_filter(struct fx *f, const char *const *devices)
{
	size_t n = 0;

	while (devices[n] != NULL)
		n++;
	f->ctx.devices = devices;
	f->ctx.ndevices = n;
}

/* ------------------------------------------------------------ faults more than one table uses */

/* Each VPN peer is also sent the on-premises prefix as its two halves (two /26). */
void
fx_vpn_halves(struct fx *f)
{
	static const char *const vpn[] = { FX_VPN1, FX_VPN2 };
	struct eg_prefix half = fx_prefix(FX_ONPREM);
	char lo[EG_PREFIX_STRLEN], hi[EG_PREFIX_STRLEN];
	size_t i;

	half.len++;
	eg_prefix_fmt(&half, lo);	/* the lower half keeps the address */
	half.addr.bytes[(half.len - 1) / 8] |= (uint8_t)(0x80 >> ((half.len - 1) % 8));
	eg_prefix_fmt(&half, hi);
	for (i = 0; i < 2; i++) {
		struct eg_rib *rib = fx_obs(f, FX_FW, EG_Q_ADVERTISED, vpn[i])->u.rib;
		fx_adv(rib, lo, FX_ADV_AS);
		fx_adv(rib, hi, FX_ADV_AS);
	}
}

/* CE1's BFD session runs at 1000 ms, detection 3000 ms: slower than the intent's. */
void
fx_ce1_bfd_slow(struct fx *f)
{
	struct eg_bfd_session *s = &fx_obs(f, FX_CE1, EG_Q_BFD, NULL)->u.bfd->sessions[0];

	s->tx_interval_ms = 1000;
	s->detection_ms = 3000;
}

/* ------------------------------------------------------------ the whole fixture */

static struct eg_state *
fx_state(void)
{
	struct eg_state *st = fx_chk(eg_state_new());
	static const struct {
		const char *ce, *msee, *fw_addr;
	} ces[] = { { FX_CE1, FX_MSEE1, FX_FW1_ADDR }, { FX_CE2, FX_MSEE2, FX_FW2_ADDR } };
	static const char *const vpn[] = { FX_VPN1, FX_VPN2 };
	struct eg_obs *o;
	size_t i;

	for (i = 0; i < 2; i++) {
		fx_ce_config(fx_obs_add(st, ces[i].ce, EG_Q_CONFIG, NULL)->u.cfg, ces[i].fw_addr,
			     ces[i].msee);
		fx_adv(fx_obs_add(st, ces[i].ce, EG_Q_ADVERTISED, ces[i].msee)->u.rib, FX_ONPREM,
		       FX_ADV_AS);
		o = fx_obs_add(st, ces[i].ce, EG_Q_BGP_SUMMARY, NULL);
		fx_bgp_peer(o->u.bgp, ces[i].fw_addr, FX_ASN_ONPREM, "Established");
		fx_bgp_peer(o->u.bgp, ces[i].msee, FX_ASN_MS, "Established");
		fx_bfd_session(fx_obs_add(st, ces[i].ce, EG_Q_BFD, NULL)->u.bfd, ces[i].msee, "Up",
			       FX_BFD_MS, FX_BFD_MULT);
	}
	fx_fw_config(fx_obs_add(st, FX_FW, EG_Q_CONFIG, NULL)->u.cfg);
	o = fx_obs_add(st, FX_FW, EG_Q_ROUTES, NULL);
	fx_path_add(o->u.rib, FX_ONPREM, (struct fx_path){ .via = FX_RETH_LAN, .lp = -1, .med = -1,
							   .active = true, .proto = EG_PROTO_STATIC });
	fx_azure_paths(o->u.rib, FX_HUB);
	fx_path_add(o->u.rib, FX_VPN1 "/32", (struct fx_path){ .via = FX_TUN1, .lp = -1,
								  .med = -1, .active = true,
								  .proto = EG_PROTO_STATIC });
	fx_path_add(o->u.rib, FX_VPN2 "/32", (struct fx_path){ .via = FX_TUN2, .lp = -1,
								  .med = -1, .active = true,
								  .proto = EG_PROTO_STATIC });
	fx_azure_paths(o->u.rib, FX_SPOKE);
	for (i = 0; i < 2; i++) {
		fx_adv(fx_obs_add(st, FX_FW, EG_Q_ADVERTISED, vpn[i])->u.rib, FX_ONPREM, FX_ADV_AS);
		o = fx_obs_add(st, FX_FW, EG_Q_RECEIVED, vpn[i]);
		fx_path_add(o->u.rib, FX_HUB, (struct fx_path){ .as = FX_VPN_AS, .to = vpn[i],
								.lp = -1, .med = -1 });
		fx_path_add(o->u.rib, FX_SPOKE, (struct fx_path){ .as = FX_VPN_AS, .to = vpn[i],
								  .lp = -1, .med = -1 });
	}
	o = fx_obs_add(st, FX_FW, EG_Q_BGP_SUMMARY, NULL);
	fx_bgp_peer(o->u.bgp, FX_VPN1, FX_ASN_AZURE, "Established");
	fx_bgp_peer(o->u.bgp, FX_VPN2, FX_ASN_AZURE, "Established");
	fx_bgp_peer(o->u.bgp, FX_CE1_ADDR, FX_ASN_ONPREM, "Established");
	fx_bgp_peer(o->u.bgp, FX_CE2_ADDR, FX_ASN_ONPREM, "Established");
	return st;
}

struct fx *
fx_new(void)
{
	struct fx *f = fx_chk(calloc(1, sizeof(*f)));

	f->in = fx_intent();
	f->st = fx_state();
	f->rep = fx_chk(eg_report_new());
	return f;
}

void
fx_free(struct fx *f)
{
	if (f == NULL)
		return;
	eg_report_free(f->rep);
	eg_azure_free(f->az_learned);
	eg_azure_free(f->az_advertised);
	eg_state_free(f->st);
	eg_intent_free(f->in);
	free(f);
}

/* A file under tests/data, from the repository root or $EG_ROOT; static buffer. */
const char *
fx_data(const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "tests/data/%s", rel);
	return eg_test_path(path);
}

/* Load tests/data/azure/NAME as the learned (or advertised) export of the run. */
struct eg_azure_routes *
fx_azure(struct fx *f, const char *name, bool learned)
{
	char rel[256];
	struct eg_azure_routes *a = NULL;

	snprintf(rel, sizeof(rel), "azure/%s", name);
	if (eg_azure_load(fx_data(rel), &a) != EG_OK) {
		fprintf(stderr, "check_fixture: cannot load %s\n", fx_data(rel));
		abort();
	}
	if (learned) {
		eg_azure_free(f->az_learned);
		f->az_learned = a;
		f->ctx.azure_learned = a;
	} else {
		eg_azure_free(f->az_advertised);
		f->az_advertised = a;
		f->ctx.azure_advertised = a;
	}
	return a;
}

/* Run one check of the catalogue for the service. */
void
fx_run(struct fx *f, const char *id)
{
	const struct eg_check_def *def = eg_check_find(id);

	if (def == NULL) {
		fprintf(stderr, "check_fixture: no check %s\n", id);
		abort();
	}
	def->run(f->in, &f->in->services[0], f->st, &f->ctx, f->rep);
}

/* The result of check id for scope (NULL: the only one); NULL if absent. */
const struct eg_result *
fx_result(const struct fx *f, const char *id, const char *scope)
{
	size_t i;

	for (i = 0; i < f->rep->nresults; i++) {
		const struct eg_result *res = &f->rep->results[i];
		if (strcmp(res->check_id, id) == 0 &&
		    (scope == NULL || (res->scope != NULL && strcmp(res->scope, scope) == 0)))
			return res;
	}
	return NULL;
}

/* How many results check id produced. */
size_t
fx_nresults(const struct fx *f, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < f->rep->nresults; i++)
		n += strcmp(f->rep->results[i].check_id, id) == 0;
	return n;
}

/* The first finding of res whose status is st (PASS for notes). */
const struct eg_finding *
fx_finding(const struct eg_result *res, enum eg_status st)
{
	size_t i;

	for (i = 0; i < res->nfindings; i++)
		if (res->findings[i].status == st)
			return &res->findings[i];
	return NULL;
}

/* How many findings of res have status st. */
static size_t
fx_nfindings(const struct eg_result *res, enum eg_status st)
{
	size_t i, n = 0;

	for (i = 0; i < res->nfindings; i++)
		n += res->findings[i].status == st;
	return n;
}

/* ------------------------------------------------------------ case tables */

static void
fx_dump(const struct eg_result *res)
{
	size_t i;

	print_error("  result %s %s: %s%s%s\n", res->check_id, res->scope ? res->scope : "",
		    eg_status_name(res->status), res->reason ? " - " : "",
		    res->reason ? res->reason : "");
	for (i = 0; i < res->nfindings; i++) {
		const struct eg_finding *x = &res->findings[i];
		print_error("    %s dev=%s pfx=%s peer=%s exp=[%s] obs=[%s] %s\n",
			    eg_status_name(x->status), x->device ? x->device : "-",
			    x->prefix ? x->prefix : "-", x->peer ? x->peer : "-",
			    x->expected ? x->expected : "-", x->observed ? x->observed : "-",
			    x->message ? x->message : "");
	}
}

/* want NULL: not asserted; "": got must be NULL. */
static bool
fx_field_ok(const char *got, const char *want)
{
	if (want == NULL)
		return true;
	if (*want == '\0')
		return got == NULL;
	return got != NULL && strcmp(got, want) == 0;
}

/* Run one case and assert what its table row says. */
static void
fx_case_test(void **state)
{
	const struct fx_case *c = *state;
	struct fx *f = fx_new();
	const struct eg_result *res;
	const struct eg_finding *x;
	enum eg_status fst;
	bool ok = true;

	if (c->mutate != NULL)
		c->mutate(f);
	fx_run(f, c->check);
	res = fx_result(f, c->check, c->scope);
	if (res == NULL) {
		print_error("%s: no %s result for scope %s\n", c->name, c->check, c->scope);
		fx_free(f);
		fail();
		return;
	}
	if (res->status != c->status) {
		print_error("%s: status %s, expected %s\n", c->name, eg_status_name(res->status),
			    eg_status_name(c->status));
		ok = false;
	}
	if (c->status == EG_ST_UNKNOWN || c->status == EG_ST_SKIPPED) {
		if (c->reason != NULL && (res->reason == NULL || strstr(res->reason, c->reason) == NULL)) {
			print_error("%s: reason lacks \"%s\"\n", c->name, c->reason);
			ok = false;
		}
		if (c->status == EG_ST_UNKNOWN && c->cause != EG_OK && res->cause != c->cause) {
			print_error("%s: cause %s, expected %s\n", c->name, eg_strerror(res->cause),
				    eg_strerror(c->cause));
			ok = false;
		}
	}
	fst = c->status == EG_ST_PASS ? EG_ST_FAIL : c->status;
	if (c->status != EG_ST_SKIPPED && !(c->status == EG_ST_UNKNOWN && c->nfail == 0) &&
	    fx_nfindings(res, fst) != c->nfail) {
		print_error("%s: %zu %s findings, expected %zu\n", c->name, fx_nfindings(res, fst),
			    eg_status_name(fst), c->nfail);
		ok = false;
	}
	x = fx_finding(res, fst);
	if (c->nfail > 0 && x != NULL &&
	    (!fx_field_ok(x->device, c->device) || !fx_field_ok(x->prefix, c->prefix) ||
	     !fx_field_ok(x->peer, c->peer) || !fx_field_ok(x->expected, c->expected) ||
	     !fx_field_ok(x->observed, c->observed))) {
		print_error("%s: first finding differs: want dev=%s pfx=%s peer=%s exp=[%s] obs=[%s]\n",
			    c->name, c->device ? c->device : "*", c->prefix ? c->prefix : "*",
			    c->peer ? c->peer : "*", c->expected ? c->expected : "*",
			    c->observed ? c->observed : "*");
		ok = false;
	}
	if (x != NULL && (x->message == NULL || x->message[0] == '\0')) {
		print_error("%s: a finding without a message\n", c->name);
		ok = false;
	}
	if (!ok)
		fx_dump(res);
	fx_free(f);
	assert_true(ok);
}

/* Run a table of cases, one cmocka test each. */
int
fx_run_cases(const char *group, const struct fx_case *cases, size_t n,
	     const struct CMUnitTest *extra, size_t nextra)
{
	struct CMUnitTest *t = fx_chk(calloc(n + nextra, sizeof(*t)));
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		t[i].name = cases[i].name;
		t[i].test_func = fx_case_test;
		t[i].initial_state = (void *)&cases[i];
	}
	for (i = 0; i < nextra; i++)
		t[n + i] = extra[i];
	rc = _cmocka_run_group_tests(group, t, n + nextra, NULL, NULL);
	free(t);
	return rc;
}
