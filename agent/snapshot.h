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
 * Read-ahead: parse DIR's files, largest first, before the plan is known
 * (on the caller's thread while another loads the intent).  Each file's
 * query is read back from its name.  eg_snapshot_load() uses a parse only
 * when the file is the one it would read for an observation and the
 * observation's query parses the same way, so the read-ahead never
 * changes a result.
 *   _new       readies the XML parser for use on several threads (EG_ENOMEM
 *              only); DIR is listed by the first of the calls below (an
 *              unreadable DIR lists nothing), so that the thread that plans
 *              starts at once;
 *   _plan      marks the files st's observations read and says the plan is
 *              known: from then on _run skips, and gives up in the middle
 *              of, any other file (safe to call from another thread while
 *              _run runs);
 *   _run       parses every file not yet known to be unwanted and not taken
 *              by another thread's _run (several may run at once; join them
 *              before eg_snapshot_load());
 *   _free      frees what was not used; accepts NULL.
 */
struct eg_snapshot_readahead;
eg_err eg_snapshot_readahead_new(const char *dir, struct eg_snapshot_readahead **out);
void eg_snapshot_readahead_plan(struct eg_snapshot_readahead *ra, struct eg_state *st);
void eg_snapshot_readahead_run(struct eg_snapshot_readahead *ra);
void eg_snapshot_readahead_free(struct eg_snapshot_readahead *ra);
/* Files listed (listing them if need be), and files parsed whole so far (used or not). */
void eg_snapshot_readahead_count(struct eg_snapshot_readahead *ra, size_t *listed,
				 size_t *parsed);

/*
 * Fill every observation of st from DIR, taking what ra (may be NULL)
 * already parsed.  A missing file leaves the observation EG_ENOTFOUND
 * with a reason naming the file looked for; a malformed one EG_EPARSE; an
 * rpc-error reply EG_ERPC.  Returns EG_EIO only when DIR itself cannot be
 * read.
 */
eg_err eg_snapshot_load(const char *dir, struct eg_state *st, struct eg_snapshot_readahead *ra);

/*
 * Path of the file that holds q's reply in DIR (the canonical name),
 * creating DIR/<device>/ when mkdirs is set.  Caller frees *path.
 */
eg_err eg_snapshot_path(const char *dir, const struct eg_query *q, bool mkdirs, char **path);

/*
 * Whether DIR is fit to save a snapshot in: a directory (not a symbolic
 * link to one) of the running user that nobody else may write to, so
 * that no one can swap what it holds while replies are written.  EG_OK,
 * or EG_EINVAL with the reason logged naming DIR.
 */
eg_err eg_snapshot_dir_check(const char *dir);

/*
 * Create the file that holds q's reply in DIR, for writing: DIR/<device>/
 * is made (mode 0700) or used only when it is a directory of the running
 * user that others cannot write to, the file is created new (mode 0600:
 * replies are configuration), and neither is reached through a symbolic
 * link.  *path (caller frees) names the file.  NULL with errno set when
 * it cannot be made.
 */
FILE *eg_snapshot_create(const char *dir, const struct eg_query *q, char **path);

#endif
