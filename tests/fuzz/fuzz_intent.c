/*
 * fuzz_intent.c - the intent loader (intent.c, intent_map.c,
 * intent_diag.c) over XML and JSON documents.  The libyang context is the
 * process's one (yangctx.c), built on the first run and kept.
 *
 * Invariants: a loaded intent names a service for every link and VPN and
 * its devices exist; it prints as XML and JSON, each of which loads again
 * and prints the same; the plan for it builds; a refused document is
 * logged (the loader says why).
 */
#include <string.h>

#include "fuzz.h"
#include "intent.h"
#include "plan.h"

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

static char *
print_intent(const struct eg_intent *in, const char *format, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL, "open_memstream");
	FUZZ_CHECK(eg_intent_print(in, format, f) == EG_OK, "printing the intent as %s", format);
	fclose(f);
	return buf;
}

/* Printed as format, the intent loads again and prints the same. */
static void
round_trip(const struct eg_intent *in, const char *format)
{
	struct eg_intent *again = NULL;
	size_t len, len2;
	char *text = print_intent(in, format, &len), *text2;
	eg_err err = eg_intent_load_mem("printed", text, len, &again);

	FUZZ_CHECK(err == EG_OK, "the printed %s intent does not load (%d):\n%s", format, err, text);
	text2 = print_intent(again, format, &len2);
	FUZZ_CHECK(len == len2 && memcmp(text, text2, len) == 0,
		   "printed %s differs once reloaded:\n%s\n----\n%s", format, text, text2);
	free(text);
	free(text2);
	eg_intent_free(again);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct eg_intent *in = NULL;

	(void)argc;
	(void)argv;
	eg_log_set_sink(count_sink, NULL);
	eg_log_set_level(EG_LOG_DEBUG);
	/* the context is built here, once */
	if (eg_intent_default(&in) != EG_OK)
		abort();
	eg_intent_free(in);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	size_t i, j;
	eg_err err;

	logged = 0;
	err = eg_intent_load_mem("fuzz.xml", (const char *)data, size, &in);
	if (err != EG_OK) {
		FUZZ_CHECK(in == NULL, "refused (%d) but gave an intent", err);
		FUZZ_CHECK(logged > 0, "refused (%d) without saying why", err);
		return 0;
	}
	FUZZ_CHECK(in != NULL, "loaded without an intent");
	for (i = 0; i < in->ndevices; i++)
		FUZZ_CHECK(in->devices[i].name != NULL && in->devices[i].host != NULL,
			   "device %zu without name or host", i);
	for (i = 0; i < in->nservices; i++) {
		const struct eg_service *svc = &in->services[i];

		FUZZ_CHECK(svc->name && svc->instance && svc->table, "service %zu incomplete", i);
		FUZZ_CHECK(eg_intent_service(in, svc->name) != NULL, "service %s not found",
			   svc->name);
		for (j = 0; j < svc->ner; j++)
			FUZZ_CHECK(svc->er[j].ce != NULL && eg_intent_device(in, svc->er[j].ce),
				   "service %s: link %zu names no known CE", svc->name, j);
		if (svc->vpn.firewall != NULL)
			FUZZ_CHECK(eg_intent_device(in, svc->vpn.firewall) != NULL,
				   "service %s: unknown firewall", svc->name);
	}
	round_trip(in, "xml");
	round_trip(in, "json");
	err = eg_plan_build(in, NULL, 0, &st);
	FUZZ_CHECK(err == EG_OK, "no plan for a valid intent (%d)", err);
	eg_state_free(st);
	eg_intent_free(in);
	return 0;
}
