/*
 * fuzz_azure.c - the Azure route export reader (azure.c): az CLI and
 * PowerShell JSON, UTF-8 or UTF-16.
 *
 * Invariants: a document read OK gives routes with a valid prefix, an
 * AS path normalised to single spaces, and the name as source; a refused
 * one gives no routes and is logged.
 */
#include <string.h>

#include "azure.h"
#include "fuzz.h"

static size_t logged;

static void
count_sink(enum eg_log_level level, const char *where, const char *msg, void *arg)
{
	(void)level;
	(void)where;
	(void)arg;
	FUZZ_CHECK(msg != NULL, "a diagnostic without text");
	logged++;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	eg_log_set_sink(count_sink, NULL);
	eg_log_set_level(EG_LOG_DEBUG);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_azure_routes *a = NULL;
	eg_err err;
	size_t i;

	logged = 0;
	err = eg_azure_load_mem("fuzz.json", (const char *)data, size, &a);
	if (err != EG_OK) {
		FUZZ_CHECK(a == NULL, "refused (%d) with routes", err);
		FUZZ_CHECK(logged > 0, "refused (%d) without saying why", err);
		return 0;
	}
	FUZZ_CHECK(a != NULL && a->source != NULL && strcmp(a->source, "fuzz.json") == 0,
		   "no source");
	for (i = 0; i < a->nitems; i++) {
		const struct eg_azure_route *r = &a->items[i];
		const char *p = r->as_path;

		FUZZ_CHECK(r->prefix.len <= (r->prefix.addr.family == 6 ? 128 : 32),
			   "route %zu: prefix length %u", i, (unsigned)r->prefix.len);
		if (p == NULL)
			continue;
		FUZZ_CHECK(p[0] != ' ' && strstr(p, "  ") == NULL &&
			   (p[0] == '\0' || p[strlen(p) - 1] != ' '),
			   "route %zu: AS path not normalised: \"%s\"", i, p);
		FUZZ_CHECK(strpbrk(p, ",\t\n") == NULL, "route %zu: AS path \"%s\"", i, p);
	}
	eg_azure_free(a);
	return 0;
}
