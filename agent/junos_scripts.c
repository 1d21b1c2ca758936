/*
 * junos_scripts.c - print the on-box installation of erguard's Junos
 * scripts for an intent (see junos_scripts.h).
 *
 * Guarantees: the output depends only on the intent (no clock, no host
 * state), so it can be diffed and pasted; every line is either a comment
 * starting with "#" or a configuration-mode "set" line; values holding
 * white space are quoted.  The apply-macro names printed here are the ones
 * junos-scripts/erguard-commit, erguard-check and erguard-event read.  The
 * files are named where `make install` puts them (EG_JUNOS_SCRIPTS_DIR,
 * from the build's PREFIX), each with the SHA-256 of the file shipped,
 * taken at build time (packaging/script-sums.sh): a digest of the file
 * found on disk at run time would vouch for a copy altered since.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "eg_junos_sums.h"	/* generated: EG_JUNOS_SCRIPTS_DIR, EG_SHA256_<file> */
#include "junos_scripts.h"

static const struct eg_junos_script junos_scripts_table[] = {
	{ "erguard-commit/erguard-commit.xsl", "/var/db/scripts/commit/", "erguard-commit.xsl", "commit" },
	{ "erguard-check/erguard-check.xsl", "/var/db/scripts/op/", "erguard-check.xsl", "op" },
	{ "erguard-event/erguard-event.xsl", "/var/db/scripts/event/", "erguard-event.xsl", "event" },
};

/* The SHA-256 of each script of junos_scripts_table, in its order. */
static const char *const junos_scripts_sha256[] = {
	EG_SHA256_erguard_commit_xsl,
	EG_SHA256_erguard_check_xsl,
	EG_SHA256_erguard_event_xsl,
};

_Static_assert(sizeof(junos_scripts_sha256) / sizeof(junos_scripts_sha256[0]) ==
	       sizeof(junos_scripts_table) / sizeof(junos_scripts_table[0]),
	       "one SHA-256 per script");

/* What the event policy reacts to: BGP peer and BFD session state changes. */
static const char junos_scripts_events[] =
	"RPD_BGP_NEIGHBOR_STATE_CHANGED BFDD_TRAP_SHOP_STATE_UP BFDD_TRAP_SHOP_STATE_DOWN "
	"BFDD_TRAP_MHOP_STATE_UP BFDD_TRAP_MHOP_STATE_DOWN";

const struct eg_junos_script *
eg_junos_scripts(size_t *n)
{
	*n = sizeof(junos_scripts_table) / sizeof(junos_scripts_table[0]);
	return junos_scripts_table;
}

static const char *
junos_scripts_instance(const struct eg_service *svc)
{
	return svc->instance != NULL ? svc->instance : svc->name;
}

static bool
junos_scripts_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The value as one CLI word: quoted when it holds white space. */
static void
junos_scripts_word(FILE *f, const char *v)
{
	if (strpbrk(v, " \t") != NULL || *v == '\0')
		fprintf(f, "\"%s\"", v);
	else
		fputs(v, f);
}

static void
junos_scripts_macro(FILE *f, const char *instance, const char *name, const char *value)
{
	fprintf(f, "set routing-instances %s apply-macro erguard %s ", instance, name);
	junos_scripts_word(f, value);
	fputc('\n', f);
}

static void
junos_scripts_macro_u32(FILE *f, const char *instance, const char *name, uint32_t v)
{
	fprintf(f, "set routing-instances %s apply-macro erguard %s %u\n", instance, name, v);
}

/* Space-separated prefixes into buf; false when they do not fit. */
static bool
junos_scripts_prefixes(const struct eg_prefix *p, size_t n, char *buf, size_t size)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		char one[EG_PREFIX_STRLEN];
		int w = snprintf(buf + used, size - used, "%s%s", i ? " " : "", eg_prefix_fmt(&p[i], one));
		if (w < 0 || (size_t)w >= size - used)
			return false;
		used += (size_t)w;
	}
	return true;
}

/* Append one address to a space-separated list in buf, once. */
static bool
junos_scripts_add_addr(char *buf, size_t size, const struct eg_addr *a)
{
	char one[EG_ADDR_STRLEN], padded[EG_ADDR_STRLEN + 2], hay[1024];
	size_t used = strlen(buf);

	if (a->family == 0)
		return true;
	eg_addr_fmt(a, one);
	snprintf(padded, sizeof(padded), " %s ", one);
	snprintf(hay, sizeof(hay), " %s ", buf);
	if (strstr(hay, padded) != NULL)
		return true;
	if (used + strlen(one) + 2 > size)
		return false;
	snprintf(buf + used, size - used, "%s%s", used ? " " : "", one);
	return true;
}

/*
 * The event policy of one instance: the event script records BGP and BFD
 * state changes of the instance's peers (peers: space separated).
 */
static void
junos_scripts_event_policy(FILE *f, const char *instance, const char *peers)
{
	fprintf(f, "set event-options policy erguard-%s events [ %s ]\n", instance, junos_scripts_events);
	fprintf(f, "set event-options policy erguard-%s then event-script erguard-event.xsl "
		"arguments instance %s\n", instance, instance);
	if (peers[0] != '\0') {
		fprintf(f, "set event-options policy erguard-%s then event-script erguard-event.xsl "
			"arguments peers ", instance);
		junos_scripts_word(f, peers);
		fputc('\n', f);
	}
}

static eg_err
junos_scripts_ce(FILE *f, const struct eg_service *svc, const char *device)
{
	const char *inst = junos_scripts_instance(svc);
	const struct eg_er_link *first = NULL;
	char peers[1024] = "", pfx[2048];
	size_t i;

	for (i = 0; i < svc->ner; i++) {
		const struct eg_er_link *l = &svc->er[i];
		if (!junos_scripts_same(l->ce, device))
			continue;
		if (first == NULL)
			first = l;
		if (!junos_scripts_add_addr(peers, sizeof(peers), &l->msee_peer) ||
		    !junos_scripts_add_addr(peers, sizeof(peers), &l->firewall_address))
			return EG_EINVAL;
	}
	if (first == NULL)
		return EG_EINTERNAL;
	fprintf(f, "# %s: instance %s, CE of ExpressRoute link %s\n", device, inst,
		first->name ? first->name : "(unnamed)");
	junos_scripts_event_policy(f, inst, peers);
	junos_scripts_macro(f, inst, "role", "ce");
	if (first->ibgp_group != NULL)
		junos_scripts_macro(f, inst, "ibgp-group", first->ibgp_group);
	junos_scripts_macro_u32(f, inst, "local-preference", first->local_pref);
	if (first->ebgp_group != NULL)
		junos_scripts_macro(f, inst, "ebgp-group", first->ebgp_group);
	if (svc->bfd.enabled) {
		junos_scripts_macro_u32(f, inst, "bfd-minimum-interval", svc->bfd.min_interval_ms);
		junos_scripts_macro_u32(f, inst, "bfd-multiplier", svc->bfd.multiplier);
	}
	if (svc->nonprem > 0) {
		if (!junos_scripts_prefixes(svc->onprem, svc->nonprem, pfx, sizeof(pfx)))
			return EG_EINVAL;
		junos_scripts_macro(f, inst, "expressroute-prefixes", pfx);
	}
	return EG_OK;
}

static eg_err
junos_scripts_firewall(FILE *f, const struct eg_service *svc, const char *device)
{
	const char *inst = junos_scripts_instance(svc);
	char peers[1024] = "", pfx[2048];
	size_t i;

	for (i = 0; i < svc->vpn.npeers; i++)
		if (!junos_scripts_add_addr(peers, sizeof(peers), &svc->vpn.peers[i]))
			return EG_EINVAL;
	for (i = 0; i < svc->ner; i++)
		if (!junos_scripts_add_addr(peers, sizeof(peers), &svc->er[i].ce_address))
			return EG_EINVAL;
	fprintf(f, "# %s: instance %s, firewall\n", device, inst);
	junos_scripts_event_policy(f, inst, peers);
	junos_scripts_macro(f, inst, "role", "firewall");
	if (svc->vpn.ebgp_group != NULL)
		junos_scripts_macro(f, inst, "vpn-group", svc->vpn.ebgp_group);
	if (svc->nonprem > 0) {
		if (!junos_scripts_prefixes(svc->onprem, svc->nonprem, pfx, sizeof(pfx)))
			return EG_EINVAL;
		junos_scripts_macro(f, inst, "expressroute-prefixes", pfx);
	}
	if (svc->nazure > 0) {
		if (!junos_scripts_prefixes(svc->azure, svc->nazure, pfx, sizeof(pfx)))
			return EG_EINVAL;
		junos_scripts_macro(f, inst, "azure-prefixes", pfx);
	}
	if (svc->ner > 0)
		junos_scripts_macro_u32(f, inst, "local-preference", svc->er[0].local_pref);
	junos_scripts_macro_u32(f, inst, "vpn-local-preference", svc->vpn.local_pref);
	junos_scripts_macro_u32(f, inst, "microsoft-as", svc->asn.microsoft);
	junos_scripts_macro_u32(f, inst, "azure-as", svc->asn.azure);
	return EG_OK;
}

/* Does the device serve the service, as a CE and/or as its firewall? */
static void
junos_scripts_roles(const struct eg_service *svc, const char *device, bool *ce, bool *fw)
{
	size_t i;

	*ce = false;
	for (i = 0; i < svc->ner; i++)
		if (junos_scripts_same(svc->er[i].ce, device))
			*ce = true;
	*fw = junos_scripts_same(svc->vpn.firewall, device);
}

static eg_err
junos_scripts_device(FILE *f, const struct eg_intent *in, const struct eg_intent_device *d)
{
	size_t s, n, i;
	const struct eg_junos_script *scripts = eg_junos_scripts(&n);
	bool any = false;
	eg_err err = EG_OK;

	for (s = 0; s < in->nservices; s++) {
		bool ce, fw;
		junos_scripts_roles(&in->services[s], d->name, &ce, &fw);
		any = any || ce || fw;
	}
	fputc('\n', f);
	if (!any) {
		fprintf(f, "# ==== %s: no service of the intent uses this device; nothing to install\n",
			d->name);
		return EG_OK;
	}
	fprintf(f, "# ==== %s\n", d->name);
	for (i = 0; i < n; i++)
		fprintf(f, "# copy %s/%s to %s:%s%s\n", EG_JUNOS_SCRIPTS_DIR, scripts[i].file,
			d->name, scripts[i].dir, scripts[i].file);
	for (i = 0; i < n; i++) {
		if (strcmp(scripts[i].kind, "event") == 0)
			fputs("set event-options event-script", f);
		else
			fprintf(f, "set system scripts %s", scripts[i].kind);
		fprintf(f, " file %s checksum sha-256 %s\n", scripts[i].file, junos_scripts_sha256[i]);
	}
	fputs("# only with \"apply-macro erguard fix\" (repairs become transient changes):\n"
	      "#   set system scripts commit allow-transients\n", f);
	fputs("set system syslog file erguard-events external notice\n"
	      "set system syslog file erguard-events match ERGUARD_EVENT\n", f);
	for (s = 0; s < in->nservices && err == EG_OK; s++) {
		const struct eg_service *svc = &in->services[s];
		bool ce, fw;
		junos_scripts_roles(svc, d->name, &ce, &fw);
		if (ce && fw) {
			/* One apply-macro holds one role; the CE checks come first. */
			fprintf(f, "# %s is both a CE and the firewall of %s: only the CE role is "
				"installed\n", d->name, svc->name);
			fw = false;
		}
		if (ce)
			err = junos_scripts_ce(f, svc, d->name);
		else if (fw)
			err = junos_scripts_firewall(f, svc, d->name);
	}
	return err;
}

eg_err
eg_junos_scripts_print(const struct eg_intent *in, FILE *f)
{
	const struct eg_junos_script *scripts;
	size_t n, i;
	eg_err err = EG_OK;

	if (in == NULL || f == NULL)
		return EG_EINVAL;
	scripts = eg_junos_scripts(&n);
	fprintf(f, "# erguard on-box scripts for the intent %s\n",
		in->source != NULL ? in->source : "(unnamed)");
	fputs("# Copy each file to the device, then paste the set lines below in\n"
	      "# configuration mode and commit; Junos refuses to run a script whose\n"
	      "# SHA-256 differs from the one given here.\n"
	      "# Files:\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "#   %s/%s -> %s%s\n", EG_JUNOS_SCRIPTS_DIR, scripts[i].file, scripts[i].dir,
			scripts[i].file);
	fputs("# On the box: \"op erguard-check instance NAME\" prints a short report;\n"
	      "# state changes are logged to /var/log/erguard-events.\n", f);
	for (i = 0; i < in->ndevices && err == EG_OK; i++)
		err = junos_scripts_device(f, in, &in->devices[i]);
	if (err != EG_OK)
		goto cleanup;
	if (fflush(f) != 0 || ferror(f))
		err = EG_EIO;
cleanup:
	return err;
}
