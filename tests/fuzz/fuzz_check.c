/*
 * fuzz_check.c - the whole offline check: replies parsed into the state
 * of the built-in intent's plan, every check of the catalogue, every
 * renderer.
 *
 * Input: byte 0 holds render options (bit 0 colour, bit 1 verbose); the
 * rest is a sequence of parts, each opened by a line "@@ NAME": NAME is
 * DEVICE/FILE, a snapshot's file (snapshot.h), whose reply goes to the
 * observation saved under that name, or "azure-learned" /
 * "azure-advertised", an Azure route export.  A part whose name is none
 * of these goes to the observation of its rank.  Text before the first
 * "@@ " line is ignored.
 *
 * Invariants: the checks run; every result has a known status; an
 * unknown or skipped result says why (its reason, or a finding of that
 * status) and a failed one has a failing finding; when no reply parsed,
 * no check passes; the text report is written; the JSON report is one
 * JSON document and the XML and JUnit reports are well-formed XML.
 */
#include <string.h>

#include <json-c/json.h>
#include <libxml/parser.h>

#include "azure.h"
#include "checks.h"
#include "fuzz.h"
#include "intent.h"
#include "junos.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "snapshot.h"

static struct eg_intent *intent;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	eg_junos_init();
	if (eg_intent_default(&intent) != EG_OK)
		abort();
	return 0;
}

/* The observation saved under name (DEVICE/FILE), or NULL. */
static struct eg_obs *
find_obs(struct eg_state *st, const char *name, size_t nlen)
{
	size_t i;

	for (i = 0; i < st->nobs; i++) {
		char *p = NULL;
		bool hit;

		if (eg_snapshot_path("", &st->obs[i].q, false, &p) != EG_OK)
			continue;
		hit = strlen(p) == nlen + 1 && memcmp(p + 1, name, nlen) == 0;
		free(p);
		if (hit)
			return &st->obs[i];
	}
	return NULL;
}

static void
take_part(struct eg_state *st, struct eg_azure_routes **azure, size_t rank, const char *name,
	  size_t nlen, const char *body, size_t blen)
{
	struct eg_obs *o;
	int which = -1;

	if (nlen == 13 && memcmp(name, "azure-learned", 13) == 0)
		which = 0;
	else if (nlen == 16 && memcmp(name, "azure-advertised", 16) == 0)
		which = 1;
	if (which >= 0) {
		if (azure[which] == NULL)
			eg_azure_load_mem(which ? "advertised.json" : "learned.json", body, blen,
					  &azure[which]);
		return;
	}
	o = find_obs(st, name, nlen);
	if (o == NULL)
		o = &st->obs[rank % st->nobs];
	eg_junos_parse_mem(body, blen, o->q.device, o);
}

static void
split_parts(const char *p, size_t len, struct eg_state *st, struct eg_azure_routes **azure)
{
	const char *end = p + len, *at;
	size_t rank = 0;

	if (len < 3 || memcmp(p, "@@ ", 3) != 0) {
		at = memmem(p, len, "\n@@ ", 4);
		if (at == NULL)
			return;
		p = at + 1;
	}
	while (p < end) {
		const char *name = p + 3, *nl = memchr(name, '\n', (size_t)(end - name));
		const char *body, *next;

		if (nl == NULL)
			return;
		body = nl + 1;
		at = memmem(body, (size_t)(end - body), "\n@@ ", 4);
		next = at != NULL ? at + 1 : end;
		take_part(st, azure, rank++, name, (size_t)(nl - name), body,
			  (size_t)(next - body));
		p = next;
	}
}

static char *
render(const struct eg_report *r, const char *format, const struct eg_render_opts *ro,
       size_t *len)
{
	const struct eg_renderer *rend = eg_renderer_find(format);
	char *buf = NULL;
	FILE *f;
	eg_err err;

	FUZZ_CHECK(rend != NULL, "no renderer %s", format);
	f = open_memstream(&buf, len);
	FUZZ_CHECK(f != NULL, "open_memstream");
	err = rend->render(r, ro, f);
	FUZZ_CHECK(err == EG_OK, "renderer %s failed (%d)", format, err);
	fclose(f);
	return buf;
}

static void
check_renderers(const struct eg_report *r, const struct eg_render_opts *ro)
{
	static const char *const xmls[] = { "xml", "junit" };
	struct json_tokener *tok;
	struct json_object *j;
	size_t len, i;
	char *out;

	out = render(r, "text", ro, &len);
	FUZZ_CHECK(len > 0, "empty text report");
	free(out);

	out = render(r, "json", ro, &len);
	tok = json_tokener_new();
	j = json_tokener_parse_ex(tok, out, (int)len);
	FUZZ_CHECK(j != NULL && json_tokener_get_error(tok) == json_tokener_success &&
		   (size_t)json_tokener_get_parse_end(tok) <= len,
		   "the JSON report is not JSON: %s\n%s",
		   json_tokener_error_desc(json_tokener_get_error(tok)), out);
	for (i = json_tokener_get_parse_end(tok); i < len; i++)
		FUZZ_CHECK(out[i] == ' ' || out[i] == '\n', "text after the JSON report");
	json_object_put(j);
	json_tokener_free(tok);
	free(out);

	for (i = 0; i < 2; i++) {
		xmlDocPtr doc;

		out = render(r, xmls[i], ro, &len);
		doc = xmlReadMemory(out, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
		FUZZ_CHECK(doc != NULL, "the %s report is not well-formed XML:\n%s", xmls[i], out);
		xmlFreeDoc(doc);
		free(out);
	}
}

/* A finding of that status: what an unknown or failed result without a reason says. */
static bool
has_finding(const struct eg_result *res, enum eg_status st)
{
	size_t i;

	for (i = 0; i < res->nfindings; i++)
		if (res->findings[i].status == st && res->findings[i].message != NULL)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eg_state *st = NULL;
	struct eg_azure_routes *azure[2] = { NULL, NULL };
	struct eg_check_ctx ctx = { 0 };
	struct eg_render_opts ro = { 0 };
	struct eg_report *r;
	size_t i, nok = 0;
	eg_err err;

	if (size < 1)
		return 0;
	ro.color = data[0] & 1;
	ro.verbose = (data[0] >> 1) & 1;
	if (eg_plan_build(intent, NULL, 0, &st) != EG_OK || st->nobs == 0)
		abort();
	split_parts((const char *)data + 1, size - 1, st, azure);
	for (i = 0; i < st->nobs; i++) {
		if (st->obs[i].status == EG_OK)
			nok++;
		else if (st->obs[i].why == NULL)
			eg_obs_fail(&st->obs[i], EG_ENOTFOUND, "%s: no reply", st->obs[i].q.device);
	}
	ctx.azure_learned = azure[0];
	ctx.azure_advertised = azure[1];
	r = eg_report_new();
	r->intent_source = strdup("(built-in)");
	r->mode = strdup("offline");
	r->started_at = 1764800000;
	err = eg_checks_run(intent, st, &ctx, r);
	FUZZ_CHECK(err == EG_OK, "the checks did not run (%d)", err);
	FUZZ_CHECK(r->nresults > 0, "no result");
	for (i = 0; i < r->nresults; i++) {
		const struct eg_result *res = &r->results[i];

		FUZZ_CHECK((unsigned)res->status <= EG_ST_SKIPPED, "%s: status %d", res->check_id,
			   res->status);
		if (res->status == EG_ST_UNKNOWN || res->status == EG_ST_SKIPPED)
			FUZZ_CHECK(res->reason != NULL || has_finding(res, res->status),
				   "%s: %s without a reason", res->check_id,
				   eg_status_name(res->status));
		if (res->status == EG_ST_FAIL)
			FUZZ_CHECK(has_finding(res, EG_ST_FAIL), "%s: fails without a finding",
				   res->check_id);
		if (nok == 0)
			FUZZ_CHECK(res->status != EG_ST_PASS, "%s passes though no reply parsed",
				   res->check_id);
	}
	check_renderers(r, &ro);
	eg_report_free(r);
	eg_state_free(st);
	eg_azure_free(azure[0]);
	eg_azure_free(azure[1]);
	return 0;
}
