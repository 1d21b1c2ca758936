/*
 * drill_model.c - the drill's pure functions (drill_model.h): the
 * triggers' names and what each exercises, the CE's ExpressRoute unit
 * from its configuration, where a path goes, when it changed (for a
 * prefix's path and a CE's session), the verdicts, and freeing a result.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "drill_model.h"
#include "util.h"

static const char *const drill_trigger_names[] = { "bgp", "interface", "blackhole", "external" };

int
eg_drill_trigger_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(drill_trigger_names) / sizeof(*drill_trigger_names); i++)
		if (strcmp(s, drill_trigger_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
eg_drill_trigger_name(int trigger)
{
	if (trigger < 0 || (size_t)trigger >= sizeof(drill_trigger_names) / sizeof(*drill_trigger_names))
		return "?";
	return drill_trigger_names[trigger];
}

const char *
eg_drill_trigger_exercises(int trigger)
{
	switch (trigger) {
	case EG_DRILL_TRIGGER_BGP:
		return "the CE closes the eBGP session itself at the commit (Cease): the failover "
		       "path is exercised, failure detection is not";
	case EG_DRILL_TRIGGER_INTERFACE:
		return "the CE's ExpressRoute unit goes down at the commit, its eBGP and BFD "
		       "sessions with it: the failover path is exercised, failure detection is not";
	case EG_DRILL_TRIGGER_BLACKHOLE:
		return "the CE stops hearing the MSEE (a discarding input filter): failure "
		       "detection by BFD, or by the hold timer without it, is exercised";
	case EG_DRILL_TRIGGER_EXTERNAL:
		return "a failure brought about outside erguard, watched from its instant: "
		       "detection is exercised as the failure has it";
	}
	return "?";
}

static const xmlNode *
drill_xml_child(const xmlNode *n, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

static char *
drill_xml_text(const xmlNode *n, const char *name)
{
	const xmlNode *c = drill_xml_child(n, name);
	xmlChar *t;
	char *s, *b, *e;

	if (c == NULL || (t = xmlNodeGetContent(c)) == NULL)
		return NULL;
	for (b = (char *)t; *b == ' ' || *b == '\n' || *b == '\t' || *b == '\r'; b++)
		;
	for (e = b + strlen(b); e > b && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' ||
					e[-1] == '\r'); e--)
		;
	s = eg_xasprintf("%.*s", (int)(e - b), b);
	xmlFree(t);
	return s;
}

/* The <configuration> of a reply, wherever it sits. */
static const xmlNode *
drill_xml_find(const xmlNode *n, const char *name)
{
	for (; n != NULL; n = n->next) {
		const xmlNode *hit;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return n;
		if ((hit = drill_xml_find(n->children, name)) != NULL)
			return hit;
	}
	return NULL;
}

eg_err
eg_drill_er_unit(const char *xml, size_t len, const struct eg_addr *peer, char **ifd,
		 char **unit, char **filter)
{
	xmlDocPtr doc;
	const xmlNode *conf, *ifs, *i, *u;
	struct eg_prefix host;
	eg_err err = EG_ENOTFOUND;

	*ifd = *unit = *filter = NULL;
	if (len > (size_t)INT32_MAX)
		return EG_EPARSE;
	doc = xmlReadMemory(xml, (int)len, "configuration", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	if (doc == NULL)
		return EG_EPARSE;
	memset(&host, 0, sizeof(host));
	host.addr = *peer;
	host.len = peer->family == 6 ? 128 : 32;
	conf = drill_xml_find(xmlDocGetRootElement(doc), "configuration");
	ifs = drill_xml_child(conf, "interfaces");
	for (i = ifs ? ifs->children : NULL; i != NULL && err == EG_ENOTFOUND; i = i->next) {
		if (i->type != XML_ELEMENT_NODE || strcmp((const char *)i->name, "interface") != 0)
			continue;
		for (u = i->children; u != NULL && err == EG_ENOTFOUND; u = u->next) {
			const xmlNode *inet, *a;
			if (u->type != XML_ELEMENT_NODE || strcmp((const char *)u->name, "unit") != 0)
				continue;
			inet = drill_xml_child(drill_xml_child(u, "family"),
					       peer->family == 6 ? "inet6" : "inet");
			for (a = inet ? inet->children : NULL; a != NULL; a = a->next) {
				struct eg_prefix p;
				char *name;
				eg_err pe;
				if (a->type != XML_ELEMENT_NODE ||
				    strcmp((const char *)a->name, "address") != 0)
					continue;
				name = drill_xml_text(a, "name");
				pe = name != NULL ? eg_prefix_parse(name, &p) : EG_EPARSE;
				free(name);
				if (pe != EG_OK || !eg_prefix_covers(&p, &host))
					continue;
				*ifd = drill_xml_text(i, "name");
				*unit = drill_xml_text(u, "name");
				{
					const xmlNode *in = drill_xml_child(drill_xml_child(inet, "filter"),
									    "input");
					if (in != NULL)
						*filter = drill_xml_child(in, "filter-name") != NULL ?
							  drill_xml_text(in, "filter-name") :
							  drill_xml_text(drill_xml_child(inet, "filter"),
									 "input");
				}
				err = *ifd != NULL && *unit != NULL ? EG_OK : EG_EPARSE;
				break;
			}
		}
	}
	xmlFreeDoc(doc);
	if (err != EG_OK) {
		free(*ifd);
		free(*unit);
		free(*filter);
		*ifd = *unit = *filter = NULL;
	}
	return err;
}

unsigned
eg_drill_links_parse(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "primary") == 0)
		return EG_DRILL_PRIMARY;
	if (strcmp(s, "secondary") == 0)
		return EG_DRILL_SECONDARY;
	if (strcmp(s, "both") == 0)
		return EG_DRILL_BOTH;
	return 0;
}

int
eg_drill_classify(const struct eg_service *svc, const struct eg_path *p)
{
	size_t i;

	if (p == NULL)
		return EG_VIA_NONE;
	for (i = 0; i < svc->ner && i < 32; i++) {
		const struct eg_er_link *l = &svc->er[i];

		if (eg_addr_eq(&p->learned_from, &l->ce_address) ||
		    eg_addr_eq(&p->nexthop, &l->ce_address))
			return (int)i;
	}
	for (i = 0; i < svc->vpn.npeers; i++)
		if (eg_addr_eq(&p->learned_from, &svc->vpn.peers[i]) ||
		    eg_addr_eq(&p->nexthop, &svc->vpn.peers[i]))
			return EG_VIA_VPN;
	return EG_VIA_OTHER;
}

bool
eg_drill_via_in(int via, unsigned links, bool vpn)
{
	if (via == EG_VIA_VPN)
		return vpn;
	return via >= 0 && via < 32 && (links & (1u << via)) != 0;
}

void
eg_drill_transitions(const struct eg_drill_sample *s, size_t n, size_t first,
		     unsigned from_links, bool from_vpn, unsigned to_links, bool to_vpn,
		     int64_t not_before, struct eg_drill_phase *ph)
{
	const struct eg_drill_sample *prev = NULL;
	bool left = false, arrived = false;
	size_t i;

	ph->left.at = ph->left.err = -1;
	ph->arrived.at = ph->arrived.err = -1;
	ph->final_via = EG_VIA_UNKNOWN;
	for (i = first; i < n; i++) {
		const struct eg_drill_sample *c = &s[i];
		bool in_from, in_to;

		int64_t lo;

		if (c->via == EG_VIA_UNKNOWN)
			continue;
		ph->final_via = c->via;
		lo = prev == NULL ? 0 : prev->sent > not_before ? prev->sent : not_before;
		if (lo > c->recv)
			lo = c->recv;
		in_from = eg_drill_via_in(c->via, from_links, from_vpn);
		in_to = eg_drill_via_in(c->via, to_links, to_vpn);
		if (prev != NULL && !left && !in_from &&
		    eg_drill_via_in(prev->via, from_links, from_vpn)) {
			ph->left.at = (lo + c->recv) / 2;
			ph->left.err = (c->recv - lo + 1) / 2;
			left = true;
		}
		if (prev != NULL && !arrived && in_to &&
		    !eg_drill_via_in(prev->via, to_links, to_vpn)) {
			ph->arrived.at = (lo + c->recv) / 2;
			ph->arrived.err = (c->recv - lo + 1) / 2;
			arrived = true;
		}
		prev = c;
	}
}

size_t
eg_drill_peer_flip(const struct eg_drill_peer_sample *s, size_t n, size_t first, int want_up,
		   int64_t not_before, struct eg_drill_instant *out)
{
	const struct eg_drill_peer_sample *prev = NULL;
	size_t i;

	out->at = out->err = -1;
	for (i = first; i < n; i++) {
		const struct eg_drill_peer_sample *c = &s[i];

		if (c->up < 0)
			continue;
		if (prev != NULL && prev->up != want_up && c->up == want_up) {
			int64_t lo = prev->sent > not_before ? prev->sent : not_before;

			if (lo > c->recv)
				lo = c->recv;
			out->at = (lo + c->recv) / 2;
			out->err = (c->recv - lo + 1) / 2;
			return i;
		}
		prev = c;
	}
	return n;
}

bool
eg_drill_within(const struct eg_drill_phase *ph, int64_t zero_ms, int64_t max_ms)
{
	if (ph->arrived.at < 0)
		return false;
	return ph->arrived.at + ph->arrived.err - zero_ms <= max_ms;
}

const char *
eg_drill_via_name(const struct eg_service *svc, int via)
{
	switch (via) {
	case EG_VIA_UNKNOWN:	return "unknown";
	case EG_VIA_NONE:	return "none";
	case EG_VIA_OTHER:	return "other";
	case EG_VIA_VPN:	return "vpn";
	}
	if (svc != NULL && via >= 0 && (size_t)via < svc->ner)
		return svc->er[via].name;
	return "?";
}

const char *
eg_drill_outcome_name(enum eg_drill_outcome x)
{
	switch (x) {
	case EG_DRILL_PASSED:		return "passed";
	case EG_DRILL_SLOW:		return "failed: convergence over the bound";
	case EG_DRILL_REFUSED:		return "refused: the network is not compliant";
	case EG_DRILL_UNRESTORED:	return "failed: the restore did not complete";
	case EG_DRILL_ABORTED:		return "aborted";
	case EG_DRILL_WRONG_PATH:	return "failed: the path proof took another path";
	}
	return "?";
}

const struct eg_service *
eg_drill_service(const struct eg_intent *in, const char *name)
{
	if (name != NULL)
		return eg_intent_service(in, name);
	return in->nservices > 0 ? &in->services[0] : NULL;
}

void
eg_drill_result_free(struct eg_drill_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->service);
	free(r->firewall);
	free(r->table);
	for (i = 0; i < r->nfailing; i++)
		free(r->failing[i]);
	free(r->failing);
	for (i = 0; i < r->nafter_failing; i++)
		free(r->after_failing[i]);
	free(r->after_failing);
	for (i = 0; i < r->nces; i++) {
		free(r->ces[i].device);
		free(r->ces[i].line);
		free(r->ces[i].restore_line);
		free(r->ces[i].account);
		free(r->ces[i].psamples);
	}
	free(r->ces);
	for (i = 0; i < r->nprefixes; i++)
		free(r->prefixes[i].samples);
	free(r->prefixes);
	for (i = 0; i < r->ntraces; i++) {
		free(r->traces[i].hops);
		free(r->traces[i].why);
	}
	free(r->traces);
	free(r->why);
	memset(r, 0, sizeof(*r));
}
