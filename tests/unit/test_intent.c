/*
 * test_intent.c - loading, validating and printing the intent.
 *
 * The built-in default must be the seed's reference design; XML and JSON
 * forms of one intent must load to equal structures; every invalid intent
 * under tests/data/intent/ must fail with EG_EINTENT and a message naming
 * its file and the line of the offending element; what eg_intent_print
 * writes must load back to the same intent.  Every test also fails when
 * something it did not expect was logged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "eg_embed.h"
#include "intent.h"

#include "eg_test_file.h"
#include "eg_test_log.h"

/* eg_test_path(rel) copied into buf, which outlives the next call. */
static const char *
root_path(const char *rel, char *buf, size_t size)
{
	snprintf(buf, size, "%s", eg_test_path(rel));
	return buf;
}

static struct eg_intent *
load_ok(const char *rel)
{
	struct eg_intent *in = NULL;
	char path[1024];
	eg_err err;

	err = eg_intent_load(root_path(rel, path, sizeof(path)), &in);
	if (err != EG_OK)
		fail_msg("%s: %s (%s: %s)", rel, eg_strerror(err),
			 eg_test_logged.n ? eg_test_logged.where[0] : "-",
			 eg_test_logged.n ? eg_test_logged.msg[0] : "-");
	assert_non_null(in);
	eg_test_log_expect_quiet();
	return in;
}

/* ------------------------------------------------------------ equality */

static char differ[512];

#define SAME_STR(what, a, b)                                                        \
	do {                                                                        \
		if (((a) == NULL) != ((b) == NULL) ||                               \
		    ((a) != NULL && strcmp((a), (b)) != 0)) {                       \
			snprintf(differ, sizeof(differ), "%s: \"%s\" vs \"%s\"", what,  \
				 (a) ? (a) : "(null)", (b) ? (b) : "(null)");       \
			return 0;                                                   \
		}                                                                   \
	} while (0)
#define SAME_NUM(what, a, b)                                                        \
	do {                                                                        \
		if ((unsigned long)(a) != (unsigned long)(b)) {                     \
			snprintf(differ, sizeof(differ), "%s: %lu vs %lu", what,         \
				 (unsigned long)(a), (unsigned long)(b));           \
			return 0;                                                   \
		}                                                                   \
	} while (0)
#define SAME_ADDR(what, a, b)                                                       \
	do {                                                                        \
		if (!eg_addr_eq(&(a), &(b))) {                                      \
			char x_[EG_ADDR_STRLEN], y_[EG_ADDR_STRLEN];                \
			snprintf(differ, sizeof(differ), "%s: %s vs %s", what,           \
				 eg_addr_fmt(&(a), x_), eg_addr_fmt(&(b), y_));     \
			return 0;                                                   \
		}                                                                   \
	} while (0)
#define SAME_PFX(what, a, b)                                                        \
	do {                                                                        \
		if (!eg_prefix_eq(&(a), &(b))) {                                    \
			char x_[EG_PREFIX_STRLEN], y_[EG_PREFIX_STRLEN];            \
			snprintf(differ, sizeof(differ), "%s: %s vs %s", what,           \
				 eg_prefix_fmt(&(a), x_), eg_prefix_fmt(&(b), y_)); \
			return 0;                                                   \
		}                                                                   \
	} while (0)

static int
device_eq(const struct eg_intent_device *a, const struct eg_intent_device *b)
{
	SAME_STR("device name", a->name, b->name);
	SAME_NUM("role", a->role, b->role);
	SAME_STR("host", a->host, b->host);
	SAME_NUM("port", a->port, b->port);
	SAME_STR("user", a->user, b->user);
	SAME_NUM("transport", a->transport, b->transport);
	SAME_STR("exec-command", a->exec_command, b->exec_command);
	SAME_STR("identity-file", a->identity_file, b->identity_file);
	SAME_STR("known-hosts", a->known_hosts, b->known_hosts);
	SAME_STR("password-env", a->password_env, b->password_env);
	SAME_NUM("strict-host-key", a->strict_host_key, b->strict_host_key);
	return 1;
}

static int
service_eq(const struct eg_service *a, const struct eg_service *b)
{
	size_t i;

	SAME_STR("service name", a->name, b->name);
	SAME_STR("instance", a->instance, b->instance);
	SAME_STR("table", a->table, b->table);
	SAME_STR("table-ipv6", a->table6, b->table6);
	if (a->dual_stack != b->dual_stack) {
		snprintf(differ, sizeof(differ), "dual-stack differs");
		return false;
	}
	SAME_NUM("onprem-prefix count", a->nonprem, b->nonprem);
	for (i = 0; i < a->nonprem; i++)
		SAME_PFX("onprem-prefix", a->onprem[i], b->onprem[i]);
	SAME_NUM("azure-prefix count", a->nazure, b->nazure);
	for (i = 0; i < a->nazure; i++)
		SAME_PFX("azure-prefix", a->azure[i], b->azure[i]);
	SAME_ADDR("test-hosts/onprem", a->onprem_test_host, b->onprem_test_host);
	SAME_ADDR("test-hosts/azure", a->azure_test_host, b->azure_test_host);
	SAME_NUM("link count", a->ner, b->ner);
	for (i = 0; i < a->ner; i++) {
		const struct eg_er_link *x = &a->er[i], *y = &b->er[i];

		SAME_STR("link name", x->name, y->name);
		SAME_STR("link ce", x->ce, y->ce);
		SAME_ADDR("msee-peer", x->msee_peer, y->msee_peer);
		SAME_ADDR("msee-peer-ipv6", x->msee_peer6, y->msee_peer6);
		SAME_PFX("p2p-subnet", x->p2p_subnet, y->p2p_subnet);
		SAME_STR("link ebgp-group", x->ebgp_group, y->ebgp_group);
		SAME_STR("link ibgp-group", x->ibgp_group, y->ibgp_group);
		SAME_NUM("link local-preference", x->local_pref, y->local_pref);
		SAME_ADDR("ce-address", x->ce_address, y->ce_address);
		SAME_ADDR("firewall-address", x->firewall_address, y->firewall_address);
	}
	SAME_STR("vpn firewall", a->vpn.firewall, b->vpn.firewall);
	SAME_NUM("vpn peer count", a->vpn.npeers, b->vpn.npeers);
	for (i = 0; i < a->vpn.npeers; i++) {
		SAME_ADDR("vpn peer", a->vpn.peers[i], b->vpn.peers[i]);
		SAME_ADDR("vpn peer ipv6", a->vpn.peers6[i], b->vpn.peers6[i]);
		SAME_STR("vpn tunnel", a->vpn.tunnels[i], b->vpn.tunnels[i]);
	}
	SAME_ADDR("vpn local-address", a->vpn.local_address, b->vpn.local_address);
	SAME_ADDR("vpn local-address-ipv6", a->vpn.local_address6, b->vpn.local_address6);
	SAME_STR("vpn ebgp-group", a->vpn.ebgp_group, b->vpn.ebgp_group);
	SAME_NUM("vpn local-preference", a->vpn.local_pref, b->vpn.local_pref);
	SAME_NUM("asn onprem", a->asn.onprem, b->asn.onprem);
	SAME_NUM("asn microsoft", a->asn.microsoft, b->asn.microsoft);
	SAME_NUM("asn azure", a->asn.azure, b->asn.azure);
	SAME_NUM("bfd", a->bfd.enabled, b->bfd.enabled);
	SAME_NUM("bfd minimum-interval", a->bfd.min_interval_ms, b->bfd.min_interval_ms);
	SAME_NUM("bfd multiplier", a->bfd.multiplier, b->bfd.multiplier);
	SAME_NUM("sku", a->budget.sku, b->budget.sku);
	SAME_NUM("expressroute-limit", a->budget.er_limit, b->budget.er_limit);
	SAME_NUM("vpn-limit", a->budget.vpn_limit, b->budget.vpn_limit);
	SAME_NUM("warn-percent", a->budget.warn_percent, b->budget.warn_percent);
	SAME_NUM("max-convergence", a->max_convergence_s, b->max_convergence_s);
	return 1;
}

/* 1 when a and b hold the same intent (the source may differ). */
static int
intent_eq(const struct eg_intent *a, const struct eg_intent *b)
{
	size_t i;

	SAME_NUM("device count", a->ndevices, b->ndevices);
	for (i = 0; i < a->ndevices; i++)
		if (!device_eq(&a->devices[i], &b->devices[i]))
			return 0;
	SAME_NUM("service count", a->nservices, b->nservices);
	for (i = 0; i < a->nservices; i++)
		if (!service_eq(&a->services[i], &b->services[i]))
			return 0;
	return 1;
}

static void
assert_intent_eq(const struct eg_intent *a, const struct eg_intent *b, const char *what)
{
	if (!intent_eq(a, b))
		fail_msg("%s: %s", what, differ);
}

/* ------------------------------------------------------------ tests */

static char *
fmt_addr(const struct eg_addr *a, char *buf)
{
	return eg_addr_fmt(a, buf);
}

/* The built-in default is the reference design of the seed. */
static void
test_default_is_seed(void **state)
{
	struct eg_intent *in = NULL;
	const struct eg_service *s;
	char b[16][EG_PREFIX_STRLEN];
	size_t i;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	eg_test_log_expect_quiet();
	assert_string_equal(in->source, "(built-in)");
	assert_int_equal(in->ndevices, 3);
	assert_int_equal(in->nservices, 1);
	s = &in->services[0];
	{
		const struct {
			const char *what, *got, *want;
		} strs[] = {
			{ "CE1", in->devices[0].name, "SEA-MX03-01" },
			{ "CE2", in->devices[1].name, "SEA-MX03-02" },
			{ "firewall", in->devices[2].name, "SEA-SRX42-01" },
			{ "CE1 host", in->devices[0].host, "SEA-MX03-01" },
			{ "firewall host", in->devices[2].host, "SEA-SRX42-01" },
			{ "service", s->name, "Cust11" },
			{ "instance", s->instance, "Cust11" },
			{ "table", s->table, "Cust11.inet.0" },
			{ "on-prem LAN", eg_prefix_fmt(&s->onprem[0], b[0]), "10.1.11.0/25" },
			{ "hub VNet", eg_prefix_fmt(&s->azure[0], b[1]), "10.17.11.0/25" },
			{ "spoke VNet", eg_prefix_fmt(&s->azure[1], b[2]), "10.17.11.128/26" },
			{ "on-prem test server", fmt_addr(&s->onprem_test_host, b[3]), "10.1.11.10" },
			{ "spoke test VM", fmt_addr(&s->azure_test_host, b[4]), "10.17.11.132" },
			{ "primary CE", s->er[0].ce, "SEA-MX03-01" },
			{ "secondary CE", s->er[1].ce, "SEA-MX03-02" },
			{ "MSEE primary", fmt_addr(&s->er[0].msee_peer, b[5]), "192.168.11.18" },
			{ "MSEE secondary", fmt_addr(&s->er[1].msee_peer, b[6]), "192.168.11.22" },
			{ "p2p primary", eg_prefix_fmt(&s->er[0].p2p_subnet, b[7]), "192.168.11.16/30" },
			{ "p2p secondary", eg_prefix_fmt(&s->er[1].p2p_subnet, b[8]), "192.168.11.20/30" },
			{ "CE1 to firewall", fmt_addr(&s->er[0].ce_address, b[9]), "192.168.11.0" },
			{ "firewall to CE1", fmt_addr(&s->er[0].firewall_address, b[10]), "192.168.11.1" },
			{ "CE2 to firewall", fmt_addr(&s->er[1].ce_address, b[11]), "192.168.11.2" },
			{ "firewall to CE2", fmt_addr(&s->er[1].firewall_address, b[12]), "192.168.11.3" },
			{ "VPN peer 1", fmt_addr(&s->vpn.peers[0], b[13]), "10.17.11.76" },
			{ "VPN peer 2", fmt_addr(&s->vpn.peers[1], b[14]), "10.17.11.77" },
			{ "firewall VPN address", fmt_addr(&s->vpn.local_address, b[15]), "192.168.11.88" },
			{ "tunnel 1", s->vpn.tunnels[0], "st0.118" },
			{ "tunnel 2", s->vpn.tunnels[1], "st0.119" },
			{ "VPN firewall", s->vpn.firewall, "SEA-SRX42-01" },
			{ "VPN group", s->vpn.ebgp_group, "vpn" },
			{ "CE1 ebgp group", s->er[0].ebgp_group, "ebgp" },
			{ "CE2 ibgp group", s->er[1].ibgp_group, "ibgp" },
		};
		const struct {
			const char *what;
			unsigned long got, want;
		} nums[] = {
			{ "on-prem prefixes", s->nonprem, 1 },
			{ "Azure prefixes", s->nazure, 2 },
			{ "links", s->ner, 2 },
			{ "VPN peers", s->vpn.npeers, 2 },
			{ "CE1 role", in->devices[0].role, EG_ROLE_CE },
			{ "CE2 role", in->devices[1].role, EG_ROLE_CE },
			{ "firewall role", in->devices[2].role, EG_ROLE_FIREWALL },
			{ "port", in->devices[0].port, 830 },
			{ "transport", in->devices[1].transport, EG_TRANSPORT_SSH },
			{ "strict host key", in->devices[2].strict_host_key, 1 },
			{ "on-prem ASN", s->asn.onprem, 65020 },
			{ "Microsoft ASN", s->asn.microsoft, 12076 },
			{ "Azure ASN", s->asn.azure, 65515 },
			{ "CE1 LP", s->er[0].local_pref, 150 },
			{ "CE2 LP", s->er[1].local_pref, 150 },
			{ "VPN LP", s->vpn.local_pref, 100 },
			{ "BFD", s->bfd.enabled, 1 },
			{ "BFD interval", s->bfd.min_interval_ms, 300 },
			{ "BFD multiplier", s->bfd.multiplier, 3 },
			{ "SKU", s->budget.sku, EG_SKU_STANDARD },
			{ "ER limit", s->budget.er_limit, 4000 },
			{ "VPN limit", s->budget.vpn_limit, 4000 },
			{ "warn percent", s->budget.warn_percent, 80 },
			{ "max convergence", s->max_convergence_s, 10 },
		};

		for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			if (strs[i].got == NULL || strcmp(strs[i].got, strs[i].want) != 0)
				fail_msg("%s: \"%s\", want \"%s\"", strs[i].what,
					 strs[i].got ? strs[i].got : "(null)", strs[i].want);
		for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
			if (nums[i].got != nums[i].want)
				fail_msg("%s: %lu, want %lu", nums[i].what, nums[i].got, nums[i].want);
	}
	for (i = 0; i < in->ndevices; i++) {
		assert_null(in->devices[i].user);
		assert_null(in->devices[i].exec_command);
		assert_null(in->devices[i].password_env);
	}
	eg_intent_free(in);
}

/* Forms of one intent that must load to equal structures. */
static void
test_forms_equal(void **state)
{
	static const struct {
		const char *a, *b;
	} cases[] = {
		{ "yang/default-intent.xml", "yang/examples/intent-default.json" },
		{ "yang/examples/intent-two-services.xml", "yang/examples/intent-two-services.json" },
	};
	struct eg_intent *def = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_intent *a = load_ok(cases[i].a), *b = load_ok(cases[i].b);

		assert_intent_eq(a, b, cases[i].b);
		eg_intent_free(a);
		eg_intent_free(b);
	}
	/* The compiled-in default is the file. */
	{
		struct eg_intent *f = load_ok("yang/default-intent.xml");

		assert_int_equal(eg_intent_default(&def), EG_OK);
		assert_intent_eq(def, f, "built-in default");
		eg_intent_free(f);
	}
	eg_intent_free(def);
}

/* What the loader fills in when the document leaves values out. */
static void
test_loader_defaults(void **state)
{
	struct eg_intent *in;
	const struct eg_service *s11, *s12;
	const struct eg_intent_device *fw, *ce2;

	(void)state;
	in = load_ok("yang/examples/intent-two-services.xml");
	s11 = eg_intent_service(in, "Cust11");
	s12 = eg_intent_service(in, "Cust12");
	fw = eg_intent_device(in, "SEA-SRX42-01");
	ce2 = eg_intent_device(in, "SEA-MX03-02");
	assert_non_null(s11);
	assert_non_null(s12);
	assert_non_null(fw);
	assert_non_null(ce2);
	/* instance = name, table = instance.inet.0 */
	assert_string_equal(s12->instance, s12->name);
	assert_string_equal(s12->table, "Cust12.inet.0");
	/* premium SKU without a limit takes the premium limit */
	assert_int_equal(s12->budget.sku, EG_SKU_PREMIUM);
	assert_int_equal(s12->budget.er_limit, 10000);
	assert_int_equal(s11->budget.er_limit, 4000);
	/* YANG defaults */
	assert_false(s12->bfd.enabled);
	assert_int_equal(s12->asn.microsoft, s11->asn.microsoft);
	assert_int_equal(s12->er[0].local_pref, s11->er[0].local_pref);
	assert_string_equal(s12->er[1].ibgp_group, s11->er[1].ibgp_group);
	assert_int_equal(s12->vpn.local_pref, s11->vpn.local_pref);
	assert_null(s12->vpn.ebgp_group);
	assert_int_equal(s12->onprem_test_host.family, 0);
	/* host defaults to the name; exec transport keeps its command */
	assert_string_equal(fw->host, fw->name);
	assert_int_equal(fw->transport, EG_TRANSPORT_EXEC);
	assert_non_null(fw->exec_command);
	/* no <port>: 0, the ssh configuration decides */
	assert_int_equal(fw->port, 0);
	assert_int_equal(ce2->port, 22830);
	assert_string_equal(ce2->password_env, "ERGUARD_MX_PASSWORD");
	assert_true(ce2->strict_host_key);
	eg_intent_free(in);
}

static size_t
count_str(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/*
 * A device's port: absent (or left to the YANG default) is 0, so that
 * the ssh configuration's Port can apply; an explicit value, 830
 * included, is kept.  Printing leaves an unset port out, in either
 * format, and what is printed loads back to the same port.
 */
static void
test_port(void **state)
{
	static const struct {
		const char *file;	/* the intent whose first device's port is replaced */
		const char *port;	/* its port element as written */
		const char *with;	/* replaced by this */
		unsigned want;
	} cases[] = {
		{ "yang/default-intent.xml", "<port>830</port>", "", 0 },
		{ "yang/default-intent.xml", "<port>830</port>", "<port>830</port>", 830 },
		{ "yang/default-intent.xml", "<port>830</port>", "<port>22830</port>", 22830 },
		{ "yang/default-intent.xml", "<port>830</port>", "<port>22</port>", 22 },
		{ "yang/examples/intent-default.json", "\"port\": 830,", "", 0 },
		{ "yang/examples/intent-default.json", "\"port\": 830,", "\"port\": 830,", 830 },
		{ "yang/examples/intent-default.json", "\"port\": 830,", "\"port\": 22830,", 22830 },
	};
	static const struct {
		const char *format, *port;
	} prints[] = { { "xml", "<port>" }, { "json", "\"port\"" } };
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[1024], *orig, *text, *at;
		struct eg_intent *in = NULL;
		size_t len, plen = strlen(cases[i].port), wlen = strlen(cases[i].with);

		orig = eg_test_slurp(root_path(cases[i].file, path, sizeof(path)), &len);
		at = strstr(orig, cases[i].port);
		assert_non_null(at);
		text = malloc(len - plen + wlen + 1);
		assert_non_null(text);
		memcpy(text, orig, (size_t)(at - orig));
		memcpy(text + (at - orig), cases[i].with, wlen);
		strcpy(text + (at - orig) + wlen, at + plen);
		if (eg_intent_load_mem(cases[i].file, text, strlen(text), &in) != EG_OK)
			fail_msg("case %zu: the intent does not load", i);
		eg_test_log_expect_quiet();
		if (in->devices[0].port != cases[i].want)
			fail_msg("case %zu: port %u, expected %u", i, in->devices[0].port, cases[i].want);
		/* the other devices keep their explicit 830 */
		assert_int_equal(in->devices[1].port, 830);
		for (k = 0; k < sizeof(prints) / sizeof(prints[0]); k++) {
			struct eg_intent *back = NULL;
			char *out = NULL;
			size_t olen = 0;
			FILE *f = open_memstream(&out, &olen);

			assert_non_null(f);
			assert_int_equal(eg_intent_print(in, prints[k].format, f), EG_OK);
			fclose(f);
			if (count_str(out, prints[k].port) != (cases[i].want != 0 ? 3u : 2u))
				fail_msg("case %zu: %s printed %zu ports", i, prints[k].format,
					 count_str(out, prints[k].port));
			assert_int_equal(eg_intent_load_mem("printed", out, olen, &back), EG_OK);
			eg_test_log_expect_quiet();
			assert_int_equal(back->devices[0].port, cases[i].want);
			eg_intent_free(back);
			free(out);
		}
		eg_intent_free(in);
		free(text);
		free(orig);
	}
}

static void
test_lookups(void **state)
{
	struct eg_intent *in = NULL;
	const struct eg_service *s;
	const struct eg_er_link *l;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	eg_test_log_expect_quiet();
	assert_ptr_equal(eg_intent_device(in, "SEA-MX03-02"), &in->devices[1]);
	assert_null(eg_intent_device(in, "SEA-MX03-0"));
	assert_null(eg_intent_device(in, NULL));
	assert_null(eg_intent_device(NULL, "SEA-MX03-02"));
	s = eg_intent_service(in, "Cust11");
	assert_ptr_equal(s, &in->services[0]);
	assert_null(eg_intent_service(in, "Cust1"));
	l = eg_service_er_of(s, "SEA-MX03-02");
	assert_non_null(l);
	assert_string_equal(l->name, "secondary");
	assert_null(eg_service_er_of(s, "SEA-SRX42-01"));
	assert_null(eg_service_er_of(NULL, "SEA-MX03-02"));
	eg_intent_free(in);
	eg_intent_free(NULL);
}

/*
 * Each invalid intent: EG_EINTENT, and an error at FILE:LINE whose text
 * holds the given words.  Lines are those of the offending element.
 */
static void
test_invalid(void **state)
{
	static const struct {
		const char *file;
		unsigned line;
		const char *words;
	} cases[] = {
		{ "hostbits.xml", 38, "host bits set" },
		{ "hostbits.json", 73, "192.168.11.21/30 has host bits set" },
		{ "no-links.xml", 34, "Too few \"link\"" },
		{ "dup-msee.xml", 65, "msee-peer must be unique" },
		{ "v6-no-msee.xml", 66, "link secondary has no msee-peer-ipv6" },
		{ "v6-no-vpn-peer.xml", 86, "VPN peer 10.17.11.77 has no address-ipv6" },
		{ "v6-msee-in-v4.xml", 57, "msee-peer is the IPv4 session" },
		{ "v6-dup-msee.xml", 70, "2001:db8:11:16::2 is also the MSEE peer of link primary" },
		{ "v6-onprem-only.xml", 34, "IPv6 prefixes on one side only" },
		{ "v6-no-local.xml", 79, "the VPN has no local-address-ipv6" },
		{ "msee-outside.xml", 65, "outside the link's p2p-subnet" },
		{ "ce-role.xml", 64, "must be a device of role ce" },
		{ "ce-role.json", 71, "must be a device of role ce" },
		{ "vpn-role.xml", 75, "must be a device of role firewall" },
		{ "unknown-device.xml", 64, "SEA-MX03-03" },
		{ "lp-order.xml", 58, "must exceed the VPN's" },
		{ "bfd-range.xml", 89, "minimum-interval" },
		{ "unknown-element.xml", 96, "\"vpn-limits\" not found" },
		{ "tag-mismatch.xml", 37, "tabel" },
		{ "dup-device.xml", 14, "Duplicate instance of \"device\"" },
		{ "missing-role.xml", 24, "\"role\"" },
		{ "exec-command.xml", 10, "exec-command" },
		{ "host-dash.xml", 7, "begins with '-'" },
		{ "overlap.xml", 40, "overlaps onprem-prefix 10.1.11.0/25" },
		{ "dup-vpn-peer.xml", 81, "listed twice" },
		{ "same-instance.xml", 102, "also used by service Cust11" },
		{ "ce-equals-fw.xml", 71, "equals the link's ce-address" },
		{ "namespace.xml", 3, "urn:erguard:intents" },
		{ "not-intent.txt", 3, "neither XML nor JSON" },
		{ "empty.xml", 1, "empty" },
		{ "prefix-len.json", 45, "10.17.11.128/33" },
		{ "trailing-comma.json", 101, "JSON" },
		{ "missing-msee.json", 69, "\"msee-peer\"" },
	};
	const struct eg_test_log *l = &eg_test_logged;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_intent *in = (struct eg_intent *)&in;
		char rel[256], path[1024], where[1100];
		int found = 0;
		eg_err err;

		snprintf(rel, sizeof(rel), "tests/data/intent/%s", cases[i].file);
		root_path(rel, path, sizeof(path));
		eg_test_log_clear();
		err = eg_intent_load(path, &in);
		if (err != EG_EINTENT)
			fail_msg("%s: %s, want invalid intent", cases[i].file, eg_strerror(err));
		assert_null(in);
		snprintf(where, sizeof(where), "%s:%u", path, cases[i].line);
		for (k = 0; k < l->n; k++)
			if (l->level[k] == EG_LOG_ERROR && strcmp(l->where[k], where) == 0 &&
			    strstr(l->msg[k], cases[i].words) != NULL)
				found = 1;
		if (!found) {
			for (k = 0; k < l->n; k++)
				print_error("  logged: %s: %s\n", l->where[k], l->msg[k]);
			fail_msg("%s: no error at line %u saying \"%s\"", cases[i].file,
				 cases[i].line, cases[i].words);
		}
		eg_test_log_clear();
	}
}

/* A valid intent whose test host lies outside its prefixes: a warning only. */
static void
test_warning(void **state)
{
	static const char doc[] =
		"<intent xmlns=\"urn:erguard:intent\">\n"
		"  <device><name>a</name><role>ce</role></device>\n"
		"  <device><name>f</name><role>firewall</role></device>\n"
		"  <service><name>S</name>\n"
		"    <onprem-prefix>10.0.0.0/24</onprem-prefix>\n"
		"    <azure-prefix>10.9.0.0/24</azure-prefix>\n"
		"    <test-hosts>\n"
		"      <azure>10.9.1.1</azure>\n"
		"    </test-hosts>\n"
		"    <expressroute><link><name>p</name><ce>a</ce><msee-peer>10.8.0.2</msee-peer>\n"
		"      <p2p-subnet>10.8.0.0/30</p2p-subnet><ce-address>10.8.1.0</ce-address>\n"
		"      <firewall-address>10.8.1.1</firewall-address></link></expressroute>\n"
		"    <vpn><firewall>f</firewall><peer><address>10.9.0.4</address></peer>\n"
		"      <local-address>10.8.2.1</local-address></vpn>\n"
		"  </service>\n"
		"</intent>\n";
	struct eg_intent *in = NULL;

	(void)state;
	assert_int_equal(eg_intent_load_mem("mem.xml", doc, strlen(doc), &in), EG_OK);
	assert_non_null(in);
	assert_int_equal(eg_test_logged.n, 1);
	assert_int_equal(eg_test_logged.level[0], EG_LOG_WARN);
	assert_string_equal(eg_test_logged.where[0], "mem.xml:8");
	assert_non_null(strstr(eg_test_logged.msg[0], "10.9.1.1"));
	eg_test_log_clear();
	/* a minimal intent gets every default */
	assert_string_equal(in->devices[0].host, "a");
	assert_string_equal(in->services[0].table, "S.inet.0");
	assert_false(in->services[0].bfd.enabled);
	assert_int_equal(in->services[0].vpn.tunnels[0] == NULL, 1);
	eg_intent_free(in);
}

static void
test_unreadable(void **state)
{
	struct eg_intent *in = (struct eg_intent *)&in;
	char path[1024];

	(void)state;
	root_path("tests/data/intent/no-such-file.xml", path, sizeof(path));
	assert_int_equal(eg_intent_load(path, &in), EG_EIO);
	assert_null(in);
	assert_int_equal(eg_test_logged.n, 1);
	assert_string_equal(eg_test_logged.where[0], path);
	eg_test_log_clear();
	root_path("tests/data/intent", path, sizeof(path));
	assert_int_equal(eg_intent_load(path, &in), EG_EIO);
	eg_test_log_clear();
	/* a file past the size cap is an invalid intent, said so, never read whole */
	{
		char big[] = "/tmp/eg-test-intent-XXXXXX";
		int fd = mkstemp(big);

		assert_true(fd >= 0);
		assert_int_equal(ftruncate(fd, (off_t)EG_INTENT_MAX_BYTES + 1), 0);
		close(fd);
		assert_int_equal(eg_intent_load(big, &in), EG_EINTENT);
		assert_int_equal(eg_test_logged.n, 1);
		assert_non_null(strstr(eg_test_logged.msg[0], "larger than"));
		eg_test_log_clear();
		unlink(big);
	}
}

/* Print, load what was printed: the same intent, and the same text again. */
static void
test_round_trip(void **state)
{
	static const char *const files[] = {
		"yang/default-intent.xml",
		"yang/examples/intent-default.json",
		"yang/examples/intent-two-services.xml",
		"yang/examples/intent-two-services.json",
		"tests/data/intent/dual-stack.xml",
	};
	static const char *const formats[] = { "xml", "json" };
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct eg_intent *in = load_ok(files[i]);

		for (k = 0; k < 2; k++) {
			struct eg_intent *back = NULL;
			char *text = NULL, *text2 = NULL;
			size_t len = 0, len2 = 0;
			FILE *f = open_memstream(&text, &len);

			assert_non_null(f);
			assert_int_equal(eg_intent_print(in, formats[k], f), EG_OK);
			fclose(f);
			assert_true(len > 100);
			assert_int_equal(eg_intent_load_mem("printed", text, len, &back), EG_OK);
			eg_test_log_expect_quiet();
			assert_intent_eq(in, back, files[i]);
			f = open_memstream(&text2, &len2);
			assert_int_equal(eg_intent_print(back, formats[k], f), EG_OK);
			fclose(f);
			assert_string_equal(text, text2);
			eg_intent_free(back);
			free(text);
			free(text2);
		}
		eg_intent_free(in);
	}
}

/*
 * A dual-stack service: the IPv6 peers and table beside the IPv4 ones,
 * and its view per family holds that family's prefixes and peers only.
 */
static void
test_dual_stack(void **state)
{
	struct eg_intent *in = load_ok("tests/data/intent/dual-stack.xml");
	const struct eg_service *s = &in->services[0];
	struct eg_service v;
	char b[EG_PREFIX_STRLEN];
	size_t i;

	(void)state;
	assert_true(s->dual_stack);
	assert_int_equal(s->family, 0);
	assert_string_equal(s->table6, "Cust11.inet6.0");
	assert_string_equal(eg_addr_fmt(&s->er[0].msee_peer6, b), "2001:db8:11:16::2");
	assert_string_equal(eg_addr_fmt(&s->er[1].msee_peer6, b), "2001:db8:11:20::2");
	assert_string_equal(eg_addr_fmt(&s->vpn.peers6[1], b), "2001:db8:17:ff::77");
	eg_service_family_view(s, 6, &v);
	assert_int_equal(v.family, 6);
	assert_string_equal(v.table, "Cust11.inet6.0");
	assert_int_equal(v.nonprem, 1);
	assert_string_equal(eg_prefix_fmt(&v.onprem[0], b), "2001:db8:1:11::/64");
	assert_int_equal(v.nazure, 2);
	assert_string_equal(eg_addr_fmt(&v.er[0].msee_peer, b), "2001:db8:11:16::2");
	assert_int_equal(v.vpn.npeers, 2);
	assert_string_equal(eg_addr_fmt(&v.vpn.peers[0], b), "2001:db8:17:ff::76");
	assert_string_equal(eg_addr_fmt(&v.vpn.local_address, b), "2001:db8:11:88::1");
	assert_string_equal(v.vpn.tunnels[1], "st0.119");
	eg_service_family_view_free(&v);
	eg_service_family_view(s, 4, &v);
	assert_string_equal(v.table, "Cust11.inet.0");
	assert_int_equal(v.nonprem, 1);
	assert_int_equal(v.nazure, 2);
	for (i = 0; i < v.nazure; i++)
		assert_int_equal(v.azure[i].addr.family, 4);
	assert_string_equal(eg_addr_fmt(&v.vpn.peers[1], b), "10.17.11.77");
	assert_string_equal(eg_addr_fmt(&v.vpn.local_address, b), "192.168.11.88");
	eg_service_family_view_free(&v);
	eg_intent_free(in);
	/* the reference design is IPv4 only */
	assert_int_equal(eg_intent_default(&in), EG_OK);
	assert_false(in->services[0].dual_stack);
	eg_intent_free(in);
}

/* Printing refuses what is not a valid intent and unknown formats. */
static void
test_print_errors(void **state)
{
	struct eg_intent *in = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(eg_intent_default(&in), EG_OK);
	f = open_memstream(&text, &len);
	assert_int_equal(eg_intent_print(in, "yaml", f), EG_EINVAL);
	/* the VPN preferred over ExpressRoute */
	in->services[0].vpn.local_pref = 500;
	assert_int_equal(eg_intent_print(in, "xml", f), EG_EINTENT);
	assert_true(eg_test_logged.n >= 1);
	assert_non_null(strstr(eg_test_logged.msg[0], "local-preference"));
	eg_test_log_clear();
	fclose(f);
	free(text);
	eg_intent_free(in);
}

static void
test_schema(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(eg_intent_schema(f), EG_OK);
	fclose(f);
	assert_int_equal(len, eg_embed_erguard_intent_yang_len);
	assert_non_null(strstr(text, "module erguard-intent"));
	assert_non_null(strstr(text, "urn:erguard:intent"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_default_is_seed),
		EG_TEST_LOG_UNIT(test_forms_equal),
		EG_TEST_LOG_UNIT(test_loader_defaults),
		EG_TEST_LOG_UNIT(test_port),
		EG_TEST_LOG_UNIT(test_lookups),
		EG_TEST_LOG_UNIT(test_invalid),
		EG_TEST_LOG_UNIT(test_warning),
		EG_TEST_LOG_UNIT(test_unreadable),
		EG_TEST_LOG_UNIT(test_round_trip),
		EG_TEST_LOG_UNIT(test_dual_stack),
		EG_TEST_LOG_UNIT(test_print_errors),
		EG_TEST_LOG_UNIT(test_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
