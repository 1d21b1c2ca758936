/*
 * azure.h - the Azure gateway's route exports, optional inputs of the
 * azure-* checks.
 *
 * Reads what `az network vnet-gateway list-learned-routes` /
 * `list-advertised-routes` and PowerShell's Get-AzVirtualNetworkGateway*Route
 * print as JSON into plain structs.  Diagnostics name the file.
 */
#ifndef EG_AZURE_H
#define EG_AZURE_H

#include <stddef.h>
#include <stdint.h>

#include "eg_err.h"
#include "model.h"

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
 * EG_EPARSE with a "FILE: ..." diagnostic logged on bad input.
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
