/*
 * test_render.c - the renderers and their shared formatters.
 *
 * A report built here (every status, mixed findings, two services) is
 * rendered in every format and compared with tests/golden/ (set
 * EG_UPDATE_GOLDEN=1 to rewrite them after an intended change, then
 * review the diff).  The JSON and XML outputs are parsed back by libyang
 * against yang/erguard-report.yang as it is on disk and must say what the
 * report says; the JSON's quantities must be JSON numbers; the JUnit
 * output is parsed by libxml2 and its counts and cases checked.  Hostile
 * strings (quotes, markup, control characters, terminal escapes,
 * malformed UTF-8) must leave every output well-formed and arrive
 * cleaned, never raw.  Every test also fails when something was logged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <libyang/libyang.h>

#include "checks.h"
#include "eg_embed.h"
#include "render.h"
#include "report.h"

#include "eg_test_file.h"
#include "eg_test_log.h"

/* ------------------------------------------------------------ helpers */

/* A path under the repository root ($EG_ROOT or the working directory); static buffer. */
static const char *
root_path(const char *rel)
{
	static char buf[4096];
	const char *root = getenv("EG_ROOT");

	snprintf(buf, sizeof(buf), "%s%s%s", root ? root : "", root ? "/" : "", rel);
	return buf;
}

static char *
render_to_string(const char *format, const struct eg_report *r, bool color, bool verbose)
{
	const struct eg_renderer *rd = eg_renderer_find(format);
	struct eg_render_opts o = { .color = color, .verbose = verbose };
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	assert_non_null(rd);
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(rd->render(r, &o, m), EG_OK);
	assert_int_equal(fclose(m), 0);
	assert_non_null(buf);
	assert_int_equal(strlen(buf), len);
	return buf;
}

/* Compare with tests/golden/NAME, naming the first line that differs. */
static void
check_golden(const char *name, const char *got)
{
	char rel[256];
	const char *path;
	char *want;
	size_t line = 1, i;

	snprintf(rel, sizeof(rel), "tests/golden/%s", name);
	path = root_path(rel);
	if (getenv("EG_UPDATE_GOLDEN") != NULL) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fputs(got, f) >= 0, 1);
		assert_int_equal(fclose(f), 0);
	}
	want = eg_test_slurp(path, NULL);
	for (i = 0; got[i] != '\0' && got[i] == want[i]; i++)
		line += got[i] == '\n';
	if (got[i] != want[i]) {
		const char *g = got + i, *w = want + i;

		while (g > got && g[-1] != '\n')
			g--;
		while (w > want && w[-1] != '\n')
			w--;
		print_error("%s:%zu differs (EG_UPDATE_GOLDEN=1 rewrites it)\n  want: %.*s\n  got:  %.*s\n",
			    path, line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
		free(want);
		fail();
	}
	free(want);
}

/* ------------------------------------------------------------ the sample report */

static struct eg_result *
begin(struct eg_report *r, const char *check, enum eg_severity sev, const char *svc,
      const char *scope, uint32_t nitems)
{
	/* What the catalogue says of the check, as eg_checks_begin() copies it. */
	const struct eg_check_def *def = eg_check_find(check);
	struct eg_result *res;

	res = eg_report_begin(r, check, sev, def ? def->title : NULL,
			      def ? def->remedy : NULL, svc, scope);
	res->nitems = nitems;
	return res;
}

static struct eg_report *
sample_report(void)
{
	struct eg_report *r = eg_report_new();
	struct eg_result *res;

	assert_non_null(r);
	r->tool_version = strdup("0.1.0");
	r->intent_source = strdup("yang/default-intent.xml");
	r->mode = strdup("offline");
	r->snapshot_dir = strdup("tests/snapshots/lp-config");
	r->started_at = 1795588980;	/* 2026-11-25T06:43:00Z */
	r->duration_ms = 1234;

	begin(r, "er-adv-symmetry", EG_SEV_MAJOR, "Cust11", "SEA-MX03-01+SEA-MX03-02", 2);
	begin(r, "lp-config", EG_SEV_CRITICAL, "Cust11", "SEA-MX03-01", 1);
	res = begin(r, "lp-config", EG_SEV_CRITICAL, "Cust11", "SEA-MX03-02", 1);
	eg_result_add(res, EG_ST_FAIL, "SEA-MX03-02", NULL, "192.168.11.3",
		      "local-preference 150", "local-preference absent",
		      "SEA-MX03-02 sets no local-preference toward the firewall %s (group %s).",
		      "192.168.11.3", "ibgp");
	res = begin(r, "lp-rib", EG_SEV_MAJOR, "Cust11", "SEA-SRX42-01", 8);
	eg_result_add(res, EG_ST_FAIL, "SEA-SRX42-01", "10.17.11.0/25",
		      "192.168.11.2", "local-preference 150", "local-preference 100",
		      "The path via CE SEA-MX03-02 carries local-preference 100.");
	eg_result_add(res, EG_ST_FAIL, "SEA-SRX42-01", "10.17.11.128/26",
		      "192.168.11.2", "local-preference 150", "local-preference 100",
		      "The path via CE SEA-MX03-02 carries local-preference 100.");
	res = begin(r, "active-path", EG_SEV_CRITICAL, "Cust11", "SEA-SRX42-01", 0);
	eg_result_unknown(res, EG_ETRANSPORT, "SEA-SRX42-01: cannot connect to 127.0.0.1 port 9");
	res = begin(r, "bgp-sessions", EG_SEV_CRITICAL, "Cust11", "SEA-SRX42-01", 4);
	eg_result_add(res, EG_ST_FAIL, "SEA-SRX42-01", NULL, "10.17.11.76",
		      "Established", "Active", "The session to %s is not up.",
		      "10.17.11.76");
	eg_result_add(res, EG_ST_UNKNOWN, "SEA-SRX42-01", NULL, "10.17.11.77",
		      NULL, NULL, "Not in the BGP summary.");
	res = begin(r, "bfd-config", EG_SEV_MAJOR, "Cust11", "SEA-MX03-01", 0);
	eg_result_skip(res, "the intent has no bfd container");
	res = begin(r, "prefix-budget", EG_SEV_MINOR, "Cust11", "SEA-MX03-01", 1);
	eg_result_add(res, EG_ST_PASS, "SEA-MX03-01", NULL, "192.168.11.18",
		      "at most 4000", "1", "1 of 4000 prefixes advertised.");
	begin(r, "vpn-recv", EG_SEV_MAJOR, "Cust12", "SEA-SRX42-01", 4);
	/* Each check's own time, distinct per result, as eg_checks_run() measures it. */
	for (size_t i = 0; i < r->nresults; i++)
		r->results[i].duration_us = 1500u * (i + 1) + 7;
	return r;
}

/* ------------------------------------------------------------ formatters */

static void
test_renderer_find(void **state)
{
	static const struct {
		const char *name;
		bool found;
	} cases[] = {
		{ "text", true }, { "json", true }, { "xml", true }, { "junit", true },
		{ "yaml", false }, { "", false }, { "TEXT", false }, { "jsonx", false }, { NULL, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct eg_renderer *rd = eg_renderer_find(cases[i].name);

		if (!cases[i].found) {
			assert_null(rd);
			continue;
		}
		assert_non_null(rd);
		assert_non_null(rd->render);
		assert_string_equal(rd->name, cases[i].name);
	}
}

static void
test_fmt_values(void **state)
{
	static const struct {
		uint32_t ms;
		const char *want;
	} dur[] = {
		{ 0, "0 ms" }, { 7, "7 ms" }, { 999, "999 ms" }, { 1000, "1.000 s" },
		{ 1234, "1.234 s" }, { 61005, "61.005 s" }, { UINT32_MAX, "4294967.295 s" },
	};
	static const struct {
		int64_t t;
		const char *want;
	} times[] = {
		{ 0, "" }, { 1795588980, "2026-11-25T06:43:00Z" }, { 86400, "1970-01-02T00:00:00Z" },
	};
	static const struct {
		enum eg_exit e;
		const char *want;
	} verdicts[] = {
		{ EG_EXIT_OK, "compliant" }, { EG_EXIT_DEVIATION, "deviations" },
		{ EG_EXIT_TRANSPORT, "transport-error" }, { EG_EXIT_RPC, "rpc-error" },
	};
	static const struct {
		enum eg_status st;
		const char *want;
	} labels[] = {
		{ EG_ST_PASS, "PASS" }, { EG_ST_FAIL, "FAIL" }, { EG_ST_UNKNOWN, "UNKNOWN" },
		{ EG_ST_SKIPPED, "SKIP" }, { (enum eg_status)9, "UNKNOWN" },
	};
	char buf[40];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dur) / sizeof(dur[0]); i++)
		assert_string_equal(eg_fmt_duration(dur[i].ms, buf, sizeof(buf)), dur[i].want);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		assert_string_equal(eg_fmt_time(times[i].t, buf, sizeof(buf)), times[i].want);
	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		assert_string_equal(eg_fmt_verdict(verdicts[i].e), verdicts[i].want);
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		assert_string_equal(eg_fmt_status(labels[i].st), labels[i].want);
}

static void
test_fmt_finding(void **state)
{
	static const struct {
		struct eg_finding f;
		const char *where, *line;
	} cases[] = {
		{ { EG_ST_FAIL, "D1", "10.0.0.0/8", "192.0.2.1", "a", "b", "It differs." },
		  "D1 10.0.0.0/8 peer 192.0.2.1",
		  "D1 10.0.0.0/8 peer 192.0.2.1: It differs. (expected a, observed b)" },
		{ { EG_ST_FAIL, "D1", NULL, NULL, NULL, NULL, "It differs." },
		  "D1", "D1: It differs." },
		{ { EG_ST_FAIL, NULL, NULL, "192.0.2.1", "a", NULL, NULL },
		  "peer 192.0.2.1", "peer 192.0.2.1: expected a" },
		{ { EG_ST_FAIL, NULL, "10.0.0.0/8", NULL, NULL, "b", NULL },
		  "10.0.0.0/8", "10.0.0.0/8: observed b" },
		{ { EG_ST_FAIL, NULL, NULL, NULL, "a", "b", NULL }, "", "expected a, observed b" },
		{ { EG_ST_FAIL, NULL, NULL, NULL, NULL, "b", "Gone." }, "", "Gone. (observed b)" },
		{ { EG_ST_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL }, "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *where = eg_fmt_where(&cases[i].f), *line = eg_fmt_finding(&cases[i].f);

		assert_non_null(where);
		assert_non_null(line);
		assert_string_equal(where, cases[i].where);
		assert_string_equal(line, cases[i].line);
		free(where);
		free(line);
	}
}

static void
test_fmt_headlines(void **state)
{
	static const char *const want[] = {
		"ok, 2 compared",
		"ok, 1 compared",
		"1 deviation, 1 compared",
		"2 deviations, 8 compared",
		"SEA-SRX42-01: cannot connect to 127.0.0.1 port 9",
		"1 deviation, 1 undecided, 4 compared",
		"the intent has no bfd container",
		"ok, 1 compared",
		"ok, 4 compared",
	};
	struct eg_report *r = sample_report();
	struct eg_result *res;
	size_t i;
	char *s;

	(void)state;
	assert_int_equal(r->nresults, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < r->nresults; i++) {
		s = eg_fmt_result_headline(&r->results[i]);
		assert_non_null(s);
		assert_string_equal(s, want[i]);
		free(s);
	}
	s = eg_fmt_headline(r);
	assert_string_equal(s, "9 checks: 4 pass, 2 fail, 2 unknown, 1 skipped");
	free(s);
	/* Nothing compared: the bare status; skipped without reason: a default. */
	res = begin(r, "vpn-recv", EG_SEV_MAJOR, "Cust12", "D0", 0);
	s = eg_fmt_result_headline(res);
	assert_string_equal(s, "ok");
	free(s);
	res = begin(r, "vpn-recv", EG_SEV_MAJOR, "Cust12", "D1", 0);
	eg_result_add(res, EG_ST_UNKNOWN, NULL, NULL, NULL, NULL, NULL, NULL);
	s = eg_fmt_result_headline(res);
	assert_string_equal(s, "1 undecided");
	free(s);
	eg_report_free(r);

	r = eg_report_new();
	s = eg_fmt_headline(r);
	assert_string_equal(s, "0 checks: 0 pass, 0 fail, 0 unknown, 0 skipped");
	free(s);
	begin(r, "lp-config", EG_SEV_MAJOR, "Cust11", "D0", 0);
	s = eg_fmt_headline(r);
	assert_string_equal(s, "1 check: 1 pass, 0 fail, 0 unknown, 0 skipped");
	free(s);
	eg_report_free(r);
}

/* Hostile strings: what they must become in lines (text) and in documents. */
static const struct {
	const char *in, *doc, *line;
} hostile[] = {
	{ "quote \" apos ' lt < gt > amp & end", "quote \" apos ' lt < gt > amp & end",
	  "quote \" apos ' lt < gt > amp & end" },
	{ "cdata ]]> &amp; <!-- x --> <![CDATA[", "cdata ]]> &amp; <!-- x --> <![CDATA[",
	  "cdata ]]> &amp; <!-- x --> <![CDATA[" },
	{ "esc \x1b[31mred\x1b[0m", "esc ?[31mred?[0m", "esc ?[31mred?[0m" },
	{ "bell \x07 bs \x08 del \x7f nul-ish \x01", "bell ? bs ? del ? nul-ish ?",
	  "bell ? bs ? del ? nul-ish ?" },
	{ "two\nlines\r\nend", "two\nlines?\nend", "two lines  end" },
	{ "tab\there", "tab\there", "tab\there" },
	{ "bad \xff\xfe utf8 \xc3", "bad ?? utf8 ?", "bad ?? utf8 ?" },
	{ "c1 \xc2\x9b csi", "c1 ? csi", "c1 ? csi" },
	{ "overlong \xc0\xaf slash", "overlong ?? slash", "overlong ?? slash" },
	{ "surrogate \xed\xa0\x80 x", "surrogate ??? x", "surrogate ??? x" },
	{ "nonchar \xef\xbf\xbf x", "nonchar ? x", "nonchar ? x" },
	{ "umlaut \xc3\xbc euro \xe2\x82\xac emoji \xf0\x9f\x98\x80",
	  "umlaut \xc3\xbc euro \xe2\x82\xac emoji \xf0\x9f\x98\x80",
	  "umlaut \xc3\xbc euro \xe2\x82\xac emoji \xf0\x9f\x98\x80" },
};
#define NHOSTILE (sizeof(hostile) / sizeof(hostile[0]))

static void
test_fmt_clean(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NHOSTILE; i++) {
		char *doc = eg_fmt_clean(hostile[i].in, true);
		char *line = eg_fmt_clean(hostile[i].in, false);

		assert_non_null(doc);
		assert_non_null(line);
		if (strcmp(doc, hostile[i].doc) != 0 || strcmp(line, hostile[i].line) != 0)
			fail_msg("case %zu: doc \"%s\" line \"%s\"", i, doc, line);
		free(doc);
		free(line);
	}
	assert_null(eg_fmt_clean(NULL, true));
}

/* ------------------------------------------------------------ golden outputs */

static void
test_golden_text(void **state)
{
	struct eg_report *r = sample_report();
	char *plain = render_to_string("text", r, false, false);
	char *color = render_to_string("text", r, true, false);
	char *verbose = render_to_string("text", r, false, true);

	(void)state;
	check_golden("report.txt", plain);
	check_golden("report-color.txt", color);
	check_golden("report-verbose.txt", verbose);
	/* No escape at all without colour; colour on every row with it. */
	assert_null(strchr(plain, '\033'));
	assert_null(strchr(verbose, '\033'));
	assert_non_null(strstr(color, "\033[32mPASS"));
	assert_non_null(strstr(color, "\033[31mFAIL"));
	assert_non_null(strstr(color, "\033[33mUNKNOWN"));
	assert_non_null(strstr(color, "\033[2mSKIP"));
	/* Failing rows show expected against observed; passing rows only when verbose. */
	assert_non_null(strstr(plain, "expected: local-preference 150"));
	assert_null(strstr(plain, "1 of 4000 prefixes advertised."));
	assert_non_null(strstr(verbose, "1 of 4000 prefixes advertised."));
	assert_non_null(strstr(plain, "\n9 checks: 4 pass, 2 fail, 2 unknown, 1 skipped"));
	free(plain);
	free(color);
	free(verbose);
	eg_report_free(r);
}

/* Column widths follow the longest value, whatever its length. */
static void
test_text_widths(void **state)
{
	struct eg_report *r = eg_report_new();
	char *out, *p;
	size_t col = 0;

	(void)state;
	begin(r, "lp-config", EG_SEV_MAJOR, "S", "a-very-long-scope-name-that-sets-the-width", 0);
	begin(r, "lp-config", EG_SEV_MAJOR, "S", "\xc3\xbc", 0);
	out = render_to_string("text", r, false, false);
	/* The SERVICE column starts at the same character on every row. */
	p = strstr(out, "SERVICE");
	assert_non_null(p);
	col = (size_t)(p - out);
	p = strstr(out, "\nPASS");
	assert_non_null(p);
	assert_int_equal(p[1 + col], 'S');
	p = strstr(p + 1, "\nPASS");
	assert_non_null(p);
	/* one two-byte character: the row is one byte longer up to the column */
	assert_int_equal(p[1 + col + 1], 'S');
	free(out);
	eg_report_free(r);
}

/* ------------------------------------------------------------ YANG-valid documents */

static const char *
leaf_value(const struct lyd_node *parent, const char *name)
{
	const struct lyd_node *n;

	LY_LIST_FOR(lyd_child(parent), n) {
		if (strcmp(n->schema->name, name) == 0)
			return lyd_get_value(n);
	}
	return NULL;
}

/* The document parsed against erguard-report as on disk; ctx and tree to free. */
static struct lyd_node *
parse_report(const char *doc, LYD_FORMAT fmt, struct ly_ctx **ctx)
{
	struct lyd_node *tree = NULL;
	char *disk;

	/* The module on disk is the one compiled in. */
	disk = eg_test_slurp(root_path("yang/erguard-report.yang"), NULL);
	assert_non_null(disk);
	assert_string_equal(disk, eg_embed_erguard_report_yang);
	free(disk);
	assert_int_equal(ly_ctx_new(root_path("yang"), LY_CTX_NO_YANGLIBRARY, ctx), LY_SUCCESS);
	assert_non_null(ly_ctx_load_module(*ctx, "erguard-report", NULL, NULL));
	if (lyd_parse_data_mem(*ctx, doc, fmt, LYD_PARSE_STRICT, LYD_VALIDATE_PRESENT, &tree) !=
	    LY_SUCCESS)
		fail_msg("report does not validate: %s", ly_errmsg(*ctx) ? ly_errmsg(*ctx) : "?");
	assert_non_null(tree);
	assert_string_equal(tree->schema->name, "report");
	return tree;
}

/* The parsed tree says what the report says. */
static void
check_tree(const struct eg_report *r, const struct lyd_node *top)
{
	const struct lyd_node *n, *sum = NULL;
	size_t counts[4], i = 0, st;
	char buf[32];

	eg_report_counts(r, counts);
	assert_string_equal(leaf_value(top, "verdict"), eg_fmt_verdict(eg_report_exit(r)));
	snprintf(buf, sizeof(buf), "%d", (int)eg_report_exit(r));
	assert_string_equal(leaf_value(top, "exit-status"), buf);
	LY_LIST_FOR(lyd_child(top), n) {
		if (strcmp(n->schema->name, "summary") == 0)
			sum = n;
		if (strcmp(n->schema->name, "result") != 0)
			continue;
		assert_true(i < r->nresults);
		assert_string_equal(leaf_value(n, "check"), r->results[i].check_id);
		assert_string_equal(leaf_value(n, "status"), eg_status_name(r->results[i].status));
		snprintf(buf, sizeof(buf), "%u", (unsigned)r->results[i].nitems);
		assert_string_equal(leaf_value(n, "items"), buf);
		i++;
	}
	assert_int_equal(i, r->nresults);
	assert_non_null(sum);
	for (st = 0; st < 4; st++) {
		snprintf(buf, sizeof(buf), "%zu", counts[st]);
		assert_string_equal(leaf_value(sum, eg_status_name((enum eg_status)st)), buf);
	}
}

static void
test_golden_yang(void **state)
{
	static const struct {
		const char *format, *golden;
		LYD_FORMAT lyd;
	} cases[] = {
		{ "xml", "report.xml", LYD_XML },
		{ "json", "report.json", LYD_JSON },
	};
	struct eg_report *r = sample_report();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = render_to_string(cases[i].format, r, true, true);
		struct ly_ctx *ctx = NULL;
		struct lyd_node *tree;

		check_golden(cases[i].golden, out);
		tree = parse_report(out, cases[i].lyd, &ctx);
		check_tree(r, tree);
		lyd_free_all(tree);
		ly_ctx_destroy(ctx);
		free(out);
	}
	eg_report_free(r);
}

/* Quantities are JSON numbers, with the display strings beside them. */
static void
test_json_numbers(void **state)
{
	struct eg_report *r = sample_report();
	char *out = render_to_string("json", r, false, false);
	struct json_object *doc, *top, *v, *sum, *results;
	size_t counts[4], i;

	(void)state;
	doc = json_tokener_parse(out);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "erguard-report:report", &top));
	assert_true(json_object_object_get_ex(top, "duration-ms", &v));
	assert_int_equal(json_object_get_type(v), json_type_int);
	assert_int_equal(json_object_get_int64(v), 1234);
	assert_true(json_object_object_get_ex(top, "duration", &v));
	assert_string_equal(json_object_get_string(v), "1.234 s");
	assert_true(json_object_object_get_ex(top, "exit-status", &v));
	assert_int_equal(json_object_get_type(v), json_type_int);
	assert_int_equal(json_object_get_int64(v), eg_report_exit(r));
	assert_true(json_object_object_get_ex(top, "headline", &v));
	assert_string_equal(json_object_get_string(v), "9 checks: 4 pass, 2 fail, 2 unknown, 1 skipped");
	assert_true(json_object_object_get_ex(top, "started-at", &v));
	assert_string_equal(json_object_get_string(v), "2026-11-25T06:43:00Z");
	assert_true(json_object_object_get_ex(top, "summary", &sum));
	eg_report_counts(r, counts);
	for (i = 0; i < 4; i++) {
		assert_true(json_object_object_get_ex(sum, eg_status_name((enum eg_status)i), &v));
		assert_int_equal(json_object_get_type(v), json_type_int);
		assert_int_equal(json_object_get_int64(v), counts[i]);
	}
	assert_true(json_object_object_get_ex(sum, "total", &v));
	assert_int_equal(json_object_get_int64(v), r->nresults);
	assert_true(json_object_object_get_ex(top, "result", &results));
	assert_int_equal(json_object_array_length(results), r->nresults);
	for (i = 0; i < r->nresults; i++) {
		struct json_object *res = json_object_array_get_idx(results, i);

		assert_true(json_object_object_get_ex(res, "items", &v));
		assert_int_equal(json_object_get_type(v), json_type_int);
		assert_int_equal(json_object_get_int64(v), r->results[i].nitems);
		assert_true(json_object_object_get_ex(res, "headline", &v));
		assert_int_equal(json_object_get_type(v), json_type_string);
	}
	json_object_put(doc);
	free(out);
	eg_report_free(r);
}

/* ------------------------------------------------------------ JUnit */

static const char *
xml_attr(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);

	if (v == NULL)
		return NULL;
	snprintf(buf, size, "%s", (const char *)v);
	xmlFree(v);
	return buf;
}

static xmlNodePtr
xml_child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0)
			return n;
	return NULL;
}

static void
check_counts_attrs(xmlNodePtr n, size_t tests, size_t failures, size_t errors, size_t skipped,
		   bool suite)
{
	char buf[256], want[32];

	snprintf(want, sizeof(want), "%zu", tests);
	assert_string_equal(xml_attr(n, "tests", buf, sizeof(buf)), want);
	snprintf(want, sizeof(want), "%zu", failures);
	assert_string_equal(xml_attr(n, "failures", buf, sizeof(buf)), want);
	snprintf(want, sizeof(want), "%zu", errors);
	assert_string_equal(xml_attr(n, "errors", buf, sizeof(buf)), want);
	snprintf(want, sizeof(want), "%zu", skipped);
	/* The JUnit schema has skipped on <testsuite> only, never on <testsuites>. */
	if (suite)
		assert_string_equal(xml_attr(n, "skipped", buf, sizeof(buf)), want);
	else
		assert_null(xml_attr(n, "skipped", buf, sizeof(buf)));
	assert_non_null(xml_attr(n, "time", buf, sizeof(buf)));
}

static void
test_golden_junit(void **state)
{
	static const char *const outcome[] = { NULL, "failure", "error", "skipped" };
	struct eg_report *r = sample_report();
	char *out = render_to_string("junit", r, true, true);
	xmlDocPtr doc;
	xmlNodePtr root, suite, tc;
	size_t counts[4], i = 0, nsuites = 0;
	char buf[1024], want[256];

	(void)state;
	check_golden("report-junit.xml", out);
	doc = xmlReadMemory(out, (int)strlen(out), "junit.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "testsuites");
	eg_report_counts(r, counts);
	check_counts_attrs(root, r->nresults, counts[EG_ST_FAIL], counts[EG_ST_UNKNOWN],
			   counts[EG_ST_SKIPPED], false);
	assert_string_equal(xml_attr(root, "time", buf, sizeof(buf)), "1.234000");
	for (suite = root->children; suite != NULL; suite = suite->next) {
		if (suite->type != XML_ELEMENT_NODE)
			continue;
		assert_string_equal((const char *)suite->name, "testsuite");
		nsuites++;
		for (tc = suite->children; tc != NULL; tc = tc->next) {
			const struct eg_result *res;
			size_t k;

			if (tc->type != XML_ELEMENT_NODE || xmlStrcmp(tc->name, BAD_CAST "testcase"))
				continue;
			assert_true(i < r->nresults);
			res = &r->results[i++];
			snprintf(want, sizeof(want), "erguard.%s.%s", res->service, res->check_id);
			assert_string_equal(xml_attr(tc, "classname", buf, sizeof(buf)), want);
			assert_string_equal(xml_attr(tc, "name", buf, sizeof(buf)), res->scope);
			assert_string_equal(xml_attr(suite, "name", buf, sizeof(buf)), res->service);
			/* the time its check took, in seconds */
			snprintf(want, sizeof(want), "%llu.%06llu",
				 (unsigned long long)(res->duration_us / 1000000),
				 (unsigned long long)(res->duration_us % 1000000));
			assert_string_equal(xml_attr(tc, "time", buf, sizeof(buf)), want);
			/* exactly the outcome element of its status, or none for a pass */
			for (k = 1; k < 4; k++) {
				if (k == res->status)
					assert_non_null(xml_child(tc, outcome[k]));
				else
					assert_null(xml_child(tc, outcome[k]));
			}
		}
	}
	assert_int_equal(i, r->nresults);
	assert_int_equal(nsuites, 2);	/* Cust11, Cust12 */
	xmlFreeDoc(doc);
	free(out);
	eg_report_free(r);
}

/* ------------------------------------------------------------ hostile strings */

static struct eg_report *
hostile_report(void)
{
	struct eg_report *r = eg_report_new();
	size_t i;

	assert_non_null(r);
	r->tool_version = strdup(hostile[2].in);
	r->intent_source = strdup(hostile[0].in);
	r->mode = strdup("offline");
	r->snapshot_dir = strdup(hostile[4].in);
	for (i = 0; i < NHOSTILE; i++) {
		struct eg_result *res;
		char scope[128];

		/* Keys stay distinct after cleaning: the index leads. */
		snprintf(scope, sizeof(scope), "D%zu %s", i, hostile[i].in);
		res = begin(r, "lp-config", EG_SEV_MAJOR, hostile[i].in, scope, 1);
		eg_result_add(res, EG_ST_FAIL, hostile[i].in, hostile[i].in,
			      hostile[i].in, hostile[i].in, hostile[i].in, "%s",
			      hostile[i].in);
		res = begin(r, "bgp-sessions", EG_SEV_MAJOR, hostile[i].in, scope, 1);
		eg_result_unknown(res, EG_ERPC, "%s", hostile[i].in);
	}
	return r;
}

/* Only printable UTF-8, newlines and tabs (and, when allowed, ESC of our colours). */
static void
check_clean_bytes(const char *out, const char *what)
{
	const unsigned char *p;

	if (!xmlCheckUTF8((const unsigned char *)out))
		fail_msg("%s: output is not valid UTF-8", what);
	for (p = (const unsigned char *)out; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			fail_msg("%s: control byte 0x%02x at offset %zu", what, *p,
				 (size_t)(p - (const unsigned char *)out));
}

static void
test_hostile_text(void **state)
{
	struct eg_report *r = hostile_report();
	char *out = render_to_string("text", r, false, true);
	size_t i;

	(void)state;
	check_clean_bytes(out, "text");
	for (i = 0; i < NHOSTILE; i++)
		if (strstr(out, hostile[i].line) == NULL)
			fail_msg("text: case %zu (\"%s\") not found", i, hostile[i].line);
	free(out);
	eg_report_free(r);
}

static void
test_hostile_yang(void **state)
{
	static const struct {
		const char *format;
		LYD_FORMAT lyd;
	} cases[] = { { "xml", LYD_XML }, { "json", LYD_JSON } };
	struct eg_report *r = hostile_report();
	size_t c;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char *out = render_to_string(cases[c].format, r, false, false);
		struct ly_ctx *ctx = NULL;
		struct lyd_node *tree = parse_report(out, cases[c].lyd, &ctx);
		const struct lyd_node *n;
		size_t i = 0;

		check_clean_bytes(out, cases[c].format);
		check_tree(r, tree);
		assert_string_equal(leaf_value(tree, "intent-source"), hostile[0].doc);
		LY_LIST_FOR(lyd_child(tree), n) {
			const struct lyd_node *f;
			const char *want;

			if (strcmp(n->schema->name, "result") != 0)
				continue;
			want = hostile[i / 2].doc;
			assert_string_equal(leaf_value(n, "service"), want);
			if (i % 2 == 1) {
				assert_string_equal(leaf_value(n, "reason"), want);
			} else {
				f = NULL;
				LY_LIST_FOR(lyd_child(n), f)
					if (strcmp(f->schema->name, "finding") == 0)
						break;
				assert_non_null(f);
				assert_string_equal(leaf_value(f, "message"), want);
				assert_string_equal(leaf_value(f, "expected"), want);
				assert_string_equal(leaf_value(f, "observed"), want);
				assert_string_equal(leaf_value(f, "peer"), want);
			}
			i++;
		}
		assert_int_equal(i, r->nresults);
		lyd_free_all(tree);
		ly_ctx_destroy(ctx);
		free(out);
	}
	eg_report_free(r);
}

static void
test_hostile_junit(void **state)
{
	struct eg_report *r = hostile_report();
	char *out = render_to_string("junit", r, false, false);
	xmlDocPtr doc;
	xmlNodePtr suite, tc;
	size_t i = 0;
	char buf[1024];

	(void)state;
	check_clean_bytes(out, "junit");
	doc = xmlReadMemory(out, (int)strlen(out), "junit.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	for (suite = xmlDocGetRootElement(doc)->children; suite != NULL; suite = suite->next) {
		if (suite->type != XML_ELEMENT_NODE)
			continue;
		for (tc = suite->children; tc != NULL; tc = tc->next) {
			xmlNodePtr o;
			xmlChar *body;
			const char *want;

			if (tc->type != XML_ELEMENT_NODE || xmlStrcmp(tc->name, BAD_CAST "testcase"))
				continue;
			want = hostile[i / 2].doc;
			assert_string_equal(xml_attr(suite, "name", buf, sizeof(buf)), want);
			o = xml_child(tc, i % 2 == 0 ? "failure" : "error");
			assert_non_null(o);
			/* attributes round-trip, newlines and tabs included */
			assert_string_equal(xml_attr(o, "message", buf, sizeof(buf)), want);
			/* in the body, the device's text stays on one line */
			body = xmlNodeGetContent(o);
			assert_non_null(body);
			assert_non_null(strstr((const char *)body, hostile[i / 2].line));
			if (strchr(want, '\n') != NULL)
				assert_null(strstr((const char *)body, want));
			xmlFree(body);
			i++;
		}
	}
	assert_int_equal(i, r->nresults);
	xmlFreeDoc(doc);
	free(out);
	eg_report_free(r);
}

/* ------------------------------------------------------------ edges */

static void
test_empty_report(void **state)
{
	static const char *const formats[] = { "text", "json", "xml", "junit" };
	struct eg_report *r = eg_report_new();
	size_t i;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *out = render_to_string(formats[i], r, false, false);

		if (strcmp(formats[i], "json") == 0 || strcmp(formats[i], "xml") == 0) {
			struct ly_ctx *ctx = NULL;
			struct lyd_node *tree = parse_report(out, formats[i][0] == 'j' ? LYD_JSON : LYD_XML,
							     &ctx);

			check_tree(r, tree);
			assert_string_equal(leaf_value(tree, "verdict"), "compliant");
			lyd_free_all(tree);
			ly_ctx_destroy(ctx);
		} else if (strcmp(formats[i], "text") == 0) {
			assert_non_null(strstr(out, "0 checks: 0 pass, 0 fail, 0 unknown, 0 skipped"));
		} else {
			assert_non_null(strstr(out, "tests=\"0\""));
		}
		free(out);
	}
	eg_report_free(r);
}

/*
 * The family of a dual-stack result is a leaf of the JSON and XML reports,
 * valid against erguard-report; a result without a family has no leaf.
 */
static void
test_family(void **state)
{
	static const char *const formats[] = { "json", "xml" };
	struct eg_report *r = eg_report_new();
	struct eg_result *res;
	size_t i;

	(void)state;
	res = eg_report_begin(r, "er-adv-coverage", EG_SEV_MAJOR, "t", "fix", "Cust11",
			      "SEA-MX03-01");
	res->family = 4;
	res = eg_report_begin(r, "er-adv-coverage", EG_SEV_MAJOR, "t", "fix", "Cust11",
			      "SEA-MX03-01 inet6");
	res->family = 6;
	eg_result_add(res, EG_ST_FAIL, "SEA-MX03-01", "2001:db8:1:11::/64", NULL, "advertised",
		      "absent", "not advertised");
	eg_report_begin(r, "lp-config", EG_SEV_CRITICAL, "t", "fix", "Cust11", "SEA-MX03-01");
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *out = render_to_string(formats[i], r, false, false);
		struct ly_ctx *ctx = NULL;
		struct lyd_node *tree = parse_report(out, formats[i][0] == 'j' ? LYD_JSON : LYD_XML,
						     &ctx);
		const char *inet = formats[i][0] == 'j' ? "\"family\": \"inet\"" : "<family>inet</family>";
		const char *inet6 = formats[i][0] == 'j' ? "\"family\": \"inet6\"" : "<family>inet6</family>";
		const char *any = formats[i][0] == 'j' ? "\"family\"" : "<family>";
		char *third = strstr(out, "lp-config");

		assert_non_null(tree);
		assert_non_null(strstr(out, inet));
		assert_non_null(strstr(out, inet6));
		/* the result without a family, printed last, has none */
		assert_non_null(third);
		assert_null(strstr(third, any));
		lyd_free_all(tree);
		ly_ctx_destroy(ctx);
		free(out);
	}
	eg_report_free(r);
}

/* A full disk is an error, never a silently truncated report. */
static void
test_write_error(void **state)
{
	static const char *const formats[] = { "text", "json", "xml", "junit" };
	struct eg_report *r = sample_report();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct eg_render_opts o = { 0 };
		FILE *f = fopen("/dev/full", "w");

		if (f == NULL)
			skip();
		assert_int_equal(eg_renderer_find(formats[i])->render(r, &o, f), EG_EIO);
		fclose(f);
	}
	eg_report_free(r);
}

/* A report the module refuses (a check ID outside its pattern) is an error, and says so. */
static void
test_invalid_report(void **state)
{
	struct eg_report *r = eg_report_new();
	struct eg_render_opts o = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	(void)state;
	begin(r, "Not An ID", EG_SEV_MAJOR, "Cust11", "D", 0);
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_not_equal(eg_renderer_find("json")->render(r, &o, m), EG_OK);
	fclose(m);
	assert_int_equal(len, 0);
	assert_int_equal(eg_test_logged.n, 1);
	assert_non_null(strstr(eg_test_logged.msg[0], "report does not validate"));
	eg_test_log_clear();
	free(buf);
	eg_report_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_renderer_find),
		EG_TEST_LOG_UNIT(test_fmt_values),
		EG_TEST_LOG_UNIT(test_fmt_finding),
		EG_TEST_LOG_UNIT(test_fmt_headlines),
		EG_TEST_LOG_UNIT(test_fmt_clean),
		EG_TEST_LOG_UNIT(test_golden_text),
		EG_TEST_LOG_UNIT(test_text_widths),
		EG_TEST_LOG_UNIT(test_golden_yang),
		EG_TEST_LOG_UNIT(test_json_numbers),
		EG_TEST_LOG_UNIT(test_golden_junit),
		EG_TEST_LOG_UNIT(test_hostile_text),
		EG_TEST_LOG_UNIT(test_hostile_yang),
		EG_TEST_LOG_UNIT(test_hostile_junit),
		EG_TEST_LOG_UNIT(test_empty_report),
		EG_TEST_LOG_UNIT(test_family),
		EG_TEST_LOG_UNIT(test_write_error),
		EG_TEST_LOG_UNIT(test_invalid_report),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
