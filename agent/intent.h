/*
 * intent.h - the declarative intent erguard checks devices against.
 *
 * The intent is YANG-modelled (yang/erguard-intent.yang).  intent.c loads
 * XML or JSON (RFC 7951) instance data through libyang, validates it, and
 * fills the plain structures below.  Every default equals the reference
 * design; the built-in default intent (yang/default-intent.xml, compiled
 * in) is that design.  The structures own their strings; free with
 * eg_intent_free().
 */
#ifndef EG_INTENT_H
#define EG_INTENT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "eg_err.h"
#include "model.h"

enum eg_role { EG_ROLE_CE, EG_ROLE_FIREWALL };
enum eg_transport { EG_TRANSPORT_SSH, EG_TRANSPORT_EXEC };

struct eg_intent_device {
	char *name;			/* "SEA-MX03-01" */
	enum eg_role role;
	char *host;			/* name or address to connect to */
	/*
	 * NETCONF port; 0 when the intent sets none (an absent leaf, or the
	 * YANG default): the transports then take the ssh configuration's
	 * Port for the host, else 830.  eg_intent_print() leaves 0 out.
	 */
	uint16_t port;
	char *user;			/* NULL: from ~/.ssh/config or $USER */
	enum eg_transport transport;	/* default ssh (libssh) */
	char *exec_command;		/* transport exec: command, NULL = ssh -s */
	char *identity_file;		/* NULL: agent / ~/.ssh/config */
	char *known_hosts;		/* NULL: ~/.ssh/known_hosts */
	char *password_env;		/* name of an environment variable, or NULL */
	bool strict_host_key;		/* refuse unknown host keys; default true */
};

/* One ExpressRoute link: a CE, its MSEE peer, and the CE<->firewall leg. */
struct eg_er_link {
	char *name;			/* "primary", "secondary" */
	char *ce;			/* device name */
	struct eg_addr msee_peer;	/* 192.168.11.18 */
	struct eg_addr msee_peer6;	/* IPv6 session's MSEE peer; family 0 if none */
	struct eg_prefix p2p_subnet;	/* 192.168.11.16/30 */
	char *ebgp_group;		/* "ebgp" */
	char *ibgp_group;		/* "ibgp" (toward the firewall) */
	uint32_t local_pref;		/* 150: expected on ibgp_group */
	struct eg_addr ce_address;	/* CE side of CE<->firewall: 192.168.11.0 */
	struct eg_addr firewall_address;/* firewall side: 192.168.11.1 */
};

struct eg_vpn {
	char *firewall;			/* device name */
	struct eg_addr *peers;		/* VPN gateway BGP peers */
	struct eg_addr *peers6;		/* their IPv6 addresses (parallel; family 0 if none) */
	size_t npeers;
	char **tunnels;			/* st0.118, st0.119 (parallel to peers, may be NULL) */
	struct eg_addr local_address;	/* firewall's VPN BGP address 192.168.11.88 */
	struct eg_addr local_address6;	/* its IPv6 one (dual stack); family 0 if none */
	char *ebgp_group;		/* group toward the gateways, or NULL */
	uint32_t local_pref;		/* expected LP of VPN routes: 100 */
	char *export_policy;		/* fix: the export toward the gateways: "vpn-export" */
	char *export_protocol;		/* fix: its "from protocol": "direct" ("any": none) */
};

struct eg_bfd_intent {
	bool enabled;			/* false: bfd-* checks are skipped */
	uint32_t min_interval_ms;	/* 300 */
	uint32_t multiplier;		/* 3 */
};

enum eg_er_sku { EG_SKU_STANDARD, EG_SKU_PREMIUM };

struct eg_budget {
	enum eg_er_sku sku;
	uint32_t er_limit;		/* 4000 standard, 10000 premium */
	uint32_t vpn_limit;		/* 4000 */
	uint32_t warn_percent;		/* warn above this share of a limit: 80 */
};

struct eg_asns {
	uint32_t onprem;		/* 65020 */
	uint32_t microsoft;		/* 12076 */
	uint32_t azure;			/* 65515 (ER and VPN gateways) */
};

/* One customer service: a routing instance and its ER + VPN design. */
struct eg_service {
	char *name;			/* "Cust11" */
	char *instance;			/* routing instance, default = name */
	char *table;			/* default "<instance>.inet.0" */
	char *table6;			/* default "<instance>.inet6.0" */
	/*
	 * True when the service has an IPv6 prefix: every link then has an
	 * IPv6 MSEE peer and every VPN peer an IPv6 address, and the checks
	 * that read routes or peers judge each family on its own.
	 */
	bool dual_stack;
	/*
	 * 0 in a loaded intent.  In a service seen through one address family
	 * (eg_service_family_view), 4 or 6: its prefixes, peers and table are
	 * that family's only.
	 */
	uint8_t family;
	struct eg_prefix *onprem;	/* 10.1.11.0/25 */
	size_t nonprem;
	struct eg_prefix *azure;	/* 10.17.11.0/25, 10.17.11.128/26 */
	size_t nazure;
	struct eg_addr onprem_test_host;/* 10.1.11.10, for drills (may be absent) */
	struct eg_addr azure_test_host;	/* 10.17.11.132 */
	struct eg_er_link *er;		/* usually 2 */
	size_t ner;
	char *er_export_policy;		/* fix: the CEs' export toward the MSEEs, or NULL: none */
	struct eg_vpn vpn;
	struct eg_asns asn;
	struct eg_bfd_intent bfd;
	struct eg_budget budget;
	uint32_t max_convergence_s;	/* drill bound: 10 */
};

struct eg_intent {
	char *source;			/* file name, or "(built-in)" */
	struct eg_intent_device *devices;
	size_t ndevices;
	struct eg_service *services;
	size_t nservices;
};

/* An intent file larger than this is refused: no real design comes near it. */
#define EG_INTENT_MAX_BYTES ((size_t)16 << 20)

/*
 * Load an intent from a file (XML or JSON, by content), validate it against
 * erguard-intent.yang and fill *out.  Errors are logged as "FILE:LINE: msg"
 * and return EG_EINTENT (EG_EIO when the file cannot be read).
 * Caller frees *out with eg_intent_free().
 */
eg_err eg_intent_load(const char *path, struct eg_intent **out);
/*
 * Same as eg_intent_load for a document already in memory (len bytes, need
 * not be NUL-terminated); name is used in diagnostics and as source.
 */
eg_err eg_intent_load_mem(const char *name, const char *text, size_t len,
			  struct eg_intent **out);
/* The built-in default intent (the reference design). */
eg_err eg_intent_default(struct eg_intent **out);
void eg_intent_free(struct eg_intent *in);

/* Lookups; NULL when absent. */
const struct eg_intent_device *eg_intent_device(const struct eg_intent *in, const char *name);
const struct eg_service *eg_intent_service(const struct eg_intent *in, const char *name);
const struct eg_er_link *eg_service_er_of(const struct eg_service *svc, const char *ce);

/*
 * A copy of svc seen through one address family (4 or 6): only that
 * family's prefixes, MSEE peers (msee_peer holds msee_peer6 for 6), VPN
 * peers (with their tunnels) and table, and family set.  Strings are
 * borrowed from svc; free with eg_service_family_view_free(), which
 * releases only what the view allocated.
 */
void eg_service_family_view(const struct eg_service *svc, uint8_t family,
			    struct eg_service *view);
void eg_service_family_view_free(struct eg_service *view);
/* "inet" for 4, "inet6" for 6, NULL otherwise: Junos's name of the family. */
const char *eg_family_name(uint8_t family);

/*
 * Print the effective intent as XML or JSON ("xml" / "json") to f: every
 * value, defaults filled in, except a port left to the ssh configuration.
 */
eg_err eg_intent_print(const struct eg_intent *in, const char *format, FILE *f);
/* Print the erguard-intent YANG module to f. */
eg_err eg_intent_schema(FILE *f);

#endif
