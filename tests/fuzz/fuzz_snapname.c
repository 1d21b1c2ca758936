/*
 * fuzz_snapname.c - the names of saved replies: eg_query_command() and
 * eg_query_from_command() (query.c), and the file a query is saved in
 * (eg_snapshot_path, snapshot.c).
 *
 * Input: a command line as an engineer would type it, or a snapshot
 * file's name ("show_route_table_Cust11.inet.0.xml").
 *
 * Invariants: a command that names a query gives a command of its own
 * that reads back as the same query and writes itself again
 * (command -> query -> command is the identity from the second step on);
 * the query's file lies in its device's folder, and its name, read back
 * the way the read-ahead does (snapshot.h), names the same query unless
 * a field itself holds "_" or "%".
 */
#include <string.h>

#include "fuzz.h"
#include "query.h"
#include "snapshot.h"
#include "state.h"

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
same_query(const struct eg_query *a, const struct eg_query *b)
{
	return a->kind == b->kind && same_str(a->instance, b->instance) &&
	       same_str(a->table, b->table) && eg_addr_eq(&a->peer, &b->peer) &&
	       same_str(a->detail, b->detail);
}

/* A file name back into a command, as the read-ahead reads it. */
static char *
unslug(const char *name)
{
	size_t len = strlen(name);
	char *cmd, *p;

	if (len <= 4 || strcmp(name + len - 4, ".xml") != 0)
		return NULL;
	cmd = strndup(name, len - 4);
	FUZZ_CHECK(cmd != NULL, "strndup");
	for (p = cmd; *p != '\0'; p++) {
		if (*p == '_')
			*p = ' ';
		else if (*p == '%')
			*p = '/';
	}
	return cmd;
}

static void
check_command(const char *cmd)
{
	struct eg_query q1, q2, q3;
	char *c1, *c2, *path = NULL, *back;
	const char *name;
	eg_err err;

	if (eg_query_from_command(cmd, &q1) != EG_OK)
		return;
	c1 = eg_query_command(&q1);
	FUZZ_CHECK(c1 != NULL, "no command for a query read from \"%s\"", cmd);
	err = eg_query_from_command(c1, &q2);
	FUZZ_CHECK(err == EG_OK, "\"%s\" (from \"%s\") does not read back", c1, cmd);
	FUZZ_CHECK(same_query(&q1, &q2), "\"%s\" reads back as another query than \"%s\"", c1,
		   cmd);
	c2 = eg_query_command(&q2);
	FUZZ_CHECK(strcmp(c1, c2) == 0, "\"%s\" writes itself as \"%s\"", c1, c2);

	q1.device = strdup("FUZZ-DEV");
	err = eg_snapshot_path("snap", &q1, false, &path);
	FUZZ_CHECK(err == EG_OK && path != NULL, "no file for \"%s\"", c1);
	FUZZ_CHECK(strncmp(path, "snap/FUZZ-DEV/", 14) == 0 && strchr(path + 14, '/') == NULL,
		   "\"%s\" is saved outside its device's folder: %s", c1, path);
	name = path + 14;
	back = unslug(name);
	FUZZ_CHECK(back != NULL, "file name %s does not end in .xml", name);
	if (strpbrk(c1, "_%") == NULL) {
		FUZZ_CHECK(strcmp(back, c1) == 0, "file %s reads as \"%s\", not \"%s\"", name,
			   back, c1);
		FUZZ_CHECK(eg_query_from_command(back, &q3) == EG_OK && same_query(&q1, &q3),
			   "file %s names another query than \"%s\"", name, c1);
		eg_query_clear(&q3);
	}
	free(back);
	free(path);
	free(c1);
	free(c2);
	eg_query_clear(&q1);
	eg_query_clear(&q2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size), *cmd;

	if (s == NULL)
		return 0;
	check_command(s);
	if ((cmd = unslug(s)) != NULL) {
		check_command(cmd);
		free(cmd);
	}
	free(s);
	return 0;
}
