/*
 * intent_int.h - what the files of the intent module share, and nothing
 * outside it may use.
 *
 * intent.c loads an intent and turns its libyang tree into the structures
 * of intent.h; intent_map.c finds the line of every node in the document
 * (libyang keeps none); intent_diag.c turns libyang's messages and the
 * loader's own findings into "FILE:LINE: path: message" diagnostics;
 * intent_print.c writes the structures back out as XML or JSON.
 */
#ifndef EG_INTENT_INT_H
#define EG_INTENT_INT_H

#include <stddef.h>

#include <libyang/libyang.h>

#include "intent.h"

#define INTENT_MODULE "erguard-intent"
#define INTENT_TOP "/" INTENT_MODULE ":intent"

/* One element (XML) or member / array item (JSON) of the document. */
struct intent_pos {
	int parent;			/* index of the parent, -1 at the top */
	char *name;			/* path segment without predicate */
	char *value;			/* text of terminal nodes */
	char *path;			/* full data path, libyang style */
	size_t barelen;			/* length of path without its last predicate */
	unsigned line;
	const struct lysc_node *snode;	/* NULL when not in the schema */
};

/* Where each node of a document is: its positions in document order. */
struct intent_map {
	struct intent_pos *v;
	size_t n, cap;
};

/* State of one load or print. */
struct intent_ld {
	const char *name;		/* file name for diagnostics */
	struct intent_map map;
	int nerr;
};

/* intent_map.c */

/*
 * Map the document text (len bytes, NUL-terminated; JSON when json, else
 * XML) against module mod.  A malformed document maps partly: libyang
 * reports what is wrong with it.  -1 only when the document has more
 * nodes than a map holds (a million).
 */
int intent_map_build(struct intent_map *m, const struct lys_module *mod, int json,
		     const char *text, size_t len);
void intent_map_clear(struct intent_map *m);
/*
 * Line of the element a libyang data path names.  With last, the last of
 * several matches (a duplicate instance is reported on the second).  A
 * path that names nothing in the document (a default node) falls back to
 * its nearest ancestor that does; a NULL path, or one that matches
 * nothing at all, gives the line of the first node.  0 for an empty map.
 */
unsigned intent_map_line(const struct intent_map *m, const char *path, int last);
/*
 * Line of the terminal node a value message is about: dpath itself when
 * it names a leaf, else (leaf-lists are reported without predicate) the
 * instance of dpath whose value is val.  0 when the map has no such
 * terminal entry.
 */
unsigned intent_map_value_line(const struct intent_map *m, const char *dpath,
			       const char *val);

/* intent_diag.c */

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
