/*
 * intent.c - load and validate erguard's YANG-modelled intent, and hand it
 * out as the plain structures of intent.h.
 *
 * An intent document (XML, or JSON as in RFC 7951, told apart by its first
 * character) is parsed strictly by libyang against the erguard-intent
 * module compiled into erguard, validated (types, leafrefs, musts,
 * uniqueness, mandatory nodes), then checked for what YANG cannot say
 * (host bits in prefixes, addresses that must differ, an MSEE outside its
 * subnet) and turned into the plain structures of intent.h, with every
 * default filled in but a device's port: left 0 when the intent gives
 * none, so that the ssh configuration's Port for the host can apply.
 * Where each problem is, and how it is said, is intent_diag.c's job;
 * writing the structures back out is intent_print.c's.
 *
 * Guarantees: a loaded intent is valid and complete (no NULL where
 * intent.h does not allow one); every problem found is logged as
 * "FILE:LINE: message" and the load returns EG_EINTENT.
 *
 * Not thread-safe: libyang's log callback is process-wide.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eg_embed.h"
#include "intent.h"
#include "intent_diag.h"
#include "intent_map.h"
#include "model.h"
#include "util.h"
#include "yangctx.h"

/* ------------------------------------------------------------ tree -> structs */

static const struct lyd_node *
intent_child(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *c;

	if (parent == NULL)
		return NULL;
	for (c = lyd_child(parent); c != NULL; c = c->next)
		if (c->schema != NULL && strcmp(c->schema->name, name) == 0)
			return c;
	return NULL;
}

/* Value of a terminal child, NULL if absent. */
static const char *
intent_val(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *c = intent_child(parent, name);

	return c != NULL ? lyd_get_value(c) : NULL;
}

static size_t
intent_nchildren(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *c;
	size_t n = 0;

	if (parent == NULL)
		return 0;
	for (c = lyd_child(parent); c != NULL; c = c->next)
		if (c->schema != NULL && strcmp(c->schema->name, name) == 0)
			n++;
	return n;
}

static uint32_t
intent_u32(const struct lyd_node *parent, const char *name, uint32_t dflt)
{
	const char *v = intent_val(parent, name);

	return v != NULL ? (uint32_t)strtoul(v, NULL, 10) : dflt;
}

/*
 * The device's port as the intent sets it, 0 when it does not: libyang
 * fills an absent leaf with its YANG default (830) and marks it
 * LYD_DEFAULT, and that default must not hide the Port of the user's ssh
 * configuration.  An explicit <port>830</port> is kept (lyd_is_default()
 * would also be true for it, since it compares values).
 */
static uint16_t
intent_port(const struct lyd_node *dn)
{
	const struct lyd_node *c = intent_child(dn, "port");

	if (c == NULL || (c->flags & LYD_DEFAULT))
		return 0;
	return (uint16_t)strtoul(lyd_get_value(c), NULL, 10);
}

/* A copy of an optional string child; when it is absent, of dflt (may be NULL). */
static char *
intent_dup(const struct lyd_node *parent, const char *name, const char *dflt)
{
	const char *v = intent_val(parent, name);

	return eg_xstrdup(v != NULL ? v : dflt);
}

static void
intent_addr(struct intent_ld *ld, const struct lyd_node *node, struct eg_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (node == NULL)
		return;
	if (eg_addr_parse(lyd_get_value(node), out) != EG_OK)
		intent_diag_fail(ld, node, "%s is not an IP address", lyd_get_value(node));
}

/* Parse a prefix and refuse one with host bits set. */
static void
intent_prefix(struct intent_ld *ld, const struct lyd_node *node, struct eg_prefix *out)
{
	const char *v = lyd_get_value(node);
	const char *slash = strchr(v, '/');
	struct eg_addr a;
	char buf[EG_ADDR_STRLEN + 1], want[EG_PREFIX_STRLEN];

	memset(out, 0, sizeof(*out));
	if (slash == NULL || (size_t)(slash - v) >= sizeof(buf) ||
	    eg_prefix_parse(v, out) != EG_OK) {
		intent_diag_fail(ld, node, "%s is not an IP prefix", v);
		return;
	}
	memcpy(buf, v, (size_t)(slash - v));
	buf[slash - v] = '\0';
	if (eg_addr_parse(buf, &a) != EG_OK) {
		intent_diag_fail(ld, node, "%s is not an IP prefix", v);
		return;
	}
	if (!eg_addr_eq(&a, &out->addr))
		intent_diag_fail(ld, node, "%s has host bits set (the prefix is %s)", v,
			    eg_prefix_fmt(out, want));
}

/* A host route for a, to test coverage. */
static struct eg_prefix
intent_host(const struct eg_addr *a)
{
	struct eg_prefix p;

	p.addr = *a;
	p.len = a->family == 4 ? 32 : 128;
	return p;
}

static int
intent_covered(const struct eg_prefix *set, size_t n, const struct eg_addr *a)
{
	struct eg_prefix h = intent_host(a);
	size_t i;

	for (i = 0; i < n; i++)
		if (eg_prefix_covers(&set[i], &h))
			return 1;
	return 0;
}

static void
intent_fill_device(struct intent_ld *ld, const struct lyd_node *dn, struct eg_intent_device *d)
{
	const struct lyd_node *ssh = intent_child(dn, "ssh");
	const struct lyd_node *hn = intent_child(dn, "host");
	const char *v;

	d->name = intent_dup(dn, "name", NULL);
	d->host = intent_dup(dn, "host", d->name);
	d->user = intent_dup(dn, "user", NULL);
	d->exec_command = intent_dup(dn, "exec-command", NULL);
	d->identity_file = intent_dup(ssh, "identity-file", NULL);
	d->known_hosts = intent_dup(ssh, "known-hosts", NULL);
	d->password_env = intent_dup(ssh, "password-env", NULL);
	v = intent_val(dn, "role");
	d->role = v != NULL && strcmp(v, "firewall") == 0 ? EG_ROLE_FIREWALL : EG_ROLE_CE;
	d->port = intent_port(dn);
	v = intent_val(dn, "transport");
	d->transport = v != NULL && strcmp(v, "exec") == 0 ? EG_TRANSPORT_EXEC : EG_TRANSPORT_SSH;
	v = intent_val(ssh, "strict-host-key");
	d->strict_host_key = v == NULL || strcmp(v, "true") == 0;
	/* ssh would take such a name for an option (-oProxyCommand=...). */
	if (d->host != NULL && d->host[0] == '-')
		intent_diag_fail(ld, hn != NULL ? hn : intent_child(dn, "name"),
				 "host %s begins with '-': ssh would read it as an option", d->host);
}

static void
intent_fill_link(struct intent_ld *ld, const struct lyd_node *ln, struct eg_er_link *l)
{
	const struct lyd_node *msee = intent_child(ln, "msee-peer");
	const struct lyd_node *p2p = intent_child(ln, "p2p-subnet");
	const struct lyd_node *fwa = intent_child(ln, "firewall-address");

	l->name = intent_dup(ln, "name", NULL);
	l->ce = intent_dup(ln, "ce", NULL);
	l->ebgp_group = intent_dup(ln, "ebgp-group", "ebgp");
	l->ibgp_group = intent_dup(ln, "ibgp-group", "ibgp");
	l->local_pref = intent_u32(ln, "local-preference", 150);
	intent_addr(ld, msee, &l->msee_peer);
	intent_addr(ld, intent_child(ln, "msee-peer-ipv6"), &l->msee_peer6);
	if (msee != NULL && l->msee_peer.family == 6)
		intent_diag_fail(ld, msee, "msee-peer %s is IPv6: msee-peer is the IPv4 session, "
			    "the IPv6 one is msee-peer-ipv6", lyd_get_value(msee));
	if (p2p != NULL)
		intent_prefix(ld, p2p, &l->p2p_subnet);
	intent_addr(ld, intent_child(ln, "ce-address"), &l->ce_address);
	intent_addr(ld, fwa, &l->firewall_address);
	if (msee != NULL && l->msee_peer.family != 0 && l->p2p_subnet.addr.family != 0) {
		struct eg_prefix h = intent_host(&l->msee_peer);
		char b[EG_PREFIX_STRLEN];

		if (!eg_prefix_covers(&l->p2p_subnet, &h))
			intent_diag_fail(ld, msee, "MSEE peer %s is outside the link's p2p-subnet %s",
				    lyd_get_value(msee), eg_prefix_fmt(&l->p2p_subnet, b));
	}
	if (fwa != NULL && l->ce_address.family != 0 && l->firewall_address.family != 0) {
		if (l->ce_address.family != l->firewall_address.family)
			intent_diag_fail(ld, fwa, "firewall-address %s and ce-address are of different "
				    "address families", lyd_get_value(fwa));
		else if (eg_addr_eq(&l->ce_address, &l->firewall_address))
			intent_diag_fail(ld, fwa, "firewall-address %s equals the link's ce-address",
				    lyd_get_value(fwa));
	}
}

static void
intent_fill_vpn(struct intent_ld *ld, const struct lyd_node *vn, struct eg_vpn *v)
{
	const struct lyd_node *c, *la = intent_child(vn, "local-address");
	size_t n = intent_nchildren(vn, "peer"), i;

	v->firewall = intent_dup(vn, "firewall", NULL);
	v->ebgp_group = intent_dup(vn, "ebgp-group", NULL);
	v->local_pref = intent_u32(vn, "local-preference", 100);
	v->export_policy = intent_dup(vn, "export-policy", "vpn-export");
	v->export_protocol = intent_dup(vn, "export-protocol", "direct");
	intent_addr(ld, la, &v->local_address);
	intent_addr(ld, intent_child(vn, "local-address-ipv6"), &v->local_address6);
	if (n > 0) {
		v->peers = eg_xcalloc(n, sizeof(*v->peers));
		v->peers6 = eg_xcalloc(n, sizeof(*v->peers6));
		v->tunnels = eg_xcalloc(n, sizeof(*v->tunnels));
	}
	for (c = lyd_child(vn); c != NULL; c = c->next) {
		const struct lyd_node *an, *an6;

		if (strcmp(c->schema->name, "peer") != 0)
			continue;
		an = intent_child(c, "address");
		intent_addr(ld, an, &v->peers[v->npeers]);
		if (v->peers[v->npeers].family == 6)
			intent_diag_fail(ld, an, "VPN peer %s is IPv6: address is the IPv4 session, "
				    "the IPv6 one is address-ipv6", lyd_get_value(an));
		an6 = intent_child(c, "address-ipv6");
		intent_addr(ld, an6, &v->peers6[v->npeers]);
		for (i = 0; an6 != NULL && i < v->npeers; i++)
			if (v->peers6[v->npeers].family != 0 &&
			    eg_addr_eq(&v->peers6[i], &v->peers6[v->npeers]))
				intent_diag_fail(ld, an6, "VPN peer address-ipv6 %s is listed twice",
					    lyd_get_value(an6));
		v->tunnels[v->npeers] = intent_dup(c, "tunnel", NULL);
		for (i = 0; i < v->npeers; i++)
			if (v->peers[v->npeers].family != 0 &&
			    eg_addr_eq(&v->peers[i], &v->peers[v->npeers]))
				intent_diag_fail(ld, an, "VPN peer %s is listed twice",
					    lyd_get_value(an));
		if (v->peers[v->npeers].family != 0 && la != NULL &&
		    eg_addr_eq(&v->peers[v->npeers], &v->local_address))
			intent_diag_fail(ld, an, "VPN peer %s is the firewall's own local-address",
				    lyd_get_value(an));
		v->npeers++;
	}
}

/* Fill one leaf-list of prefixes, refusing repeats. */
static void
intent_fill_prefixes(struct intent_ld *ld, const struct lyd_node *sn, const char *name,
		     struct eg_prefix **out, size_t *nout)
{
	const struct lyd_node *c;
	size_t n = intent_nchildren(sn, name), i;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return;
	*out = eg_xcalloc(n, sizeof(**out));
	for (c = lyd_child(sn); c != NULL; c = c->next) {
		struct eg_prefix *p = &(*out)[*nout];

		if (strcmp(c->schema->name, name) != 0)
			continue;
		intent_prefix(ld, c, p);
		for (i = 0; i < *nout; i++)
			if (p->addr.family != 0 && eg_prefix_eq(&(*out)[i], p))
				intent_diag_fail(ld, c, "%s is listed twice", lyd_get_value(c));
		(*nout)++;
	}
}

/* Has the list a prefix of this family? */
static bool
intent_has_family(const struct eg_prefix *p, size_t n, uint8_t family)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].addr.family == family)
			return true;
	return false;
}

/*
 * A service with an IPv6 prefix is dual-stack: IPv6 routes travel on
 * sessions of their own, so every link and every VPN peer must name its
 * IPv6 address, and each side needs prefixes of both families.  IPv6
 * addresses in a service without IPv6 prefixes would read nothing.
 */
static void
intent_check_dual_stack(struct intent_ld *ld, const struct lyd_node *sn, struct eg_service *s)
{
	const struct lyd_node *er = intent_child(sn, "expressroute");
	const struct lyd_node *vn = intent_child(sn, "vpn"), *c;

	s->dual_stack = intent_has_family(s->onprem, s->nonprem, 6) ||
			intent_has_family(s->azure, s->nazure, 6);
	for (c = er != NULL ? lyd_child(er) : NULL; c != NULL; c = c->next) {
		if (strcmp(c->schema->name, "link") != 0)
			continue;
		if (s->dual_stack && intent_child(c, "msee-peer-ipv6") == NULL)
			intent_diag_fail(ld, c, "link %s has no msee-peer-ipv6, but service %s has "
				    "IPv6 prefixes", intent_val(c, "name"), s->name);
		else if (!s->dual_stack && intent_child(c, "msee-peer-ipv6") != NULL)
			intent_diag_fail(ld, intent_child(c, "msee-peer-ipv6"),
				    "msee-peer-ipv6 %s, but service %s has no IPv6 prefix",
				    intent_val(c, "msee-peer-ipv6"), s->name);
	}
	for (c = vn != NULL ? lyd_child(vn) : NULL; c != NULL; c = c->next) {
		if (strcmp(c->schema->name, "peer") != 0)
			continue;
		if (s->dual_stack && intent_child(c, "address-ipv6") == NULL)
			intent_diag_fail(ld, c, "VPN peer %s has no address-ipv6, but service %s has "
				    "IPv6 prefixes", intent_val(c, "address"), s->name);
		else if (!s->dual_stack && intent_child(c, "address-ipv6") != NULL)
			intent_diag_fail(ld, intent_child(c, "address-ipv6"),
				    "address-ipv6 %s, but service %s has no IPv6 prefix",
				    intent_val(c, "address-ipv6"), s->name);
	}
	if (vn != NULL && s->dual_stack && intent_child(vn, "local-address-ipv6") == NULL)
		intent_diag_fail(ld, vn, "the VPN has no local-address-ipv6, but service %s has "
			    "IPv6 prefixes", s->name);
	else if (vn != NULL && !s->dual_stack && intent_child(vn, "local-address-ipv6") != NULL)
		intent_diag_fail(ld, intent_child(vn, "local-address-ipv6"),
			    "local-address-ipv6 %s, but service %s has no IPv6 prefix",
			    intent_val(vn, "local-address-ipv6"), s->name);
	if (!s->dual_stack)
		return;
	if (!intent_has_family(s->onprem, s->nonprem, 6) || !intent_has_family(s->azure, s->nazure, 6))
		intent_diag_fail(ld, sn, "service %s has IPv6 prefixes on one side only: give an "
			    "IPv6 onprem-prefix and azure-prefix", s->name);
	if (!intent_has_family(s->onprem, s->nonprem, 4) || !intent_has_family(s->azure, s->nazure, 4))
		intent_diag_fail(ld, sn, "service %s lacks an IPv4 onprem-prefix or azure-prefix: "
			    "the ExpressRoute and VPN sessions are IPv4 with IPv6 beside them", s->name);
}

static void
intent_fill_service(struct intent_ld *ld, const struct lyd_node *sn, struct eg_service *s)
{
	const struct lyd_node *c, *th, *er, *bfd, *bud;
	size_t i, j;

	s->name = intent_dup(sn, "name", NULL);
	s->instance = intent_dup(sn, "instance", s->name);
	s->table = intent_dup(sn, "table", NULL);
	if (s->table == NULL)
		s->table = eg_xasprintf("%s.inet.0", s->instance);
	s->table6 = intent_dup(sn, "table-ipv6", NULL);
	if (s->table6 == NULL)
		s->table6 = eg_xasprintf("%s.inet6.0", s->instance);
	intent_fill_prefixes(ld, sn, "onprem-prefix", &s->onprem, &s->nonprem);
	intent_fill_prefixes(ld, sn, "azure-prefix", &s->azure, &s->nazure);
	/* An on-premises prefix inside an Azure one (or the reverse) breaks routing. */
	for (c = lyd_child(sn), i = 0; c != NULL; c = c->next) {
		if (strcmp(c->schema->name, "azure-prefix") != 0)
			continue;
		for (j = 0; j < s->nonprem; j++) {
			char b[EG_PREFIX_STRLEN];

			if (s->azure[i].addr.family != 0 && s->onprem[j].addr.family != 0 &&
			    (eg_prefix_covers(&s->azure[i], &s->onprem[j]) ||
			     eg_prefix_covers(&s->onprem[j], &s->azure[i])))
				intent_diag_fail(ld, c, "azure-prefix %s overlaps onprem-prefix %s",
					    lyd_get_value(c), eg_prefix_fmt(&s->onprem[j], b));
		}
		i++;
	}
	th = intent_child(sn, "test-hosts");
	if ((c = intent_child(th, "onprem")) != NULL) {
		intent_addr(ld, c, &s->onprem_test_host);
		if (s->onprem_test_host.family != 0 &&
		    !intent_covered(s->onprem, s->nonprem, &s->onprem_test_host))
			intent_diag_warn(ld, c, "test host %s is not within any onprem-prefix",
				    lyd_get_value(c));
	}
	if ((c = intent_child(th, "azure")) != NULL) {
		intent_addr(ld, c, &s->azure_test_host);
		if (s->azure_test_host.family != 0 &&
		    !intent_covered(s->azure, s->nazure, &s->azure_test_host))
			intent_diag_warn(ld, c, "test host %s is not within any azure-prefix",
				    lyd_get_value(c));
	}
	c = intent_child(sn, "asn");
	s->asn.onprem = intent_u32(c, "onprem", 65020);
	s->asn.microsoft = intent_u32(c, "microsoft", 12076);
	s->asn.azure = intent_u32(c, "azure", 65515);

	er = intent_child(sn, "expressroute");
	s->ner = 0;
	s->er_export_policy = er != NULL ? intent_dup(er, "export-policy", NULL) : NULL;
	if ((i = intent_nchildren(er, "link")) > 0)
		s->er = eg_xcalloc(i, sizeof(*s->er));
	for (c = er != NULL ? lyd_child(er) : NULL; c != NULL; c = c->next) {
		struct eg_er_link *l;

		if (strcmp(c->schema->name, "link") != 0)
			continue;
		l = &s->er[s->ner++];
		intent_fill_link(ld, c, l);
		for (j = 0; j + 1 < s->ner; j++) {
			const struct eg_er_link *o = &s->er[j];

			if (l->msee_peer6.family != 0 && eg_addr_eq(&o->msee_peer6, &l->msee_peer6))
				intent_diag_fail(ld, intent_child(c, "msee-peer-ipv6"),
					    "MSEE peer %s is also the MSEE peer of link %s",
					    intent_val(c, "msee-peer-ipv6"), o->name);
			else if (l->msee_peer.family != 0 && eg_addr_eq(&o->msee_peer, &l->msee_peer))
				intent_diag_fail(ld, intent_child(c, "msee-peer"),
					    "MSEE peer %s is also the MSEE peer of link %s",
					    intent_val(c, "msee-peer"), o->name);
			else if (l->p2p_subnet.addr.family != 0 && o->p2p_subnet.addr.family != 0 &&
				 (eg_prefix_covers(&o->p2p_subnet, &l->p2p_subnet) ||
				  eg_prefix_covers(&l->p2p_subnet, &o->p2p_subnet)))
				intent_diag_fail(ld, intent_child(c, "p2p-subnet"),
					    "p2p-subnet %s overlaps the p2p-subnet of link %s",
					    intent_val(c, "p2p-subnet"), o->name);
		}
	}
	if (s->ner == 0)
		intent_diag_fail(ld, er != NULL ? er : sn, "service %s has no expressroute link",
			    s->name);

	intent_fill_vpn(ld, intent_child(sn, "vpn"), &s->vpn);
	intent_check_dual_stack(ld, sn, s);

	bfd = intent_child(sn, "bfd");
	s->bfd.enabled = bfd != NULL;
	s->bfd.min_interval_ms = intent_u32(bfd, "minimum-interval", 300);
	s->bfd.multiplier = intent_u32(bfd, "multiplier", 3);

	bud = intent_child(sn, "prefix-budget");
	s->budget.sku = intent_val(bud, "sku") != NULL &&
			strcmp(intent_val(bud, "sku"), "premium") == 0 ? EG_SKU_PREMIUM :
									 EG_SKU_STANDARD;
	s->budget.er_limit = intent_u32(bud, "expressroute-limit",
					s->budget.sku == EG_SKU_PREMIUM ? 10000 : 4000);
	s->budget.vpn_limit = intent_u32(bud, "vpn-limit", 4000);
	s->budget.warn_percent = intent_u32(bud, "warn-percent", 80);
	s->max_convergence_s = intent_u32(sn, "max-convergence", 10);
}

static void
intent_fill(struct intent_ld *ld, const struct lyd_node *top, struct eg_intent *in)
{
	const struct lyd_node *c;
	size_t nd = intent_nchildren(top, "device"), ns = intent_nchildren(top, "service"), i;

	if (nd > 0)
		in->devices = eg_xcalloc(nd, sizeof(*in->devices));
	if (ns > 0)
		in->services = eg_xcalloc(ns, sizeof(*in->services));
	for (c = lyd_child(top); c != NULL; c = c->next) {
		if (strcmp(c->schema->name, "device") == 0) {
			intent_fill_device(ld, c, &in->devices[in->ndevices++]);
		} else if (strcmp(c->schema->name, "service") == 0) {
			struct eg_service *s = &in->services[in->nservices++];

			intent_fill_service(ld, c, s);
			for (i = 0; i + 1 < in->nservices; i++)
				if (strcmp(in->services[i].instance, s->instance) == 0) {
					const struct lyd_node *at = intent_child(c, "instance");

					intent_diag_fail(ld, at != NULL ? at : c,
						    "routing instance %s is also used by service %s",
						    s->instance, in->services[i].name);
				}
		}
	}
}

/* ------------------------------------------------------------ loading */

eg_err
eg_intent_load_mem(const char *name, const char *text, size_t len, struct eg_intent **out)
{
	struct intent_ld ld;
	struct intent_lysave save;
	struct ly_ctx *ctx = NULL;
	const struct lys_module *mod = NULL;
	struct lyd_node *tree = NULL;
	struct eg_intent *in = NULL;
	char *buf = NULL;
	const char *p;
	LYD_FORMAT fmt;
	LY_ERR lr;
	eg_err err;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.name = name != NULL ? name : "(intent)";
	intent_diag_begin(&save);

	/* libyang wants a NUL-terminated document. */
	buf = eg_xstrndup(text, len);
	p = buf;
	/* strlen, not len: the copy ends at the first NUL the text may hold */
	if (strlen(buf) >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '{') {
		fmt = LYD_JSON;
	} else if (*p == '<') {
		fmt = LYD_XML;
	} else {
		unsigned line = 1;
		const char *q;
		char where[1024];

		for (q = buf; q < p; q++)
			line += *q == '\n';
		snprintf(where, sizeof(where), "%s:%u", ld.name, line);
		if (*p == '\0') {
			snprintf(where, sizeof(where), "%s:1", ld.name);
			eg_log(EG_LOG_ERROR, where, "the intent is empty");
		} else {
			eg_log(EG_LOG_ERROR, where, "neither XML nor JSON: expected '<' or '{'");
		}
		err = EG_EINTENT;
		goto cleanup;
	}

	if ((err = eg_yang_ctx(&ctx, INTENT_MODULE, &mod)) != EG_OK)
		goto cleanup;
	if (intent_map_build(&ld.map, mod, fmt == LYD_JSON, p, strlen(p)) < 0) {
		err = EG_ENOMEM;	/* too large a document */
		goto cleanup;
	}

	lr = lyd_parse_data_mem(ctx, buf, fmt, LYD_PARSE_STRICT | LYD_PARSE_ONLY, 0, &tree);
	if (lr != LY_SUCCESS) {
		err = intent_diag_lyfail(&ld, ctx, NULL, lr, "cannot parse the intent");
		goto cleanup;
	}
	intent_diag_flush(&ld, ctx, tree);
	if (tree == NULL || tree->schema == NULL || strcmp(tree->schema->name, "intent") != 0) {
		char where[1024];

		snprintf(where, sizeof(where), "%s:%u", ld.name,
			 ld.map.n > 0 ? ld.map.v[0].line : 1);
		eg_log(EG_LOG_ERROR, where, "no intent: expected an <intent> element in "
		       "namespace urn:erguard:intent (or \"erguard-intent:intent\" in JSON)");
		err = EG_EINTENT;
		goto cleanup;
	}
	lr = lyd_validate_all(&tree, ctx, LYD_VALIDATE_NO_STATE, NULL);
	if (lr != LY_SUCCESS) {
		err = intent_diag_lyfail(&ld, ctx, tree, lr, "the intent does not validate");
		goto cleanup;
	}
	intent_diag_flush(&ld, ctx, tree);

	in = eg_xcalloc(1, sizeof(*in));
	in->source = eg_xstrdup(ld.name);
	intent_fill(&ld, tree, in);
	if (ld.nerr > 0) {
		err = EG_EINTENT;
		goto cleanup;
	}
	*out = in;
	in = NULL;
	err = EG_OK;
cleanup:
	if (err == EG_ENOMEM)
		eg_log(EG_LOG_ERROR, ld.name, "out of memory");
	eg_intent_free(in);
	lyd_free_all(tree);
	intent_map_clear(&ld.map);
	free(buf);
	intent_diag_end(&save);
	return err;
}

eg_err
eg_intent_load(const char *path, struct eg_intent **out)
{
	char *text;
	size_t len;
	eg_err err;

	*out = NULL;
	if (path == NULL)
		return EG_EINVAL;
	if ((err = eg_file_read(path, EG_INTENT_MAX_BYTES, &text, &len)) != EG_OK)
		return err == EG_EPARSE ? EG_EINTENT : err;
	err = eg_intent_load_mem(path, text, len, out);
	free(text);
	return err;
}

eg_err
eg_intent_default(struct eg_intent **out)
{
	return eg_intent_load_mem("(built-in)", eg_embed_default_intent_xml,
				  eg_embed_default_intent_xml_len, out);
}

static void
intent_device_clear(struct eg_intent_device *d)
{
	free(d->name);
	free(d->host);
	free(d->user);
	free(d->exec_command);
	free(d->identity_file);
	free(d->known_hosts);
	free(d->password_env);
}

static void
intent_service_clear(struct eg_service *s)
{
	size_t i;

	free(s->name);
	free(s->instance);
	free(s->table);
	free(s->table6);
	free(s->onprem);
	free(s->azure);
	for (i = 0; i < s->ner; i++) {
		free(s->er[i].name);
		free(s->er[i].ce);
		free(s->er[i].ebgp_group);
		free(s->er[i].ibgp_group);
	}
	free(s->er);
	free(s->vpn.firewall);
	free(s->vpn.peers);
	free(s->vpn.peers6);
	if (s->vpn.tunnels != NULL)
		for (i = 0; i < s->vpn.npeers; i++)
			free(s->vpn.tunnels[i]);
	free(s->vpn.tunnels);
	free(s->vpn.ebgp_group);
	free(s->vpn.export_policy);
	free(s->vpn.export_protocol);
	free(s->er_export_policy);
}

void
eg_intent_free(struct eg_intent *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->ndevices; i++)
		intent_device_clear(&in->devices[i]);
	free(in->devices);
	for (i = 0; i < in->nservices; i++)
		intent_service_clear(&in->services[i]);
	free(in->services);
	free(in->source);
	free(in);
}

/* ------------------------------------------------------------ lookups */

const struct eg_intent_device *
eg_intent_device(const struct eg_intent *in, const char *name)
{
	size_t i;

	if (in == NULL || name == NULL)
		return NULL;
	for (i = 0; i < in->ndevices; i++)
		if (strcmp(in->devices[i].name, name) == 0)
			return &in->devices[i];
	return NULL;
}

const struct eg_service *
eg_intent_service(const struct eg_intent *in, const char *name)
{
	size_t i;

	if (in == NULL || name == NULL)
		return NULL;
	for (i = 0; i < in->nservices; i++)
		if (strcmp(in->services[i].name, name) == 0)
			return &in->services[i];
	return NULL;
}

const struct eg_er_link *
eg_service_er_of(const struct eg_service *svc, const char *ce)
{
	size_t i;

	if (svc == NULL || ce == NULL)
		return NULL;
	for (i = 0; i < svc->ner; i++)
		if (strcmp(svc->er[i].ce, ce) == 0)
			return &svc->er[i];
	return NULL;
}

/* ------------------------------------------------------------ printing */

/* ------------------------------------------------------------ address families */

const char *
eg_family_name(uint8_t family)
{
	return family == 4 ? "inet" : family == 6 ? "inet6" : NULL;
}

/* A new array of the prefixes of one family; their count in *nout. */
static struct eg_prefix *
intent_view_prefixes(const struct eg_prefix *p, size_t n, uint8_t family, size_t *nout)
{
	struct eg_prefix *out = n > 0 ? eg_xcalloc(n, sizeof(*out)) : NULL;
	size_t i;

	*nout = 0;
	for (i = 0; i < n; i++)
		if (p[i].addr.family == family)
			out[(*nout)++] = p[i];
	return out;
}

void
eg_service_family_view(const struct eg_service *svc, uint8_t family, struct eg_service *view)
{
	size_t i;

	*view = *svc;
	view->family = family;
	if (family == 6) {
		view->table = svc->table6;
		view->vpn.local_address = svc->vpn.local_address6;
	}
	memset(&view->vpn.local_address6, 0, sizeof(view->vpn.local_address6));
	view->onprem = intent_view_prefixes(svc->onprem, svc->nonprem, family, &view->nonprem);
	view->azure = intent_view_prefixes(svc->azure, svc->nazure, family, &view->nazure);
	view->er = svc->ner > 0 ? eg_xcalloc(svc->ner, sizeof(*view->er)) : NULL;
	for (i = 0; i < svc->ner; i++) {
		view->er[i] = svc->er[i];
		if (family == 6)
			view->er[i].msee_peer = svc->er[i].msee_peer6;
		memset(&view->er[i].msee_peer6, 0, sizeof(view->er[i].msee_peer6));
	}
	view->vpn.npeers = 0;
	view->vpn.peers = NULL;
	view->vpn.peers6 = NULL;
	view->vpn.tunnels = NULL;
	if (svc->vpn.npeers > 0) {
		view->vpn.peers = eg_xcalloc(svc->vpn.npeers, sizeof(*view->vpn.peers));
		view->vpn.tunnels = eg_xcalloc(svc->vpn.npeers, sizeof(*view->vpn.tunnels));
	}
	for (i = 0; i < svc->vpn.npeers; i++) {
		const struct eg_addr *a = family == 6 ? &svc->vpn.peers6[i] : &svc->vpn.peers[i];

		if (a->family != family)
			continue;
		view->vpn.peers[view->vpn.npeers] = *a;
		view->vpn.tunnels[view->vpn.npeers] =
			svc->vpn.tunnels != NULL ? svc->vpn.tunnels[i] : NULL;
		view->vpn.npeers++;
	}
}

void
eg_service_family_view_free(struct eg_service *view)
{
	if (view == NULL)
		return;
	free(view->onprem);
	free(view->azure);
	free(view->er);
	free(view->vpn.peers);
	free(view->vpn.tunnels);
	memset(view, 0, sizeof(*view));
}
