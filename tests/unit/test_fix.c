/*
 * test_fix.c - what eg_fix_device_plan() (fix.c) changes, as a table:
 * the reference design's running configuration in set form with one
 * deviation, the device, and exactly the lines and repaired checks the
 * change must hold, in order.  The unchanged reference gives no line on
 * any device; statements outside what erguard owns never appear in a
 * change; applying a change's lines to the configuration (a small model
 * of Junos set/delete/activate below) and planning again gives nothing.
 * A change that repairs no failing check is held back while a check
 * beyond configuration fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fix.h"
#include "util.h"

#define G "routing-instances Cust11 protocols bgp group "
#define PS "policy-options policy-statement "

static const char ce_ref[] =
	"set routing-instances Cust11 description \"Customer 11 VRF\"\n"
	"set " G "ibgp type internal\n"
	"set " G "ibgp local-preference 150\n"
	"set " G "ibgp neighbor 192.168.11.1\n"
	"set " G "ebgp type external\n"
	"set " G "ebgp peer-as 12076\n"
	"set " G "ebgp bfd-liveness-detection minimum-interval 300\n"
	"set " G "ebgp bfd-liveness-detection multiplier 3\n"
	"set " G "ebgp neighbor 192.168.11.18\n";

static const char fw_ref[] =
	"set " PS "onprem-export term lan from protocol direct\n"
	"set " PS "onprem-export term lan from route-filter 10.1.11.0/25 exact\n"
	"set " PS "onprem-export term lan then accept\n"
	"set " PS "onprem-export term last then reject\n"
	"set " PS "vpn-export term onprem from protocol direct\n"
	"set " PS "vpn-export term onprem from route-filter 10.1.11.0/25 exact\n"
	"set " PS "vpn-export term onprem then accept\n"
	"set " PS "vpn-export term last then reject\n"
	"set " G "ibgp type internal\n"
	"set " G "ibgp export onprem-export\n"
	"set " G "vpn type external\n"
	"set " G "vpn export vpn-export\n"
	"set " G "vpn peer-as 65515\n"
	"set " G "vpn neighbor 10.17.11.76\n"
	"set " G "vpn neighbor 10.17.11.77\n";

struct fix_case {
	const char *name;
	const char *device;
	const char *base;		/* ce_ref or fw_ref */
	const char *drop;		/* a line of base to leave out, or NULL */
	const char *add;		/* lines to add, or NULL */
	const char *lines[6];		/* the change, NULL-ended */
	const char *checks;		/* the repaired checks, space-separated */
};

static const struct fix_case cases[] = {
	{ "reference CE", "SEA-MX03-01", ce_ref, NULL, NULL, { NULL }, "" },
	{ "reference firewall", "SEA-SRX42-01", fw_ref, NULL, NULL, { NULL }, "" },
	{ "local-preference missing", "SEA-MX03-02", ce_ref,
	  "set " G "ibgp local-preference 150", NULL,
	  { "set " G "ibgp local-preference 150", NULL }, "lp-config lp-rib" },
	{ "local-preference wrong", "SEA-MX03-02", ce_ref,
	  "set " G "ibgp local-preference 150", "set " G "ibgp local-preference 120\n",
	  { "set " G "ibgp local-preference 150", NULL }, "lp-config lp-rib" },
	{ "bfd deactivated", "SEA-MX03-02", ce_ref, NULL,
	  "deactivate " G "ebgp bfd-liveness-detection\n",
	  { "activate " G "ebgp bfd-liveness-detection", NULL }, "bfd-config bfd-state" },
	{ "bfd multiplier wrong", "SEA-MX03-01", ce_ref,
	  "set " G "ebgp bfd-liveness-detection multiplier 3",
	  "set " G "ebgp bfd-liveness-detection multiplier 5\n",
	  { "set " G "ebgp bfd-liveness-detection multiplier 3", NULL }, "bfd-config bfd-state" },
	{ "prepend toward the MSEE", "SEA-MX03-02", ce_ref, NULL,
	  "set " G "ebgp export er-secondary-out\n"
	  "set " PS "er-secondary-out term prepend then as-path-prepend \"65020 65020\"\n",
	  { "delete " G "ebgp export", NULL }, "er-adv-symmetry er-adv-coverage" },
	{ "neighbor-level export toward the MSEE", "SEA-MX03-01", ce_ref, NULL,
	  "set " G "ebgp neighbor 192.168.11.18 export med-out\n",
	  { "delete " G "ebgp neighbor 192.168.11.18 export", NULL },
	  "er-adv-symmetry er-adv-coverage" },
	{ "VPN neighbor export override", "SEA-SRX42-01", fw_ref, NULL,
	  "set " G "vpn neighbor 10.17.11.77 export vpn-export-summary\n"
	  "set " G "vpn neighbor 10.17.11.77 export vpn-export\n",
	  { "delete " G "vpn neighbor 10.17.11.77 export", NULL },
	  "vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage" },
	{ "VPN more specific", "SEA-SRX42-01", fw_ref,
	  "set " PS "vpn-export term onprem from route-filter 10.1.11.0/25 exact",
	  "set " PS "vpn-export term onprem from route-filter 10.1.11.0/25 orlonger\n",
	  { "delete " PS "vpn-export term onprem from route-filter 10.1.11.0/25 orlonger",
	    "set " PS "vpn-export term onprem from route-filter 10.1.11.0/25 exact", NULL },
	  "vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage" },
	{ "VPN export list differs", "SEA-SRX42-01", fw_ref, NULL,
	  "set " G "vpn export extra\n",
	  { "delete " G "vpn export", "set " G "vpn export vpn-export", NULL },
	  "vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage" },
	{ "VPN export policy absent: written whole", "SEA-SRX42-01",
	  "set " G "vpn export vpn-export\nset " G "vpn neighbor 10.17.11.76\n", NULL, NULL,
	  { "set " PS "vpn-export term onprem from protocol direct",
	    "set " PS "vpn-export term onprem from route-filter 10.1.11.0/25 exact",
	    "set " PS "vpn-export term onprem then accept",
	    "set " PS "vpn-export term last then reject", NULL },
	  "vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage" },
	{ "a stray term before the wanted ones", "SEA-SRX42-01", fw_ref, NULL,
	  "set " PS "vpn-export term dc from route-filter 10.64.0.0/14 orlonger\n",
	  { "delete " PS "vpn-export term dc", NULL },
	  "vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage" },
	{ "a wanted term missing before a held one: replaced whole", "SEA-SRX42-01",
	  "set " G "vpn export vpn-export\nset " G "vpn neighbor 10.17.11.76\n"
	  "set " PS "vpn-export term last then reject\n", NULL, NULL,
	  { "delete " PS "vpn-export",
	    "set " PS "vpn-export term onprem from protocol direct",
	    "set " PS "vpn-export term onprem from route-filter 10.1.11.0/25 exact",
	    "set " PS "vpn-export term onprem then accept",
	    "set " PS "vpn-export term last then reject", NULL },
	  "vpn-adv-symmetry vpn-no-more-specific vpn-adv-coverage" },
	{ "not owned: other statements are never touched", "SEA-MX03-01", ce_ref, NULL,
	  "set " G "ibgp export something\n"
	  "set " G "ebgp description \"to the MSEE\"\n"
	  "deactivate " G "ebgp neighbor 192.168.11.18\n"
	  "set " PS "unrelated term a then reject\n",
	  { NULL }, "" },
};

/* base without drop, with add. */
static char *
fix_case_text(const struct fix_case *c)
{
	char *text = eg_xstrdup(""), *t;
	const char *p = c->base;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");

		if (c->drop == NULL || strlen(c->drop) != n || strncmp(p, c->drop, n) != 0) {
			t = eg_xasprintf("%s%.*s\n", text, (int)n, p);
			free(text);
			text = t;
		}
		p += n + (p[n] == '\n');
	}
	t = eg_xasprintf("%s%s", text, c->add ? c->add : "");
	free(text);
	return t;
}

static char *
fix_checks_joined(const struct eg_fix_device *d)
{
	char *s = eg_xstrdup(""), *t;
	size_t i;

	for (i = 0; i < d->nchecks; i++) {
		t = eg_xasprintf("%s%s%s", s, i ? " " : "", d->checks[i]);
		free(s);
		s = t;
	}
	return s;
}

/*
 * A small Junos: apply "delete P" (every line at or below P goes),
 * "activate P" (the deactivate line goes) and "set L" (added; a
 * single-valued leaf's old value is replaced by the caller's plan, so a
 * line differing only in its last word under a known leaf is dropped).
 */
static char *
fix_apply_lines(const char *text, const struct eg_fix_device *d)
{
	char *out = eg_xstrdup(text), *t;
	size_t i;

	for (i = 0; i < d->nlines; i++) {
		const char *l = d->lines[i];
		const char *path = strchr(l, ' ') + 1;
		bool is_set = strncmp(l, "set ", 4) == 0;
		char *keep = eg_xstrdup("");
		const char *p = out;

		while (*p != '\0') {
			size_t n = strcspn(p, "\n"), pl = strlen(path);
			const char *body = strncmp(p, "set ", 4) == 0 ? p + 4 :
					   strncmp(p, "deactivate ", 11) == 0 ? p + 11 : p;
			size_t bn = n - (size_t)(body - p);
			bool drop = false;

			if (strncmp(l, "delete ", 7) == 0)
				drop = bn >= pl && strncmp(body, path, pl) == 0 &&
				       (bn == pl || body[pl] == ' ');
			else if (strncmp(l, "activate ", 9) == 0)
				drop = body != p + 4 && bn == pl && strncmp(body, path, pl) == 0;
			else if (is_set && (strstr(path, "local-preference") ||
					    strstr(path, "multiplier") ||
					    strstr(path, "minimum-interval"))) {
				size_t cut = (size_t)(strrchr(path, ' ') - path);
				drop = body == p + 4 && bn > cut && strncmp(body, path, cut + 1) == 0 &&
				       memchr(body + cut + 1, ' ', bn - cut - 1) == NULL;
			}
			if (!drop) {
				t = eg_xasprintf("%s%.*s\n", keep, (int)n, p);
				free(keep);
				keep = t;
			}
			p += n + (p[n] == '\n');
		}
		if (is_set) {
			t = eg_xasprintf("%s%s\n", keep, l);
			free(keep);
			keep = t;
		}
		free(out);
		out = keep;
	}
	return out;
}

static void
test_fix_table(void **state)
{
	struct eg_intent *in = NULL;
	size_t k, i;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct fix_case *c = &cases[k];
		struct eg_fix_device d, again;
		char *text = fix_case_text(c), *checks, *after;
		size_t want = 0;

		while (c->lines[want] != NULL)
			want++;
		eg_fix_device_plan(in, c->device, text, &d);
		if (d.nlines != want) {
			for (i = 0; i < d.nlines; i++)
				print_message("  got: %s\n", d.lines[i]);
			fail_msg("%s: %zu lines, want %zu", c->name, d.nlines, want);
		}
		for (i = 0; i < want; i++)
			if (strcmp(d.lines[i], c->lines[i]) != 0)
				fail_msg("%s: line %zu is \"%s\", want \"%s\"", c->name, i, d.lines[i],
					 c->lines[i]);
		checks = fix_checks_joined(&d);
		if (strcmp(checks, c->checks) != 0)
			fail_msg("%s: repairs \"%s\", want \"%s\"", c->name, checks, c->checks);
		assert_true((want == 0) == (*d.compare == '\0'));
		/* idempotence: the configuration with the change applied needs none */
		after = fix_apply_lines(text, &d);
		eg_fix_device_plan(in, c->device, after, &again);
		if (again.nlines != 0)
			fail_msg("%s: a second plan still changes: %s", c->name, again.lines[0]);
		eg_fix_device_clear(&again);
		eg_fix_device_clear(&d);
		free(after);
		free(checks);
		free(text);
	}
	eg_intent_free(in);
}

/* The compare view groups the change under its [edit ...] like "show | compare". */
static void
test_fix_compare(void **state)
{
	struct eg_intent *in = NULL;
	struct eg_fix_device d;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	eg_fix_device_plan(in, "SEA-MX03-02",
			   "set " G "ibgp local-preference 100\n"
			   "set " G "ebgp bfd-liveness-detection minimum-interval 300\n"
			   "set " G "ebgp bfd-liveness-detection multiplier 3\n"
			   "set " G "ebgp export er-out\n", &d);
	assert_string_equal(d.compare,
			    "[edit routing-instances Cust11 protocols bgp group ibgp]\n"
			    "-    local-preference 100;\n"
			    "+    local-preference 150;\n"
			    "[edit routing-instances Cust11 protocols bgp group ebgp]\n"
			    "-    export er-out;\n");
	eg_fix_device_clear(&d);
	eg_intent_free(in);
}

/* A device of the intent that is not a CE or the VPN firewall owns nothing. */
static void
test_fix_unknown_device(void **state)
{
	struct eg_intent *in = NULL;
	struct eg_fix_device d;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	eg_fix_device_plan(in, "NOT-A-DEVICE", ce_ref, &d);
	assert_int_equal(d.nlines, 0);
	eg_fix_device_clear(&d);
	eg_intent_free(in);
}

/* The JSON plan parses back to the same lines and the unrepaired checks. */
static void
test_fix_print(void **state)
{
	struct eg_intent *in = NULL;
	struct eg_fix_plan p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	memset(&p, 0, sizeof(p));
	p.devs = eg_xcalloc(1, sizeof(*p.devs));
	p.ndevs = 1;
	eg_fix_device_plan(in, "SEA-MX03-02", "", &p.devs[0]);
	p.checked = true;
	p.failing = eg_xcalloc(2, sizeof(*p.failing));
	p.failing[p.nfailing++] = eg_xstrdup("bgp-sessions");
	p.failing[p.nfailing++] = eg_xstrdup("lp-config");
	eg_fix_plan_unrepaired(&p);
	assert_int_equal(p.nunrepaired, 1);
	assert_string_equal(p.unrepaired[0], "bgp-sessions");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(eg_fix_plan_print(&p, "json", f), EG_OK);
	fclose(f);
	assert_non_null(strstr(buf, "\"set " G "ibgp local-preference 150\""));
	assert_non_null(strstr(buf, "\"unrepaired\":[\n    \"bgp-sessions\""));
	free(buf);
	assert_int_equal(eg_fix_plan_print(&p, "yaml", stdout), EG_EINVAL);
	assert_false(eg_fix_repairable("bgp-sessions"));
	assert_false(eg_fix_repairable("azure-learned"));
	assert_true(eg_fix_repairable("lp-config"));
	eg_fix_plan_free(&p);
	eg_intent_free(in);
}

/*
 * A change that repairs no failing check is held back while a check no
 * configuration change repairs fails, and only then.
 */
static void
fix_hold_case(const struct eg_intent *in, const char *const *failing, bool held)
{
	struct eg_fix_plan p;
	char *buf = NULL;
	size_t len = 0, want;
	FILE *f;

	memset(&p, 0, sizeof(p));
	p.devs = eg_xcalloc(1, sizeof(*p.devs));
	p.ndevs = 1;
	eg_fix_device_plan(in, "SEA-MX03-02", "", &p.devs[0]);
	want = p.devs[0].nlines;
	assert_true(want > 0);
	p.checked = true;
	for (; *failing != NULL; failing++) {
		p.failing = eg_xrealloc(p.failing, (p.nfailing + 1) * sizeof(*p.failing));
		p.failing[p.nfailing++] = eg_xstrdup(*failing);
	}
	eg_fix_plan_unrepaired(&p);
	assert_int_equal(p.devs[0].nlines, held ? 0 : want);
	assert_int_equal(p.devs[0].nheld, held ? want : 0);
	assert_int_equal(eg_fix_plan_nlines(&p), held ? 0 : want);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(eg_fix_plan_print(&p, "text", f), EG_OK);
	fclose(f);
	assert_true((strstr(buf, "held back, not applied") != NULL) == held);
	assert_true((strstr(buf, "  held: set " G "ibgp local-preference 150\n") != NULL) == held);
	free(buf);
	eg_fix_plan_free(&p);
}

static void
test_fix_hold(void **state)
{
	static const char *const beyond[] = { "prefix-budget", NULL };
	static const char *const beyond_and_lp[] = { "prefix-budget", "lp-config", NULL };
	static const char *const elsewhere[] = { "vpn-adv-symmetry", NULL };
	static const char *const none[] = { NULL };
	struct eg_intent *in = NULL;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	fix_hold_case(in, beyond, true);
	fix_hold_case(in, beyond_and_lp, false);	/* it repairs lp-config: tried */
	fix_hold_case(in, elsewhere, false);		/* repairable elsewhere: not held */
	fix_hold_case(in, none, false);			/* nothing fails: drift is repaired */
	eg_intent_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_table),
		cmocka_unit_test(test_fix_compare),
		cmocka_unit_test(test_fix_unknown_device),
		cmocka_unit_test(test_fix_print),
		cmocka_unit_test(test_fix_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
