/*
 * test_junos_scripts.c - the installation lines printed for an intent:
 * per-device sections, the apply-macro values each role gets, the event
 * policy's peers, every macro name being one the scripts read, and the
 * error returns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "eg_junos_sums.h"
#include "junos_scripts.h"

#include "eg_test_file.h"

/* An intent built by hand, shaped like the reference design. */
struct fixture {
	struct eg_intent in;
	struct eg_intent_device dev[4];
	struct eg_service svc;
	struct eg_er_link er[2];
	struct eg_prefix onprem[1], azure[2];
	struct eg_addr vpn_peers[2];
};

static void
fx_addr(const char *s, struct eg_addr *a)
{
	assert_int_equal(eg_addr_parse(s, a), EG_OK);
}

static void
fx_prefix(const char *s, struct eg_prefix *p)
{
	assert_int_equal(eg_prefix_parse(s, p), EG_OK);
}

static void
fx_link(struct eg_er_link *l, const char *name, const char *ce, const char *msee,
	const char *ce_addr, const char *fw_addr)
{
	memset(l, 0, sizeof(*l));
	l->name = (char *)name;
	l->ce = (char *)ce;
	fx_addr(msee, &l->msee_peer);
	l->ebgp_group = (char *)"ebgp";
	l->ibgp_group = (char *)"ibgp";
	l->local_pref = 150;
	fx_addr(ce_addr, &l->ce_address);
	fx_addr(fw_addr, &l->firewall_address);
}

static void
fx_init(struct fixture *fx)
{
	static const char *const names[] = { "SEA-MX03-01", "SEA-MX03-02", "SEA-SRX42-01", "SPARE-01" };
	size_t i;

	memset(fx, 0, sizeof(*fx));
	for (i = 0; i < 4; i++) {
		fx->dev[i].name = (char *)names[i];
		fx->dev[i].role = i == 2 ? EG_ROLE_FIREWALL : EG_ROLE_CE;
		fx->dev[i].port = 830;
	}
	fx_link(&fx->er[0], "primary", "SEA-MX03-01", "192.168.11.18", "192.168.11.0", "192.168.11.1");
	fx_link(&fx->er[1], "secondary", "SEA-MX03-02", "192.168.11.22", "192.168.11.2", "192.168.11.3");
	fx_prefix("10.1.11.0/25", &fx->onprem[0]);
	fx_prefix("10.17.11.0/25", &fx->azure[0]);
	fx_prefix("10.17.11.128/26", &fx->azure[1]);
	fx_addr("10.17.11.76", &fx->vpn_peers[0]);
	fx_addr("10.17.11.77", &fx->vpn_peers[1]);
	fx->svc.name = (char *)"Cust11";
	fx->svc.instance = (char *)"Cust11";
	fx->svc.table = (char *)"Cust11.inet.0";
	fx->svc.onprem = fx->onprem;
	fx->svc.nonprem = 1;
	fx->svc.azure = fx->azure;
	fx->svc.nazure = 2;
	fx->svc.er = fx->er;
	fx->svc.ner = 2;
	fx->svc.vpn.firewall = (char *)"SEA-SRX42-01";
	fx->svc.vpn.peers = fx->vpn_peers;
	fx->svc.vpn.npeers = 2;
	fx->svc.vpn.ebgp_group = (char *)"vpn";
	fx->svc.vpn.local_pref = 100;
	fx->svc.asn.onprem = 65020;
	fx->svc.asn.microsoft = 12076;
	fx->svc.asn.azure = 65515;
	fx->svc.bfd.enabled = true;
	fx->svc.bfd.min_interval_ms = 300;
	fx->svc.bfd.multiplier = 3;
	fx->in.source = (char *)"test-intent.xml";
	fx->in.devices = fx->dev;
	fx->in.ndevices = 3;
	fx->in.services = &fx->svc;
	fx->in.nservices = 1;
}

/* Print into a string; caller frees. */
static char *
fx_print(const struct eg_intent *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(eg_junos_scripts_print(in, f), EG_OK);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	return buf;
}

/* The text of one device's section ("# ==== NAME" up to the next one); caller frees. */
static char *
fx_section(const char *out, const char *device)
{
	char head[128];
	const char *start, *end;
	char *s;

	snprintf(head, sizeof(head), "# ==== %s", device);
	start = strstr(out, head);
	assert_non_null(start);
	end = strstr(start + 1, "# ==== ");
	if (end == NULL)
		end = start + strlen(start);
	s = strndup(start, (size_t)(end - start));
	assert_non_null(s);
	return s;
}

static int
fx_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

enum variant { V_REFERENCE, V_NO_BFD, V_SPARE_DEVICE, V_NO_VPN_GROUP };

struct section_case {
	const char *label;
	enum variant variant;
	const char *device;
	const char *const present[12];
	const char *const absent[6];
};

static const struct section_case section_cases[] = {
	{ "CE1 in the reference design", V_REFERENCE, "SEA-MX03-01",
	  { "# copy " EG_JUNOS_SCRIPTS_DIR "/erguard-commit.xsl to SEA-MX03-01:/var/db/scripts/commit/erguard-commit.xsl",
	    "set system scripts commit file erguard-commit.xsl checksum sha-256 " EG_SHA256_erguard_commit_xsl,
	    "set system scripts op file erguard-check.xsl checksum sha-256 " EG_SHA256_erguard_check_xsl,
	    "set event-options event-script file erguard-event.xsl checksum sha-256 " EG_SHA256_erguard_event_xsl,
	    "set event-options policy erguard-Cust11 then event-script erguard-event.xsl arguments instance Cust11",
	    "set event-options policy erguard-Cust11 then event-script erguard-event.xsl arguments peers \"192.168.11.18 192.168.11.1\"",
	    "set routing-instances Cust11 apply-macro erguard role ce",
	    "set routing-instances Cust11 apply-macro erguard ibgp-group ibgp",
	    "set routing-instances Cust11 apply-macro erguard local-preference 150",
	    "set routing-instances Cust11 apply-macro erguard bfd-minimum-interval 300",
	    "set routing-instances Cust11 apply-macro erguard bfd-multiplier 3",
	    "set routing-instances Cust11 apply-macro erguard expressroute-prefixes 10.1.11.0/25" },
	  { "role firewall", "azure-prefixes", "192.168.11.22", NULL } },
	{ "CE2 peers with its own MSEE and firewall address", V_REFERENCE, "SEA-MX03-02",
	  { "set event-options policy erguard-Cust11 then event-script erguard-event.xsl arguments peers \"192.168.11.22 192.168.11.3\"",
	    "set routing-instances Cust11 apply-macro erguard ebgp-group ebgp",
	    NULL },
	  { "192.168.11.18", NULL } },
	{ "the firewall", V_REFERENCE, "SEA-SRX42-01",
	  { "set routing-instances Cust11 apply-macro erguard role firewall",
	    "set routing-instances Cust11 apply-macro erguard vpn-group vpn",
	    "set routing-instances Cust11 apply-macro erguard expressroute-prefixes 10.1.11.0/25",
	    "set routing-instances Cust11 apply-macro erguard azure-prefixes \"10.17.11.0/25 10.17.11.128/26\"",
	    "set routing-instances Cust11 apply-macro erguard local-preference 150",
	    "set routing-instances Cust11 apply-macro erguard vpn-local-preference 100",
	    "set routing-instances Cust11 apply-macro erguard microsoft-as 12076",
	    "set routing-instances Cust11 apply-macro erguard azure-as 65515",
	    "set event-options policy erguard-Cust11 then event-script erguard-event.xsl arguments peers \"10.17.11.76 10.17.11.77 192.168.11.0 192.168.11.2\"",
	    NULL },
	  { "role ce", "bfd-minimum-interval", "ibgp-group", NULL } },
	{ "no BFD in the intent: no BFD values", V_NO_BFD, "SEA-MX03-01",
	  { "set routing-instances Cust11 apply-macro erguard role ce", NULL },
	  { "bfd-minimum-interval", "bfd-multiplier", NULL } },
	{ "a device no service uses", V_SPARE_DEVICE, "SPARE-01",
	  { "# ==== SPARE-01: no service of the intent uses this device; nothing to install", NULL },
	  { "set ", NULL } },
	{ "a firewall without a VPN group", V_NO_VPN_GROUP, "SEA-SRX42-01",
	  { "set routing-instances Cust11 apply-macro erguard role firewall", NULL },
	  { "vpn-group", NULL } },
};

static void
test_sections(void **state)
{
	size_t c, i;

	(void)state;
	for (c = 0; c < sizeof(section_cases) / sizeof(section_cases[0]); c++) {
		const struct section_case *sc = &section_cases[c];
		struct fixture fx;
		char *out, *sec;

		fx_init(&fx);
		if (sc->variant == V_NO_BFD)
			fx.svc.bfd.enabled = false;
		if (sc->variant == V_SPARE_DEVICE)
			fx.in.ndevices = 4;
		if (sc->variant == V_NO_VPN_GROUP)
			fx.svc.vpn.ebgp_group = NULL;
		out = fx_print(&fx.in);
		sec = fx_section(out, sc->device);
		for (i = 0; i < 12 && sc->present[i] != NULL; i++) {
			if (!fx_has_line(sec, sc->present[i]))
				fail_msg("%s: missing line \"%s\" in:\n%s", sc->label, sc->present[i], sec);
		}
		for (i = 0; i < 6 && sc->absent[i] != NULL; i++) {
			if (strstr(sec, sc->absent[i]) != NULL)
				fail_msg("%s: unexpected \"%s\" in:\n%s", sc->label, sc->absent[i], sec);
		}
		free(sec);
		free(out);
	}
}

/* Every line is a comment or a set line: the whole output can be pasted. */
static void
test_every_line_pastes(void **state)
{
	struct fixture fx;
	char *out, *line, *save = NULL;
	size_t sets = 0;

	(void)state;
	fx_init(&fx);
	fx.in.ndevices = 4;
	out = fx_print(&fx.in);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "set ", 4) == 0)
			sets++;
		else if (line[0] != '#')
			fail_msg("line neither a comment nor a set line: \"%s\"", line);
	}
	assert_true(sets > 20);
	free(out);
}

/* The file list names the scripts that exist under junos-scripts/. */
static void
test_files_exist(void **state)
{
	const struct eg_junos_script *s;
	size_t n, i;

	(void)state;
	s = eg_junos_scripts(&n);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		char path[1024];
		FILE *f;
		snprintf(path, sizeof(path), "junos-scripts/%s", s[i].source);
		snprintf(path, sizeof(path), "%s", eg_test_path(path));
		f = fopen(path, "r");
		if (f == NULL)
			fail_msg("%s: not found", path);
		fclose(f);
		assert_non_null(strstr(s[i].dir, s[i].kind));
	}
}

/* Every apply-macro name printed is one that some script reads. */
static void
test_macro_names_are_read(void **state)
{
	const struct eg_junos_script *s;
	struct fixture fx;
	char *out, *all, *line, *save = NULL;
	size_t n, i, len = 0, checked = 0;

	(void)state;
	s = eg_junos_scripts(&n);
	all = calloc(1, 1);
	assert_non_null(all);
	for (i = 0; i < n; i++) {
		char path[1024], *text;
		size_t tlen;

		snprintf(path, sizeof(path), "junos-scripts/%s", s[i].source);
		snprintf(path, sizeof(path), "%s", eg_test_path(path));
		text = eg_test_slurp(path, &tlen);
		assert_true(tlen > 0);
		all = realloc(all, len + strlen(text) + 1);
		assert_non_null(all);
		memcpy(all + len, text, strlen(text) + 1);
		len += strlen(text);
		free(text);
	}
	fx_init(&fx);
	out = fx_print(&fx.in);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		const char *p = strstr(line, " apply-macro erguard ");
		char name[64], quoted[80];
		if (p == NULL)
			continue;
		assert_int_equal(sscanf(p + strlen(" apply-macro erguard "), "%63s", name), 1);
		snprintf(quoted, sizeof(quoted), "'%s'", name);
		if (strstr(all, quoted) == NULL)
			fail_msg("apply-macro erguard %s: no script reads it", name);
		checked++;
	}
	assert_true(checked >= 15);
	free(out);
	free(all);
}

static void
test_errors(void **state)
{
	struct fixture fx;
	FILE *full;

	(void)state;
	fx_init(&fx);
	assert_int_equal(eg_junos_scripts_print(NULL, stdout), EG_EINVAL);
	assert_int_equal(eg_junos_scripts_print(&fx.in, NULL), EG_EINVAL);
	full = fopen("/dev/full", "w");
	if (full == NULL)
		skip();
	assert_int_equal(eg_junos_scripts_print(&fx.in, full), EG_EIO);
	fclose(full);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_every_line_pastes),
		cmocka_unit_test(test_files_exist),
		cmocka_unit_test(test_macro_names_are_read),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
