/*
 * model_cfg.c - the containers of the shared model: BGP peers, BFD
 * sessions, a routing instance's configuration with Junos's inheritance
 * of BGP options, traceroutes, instance lists and rpc-errors.
 *
 * Guarantees: containers own what they hold and their _free() functions
 * accept NULL; lookups return NULL when nothing matches and borrow from
 * the container.  Out of memory is fatal (util.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---------------------------------------------------------------- BGP */

struct eg_bgp *
eg_bgp_new(void)
{
	return eg_xcalloc(1, sizeof(struct eg_bgp));
}

void
eg_bgp_free(struct eg_bgp *bgp)
{
	size_t i;

	if (bgp == NULL)
		return;
	for (i = 0; i < bgp->npeers; i++) {
		free(bgp->peers[i].state);
		free(bgp->peers[i].group);
		free(bgp->peers[i].instance);
		free(bgp->peers[i].bfd_state);
	}
	free(bgp->peers);
	free(bgp);
}

eg_err
eg_bgp_add(struct eg_bgp *bgp, struct eg_bgp_peer **out)
{
	void *arr = bgp->peers;

	*out = eg_append(&arr, &bgp->npeers, &bgp->cap, sizeof(*bgp->peers));
	bgp->peers = arr;
	return EG_OK;
}

const struct eg_bgp_peer *
eg_bgp_find(const struct eg_bgp *bgp, const struct eg_addr *addr)
{
	size_t i;

	if (bgp == NULL)
		return NULL;
	for (i = 0; i < bgp->npeers; i++)
		if (eg_addr_eq(&bgp->peers[i].addr, addr))
			return &bgp->peers[i];
	return NULL;
}

/* ---------------------------------------------------------------- BFD */

struct eg_bfd *
eg_bfd_new(void)
{
	return eg_xcalloc(1, sizeof(struct eg_bfd));
}

void
eg_bfd_free(struct eg_bfd *bfd)
{
	size_t i;

	if (bfd == NULL)
		return;
	for (i = 0; i < bfd->nsessions; i++) {
		free(bfd->sessions[i].state);
		free(bfd->sessions[i].interface);
		free(bfd->sessions[i].clients);
	}
	free(bfd->sessions);
	free(bfd);
}

eg_err
eg_bfd_add(struct eg_bfd *bfd, struct eg_bfd_session **out)
{
	void *arr = bfd->sessions;

	*out = eg_append(&arr, &bfd->nsessions, &bfd->cap, sizeof(*bfd->sessions));
	bfd->sessions = arr;
	return EG_OK;
}

const struct eg_bfd_session *
eg_bfd_find(const struct eg_bfd *bfd, const struct eg_addr *neighbor)
{
	size_t i;

	if (bfd == NULL)
		return NULL;
	for (i = 0; i < bfd->nsessions; i++)
		if (eg_addr_eq(&bfd->sessions[i].neighbor, neighbor))
			return &bfd->sessions[i];
	return NULL;
}

/* ---------------------------------------------------------------- configuration */

static void
model_cfg_strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
eg_bgp_opts_clear(struct eg_bgp_opts *o)
{
	if (o == NULL)
		return;
	model_cfg_strv_free(o->export_policies, o->nexport);
	model_cfg_strv_free(o->import_policies, o->nimport);
	free(o->local_address);
	free(o->local_pref_group);
	free(o->bfd_group);
	free(o->export_group);
	free(o->import_group);
	memset(o, 0, sizeof(*o));
}

static void
model_cfg_instance_clear(struct eg_instance_cfg *ic)
{
	size_t g, n;

	free(ic->name);
	free(ic->instance_type);
	free(ic->description);
	model_cfg_strv_free(ic->interfaces, ic->ninterfaces);
	eg_bgp_opts_clear(&ic->bgp_opts);
	for (g = 0; g < ic->ngroups; g++) {
		struct eg_bgp_group_cfg *gr = &ic->groups[g];
		free(gr->name);
		free(gr->type);
		eg_bgp_opts_clear(&gr->opts);
		for (n = 0; n < gr->nneighbors; n++) {
			free(gr->neighbors[n].name);
			eg_bgp_opts_clear(&gr->neighbors[n].opts);
		}
		free(gr->neighbors);
	}
	free(ic->groups);
}

static void
model_cfg_policy_clear(struct eg_policy *p)
{
	size_t t;

	free(p->name);
	free(p->default_action);
	for (t = 0; t < p->nterms; t++) {
		struct eg_policy_term *term = &p->terms[t];
		free(term->name);
		free(term->route_filters);
		model_cfg_strv_free(term->route_filter_match, term->nroute_filters);
		model_cfg_strv_free(term->prefix_lists, term->nprefix_lists);
		free(term->action);
		free(term->lp_group);
		free(term->from_other);
	}
	free(p->terms);
}

void
eg_config_free(struct eg_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->ninstances; i++)
		model_cfg_instance_clear(&cfg->instances[i]);
	free(cfg->instances);
	for (i = 0; i < cfg->npolicies; i++)
		model_cfg_policy_clear(&cfg->policies[i]);
	free(cfg->policies);
	for (i = 0; i < cfg->nprefix_lists; i++) {
		free(cfg->prefix_lists[i].name);
		free(cfg->prefix_lists[i].prefixes);
	}
	free(cfg->prefix_lists);
	free(cfg->unresolved_groups);
	free(cfg->commit_user);
	free(cfg);
}

const struct eg_instance_cfg *
eg_config_instance(const struct eg_config *cfg, const char *name)
{
	size_t i;

	if (cfg == NULL || name == NULL)
		return NULL;
	for (i = 0; i < cfg->ninstances; i++)
		if (cfg->instances[i].name != NULL && strcmp(cfg->instances[i].name, name) == 0)
			return &cfg->instances[i];
	return NULL;
}

const struct eg_bgp_group_cfg *
eg_instance_group(const struct eg_instance_cfg *ic, const char *name)
{
	size_t i;

	if (ic == NULL || name == NULL)
		return NULL;
	for (i = 0; i < ic->ngroups; i++)
		if (ic->groups[i].name != NULL && strcmp(ic->groups[i].name, name) == 0)
			return &ic->groups[i];
	return NULL;
}

const struct eg_bgp_group_cfg *
eg_instance_group_of(const struct eg_instance_cfg *ic, const struct eg_addr *peer,
		     const struct eg_bgp_neighbor_cfg **nb)
{
	size_t g, n;

	if (nb != NULL)
		*nb = NULL;
	if (ic == NULL || peer == NULL)
		return NULL;
	for (g = 0; g < ic->ngroups; g++) {
		const struct eg_bgp_group_cfg *gr = &ic->groups[g];
		for (n = 0; n < gr->nneighbors; n++) {
			if (eg_addr_eq(&gr->neighbors[n].addr, peer)) {
				if (nb != NULL)
					*nb = &gr->neighbors[n];
				return gr;
			}
		}
	}
	return NULL;
}

/* Apply the statements present in src over dst (borrowing src's strings). */
static void
model_cfg_opts_overlay(struct eg_bgp_opts *dst, const struct eg_bgp_opts *src)
{
	if (src->has_local_pref) {
		dst->has_local_pref = true;
		dst->local_pref = src->local_pref;
		dst->local_pref_group = src->local_pref_group;
	}
	if (src->has_peer_as) {
		dst->has_peer_as = true;
		dst->peer_as = src->peer_as;
	}
	if (src->has_bfd) {
		dst->has_bfd = true;
		dst->bfd_min_interval = src->bfd_min_interval;
		dst->bfd_multiplier = src->bfd_multiplier;
		dst->bfd_group = src->bfd_group;
	}
	if (src->nexport > 0) {
		dst->export_policies = src->export_policies;
		dst->nexport = src->nexport;
		dst->export_group = src->export_group;
	}
	if (src->nimport > 0) {
		dst->import_policies = src->import_policies;
		dst->nimport = src->nimport;
		dst->import_group = src->import_group;
	}
	if (src->local_address != NULL)
		dst->local_address = src->local_address;
}

void
eg_bgp_effective(const struct eg_instance_cfg *ic, const struct eg_bgp_group_cfg *g,
		 const struct eg_bgp_neighbor_cfg *nb, struct eg_bgp_opts *out)
{
	memset(out, 0, sizeof(*out));
	if (ic != NULL)
		model_cfg_opts_overlay(out, &ic->bgp_opts);
	if (g != NULL)
		model_cfg_opts_overlay(out, &g->opts);
	if (nb != NULL)
		model_cfg_opts_overlay(out, &nb->opts);
}

/* ---------------------------------------------------------------- policy */

const struct eg_policy *
eg_config_policy(const struct eg_config *cfg, const char *name)
{
	size_t i;

	if (cfg == NULL || name == NULL)
		return NULL;
	for (i = 0; i < cfg->npolicies; i++)
		if (cfg->policies[i].name != NULL && strcmp(cfg->policies[i].name, name) == 0)
			return &cfg->policies[i];
	return NULL;
}

const struct eg_prefix_list *
eg_config_prefix_list(const struct eg_config *cfg, const char *name)
{
	size_t i;

	if (cfg == NULL || name == NULL)
		return NULL;
	for (i = 0; i < cfg->nprefix_lists; i++)
		if (cfg->prefix_lists[i].name != NULL && strcmp(cfg->prefix_lists[i].name, name) == 0)
			return &cfg->prefix_lists[i];
	return NULL;
}

/*
 * Does a route-filter's match type hold for pfx, which the filter's prefix
 * covers?  -1 when the type is not one read here.
 */
static int
model_cfg_rf_type(const char *m, const struct eg_prefix *f, const struct eg_prefix *pfx)
{
	unsigned a, b;

	if (m == NULL || *m == '\0' || strcmp(m, "exact") == 0)
		return pfx->len == f->len;
	if (strcmp(m, "orlonger") == 0)
		return 1;
	if (strcmp(m, "longer") == 0)
		return pfx->len > f->len;
	if (sscanf(m, "upto /%u", &a) == 1)
		return pfx->len <= a;
	if (sscanf(m, "prefix-length-range /%u-/%u", &a, &b) == 2)
		return pfx->len >= a && pfx->len <= b;
	return -1;
}

/*
 * Does the term's prefix condition match pfx?  1 yes, 0 no, -1 not known.
 * Route-filters: the longest one covering pfx decides, by its match type;
 * prefix-lists match exactly; the two kinds are alternatives.
 */
static int
model_cfg_term_match(const struct eg_config *cfg, const struct eg_policy_term *t,
		     const struct eg_prefix *pfx, const char **why)
{
	size_t i, j, best = SIZE_MAX;
	int hit = 0;

	if (t->from_other != NULL) {
		*why = t->from_other;
		return -1;
	}
	if (t->from_not_bgp)
		return 0;
	if (t->nroute_filters == 0 && t->nprefix_lists == 0)
		return 1;
	for (i = 0; i < t->nroute_filters; i++)
		if (eg_prefix_covers(&t->route_filters[i], pfx) &&
		    (best == SIZE_MAX || t->route_filters[i].len > t->route_filters[best].len))
			best = i;
	if (best != SIZE_MAX) {
		hit = model_cfg_rf_type(t->route_filter_match[best], &t->route_filters[best], pfx);
		if (hit < 0) {
			*why = t->route_filter_match[best];
			return -1;
		}
		if (hit)
			return 1;
	}
	for (i = 0; i < t->nprefix_lists; i++) {
		const struct eg_prefix_list *pl = eg_config_prefix_list(cfg, t->prefix_lists[i]);
		if (pl == NULL) {
			*why = "a prefix-list that is not configured";
			return -1;
		}
		for (j = 0; j < pl->nprefixes; j++)
			if (eg_prefix_eq(&pl->prefixes[j], pfx))
				return 1;
	}
	return 0;
}

void
eg_policy_chain_lp(const struct eg_config *cfg, char *const *policies, size_t n,
		   const struct eg_prefix *pfx, struct eg_lp_result *out)
{
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->what = EG_LP_UNSET;
	/* a policy-level from/then is the policy's last, unnamed term (the parser's) */
	for (i = 0; i < n; i++) {
		const struct eg_policy *p = eg_config_policy(cfg, policies[i]);
		bool next_policy = false;

		if (p == NULL) {
			out->what = EG_LP_UNKNOWN;
			out->policy = policies[i];
			out->why = "missing";
			return;
		}
		for (k = 0; k < p->nterms && !next_policy; k++) {
			const struct eg_policy_term *t = &p->terms[k];
			const char *why = NULL;
			int m = model_cfg_term_match(cfg, t, pfx, &why);

			if (m < 0) {
				out->what = EG_LP_UNKNOWN;
				out->policy = p->name;
				out->term = t->name;
				out->why = why;
				return;
			}
			if (m == 0)
				continue;
			if (t->set_lp) {
				out->what = EG_LP_SET;
				out->lp = t->lp;
				out->policy = p->name;
				out->term = t->name;
				out->group = t->lp_group;
			}
			if (t->action != NULL && strcmp(t->action, "reject") == 0) {
				out->what = EG_LP_REJECTED;
				out->policy = p->name;
				out->term = t->name;
				return;
			}
			if (t->action != NULL && strcmp(t->action, "accept") == 0)
				return;
			next_policy = t->next_policy;
		}
	}
}

/* ---------------------------------------------------------------- others */

void
eg_trace_free(struct eg_trace *t)
{
	if (t == NULL)
		return;
	free(t->hops);
	free(t);
}

void
eg_instances_free(struct eg_instances *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->nitems; i++) {
		free(in->items[i].name);
		free(in->items[i].type);
		free(in->items[i].state);
		model_cfg_strv_free(in->items[i].rib_names, in->items[i].nribs);
		free(in->items[i].active_counts);
	}
	free(in->items);
	free(in);
}

void
eg_rpc_errors_clear(struct eg_rpc_errors *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nitems; i++) {
		struct eg_rpc_error *x = &e->items[i];
		free(x->type);
		free(x->tag);
		free(x->message);
		free(x->path);
		free(x->bad_element);
		free(x->source_daemon);
	}
	free(e->items);
	e->items = NULL;
	e->nitems = 0;
}

const struct eg_rpc_error *
eg_rpc_errors_first(const struct eg_rpc_errors *e)
{
	size_t i;

	if (e == NULL)
		return NULL;
	for (i = 0; i < e->nitems; i++)
		if (e->items[i].is_error)
			return &e->items[i];
	return NULL;
}
