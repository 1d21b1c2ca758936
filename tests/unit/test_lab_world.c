/*
 * test_lab_world.c - the lab's routing world: policy matching, the seed's
 * firewall table, a configuration change moving paths, timed failover with
 * and without BFD, commits as events (their instants and detection), every scenario's expectations, and the shape of the
 * operational replies.
 *
 * The world comes from liberguard-lab.a, with its internal interface
 * (lab_world_int.h).  Each test builds a world in a fresh temporary
 * directory from the scenario files under tests/lab/scenarios (run from
 * the repository root, or with EG_ROOT set).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "lab_cfgsyntax.h"
#include "lab_world_int.h"

#define FW "SEA-SRX42-01"
#define CE1 "SEA-MX03-01"
#define CE2 "SEA-MX03-02"

/* ------------------------------------------------------------ fixtures */

struct world {
	char dir[256];
};

static void
rm_rf(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void
world_make(struct world *w, const char *scenario, const char *lab_conf)
{
	char err[512] = "";

	snprintf(w->dir, sizeof(w->dir), "/tmp/eg-labworld-XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	if (lab_conf != NULL) {
		char path[512];
		FILE *f;
		snprintf(path, sizeof(path), "%s/lab.conf", w->dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(lab_conf, f);
		fclose(f);
	}
	if (lab_world_init(w->dir, scenario, 1, err, sizeof(err)) != 0)
		fail_msg("init %s: %s", scenario, err);
}

static void
world_done(struct world *w)
{
	rm_rf(w->dir);
}

static struct lab_trio *
trio_at(const struct world *w, const char *dev, int64_t now_ms)
{
	struct lab_trio *t = NULL;
	char err[512] = "";

	if (lab_trio_build(w->dir, dev, 0, now_ms, &t, err, sizeof(err)) != 0)
		fail_msg("build: %s", err);
	return t;
}

/* Paths of a destination on a device, in rank order. */
static size_t
paths_of(const struct lab_trio *t, const char *dev, const char *pfx, const struct lab_path **first)
{
	int di = lab_trio_devidx(t, dev);
	struct lab_pfx p;
	size_t i, n;

	assert_true(di >= 0);
	assert_int_equal(lab_pfx_parse(pfx, &p), 0);
	n = lab_rib_find(&t->dev[di].rib, &p, &i);
	*first = n ? &t->dev[di].rib.p[i] : NULL;
	return n;
}

static char *
addr(uint32_t a)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	return lab_addr_fmt(a, buf[k]);
}

/* Run an RPC and return the reply body (caller frees). */
static char *
rpc(const struct world *w, const char *dev, const char *xml)
{
	char *buf = NULL, err[512] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "rpc", NULL, 0);
	int rc;

	assert_non_null(f);
	assert_non_null(d);
	rc = lab_oper_rpc(w->dir, dev, NULL, xmlDocGetRootElement(d), f, err, sizeof(err));
	fclose(f);
	xmlFreeDoc(d);
	if (rc != 0)
		fail_msg("rpc %s on %s: rc %d %s", xml, dev, rc, err);
	return buf;
}

/* Replace text in a device's committed configuration (a commit by hand). */
static void
config_edit(const struct world *w, const char *dev, const char *from, const char *to)
{
	char path[512], *buf, *at, *out;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/devices/%s/committed.xml", w->dir, dev);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	at = strstr(buf, from);
	assert_non_null(at);
	out = calloc(1, (size_t)len + strlen(to) + 1);
	assert_non_null(out);
	memcpy(out, buf, (size_t)(at - buf));
	strcat(out, to);
	strcat(out, at + strlen(from));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(out, f);
	fclose(f);
	free(buf);
	free(out);
}

/* ------------------------------------------------------------ policy */

static void
test_route_filter_match(void **state)
{
	static const struct {
		const char *filter, *match, *arg, *route;
		bool want;
	} cases[] = {
		{ "10.1.11.0/25", "exact", "", "10.1.11.0/25", true },
		{ "10.1.11.0/25", "exact", "", "10.1.11.0/26", false },
		{ "10.1.11.0/25", "orlonger", "", "10.1.11.0/25", true },
		{ "10.1.11.0/25", "orlonger", "", "10.1.11.64/26", true },
		{ "10.1.11.0/25", "orlonger", "", "10.1.11.128/26", false },
		{ "10.1.11.0/25", "longer", "", "10.1.11.0/25", false },
		{ "10.1.11.0/25", "longer", "", "10.1.11.0/27", true },
		{ "10.1.8.0/22", "upto", "/27", "10.1.11.0/27", true },
		{ "10.1.8.0/22", "upto", "/27", "10.1.11.0/28", false },
		{ "10.1.8.0/22", "prefix-length-range", "/24-/26", "10.1.11.0/23", false },
		{ "10.1.8.0/22", "prefix-length-range", "/24-/26", "10.1.11.0/25", true },
		{ "10.64.0.0/14", "orlonger", "", "10.68.0.0/27", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lab_rf rf;
		struct lab_pfx p;
		memset(&rf, 0, sizeof(rf));
		assert_int_equal(lab_policy_rf_parse(cases[i].match, cases[i].arg, &rf), 0);
		assert_int_equal(lab_pfx_parse(cases[i].filter, &rf.pfx), 0);
		assert_int_equal(lab_pfx_parse(cases[i].route, &p), 0);
		if (lab_policy_rf_match(&rf, 1, &p, NULL) != cases[i].want)
			fail_msg("case %zu: %s %s %s vs %s", i, cases[i].filter, cases[i].match,
				 cases[i].arg, cases[i].route);
	}
}

/* The longest covering filter decides: a failing match type there is no match. */
static void
test_route_filter_longest_decides(void **state)
{
	struct lab_rf rfs[2];
	struct lab_pfx p;

	(void)state;
	memset(rfs, 0, sizeof(rfs));
	assert_int_equal(lab_policy_rf_parse("orlonger", "", &rfs[0]), 0);
	assert_int_equal(lab_pfx_parse("10.0.0.0/8", &rfs[0].pfx), 0);
	assert_int_equal(lab_policy_rf_parse("exact", "", &rfs[1]), 0);
	assert_int_equal(lab_pfx_parse("10.1.0.0/16", &rfs[1].pfx), 0);
	assert_int_equal(lab_pfx_parse("10.1.11.0/25", &p), 0);
	assert_false(lab_policy_rf_match(rfs, 2, &p, NULL));
	assert_int_equal(lab_pfx_parse("10.2.0.0/16", &p), 0);
	assert_true(lab_policy_rf_match(rfs, 2, &p, NULL));
}

/* ------------------------------------------------------------ the seed's table */

static void
test_compliant_firewall_rib(void **state)
{
	static const struct {
		const char *pfx;
	} dests[] = { { "10.17.11.0/25" }, { "10.17.11.128/26" } };
	struct world w;
	struct lab_trio *t;
	size_t i;

	(void)state;
	world_make(&w, "compliant", NULL);
	t = trio_at(&w, FW, 0);
	for (i = 0; i < 2; i++) {
		const struct lab_path *p;
		size_t n = paths_of(t, FW, dests[i].pfx, &p);
		assert_int_equal(n, 4);
		/* active via CE1, multipath over both CEs, as the seed shows */
		assert_true(p[0].active);
		assert_int_equal(p[0].lp, 150);
		assert_string_equal(addr(p[0].nh), "192.168.11.0");
		assert_string_equal(p[0].via, "reth1.11");
		assert_int_equal(p[0].nmp, 1);
		assert_string_equal(addr(p[0].mp_nh[0]), "192.168.11.2");
		assert_int_equal(p[0].a.aslen, 1);
		assert_int_equal(p[0].a.aspath[0], 12076);
		/* CE2, then the two gateway peers */
		assert_false(p[1].active);
		assert_int_equal(p[1].lp, 150);
		assert_string_equal(addr(p[1].peer), "192.168.11.2");
		assert_string_equal(p[1].inactive_reason, "Not Best in its group - Router ID");
		assert_string_equal(addr(p[2].peer), "10.17.11.76");
		assert_string_equal(p[2].via, "st0.118");
		assert_int_equal(p[2].lp, 100);
		assert_int_equal(p[2].a.aspath[0], 65515);
		assert_string_equal(p[2].inactive_reason, "Local Preference");
		assert_string_equal(addr(p[3].peer), "10.17.11.77");
		assert_string_equal(p[3].via, "st0.119");
		assert_int_equal(p[3].lp, 100);
	}
	lab_trio_free(t);
	world_done(&w);
}

/* What each device advertises, per the seed: the on-prem /25 everywhere, "I". */
static void
test_compliant_advertisements(void **state)
{
	static const struct {
		const char *dev, *peer, *want, *absent;
	} cases[] = {
		{ CE1, "192.168.11.18", "<rt-destination>10.1.11.0/25</rt-destination>", "10.17.11" },
		{ CE2, "192.168.11.22", "<as-path>I\n</as-path>", "10.17.11" },
		{ FW, "10.17.11.76", "<to>Self</to>", "10.17.11" },
		{ FW, "10.17.11.77", "<rt-destination>10.1.11.0/25</rt-destination>", "192.168" },
		{ CE1, "192.168.11.1", "<local-preference>150</local-preference>", "10.1.11.0" },
	};
	struct world w;
	size_t i;

	(void)state;
	world_make(&w, "compliant", NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char req[256], *out;
		snprintf(req, sizeof(req), "<get-route-information><advertising-protocol-name>bgp"
			 "</advertising-protocol-name><neighbor>%s</neighbor><table>Cust11.inet.0</table>"
			 "</get-route-information>", cases[i].peer);
		out = rpc(&w, cases[i].dev, req);
		if (strstr(out, cases[i].want) == NULL)
			fail_msg("case %zu: %s to %s lacks %s:\n%s", i, cases[i].dev, cases[i].peer,
				 cases[i].want, out);
		{
			char absent[64];
			snprintf(absent, sizeof(absent), "<rt-destination>%s", cases[i].absent);
			if (strstr(out, absent) != NULL)
				fail_msg("case %zu: %s to %s also sends %s", i, cases[i].dev,
					 cases[i].peer, cases[i].absent);
		}
		free(out);
	}
	world_done(&w);
}

/* ------------------------------------------------------------ a commit moves paths */

static void
test_lp_removed_on_ce2(void **state)
{
	struct world w;
	struct lab_trio *t;
	const struct lab_path *p;
	size_t n;

	(void)state;
	world_make(&w, "compliant", NULL);
	config_edit(&w, CE2, "<local-preference>150</local-preference>", "");
	t = trio_at(&w, FW, 0);
	n = paths_of(t, FW, "10.17.11.0/25", &p);
	assert_int_equal(n, 4);
	assert_string_equal(addr(p[0].peer), "192.168.11.0");
	assert_int_equal(p[0].lp, 150);
	assert_int_equal(p[0].nmp, 0);	/* CE2 is no longer an equal path */
	/* both VPN paths now rank above CE2's: equal LP, external beats internal */
	assert_string_equal(addr(p[1].peer), "10.17.11.76");
	assert_string_equal(addr(p[2].peer), "10.17.11.77");
	assert_string_equal(addr(p[3].peer), "192.168.11.2");
	assert_int_equal(p[3].lp, 100);
	assert_string_equal(p[3].inactive_reason, "Local Preference");
	lab_trio_free(t);

	/* and with neither CE setting 150 the VPN takes the traffic */
	config_edit(&w, CE1, "<local-preference>150</local-preference>", "");
	t = trio_at(&w, FW, 0);
	n = paths_of(t, FW, "10.17.11.0/25", &p);
	assert_int_equal(n, 4);
	assert_true(p[0].active);
	assert_string_equal(addr(p[0].peer), "10.17.11.76");
	assert_string_equal(addr(p[2].peer), "192.168.11.0");
	assert_string_equal(p[2].inactive_reason, "Interior > Exterior > Exterior via Interior");
	lab_trio_free(t);
	world_done(&w);
}

/* ------------------------------------------------------------ aggregate routes */

static void
test_aggregate_route(void **state)
{
	struct world w;
	struct lab_trio *t;
	const struct lab_path *p;
	size_t n;
	char *out;

	(void)state;
	world_make(&w, "compliant", NULL);
	/* no contributor: nothing more specific than 10.2.0.0/16 is active */
	config_edit(&w, FW, "</static>",
		    "</static><aggregate><route><name>10.2.0.0/16</name></route></aggregate>");
	t = trio_at(&w, FW, 0);
	assert_int_equal(paths_of(t, FW, "10.2.0.0/16", &p), 0);
	lab_trio_free(t);

	/* the direct 10.1.11.0/25 contributes to 10.1.0.0/16: an active Aggregate route */
	config_edit(&w, FW, "<name>10.2.0.0/16</name>", "<name>10.1.0.0/16</name>");
	t = trio_at(&w, FW, 0);
	n = paths_of(t, FW, "10.1.0.0/16", &p);
	assert_int_equal(n, 1);
	assert_true(p[0].active);
	assert_int_equal(p[0].proto, LAB_P_AGGREGATE);
	assert_int_equal(p[0].pref, 130);
	assert_int_equal(p[0].nhtype, LAB_NH_REJECT);
	/* the default export policy of BGP does not send it to the CEs */
	assert_int_equal(paths_of(t, CE1, "10.1.0.0/16", &p), 0);
	lab_trio_free(t);
	out = rpc(&w, FW, "<get-route-information><table>Cust11.inet.0</table>"
		  "<destination>10.1.0.0/16</destination><exact/><detail/></get-route-information>");
	assert_non_null(strstr(out, "<protocol-name>Aggregate</protocol-name>"));
	assert_non_null(strstr(out, "<preference>130</preference>"));
	assert_non_null(strstr(out, "<nh-type>Reject</nh-type>"));
	assert_non_null(strstr(out, "<current-active/>"));
	free(out);

	/* a policy term matching protocol aggregate exports it to both CEs */
	config_edit(&w, FW, "<name>onprem-export</name>",
		    "<name>onprem-export</name><term><name>agg</name>"
		    "<from><protocol>aggregate</protocol><route-filter>"
		    "<address>10.1.0.0/16</address><exact/></route-filter></from>"
		    "<then><accept/></then></term>");
	t = trio_at(&w, FW, 0);
	assert_int_equal(paths_of(t, CE1, "10.1.0.0/16", &p), 1);
	assert_int_equal(p[0].proto, LAB_P_BGP);
	assert_true(p[0].active);
	assert_int_equal(paths_of(t, CE2, "10.1.0.0/16", &p), 1);
	lab_trio_free(t);
	world_done(&w);
}

/* ------------------------------------------------------------ timed failover */

struct logged {
	int64_t event_ms, ce_down_ms[2], fw_vpn_ms;
	int nce;
};

static void
read_log(const struct world *w, struct logged *lg)
{
	char path[512], line[512];
	FILE *f;

	memset(lg, 0, sizeof(*lg));
	snprintf(path, sizeof(path), "%s/world/events.log", w->dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		long long ms = strtoll(line, NULL, 10);
		if (strstr(line, " event er-down both") != NULL)
			lg->event_ms = ms;
		else if (strstr(line, " bgp-down ") != NULL && lg->nce < 2)
			lg->ce_down_ms[lg->nce++] = ms;
		else if (strstr(line, FW " active 10.17.11.0/25 BGP from 10.17.11.76") != NULL &&
			 lg->fw_vpn_ms == 0)
			lg->fw_vpn_ms = ms;
	}
	fclose(f);
}

static void
failover_case(const char *scenario, const char *conf, int64_t detect_ms)
{
	struct world w;
	struct logged lg;
	struct lab_trio *t;
	const struct lab_path *p;
	char *argv[] = { "er-down", "both" }, err[512] = "", *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	world_make(&w, scenario, conf);
	assert_non_null(out);
	if (lab_world_event(w.dir, 2, argv, out, err, sizeof(err)) != 0)
		fail_msg("event: %s", err);
	fclose(out);
	free(buf);
	read_log(&w, &lg);
	assert_true(lg.event_ms > 0);
	assert_int_equal(lg.nce, 2);
	assert_int_equal(lg.ce_down_ms[0] - lg.event_ms, detect_ms);
	assert_int_equal(lg.ce_down_ms[1] - lg.event_ms, detect_ms);
	assert_int_equal(lg.fw_vpn_ms - lg.event_ms, detect_ms + LAB_PROC_MS);

	/* the replies follow the same clock: before, still ExpressRoute; after, the VPN */
	t = trio_at(&w, FW, lg.event_ms + detect_ms - 10);
	assert_true(paths_of(t, FW, "10.17.11.0/25", &p) == 4);
	assert_int_equal(p[0].a.aspath[0], 12076);
	lab_trio_free(t);
	t = trio_at(&w, FW, lg.event_ms + detect_ms + LAB_PROC_MS);
	assert_true(paths_of(t, FW, "10.17.11.0/25", &p) == 2);
	assert_true(p[0].active);
	assert_int_equal(p[0].a.aspath[0], 65515);
	assert_string_equal(p[0].via, "st0.118");
	lab_trio_free(t);
	world_done(&w);
}

static void
test_failover_bfd(void **state)
{
	(void)state;
	failover_case("compliant", "time-scale=0.05\n", 900);	/* 300 ms x 3, not scaled */
}

static void
test_failover_hold_time(void **state)
{
	(void)state;
	failover_case("no-bfd", "time-scale=0.05\n", 4500);	/* 90 s x 0.05 */
}

/* A peer back before detection never drops the session. */
static void
test_flap_shorter_than_detection(void **state)
{
	struct world w;
	char *down[] = { "er-down", "primary" }, *up[] = { "er-up", "primary" };
	char err[512] = "", *buf = NULL, path[512], line[512];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len), *f;
	int drops = 0;

	(void)state;
	world_make(&w, "no-bfd", "time-scale=1\n");
	assert_int_equal(lab_world_event(w.dir, 2, down, out, err, sizeof(err)), 0);
	assert_int_equal(lab_world_event(w.dir, 2, up, out, err, sizeof(err)), 0);
	fclose(out);
	free(buf);
	snprintf(path, sizeof(path), "%s/world/events.log", w.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL)
		drops += strstr(line, "bgp-down") != NULL;
	fclose(f);
	assert_int_equal(drops, 0);
	world_done(&w);
}

/* ------------------------------------------------------------ commits are events */

/* Commit set lines on dev's current configuration as the database does; the commit's ms. */
static int64_t
commit_lines(const struct world *w, const char *dev, const char *lines)
{
	struct lab_cfgsyntax_ctx ctx;
	struct lab_cfgerrs errs = { 0 };
	char path[512], err[512] = "", *hist_path = NULL;
	int64_t *hist = NULL, ms;
	size_t nhist = 0;
	xmlDocPtr d;

	assert_int_equal(lab_world_history(w->dir, dev, &hist, &nhist), 0);
	if (nhist > 0)
		assert_true(asprintf(&hist_path, "%s/world/configs/%s/%lld.xml", w->dir, dev,
				     (long long)hist[nhist - 1]) > 0);
	free(hist);
	snprintf(path, sizeof(path), "%s/devices/%s/committed.xml", w->dir, dev);
	d = xmlReadFile(hist_path ? hist_path : path, NULL, XML_PARSE_NOBLANKS);
	free(hist_path);
	assert_non_null(d);
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(lab_cfgsyntax_learn(&ctx, xmlDocGetRootElement(d)), 0);
	if (lab_cfgsyntax_apply_set(&ctx, lines, xmlDocGetRootElement(d), &errs) != 0 ||
	    lab_cfgsyntax_nerrors(&errs) > 0)
		fail_msg("%s: %s", lines, errs.n ? errs.v[0].message : "?");
	lab_cfgsyntax_errs_clear(&errs);
	lab_cfgsyntax_ctx_clear(&ctx);
	if (lab_world_commit(w->dir, dev, d, "commit by test", err, sizeof(err)) != 0)
		fail_msg("commit: %s", err);
	xmlFreeDoc(d);
	assert_int_equal(lab_world_history(w->dir, dev, &hist, &nhist), 0);
	assert_true(nhist >= 2);
	ms = hist[nhist - 1];
	free(hist);
	return ms;
}

/* The first log line after (or at) ms on dev of kind whose text holds what; its ms or -1. */
static int64_t
logged_at(const struct world *w, int64_t ms, const char *dev, const char *kind, const char *what)
{
	char path[512], line[600], key[128];
	int64_t at = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/world/events.log", w->dir);
	snprintf(key, sizeof(key), " %s %s ", dev, kind);
	f = fopen(path, "r");
	assert_non_null(f);
	while (at < 0 && fgets(line, sizeof(line), f) != NULL)
		if (strtoll(line, NULL, 10) >= ms && strstr(line, key) != NULL &&
		    strstr(line, what) != NULL)
			at = strtoll(line, NULL, 10);
	fclose(f);
	return at;
}

/*
 * A commit acts from its instant on, the past left as it was: a
 * deactivated neighbor and a disabled unit drop their session at the
 * commit, a discarding input filter after BFD's detection time (or the
 * scaled hold time without BFD), and undoing any of them brings the
 * session back after the scaled establish time.
 */
static void
test_commit_events(void **state)
{
	struct world w;
	struct lab_trio *t;
	const struct lab_path *p;
	int64_t c, at, before;
	const char *bh = "set firewall family inet filter drop-all term t then discard\n"
			 "set interfaces xe-0/0/0:0 unit 110 family inet filter input drop-all\n";

	(void)state;
	world_make(&w, "compliant", "time-scale=0.05\n");
	before = lab_event_now_ms();
	c = commit_lines(&w, CE1, "deactivate routing-instances Cust11 protocols bgp group ebgp "
			 "neighbor 192.168.11.18\n");
	assert_true(c >= before);
	assert_true(logged_at(&w, c, CE1, "commit", "commit by test") == c);
	assert_int_equal(logged_at(&w, c, CE1, "bgp-down", "192.168.11.18 (AS 12076) closed by "
				   "the commit (Cease)"), c);
	assert_int_equal(logged_at(&w, c, FW, "active", "10.17.11.0/25 BGP from 192.168.11.2"),
			 c + LAB_PROC_MS);
	/* the past is left as it was: just before the commit, CE1 carried the hub */
	t = trio_at(&w, FW, c - 1);
	assert_true(paths_of(t, FW, "10.17.11.0/25", &p) == 4);
	assert_string_equal(addr(p[0].peer), "192.168.11.0");
	lab_trio_free(t);
	t = trio_at(&w, FW, c + LAB_PROC_MS);
	assert_true(paths_of(t, FW, "10.17.11.0/25", &p) == 3);
	assert_string_equal(addr(p[0].peer), "192.168.11.2");
	lab_trio_free(t);

	c = commit_lines(&w, CE1, "activate routing-instances Cust11 protocols bgp group ebgp "
			 "neighbor 192.168.11.18\n");
	at = logged_at(&w, c, CE1, "bgp-up", "192.168.11.18");
	assert_int_equal(at - c, 250);		/* 5 s x 0.05 */
	assert_int_equal(logged_at(&w, c, FW, "active", "10.17.11.0/25 BGP from 192.168.11.0"),
			 at + LAB_PROC_MS);
	usleep(400 * 1000);	/* each case from a settled world */

	c = commit_lines(&w, CE2, "set interfaces xe-0/0/0:0 unit 110 disable\n");
	assert_int_equal(logged_at(&w, c, CE2, "bfd-down", "interface xe-0/0/0:0.110 down"), c);
	assert_int_equal(logged_at(&w, c, CE2, "bgp-down", "192.168.11.22"), c);
	c = commit_lines(&w, CE2, "delete interfaces xe-0/0/0:0 unit 110 disable\n");
	assert_int_equal(logged_at(&w, c, CE2, "bgp-up", "192.168.11.22") - c, 250);
	usleep(400 * 1000);

	c = commit_lines(&w, CE1, bh);
	assert_int_equal(logged_at(&w, c, CE1, "bfd-down", "detection time 900 ms expired") - c, 900);
	assert_int_equal(logged_at(&w, c, CE1, "bgp-down", "down by BFD after 900 ms") - c, 900);
	t = trio_at(&w, FW, c + 899);	/* not yet detected: still through CE1 */
	assert_true(paths_of(t, FW, "10.17.11.0/25", &p) == 4);
	assert_string_equal(addr(p[0].peer), "192.168.11.0");
	lab_trio_free(t);
	world_done(&w);

	/* without BFD the hold time detects it: 90 s x 0.05 */
	world_make(&w, "no-bfd", "time-scale=0.05\n");
	c = commit_lines(&w, CE1, bh);
	assert_int_equal(logged_at(&w, c, CE1, "bgp-down", "hold time expired after 4500 ms") - c,
			 4500);
	assert_int_equal(logged_at(&w, c, CE1, "bfd-down", ""), -1);
	/* the filter gone before detection: no drop at all */
	c = commit_lines(&w, CE1, "delete interfaces xe-0/0/0:0 unit 110 family inet filter input\n");
	assert_int_equal(logged_at(&w, 0, CE1, "bgp-down", ""), -1);
	world_done(&w);
}

/* ------------------------------------------------------------ scenarios */

static void
test_every_scenario_loads(void **state)
{
	static const char *const catalogue[] = {
		"er-adv-symmetry", "er-adv-coverage", "vpn-adv-symmetry", "vpn-no-more-specific",
		"vpn-adv-coverage", "vpn-recv", "lp-config", "lp-rib", "active-path", "backup-ready",
		"bgp-sessions", "bfd-config", "bfd-state", "prefix-budget",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++) {
		struct world w;
		char **ids = NULL;
		size_t n = 0;
		bool named = false;

		world_make(&w, catalogue[i], NULL);
		assert_int_equal(lab_world_expected(w.dir, &ids, &n), 0);
		for (j = 0; j < n; j++) {
			named |= strcmp(ids[j], catalogue[i]) == 0;
			if (j > 0 && strcmp(ids[j - 1], ids[j]) >= 0)
				fail_msg("%s: expectations not sorted/unique", catalogue[i]);
		}
		for (j = 0; j < n; j++)
			free(ids[j]);
		free(ids);
		if (!named)
			fail_msg("scenario %s does not expect its own check to fail", catalogue[i]);
		world_done(&w);
	}
}

/* The faults the scenarios describe are visible in the world. */
static void
test_scenario_effects(void **state)
{
	static const struct {
		const char *scenario, *dev, *xml, *want, *unwanted;
	} cases[] = {
		{ "compliant", FW, "<get-bgp-summary-information><exact-instance>Cust11</exact-instance>"
		  "</get-bgp-summary-information>", "<down-peer-count>0</down-peer-count>", NULL },
		{ "er-adv-symmetry", CE2, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.22</neighbor></get-route-information>",
		  "<as-path>65020 65020 I\n", NULL },
		{ "er-adv-symmetry", CE2, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.22</neighbor><detail/>"
		  "</get-route-information>", "<as-path>AS path: [65020] 65020 65020 I\n", NULL },
		{ "er-adv-med", CE2, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.22</neighbor><detail/>"
		  "</get-route-information>", "<med>100</med>", "<communities>" },
		{ "er-adv-med", CE1, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.18</neighbor><detail/>"
		  "</get-route-information>", "<as-path>AS path: [65020] I\n", "<med>" },
		{ "er-adv-community", CE2, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.22</neighbor><detail/>"
		  "</get-route-information>", "<community>12076:20</community>", "<med>" },
		{ "er-adv-community", CE1, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.18</neighbor><detail/>"
		  "</get-route-information>", "<as-path>", "<communities>" },
		{ "er-adv-coverage", CE1, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>192.168.11.18</neighbor></get-route-information>",
		  "<route-table>", "<rt " },
		{ "vpn-adv-symmetry", FW, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>10.17.11.77</neighbor></get-route-information>",
		  "10.1.0.0/16", NULL },
		{ "vpn-adv-symmetry", FW, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>10.17.11.76</neighbor></get-route-information>",
		  "10.1.11.0/25", "10.1.0.0/16" },
		{ "vpn-no-more-specific", FW, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>10.17.11.76</neighbor></get-route-information>",
		  "10.1.11.64/26", NULL },
		{ "vpn-adv-coverage", FW, "<get-route-information><advertising-protocol-name>bgp"
		  "</advertising-protocol-name><neighbor>10.17.11.76</neighbor></get-route-information>",
		  "<route-table>", "<rt " },
		{ "vpn-recv", FW, "<get-route-information><receive-protocol-name>bgp"
		  "</receive-protocol-name><peer>10.17.11.77</peer></get-route-information>",
		  "10.17.11.0/25", "10.17.11.128/26" },
		{ "backup-ready", FW, "<get-route-information><receive-protocol-name>bgp"
		  "</receive-protocol-name><peer>10.17.11.76</peer><hidden/></get-route-information>",
		  "10.17.11.128/26", "10.17.11.0/25" },
		{ "lp-rib", FW, "<get-route-information><table>Cust11.inet.0</table>"
		  "<destination>10.17.11.0/25</destination><exact/></get-route-information>",
		  "<local-preference>110</local-preference>", NULL },
		{ "active-path", FW, "<get-route-information><table>Cust11</table>"
		  "<destination>10.17.11.0/25</destination><active-path/></get-route-information>",
		  "<protocol-name>Static</protocol-name>", "<protocol-name>BGP</protocol-name>" },
		{ "bgp-sessions", CE2, "<get-bgp-summary-information><exact-instance>Cust11</exact-instance>"
		  "</get-bgp-summary-information>", "<peer-state>Active</peer-state>", NULL },
		{ "bfd-config", CE2, "<get-bfd-session-information/>", "<sessions>0</sessions>", NULL },
		{ "bfd-state", CE2, "<get-bfd-session-information/>", "<session-state>Down</session-state>",
		  NULL },
		{ "bfd-state", CE2, "<get-bgp-neighbor-information><exact-instance>Cust11</exact-instance>"
		  "<neighbor-address>192.168.11.22</neighbor-address></get-bgp-neighbor-information>",
		  "<peer-state>Established</peer-state>", NULL },
		{ "prefix-budget", CE1, "<get-bgp-neighbor-information><exact-instance>Cust11</exact-instance>"
		  "<neighbor-address>192.168.11.18</neighbor-address></get-bgp-neighbor-information>",
		  "<advertised-prefix-count>4101</advertised-prefix-count>", NULL },
		/* groups and policies reach the firewall's table */
		{ "lp-groups-wrong", FW, "<get-route-information><table>Cust11.inet.0</table>"
		  "<destination>10.17.11.0/25</destination><exact/></get-route-information>",
		  "<local-preference>120</local-preference>", NULL },
		{ "lp-groups", FW, "<get-route-information><table>Cust11.inet.0</table>"
		  "<destination>10.17.11.0/25</destination><exact/></get-route-information>",
		  "<local-preference>150</local-preference>", "<local-preference>120</local-preference>" },
		{ "lp-policy", FW, "<get-route-information><table>Cust11.inet.0</table>"
		  "<destination>10.17.11.0/25</destination><exact/></get-route-information>",
		  "<local-preference>100</local-preference>", NULL },
		{ "compliant-cluster", FW, "<get-bgp-summary-information/>",
		  "<multi-routing-engine-results>\n<multi-routing-engine-item>\n<re-name>node0</re-name>", NULL },
		{ "compliant-cluster", CE1, "<get-bgp-summary-information/>", "<bgp-information",
		  "multi-routing-engine" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct world w;
		char *out;

		world_make(&w, cases[i].scenario, NULL);
		out = rpc(&w, cases[i].dev, cases[i].xml);
		if (strstr(out, cases[i].want) == NULL)
			fail_msg("case %zu (%s): no '%s' in\n%s", i, cases[i].scenario, cases[i].want, out);
		if (cases[i].unwanted != NULL && strstr(out, cases[i].unwanted) != NULL)
			fail_msg("case %zu (%s): unexpected '%s' in\n%s", i, cases[i].scenario,
				 cases[i].unwanted, out);
		free(out);
		world_done(&w);
	}
}

/* ------------------------------------------------------------ groups */

/* The text of the first element at path (a/b/c, names only) under root, or "". */
static const char *
inh_text(xmlNodePtr root, const char *path, char *buf, size_t size)
{
	char p[256], *save = NULL, *tok;
	xmlNodePtr n = root;

	snprintf(p, sizeof(p), "%s", path);
	for (tok = strtok_r(p, "/", &save); tok != NULL && n != NULL; tok = strtok_r(NULL, "/", &save))
		n = lab_cfgsyntax_child(n, tok);
	buf[0] = '\0';
	if (n != NULL && lab_cfgsyntax_leaf(n) != NULL)
		snprintf(buf, size, "%s", lab_cfgsyntax_leaf(n));
	return buf;
}

/*
 * Groups as Junos applies them: a level's own statement wins, then the
 * level's apply-groups in order, then those applied above; "<*>" entries
 * add to the entries they match and create none; the result names the
 * group of every inherited element and keeps no apply-groups or groups.
 */
static void
test_groups_inherit(void **state)
{
	static const char conf[] =
		"<configuration>"
		"<groups><name>FIRST</name><routing-instances><instance><name>&lt;*&gt;</name>"
		"<protocols><bgp><group><name>ibgp</name><local-preference>150</local-preference>"
		"<export>to-fw</export></group></bgp></protocols></instance></routing-instances></groups>"
		"<groups><name>SECOND</name><routing-instances><instance><name>&lt;*&gt;</name>"
		"<protocols><bgp><group><name>ibgp</name><local-preference>120</local-preference>"
		"<hold-time>30</hold-time></group><group><name>&lt;e*&gt;</name><multiplier>3</multiplier>"
		"</group></bgp></protocols></instance></routing-instances></groups>"
		"<groups><name>TOP</name><routing-instances><instance><name>&lt;*&gt;</name>"
		"<protocols><bgp><group><name>ibgp</name><local-preference>90</local-preference>"
		"<description>top</description></group></bgp></protocols></instance></routing-instances>"
		"</groups>"
		"<apply-groups>TOP</apply-groups>"
		"<routing-instances><instance><name>Cust11</name><protocols><bgp>"
		"<group><name>ibgp</name><apply-groups>FIRST</apply-groups><apply-groups>SECOND</apply-groups>"
		"<type>internal</type></group>"
		"<group><name>ebgp</name><apply-groups>SECOND</apply-groups><hold-time>9</hold-time></group>"
		"<group><name>other</name><local-preference>70</local-preference>"
		"<apply-groups>TOP</apply-groups></group>"
		"</bgp></protocols></instance></routing-instances>"
		"</configuration>";
	static const char *const want[][2] = {
		{ "routing-instances/instance/protocols/bgp/group/local-preference", "150" },
		{ "routing-instances/instance/protocols/bgp/group/export", "to-fw" },
		{ "routing-instances/instance/protocols/bgp/group/hold-time", "30" },
		{ "routing-instances/instance/protocols/bgp/group/description", "top" },
	};
	xmlDocPtr d = xmlReadMemory(conf, (int)sizeof(conf) - 1, "groups", NULL, 0);
	xmlNodePtr root, bgp, g;
	xmlChar *from;
	char buf[64];
	size_t i, ngroups = 0;

	(void)state;
	assert_non_null(d);
	root = xmlDocGetRootElement(d);
	lab_cfgsyntax_inherit(root, true);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(inh_text(root, want[i][0], buf, sizeof(buf)), want[i][1]);
	assert_null(lab_cfgsyntax_child(root, "groups"));
	assert_null(lab_cfgsyntax_child(root, "apply-groups"));
	bgp = lab_cfgsyntax_child(lab_cfgsyntax_child(lab_cfgsyntax_child(
		lab_cfgsyntax_child(root, "routing-instances"), "instance"), "protocols"), "bgp");
	for (g = lab_cfgsyntax_child(bgp, "group"); g != NULL; g = g->next) {
		const char *nm;
		if (g->type != XML_ELEMENT_NODE)
			continue;
		ngroups++;
		assert_null(lab_cfgsyntax_child(g, "apply-groups"));
		nm = lab_cfgsyntax_leaf(lab_cfgsyntax_child(g, "name"));
		if (strcmp(nm, "ibgp") == 0) {
			from = xmlGetProp(lab_cfgsyntax_child(g, "local-preference"), (const xmlChar *)"junos:group");
			assert_string_equal((const char *)from, "FIRST");
			xmlFree(from);
			/* written in place: no group named */
			assert_null(xmlGetProp(lab_cfgsyntax_child(g, "type"), (const xmlChar *)"junos:group"));
		} else if (strcmp(nm, "ebgp") == 0) {
			/* own hold-time kept, the wildcard entry adds the multiplier */
			assert_string_equal(lab_cfgsyntax_leaf(lab_cfgsyntax_child(g, "hold-time")), "9");
			assert_string_equal(lab_cfgsyntax_leaf(lab_cfgsyntax_child(g, "multiplier")), "3");
		} else {
			assert_string_equal(nm, "other");
			assert_string_equal(lab_cfgsyntax_leaf(lab_cfgsyntax_child(g, "local-preference")), "70");
		}
	}
	/* no entry named "<e*>" or "<*>" was created */
	assert_int_equal(ngroups, 3);
	xmlFreeDoc(d);
}

/* ------------------------------------------------------------ reply shapes */

static void
test_reply_shapes(void **state)
{
	static const struct {
		const char *dev, *xml, *want;
	} cases[] = {
		{ FW, "<get-route-information xmlns=\"urn:x\"><table>Cust11.inet.0</table></get-route-information>",
		  "<route-information xmlns=\"http://xml.juniper.net/junos/20.4R3/junos-routing\">\n<!-- keepalive -->" },
		{ FW, "<get-route-information><table>Cust11.inet.0</table></get-route-information>",
		  "<as-path>12076 I\n</as-path>" },
		{ FW, "<get-route-information><table>Cust11.inet.0</table></get-route-information>",
		  "<age junos:seconds=" },
		{ FW, "<get-route-information><destination>10.17.11.0/24</destination></get-route-information>",
		  "<rt-destination>10.17.11.128/26</rt-destination>" },
		{ FW, "<get-route-information><destination>10.17.11.0/25</destination><detail/></get-route-information>",
		  "<rt-entry-count junos:format=\"4 entries\">4</rt-entry-count>" },
		{ FW, "<get-route-information><destination>10.17.11.0/25</destination><extensive/></get-route-information>",
		  "<inactive-reason>Local Preference</inactive-reason>" },
		{ FW, "<get-route-information><destination>10.17.11.0/25</destination><terse/></get-route-information>",
		  "<rt junos:style=\"terse\">" },
		{ CE1, "<get-route-information><advertising-protocol-name>bgp</advertising-protocol-name>"
		  "<neighbor>192.168.11.18</neighbor><detail/></get-route-information>", "AS path: [65020] I\n" },
		{ CE1, "<get-bgp-summary-information><instance>Cust1</instance></get-bgp-summary-information>",
		  "<peer-state junos:format=\"Establ\">Established</peer-state>" },
		{ CE1, "<get-bgp-neighbor-information><exact-instance>Cust11</exact-instance></get-bgp-neighbor-information>",
		  "<peer-address>192.168.11.18+179</peer-address>" },
		{ CE1, "<get-bgp-neighbor-information><exact-instance>Cust11</exact-instance>"
		  "<neighbor-address>192.168.11.18</neighbor-address></get-bgp-neighbor-information>",
		  "<bfd-configuration-state>enabled</bfd-configuration-state>\n<bfd-operational-state>up" },
		{ CE1, "<get-bfd-session-information/>",
		  "<session-detection-time>0.900</session-detection-time>\n"
		  "<session-transmission-interval>0.300</session-transmission-interval>\n"
		  "<session-adaptive-multiplier>3</session-adaptive-multiplier>" },
		{ CE1, "<get-bfd-session-information><extensive/></get-bfd-session-information>",
		  "<client-name>BGP</client-name>" },
		{ CE1, "<get-instance-information><instance-name>Cust11</instance-name><detail/></get-instance-information>",
		  "<instance-type>virtual-router</instance-type>" },
		{ FW, "<traceroute><host>10.17.11.132</host><routing-instance>Cust11</routing-instance></traceroute>",
		  "<ttl-value>1</ttl-value>" },
	};
	struct world w;
	size_t i;

	(void)state;
	world_make(&w, "compliant", NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = rpc(&w, cases[i].dev, cases[i].xml);
		if (strstr(out, cases[i].want) == NULL)
			fail_msg("case %zu: no '%s' in\n%s", i, cases[i].want, out);
		free(out);
	}
	world_done(&w);
}

/*
 * A dual-stack lab answers for inet6.0 with the IPv6 twin of its inet.0
 * world: external peers and prefixes carried into 2001:db8::/32, the
 * iBGP peers left IPv4; an IPv4-only lab has no inet6.0 and no twins.
 */
static void
test_dual_stack_twin(void **state)
{
	static const struct {
		const char *dev, *xml, *want;
		bool absent;
	} cases[] = {
		{ FW, "<get-route-information><table>Cust11.inet6.0</table></get-route-information>",
		  "<table-name>Cust11.inet6.0</table-name>", false },
		{ FW, "<get-route-information><table>Cust11.inet6.0</table></get-route-information>",
		  "<rt-destination>2001:db8:a11:b00::/57</rt-destination>", false },
		{ FW, "<get-route-information><table>Cust11.inet6.0</table></get-route-information>",
		  "<learned-from>2001:db8:a11:b4c::</learned-from>", false },
		/* the CEs stay IPv4: the iBGP sessions carry both families */
		{ FW, "<get-route-information><table>Cust11.inet6.0</table></get-route-information>",
		  "<to>192.168.11.0</to>", false },
		{ FW, "<get-route-information><table>Cust11.inet6.0</table></get-route-information>",
		  "10.17.11.0/25", true },
		{ CE1, "<get-route-information><advertising-protocol-name>bgp</advertising-protocol-name>"
		  "<neighbor>2001:db8:c0a8:b12::</neighbor><table>Cust11.inet6.0</table><detail/>"
		  "</get-route-information>", "<rt-prefix-length junos:emit=\"emit\">57</rt-prefix-length>", false },
		{ FW, "<get-route-information><receive-protocol-name>bgp</receive-protocol-name>"
		  "<peer>2001:db8:a11:b4d::</peer><table>Cust11.inet6.0</table></get-route-information>",
		  "<rt-destination>2001:db8:a11:b80::/58</rt-destination>", false },
		{ FW, "<get-bgp-summary-information/>", "<peer-address>2001:db8:a11:b4d::</peer-address>", false },
		{ FW, "<get-bgp-summary-information/>", "<name>Cust11.inet6.0</name>", false },
		{ FW, "<get-bgp-summary-information/>", "<peer-count>6</peer-count>", false },
		/* the IPv4 answers are those of an IPv4-only lab */
		{ FW, "<get-route-information><table>Cust11.inet.0</table></get-route-information>",
		  "2001:db8", true },
	};
	struct world w;
	char b[LAB_V6LEN];
	struct lab_pfx p;
	uint32_t a;
	size_t i;

	(void)state;
	assert_int_equal(lab_addr_parse("192.168.11.18", &a), 0);
	assert_string_equal(lab_v6_addr_fmt(a, b), "2001:db8:c0a8:b12::");
	assert_int_equal(lab_v6_untwin("2001:db8:c0a8:b12::+179", &a), 0);
	assert_string_equal(lab_addr_fmt(a, b), "192.168.11.18");
	assert_int_equal(lab_v6_untwin("2001:db8:c0a8:b12::1", &a), -1);
	assert_int_equal(lab_v6_untwin("192.168.11.18", &a), -1);
	assert_int_equal(lab_pfx_parse("10.1.11.0/25", &p), 0);
	assert_string_equal(lab_v6_pfx_fmt(&p, b), "2001:db8:a01:b00::/57");
	world_make(&w, "dual-stack", NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = rpc(&w, cases[i].dev, cases[i].xml);
		if ((strstr(out, cases[i].want) == NULL) != cases[i].absent)
			fail_msg("case %zu: '%s' %s in\n%s", i, cases[i].want,
				 cases[i].absent ? "present" : "absent", out);
		free(out);
	}
	world_done(&w);
	world_make(&w, "compliant", NULL);
	{
		char *out = rpc(&w, FW, "<get-route-information><table>Cust11.inet6.0</table>"
				    "</get-route-information>");
		assert_null(strstr(out, "<rt>"));
		assert_null(strstr(out, "<rt "));
		free(out);
		out = rpc(&w, FW, "<get-bgp-summary-information/>");
		assert_null(strstr(out, "2001:db8"));
		free(out);
	}
	world_done(&w);
}

/* Traceroute hops follow the active path, as in the seed's tracert. */
static void
test_traceroute_follows_active_path(void **state)
{
	static const char *const er[] = { "192.168.11.0", "192.168.11.18", NULL, "10.17.11.132" };
	struct lab_hop hops[30];
	struct world w;
	struct lab_trio *t;
	size_t n, i;
	char *down[] = { "er-down", "both" }, err[512] = "", *buf = NULL;
	size_t len = 0;
	FILE *out;
	uint32_t host;
	int di;

	(void)state;
	world_make(&w, "compliant", NULL);
	assert_int_equal(lab_addr_parse("10.17.11.132", &host), 0);
	t = trio_at(&w, FW, 0);
	di = lab_trio_devidx(t, FW);
	assert_int_equal(lab_o_trace_walk(t, di, host, hops, &n, 30), 0);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		if (er[i] == NULL)
			assert_int_equal(hops[i].addr, 0);
		else
			assert_string_equal(addr(hops[i].addr), er[i]);
	}
	lab_trio_free(t);

	out = open_memstream(&buf, &len);
	assert_int_equal(lab_world_event(w.dir, 2, down, out, err, sizeof(err)), 0);
	fclose(out);
	free(buf);
	t = trio_at(&w, FW, lab_event_now_ms() + 5000);
	assert_int_equal(lab_o_trace_walk(t, di, host, hops, &n, 30), 0);
	assert_int_equal(n, 2);
	assert_int_equal(hops[0].addr, 0);
	assert_string_equal(addr(hops[1].addr), "10.17.11.132");
	lab_trio_free(t);
	world_done(&w);
}

/* Several trios: names, instances and prefixes per trio, no cross-talk. */
static void
test_trios(void **state)
{
	struct world w;
	char err[512] = "", **names, **roles, **rels;
	size_t n;
	struct lab_trio *t;
	const struct lab_path *p;

	(void)state;
	snprintf(w.dir, sizeof(w.dir), "/tmp/eg-labworld-XXXXXX");
	assert_non_null(mkdtemp(w.dir));
	assert_int_equal(lab_world_init(w.dir, "compliant", 3, err, sizeof(err)), 0);
	assert_int_equal(lab_world_devices(w.dir, &names, &roles, &rels, &n), 0);
	assert_int_equal(n, 9);
	assert_string_equal(names[0], CE1);
	assert_string_equal(names[5], "SEA-SRX42-01-2");
	assert_string_equal(roles[5], "firewall");
	assert_string_equal(rels[3], "21.4R3");
	lab_world_devices_free(names, roles, rels, n);
	t = trio_at(&w, "SEA-SRX42-01-3", 0);
	assert_string_equal(t->inst, "Cust13");
	assert_int_equal(paths_of(t, "SEA-SRX42-01-3", "10.17.13.0/25", &p), 4);
	assert_int_equal(p[0].lp, 150);
	assert_int_equal(paths_of(t, "SEA-SRX42-01-3", "10.17.11.0/25", &p), 0);
	lab_trio_free(t);
	world_done(&w);
}

static void
test_bad_inputs(void **state)
{
	struct world w;
	char err[512] = "", *bad[] = { "er-down", "sideways" }, *none[] = { "meteor", "both" };
	xmlDocPtr d;
	FILE *out = fopen("/dev/null", "w");

	(void)state;
	snprintf(w.dir, sizeof(w.dir), "/tmp/eg-labworld-XXXXXX");
	assert_non_null(mkdtemp(w.dir));
	assert_int_equal(lab_world_init(w.dir, "no-such-scenario", 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no-such-scenario"));
	assert_int_equal(lab_world_init(w.dir, "compliant", 0, err, sizeof(err)), -1);
	assert_int_equal(lab_world_init(w.dir, "compliant", 1, err, sizeof(err)), 0);
	assert_int_equal(lab_world_event(w.dir, 2, bad, out, err, sizeof(err)), -1);
	assert_int_equal(lab_world_event(w.dir, 2, none, out, err, sizeof(err)), -1);
	assert_int_equal(lab_world_show(w.dir, "NO-SUCH", "rib", out, err, sizeof(err)), -1);
	d = xmlReadMemory("<get-software-information/>", 27, "x", NULL, 0);
	assert_int_equal(lab_oper_rpc(w.dir, FW, NULL, xmlDocGetRootElement(d), out, err, sizeof(err)), 1);
	xmlFreeDoc(d);
	{
		const char *x = "<get-route-information><destination>10.x</destination></get-route-information>";
		d = xmlReadMemory(x, (int)strlen(x), "x", NULL, 0);
	}
	assert_non_null(d);
	assert_int_equal(lab_oper_rpc(w.dir, FW, NULL, xmlDocGetRootElement(d), out, err, sizeof(err)), -1);
	xmlFreeDoc(d);
	fclose(out);
	world_done(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_filter_match),
		cmocka_unit_test(test_commit_events),
		cmocka_unit_test(test_route_filter_longest_decides),
		cmocka_unit_test(test_compliant_firewall_rib),
		cmocka_unit_test(test_compliant_advertisements),
		cmocka_unit_test(test_lp_removed_on_ce2),
		cmocka_unit_test(test_aggregate_route),
		cmocka_unit_test(test_failover_bfd),
		cmocka_unit_test(test_failover_hold_time),
		cmocka_unit_test(test_flap_shorter_than_detection),
		cmocka_unit_test(test_every_scenario_loads),
		cmocka_unit_test(test_scenario_effects),
		cmocka_unit_test(test_groups_inherit),
		cmocka_unit_test(test_reply_shapes),
		cmocka_unit_test(test_dual_stack_twin),
		cmocka_unit_test(test_traceroute_follows_active_path),
		cmocka_unit_test(test_trios),
		cmocka_unit_test(test_bad_inputs),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
