/*
 * test_junos_stream.c - the Junos reply parsers on replies shaped like
 * real devices: several releases in the namespaces, junos: attributes,
 * padded text, keepalive comments, inactive statements, rpc-errors as
 * warnings beside data and as errors, the SRX cluster wrapper, the CLI
 * trailer, rfc-compliant nc: prefixes, and broken replies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "junos.h"

#include "eg_test_reply.h"

static struct eg_obs *
parse(enum eg_qkind kind, const char *table, const char *instance, const char *xml)
{
	struct eg_obs *o = calloc(1, sizeof(*o));

	assert_non_null(o);
	o->q.kind = kind;
	o->q.device = strdup("R1");
	o->q.table = table ? strdup(table) : NULL;
	o->q.instance = instance ? strdup(instance) : NULL;
	eg_junos_parse_mem(xml, strlen(xml), "R1", o);
	return o;
}

static void
obs_free(struct eg_obs *o)
{
	eg_obs_clear_data(o);
	eg_query_clear(&o->q);
	free(o);
}

static const struct eg_path *
find(struct eg_rib *rib, const char *pfx, size_t *n)
{
	struct eg_prefix p;
	const struct eg_path *first;

	assert_int_equal(eg_prefix_parse(pfx, &p), EG_OK);
	*n = eg_rib_find(rib, &p, &first);
	return first;
}

/* The seed's firewall table, brief, 15.1X49 namespaces, padded, with keepalives. */
static const char seed_table[] =
	"<!-- user netops, class j-super-user -->\n"
	"<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
	"xmlns:junos=\"http://xml.juniper.net/junos/15.1X49/junos\">\n"
	"<route-information xmlns=\"http://xml.juniper.net/junos/15.1X49/junos-routing\">\n"
	"<!-- keepalive -->\n<route-table>\n<table-name>Cust11.inet.0</table-name>\n"
	"<rt junos:style=\"brief\">\n<rt-destination>10.17.11.0/25</rt-destination>\n"
	"<rt-entry>\n<active-tag>*</active-tag>\n<current-active/>\n<protocol-name>BGP</protocol-name>\n"
	"<preference>170</preference>\n<age junos:seconds=\"174844\">2d 00:34:04</age>\n"
	"<local-preference>150</local-preference>\n<as-path>12076 I\n   </as-path>\n"
	"<nh>\n<selected-next-hop/>\n<to>192.168.11.0</to>\n<via>reth1.11</via>\n</nh>\n"
	"<nh>\n<to>192.168.11.2</to>\n<via>reth2.11</via>\n</nh>\n</rt-entry>\n"
	"<rt-entry>\n<active-tag> </active-tag>\n<protocol-name>BGP</protocol-name>\n"
	"<local-preference>100</local-preference>\n<learned-from>10.17.11.76</learned-from>\n"
	"<as-path>65515 I\n</as-path>\n<nh>\n<selected-next-hop/>\n<via>st0.118</via>\n</nh>\n</rt-entry>\n"
	"</rt>\n<!-- keepalive -->\n"
	"<rt junos:style=\"detail\">\n<rt-destination>10.17.11.128</rt-destination>\n"
	"<rt-prefix-length junos:emit=\"emit\">26</rt-prefix-length>\n"
	"<rt-entry>\n<active-tag>*</active-tag>\n<protocol-name>BGP</protocol-name>\n"
	"<med>20</med>\n<as-path>AS path: 12076 I\n</as-path>\n"
	"<communities>\n<community>12076:51004</community>\n<community>65020:1</community>\n</communities>\n"
	"<nh>\n<to>192.168.11.2</to>\n<via>reth2.11</via>\n</nh>\n</rt-entry>\n</rt>\n"
	"</route-table>\n</route-information>\n"
	"<cli>\n<banner>{primary:node0}</banner>\n</cli>\n</rpc-reply>\n";

static void
test_route_brief_and_detail(void **state)
{
	struct eg_obs *o = parse(EG_Q_ROUTES, "Cust11.inet.0", "Cust11", seed_table);
	const struct eg_path *p;
	char buf[EG_ADDR_STRLEN];
	size_t n;

	(void)state;
	assert_int_equal(o->status, EG_OK);
	assert_string_equal(o->u.rib->table, "Cust11.inet.0");
	p = find(o->u.rib, "10.17.11.0/25", &n);
	assert_int_equal(n, 2);
	assert_true(p[0].flags & EG_PATH_ACTIVE);
	assert_int_equal(p[0].local_pref, 150);
	assert_string_equal(p[0].as_path, "12076 I");
	assert_string_equal(eg_addr_fmt(&p[0].nexthop, buf), "192.168.11.0");
	assert_string_equal(p[0].via, "reth1.11");
	assert_int_equal(p[0].proto, EG_PROTO_BGP);
	assert_false(p[1].flags & EG_PATH_ACTIVE);
	assert_int_equal(p[1].local_pref, 100);
	assert_string_equal(eg_addr_fmt(&p[1].learned_from, buf), "10.17.11.76");
	assert_string_equal(p[1].via, "st0.118");
	assert_int_equal(p[1].nexthop.family, 0);
	/* the shared pool makes equal AS paths one string */
	p = find(o->u.rib, "10.17.11.128/26", &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].as_path, "12076 I");
	assert_true(p[0].flags & EG_PATH_HAS_MED);
	assert_int_equal(p[0].med, 20);
	assert_false(p[0].flags & EG_PATH_HAS_LP);
	assert_string_equal(p[0].communities, "12076:51004 65020:1");
	obs_free(o);
}

static void
test_route_advertised(void **state)
{
	static const char xml[] =
		"<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/22.4R0/junos\">"
		"<route-information xmlns=\"http://xml.juniper.net/junos/22.4R0/junos-routing\">"
		"<route-table><table-name>Cust11.inet.0</table-name>"
		"<rt junos:style=\"detail\"><rt-destination>10.1.11.0</rt-destination>"
		"<rt-prefix-length>25</rt-prefix-length><rt-entry><active-tag>*</active-tag>"
		"<nh><to>Self</to></nh><as-path>AS path: [65020] I\n</as-path></rt-entry></rt>"
		"</route-table></route-information></rpc-reply>";
	struct eg_obs *o = parse(EG_Q_ADVERTISED, "Cust11.inet.0", "Cust11", xml);
	const struct eg_path *p;
	size_t n;

	(void)state;
	assert_int_equal(o->status, EG_OK);
	p = find(o->u.rib, "10.1.11.0/25", &n);
	assert_int_equal(n, 1);
	assert_true(p->flags & EG_PATH_NH_SELF);
	assert_string_equal(p->as_path, "[65020] I");
	assert_int_equal(eg_aspath_first_as(p->as_path), 65020);
	obs_free(o);
}

static void
test_route_other_table_ignored(void **state)
{
	static const char xml[] =
		"<rpc-reply><route-information>"
		"<route-table><table-name>Cust1.inet.0</table-name>"
		"<rt><rt-destination>10.9.9.0/24</rt-destination><rt-entry><active-tag>*</active-tag>"
		"<protocol-name>Static</protocol-name></rt-entry></rt></route-table>"
		"<route-table><table-name>Cust11.inet.0</table-name>"
		"<rt><rt-destination>10.1.11.0/25</rt-destination><rt-entry><active-tag>*</active-tag>"
		"<protocol-name>Static</protocol-name></rt-entry></rt></route-table>"
		"</route-information></rpc-reply>";
	struct eg_obs *o = parse(EG_Q_ROUTES, "Cust11.inet.0", "Cust11", xml);
	size_t n;

	(void)state;
	assert_int_equal(o->status, EG_OK);
	assert_int_equal(o->u.rib->npaths, 1);
	find(o->u.rib, "10.1.11.0/25", &n);
	assert_int_equal(n, 1);
	obs_free(o);
}

static void
test_bgp_summary_cluster(void **state)
{
	static const char xml[] =
		"<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/12.1X46/junos\">\n"
		"<multi-routing-engine-results>\n<multi-routing-engine-item>\n<re-name>node0</re-name>\n"
		"<bgp-information xmlns=\"http://xml.juniper.net/junos/12.1X46/junos-routing\">\n"
		"<bgp-peer junos:style=\"terse\" junos:heading=\"Peer AS\">\n"
		"<peer-address>10.17.11.76</peer-address>\n<peer-as>65515</peer-as>\n"
		"<elapsed-time junos:seconds=\"249133\">2d 21:12:13</elapsed-time>\n"
		"<peer-state junos:format=\"Establ\">Established</peer-state>\n"
		"<bgp-rib><name>Cust1.inet.0</name><active-prefix-count>9</active-prefix-count></bgp-rib>\n"
		"<bgp-rib><name>Cust11.inet.0</name><active-prefix-count>0</active-prefix-count>"
		"<received-prefix-count>2</received-prefix-count></bgp-rib>\n"
		"</bgp-peer>\n<bgp-peer junos:style=\"terse\">\n<peer-address>10.17.11.77+179</peer-address>\n"
		"<peer-as>65515</peer-as>\n<peer-state>Active</peer-state>\n</bgp-peer>\n"
		"</bgp-information>\n</multi-routing-engine-item>\n"
		"<multi-routing-engine-item>\n<re-name>node1</re-name>\n"
		"<bgp-information><bgp-peer><peer-address>10.99.99.99</peer-address></bgp-peer></bgp-information>\n"
		"</multi-routing-engine-item>\n</multi-routing-engine-results>\n</rpc-reply>\n";
	struct eg_obs *o = parse(EG_Q_BGP_SUMMARY, NULL, "Cust11", xml);
	struct eg_addr a;
	const struct eg_bgp_peer *p;

	(void)state;
	assert_int_equal(o->status, EG_OK);
	assert_int_equal(o->u.bgp->npeers, 2);	/* node1's copy is not counted */
	assert_int_equal(eg_addr_parse("10.17.11.76", &a), EG_OK);
	p = eg_bgp_find(o->u.bgp, &a);
	assert_non_null(p);
	assert_string_equal(p->state, "Established");
	assert_int_equal(p->elapsed_seconds, 249133);
	assert_int_equal(p->received_prefixes, 2);
	assert_int_equal(p->active_prefixes, 0);
	assert_int_equal(eg_addr_parse("10.17.11.77", &a), EG_OK);
	p = eg_bgp_find(o->u.bgp, &a);
	assert_non_null(p);
	assert_string_equal(p->state, "Active");
	obs_free(o);
}

static void
test_bfd(void **state)
{
	static const char xml[] =
		"<rpc-reply><bfd-session-information xmlns=\"http://xml.juniper.net/junos/13.3R1/junos-bfd\" "
		"junos:style=\"extensive\" xmlns:junos=\"http://xml.juniper.net/junos/13.3R1/junos\">"
		"<bfd-session><session-neighbor>192.168.11.18</session-neighbor>"
		"<session-state>Up</session-state><session-interface>xe-0/0/0:0.110</session-interface>"
		"<session-detection-time>0.900</session-detection-time>"
		"<session-transmission-interval>0.300</session-transmission-interval>"
		"<session-adaptive-multiplier>3</session-adaptive-multiplier>"
		"<bfd-client><client-name>BGP</client-name></bfd-client>"
		"<no-refresh/><no-refresh> Session ID: 0x1</no-refresh></bfd-session>"
		"<sessions>1</sessions></bfd-session-information></rpc-reply>";
	struct eg_obs *o = parse(EG_Q_BFD, NULL, NULL, xml);
	struct eg_addr a;
	const struct eg_bfd_session *b;

	(void)state;
	assert_int_equal(o->status, EG_OK);
	assert_int_equal(eg_addr_parse("192.168.11.18", &a), EG_OK);
	b = eg_bfd_find(o->u.bfd, &a);
	assert_non_null(b);
	assert_string_equal(b->state, "Up");
	assert_int_equal(b->detection_ms, 900);
	assert_int_equal(b->tx_interval_ms, 300);
	assert_int_equal(b->multiplier, 3);
	assert_string_equal(b->clients, "BGP");
	obs_free(o);
}

static const char ce_config[] =
	"<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
	"xmlns:junos=\"http://xml.juniper.net/junos/18.2R1/junos\"><data>"
	"<configuration xmlns=\"http://xml.juniper.net/xnm/1.1/xnm\" junos:commit-seconds=\"1574828031\" "
	"junos:commit-user=\"netops\"><routing-instances><instance><name>Cust11</name>"
	"<instance-type>virtual-router</instance-type><interface><name>ae0.11</name></interface>"
	"<protocols><bgp>"
	"<group><name>ibgp</name><type>internal</type>"
	"<local-preference inactive=\"inactive\">150</local-preference>"
	"<neighbor><name>192.168.11.3</name></neighbor></group>"
	"<group inactive=\"inactive\"><name>old</name><neighbor><name>192.0.2.1</name></neighbor></group>"
	"<group><name>ebgp</name><peer-as>12076</peer-as>"
	"<bfd-liveness-detection><minimum-interval>300</minimum-interval><multiplier>3</multiplier>"
	"</bfd-liveness-detection>"
	"<neighbor><name>192.168.11.22</name><local-preference>120</local-preference></neighbor>"
	"</group></bgp></protocols></instance></routing-instances></configuration></data></rpc-reply>";

static void
test_config_inactive(void **state)
{
	struct eg_obs *o = parse(EG_Q_CONFIG, NULL, "Cust11", ce_config);
	const struct eg_instance_cfg *ic;
	const struct eg_bgp_group_cfg *g;
	const struct eg_bgp_neighbor_cfg *nb;
	struct eg_bgp_opts eff;
	struct eg_addr a;

	(void)state;
	assert_int_equal(o->status, EG_OK);
	assert_string_equal(o->u.cfg->commit_user, "netops");
	assert_int_equal(o->u.cfg->commit_seconds, 1574828031);
	ic = eg_config_instance(o->u.cfg, "Cust11");
	assert_non_null(ic);
	assert_string_equal(ic->instance_type, "virtual-router");
	assert_int_equal(ic->ninterfaces, 1);
	assert_int_equal(ic->ngroups, 2);	/* the inactive group is absent */
	assert_null(eg_instance_group(ic, "old"));
	g = eg_instance_group(ic, "ibgp");
	assert_non_null(g);
	assert_string_equal(g->type, "internal");
	assert_false(g->opts.has_local_pref);	/* deactivated = absent */
	assert_int_equal(eg_addr_parse("192.168.11.22", &a), EG_OK);
	g = eg_instance_group_of(ic, &a, &nb);
	assert_non_null(g);
	assert_string_equal(g->name, "ebgp");
	eg_bgp_effective(ic, g, nb, &eff);
	assert_true(eff.has_bfd);
	assert_int_equal(eff.bfd_min_interval, 300);
	assert_int_equal(eff.bfd_multiplier, 3);
	assert_true(eff.has_local_pref);
	assert_int_equal(eff.local_pref, 120);
	assert_int_equal(eff.peer_as, 12076);
	obs_free(o);
}

static void
test_config_text_refused(void **state)
{
	static const char xml[] =
		"<rpc-reply><configuration-text>routing-instances { Cust11 { } }</configuration-text></rpc-reply>";
	struct eg_obs *o = parse(EG_Q_CONFIG, NULL, "Cust11", xml);

	(void)state;
	assert_int_equal(o->status, EG_EPARSE);
	assert_non_null(strstr(o->why, "configuration-text"));
	obs_free(o);
}

static void
test_rpc_error_and_warning(void **state)
{
	static const char warn[] =
		"<rpc-reply><rpc-error><error-severity>warning</error-severity>"
		"<error-message>statement has no contents; ignored</error-message></rpc-error>"
		"<bfd-session-information><bfd-session><session-neighbor>10.0.0.1</session-neighbor>"
		"<session-state>Down</session-state></bfd-session></bfd-session-information></rpc-reply>";
	static const char err[] =
		"<nc:rpc-reply xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><nc:rpc-error>"
		"<nc:error-type>protocol</nc:error-type><nc:error-tag>operation-failed</nc:error-tag>"
		"<nc:error-severity>error</nc:error-severity><nc:error-message>\nsyntax error\n"
		"</nc:error-message><nc:error-info><nc:bad-element>get-bfd-session-informaton"
		"</nc:bad-element></nc:error-info></nc:rpc-error></nc:rpc-reply>";
	static const char xnm[] =
		"<rpc-reply><commit-results><xnm:error xmlns=\"http://xml.juniper.net/xnm/1.1/xnm\" "
		"xmlns:xnm=\"http://xml.juniper.net/xnm/1.1/xnm\"><source-daemon>dcd</source-daemon>"
		"<message>configuration database locked by: admin</message></xnm:error>"
		"</commit-results></rpc-reply>";
	struct eg_obs *o;

	(void)state;
	o = parse(EG_Q_BFD, NULL, NULL, warn);
	assert_int_equal(o->status, EG_OK);
	assert_int_equal(o->warnings.nitems, 1);
	assert_false(o->warnings.items[0].is_error);
	assert_int_equal(o->u.bfd->nsessions, 1);
	obs_free(o);

	o = parse(EG_Q_BFD, NULL, NULL, err);
	assert_int_equal(o->status, EG_ERPC);
	assert_string_equal(o->why, "R1: rpc-error: syntax error (bad element: get-bfd-session-informaton)");
	assert_null(o->u.bfd);
	obs_free(o);

	o = parse(EG_Q_CONFIG, NULL, "Cust11", xnm);
	assert_int_equal(o->status, EG_ERPC);
	assert_non_null(strstr(o->why, "locked by: admin"));
	obs_free(o);
}

static void
test_broken_replies(void **state)
{
	static const struct {
		enum eg_qkind kind;
		const char *xml;
		eg_err want;
		const char *why;
	} cases[] = {
		{ EG_Q_ROUTES, "<rpc-reply><route-information><route-table><rt>", EG_EPARSE, "malformed" },
		{ EG_Q_ROUTES, "<rpc-reply><route-information></route-table></rpc-reply>", EG_EPARSE, "R1:1" },
		{ EG_Q_ROUTES, "<rpc-reply><bgp-information/></rpc-reply>", EG_EPARSE, "<bgp-information>" },
		{ EG_Q_BGP_SUMMARY, "<rpc-reply><ok/></rpc-reply>", EG_EPARSE, "holds no <bgp-information>" },
		{ EG_Q_BFD, "", EG_EPARSE, "R1" },
		{ EG_Q_ROUTES, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><rpc-reply>"
			       "<route-information>&e;</route-information></rpc-reply>", EG_OK, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_obs *o = parse(cases[i].kind, "Cust11.inet.0", "Cust11", cases[i].xml);
		assert_int_equal(o->status, cases[i].want);
		if (cases[i].why != NULL) {
			assert_non_null(o->why);
			assert_non_null(strstr(o->why, cases[i].why));
			assert_null(o->u.rib);
		} else {
			assert_int_equal(o->u.rib->npaths, 0);
		}
		obs_free(o);
	}
}

/* A generated reply streamed through the reader callback, never held whole. */
static int
gen_route(char *buf, size_t size, size_t i)
{
	return snprintf(buf, size,
		"<rt><rt-destination>%zu.%zu.%zu.0/24</rt-destination><rt-entry>"
		"<active-tag>*</active-tag><protocol-name>BGP</protocol-name>"
		"<as-path>12076 %zu I</as-path><nh><to>192.168.11.0</to></nh>"
		"</rt-entry></rt>%s", 20 + i / 65536, (i / 256) % 256,
		i % 256, 64512 + i % 10, i % 1000 ? "" : "<!-- keepalive -->");
}

static void
test_streamed_large(void **state)
{
	struct eg_test_reply g = {
		.head = "<rpc-reply><route-information><route-table>"
			"<table-name>Cust11.inet.0</table-name>",
		.tail = "</route-table></route-information></rpc-reply>",
		.item = gen_route, .n = 100000,
	};
	struct eg_obs o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.q.kind = EG_Q_ROUTES;
	o.q.table = (char *)"Cust11.inet.0";
	assert_int_equal(eg_junos_parse_io(eg_test_reply_read, &g, "R1", &o), EG_OK);
	assert_int_equal(o.u.rib->npaths, 100000);
	assert_int_equal(eg_rib_ndest(o.u.rib), 100000);
	o.q.table = NULL;
	eg_obs_clear_data(&o);
}

static int
gen_instance(char *buf, size_t size, size_t i)
{
	return snprintf(buf, size, "<instance><name>ri%zu</name><instance-type>vrf</instance-type>"
			"</instance>", i);
}

/*
 * A device that sends routing instances without end: the parse stops at the
 * list cap, saying so, instead of growing with every one.
 */
static void
test_endless_list_capped(void **state)
{
	struct eg_test_reply g = {
		.head = "<rpc-reply><configuration><routing-instances>",
		.tail = "</routing-instances></configuration></rpc-reply>",
		.item = gen_instance, .n = 70000,
	};
	struct eg_obs o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.q.kind = EG_Q_CONFIG;
	o.q.instance = (char *)"Cust11";
	assert_int_equal(eg_junos_parse_io(eg_test_reply_read, &g, "R1", &o), EG_EPARSE);
	assert_non_null(o.why);
	assert_non_null(strstr(o.why, "more than 65536 <instance> elements"));
	o.q.instance = NULL;
	eg_obs_clear_data(&o);
	free(o.why);
}

static void
test_rpc_bodies(void **state)
{
	struct eg_query q;
	char *s;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.kind = EG_Q_ADVERTISED;
	q.table = (char *)"Cust11.inet.0";
	q.detail = (char *)"detail";
	assert_int_equal(eg_addr_parse("192.168.11.18", &q.peer), EG_OK);
	s = eg_junos_rpc(&q);
	assert_string_equal(s, "<get-route-information><advertising-protocol-name>bgp"
			       "</advertising-protocol-name><neighbor>192.168.11.18</neighbor>"
			       "<table>Cust11.inet.0</table><detail/></get-route-information>");
	free(s);
	q.kind = EG_Q_RECEIVED;
	q.detail = NULL;
	s = eg_junos_rpc(&q);
	assert_non_null(strstr(s, "<peer>192.168.11.18</peer>"));
	free(s);
	q.kind = EG_Q_BGP_SUMMARY;
	q.instance = (char *)"Cust<11>&";
	s = eg_junos_rpc(&q);
	assert_string_equal(s, "<get-bgp-summary-information><exact-instance>Cust&lt;11&gt;&amp;"
			       "</exact-instance></get-bgp-summary-information>");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_brief_and_detail),
		cmocka_unit_test(test_route_advertised),
		cmocka_unit_test(test_route_other_table_ignored),
		cmocka_unit_test(test_bgp_summary_cluster),
		cmocka_unit_test(test_bfd),
		cmocka_unit_test(test_config_inactive),
		cmocka_unit_test(test_config_text_refused),
		cmocka_unit_test(test_rpc_error_and_warning),
		cmocka_unit_test(test_broken_replies),
		cmocka_unit_test(test_streamed_large),
		cmocka_unit_test(test_endless_list_capped),
		cmocka_unit_test(test_rpc_bodies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
