/*
 * cfg_txn.h - the NETCONF pieces of a Junos configuration transaction,
 * shared by `erguard fix` (fix_apply.c) and `erguard drill` (drill.c):
 * open a session to an intent device, send an RPC and read its reply
 * whole, commit (plain or confirmed with a log), and give the candidate
 * and the lock back.
 *
 * Messages for a failure are "DEVICE: ..." strings the caller frees.
 * Nothing here prints.
 */
#ifndef EG_CFG_TXN_H
#define EG_CFG_TXN_H

#include <stdbool.h>
#include <stddef.h>

#include "collect.h"
#include "eg_err.h"
#include "intent.h"
#include "nc.h"
#include "report.h"

/* A reply read whole (the replies of a transaction are small). */
struct eg_cfg_reply {
	char *buf;
	size_t len;
	size_t pos;		/* for eg_cfg_mem_read */
};

/* An xmlInputReadCallback-style reader over a reply (ctx: the reply). */
int eg_cfg_mem_read(void *ctx, char *buf, int len);

/* Append a formatted line to *acc (an account, one step a line). */
void eg_cfg_say(char **acc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Open a session to intent device dev with the collector's options; a
 * session_s > 0 raises the session's timeout to that many seconds.  On
 * failure *why tells why (caller frees).
 */
eg_err eg_cfg_open(const struct eg_intent *in, const char *dev, const struct eg_collect_opts *o,
		   unsigned session_s, struct eg_nc_session **s, char **why);

/*
 * Send body and read its reply whole into r (caller frees r->buf).  A
 * transport failure returns the session's error with *msg its text; an
 * rpc-error EG_ERPC with *msg "DEVICE: rpc-error: ...".  Caller frees *msg.
 */
eg_err eg_cfg_rpc(struct eg_nc_session *s, const char *dev, const char *body,
		  struct eg_cfg_reply *r, char **msg);

/* An RPC whose reply is only looked at for errors. */
eg_err eg_cfg_rpc_ok(struct eg_nc_session *s, const char *dev, const char *body, char **msg);

/* The text of the first element named name (by local name) in r, or NULL. */
char *eg_cfg_reply_text(const struct eg_cfg_reply *r, const char *name);

/*
 * Parse reply r of dev as an answer to query q (borrowed: obs->q is a
 * shallow copy) into *obs; true when it parsed into payload type want.
 * Whatever it returns, the caller ends with eg_cfg_obs_done(obs).
 */
bool eg_cfg_parse(const struct eg_cfg_reply *r, const char *dev, const struct eg_query *q,
		  enum eg_qdata want, struct eg_obs *obs);

/* Free what eg_cfg_parse() put in obs, leaving the borrowed query alone. */
void eg_cfg_obs_done(struct eg_obs *obs);

/* commit-configuration, confirmed for minutes or plain (which confirms), with log. */
eg_err eg_cfg_commit(struct eg_nc_session *s, const char *dev, bool confirmed, unsigned minutes,
		     const char *log, char **msg);

/*
 * Put the candidate back (discard) and give the lock up; failures only go
 * into *acc.  Nothing is sent on a session that already failed.
 */
void eg_cfg_release(struct eg_nc_session *s, const char *dev, bool discard, char **acc);

/*
 * The catalogue's checks (all of them, or only checks[0..nchecks)) against
 * the live devices, once, as a new report in *rep (caller frees it and
 * owns it on failure too, NULL when none was made).  The checks that
 * repair and rehearsal judge a device by, before and after a change.
 */
eg_err eg_cfg_check_live(const struct eg_intent *in, const struct eg_collect_opts *o,
			 const char *const *checks, size_t nchecks, struct eg_report **rep);

#endif
