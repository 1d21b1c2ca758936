/*
 * junos.h - Junos RPCs and their replies.
 *
 * Builds the RPC for each query and parses replies into the model with
 * libxml2's SAX2 push parser, as a stream: no reply is ever held whole in
 * memory.
 * Parsers match elements by local name whatever the release in the
 * namespace, trim padded text, honour inactive="inactive", skip comments
 * and unknown elements, unwrap <rpc-reply>, <data> and the SRX cluster's
 * <multi-routing-engine-results>, ignore the <cli> trailer of
 * "| display xml", and collect every <rpc-error>/<xnm:error> anywhere:
 * only severity "error" fails a reply.  This module never prints.
 */
#ifndef EG_JUNOS_H
#define EG_JUNOS_H

#include <stddef.h>

#include "eg_err.h"
#include "model.h"
#include "state.h"

/*
 * The reply parsers the query table (query.h) names, one per kind of
 * reply: what each reads is private to junos_*.c.
 */
struct eg_junos_parser;
extern const struct eg_junos_parser eg_junos_route_parser;	/* junos_route.c */
extern const struct eg_junos_parser eg_junos_bgp_parser;	/* junos_bgp.c */
extern const struct eg_junos_parser eg_junos_bfd_parser;	/* junos_bgp.c */
extern const struct eg_junos_parser eg_junos_config_parser;	/* junos_config.c */
extern const struct eg_junos_parser eg_junos_instance_parser;	/* junos_misc.c */
extern const struct eg_junos_parser eg_junos_trace_parser;	/* junos_misc.c */

/* Call once before replies are parsed on more than one thread. */
void eg_junos_init(void);

/* Same shape as libxml2's xmlInputReadCallback: bytes read, 0 at end, -1 on error. */
typedef int (*eg_read_fn)(void *ctx, char *buf, int len);

/*
 * Parse one reply for o->q into o: on success o->status = EG_OK and o->u
 * holds the data; on an rpc-error of severity error o->status = EG_ERPC
 * and o->why quotes the device's message; on malformed XML or a reply of
 * the wrong kind o->status = EG_EPARSE and o->why says where (where is
 * "DEVICE" or "FILE" and prefixes the reason, with the line when known).
 * Warnings go to o->warnings.  The return value equals o->status.
 */
eg_err eg_junos_parse_io(eg_read_fn fn, void *ctx, const char *where, struct eg_obs *o);
eg_err eg_junos_parse_file(const char *path, struct eg_obs *o);
eg_err eg_junos_parse_mem(const char *buf, size_t len, const char *where, struct eg_obs *o);

/*
 * True when a reply parsed for query a and one parsed for query b come
 * out the same: the parser reads the kind, the table and, when there is
 * no table, the instance of a query, nothing else.
 */
bool eg_junos_same_parse(const struct eg_query *a, const struct eg_query *b);

/*
 * The RPC for a query, as the XML that goes inside <rpc>...</rpc>
 * (e.g. "<get-route-information><advertising-protocol-name>bgp</...>"),
 * from the query table's template.  Caller frees.  NULL when q->kind is
 * no kind.
 */
char *eg_junos_rpc(const struct eg_query *q);

/*
 * Parse a reply that is expected to carry only <ok/>, <load-success/>,
 * <commit-results> and the like: EG_OK, or EG_ERPC with *msg (caller
 * frees) set to the first error's text.  Used by fix and the lab tests.
 */
eg_err eg_junos_parse_ok(eg_read_fn fn, void *ctx, const char *where,
			 struct eg_rpc_errors *errs, char **msg);

#endif
