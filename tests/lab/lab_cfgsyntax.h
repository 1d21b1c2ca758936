/*
 * lab_cfgsyntax.h - Junos configuration syntax for the lab's devices:
 * the XML tree (root <configuration>, no namespace) to and from the
 * curly-brace text and "set" forms, the Junos XML load operations
 * (merge, replace, delete, (de)activate), subtree filters, and
 * "show | compare" differences.
 *
 * There is no Junos schema here.  What a word means (a container, a list
 * entry and its key, a leaf and its value) follows from a small table of
 * Junos statements plus what the device's own configuration shows (every
 * element whose first child is <name> is a list entry), so everything a
 * lab device holds round-trips through text and set, and the usual edits
 * of a routing instance and policy-options read as on a real box.
 * Unknown statement names are refused as "syntax error" naming the word,
 * and the values of well-known leaves (local-preference, peer-as, BFD
 * timers, ...) are range-checked, so load errors name the statement.
 *
 * Ownership: functions that build trees add nodes to the caller's
 * documents; nothing returned here needs freeing except through the
 * named _clear functions.  Return convention: 0 success, -1 failure.
 */
#ifndef LAB_CFGSYNTAX_H
#define LAB_CFGSYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

/* One load or commit error (or warning), Junos-shaped. */
struct lab_cfgerr {
	bool warning;
	char path[512];		/* "[edit routing-instances Cust11]" or "" */
	char element[128];	/* bad-element, or "" */
	char message[512];
};

struct lab_cfgerrs {
	struct lab_cfgerr *v;
	size_t n;
};

/* Add an error (warning when warning is true); message is printf-like. */
void lab_cfgsyntax_err(struct lab_cfgerrs *e, bool warning, const char *path,
		       const char *element, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Number of entries that are errors (not warnings). */
size_t lab_cfgsyntax_nerrors(const struct lab_cfgerrs *e);
void lab_cfgsyntax_errs_clear(struct lab_cfgerrs *e);

/* What the words of a configuration mean, learned from a tree. */
struct lab_cfgsyntax_ctx {
	char **lists;		/* "parent/child" pairs that are keyed lists */
	size_t nlists;
	char **vocab;		/* every statement name seen */
	size_t nvocab;
};

/* Learn from root (a <configuration>); may be called for several trees. */
int lab_cfgsyntax_learn(struct lab_cfgsyntax_ctx *c, xmlNodePtr root);
void lab_cfgsyntax_ctx_clear(struct lab_cfgsyntax_ctx *c);

/* Write the children of root as Junos text (4-space indents). */
void lab_cfgsyntax_text(xmlNodePtr root, FILE *out);
/* Write root as "set ..." lines (plus "deactivate ..." for inactive ones). */
void lab_cfgsyntax_set(xmlNodePtr root, FILE *out);

/*
 * Parse Junos text into edit (a <configuration> element of the caller's
 * document): each statement becomes the element it names; "replace:",
 * "delete:", "inactive:" and "active:" become the Junos XML operation
 * attributes.  Errors name the statement and its [edit ...] path.
 */
int lab_cfgsyntax_parse_text(struct lab_cfgsyntax_ctx *c, const char *text, xmlNodePtr edit,
			     struct lab_cfgerrs *errs);

/*
 * Apply "set", "delete", "deactivate", "activate" (and "edit"/"top"/"up")
 * lines to the configuration root, in order.  A delete of a statement that
 * is not there is a warning, as on Junos.
 */
int lab_cfgsyntax_apply_set(struct lab_cfgsyntax_ctx *c, const char *lines, xmlNodePtr root,
			    struct lab_cfgerrs *errs);

/* Check statement names against the vocabulary and known leaf values. */
int lab_cfgsyntax_check(struct lab_cfgsyntax_ctx *c, xmlNodePtr edit, struct lab_cfgerrs *errs);

/*
 * Merge an edit (a <configuration>) into root the Junos XML way:
 * elements are matched by name and key; leaves are replaced, leaf-lists
 * extended; delete="delete" removes, replace="replace" replaces (honoured
 * when replace is true: load replace), inactive="inactive" / active="active"
 * deactivate and activate.
 */
int lab_cfgsyntax_merge(xmlNodePtr root, xmlNodePtr edit, bool replace, struct lab_cfgerrs *errs);

/*
 * Copy into out (an empty element of the caller's document, children added)
 * what of root a NETCONF subtree filter selects.  filter is the filter's
 * <configuration> element; NULL selects everything.
 */
void lab_cfgsyntax_filter(xmlNodePtr root, xmlNodePtr filter, xmlNodePtr out);

/* "show | compare": the changes from old to new, Junos style ("" if none). */
void lab_cfgsyntax_diff(xmlNodePtr old, xmlNodePtr new, FILE *out);

/* "[edit a b c]" for node (the configuration root itself is "[edit]"). */
void lab_cfgsyntax_edit_path(xmlNodePtr node, char *buf, size_t size);

/*
 * Resolve configuration groups in place, as Junos does for the
 * configuration in force and for get-configuration inherit="inherit": at
 * every level, a statement the level lacks comes from the first group
 * that has it among the level's apply-groups (in order), then those
 * applied above it; group entries named "<*>" (or another "<pattern>")
 * add to the entries they match.  Then every apply-groups and the
 * <groups> hierarchy are dropped.  With mark, each inherited element
 * carries junos:group="NAME" (groups="groups").
 */
void lab_cfgsyntax_inherit(xmlNodePtr root, bool mark);

/* Trim leaf texts, drop comments and white space between elements. */
void lab_cfgsyntax_normalise(xmlNodePtr root);

/* The element's own text when it is a leaf (no element children), else NULL. */
const char *lab_cfgsyntax_leaf(xmlNodePtr n);
/* First element child named name (any namespace), or NULL. */
xmlNodePtr lab_cfgsyntax_child(xmlNodePtr n, const char *name);

#endif
