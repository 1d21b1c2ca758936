/*
 * junos_config.c - <configuration> replies: the routing instances and
 * their BGP groups and neighbors, and policy-options.
 *
 * Values are kept where they are configured (instance bgp level, group,
 * neighbor); which applies is the checks' business.  Inactive subtrees
 * never reach here (the core skips them), so a deactivated statement is
 * absent.  A policy-level from/then makes one unnamed term.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "junos_int.h"

/* The bgp options the current element belongs to (neighbor, group or bgp). */
static struct eg_bgp_opts *
jcfg_opts(struct js *s)
{
	if (s->nb != NULL && (s->inside[T_NEIGHBOR] > 0))
		return &s->nb->opts;
	if (s->grp != NULL && (s->inside[T_GROUP] > 0))
		return &s->grp->opts;
	if (s->ic != NULL && (s->inside[T_BGP] > 0))
		return &s->ic->bgp_opts;
	return NULL;
}

/*
 * Record the element's junos:group (a reply asked with groups="groups"
 * names the group an inherited statement came from); a child of an
 * inherited statement is inherited from the same group.
 */
static void
jcfg_from_start(struct js *s)
{
	int i = s->depth - 1;
	char *v;

	if (i < 0 || i >= JS_MAXDEPTH)
		return;
	s->cfg_from[i][0] = '\0';
	if ((v = js_attr(s->rd, "group")) != NULL) {
		js_copy(s->cfg_from[i], sizeof(s->cfg_from[i]), v);
		xmlFree(v);
	} else if (i > 0) {
		memcpy(s->cfg_from[i], s->cfg_from[i - 1], sizeof(s->cfg_from[i]));
	}
}

/* Set *dst to the current element's group, or NULL when written in place. */
static void
jcfg_from_set(struct js *s, char **dst)
{
	int i = s->depth - 1;

	if (i < 0 || i >= JS_MAXDEPTH || s->cfg_from[i][0] == '\0') {
		free(*dst);
		*dst = NULL;
		return;
	}
	js_str_set(s, dst, s->cfg_from[i]);
}

/* An apply-groups left in the reply: its groups were not resolved. */
static void
jcfg_apply_groups(struct js *s, const char *t)
{
	struct eg_config *cfg = s->o->u.cfg;
	char buf[256];

	if (cfg->unresolved_groups != NULL)
		return;
	if (s->ic != NULL && s->ic->name != NULL)
		snprintf(buf, sizeof(buf), "%s in routing instance %s", t, s->ic->name);
	else if (s->pol != NULL && s->pol->name != NULL)
		snprintf(buf, sizeof(buf), "%s in policy-statement %s", t, s->pol->name);
	else
		snprintf(buf, sizeof(buf), "%s", t);
	js_str_set(s, &cfg->unresolved_groups, buf);
}

/* ------------------------------------------------------------ policy-options */

/* The term the policy-level from/then belongs to, made on first use. */
static struct eg_policy_term *
jcfg_pol_implicit(struct js *s)
{
	if (!s->term_implicit) {
		s->term = js_append(s, (void **)&s->pol->terms, &s->pol->nterms, sizeof(*s->term));
		s->term_implicit = true;
		s->term_implicit_idx = s->pol->nterms - 1;
	}
	return &s->pol->terms[s->term_implicit_idx];
}

static void
jcfg_pol_start(struct js *s)
{
	struct eg_config *cfg = s->o->u.cfg;
	uint16_t up = js_tok(s, 1);

	if (s->cur == T_POLICY_STATEMENT && up == T_POLICY_OPTIONS) {
		s->pol = js_append(s, (void **)&cfg->policies, &cfg->npolicies, sizeof(*s->pol));
		s->term = NULL;
		s->term_implicit = false;
	} else if (s->cur == T_TERM && up == T_POLICY_STATEMENT && s->pol != NULL) {
		s->term = js_append(s, (void **)&s->pol->terms, &s->pol->nterms, sizeof(*s->term));
	} else if ((s->cur == T_FROM || s->cur == T_THEN) && up == T_POLICY_STATEMENT &&
		   s->pol != NULL) {
		s->term = jcfg_pol_implicit(s);
	} else if (up == T_FROM && s->term != NULL && s->term->from_other == NULL &&
		   s->cur != T_ROUTE_FILTER && s->cur != T_PREFIX_LIST &&
		   s->cur != T_PREFIX_LIST_FILTER && s->cur != T_PROTOCOL) {
		/* a condition not read here: whether the term matches is not known */
		js_str_set(s, &s->term->from_other, s->names[s->depth - 1]);
	} else if (up == T_LOCAL_PREFERENCE && js_tok(s, 2) == T_THEN && s->term != NULL &&
		   s->cur != T_LOCAL_PREFERENCE && s->term->from_other == NULL) {
		/* then local-preference add N / subtract N: relative, not a value */
		js_str_set(s, &s->term->from_other, "then local-preference add/subtract");
	} else if (s->cur == T_ROUTE_FILTER && up == T_FROM) {
		s->rf_addr[0] = s->rf_match[0] = '\0';
	} else if (s->cur == T_PREFIX_LIST && up == T_POLICY_OPTIONS) {
		s->plist = js_append(s, (void **)&cfg->prefix_lists, &cfg->nprefix_lists,
				     sizeof(*s->plist));
	}
}

static void
jcfg_pol_route_filter(struct js *s)
{
	struct eg_policy_term *t = s->term;
	struct eg_prefix pfx;

	if (t == NULL || eg_prefix_parse(s->rf_addr, &pfx) != EG_OK)
		return;
	t->route_filters = eg_xrealloc(t->route_filters,
				       (t->nroute_filters + 1) * sizeof(*t->route_filters));
	t->route_filter_match = eg_xrealloc(t->route_filter_match,
					    (t->nroute_filters + 1) * sizeof(*t->route_filter_match));
	t->route_filter_match[t->nroute_filters] = eg_xstrdup(s->rf_match);
	t->route_filters[t->nroute_filters++] = pfx;
}

static void
jcfg_pol_end(struct js *s, const char *t)
{
	uint16_t up = js_tok(s, 1), up2 = js_tok(s, 2);

	if (up == T_ROUTE_FILTER) {
		/* exact | orlonger | longer | upto /N | prefix-length-range /A-/B | through P */
		if (s->cur == T_ADDRESS)
			js_copy(s->rf_addr, sizeof(s->rf_addr), t);
		else if (s->cur == T_EXACT || s->cur == T_ORLONGER || s->cur == T_LONGER)
			js_copy(s->rf_match, sizeof(s->rf_match), js_tok_names[s->cur]);
		else if (s->cur == T_UPTO || s->cur == T_PREFIX_LENGTH_RANGE || s->cur == T_THROUGH)
			snprintf(s->rf_match, sizeof(s->rf_match), "%s %s", js_tok_names[s->cur], t);
		return;
	}
	switch (s->cur) {
	case T_NAME:
		if (up == T_POLICY_STATEMENT && s->pol != NULL)
			js_str_set(s, &s->pol->name, t);
		else if (up == T_TERM && s->term != NULL)
			js_str_set(s, &s->term->name, t);
		else if (up == T_PREFIX_LIST && up2 == T_FROM && s->term != NULL)
			js_strv_push(s, &s->term->prefix_lists, &s->term->nprefix_lists, t);
		else if (up == T_PREFIX_LIST && up2 == T_POLICY_OPTIONS && s->plist != NULL)
			js_str_set(s, &s->plist->name, t);
		else if (up == T_PREFIX_LIST_ITEM && s->plist != NULL) {
			struct eg_prefix pfx;
			struct eg_prefix_list *pl = s->plist;
			if (eg_prefix_parse(t, &pfx) == EG_OK) {
				pl->prefixes = eg_xrealloc(pl->prefixes,
							   (pl->nprefixes + 1) * sizeof(*pl->prefixes));
				pl->prefixes[pl->nprefixes++] = pfx;
			}
		}
		break;
	case T_LIST_NAME:
		if (up == T_PREFIX_LIST_FILTER && s->term != NULL)
			js_strv_push(s, &s->term->prefix_lists, &s->term->nprefix_lists, t);
		break;
	case T_ROUTE_FILTER:
		if (up == T_FROM)
			jcfg_pol_route_filter(s);
		break;
	case T_ACCEPT:
	case T_REJECT:
		if (up != T_THEN || s->term == NULL)
			break;
		js_str_set(s, &s->term->action, js_tok_names[s->cur]);
		if (up2 == T_POLICY_STATEMENT && s->pol != NULL)
			js_str_set(s, &s->pol->default_action, js_tok_names[s->cur]);
		break;
	case T_NEXT:
		if (up == T_THEN && s->term != NULL && strcmp(t, "policy") == 0)
			s->term->next_policy = true;
		break;
	case T_PROTOCOL:
		if (up == T_FROM && s->term != NULL && strcmp(t, "bgp") != 0)
			s->term->from_not_bgp = true;
		break;
	case T_LOCAL_PREFERENCE:
		/* then local-preference N, or the value one level deeper */
		if (s->term == NULL || (up != T_THEN && !(up == T_LOCAL_PREFERENCE && up2 == T_THEN)))
			break;
		if (*t == '\0')
			break;
		if (eg_parse_u32(t, &s->term->lp) == EG_OK) {
			s->term->set_lp = true;
			jcfg_from_set(s, &s->term->lp_group);
		} else if (s->term->from_other == NULL) {
			js_str_set(s, &s->term->from_other, "then local-preference add/subtract");
		}
		break;
	case T_THEN:
	case T_TERM:
	case T_FROM:
		if (up == T_POLICY_STATEMENT)
			s->term = NULL;
		break;
	case T_POLICY_STATEMENT:
		s->pol = NULL;
		s->term = NULL;
		break;
	case T_PREFIX_LIST:
		if (up == T_POLICY_OPTIONS)
			s->plist = NULL;
		break;
	default:
		break;
	}
}

static void
jcfg_start(struct js *s, const char *name)
{
	struct eg_config *cfg = s->o->u.cfg;

	jcfg_from_start(s);
	if (s->inside[T_POLICY_OPTIONS] > 0) {
		jcfg_pol_start(s);
		return;
	}

	if (js_at(s, 3, T_CONFIGURATION, T_ROUTING_INSTANCES, T_INSTANCE)) {
		s->ic = js_append(s, (void **)&cfg->instances, &cfg->ninstances, sizeof(*s->ic));
		s->grp = NULL;
		s->nb = NULL;
	} else if (s->ic != NULL && js_at(s, 4, T_PROTOCOLS, T_BGP, T_GROUP, T_GROUP) == false &&
		   js_at(s, 3, T_PROTOCOLS, T_BGP, T_GROUP) && (s->cur == T_GROUP)) {
		s->grp = js_append(s, (void **)&s->ic->groups, &s->ic->ngroups, sizeof(*s->grp));
		s->nb = NULL;
	} else if (s->grp != NULL && js_at(s, 2, T_GROUP, T_NEIGHBOR)) {
		s->nb = js_append(s, (void **)&s->grp->neighbors, &s->grp->nneighbors, sizeof(*s->nb));
	} else if (s->ic != NULL && js_at(s, 2, T_PROTOCOLS, T_BGP)) {
		s->ic->has_bgp = true;
	} else if ((s->cur == T_BFD_LIVENESS_DETECTION) && (s->inside[T_BGP] > 0)) {
		struct eg_bgp_opts *o = jcfg_opts(s);
		if (o != NULL) {
			o->has_bfd = true;
			jcfg_from_set(s, &o->bfd_group);
		}
	} else if ((s->cur == T_CONFIGURATION) && s->depth <= 3) {
		char *v = js_attr(s->rd, "commit-user");
		if (v != NULL) {
			js_str_set(s, &cfg->commit_user, v);
			xmlFree(v);
		}
		v = js_attr(s->rd, "commit-seconds");
		if (v != NULL) {
			cfg->commit_seconds = strtoull(v, NULL, 10);
			xmlFree(v);
		}
	}
}

static void
jcfg_end(struct js *s, const char *name, const char *t)
{
	struct eg_bgp_opts *o;

	if (s->cur == T_APPLY_GROUPS) {
		jcfg_apply_groups(s, t);
		return;
	}
	if (s->inside[T_POLICY_OPTIONS] > 0) {
		jcfg_pol_end(s, t);
		return;
	}
	if (s->ic == NULL || !(s->inside[T_ROUTING_INSTANCES] > 0))
		return;
	if (js_at(s, 4, T_ROUTING_INSTANCES, T_INSTANCE, T_INTERFACE, T_NAME)) {
		js_strv_push(s, &s->ic->interfaces, &s->ic->ninterfaces, t);
		return;
	}
	if (js_at(s, 3, T_ROUTING_INSTANCES, T_INSTANCE, T_NAME)) {
		js_str_set(s, &s->ic->name, t);
		return;
	}
	if (js_at(s, 3, T_ROUTING_INSTANCES, T_INSTANCE, T_INSTANCE_TYPE)) {
		js_str_set(s, &s->ic->instance_type, t);
		return;
	}
	if (js_at(s, 3, T_ROUTING_INSTANCES, T_INSTANCE, T_DESCRIPTION)) {
		js_str_set(s, &s->ic->description, t);
		return;
	}
	if ((s->cur == T_INSTANCE) && js_at(s, 2, T_ROUTING_INSTANCES, T_INSTANCE)) {
		s->ic = NULL;
		return;
	}
	if (!(s->inside[T_BGP] > 0))
		return;
	if (js_at(s, 2, T_GROUP, T_NAME) && s->grp != NULL) {
		js_str_set(s, &s->grp->name, t);
		return;
	}
	if (js_at(s, 2, T_GROUP, T_TYPE) && s->grp != NULL) {
		js_str_set(s, &s->grp->type, t);
		return;
	}
	if (js_at(s, 2, T_NEIGHBOR, T_NAME) && s->nb != NULL) {
		js_str_set(s, &s->nb->name, t);
		eg_addr_parse(t, &s->nb->addr);
		return;
	}
	if ((s->cur == T_NEIGHBOR) && js_at(s, 2, T_GROUP, T_NEIGHBOR)) {
		s->nb = NULL;
		return;
	}
	if ((s->cur == T_GROUP) && js_at(s, 2, T_BGP, T_GROUP)) {
		s->grp = NULL;
		return;
	}
	o = jcfg_opts(s);
	if (o == NULL)
		return;
	if ((s->inside[T_BFD_LIVENESS_DETECTION] > 0)) {
		if (js_at(s, 2, T_BFD_LIVENESS_DETECTION, T_MINIMUM_INTERVAL))
			js_u32(t, &o->bfd_min_interval);
		else if (js_at(s, 2, T_BFD_LIVENESS_DETECTION, T_MULTIPLIER))
			js_u32(t, &o->bfd_multiplier);
		return;
	}
	if ((js_tok(s, 1) != T_GROUP) && (js_tok(s, 1) != T_NEIGHBOR) &&
	    (js_tok(s, 1) != T_BGP))
		return;
	if (s->cur == T_LOCAL_PREFERENCE) {
		if (eg_parse_u32(t, &o->local_pref) == EG_OK) {
			o->has_local_pref = true;
			jcfg_from_set(s, &o->local_pref_group);
		}
	} else if (s->cur == T_PEER_AS) {
		if (eg_parse_u32(t, &o->peer_as) == EG_OK)
			o->has_peer_as = true;
	} else if (s->cur == T_EXPORT) {
		js_strv_push(s, &o->export_policies, &o->nexport, t);
		jcfg_from_set(s, &o->export_group);
	} else if (s->cur == T_IMPORT) {
		js_strv_push(s, &o->import_policies, &o->nimport, t);
		jcfg_from_set(s, &o->import_group);
	} else if (s->cur == T_LOCAL_ADDRESS) {
		js_str_set(s, &o->local_address, t);
	}
}

const struct eg_junos_parser eg_junos_config_parser = {
	.root = "configuration",
	.root_format = " in XML format",
	.start = jcfg_start,
	.end = jcfg_end,
};
