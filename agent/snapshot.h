/*
 * snapshot.h - saved replies: the offline source of observations.
 *
 * Layout (documented in erguard(8), SNAPSHOTS):
 *     DIR/<device>/<command>.xml
 * where <command> is the Junos CLI command whose "| display xml" output
 * the file holds, spaces written as "_" (spaces themselves are accepted
 * too), e.g.
 *     DIR/SEA-MX03-01/show_route_advertising-protocol_bgp_192.168.11.18_table_Cust11.inet.0_detail.xml
 * A query also finds its file under the other output levels of the same
 * command (brief, detail, extensive, terse), and the configuration and
 * BGP summary queries fall back to "show configuration" and
 * "show bgp summary" saved whole.
 */
#ifndef EG_SNAPSHOT_H
#define EG_SNAPSHOT_H

#include "state.h"

/*
 * Fill every observation of st from DIR.  A missing file leaves the
 * observation EG_ENOTFOUND with a reason naming the file looked for; a
 * malformed one EG_EPARSE; an rpc-error reply EG_ERPC.  Returns EG_EIO
 * only when DIR itself cannot be read.
 */
eg_err eg_snapshot_load(const char *dir, struct eg_state *st);

/*
 * Path of the file that holds q's reply in DIR (the canonical name),
 * creating DIR/<device>/ when mkdirs is set.  Caller frees *path.
 */
eg_err eg_snapshot_path(const char *dir, const struct eg_query *q, bool mkdirs, char **path);

#endif
