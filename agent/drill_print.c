/*
 * drill_print.c - `erguard drill` on paper: the plan before anything is
 * touched, and the result as a timeline per prefix with the path proof
 * (text), JUnit or an SVG picture; JSON and XML come from drill_report.c.
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

#include "drill.h"
#include "util.h"

static const char *
drill_links_name(unsigned links)
{
	return links == EG_DRILL_PRIMARY ? "primary" : links == EG_DRILL_SECONDARY ? "secondary" :
	       "both";
}

/* The path proof's line of the plan. */
static void
drill_plan_proof(const struct eg_service *svc, const struct eg_drill_opts *o, FILE *f)
{
	struct eg_addr h;
	char ab[EG_ADDR_STRLEN];

	if (o->no_trace)
		fprintf(f, "   path proof: not done (--no-trace)\n");
	else if (eg_drill_trace_hosts(svc, &h, 1) == 0)
		fprintf(f, "   path proof: not done (the intent names no test host)\n");
	else
		fprintf(f, "   path proof: traceroute %s routing-instance %s from %s before the "
			"trigger, after the failover and after the failback, outside the timed watch\n",
			eg_addr_fmt(&h, ab), svc->instance, svc->vpn.firewall ? svc->vpn.firewall : "?");
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
	unsigned links = o->links ? o->links : EG_DRILL_BOTH, maxs, watch, confirm;
	size_t i;
	char b[EG_PREFIX_STRLEN];
	struct eg_addr h;

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
	confirm = (2 * watch + 60 + 59) / 60 + (eg_drill_trace_budget_s(svc, o) + 59) / 60;
	fprintf(f, "3. trigger: commit confirmed %u minute%s on each CE (the CE restores itself "
		"if erguard dies)\n", confirm, confirm == 1 ? "" : "s");
	fprintf(f, "4. watch %s table %s, one prefix a request, for up to %u s:", svc->vpn.firewall,
		svc->table, watch);
	for (i = 0; i < svc->nazure; i++)
		fprintf(f, " %s", eg_prefix_fmt(&svc->azure[i], b));
	fprintf(f, "\n   expected: the active path moves to %s\n",
		links == EG_DRILL_BOTH || svc->ner < 2 ? "the VPN" :
		svc->er[links == EG_DRILL_PRIMARY ? 1 : 0].name);
	fprintf(f, "5. restore: load activate, commit, unlock; watch the failback for up to %u s; "
		"the full check again\n", watch);
	drill_plan_proof(svc, o, f);
	fprintf(f, "6. verdict: failover and failback each within %u s%s\n", maxs,
		o->no_trace || eg_drill_trace_hosts(svc, &h, 1) == 0 ? "" :
		"; the path through ExpressRoute before and after, through the backup during");
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

/* Where a trace went, in words. */
static const char *
drill_trace_via(const struct eg_service *svc, const struct eg_drill_trace *t)
{
	if (!t->answered)
		return "no answer";
	if (t->via == EG_VIA_VPN)
		return "vpn";
	if (t->via == EG_VIA_NONE)
		return "not reached";
	return eg_drill_via_name(svc, t->via);
}

/* The path proof: one line per trace, or why there is none. */
static void
drill_text_proof(const struct eg_service *svc, const struct eg_drill_result *r, FILE *f)
{
	size_t i;

	if (r->proof == EG_PROOF_SKIPPED) {
		fprintf(f, "path proof: not done (--no-trace)\n");
		return;
	}
	if (r->proof == EG_PROOF_NO_HOSTS) {
		fprintf(f, "path proof: not done (the intent names no test host)\n");
		return;
	}
	if (r->ntraces == 0) {
		fprintf(f, "path proof: not done (the drill stopped before it)\n");
		return;
	}
	fprintf(f, "path proof: traceroute from %s routing-instance %s\n", r->firewall,
		svc ? svc->instance : "?");
	fprintf(f, "  %-15s %-7s %-11s %-4s %s\n", "host", "phase", "via", "ok", "hops");
	for (i = 0; i < r->ntraces; i++) {
		const struct eg_drill_trace *t = &r->traces[i];
		char ab[EG_ADDR_STRLEN], *hops = eg_drill_trace_hops(t);

		fprintf(f, "  %-15s %-7s %-11s %-4s %s\n", eg_addr_fmt(&t->host, ab),
			eg_drill_trace_phase_name(t->phase), drill_trace_via(svc, t),
			t->ok ? "yes" : "NO", *hops ? hops : "-");
		free(hops);
	}
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

		if (*p == '\0' && !ce->triggered)
			continue;	/* the drill stopped before it was touched */
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
	if (r->nprefixes == 0 || r->prefixes[0].nsamples == 0) {
		drill_text_proof(svc, r, f);
		return;
	}
	fprintf(f, "watch: %s %s, %.1f requests/s, round trip %.1f ms; instants in ms after "
		"the trigger\n", r->firewall, r->table, r->polls_per_s, r->rtt_ms);
	for (i = 0; i < r->nces; i++) {
		const struct eg_drill_ce *ce = &r->ces[i];
		char pa[EG_ADDR_STRLEN];

		fprintf(f, "  %s trigger %lld ±%lld, restore %lld ±%lld\n", ce->device,
			(long long)ce->trigger.at, (long long)ce->trigger.err,
			(long long)ce->restore.at, (long long)ce->restore.err);
		fprintf(f, "  %s session to %s: ", ce->device, eg_addr_fmt(&ce->peer, pa));
		if (ce->peer_down.at < 0)
			fputs("not seen down", f);
		else
			fprintf(f, "down %lld ±%lld%s", (long long)ce->peer_down.at,
				(long long)ce->peer_down.err, ce->peer_down_bfd == 0 ? " (BFD down)" : "");
		if (ce->peer_up.at < 0)
			fputs(", not seen Established again\n", f);
		else
			fprintf(f, ", Established %lld ±%lld\n", (long long)ce->peer_up.at,
				(long long)ce->peer_up.err);
	}
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
	drill_text_proof(svc, r, f);
}

/* One JUnit test case; failure NULL when it passed; skipped: not done, and why. */
static void
drill_junit_case(FILE *f, const char *cls, const char *name, double secs, const char *failure,
		 const char *skipped)
{
	fputs("  <testcase classname=\"", f);
	eg_xml_escape_fputs(f, cls, 1);
	fputs("\" name=\"", f);
	eg_xml_escape_fputs(f, name, 1);
	fprintf(f, "\" time=\"%.3f\"", secs);
	if (failure == NULL && skipped == NULL) {
		fputs("/>\n", f);
		return;
	}
	fprintf(f, ">\n    <%s message=\"", failure ? "failure" : "skipped");
	eg_xml_escape_fputs(f, failure ? failure : skipped, 1);
	fputs("\"/>\n  </testcase>\n", f);
}

/*
 * The path proof's case of phase ph: its failure (the first trace not as
 * expected) or why it was not done; both NULL when every trace passed.
 */
static void
drill_junit_proof(const struct eg_drill_result *r, enum eg_drill_trace_phase ph,
		  const char **failure, const char **skipped, double *secs)
{
	size_t i, n = 0;

	*failure = *skipped = NULL;
	*secs = 0;
	for (i = 0; i < r->ntraces; i++) {
		const struct eg_drill_trace *t = &r->traces[i];

		if (t->phase != ph)
			continue;
		n++;
		*secs += (double)(t->recv - t->sent) / 1000;
		if (!t->ok && *failure == NULL)
			*failure = t->why ? t->why : "not as expected";
	}
	if (r->proof == EG_PROOF_SKIPPED)
		*skipped = "not done: --no-trace";
	else if (r->proof == EG_PROOF_NO_HOSTS)
		*skipped = "not done: the intent names no test host";
	else if (n == 0)
		*skipped = "not done: the drill stopped before it";
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
	int64_t fo0, fb0, max = (int64_t)r->max_convergence_s * 1000;
	size_t i, ncases = 2 + 2 * r->nprefixes, nfail = 0, nskip = 0;
	char **fails = eg_xcalloc(ncases, sizeof(*fails));
	bool restored = r->outcome != EG_DRILL_UNRESTORED && r->outcome != EG_DRILL_ABORTED &&
			(r->outcome != EG_DRILL_WRONG_PATH || r->after_checked);
	const char *pfail[3], *pskip[3];
	double psecs[3];
	int ph;

	eg_drill_zeros(r, &fo0, &fb0);
	for (ph = 0; ph < 3; ph++) {
		drill_junit_proof(r, (enum eg_drill_trace_phase)ph, &pfail[ph], &pskip[ph], &psecs[ph]);
		nfail += pfail[ph] != NULL;
		nskip += pfail[ph] == NULL && pskip[ph] != NULL;
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
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n", ncases + 3, nfail,
		nskip);
	drill_junit_case(f, cls, "pre-flight check", 0, fails[0], NULL);
	drill_junit_case(f, cls, "restore and check", 0, fails[1], NULL);
	for (ph = 0; ph < 3; ph++) {
		char *name = eg_xasprintf("path proof %s", eg_drill_trace_phase_name(
						  (enum eg_drill_trace_phase)ph));

		drill_junit_case(f, cls, name, psecs[ph], pfail[ph], pskip[ph]);
		free(name);
	}
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		char b[EG_PREFIX_STRLEN], *name;
		double fo = p->failover.arrived.at >= 0 ?
			    (double)(p->failover.arrived.at + p->failover.arrived.err - fo0) / 1000 : 0;
		double fb = p->failback.arrived.at >= 0 && fb0 >= 0 ?
			    (double)(p->failback.arrived.at + p->failback.arrived.err - fb0) / 1000 : 0;

		eg_prefix_fmt(&p->pfx, b);
		name = eg_xasprintf("%s failover", b);
		drill_junit_case(f, cls, name, fo, fails[2 + 2 * i], NULL);
		free(name);
		name = eg_xasprintf("%s failback", b);
		drill_junit_case(f, cls, name, fb, fails[3 + 2 * i], NULL);
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

	if (strcmp(format, "json") == 0 || strcmp(format, "xml") == 0)
		return eg_drill_report_print(in, r, format[0] == 'j', f);
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
	for (i = 0; i < r->ntraces; i++) {
		if (r->traces[i].sent < t0)
			t0 = r->traces[i].sent;
		if (r->traces[i].recv > t1)
			t1 = r->traces[i].recv;
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
	for (i = 0; i < r->ntraces; i++) {
		const struct eg_drill_trace *t = &r->traces[i];
		int y1 = top + (int)r->nprefixes * row;
		char ab[EG_ADDR_STRLEN], *hops = eg_drill_trace_hops(t);
		double x0 = DRILL_X(t->sent), x1 = DRILL_X(t->recv);

		fprintf(f, "<rect class=\"trace\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
			"fill=\"%s\" fill-opacity=\"0.6\"><title>path proof %s at %lld..%lld ms: "
			"%s via %s%s, hops ", x0, top - 8, x1 - x0 > 2 ? x1 - x0 : 2, y1 - top + 8,
			t->ok ? "#2ca02c" : "#d62728", eg_drill_trace_phase_name(t->phase),
			(long long)t->sent, (long long)t->recv, eg_addr_fmt(&t->host, ab),
			drill_trace_via(svc, t), t->ok ? "" : " (not as expected)");
		eg_xml_escape_fputs(f, *hops ? hops : "none", 0);
		fputs("</title></rect>\n", f);
		free(hops);
	}
#undef DRILL_X
	fprintf(f, "<text x=\"10\" y=\"%d\">black: trigger commits, green: restore commits; "
		"blue primary, teal secondary, orange VPN, red no route, grey no answer; "
		"bars: path proof traceroutes (green as expected, red not)</text>\n",
		top + (int)r->nprefixes * row + 25);
	fputs("</svg>\n", f);
	return ferror(f) ? EG_EIO : EG_OK;
}
