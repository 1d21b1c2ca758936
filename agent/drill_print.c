/*
 * drill_print.c - `erguard drill` on paper: the plan before anything is
 * touched, and the result as a timeline per prefix (text) or JSON.
 *
 * Instants are ms after the trigger (the last CE's confirmed commit, as
 * the client's monotonic clock saw it answered), each with its error bar
 * (half the span between the last answer before the change was sent and
 * the first after it was answered).  Convergence is measured from the
 * trigger commit for the failover and from the first restoring commit
 * for the failback, to the upper end of the arrival's bar.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "drill.h"
#include "util.h"

static const char *
drill_links_name(unsigned links)
{
	return links == EG_DRILL_PRIMARY ? "primary" : links == EG_DRILL_SECONDARY ? "secondary" :
	       "both";
}

/* The plan's step on a CE for the triggers that read the CE first. */
static const char *
drill_plan_action(int trigger)
{
	switch (trigger) {
	case EG_DRILL_TRIGGER_INTERFACE:
		return "set interfaces IF unit U disable (the unit whose address holds the MSEE's)";
	case EG_DRILL_TRIGGER_BLACKHOLE:
		return "set firewall family inet filter " EG_DRILL_FILTER " term discard-all then "
		       "discard; set interfaces IF unit U family inet filter input " EG_DRILL_FILTER;
	}
	return "nothing is committed: the failure is brought about outside erguard";
}

eg_err
eg_drill_plan_print(const struct eg_intent *in, const struct eg_drill_opts *o, FILE *f)
{
	const struct eg_service *svc = eg_drill_service(in, o->service);
	unsigned links = o->links ? o->links : EG_DRILL_BOTH, maxs, watch;
	size_t i;
	char b[EG_PREFIX_STRLEN];

	if (svc == NULL)
		return EG_EINVAL;
	maxs = o->max_convergence_s ? o->max_convergence_s :
	       svc->max_convergence_s ? svc->max_convergence_s : 10;
	watch = o->watch_s ? o->watch_s : 2 * maxs + 5;
	fprintf(f, "drill of %s, links %s, trigger %s; nothing is touched by this plan\n",
		svc->name, drill_links_name(links), eg_drill_trigger_name(o->trigger));
	fprintf(f, "1. pre-flight: the full check on every device; any failing or undecided "
		"check refuses the drill\n");
	fprintf(f, "2. open a session to %s (the watch) and to each CE; on each CE: exclusive "
		"lock, load, commit check\n", svc->vpn.firewall ? svc->vpn.firewall : "?");
	for (i = 0; i < svc->ner && i < 2; i++) {
		char ab[EG_ADDR_STRLEN];

		if ((links & (1u << i)) == 0)
			continue;
		if (o->trigger != EG_DRILL_TRIGGER_BGP)
			fprintf(f, "   %s: %s\n", svc->er[i].ce, drill_plan_action(o->trigger));
		else
			fprintf(f, "   %s: deactivate routing-instances %s protocols bgp group %s "
				"neighbor %s\n", svc->er[i].ce, svc->instance, svc->er[i].ebgp_group,
				eg_addr_fmt(&svc->er[i].msee_peer, ab));
	}
	fprintf(f, "3. trigger: commit confirmed %u minute%s on each CE (the CE restores itself "
		"if erguard dies)\n", (2 * watch + 60 + 59) / 60,
		(2 * watch + 60 + 59) / 60 == 1 ? "" : "s");
	fprintf(f, "4. watch %s table %s, one prefix a request, for up to %u s:", svc->vpn.firewall,
		svc->table, watch);
	for (i = 0; i < svc->nazure; i++)
		fprintf(f, " %s", eg_prefix_fmt(&svc->azure[i], b));
	fprintf(f, "\n   expected: the active path moves to %s\n",
		links == EG_DRILL_BOTH || svc->ner < 2 ? "the VPN" :
		svc->er[links == EG_DRILL_PRIMARY ? 1 : 0].name);
	fprintf(f, "5. restore: load activate, commit, unlock; watch the failback for up to %u s; "
		"the full check again\n", watch);
	fprintf(f, "6. verdict: failover and failback each within %u s\n", maxs);
	return ferror(f) ? EG_EIO : EG_OK;
}

static void
drill_instant(FILE *f, const struct eg_drill_instant *x)
{
	if (x->at < 0 && x->err < 0)
		fprintf(f, "%18s", "-");
	else
		fprintf(f, "%10lld ±%-6lld", (long long)x->at, (long long)x->err);
}

static void
drill_clock(int64_t wall_ms, char *buf, size_t size)
{
	time_t s = (time_t)(wall_ms / 1000);
	struct tm tm;

	gmtime_r(&s, &tm);
	if (strftime(buf, size, "%H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "?");
}

static void
drill_text(const struct eg_service *svc, const struct eg_drill_result *r, FILE *f)
{
	size_t i;

	fprintf(f, "drill of %s, links %s: %s\n", r->service, drill_links_name(r->links),
		eg_drill_outcome_name(r->outcome));
	fprintf(f, "trigger %s: %s\n", eg_drill_trigger_name(r->trigger),
		eg_drill_trigger_exercises(r->trigger));
	if (r->outcome == EG_DRILL_REFUSED) {
		fprintf(f, "the pre-flight check fails, nothing was touched:\n");
		for (i = 0; i < r->nfailing; i++)
			fprintf(f, "  %s\n", r->failing[i]);
		if (r->why)
			fprintf(f, "%s\n", r->why);
		return;
	}
	if (r->why != NULL)
		fprintf(f, "%s\n", r->why);
	for (i = 0; i < r->nces; i++) {
		const struct eg_drill_ce *ce = &r->ces[i];
		const char *p = ce->account ? ce->account : "";

		fprintf(f, "%s:\n", ce->device);
		while (*p != '\0') {
			size_t n = strcspn(p, "\n");
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
		if (ce->triggered && !ce->restored) {
			char clk[32];

			drill_clock(ce->rollback_wall_ms, clk, sizeof(clk));
			fprintf(f, "  LEFT: %s is still deactivated; the device rolls it back by "
				"itself at about %s (commit confirmed %u minute%s)\n", ce->line, clk,
				r->confirm_minutes, r->confirm_minutes == 1 ? "" : "s");
		}
	}
	if (r->nprefixes == 0 || r->prefixes[0].nsamples == 0)
		return;
	fprintf(f, "watch: %s %s, %.1f requests/s, round trip %.1f ms; instants in ms after "
		"the trigger\n", r->firewall, r->table, r->polls_per_s, r->rtt_ms);
	for (i = 0; i < r->nces; i++)
		fprintf(f, "  %s trigger %lld ±%lld, restore %lld ±%lld\n", r->ces[i].device,
			(long long)r->ces[i].trigger.at, (long long)r->ces[i].trigger.err,
			(long long)r->ces[i].restore.at, (long long)r->ces[i].restore.err);
	fprintf(f, "%-18s %-9s %-18s %-18s %-18s %-18s %s\n", "prefix", "before", "left",
		"arrived", "back-left", "back-arrived", "after");
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		char b[EG_PREFIX_STRLEN];

		fprintf(f, "%-18s %-9s ", eg_prefix_fmt(&p->pfx, b), eg_drill_via_name(svc, p->before));
		drill_instant(f, &p->failover.left);
		fputc(' ', f);
		drill_instant(f, &p->failover.arrived);
		fputc(' ', f);
		drill_instant(f, &p->failback.left);
		fputc(' ', f);
		drill_instant(f, &p->failback.arrived);
		fprintf(f, " %s -> %s\n", eg_drill_via_name(svc, p->failover.final_via),
			eg_drill_via_name(svc, p->failback.final_via));
	}
	if (r->after_checked && r->nafter_failing > 0) {
		fprintf(f, "the check after the restore fails:\n");
		for (i = 0; i < r->nafter_failing; i++)
			fprintf(f, "  %s\n", r->after_failing[i]);
	}
	fprintf(f, "bound: %u s for the failover and the failback\n", r->max_convergence_s);
}

static json_object *
drill_json_instant(const struct eg_drill_instant *x, int64_t wall0)
{
	json_object *o;

	if (x->at < 0 && x->err < 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "ms", json_object_new_int64(x->at));
	json_object_object_add(o, "err_ms", json_object_new_int64(x->err));
	json_object_object_add(o, "wall_ms", json_object_new_int64(wall0 + x->at));
	return o;
}

static json_object *
drill_json_phase(const struct eg_service *svc, const struct eg_drill_phase *ph, int64_t zero,
		 int64_t wall0)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "left", drill_json_instant(&ph->left, wall0));
	json_object_object_add(o, "arrived", drill_json_instant(&ph->arrived, wall0));
	json_object_object_add(o, "final", json_object_new_string(eg_drill_via_name(svc,
							     ph->final_via)));
	if (ph->arrived.at >= 0)
		json_object_object_add(o, "convergence_ms",
				       json_object_new_int64(ph->arrived.at + ph->arrived.err - zero));
	return o;
}

static json_object *
drill_json_strings(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static eg_err
drill_json(const struct eg_service *svc, const struct eg_drill_result *r, FILE *f)
{
	json_object *root = json_object_new_object(), *ces = json_object_new_array();
	json_object *pfx = json_object_new_array();
	int64_t fo0 = 0, fb0 = -1;
	size_t i;
	eg_err err = EG_OK;

	json_object_object_add(root, "service", json_object_new_string(r->service));
	json_object_object_add(root, "links", json_object_new_string(drill_links_name(r->links)));
	json_object_object_add(root, "outcome", json_object_new_string(
				       eg_drill_outcome_name(r->outcome)));
	json_object_object_add(root, "passed", json_object_new_boolean(r->outcome ==
								       EG_DRILL_PASSED));
	if (r->why)
		json_object_object_add(root, "why", json_object_new_string(r->why));
	json_object_object_add(root, "max_convergence_s", json_object_new_int(
				       (int)r->max_convergence_s));
	json_object_object_add(root, "preflight_failing", drill_json_strings(r->failing,
									     r->nfailing));
	json_object_object_add(root, "after_failing", drill_json_strings(r->after_failing,
									 r->nafter_failing));
	json_object_object_add(root, "firewall", json_object_new_string(r->firewall));
	json_object_object_add(root, "table", json_object_new_string(r->table));
	json_object_object_add(root, "wall_at_zero_ms", json_object_new_int64(r->wall_at_zero));
	json_object_object_add(root, "requests_per_s", json_object_new_double(r->polls_per_s));
	json_object_object_add(root, "rtt_ms", json_object_new_double(r->rtt_ms));
	json_object_object_add(root, "confirm_minutes", json_object_new_int((int)r->confirm_minutes));
	for (i = 0; i < r->nces; i++) {
		const struct eg_drill_ce *ce = &r->ces[i];
		json_object *o = json_object_new_object();

		if (ce->trigger.at > fo0)
			fo0 = ce->trigger.at;
		if (ce->restore.at >= 0 && (fb0 < 0 || ce->restore.at < fb0))
			fb0 = ce->restore.at;
		json_object_object_add(o, "device", json_object_new_string(ce->device));
		json_object_object_add(o, "line", json_object_new_string(ce->line));
		json_object_object_add(o, "triggered", json_object_new_boolean(ce->triggered));
		json_object_object_add(o, "restored", json_object_new_boolean(ce->restored));
		json_object_object_add(o, "trigger", drill_json_instant(&ce->trigger, r->wall_at_zero));
		json_object_object_add(o, "restore", drill_json_instant(&ce->restore, r->wall_at_zero));
		if (ce->triggered && !ce->restored)
			json_object_object_add(o, "device_rollback_wall_ms",
					       json_object_new_int64(ce->rollback_wall_ms));
		json_object_object_add(o, "account", json_object_new_string(ce->account ? ce->account
									       : ""));
		json_object_array_add(ces, o);
	}
	json_object_object_add(root, "ces", ces);
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		json_object *o = json_object_new_object();
		char b[EG_PREFIX_STRLEN];

		json_object_object_add(o, "prefix", json_object_new_string(eg_prefix_fmt(&p->pfx, b)));
		json_object_object_add(o, "before", json_object_new_string(
					       eg_drill_via_name(svc, p->before)));
		json_object_object_add(o, "samples", json_object_new_int((int)p->nsamples));
		json_object_object_add(o, "failover", drill_json_phase(svc, &p->failover, fo0,
								       r->wall_at_zero));
		json_object_object_add(o, "failback", drill_json_phase(svc, &p->failback, fb0,
								       r->wall_at_zero));
		json_object_array_add(pfx, o);
	}
	json_object_object_add(root, "prefixes", pfx);
	if (fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							      JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
		err = EG_EIO;
	json_object_put(root);
	return err;
}

/* One JUnit test case; failure NULL when it passed. */
static void
drill_junit_case(FILE *f, const char *cls, const char *name, double secs, const char *failure)
{
	fputs("  <testcase classname=\"", f);
	eg_xml_escape_fputs(f, cls, 1);
	fputs("\" name=\"", f);
	eg_xml_escape_fputs(f, name, 1);
	fprintf(f, "\" time=\"%.3f\"", secs);
	if (failure == NULL) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n    <failure message=\"", f);
	eg_xml_escape_fputs(f, failure, 1);
	fputs("\"/>\n  </testcase>\n", f);
}

/* The phase's failure text, or NULL when it arrived within max_ms of zero. */
static char *
drill_phase_failure(const struct eg_service *svc, const struct eg_drill_phase *ph, int64_t zero,
		    int64_t max_ms)
{
	if (ph->arrived.at < 0)
		return eg_xasprintf("never arrived (ended on %s)", eg_drill_via_name(svc,
										 ph->final_via));
	if (!eg_drill_within(ph, zero, max_ms))
		return eg_xasprintf("%lld ms, over the bound of %lld ms",
				    (long long)(ph->arrived.at + ph->arrived.err - zero),
				    (long long)max_ms);
	return NULL;
}

static eg_err
drill_junit(const struct eg_service *svc, const struct eg_drill_result *r, FILE *f)
{
	char *cls = eg_xasprintf("erguard.drill.%s", r->service ? r->service : "?");
	int64_t fo0 = 0, fb0 = -1, max = (int64_t)r->max_convergence_s * 1000;
	size_t i, ncases = 2 + 2 * r->nprefixes, nfail = 0;
	char **fails = eg_xcalloc(ncases, sizeof(*fails));
	bool restored = r->outcome != EG_DRILL_UNRESTORED && r->outcome != EG_DRILL_ABORTED;

	for (i = 0; i < r->nces; i++) {
		if (r->ces[i].trigger.at > fo0)
			fo0 = r->ces[i].trigger.at;
		if (r->ces[i].restore.at >= 0 && (fb0 < 0 || r->ces[i].restore.at < fb0))
			fb0 = r->ces[i].restore.at;
	}
	if (r->outcome == EG_DRILL_REFUSED)
		fails[0] = eg_xasprintf("%zu check%s fail%s before the drill; nothing touched",
					r->nfailing, r->nfailing == 1 ? "" : "s",
					r->nfailing == 1 ? "s" : "");
	if (!restored)
		fails[1] = eg_xstrdup(r->why ? r->why : "not restored");
	for (i = 0; i < r->nprefixes && r->outcome != EG_DRILL_REFUSED; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];

		if (!eg_drill_via_in(p->before, r->links, false))
			continue;
		fails[2 + 2 * i] = drill_phase_failure(svc, &p->failover, fo0, max);
		fails[3 + 2 * i] = drill_phase_failure(svc, &p->failback, fb0, max);
	}
	for (i = 0; i < ncases; i++)
		nfail += fails[i] != NULL;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"", f);
	eg_xml_escape_fputs(f, cls, 1);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\">\n", ncases, nfail);
	drill_junit_case(f, cls, "pre-flight check", 0, fails[0]);
	drill_junit_case(f, cls, "restore and check", 0, fails[1]);
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		char b[EG_PREFIX_STRLEN], *name;
		double fo = p->failover.arrived.at >= 0 ?
			    (double)(p->failover.arrived.at + p->failover.arrived.err - fo0) / 1000 : 0;
		double fb = p->failback.arrived.at >= 0 && fb0 >= 0 ?
			    (double)(p->failback.arrived.at + p->failback.arrived.err - fb0) / 1000 : 0;

		eg_prefix_fmt(&p->pfx, b);
		name = eg_xasprintf("%s failover", b);
		drill_junit_case(f, cls, name, fo, fails[2 + 2 * i]);
		free(name);
		name = eg_xasprintf("%s failback", b);
		drill_junit_case(f, cls, name, fb, fails[3 + 2 * i]);
		free(name);
	}
	fputs("</testsuite>\n", f);
	for (i = 0; i < ncases; i++)
		free(fails[i]);
	free(fails);
	free(cls);
	return ferror(f) ? EG_EIO : EG_OK;
}

eg_err
eg_drill_print(const struct eg_intent *in, const struct eg_drill_result *r, const char *format,
	       FILE *f)
{
	const struct eg_service *svc = eg_drill_service(in, r->service);

	if (strcmp(format, "json") == 0)
		return drill_json(svc, r, f);
	if (strcmp(format, "junit") == 0)
		return drill_junit(svc, r, f);
	if (strcmp(format, "text") != 0)
		return EG_EINVAL;
	drill_text(svc, r, f);
	return ferror(f) ? EG_EIO : EG_OK;
}

static const char *
drill_svg_color(int via)
{
	switch (via) {
	case 0:			return "#1f77b4";	/* primary */
	case 1:			return "#17becf";	/* secondary */
	case EG_VIA_VPN:	return "#ff7f0e";
	case EG_VIA_NONE:	return "#d62728";
	case EG_VIA_OTHER:	return "#9467bd";
	}
	return "#bbbbbb";	/* unknown */
}

eg_err
eg_drill_svg(const struct eg_intent *in, const struct eg_drill_result *r, FILE *f)
{
	const struct eg_service *svc = eg_drill_service(in, r->service);
	const int left = 150, width = 800, row = 28, top = 40;
	int64_t t0 = 0, t1 = 1;
	size_t i, k;
	int height = top + (int)r->nprefixes * row + 60;

	for (i = 0; i < r->nprefixes; i++)
		for (k = 0; k < r->prefixes[i].nsamples; k++) {
			if (r->prefixes[i].samples[k].sent < t0)
				t0 = r->prefixes[i].samples[k].sent;
			if (r->prefixes[i].samples[k].recv > t1)
				t1 = r->prefixes[i].samples[k].recv;
		}
#define DRILL_X(t) (left + (double)((t) - t0) * width / (double)(t1 - t0))
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"font-family=\"sans-serif\" font-size=\"12\">\n", left + width + 20, height);
	fputs("<text x=\"10\" y=\"20\">erguard drill of ", f);
	eg_xml_escape_fputs(f, r->service ? r->service : "?", 0);
	fprintf(f, ": %s (ms after the trigger, %lld to %lld)</text>\n",
		eg_drill_outcome_name(r->outcome), (long long)t0, (long long)t1);
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		char b[EG_PREFIX_STRLEN];
		int y = top + (int)i * row;

		fprintf(f, "<text x=\"10\" y=\"%d\">%s</text>\n", y + 15, eg_prefix_fmt(&p->pfx, b));
		for (k = 0; k < p->nsamples; k++) {
			const struct eg_drill_sample *s = &p->samples[k];
			int64_t end = k + 1 < p->nsamples ? p->samples[k + 1].recv : s->recv;
			double x0 = DRILL_X(s->recv), x1 = DRILL_X(end);

			fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\">"
				"<title>%s at %lld..%lld ms</title></rect>\n", x0, y,
				x1 - x0 > 0.5 ? x1 - x0 : 0.5, drill_svg_color(s->via),
				eg_drill_via_name(svc, s->via), (long long)s->sent, (long long)s->recv);
		}
	}
	for (i = 0; i < r->nces; i++) {
		const struct eg_drill_ce *ce = &r->ces[i];
		int y1 = top + (int)r->nprefixes * row;

		if (ce->trigger.at >= 0)
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"black\" "
				"stroke-dasharray=\"4\"/>\n", DRILL_X(ce->trigger.at),
				DRILL_X(ce->trigger.at), top - 5, y1);
		if (ce->restore.at >= 0)
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"green\" "
				"stroke-dasharray=\"4\"/>\n", DRILL_X(ce->restore.at),
				DRILL_X(ce->restore.at), top - 5, y1);
	}
#undef DRILL_X
	fprintf(f, "<text x=\"10\" y=\"%d\">black: trigger commits, green: restore commits; "
		"blue primary, teal secondary, orange VPN, red no route, grey no answer</text>\n",
		top + (int)r->nprefixes * row + 25);
	fputs("</svg>\n", f);
	return ferror(f) ? EG_EIO : EG_OK;
}
