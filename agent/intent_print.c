/*
 * intent_print.c - an intent's structures written back out, and its schema.
 *
 * The structures are rebuilt into a libyang tree and validated again
 * before libyang prints them, so what eg_intent_print() writes is a valid
 * intent that loads back into the same structures: every value explicit,
 * defaults included, except a device's port left to the ssh configuration.
 */
#include <stdio.h>
#include <string.h>

#include "eg_embed.h"
#include "intent.h"
#include "intent_diag.h"
#include "yangctx.h"


/* Add a terminal child; a NULL value adds nothing. */
static LY_ERR
intent_print_term(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		  const char *val)
{
	if (val == NULL)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, val, 0, NULL);
}

static LY_ERR
intent_print_u32(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	return lyd_new_term(parent, mod, name, buf, 0, NULL);
}

static LY_ERR
intent_print_addr(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		 const struct eg_addr *a)
{
	char buf[EG_ADDR_STRLEN];

	if (a->family == 0)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, eg_addr_fmt(a, buf), 0, NULL);
}

static LY_ERR
intent_print_prefix(struct lyd_node *parent, const struct lys_module *mod, const char *name,
		   const struct eg_prefix *p)
{
	char buf[EG_PREFIX_STRLEN];

	if (p->addr.family == 0)
		return LY_SUCCESS;
	return lyd_new_term(parent, mod, name, eg_prefix_fmt(p, buf), 0, NULL);
}

static LY_ERR
intent_print_device(struct lyd_node *top, const struct lys_module *mod,
		    const struct eg_intent_device *d)
{
	struct lyd_node *dn, *ssh;
	LY_ERR r;

	if ((r = lyd_new_list(top, mod, "device", 0, &dn, d->name)) != LY_SUCCESS ||
	    (r = intent_print_term(dn, mod, "role", d->role == EG_ROLE_FIREWALL ? "firewall" : "ce")) ||
	    (r = intent_print_term(dn, mod, "host", d->host != NULL ? d->host : d->name)) ||
	    (d->port != 0 && (r = intent_print_u32(dn, mod, "port", d->port))) ||
	    (r = intent_print_term(dn, mod, "user", d->user)) ||
	    (r = intent_print_term(dn, mod, "transport",
			     d->transport == EG_TRANSPORT_EXEC ? "exec" : "ssh")))
		return r;
	if (d->transport == EG_TRANSPORT_EXEC &&
	    (r = intent_print_term(dn, mod, "exec-command", d->exec_command)))
		return r;
	if ((r = lyd_new_inner(dn, mod, "ssh", 0, &ssh)) ||
	    (r = intent_print_term(ssh, mod, "identity-file", d->identity_file)) ||
	    (r = intent_print_term(ssh, mod, "known-hosts", d->known_hosts)) ||
	    (r = intent_print_term(ssh, mod, "password-env", d->password_env)) ||
	    (r = intent_print_term(ssh, mod, "strict-host-key", d->strict_host_key ? "true" : "false")))
		return r;
	return LY_SUCCESS;
}

static LY_ERR
intent_print_service(struct lyd_node *top, const struct lys_module *mod,
		     const struct eg_service *s)
{
	struct lyd_node *sn, *n, *er, *l;
	size_t i;
	LY_ERR r;

	if ((r = lyd_new_list(top, mod, "service", 0, &sn, s->name)) ||
	    (r = intent_print_term(sn, mod, "instance", s->instance)) ||
	    (r = intent_print_term(sn, mod, "table", s->table)) ||
	    (s->dual_stack && (r = intent_print_term(sn, mod, "table-ipv6", s->table6))))
		return r;
	for (i = 0; i < s->nonprem; i++)
		if ((r = intent_print_prefix(sn, mod, "onprem-prefix", &s->onprem[i])))
			return r;
	for (i = 0; i < s->nazure; i++)
		if ((r = intent_print_prefix(sn, mod, "azure-prefix", &s->azure[i])))
			return r;
	if (s->onprem_test_host.family != 0 || s->azure_test_host.family != 0) {
		if ((r = lyd_new_inner(sn, mod, "test-hosts", 0, &n)) ||
		    (r = intent_print_addr(n, mod, "onprem", &s->onprem_test_host)) ||
		    (r = intent_print_addr(n, mod, "azure", &s->azure_test_host)))
			return r;
	}
	if ((r = lyd_new_inner(sn, mod, "asn", 0, &n)) ||
	    (r = intent_print_u32(n, mod, "onprem", s->asn.onprem)) ||
	    (r = intent_print_u32(n, mod, "microsoft", s->asn.microsoft)) ||
	    (r = intent_print_u32(n, mod, "azure", s->asn.azure)))
		return r;
	if ((r = lyd_new_inner(sn, mod, "expressroute", 0, &er)) ||
	    (r = intent_print_term(er, mod, "export-policy", s->er_export_policy)))
		return r;
	for (i = 0; i < s->ner; i++) {
		const struct eg_er_link *k = &s->er[i];

		if ((r = lyd_new_list(er, mod, "link", 0, &l, k->name)) ||
		    (r = intent_print_term(l, mod, "ce", k->ce)) ||
		    (r = intent_print_addr(l, mod, "msee-peer", &k->msee_peer)) ||
		    (r = intent_print_addr(l, mod, "msee-peer-ipv6", &k->msee_peer6)) ||
		    (r = intent_print_prefix(l, mod, "p2p-subnet", &k->p2p_subnet)) ||
		    (r = intent_print_term(l, mod, "ebgp-group", k->ebgp_group)) ||
		    (r = intent_print_term(l, mod, "ibgp-group", k->ibgp_group)) ||
		    (r = intent_print_u32(l, mod, "local-preference", k->local_pref)) ||
		    (r = intent_print_addr(l, mod, "ce-address", &k->ce_address)) ||
		    (r = intent_print_addr(l, mod, "firewall-address", &k->firewall_address)))
			return r;
	}
	if ((r = lyd_new_inner(sn, mod, "vpn", 0, &n)) ||
	    (r = intent_print_term(n, mod, "firewall", s->vpn.firewall)))
		return r;
	for (i = 0; i < s->vpn.npeers; i++) {
		char buf[EG_ADDR_STRLEN];

		if ((r = lyd_new_list(n, mod, "peer", 0, &l, eg_addr_fmt(&s->vpn.peers[i], buf))) ||
		    (r = intent_print_addr(l, mod, "address-ipv6", &s->vpn.peers6[i])) ||
		    (s->vpn.tunnels != NULL &&
		     (r = intent_print_term(l, mod, "tunnel", s->vpn.tunnels[i]))))
			return r;
	}
	if ((r = intent_print_addr(n, mod, "local-address", &s->vpn.local_address)) ||
	    (r = intent_print_addr(n, mod, "local-address-ipv6", &s->vpn.local_address6)) ||
	    (r = intent_print_term(n, mod, "ebgp-group", s->vpn.ebgp_group)) ||
	    (r = intent_print_u32(n, mod, "local-preference", s->vpn.local_pref)) ||
	    (r = intent_print_term(n, mod, "export-policy", s->vpn.export_policy)) ||
	    (r = intent_print_term(n, mod, "export-protocol", s->vpn.export_protocol)))
		return r;
	if (s->bfd.enabled &&
	    ((r = lyd_new_inner(sn, mod, "bfd", 0, &n)) ||
	     (r = intent_print_u32(n, mod, "minimum-interval", s->bfd.min_interval_ms)) ||
	     (r = intent_print_u32(n, mod, "multiplier", s->bfd.multiplier))))
		return r;
	if ((r = lyd_new_inner(sn, mod, "prefix-budget", 0, &n)) ||
	    (r = intent_print_term(n, mod, "sku",
				   s->budget.sku == EG_SKU_PREMIUM ? "premium" : "standard")) ||
	    (r = intent_print_u32(n, mod, "expressroute-limit", s->budget.er_limit)) ||
	    (r = intent_print_u32(n, mod, "vpn-limit", s->budget.vpn_limit)) ||
	    (r = intent_print_u32(n, mod, "warn-percent", s->budget.warn_percent)) ||
	    (r = intent_print_u32(sn, mod, "max-convergence", s->max_convergence_s)))
		return r;
	return LY_SUCCESS;
}

eg_err
eg_intent_print(const struct eg_intent *in, const char *format, FILE *f)
{
	struct intent_ld ld;
	struct intent_lysave save;
	struct ly_ctx *ctx = NULL;
	const struct lys_module *mod = NULL;
	struct lyd_node *top = NULL;
	LYD_FORMAT fmt;
	size_t i;
	LY_ERR r = LY_SUCCESS;
	eg_err err;

	if (in == NULL || f == NULL)
		return EG_EINVAL;
	if (format == NULL || strcmp(format, "xml") == 0)
		fmt = LYD_XML;
	else if (strcmp(format, "json") == 0)
		fmt = LYD_JSON;
	else
		return EG_EINVAL;
	memset(&ld, 0, sizeof(ld));
	ld.name = in->source != NULL ? in->source : "(intent)";
	intent_diag_begin(&save);
	if ((err = eg_yang_ctx(&ctx, INTENT_MODULE, &mod)) != EG_OK)
		goto cleanup;
	r = lyd_new_inner(NULL, mod, "intent", 0, &top);
	for (i = 0; r == LY_SUCCESS && i < in->ndevices; i++)
		r = intent_print_device(top, mod, &in->devices[i]);
	for (i = 0; r == LY_SUCCESS && i < in->nservices; i++)
		r = intent_print_service(top, mod, &in->services[i]);
	if (r == LY_SUCCESS)
		r = lyd_validate_all(&top, ctx, LYD_VALIDATE_NO_STATE, NULL);
	if (r != LY_SUCCESS) {
		/* the structures do not make a valid intent */
		err = intent_diag_lyfail(&ld, ctx, top, r, "cannot build the intent");
		goto cleanup;
	}
	/*
	 * Only what the structures hold: every value is written explicitly
	 * above except what the intent left unset (a device's port), whose
	 * YANG default validation just added and which must stay unset when
	 * the output is read back.
	 */
	if (lyd_print_file(f, top, fmt, LYD_PRINT_WITHSIBLINGS | LYD_PRINT_WD_EXPLICIT) != LY_SUCCESS ||
	    fflush(f) != 0 || ferror(f)) {
		intent_diag_flush(&ld, ctx, top);
		err = EG_EIO;
		goto cleanup;
	}
	err = EG_OK;
cleanup:
	lyd_free_all(top);
	intent_diag_end(&save);
	return err;
}

eg_err
eg_intent_schema(FILE *f)
{
	if (f == NULL)
		return EG_EINVAL;
	if (fwrite(eg_embed_erguard_intent_yang, 1, eg_embed_erguard_intent_yang_len, f) !=
	    eg_embed_erguard_intent_yang_len || fflush(f) != 0)
		return EG_EIO;
	return EG_OK;
}
