/*
 * test_drill.c - the pure parts of `erguard drill` (drill.c): where a
 * firewall path goes in the reference design (the CEs' addresses are the
 * ExpressRoute links, the gateway peers the VPN), when a prefix left and
 * arrived as told by a series of polls (the change sits between the last
 * answer before and the first after, never before its cause, and a poll
 * that failed is no evidence), the verdict against the bound, the
 * plan printed without a device, where a traceroute of the path proof
 * went (an MSEE hop, the tunnel, nowhere, no hop at all) and the proof
 * in the text, the validated JSON and XML, and JUnit, when a CE's
 * session left Established and came back, the triggers' names, and the
 * CE's ExpressRoute unit found by the MSEE's address in its configuration.
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
	assert_non_null(strstr(buf, "path proof: traceroute 10.17.11.132 routing-instance Cust11 "
				    "from SEA-SRX42-01 before the trigger"));
	/* the confirm timer: both watches (2 x 19 s) and a minute, and a reply timeout for the trace */
	assert_non_null(strstr(buf, "commit confirmed 3 minutes"));
	free(buf);
	o.no_trace = true;
	f = open_memstream(&buf, &len);
	assert_int_equal(eg_drill_plan_print(in, &o, f), EG_OK);
	fclose(f);
	assert_non_null(strstr(buf, "path proof: not done (--no-trace)"));
	assert_non_null(strstr(buf, "commit confirmed 2 minutes"));
	free(buf);
	o.no_trace = false;
	o.service = "Cust99";
	assert_int_equal(eg_drill_plan_print(in, &o, stdout), EG_EINVAL);
	eg_intent_free(in);
}

/* A CE's session: down between two polls, up again later; unknown polls skipped. */
static void
test_drill_peer_flip(void **state)
{
	const struct eg_drill_peer_sample s[] = {
		{ -3, -2, 1, 1 },	/* before the trigger: Established */
		{ 10, 12, 1, 1 },
		{ 20, 22, -1, -1 },	/* no answer: does not end the span */
		{ 30, 34, 0, 0 },	/* seen down */
		{ 40, 41, 0, -1 },
		{ 50, 52, 1, 1 },	/* Established again */
	};
	struct eg_drill_instant x;
	size_t k;

	(void)state;
	k = eg_drill_peer_flip(s, 6, 0, 0, 0, &x);
	assert_int_equal(k, 3);
	assert_int_equal(x.at, 22);	/* (10 + 34) / 2 */
	assert_int_equal(x.err, 12);
	/* the cause was sent at 25: the span cannot start before it */
	eg_drill_peer_flip(s, 6, 0, 0, 25, &x);
	assert_int_equal(x.at, 29);
	assert_int_equal(x.err, 5);
	k = eg_drill_peer_flip(s, 6, k, 1, 45, &x);
	assert_int_equal(k, 5);
	assert_int_equal(x.at, 48);
	assert_int_equal(x.err, 4);
	/* never seen down: not found, instant -1 */
	k = eg_drill_peer_flip(s, 3, 0, 0, 0, &x);
	assert_int_equal(k, 3);
	assert_int_equal(x.at, -1);
	/* the first known sample alone is no change */
	k = eg_drill_peer_flip(s + 3, 1, 0, 0, 0, &x);
	assert_int_equal(k, 1);
	assert_int_equal(x.at, -1);
}

/* A trace of hops ("*" for a hop no probe came back from); success as told. */
static struct eg_trace
trace_of(const char *target, bool success, const char *const *hops, size_t n)
{
	struct eg_trace t;
	size_t i;

	memset(&t, 0, sizeof(t));
	assert_int_equal(eg_addr_parse(target, &t.target), EG_OK);
	t.success = success;
	t.hops = eg_xcalloc(n ? n : 1, sizeof(*t.hops));
	t.nhops = n;
	for (i = 0; i < n; i++) {
		t.hops[i].ttl = (uint32_t)i + 1;
		if (strcmp(hops[i], "*") != 0)
			assert_int_equal(eg_addr_parse(hops[i], &t.hops[i].addr), EG_OK);
	}
	return t;
}

static void
test_drill_trace_classify(void **state)
{
	struct eg_intent *in = NULL;
	const struct eg_service *svc = ref_service(&in);
	static const char *const er1[] = { "192.168.11.0", "192.168.11.18", "*", "10.17.11.132" };
	static const char *const er2[] = { "192.168.11.2", "192.168.11.22", "*", "10.17.11.132" };
	static const char *const subnet[] = { "192.168.11.0", "192.168.11.17", "10.17.11.132" };
	static const char *const tunnel[] = { "*", "10.17.11.132" };
	static const char *const lost[] = { "*", "*", "*" };
	static const char *const elsewhere[] = { "10.9.9.1", "10.9.9.2" };
	struct eg_trace t;

	(void)state;
	/* a hop at the MSEE: that link, whether or not the trace reached its host */
	t = trace_of("10.17.11.132", true, er1, 4);
	assert_int_equal(eg_drill_trace_classify(svc, &t), 0);
	t.success = false;
	t.nhops = 2;
	assert_int_equal(eg_drill_trace_classify(svc, &t), 0);
	free(t.hops);
	t = trace_of("10.17.11.132", true, er2, 4);
	assert_int_equal(eg_drill_trace_classify(svc, &t), 1);
	free(t.hops);
	/* a hop inside the primary link's point-to-point subnet, not the MSEE itself */
	t = trace_of("10.17.11.132", true, subnet, 3);
	assert_int_equal(eg_drill_trace_classify(svc, &t), 0);
	free(t.hops);
	/* the tunnel: the host reached with no ExpressRoute hop */
	t = trace_of("10.17.11.132", true, tunnel, 2);
	assert_int_equal(eg_drill_trace_classify(svc, &t), EG_VIA_VPN);
	/* reached is the last hop being the target, even without the success element */
	t.success = false;
	assert_int_equal(eg_drill_trace_classify(svc, &t), EG_VIA_VPN);
	free(t.hops);
	/* unreached: every probe timed out, or the hops end elsewhere */
	t = trace_of("10.17.11.132", false, lost, 3);
	assert_int_equal(eg_drill_trace_classify(svc, &t), EG_VIA_NONE);
	free(t.hops);
	t = trace_of("10.17.11.132", false, elsewhere, 2);
	assert_int_equal(eg_drill_trace_classify(svc, &t), EG_VIA_NONE);
	free(t.hops);
	/* empty: no hop at all, even with a success element, proves nothing */
	t = trace_of("10.17.11.132", true, NULL, 0);
	assert_int_equal(eg_drill_trace_classify(svc, &t), EG_VIA_NONE);
	free(t.hops);
	assert_int_equal(eg_drill_trace_classify(svc, NULL), EG_VIA_NONE);

	/* what each phase expects */
	assert_true(eg_drill_trace_expected(EG_TRACE_BEFORE, 0, 0, true));
	assert_true(eg_drill_trace_expected(EG_TRACE_AFTER, 1, 0, true));
	assert_false(eg_drill_trace_expected(EG_TRACE_BEFORE, EG_VIA_VPN, 0, true));
	assert_false(eg_drill_trace_expected(EG_TRACE_AFTER, EG_VIA_NONE, 0, true));
	assert_true(eg_drill_trace_expected(EG_TRACE_DURING, EG_VIA_VPN, 0, true));
	assert_false(eg_drill_trace_expected(EG_TRACE_DURING, 0, 0, true));
	assert_false(eg_drill_trace_expected(EG_TRACE_DURING, EG_VIA_NONE, 0, true));
	/* only the primary taken down: the secondary link, not the VPN */
	assert_true(eg_drill_trace_expected(EG_TRACE_DURING, 1, EG_DRILL_SECONDARY, false));
	assert_false(eg_drill_trace_expected(EG_TRACE_DURING, 0, EG_DRILL_SECONDARY, false));
	assert_false(eg_drill_trace_expected(EG_TRACE_DURING, EG_VIA_VPN, EG_DRILL_SECONDARY, false));
	eg_intent_free(in);
}

/* A result as a passed drill of both links would leave it, with one trace per phase. */
static void
result_with_traces(const struct eg_service *svc, struct eg_drill_result *r)
{
	static const char *const er1[] = { "192.168.11.0", "192.168.11.18", "*", "10.17.11.132" };
	static const char *const tunnel[] = { "*", "10.17.11.132" };
	size_t i;

	memset(r, 0, sizeof(*r));
	r->service = eg_xstrdup(svc->name);
	r->firewall = eg_xstrdup("SEA-SRX42-01");
	r->table = eg_xstrdup(svc->table);
	r->links = EG_DRILL_BOTH;
	r->max_convergence_s = 10;
	r->wall_at_zero = 1796400000000;
	r->traces = eg_xcalloc(3, sizeof(*r->traces));
	r->ntraces = 3;
	for (i = 0; i < 3; i++) {
		struct eg_drill_trace *t = &r->traces[i];
		struct eg_trace tr = trace_of("10.17.11.132", true, i == 1 ? tunnel : er1,
					      i == 1 ? 2 : 4);

		t->phase = (enum eg_drill_trace_phase)i;
		t->host = tr.target;
		t->hops = tr.hops;
		t->nhops = tr.nhops;
		t->answered = true;
		t->via = eg_drill_trace_classify(svc, &tr);
		t->ok = eg_drill_trace_expected(t->phase, t->via, 0, true);
		t->sent = (int64_t)i * 1000 - 500;
		t->recv = t->sent + 40;
	}
	r->outcome = EG_DRILL_PASSED;
}

static char *
print_to_string(const struct eg_intent *in, const struct eg_drill_result *r, const char *format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(eg_drill_print(in, r, format, f), EG_OK);
	fclose(f);
	return buf;
}

static void
test_drill_proof_report(void **state)
{
	struct eg_intent *in = NULL;
	const struct eg_service *svc = ref_service(&in);
	struct eg_drill_result r;
	char *s;

	(void)state;
	result_with_traces(svc, &r);
	s = eg_drill_trace_hops(&r.traces[0]);
	assert_string_equal(s, "192.168.11.0 192.168.11.18 * 10.17.11.132");
	free(s);
	s = print_to_string(in, &r, "text");
	assert_non_null(strstr(s, "10.17.11.132    before  primary     yes  192.168.11.0 "
				  "192.168.11.18 * 10.17.11.132"));
	assert_non_null(strstr(s, "10.17.11.132    during  vpn         yes  * 10.17.11.132"));
	free(s);
	/* the report validates (eg_drill_print says EG_OK only then) and carries the traces */
	s = print_to_string(in, &r, "json");
	assert_non_null(strstr(s, "\"erguard-report:drill\""));
	assert_non_null(strstr(s, "\"classification\": \"vpn\""));
	assert_non_null(strstr(s, "\"status\": \"done\""));
	free(s);
	s = print_to_string(in, &r, "xml");
	assert_non_null(strstr(s, "<drill xmlns=\"urn:erguard:report\">"));
	assert_non_null(strstr(s, "<classification>expressroute</classification>"));
	assert_non_null(strstr(s, "<link>primary</link>"));
	free(s);
	s = print_to_string(in, &r, "junit");
	assert_non_null(strstr(s, "name=\"path proof during\" time=\"0.040\"/>"));
	assert_non_null(strstr(s, "failures=\"0\" skipped=\"0\""));
	free(s);
	/* a during trace that stayed on ExpressRoute fails its case, with the hops */
	r.traces[1].via = 0;
	r.traces[1].ok = false;
	r.traces[1].why = eg_xstrdup("traceroute 10.17.11.132 during: expected via the VPN");
	r.outcome = EG_DRILL_WRONG_PATH;
	s = print_to_string(in, &r, "junit");
	assert_non_null(strstr(s, "name=\"path proof during\" time=\"0.040\">\n    <failure "
				  "message=\"traceroute 10.17.11.132 during: expected via the VPN\""));
	free(s);
	s = print_to_string(in, &r, "json");
	assert_non_null(strstr(s, "\"outcome\": \"wrong-path\""));
	assert_non_null(strstr(s, "\"verdict\": \"fail\""));
	free(s);
	/* skipped: not done, never passed */
	r.proof = EG_PROOF_SKIPPED;
	s = print_to_string(in, &r, "text");
	assert_non_null(strstr(s, "path proof: not done (--no-trace)"));
	free(s);
	s = print_to_string(in, &r, "junit");
	assert_non_null(strstr(s, "name=\"path proof before\" time=\"0.040\">\n    <skipped"));
	free(s);
	s = print_to_string(in, &r, "json");
	assert_non_null(strstr(s, "\"status\": \"skipped\""));
	free(s);
	eg_drill_result_free(&r);
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
		cmocka_unit_test(test_drill_peer_flip),
		cmocka_unit_test(test_drill_trace_classify),
		cmocka_unit_test(test_drill_proof_report),
		cmocka_unit_test(test_drill_triggers),
		cmocka_unit_test(test_drill_er_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
