/*
 * lab_intent.c - writes the erguard intent of a running lab (see
 * lab_intent.h): the devices as the lab serves them, and per trio the
 * reference design, read from erguard's built-in intent, with its
 * customer number.
 */
#include "lab_intent.h"
#include "lab_world_int.h"
#include "eg_embed.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static void
lab_intent_device(FILE *f, const struct lab_intent_dev *d, const char *user, const char *identity,
		  const char *known_hosts)
{
	fputs("  <device>\n    <name>", f);
	eg_xml_escape_fputs(f, d->name, 0);
	fprintf(f, "</name>\n    <role>%s</role>\n    <host>127.0.0.1</host>\n    <port>%d</port>\n",
		d->role, d->port);
	fputs("    <user>", f);
	eg_xml_escape_fputs(f, user, 0);
	fputs("</user>\n    <transport>ssh</transport>\n    <ssh>\n      <identity-file>", f);
	eg_xml_escape_fputs(f, identity, 0);
	fputs("</identity-file>\n      <known-hosts>", f);
	eg_xml_escape_fputs(f, known_hosts, 0);
	fputs("</known-hosts>\n      <strict-host-key>true</strict-host-key>\n    </ssh>\n  </device>\n", f);
}

/* ------------------------------------------------------------ the reference design */

/*
 * The reference design is the first <service> of erguard's built-in
 * intent (yang/default-intent.xml, compiled into liberguard.a).  Trio k
 * gets a copy renumbered for customer n: every value that carries the
 * reference customer number R (the digits ending its instance name) gets
 * n instead, and the reference devices the trio's.
 */
struct lab_ref {
	char inst[64];		/* "Cust11" */
	size_t base;		/* length of the instance name without R: "Cust" */
	const char *num;	/* R: "11", inside inst */
	int r;			/* R: 11 */
	char dev[3][128];	/* the names of the reference CE1, CE2, firewall */
};

static int
lab_ref_init(xmlNodePtr svc, struct lab_ref *r)
{
	xmlNodePtr link = lab_xml_child(lab_xml_child(svc, "expressroute"), "link");

	memset(r, 0, sizeof(*r));
	if (lab_xml_child_text(svc, "instance", r->inst, sizeof(r->inst)) == NULL ||
	    lab_xml_child_text(link, "ce", r->dev[0], sizeof(r->dev[0])) == NULL ||
	    lab_xml_child_text(lab_xml_next(link, "link"), "ce", r->dev[1], sizeof(r->dev[1])) == NULL ||
	    lab_xml_child_text(lab_xml_child(svc, "vpn"), "firewall", r->dev[2], sizeof(r->dev[2])) == NULL)
		return -1;
	r->base = strlen(r->inst);
	while (r->base > 0 && isdigit((unsigned char)r->inst[r->base - 1]))
		r->base--;
	r->num = r->inst + r->base;
	r->r = atoi(r->num);
	return *r->num != '\0' ? 0 : -1;
}

/*
 * s renumbered for customer n into out, or NULL when s carries no
 * customer number: an IPv4 address or prefix whose third byte is R, a
 * name that starts with the reference instance ("Cust11.inet.0"), an
 * interface unit that is R and one digit ("st0.118").
 */
static const char *
lab_ref_renumber(const struct lab_ref *r, const char *s, int n, char *out, size_t size)
{
	size_t rl = strlen(r->num);
	const char *dot;
	int a, b, c, end = 0;

	if (sscanf(s, "%d.%d.%d.%n", &a, &b, &c, &end) == 3 && end > 0 && isdigit((unsigned char)s[end])) {
		const char *third = strchr(strchr(s, '.') + 1, '.') + 1;

		if (c != r->r)
			return NULL;
		snprintf(out, size, "%.*s%d%s", (int)(third - s), s, n, s + end - 1);
		return out;
	}
	if (strncmp(s, r->inst, strlen(r->inst)) == 0 && !isdigit((unsigned char)s[strlen(r->inst)])) {
		snprintf(out, size, "%.*s%d%s", (int)r->base, s, n, s + strlen(r->inst));
		return out;
	}
	if ((dot = strrchr(s, '.')) != NULL && strlen(dot + 1) == rl + 1 &&
	    strncmp(dot + 1, r->num, rl) == 0 && isdigit((unsigned char)dot[1 + rl]) &&
	    strchr(s, '.') == dot) {
		snprintf(out, size, "%.*s%d%c", (int)(dot + 1 - s), s, n, dot[1 + rl]);
		return out;
	}
	return NULL;
}

/* Renumber every value under node for customer n and put the trio's devices in. */
static void
lab_ref_apply(const struct lab_ref *r, xmlNodePtr node, int n, const char *const devs[3])
{
	char buf[256];

	for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			lab_ref_apply(r, c, n, devs);
		} else if (c->type == XML_TEXT_NODE && c->content != NULL) {
			const char *s = (const char *)c->content, *to = NULL;

			for (int i = 0; i < 3 && to == NULL; i++)
				if (strcmp(s, r->dev[i]) == 0)
					to = devs[i];
			if (to == NULL)
				to = lab_ref_renumber(r, s, n, buf, sizeof(buf));
			if (to != NULL)
				xmlNodeSetContent(c, (const xmlChar *)to);
		}
	}
}

/* After each element named name under parent, a sibling (or child) twin holding its IPv6 twin. */
static void
lab_intent_twins(xmlNodePtr parent, const char *name, const char *twin, bool child)
{
	char b[LAB_V6LEN];

	for (xmlNodePtr c = lab_xml_child(parent, name); c != NULL; c = lab_xml_next(c, name)) {
		xmlChar *v = xmlNodeGetContent(c);
		struct lab_pfx p;
		uint32_t a;
		const char *s = NULL;

		if (v != NULL && strchr((const char *)v, '/') != NULL &&
		    lab_pfx_parse((const char *)v, &p) == 0)
			s = lab_v6_pfx_fmt(&p, b);
		else if (v != NULL && lab_addr_parse((const char *)v, &a) == 0)
			s = lab_v6_addr_fmt(a, b);
		xmlFree(v);
		if (s == NULL)
			continue;
		if (child) {
			xmlNewTextChild(parent, parent->ns, (const xmlChar *)twin, (const xmlChar *)s);
		} else {
			xmlNodePtr n = xmlNewDocNode(parent->doc, parent->ns, (const xmlChar *)twin,
						     (const xmlChar *)s);
			xmlAddNextSibling(c, n);
			c = n;
		}
	}
}

/*
 * A dual-stack lab: the service's IPv6 twins (lab_world_int.h) beside its
 * IPv4 prefixes, MSEE peers and VPN peers.
 */
static void
lab_intent_dual_stack(xmlNodePtr svc)
{
	lab_intent_twins(svc, "onprem-prefix", "onprem-prefix", false);
	lab_intent_twins(svc, "azure-prefix", "azure-prefix", false);
	for (xmlNodePtr l = lab_xml_child(lab_xml_child(svc, "expressroute"), "link"); l != NULL;
	     l = lab_xml_next(l, "link"))
		lab_intent_twins(l, "msee-peer", "msee-peer-ipv6", true);
	for (xmlNodePtr p = lab_xml_child(lab_xml_child(svc, "vpn"), "peer"); p != NULL;
	     p = lab_xml_next(p, "peer"))
		lab_intent_twins(p, "address", "address-ipv6", true);
	lab_intent_twins(lab_xml_child(svc, "vpn"), "local-address", "local-address-ipv6", true);
}

/* The reference design for customer n, with its three devices. */
static int
lab_intent_service(FILE *f, int n, const char *ce1, const char *ce2, const char *fw,
		   bool dual_stack, char *err, size_t errlen)
{
	const char *const devs[3] = { ce1, ce2, fw };
	xmlDocPtr doc = xmlReadMemory(eg_embed_default_intent_xml, (int)eg_embed_default_intent_xml_len,
				      "default-intent.xml", NULL, XML_PARSE_NONET);
	xmlNodePtr svc = doc != NULL ? lab_xml_child(xmlDocGetRootElement(doc), "service") : NULL;
	xmlBufferPtr buf = NULL;
	struct lab_ref ref;
	int rc = -1;

	if (svc == NULL || lab_ref_init(svc, &ref) != 0) {
		snprintf(err, errlen, "the built-in intent holds no reference service");
		goto cleanup;
	}
	lab_ref_apply(&ref, svc, n, devs);
	if (dual_stack)
		lab_intent_dual_stack(svc);
	if ((buf = xmlBufferCreate()) == NULL || xmlNodeDump(buf, doc, svc, 1, 0) < 0) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	fprintf(f, "  %s\n", (const char *)xmlBufferContent(buf));
	rc = 0;
cleanup:
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------------------ the intent */

int
lab_intent_write(const char *path, const struct lab_intent_dev *devs, size_t n, const char *user,
		 const char *identity, const char *known_hosts, bool dual_stack, char *err,
		 size_t errlen)
{
	char tmp[4200];
	const char **ces = calloc(n + 1, sizeof(char *)), **fws = calloc(n + 1, sizeof(char *));
	size_t nce = 0, nfw = 0;
	FILE *f = NULL;
	int rc = -1;

	if (ces == NULL || fws == NULL) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(devs[i].role, "firewall") == 0)
			fws[nfw++] = devs[i].name;
		else
			ces[nce++] = devs[i].name;
	}
	if (nfw == 0 || nce != 2 * nfw) {
		snprintf(err, errlen, "the lab's devices are not CE/CE/firewall trios (%zu CEs, %zu firewalls)",
			 nce, nfw);
		goto cleanup;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto cleanup;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<!-- The intent of this Junos lab (written by erguard-lab up): the reference\n"
	      "     design per customer, devices reached over SSH on 127.0.0.1. -->\n"
	      "<intent xmlns=\"urn:erguard:intent\">\n", f);
	for (size_t i = 0; i < n; i++)
		lab_intent_device(f, &devs[i], user, identity, known_hosts);
	for (size_t t = 0; t < nfw; t++)
		if (lab_intent_service(f, 11 + (int)t, ces[2 * t], ces[2 * t + 1], fws[t], dual_stack,
				       err, errlen) != 0) {
			fclose(f);
			f = NULL;
			unlink(tmp);
			goto cleanup;
		}
	fputs("</intent>\n", f);
	if (fclose(f) != 0) {
		f = NULL;
		snprintf(err, errlen, "%s: write failed", tmp);
		unlink(tmp);
		goto cleanup;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (f != NULL)
		fclose(f);
	free(ces);
	free(fws);
	return rc;
}
