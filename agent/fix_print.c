/*
 * fix_print.c - a fix plan (and what apply made of it) as text, JSON or
 * XML.  Text puts each device's `set` lines first, ready to paste, then
 * the same change as "show | compare" prints it; JSON and XML carry the
 * same members: per device its status, the checks the change repairs,
 * the lines, the compare view and, after apply, the outcome and the
 * account of the steps; then the checks that failed before and those no
 * change repairs.
 */
#include <string.h>

#include <json-c/json.h>
#include <libxml/xmlwriter.h>

#include "fix.h"
#include "util.h"

/* Print s with every line indented by ind. */
static void
fix_print_indented(FILE *f, const char *ind, const char *s)
{
	while (s != NULL && *s != '\0') {
		size_t n = strcspn(s, "\n");

		fprintf(f, "%s%.*s\n", ind, (int)n, s);
		s += n + (s[n] == '\n');
	}
}

static void
fix_print_list(FILE *f, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", v[i]);
}

/* The phases d's apply ran, "open 3.2 ms, lock 0.4 ms, ...". */
static void
fix_print_phases(FILE *f, const struct eg_fix_device *d)
{
	int ph, n = 0;

	if (d->phases == 0)
		return;
	fputs("  time:", f);
	for (ph = 0; ph < EG_FIX_NPHASES; ph++)
		if (d->phases & (1u << ph))
			fprintf(f, "%s %s %.1f ms", n++ ? "," : "", eg_fix_phase_name(ph),
				(double)d->phase_us[ph] / 1000.0);
	fputs("\n", f);
}

/* Does any device hold lines back? */
static bool
fix_any_held(const struct eg_fix_plan *p)
{
	size_t i;

	for (i = 0; i < p->ndevs; i++)
		if (p->devs[i].nheld > 0)
			return true;
	return false;
}

static void
fix_print_text(const struct eg_fix_plan *p, FILE *f)
{
	size_t i, j;

	for (i = 0; i < p->ndevs; i++) {
		const struct eg_fix_device *d = &p->devs[i];

		if (d->status != EG_OK) {
			fprintf(f, "%s: configuration not read: %s\n", d->device,
				d->why ? d->why : eg_strerror(d->status));
		} else if (d->nheld > 0) {
			fprintf(f, "%s: %zu line%s held back, not applied: it repairs no failing "
				"check, and a failing check is beyond configuration\n", d->device,
				d->nheld, d->nheld == 1 ? "" : "s");
			for (j = 0; j < d->nheld; j++)
				fprintf(f, "  held: %s\n", d->held[j]);
		} else if (d->nlines == 0) {
			fprintf(f, "%s: no change needed\n", d->device);
		} else {
			fprintf(f, "%s: %zu line%s, repairs ", d->device, d->nlines,
				d->nlines == 1 ? "" : "s");
			fix_print_list(f, d->checks, d->nchecks);
			fputs("\n", f);
			for (j = 0; j < d->nlines; j++)
				fprintf(f, "  %s\n", d->lines[j]);
			fputs("  show | compare:\n", f);
			fix_print_indented(f, "    ", d->compare);
		}
		if (d->outcome != NULL)
			fprintf(f, "  outcome: %s\n", d->outcome);
		fix_print_indented(f, "    ", d->account);
		fix_print_phases(f, d);
	}
	if (eg_fix_plan_nlines(p) == 0 && p->nunrepaired == 0 && !fix_any_held(p))
		fputs("no change needed: the owned configuration matches the intent\n", f);
	if (p->nunrepaired > 0) {
		fputs("not repaired by a configuration change: ", f);
		fix_print_list(f, p->unrepaired, p->nunrepaired);
		fputs("\n", f);
		for (i = 0; i < p->nunrepaired; i++)
			fprintf(f, "  %s: %s\n", p->unrepaired[i],
				eg_fix_repairable(p->unrepaired[i])
				? "what erguard owns already matches the intent; the cause lies elsewhere"
				: "no configuration change repairs it (session state, Azure, routes "
				  "erguard does not own)");
	}
}

static json_object *
fix_json_strv(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static eg_err
fix_print_json(const struct eg_fix_plan *p, FILE *f)
{
	json_object *root = json_object_new_object(), *devs = json_object_new_array();
	size_t i;

	if (root == NULL || devs == NULL)
		eg_oom(__func__);
	for (i = 0; i < p->ndevs; i++) {
		const struct eg_fix_device *d = &p->devs[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "device", json_object_new_string(d->device));
		json_object_object_add(o, "status", json_object_new_string(
					       d->status == EG_OK ? "read" : eg_strerror(d->status)));
		if (d->why != NULL)
			json_object_object_add(o, "reason", json_object_new_string(d->why));
		json_object_object_add(o, "repairs", fix_json_strv(d->checks, d->nchecks));
		json_object_object_add(o, "lines", fix_json_strv(d->lines, d->nlines));
		json_object_object_add(o, "held", fix_json_strv(d->held, d->nheld));
		json_object_object_add(o, "compare", json_object_new_string(
					       d->compare ? d->compare : ""));
		if (d->outcome != NULL)
			json_object_object_add(o, "outcome", json_object_new_string(d->outcome));
		if (d->account != NULL)
			json_object_object_add(o, "account", json_object_new_string(d->account));
		if (d->phases != 0) {
			json_object *t = json_object_new_object();
			int ph;

			for (ph = 0; ph < EG_FIX_NPHASES; ph++)
				if (d->phases & (1u << ph))
					json_object_object_add(t, eg_fix_phase_name(ph),
							       json_object_new_int64(d->phase_us[ph]));
			json_object_object_add(o, "phase-us", t);
		}
		json_object_array_add(devs, o);
	}
	json_object_object_add(root, "devices", devs);
	json_object_object_add(root, "changes",
			       json_object_new_int64((int64_t)eg_fix_plan_nlines(p)));
	if (p->checked)
		json_object_object_add(root, "failing", fix_json_strv(p->failing, p->nfailing));
	json_object_object_add(root, "unrepaired", fix_json_strv(p->unrepaired, p->nunrepaired));
	fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return EG_OK;
}

static int
fix_xml_strv(xmlTextWriterPtr w, const char *name, char *const *v, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc >= 0; i++)
		rc = xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST v[i]);
	return rc;
}

static eg_err
fix_print_xml(const struct eg_fix_plan *p, FILE *f)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w;
	size_t i;
	int rc;

	if (buf == NULL || (w = xmlNewTextWriterMemory(buf, 0)) == NULL)
		eg_oom(__func__);
	xmlTextWriterSetIndent(w, 1);
	rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	if (rc >= 0)
		rc = xmlTextWriterStartElement(w, BAD_CAST "fix");
	for (i = 0; i < p->ndevs && rc >= 0; i++) {
		const struct eg_fix_device *d = &p->devs[i];

		rc = xmlTextWriterStartElement(w, BAD_CAST "device");
		if (rc >= 0)
			rc = xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST d->device);
		if (rc >= 0)
			rc = xmlTextWriterWriteElement(w, BAD_CAST "status", BAD_CAST
						       (d->status == EG_OK ? "read"
									   : eg_strerror(d->status)));
		if (rc >= 0 && d->why != NULL)
			rc = xmlTextWriterWriteElement(w, BAD_CAST "reason", BAD_CAST d->why);
		if (rc >= 0)
			rc = fix_xml_strv(w, "repairs", d->checks, d->nchecks);
		if (rc >= 0)
			rc = fix_xml_strv(w, "line", d->lines, d->nlines);
		if (rc >= 0)
			rc = fix_xml_strv(w, "held", d->held, d->nheld);
		if (rc >= 0 && d->compare != NULL && *d->compare != '\0')
			rc = xmlTextWriterWriteElement(w, BAD_CAST "compare", BAD_CAST d->compare);
		if (rc >= 0 && d->outcome != NULL)
			rc = xmlTextWriterWriteElement(w, BAD_CAST "outcome", BAD_CAST d->outcome);
		if (rc >= 0 && d->account != NULL)
			rc = xmlTextWriterWriteElement(w, BAD_CAST "account", BAD_CAST d->account);
		for (int ph = 0; ph < EG_FIX_NPHASES && rc >= 0; ph++) {
			if (!(d->phases & (1u << ph)))
				continue;
			rc = xmlTextWriterStartElement(w, BAD_CAST "phase");
			if (rc >= 0)
				rc = xmlTextWriterWriteAttribute(w, BAD_CAST "name",
								 BAD_CAST eg_fix_phase_name(ph));
			if (rc >= 0)
				rc = xmlTextWriterWriteFormatAttribute(w, BAD_CAST "us", "%lld",
								       (long long)d->phase_us[ph]);
			if (rc >= 0)
				rc = xmlTextWriterEndElement(w);
		}
		if (rc >= 0)
			rc = xmlTextWriterEndElement(w);
	}
	if (rc >= 0)
		rc = xmlTextWriterWriteFormatElement(w, BAD_CAST "changes", "%zu",
						     eg_fix_plan_nlines(p));
	if (rc >= 0 && p->checked)
		rc = fix_xml_strv(w, "failing", p->failing, p->nfailing);
	if (rc >= 0)
		rc = fix_xml_strv(w, "unrepaired", p->unrepaired, p->nunrepaired);
	if (rc >= 0)
		rc = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	if (rc >= 0)
		fputs((const char *)xmlBufferContent(buf), f);
	xmlBufferFree(buf);
	return rc >= 0 ? EG_OK : EG_EINTERNAL;
}

eg_err
eg_fix_plan_print(const struct eg_fix_plan *p, const char *format, FILE *f)
{
	eg_err err = EG_OK;

	if (format == NULL || strcmp(format, "text") == 0)
		fix_print_text(p, f);
	else if (strcmp(format, "json") == 0)
		err = fix_print_json(p, f);
	else if (strcmp(format, "xml") == 0)
		err = fix_print_xml(p, f);
	else
		return EG_EINVAL;
	if (err == EG_OK && (fflush(f) != 0 || ferror(f)))
		err = EG_EIO;
	return err;
}
