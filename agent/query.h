/*
 * query.h - the query table: one row per query kind.
 *
 * A row says everything erguard knows about one kind of query: its name,
 * the CLI command that names it (and so its snapshot file), the Junos RPC
 * that asks it, the parser that reads its reply and what an observation
 * of it holds.  Code looks rows up by kind instead of switching on kinds,
 * so a new query is one row here plus one parser (junos_*.c).
 *
 * Templates: words and {instance}, {table}, {peer} stand for the query's
 * fields; a part in [brackets] is written only when the query has a peer.
 * The RPC template may also hold {level}: the query's output level as an
 * empty element (<detail/>), or nothing.  The CLI template parses back:
 * eg_query_command() and eg_query_from_command() are exact inverses.
 */
#ifndef EG_QUERY_H
#define EG_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "state.h"

struct eg_junos_parser;		/* junos.h: the reply's root element and parse hooks */

struct eg_qdef {
	const char *name;		/* "advertised": for logs and messages */
	const char *cli;		/* the CLI command's template, without an output level */
	const char *cli_level;		/* a level always typed after it ("detail"), or NULL */
	bool levels;			/* the query's own level (detail, ...) is typed and kept */
	bool device_wide;		/* about the whole device, not one routing instance */
	const char *fallback;		/* a wider command whose saved reply also answers, or NULL */
	const char *rpc;		/* what goes inside <rpc>...</rpc>, as a template */
	enum eg_qdata data;
	const struct eg_junos_parser *parser;
	/*
	 * 6: a row of the instance's IPv6 table, the twin of the IPv4 row
	 * v4; its table ends in inet6.0 and its peer is IPv6.  0 otherwise,
	 * and a row with {table} then reads any table but an inet6 one.
	 */
	uint8_t family;
	enum eg_qkind v4;
};

/* The row of kind k, or NULL when k is no kind. */
const struct eg_qdef *eg_qdef(enum eg_qkind k);

/*
 * The kind that asks what k asks in the given address family: k itself
 * for family 4 (or 0), its IPv6 twin for 6, k when it has none.
 */
enum eg_qkind eg_qkind_family(enum eg_qkind k, uint8_t family);
/* 6 when a Junos table name is an IPv6 one (inet6.0, Cust11.inet6.0), else 4. */
uint8_t eg_table_family(const char *table);

/* The kind's name ("config", "routes", ...), "?" for no kind. */
const char *eg_qkind_name(enum eg_qkind k);

/*
 * The CLI command a query corresponds to, as an engineer would type it on
 * the box ("show route advertising-protocol bgp 192.168.11.18 table
 * Cust11.inet.0").  Caller frees.
 */
char *eg_query_command(const struct eg_query *q);
/*
 * Parse such a command back into a query (device set by caller).
 * Accepts the optional trailing words detail/extensive/terse/brief and
 * "| display xml".  EG_EPARSE when the command is not one erguard reads.
 */
eg_err eg_query_from_command(const char *cmd, struct eg_query *q);

#endif
