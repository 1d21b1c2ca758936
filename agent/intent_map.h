/*
 * intent_map.h - where each node of an intent document is (intent_map.c).
 *
 * libyang keeps no line numbers, so the intent's files scan the document
 * once more to place every diagnostic at its line.  Private to the
 * intent's files (intent*.c).
 */
#ifndef EG_INTENT_MAP_H
#define EG_INTENT_MAP_H

#include <stddef.h>

#include <libyang/libyang.h>

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

#endif
