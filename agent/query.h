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

#include "state.h"

/* Which member of struct eg_obs's union an observation of the kind fills. */
enum eg_qdata {
	EG_QD_RIB,		/* u.rib */
	EG_QD_BGP,		/* u.bgp */
	EG_QD_BFD,		/* u.bfd */
	EG_QD_CONFIG,		/* u.cfg */
	EG_QD_INSTANCES,	/* u.inst */
	EG_QD_TRACE,		/* u.trace */
};

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
};

/* The row of kind k, or NULL when k is no kind. */
const struct eg_qdef *eg_qdef(enum eg_qkind k);

/*
 * Fill o->u with an empty payload for o->q.kind (EG_ENOMEM, or EG_EINVAL
 * for no kind).  The payload is freed by eg_obs_clear_data().
 */
eg_err eg_obs_data_new(struct eg_obs *o);
/* Free o->u and zero it; o->q.kind says which member is set. */
void eg_obs_data_free(struct eg_obs *o);
/* True when o->u holds a payload. */
bool eg_obs_has_data(const struct eg_obs *o);

#endif
