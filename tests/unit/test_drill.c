/*
 * test_drill.c - the pure parts of `erguard drill` (drill.c): where a
 * firewall path goes in the reference design (the CEs' addresses are the
 * ExpressRoute links, the gateway peers the VPN), when a prefix left and
 * arrived as told by a series of polls (the change sits between the last
 * answer before and the first after, never before its cause, and a poll
 * that failed is no evidence), the verdict against the bound, the plan
 * printed without a device, the triggers' names, and the CE's
 * ExpressRoute unit found by the MSEE's address in its configuration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drill.h"
#include "util.h"

static const struct eg_service *
ref_service(struct eg_intent **in)
{
	assert_int_equal(eg_intent_default(in), EG_OK);
	assert_true((*in)->nservices > 0);
	return &(*in)->services[0];
}

static struct eg_path
path_from(const char *from)
{
	struct eg_path p;

	memset(&p, 0, sizeof(p));
	assert_int_equal(eg_addr_parse(from, &p.learned_from), EG_OK);
	p.flags = EG_PATH_ACTIVE;
	return p;
}

static void
test_drill_classify(void **state)
{
	struct eg_intent *in = NULL;
	const struct eg_service *svc = ref_service(&in);
	struct eg_path p;

	(void)state;
	p = path_from("192.168.11.0");
	assert_int_equal(eg_drill_classify(svc, &p), 0);
	assert_string_equal(eg_drill_via_name(svc, 0), "primary");
	p = path_from("192.168.11.2");
	assert_int_equal(eg_drill_classify(svc, &p), 1);
	assert_string_equal(eg_drill_via_name(svc, 1), "secondary");
	p = path_from("10.17.11.77");
	assert_int_equal(eg_drill_classify(svc, &p), EG_VIA_VPN);
	p = path_from("10.9.9.9");
	assert_int_equal(eg_drill_classify(svc, &p), EG_VIA_OTHER);
	/* a path with only a next hop toward the secondary CE */
	memset(&p, 0, sizeof(p));
	assert_int_equal(eg_addr_parse("192.168.11.2", &p.nexthop), EG_OK);
	assert_int_equal(eg_drill_classify(svc, &p), 1);
	assert_int_equal(eg_drill_classify(svc, NULL), EG_VIA_NONE);

	assert_true(eg_drill_via_in(0, EG_DRILL_BOTH, false));
	assert_true(eg_drill_via_in(1, EG_DRILL_SECONDARY, false));
	assert_false(eg_drill_via_in(0, EG_DRILL_SECONDARY, false));
	assert_false(eg_drill_via_in(EG_VIA_VPN, EG_DRILL_BOTH, false));
	assert_true(eg_drill_via_in(EG_VIA_VPN, 0, true));
	assert_false(eg_drill_via_in(EG_VIA_NONE, EG_DRILL_BOTH, true));

	assert_int_equal(eg_drill_links_parse("primary"), EG_DRILL_PRIMARY);
	assert_int_equal(eg_drill_links_parse("secondary"), EG_DRILL_SECONDARY);
	assert_int_equal(eg_drill_links_parse("both"), EG_DRILL_BOTH);
	assert_int_equal(eg_drill_links_parse("all"), 0);
	assert_int_equal(eg_drill_links_parse(NULL), 0);
	eg_intent_free(in);
}

/* Failover with both links down: primary, a gap with no route, then the VPN. */
static void
test_drill_transitions(void **state)
{
	static const struct eg_drill_sample s[] = {
		{ -10, -8, 0 },			/* before the trigger */
		{ 2, 4, 0 },			/* still on the primary */
		{ 4, 6, EG_VIA_UNKNOWN },	/* the poll failed: no evidence */
		{ 6, 8, EG_VIA_NONE },		/* left: between 2 and 8 */
		{ 8, 10, EG_VIA_NONE },
		{ 10, 14, EG_VIA_VPN },		/* arrived: between 8 and 14 */
		{ 14, 16, EG_VIA_VPN },
	};
	struct eg_drill_phase ph;

	(void)state;
	eg_drill_transitions(s, 7, 0, EG_DRILL_BOTH, false, 0, true, 0, &ph);
	assert_int_equal(ph.left.at, 5);
	assert_int_equal(ph.left.err, 3);
	assert_int_equal(ph.arrived.at, 11);
	assert_int_equal(ph.arrived.err, 3);
	assert_int_equal(ph.final_via, EG_VIA_VPN);
	assert_true(eg_drill_within(&ph, 0, 14));
	assert_false(eg_drill_within(&ph, 0, 13));	/* the bar's upper end counts */
	assert_true(eg_drill_within(&ph, 4, 10));

	/* the cause at 3: the span of the change starts there, not at 2 */
	eg_drill_transitions(s, 7, 0, EG_DRILL_BOTH, false, 0, true, 3, &ph);
	assert_int_equal(ph.left.at, 5);
	assert_int_equal(ph.left.err, 3);
	/* a series that never showed the old path: no departure seen */
	eg_drill_transitions(s + 2, 5, 0, EG_DRILL_BOTH, false, 0, true, 0, &ph);
	assert_int_equal(ph.left.at, -1);	/* no answer before it said "primary" */
	assert_int_equal(ph.arrived.at, 11);
}

static void
test_drill_never(void **state)
{
	static const struct eg_drill_sample s[] = {
		{ -5, -4, 0 }, { 1, 2, 0 }, { 2, 3, 1 }, { 3, 4, 1 },
	};
	static const struct eg_drill_sample back[] = {
		{ 100, 102, 1 }, { 102, 104, 1 }, { 104, 108, 0 },
	};
	struct eg_drill_phase ph;

	(void)state;
	/* primary only down: the path moves to the secondary, never to the VPN */
	eg_drill_transitions(s, 4, 0, EG_DRILL_PRIMARY, false, 0, true, 0, &ph);
	assert_int_equal(ph.left.at, 2);
	assert_int_equal(ph.left.err, 1);
	assert_int_equal(ph.arrived.at, -1);
	assert_false(eg_drill_within(&ph, 0, 100000));
	eg_drill_transitions(s, 4, 0, EG_DRILL_PRIMARY, false, EG_DRILL_SECONDARY, false, 0, &ph);
	assert_int_equal(ph.arrived.at, 2);
	assert_true(eg_drill_within(&ph, 0, 3));
	assert_false(eg_drill_within(&ph, 0, 2));
	/* the way back, its cause (the restore) sent at 103 */
	eg_drill_transitions(back, 3, 0, EG_DRILL_SECONDARY, false, EG_DRILL_PRIMARY, false, 103,
			     &ph);
	assert_int_equal(ph.left.at, 105);
	assert_int_equal(ph.left.err, 3);
	assert_int_equal(ph.arrived.at, 105);
	assert_int_equal(ph.final_via, 0);
	/* nothing but failed polls: nothing seen, final unknown */
	{
		static const struct eg_drill_sample u[] = {
			{ 0, 1, EG_VIA_UNKNOWN }, { 1, 2, EG_VIA_UNKNOWN },
		};
		eg_drill_transitions(u, 2, 0, EG_DRILL_BOTH, false, 0, true, 0, &ph);
		assert_int_equal(ph.left.at, -1);
		assert_int_equal(ph.arrived.at, -1);
		assert_int_equal(ph.final_via, EG_VIA_UNKNOWN);
	}
}

static void
test_drill_plan(void **state)
{
	struct eg_intent *in = NULL;
	struct eg_drill_opts o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	ref_service(&in);
	memset(&o, 0, sizeof(o));
	o.links = EG_DRILL_SECONDARY;
	o.max_convergence_s = 7;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(eg_drill_plan_print(in, &o, f), EG_OK);
	fclose(f);
	assert_non_null(strstr(buf, "SEA-MX03-02: deactivate routing-instances Cust11 protocols "
				    "bgp group ebgp neighbor 192.168.11.22"));
	assert_null(strstr(buf, "SEA-MX03-01: deactivate"));
	assert_non_null(strstr(buf, "moves to primary"));
	assert_non_null(strstr(buf, "within 7 s"));
	assert_non_null(strstr(buf, "10.17.11.128/26"));
	free(buf);
	o.service = "Cust99";
	assert_int_equal(eg_drill_plan_print(in, &o, stdout), EG_EINVAL);
	eg_intent_free(in);
}

static void
test_drill_triggers(void **state)
{
	(void)state;
	assert_int_equal(eg_drill_trigger_parse("bgp"), EG_DRILL_TRIGGER_BGP);
	assert_int_equal(eg_drill_trigger_parse("interface"), EG_DRILL_TRIGGER_INTERFACE);
	assert_int_equal(eg_drill_trigger_parse("blackhole"), EG_DRILL_TRIGGER_BLACKHOLE);
	assert_int_equal(eg_drill_trigger_parse("external"), EG_DRILL_TRIGGER_EXTERNAL);
	assert_int_equal(eg_drill_trigger_parse("carrier"), -1);
	assert_int_equal(eg_drill_trigger_parse(NULL), -1);
	assert_string_equal(eg_drill_trigger_name(EG_DRILL_TRIGGER_BLACKHOLE), "blackhole");
	assert_string_equal(eg_drill_trigger_name(9), "?");
	assert_non_null(strstr(eg_drill_trigger_exercises(EG_DRILL_TRIGGER_BLACKHOLE),
			       "detection by BFD"));
	assert_non_null(strstr(eg_drill_trigger_exercises(EG_DRILL_TRIGGER_BGP),
			       "detection is not"));
}

static void
test_drill_er_unit(void **state)
{
	static const char reply[] =
		"<rpc-reply><configuration><interfaces>"
		"<interface><name>ae0</name><unit><name>11</name><family><inet><address>"
		"<name>192.168.11.0/31</name></address></inet></family></unit></interface>"
		"<interface><name>xe-0/0/0:0</name><unit><name>100</name></unit>"
		"<unit><name>110</name><family><inet><filter><input><filter-name>protect"
		"</filter-name></input></filter><address><name>10.9.9.1/24</name></address>"
		"<address><name> 192.168.11.17/30 </name></address></inet></family></unit>"
		"</interface></interfaces></configuration></rpc-reply>";
	struct eg_addr peer;
	char *ifd, *unit, *filter;

	(void)state;
	assert_int_equal(eg_addr_parse("192.168.11.18", &peer), EG_OK);
	assert_int_equal(eg_drill_er_unit(reply, strlen(reply), &peer, &ifd, &unit, &filter), EG_OK);
	assert_string_equal(ifd, "xe-0/0/0:0");
	assert_string_equal(unit, "110");
	assert_string_equal(filter, "protect");
	free(ifd);
	free(unit);
	free(filter);
	/* the /31 toward the firewall, no filter */
	assert_int_equal(eg_addr_parse("192.168.11.1", &peer), EG_OK);
	assert_int_equal(eg_drill_er_unit(reply, strlen(reply), &peer, &ifd, &unit, &filter), EG_OK);
	assert_string_equal(ifd, "ae0");
	assert_string_equal(unit, "11");
	assert_null(filter);
	free(ifd);
	free(unit);
	/* an address outside every unit's subnet, and a reply that is not XML */
	assert_int_equal(eg_addr_parse("192.168.11.22", &peer), EG_OK);
	assert_int_equal(eg_drill_er_unit(reply, strlen(reply), &peer, &ifd, &unit, &filter),
			 EG_ENOTFOUND);
	assert_null(ifd);
	assert_int_equal(eg_drill_er_unit("<rpc-reply><conf", 16, &peer, &ifd, &unit, &filter),
			 EG_EPARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drill_classify),
		cmocka_unit_test(test_drill_transitions),
		cmocka_unit_test(test_drill_never),
		cmocka_unit_test(test_drill_plan),
		cmocka_unit_test(test_drill_triggers),
		cmocka_unit_test(test_drill_er_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
