/*
 * azure.h - the Azure VPN gateway's route exports (azure.c), optional
 * inputs of the azure-* checks.
 *
 * The routes own their strings; free them with eg_azure_free().
 */
#ifndef EG_AZURE_H
#define EG_AZURE_H

#include <stddef.h>
#include <stdint.h>

#include "eg_err.h"
#include "model.h"

/* One route of an export. */
struct eg_azure_route {
	struct eg_prefix prefix;
	struct eg_addr nexthop;
	char *as_path;			/* normalised to space-separated ("12076 65020") */
	uint32_t weight;
	char *origin;			/* "EBgp", "Network", ... or NULL */
	struct eg_addr source_peer;	/* sourcePeer / peer queried */
	struct eg_addr local_address;	/* localAddress: the gateway instance's BGP address */
};

struct eg_azure_routes {
	char *source;			/* file name, for messages */
	struct eg_azure_route *items;
	size_t nitems;
};

/*
 * Parse the JSON of `az network vnet-gateway list-learned-routes -o json`,
 * `list-advertised-routes -o json`, or PowerShell
 * Get-AzVirtualNetworkGateway{Learned,Advertised}Route | ConvertTo-Json.
 * *out is the caller's, freed with eg_azure_free().  EG_EPARSE with a
 * "FILE: ..." diagnostic logged on bad input, EG_EIO when the file cannot
 * be read.
 */
eg_err eg_azure_load(const char *path, struct eg_azure_routes **out);
/*
 * The same for a document in memory (len bytes); name is used in
 * diagnostics and as source.  UTF-8 (with or without BOM) or UTF-16 with
 * BOM, as Windows PowerShell's Out-File writes it.
 */
eg_err eg_azure_load_mem(const char *name, const char *buf, size_t len,
			 struct eg_azure_routes **out);
void eg_azure_free(struct eg_azure_routes *a);

#endif
