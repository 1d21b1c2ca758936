/*
 * intent_diag.h - an intent's problems, said where they are (intent_diag.c).
 *
 * Turns libyang's messages and the loader's own findings into
 * "FILE:LINE: path: message" diagnostics.  Private to the intent's files
 * (intent*.c).
 */
#ifndef EG_INTENT_DIAG_H
#define EG_INTENT_DIAG_H

#include <libyang/libyang.h>

#include "eg_err.h"
#include "intent_map.h"

/* State of one load or print. */
struct intent_ld {
	const char *name;		/* file name for diagnostics */
	struct intent_map map;
	int nerr;
};

/* What libyang's logging was before intent_diag_begin(). */
struct intent_lysave {
	ly_log_clb clb;
	uint32_t opts;
};

/* Collect libyang's messages until intent_diag_end(), which restores *save. */
void intent_diag_begin(struct intent_lysave *save);
void intent_diag_end(const struct intent_lysave *save);
/*
 * Log what libyang said since the last flush as "FILE:LINE: [path: ]msg",
 * with tree (may be NULL) to place messages that name only a schema node.
 * Returns the number of errors among them.
 */
int intent_diag_flush(struct intent_ld *ld, const struct ly_ctx *ctx,
		      const struct lyd_node *tree);
/*
 * After libyang failed with lr: flush its messages, or when it said
 * nothing log "what (libyang error N)".  EG_ENOMEM when libyang ran out
 * of memory, else EG_EINTENT.
 */
eg_err intent_diag_lyfail(struct intent_ld *ld, const struct ly_ctx *ctx,
			  const struct lyd_node *tree, LY_ERR lr, const char *what);
/* Log an intent error at the line of node, and count it in ld->nerr. */
void intent_diag_fail(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, as a warning that does not fail the load. */
void intent_diag_warn(struct intent_ld *ld, const struct lyd_node *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
