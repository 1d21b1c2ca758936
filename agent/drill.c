/*
 * drill.c - `erguard drill` (see drill.h): the run, over the pure parts
 * of drill_model.c and the path proof of drill_trace.c.
 *
 * The run keeps every session it needs open from before the trigger to
 * the end: the firewall's, so the watch pays no handshake, and each
 * CE's, holding the exclusive lock from the load of the trigger line to
 * the restore, so nothing else is committed in between.  The trigger is
 * a `commit confirmed` whose timer outlasts the whole drill: if erguard
 * dies, the sessions end, the lock goes, and each CE rolls the trigger
 * back by itself when the timer fires.
 *
 * The watch sends one narrow get-route-information (the service's table,
 * one prefix, exact) after another, round robin over the prefixes, and
 * keeps each answer with the instants it was sent and answered.  A
 * change between two answers happened after the first was sent and
 * before the second was answered: its instant is the middle of that span
 * and its error bar half the span.  After each round it asks every
 * triggered CE, through the CE's own session, for the state of its
 * ExpressRoute BGP neighbor, so the report says when each CE saw its
 * session go (the detection) and come back, on the same clock.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfg_txn.h"
#include "checks.h"
#include "drill.h"
#include "junos.h"
#include "nc.h"
#include "plan.h"
#include "report.h"
#include "state.h"
#include "util.h"

/* ---------------------------------------------------------------- run */

/* The run's sessions and clocks. */
struct drill_run {
	const struct eg_intent *in;
	const struct eg_service *svc;
	const struct eg_drill_opts *o;
	struct eg_drill_result *r;
	struct eg_nc_session *fw;
	struct eg_nc_session **ce;	/* parallel to r->ces */
	int64_t mono0;			/* eg_nc_now_ms() of the zero */
	int64_t trace0;			/* the base of the traces before the zero exists */
	uint64_t npolls;
	int64_t rtt_sum;
};

static int64_t
drill_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
drill_now(const struct drill_run *d)
{
	return eg_nc_now_ms() - d->mono0;
}

/* The full check against the live devices: the ids that fail or cannot decide. */
static eg_err
drill_check(const struct eg_intent *in, const struct eg_drill_opts *o, char ***ids, size_t *n)
{
	struct eg_report *rep = NULL;
	size_t i, j;
	eg_err err;

	*ids = NULL;
	*n = 0;
	err = eg_cfg_check_live(in, &o->collect, NULL, 0, &rep);
	for (i = 0; err == EG_OK && i < rep->nresults; i++) {
		const struct eg_result *res = &rep->results[i];
		char *id;
		bool seen = false;

		if (res->status != EG_ST_FAIL && res->status != EG_ST_UNKNOWN)
			continue;
		id = eg_xasprintf("%s (%s)", res->check_id, eg_status_name(res->status));
		for (j = 0; j < *n && !seen; j++)
			seen = strcmp((*ids)[j], id) == 0;
		if (seen) {
			free(id);
			continue;
		}
		*ids = eg_xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = id;
	}
	eg_report_free(rep);
	return err;
}

/* Poll one prefix once: the sample, or an error (the session failed). */
static eg_err
drill_poll(struct drill_run *d, struct eg_drill_prefix *p)
{
	char pb[EG_PREFIX_STRLEN], *body, *msg = NULL;
	struct eg_cfg_reply rep;
	struct eg_drill_sample smp;
	struct eg_query q;
	struct eg_obs obs;
	eg_err err;

	body = eg_xasprintf("<get-route-information><table>%s</table><destination>%s"
			    "</destination><exact/></get-route-information>", d->r->table,
			    eg_prefix_fmt(&p->pfx, pb));
	smp.sent = drill_now(d);
	err = eg_cfg_rpc(d->fw, d->r->firewall, body, &rep, &msg);
	smp.recv = drill_now(d);
	smp.via = EG_VIA_UNKNOWN;
	free(body);
	if (err == EG_OK) {
		memset(&q, 0, sizeof(q));
		q.kind = EG_Q_ROUTES;
		q.table = d->r->table;
		if (eg_cfg_parse(&rep, d->r->firewall, &q, EG_QD_RIB, &obs)) {
			const struct eg_path *first = NULL, *act = NULL;
			size_t k, np = eg_rib_find(obs.u.rib, &p->pfx, &first);

			for (k = 0; k < np && act == NULL; k++)
				if (first[k].flags & EG_PATH_ACTIVE)
					act = &first[k];
			smp.via = eg_drill_classify(d->svc, act);
		}
		eg_cfg_obs_done(&obs);
	} else if (err == EG_ERPC) {
		err = EG_OK;	/* the device answered; this sample stays unknown */
	}
	free(rep.buf);
	free(msg);
	p->samples = eg_xrealloc(p->samples, (p->nsamples + 1) * sizeof(*p->samples));
	p->samples[p->nsamples++] = smp;
	d->npolls++;
	d->rtt_sum += smp.recv - smp.sent;
	return err;
}

/*
 * Poll CE c's ExpressRoute session once, through the CE's own session
 * (the one holding the lock: operational RPCs run beside an open
 * configuration).  A CE whose session failed gets no sample: the CE is
 * watched for its session only, the verdict rests on the firewall.
 */
static void
drill_poll_peer(struct drill_run *d, size_t c)
{
	struct eg_drill_ce *ce = &d->r->ces[c];
	struct eg_drill_peer_sample smp;
	struct eg_cfg_reply rep;
	struct eg_query q;
	struct eg_obs obs;
	char *body, *msg = NULL;
	eg_err err;

	if (d->ce == NULL || d->ce[c] == NULL || eg_nc_session_err(d->ce[c]) != EG_OK)
		return;
	memset(&q, 0, sizeof(q));
	q.kind = EG_Q_BGP_NEIGHBOR;
	q.device = ce->device;
	q.instance = d->svc->instance;
	q.peer = ce->peer;
	body = eg_junos_rpc(&q);
	smp.sent = drill_now(d);
	err = eg_cfg_rpc(d->ce[c], ce->device, body, &rep, &msg);
	smp.recv = drill_now(d);
	smp.up = smp.bfd = -1;
	free(body);
	if (err == EG_OK) {
		if (eg_cfg_parse(&rep, ce->device, &q, EG_QD_BGP, &obs)) {
			const struct eg_bgp_peer *bp = eg_bgp_find(obs.u.bgp, &ce->peer);

			/* no such peer: the neighbor is deactivated, so not Established */
			smp.up = bp != NULL && bp->state != NULL && strcmp(bp->state, "Established") == 0;
			if (bp != NULL && bp->bfd_state != NULL)
				smp.bfd = strcmp(bp->bfd_state, "Up") == 0;
		}
		eg_cfg_obs_done(&obs);
	}
	free(rep.buf);
	free(msg);
	ce->psamples = eg_xrealloc(ce->psamples, (ce->npsamples + 1) * sizeof(*ce->psamples));
	ce->psamples[ce->npsamples++] = smp;
}

static void
drill_poll_peers(struct drill_run *d)
{
	size_t c;

	for (c = 0; c < d->r->nces; c++)
		drill_poll_peer(d, c);
}

/* One request per prefix, then one per CE session. */
static eg_err
drill_round(struct drill_run *d)
{
	size_t i;
	eg_err err = EG_OK;

	for (i = 0; i < d->r->nprefixes && err == EG_OK; i++)
		err = drill_poll(d, &d->r->prefixes[i]);
	if (err == EG_OK)
		drill_poll_peers(d);
	return err;
}

/*
 * Poll round robin until every prefix sits in its target (to_links,
 * to_vpn; a prefix whose target is its `before` when back is set) or
 * until_ms (relative) passes.
 */
static eg_err
drill_watch(struct drill_run *d, unsigned to_links, bool to_vpn, bool back, int64_t until_ms)
{
	size_t i;

	for (;;) {
		bool all = true;

		for (i = 0; i < d->r->nprefixes; i++) {
			struct eg_drill_prefix *p = &d->r->prefixes[i];
			eg_err err = drill_poll(d, p);
			int via = p->samples[p->nsamples - 1].via;

			if (err != EG_OK)
				return err;
			if (back ? via != p->before : !eg_drill_via_in(via, to_links, to_vpn))
				all = false;
		}
		drill_poll_peers(d);
		if (all || drill_now(d) > until_ms)
			return EG_OK;
	}
}

static void
drill_close(struct eg_nc_session **s)
{
	if (*s == NULL)
		return;
	if (eg_nc_session_err(*s) == EG_OK)
		eg_nc_session_close(*s);
	else
		eg_nc_session_free(*s);
	*s = NULL;
}

/*
 * The trigger's lines and their undoing for CE c.  bgp's come from the
 * intent; interface and blackhole act on the unit that carries the
 * ExpressRoute peering, read from the CE's committed configuration (its
 * groups applied): the unit whose address holds the MSEE's.
 */
static eg_err
drill_trigger_lines(struct drill_run *d, size_t c, char **msg)
{
	struct eg_drill_ce *ce = &d->r->ces[c];
	const struct eg_er_link *l = eg_service_er_of(d->svc, ce->device);
	struct eg_cfg_reply rep;
	char *ifd = NULL, *unit = NULL, *filter = NULL, ab[EG_ADDR_STRLEN];
	eg_err err;

	if (d->r->trigger != EG_DRILL_TRIGGER_INTERFACE && d->r->trigger != EG_DRILL_TRIGGER_BLACKHOLE)
		return EG_OK;
	if (l == NULL) {
		*msg = eg_xasprintf("%s is no CE of %s", ce->device, d->svc->name);
		return EG_EINVAL;
	}
	memset(&rep, 0, sizeof(rep));
	err = eg_cfg_rpc(d->ce[c], ce->device, "<get-configuration database=\"committed\" "
			 "inherit=\"inherit\"><configuration><interfaces/></configuration>"
			 "</get-configuration>", &rep, msg);
	if (err != EG_OK) {
		free(rep.buf);
		return err;
	}
	err = eg_drill_er_unit(rep.buf ? rep.buf : "", rep.len, &l->msee_peer, &ifd, &unit, &filter);
	free(rep.buf);
	if (err != EG_OK) {
		*msg = eg_xasprintf("no unit of the configuration has an address in the subnet of "
				    "%s (%s)", eg_addr_fmt(&l->msee_peer, ab), eg_strerror(err));
		return err == EG_ENOTFOUND ? EG_EINVAL : err;
	}
	free(ce->line);
	free(ce->restore_line);
	if (d->r->trigger == EG_DRILL_TRIGGER_INTERFACE) {
		ce->line = eg_xasprintf("set interfaces %s unit %s disable", ifd, unit);
		ce->restore_line = eg_xasprintf("delete interfaces %s unit %s disable", ifd, unit);
	} else if (filter != NULL) {
		ce->line = ce->restore_line = NULL;
		*msg = eg_xasprintf("%s unit %s already has input filter %s, which the blackhole "
				    "trigger would replace", ifd, unit, filter);
		err = EG_EINVAL;
	} else {
		ce->line = eg_xasprintf("set firewall family inet filter " EG_DRILL_FILTER " term "
					"discard-all then discard\nset interfaces %s unit %s family "
					"inet filter input " EG_DRILL_FILTER, ifd, unit);
		ce->restore_line = eg_xasprintf("delete interfaces %s unit %s family inet filter "
						"input\ndelete firewall family inet filter "
						EG_DRILL_FILTER, ifd, unit);
	}
	if (ce->line == NULL)
		ce->line = eg_xstrdup("");
	free(ifd);
	free(unit);
	free(filter);
	return err;
}

/*
 * The external trigger touches no CE, but the watch still asks each CE
 * for its ExpressRoute session (when the CE saw the failure): a session
 * without a lock.  A CE that cannot be reached is only not watched.
 */
static void
drill_watch_ce(struct drill_run *d, size_t c)
{
	struct eg_drill_ce *ce = &d->r->ces[c];
	char *msg = NULL;

	if (eg_cfg_open(d->in, ce->device, &d->o->collect, d->r->confirm_minutes * 60u + 600u,
			&d->ce[c], &msg) != EG_OK) {
		eg_cfg_say(&ce->account, "not reached, its session is not watched: %s", msg);
		drill_close(&d->ce[c]);
	}
	free(msg);
}

/* Lock, load the trigger line and commit-check it on CE c; EG_OK when ready. */
static eg_err
drill_prepare_ce(struct drill_run *d, size_t c)
{
	struct eg_drill_ce *ce = &d->r->ces[c];
	char *msg = NULL, *body, *eline;
	unsigned session_s = d->r->confirm_minutes * 60u + 600u;
	eg_err err;

	err = eg_cfg_open(d->in, ce->device, &d->o->collect, session_s, &d->ce[c], &msg);
	if (err != EG_OK) {
		eg_cfg_say(&ce->account, "not reached: %s", msg);
		goto done;
	}
	err = eg_cfg_rpc_ok(d->ce[c], ce->device, "<lock-configuration/>", &msg);
	if (err != EG_OK) {
		eg_cfg_say(&ce->account, "lock refused: %s", msg);
		err = err == EG_ERPC ? EG_ELOCKED : err;
		goto done;
	}
	eg_cfg_say(&ce->account, "locked the candidate configuration (exclusive)");
	free(msg);
	msg = NULL;
	err = drill_trigger_lines(d, c, &msg);
	if (err != EG_OK) {
		eg_cfg_say(&ce->account, "trigger not possible, nothing committed: %s", msg);
		eg_cfg_release(d->ce[c], ce->device, true, &ce->account);
		goto done;
	}
	eline = eg_xml_escape(ce->line, 0);
	body = eg_xasprintf("<load-configuration action=\"set\" format=\"text\">"
			    "<configuration-set>%s\n</configuration-set></load-configuration>", eline);
	free(eline);
	free(msg);
	err = eg_cfg_rpc_ok(d->ce[c], ce->device, body, &msg);
	free(body);
	if (err == EG_OK) {
		free(msg);
		err = eg_cfg_rpc_ok(d->ce[c], ce->device,
				    "<commit-configuration><check/></commit-configuration>", &msg);
	}
	if (err != EG_OK) {
		eg_cfg_say(&ce->account, "trigger refused, nothing committed: %s", msg);
		eg_cfg_release(d->ce[c], ce->device, true, &ce->account);
		goto done;
	}
	eg_cfg_say(&ce->account, "loaded and checked: %s", ce->line);
done:
	free(msg);
	return err;
}

/*
 * After the restore, each restored CE's ExpressRoute session must come
 * back before the check after it can pass: poll the neighbor (every
 * 20 ms, until until_ms; the polls join the session's samples, so its
 * return is timed too) and say when it was Established again.
 */
static void
drill_wait_sessions(struct drill_run *d, int64_t until_ms)
{
	size_t c;

	for (c = 0; c < d->r->nces; c++) {
		struct eg_drill_ce *ce = &d->r->ces[c];
		char ab[EG_ADDR_STRLEN];
		int up = -1;

		if (!ce->restored || d->ce == NULL || d->ce[c] == NULL)
			continue;
		for (;;) {
			struct timespec ts = { 0, 20 * 1000000L };
			size_t n = ce->npsamples;

			drill_poll_peer(d, c);
			if (ce->npsamples == n)
				break;		/* the CE's session failed */
			up = ce->psamples[n].up;
			if (up == 1 || drill_now(d) > until_ms)
				break;
			nanosleep(&ts, NULL);
		}
		eg_addr_fmt(&ce->peer, ab);
		if (up == 1)
			eg_cfg_say(&ce->account, "session to %s Established again %lld ms after the "
				   "restore", ab, (long long)(drill_now(d) - ce->restore.at));
		else
			eg_cfg_say(&ce->account, "session to %s not Established after the restore (%s)",
				   ab, up == 0 ? "still down at the end of the watch" : "no answer");
	}
}

/* Restore CE c: load the activate line, commit (which also confirms), unlock. */
static eg_err
drill_restore_ce(struct drill_run *d, size_t c)
{
	struct eg_drill_ce *ce = &d->r->ces[c];
	char *msg = NULL, *body, *line, *eline;
	eg_err err;

	if (!ce->triggered)
		return EG_OK;
	if (d->ce[c] == NULL || eg_nc_session_err(d->ce[c]) != EG_OK) {
		eg_cfg_say(&ce->account, "restore not sent: the session is gone");
		return EG_EIO;
	}
	line = eg_xstrdup(ce->restore_line != NULL ? ce->restore_line : "");
	eline = eg_xml_escape(line, 0);
	body = eg_xasprintf("<load-configuration action=\"set\" format=\"text\">"
			    "<configuration-set>%s\n</configuration-set></load-configuration>", eline);
	err = eg_cfg_rpc_ok(d->ce[c], ce->device, body, &msg);
	if (err == EG_OK) {
		ce->restore.at = drill_now(d);
		free(msg);
		err = eg_cfg_commit(d->ce[c], ce->device, false, 0, "erguard drill: restore", &msg);
		ce->restore.err = (drill_now(d) - ce->restore.at + 1) / 2;
		ce->restore.at += ce->restore.err;
		ce->restore_wall_ms = d->r->wall_at_zero + ce->restore.at;
	}
	if (err == EG_OK) {
		ce->restored = true;
		eg_cfg_say(&ce->account, "restored: %s (committed)", line);
		eg_cfg_release(d->ce[c], ce->device, false, &ce->account);
	} else {
		eg_cfg_say(&ce->account, "restore failed: %s", msg ? msg : "?");
	}
	free(body);
	free(eline);
	free(line);
	free(msg);
	return err;
}

static void
drill_fail(struct eg_drill_result *r, enum eg_drill_outcome x, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
drill_fail(struct eg_drill_result *r, enum eg_drill_outcome x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(r->why);
	r->why = eg_xvasprintf(fmt, ap);
	va_end(ap);
	r->outcome = x;
}

/* Fill r's service, devices, lines and prefixes from the intent. */
static eg_err
drill_setup(const struct eg_intent *in, const struct eg_drill_opts *o,
	    const struct eg_service *svc, struct eg_drill_result *r)
{
	size_t i;

	r->service = eg_xstrdup(svc->name);
	r->firewall = eg_xstrdup(svc->vpn.firewall ? svc->vpn.firewall : "");
	r->table = eg_xstrdup(svc->table);
	r->links = o->links ? o->links : EG_DRILL_BOTH;
	r->trigger = o->trigger;
	r->max_convergence_s = o->max_convergence_s ? o->max_convergence_s :
			       svc->max_convergence_s ? svc->max_convergence_s : 10;
	r->watch_s = o->watch_s ? o->watch_s : 2 * r->max_convergence_s + 5;
	/* the timer outlasts both watches, the restore and the checks around them */
	r->confirm_minutes = (2 * r->watch_s + 60 + 59) / 60;
	for (i = 0; i < svc->ner && i < 2; i++) {
		const struct eg_er_link *l = &svc->er[i];
		struct eg_drill_ce *ce;
		char ab[EG_ADDR_STRLEN];

		if ((r->links & (1u << i)) == 0)
			continue;
		r->ces = eg_xrealloc(r->ces, (r->nces + 1) * sizeof(*r->ces));
		ce = &r->ces[r->nces++];
		memset(ce, 0, sizeof(*ce));
		ce->device = eg_xstrdup(l->ce);
		ce->peer = l->msee_peer;
		if (r->trigger == EG_DRILL_TRIGGER_BGP) {
			ce->line = eg_xasprintf("deactivate routing-instances %s protocols bgp "
						"group %s neighbor %s", svc->instance,
						l->ebgp_group, eg_addr_fmt(&l->msee_peer, ab));
			ce->restore_line = eg_xasprintf("activate%s", ce->line +
							strlen("deactivate"));
		} else {
			ce->line = eg_xstrdup("");	/* known once the CE's units are read */
		}
		ce->trigger.at = ce->restore.at = -1;
		ce->peer_down.at = ce->peer_down.err = ce->peer_up.at = ce->peer_up.err = -1;
		ce->peer_down_bfd = -1;
	}
	for (i = 0; i < svc->nazure; i++) {
		struct eg_drill_prefix *p;

		r->prefixes = eg_xrealloc(r->prefixes, (r->nprefixes + 1) * sizeof(*r->prefixes));
		p = &r->prefixes[r->nprefixes++];
		memset(p, 0, sizeof(*p));
		p->pfx = svc->azure[i];
		p->before = EG_VIA_UNKNOWN;
	}
	if (r->nces == 0 || eg_intent_device(in, r->firewall) == NULL) {
		drill_fail(r, EG_DRILL_ABORTED, "%s: the intent names no %s", svc->name,
			   r->nces == 0 ? "CE on the chosen links" : "firewall device");
		return EG_EINVAL;
	}
	return EG_OK;
}

/*
 * The path proof of one phase, outside the timed polling: true unless a
 * trace went another way than the phase expects.  Nothing when skipped.
 */
static bool
drill_trace(struct drill_run *d, enum eg_drill_trace_phase ph, unsigned to_links, bool to_vpn)
{
	eg_err err;

	if (d->r->proof != EG_PROOF_DONE || d->fw == NULL || eg_nc_session_err(d->fw) != EG_OK)
		return true;
	if (d->mono0 == 0 && d->trace0 == 0)
		d->trace0 = eg_nc_now_ms();
	return eg_drill_trace_phase(d->fw, d->svc, d->r, ph, d->mono0 ? d->mono0 : d->trace0,
				    to_links, to_vpn, &err) == 0;
}

/* The traces before the trigger were timed before the zero existed: move them onto it. */
static void
drill_trace_rebase(struct drill_run *d)
{
	size_t i;

	for (i = 0; i < d->r->ntraces; i++)
		if (d->r->traces[i].phase == EG_TRACE_BEFORE) {
			d->r->traces[i].sent -= d->mono0 - d->trace0;
			d->r->traces[i].recv -= d->mono0 - d->trace0;
		}
}

/* The first trace of the path proof that went another way, or NULL. */
static const struct eg_drill_trace *
drill_trace_failed(const struct eg_drill_result *r)
{
	size_t i;

	for (i = 0; i < r->ntraces; i++)
		if (!r->traces[i].ok)
			return &r->traces[i];
	return NULL;
}

/* The target of the failover: the untouched links, or the VPN when none is left. */
static unsigned
drill_target_links(const struct eg_service *svc, unsigned links)
{
	unsigned all = svc->ner >= 2 ? 3u : 1u;

	return all & ~links;
}

/*
 * external: the zero is the failure's instant when it was given, else the
 * start of the watch.  Given in the past, the baseline comes after it;
 * in the future (a failure scheduled elsewhere), the watch starts now and
 * its first instants are negative.
 */
static void
drill_external_zero(struct drill_run *d, const struct eg_drill_opts *o, int64_t *shift)
{
	int64_t back;

	if (d->r->trigger != EG_DRILL_TRIGGER_EXTERNAL || o->since_wall_ms <= 0)
		return;
	back = d->r->wall_at_zero - o->since_wall_ms;
	d->mono0 -= back;
	d->r->wall_at_zero -= back;
	*shift -= back;
}

/*
 * external: nothing was restored, so the failback's samples start where
 * the failover arrived; *fb_sent (the earliest a failback can start) is
 * that sample's sending.
 */
static size_t
drill_external_split(const struct eg_drill_prefix *p, unsigned to_links, bool to_vpn,
		     int64_t *fb_sent)
{
	size_t k;

	for (k = 1; k < p->nsamples; k++)
		if (eg_drill_via_in(p->samples[k].via, to_links, to_vpn)) {
			if (*fb_sent < 0 || p->samples[k].sent < *fb_sent)
				*fb_sent = p->samples[k].sent;
			return k;
		}
	return p->nsamples > 0 ? p->nsamples - 1 : 0;
}

eg_err
eg_drill_run(const struct eg_intent *in, const struct eg_drill_opts *o, struct eg_drill_result *r)
{
	const struct eg_service *svc = eg_drill_service(in, o->service);
	struct drill_run d;
	unsigned to_links;
	bool to_vpn;
	size_t i;
	int64_t fo_sent = 0, fb_sent = -1;
	eg_err err, rerr = EG_OK;
	char *msg = NULL;

	memset(r, 0, sizeof(*r));
	memset(&d, 0, sizeof(d));
	if (svc == NULL) {
		drill_fail(r, EG_DRILL_ABORTED, "service %s: not in the intent",
			   o->service ? o->service : "(first)");
		return EG_EINVAL;
	}
	err = drill_setup(in, o, svc, r);
	if (err != EG_OK)
		return err;
	d.in = in;
	d.svc = svc;
	d.o = o;
	d.r = r;
	to_links = drill_target_links(svc, r->links);
	to_vpn = to_links == 0;
	{
		struct eg_addr h;

		r->proof = o->no_trace ? EG_PROOF_SKIPPED : eg_drill_trace_hosts(svc, &h, 1) == 0 ?
			   EG_PROOF_NO_HOSTS : EG_PROOF_DONE;
		/* the restore waits for the traces during the failover */
		r->confirm_minutes += (eg_drill_trace_budget_s(svc, o) + 59) / 60;
	}
	/* 1. pre-flight: the full check, nothing touched when it fails */
	err = drill_check(in, o, &r->failing, &r->nfailing);
	if (err != EG_OK) {
		drill_fail(r, EG_DRILL_REFUSED, "the pre-flight check could not run: %s",
			   eg_strerror(err));
		return err;
	}
	if (r->nfailing > 0) {
		r->outcome = EG_DRILL_REFUSED;
		return EG_OK;
	}
	/* 2. sessions, opened before the trigger; each CE locked, line loaded and checked */
	err = eg_cfg_open(in, r->firewall, &o->collect, r->confirm_minutes * 60u + 600u, &d.fw, &msg);
	if (err != EG_OK) {
		drill_fail(r, EG_DRILL_ABORTED, "nothing committed: %s", msg);
		free(msg);
		return err;
	}
	/* the path before, while nothing is touched */
	if (!drill_trace(&d, EG_TRACE_BEFORE, 0, false)) {
		drill_fail(r, EG_DRILL_WRONG_PATH, "%s; nothing committed (--no-trace skips the "
			   "path proof)", drill_trace_failed(r)->why);
		goto done;
	}
	d.ce = eg_xcalloc(r->nces, sizeof(*d.ce));
	for (i = 0; i < r->nces && r->trigger == EG_DRILL_TRIGGER_EXTERNAL; i++)
		drill_watch_ce(&d, i);
	for (i = 0; i < r->nces && r->trigger != EG_DRILL_TRIGGER_EXTERNAL; i++) {
		err = drill_prepare_ce(&d, i);
		if (err != EG_OK) {
			size_t j;

			for (j = 0; j < i; j++)
				eg_cfg_release(d.ce[j], r->ces[j].device, true, &r->ces[j].account);
			drill_fail(r, EG_DRILL_ABORTED, "%s: trigger not possible, nothing committed",
				   r->ces[i].device);
			goto done;
		}
	}
	/* the state before: one answer per prefix, the zero set just before */
	d.mono0 = eg_nc_now_ms();
	r->wall_at_zero = drill_wall_ms();
	for (i = 0; i < r->nprefixes; i++) {
		err = drill_poll(&d, &r->prefixes[i]);
		if (err != EG_OK)
			break;
		r->prefixes[i].before = r->prefixes[i].samples[0].via;
	}
	if (err == EG_OK)
		drill_poll_peers(&d);
	{
		int64_t m = eg_nc_now_ms(), shift = m - d.mono0;

		d.mono0 = m;
		r->wall_at_zero = drill_wall_ms();
		drill_external_zero(&d, o, &shift);
		for (i = 0; i < r->nprefixes; i++)	/* the baseline stays before zero */
			if (r->prefixes[i].nsamples > 0) {
				r->prefixes[i].samples[0].sent -= shift;
				r->prefixes[i].samples[0].recv -= shift;
			}
		for (i = 0; i < r->nces; i++)
			if (r->ces[i].npsamples > 0) {
				r->ces[i].psamples[0].sent -= shift;
				r->ces[i].psamples[0].recv -= shift;
			}
		drill_trace_rebase(&d);
	}
	if (err != EG_OK) {
		for (i = 0; i < r->nces; i++)
			eg_cfg_release(d.ce[i], r->ces[i].device, true, &r->ces[i].account);
		drill_fail(r, EG_DRILL_ABORTED, "%s: the firewall's table could not be read, "
			   "nothing committed", r->firewall);
		goto done;
	}
	/* every prefix must start on an ExpressRoute link, or nothing can be measured */
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		char b[EG_PREFIX_STRLEN];
		size_t j;

		if (p->before >= 0 && (size_t)p->before < svc->ner)
			continue;
		if (r->trigger == EG_DRILL_TRIGGER_EXTERNAL && o->since_wall_ms > 0 &&
		    p->before != EG_VIA_UNKNOWN) {
			/* the failure came first: it left the first of the chosen links */
			r->prefixes[i].before = (r->links & 1u) ? 0 : 1;
			continue;
		}
		for (j = 0; j < r->nces; j++)
			eg_cfg_release(d.ce[j], r->ces[j].device, true, &r->ces[j].account);
		drill_fail(r, EG_DRILL_ABORTED, "%s: the active path to %s is %s, not ExpressRoute; "
			   "nothing committed", r->firewall, eg_prefix_fmt(&p->pfx, b),
			   eg_drill_via_name(svc, p->before));
		err = p->before == EG_VIA_UNKNOWN ? EG_EPARSE : EG_OK;
		goto done;
	}
	/* 3. the trigger: commit confirmed on each CE */
	for (i = 0; i < r->nces && r->trigger != EG_DRILL_TRIGGER_EXTERNAL; i++) {
		struct eg_drill_ce *ce = &r->ces[i];
		int64_t t = drill_now(&d);

		free(msg);
		msg = NULL;
		err = eg_cfg_commit(d.ce[i], ce->device, true, r->confirm_minutes,
				    "erguard drill: trigger", &msg);
		ce->trigger.err = (drill_now(&d) - t + 1) / 2;
		ce->trigger.at = t + ce->trigger.err;
		ce->trigger_wall_ms = r->wall_at_zero + ce->trigger.at;
		if (err != EG_OK && eg_nc_session_err(d.ce[i]) == EG_OK) {
			eg_cfg_say(&ce->account, "trigger commit refused: %s", msg);
			eg_cfg_release(d.ce[i], ce->device, true, &ce->account);
			drill_fail(r, EG_DRILL_ABORTED, "%s: the trigger commit was refused", ce->device);
			break;
		}
		/* a lost session may have committed: the timer is armed either way */
		ce->triggered = true;
		ce->rollback_wall_ms = ce->trigger_wall_ms + (int64_t)r->confirm_minutes * 60000;
		if (err != EG_OK) {
			eg_cfg_say(&ce->account, "session lost during the trigger commit: %s", msg);
			drill_fail(r, EG_DRILL_ABORTED, "%s: session lost during the trigger",
				   ce->device);
			break;
		}
		eg_cfg_say(&ce->account, "committed confirmed %u minute%s: %s", r->confirm_minutes,
			   r->confirm_minutes == 1 ? "" : "s", ce->line);
		/* one round between commits keeps each change's span narrow */
		if (i + 1 < r->nces && drill_round(&d) != EG_OK)
			break;
	}
	/* 4. watch the failover (only when every trigger went in) */
	if (r->why == NULL) {
		err = drill_watch(&d, to_links, to_vpn, false, (int64_t)r->watch_s * 1000);
		if (err != EG_OK)
			drill_fail(r, EG_DRILL_ABORTED, "%s: the watch lost its session: %s",
				   r->firewall, eg_nc_session_why(d.fw));
	}
	/* the path during, once the watch is over: the restore waits for it */
	if (r->why == NULL)
		(void)drill_trace(&d, EG_TRACE_DURING, to_links, to_vpn);
	/* 5. restore, explicitly */
	for (i = 0; i < r->nces; i++) {
		eg_err e = drill_restore_ce(&d, i);

		if (e != EG_OK && rerr == EG_OK)
			rerr = e;
		if (i + 1 < r->nces && d.fw != NULL && eg_nc_session_err(d.fw) == EG_OK)
			(void)drill_round(&d);
	}
	if (rerr == EG_OK && d.fw != NULL && eg_nc_session_err(d.fw) == EG_OK) {
		int64_t start = drill_now(&d);

		err = drill_watch(&d, 0, false, true, start + (int64_t)r->watch_s * 1000);
		if (err != EG_OK && r->why == NULL)
			drill_fail(r, EG_DRILL_ABORTED, "%s: the watch lost its session: %s",
				   r->firewall, eg_nc_session_why(d.fw));
		drill_wait_sessions(&d, start + (int64_t)r->watch_s * 1000);
		/* the path after the failback */
		if (r->why == NULL)
			(void)drill_trace(&d, EG_TRACE_AFTER, 0, false);
	}
	/* the phases, from each prefix's samples: causes are the last trigger, the first restore */
	for (i = 0; i < r->nces; i++) {
		const struct eg_drill_ce *ce = &r->ces[i];

		if (ce->trigger.at >= 0 && ce->trigger.at - ce->trigger.err > fo_sent)
			fo_sent = ce->trigger.at - ce->trigger.err;
		if (ce->restore.at >= 0 && (fb_sent < 0 || ce->restore.at - ce->restore.err < fb_sent))
			fb_sent = ce->restore.at - ce->restore.err;
	}
	for (i = 0; i < r->nprefixes; i++) {
		struct eg_drill_prefix *p = &r->prefixes[i];
		size_t split = 0, k;
		unsigned back_links = p->before >= 0 && p->before < 32 ? 1u << p->before : 0;

		/* samples taken before the first restore belong to the failover */
		for (k = 0; k < p->nsamples; k++)
			if (r->nces > 0 && r->ces[0].restore.at >= 0 &&
			    p->samples[k].sent < r->ces[0].restore.at - r->ces[0].restore.err)
				split = k;
		if (r->trigger == EG_DRILL_TRIGGER_EXTERNAL)
			split = drill_external_split(p, to_links, to_vpn, &fb_sent);
		eg_drill_transitions(p->samples, split + 1, 0, r->links, false, to_links, to_vpn,
				     fo_sent, &p->failover);
		eg_drill_transitions(p->samples, p->nsamples, split, to_links, to_vpn, back_links,
				     p->before == EG_VIA_VPN, fb_sent, &p->failback);
	}
	/* each CE's session: down after its trigger (or the failure), up after its restore */
	for (i = 0; i < r->nces; i++) {
		struct eg_drill_ce *ce = &r->ces[i];
		bool ext = r->trigger == EG_DRILL_TRIGGER_EXTERNAL;
		int64_t down0 = ext ? fo_sent : ce->trigger.at - ce->trigger.err;
		int64_t up0 = ext ? fb_sent : ce->restore.at - ce->restore.err;
		size_t k = ce->npsamples;

		if (ext || ce->trigger.at >= 0)
			k = eg_drill_peer_flip(ce->psamples, ce->npsamples, 0, 0, down0, &ce->peer_down);
		ce->peer_down_bfd = k < ce->npsamples ? ce->psamples[k].bfd : -1;
		if (k < ce->npsamples && up0 >= 0 && (ext || ce->restore.at >= 0))
			(void)eg_drill_peer_flip(ce->psamples, ce->npsamples, k, 1, up0, &ce->peer_up);
		else
			ce->peer_up.at = ce->peer_up.err = -1;
	}
	if (d.npolls > 0) {
		int64_t span = drill_now(&d);

		r->rtt_ms = (double)d.rtt_sum / (double)d.npolls;
		r->polls_per_s = span > 0 ? (double)d.npolls * 1000.0 / (double)span : 0;
	}
done:
	for (i = 0; d.ce != NULL && i < r->nces; i++)
		drill_close(&d.ce[i]);
	drill_close(&d.fw);
	free(d.ce);
	free(msg);
	if (rerr != EG_OK) {
		drill_fail(r, EG_DRILL_UNRESTORED, "the restore failed");
		return rerr;
	}
	if (r->why != NULL)
		return err;	/* EG_OK: stopped by what the devices showed, not by an error */
	/* 6. the full check again */
	r->after_checked = drill_check(in, o, &r->after_failing, &r->nafter_failing) == EG_OK;
	if (!r->after_checked || r->nafter_failing > 0) {
		drill_fail(r, EG_DRILL_UNRESTORED, "the check after the restore %s",
			   r->after_checked ? "fails" : "could not run");
		return EG_OK;
	}
	r->outcome = EG_DRILL_PASSED;
	for (i = 0; i < r->nprefixes; i++) {
		const struct eg_drill_prefix *p = &r->prefixes[i];
		int64_t fo0 = 0, fb0 = -1, max = (int64_t)r->max_convergence_s * 1000;
		size_t c;

		for (c = 0; c < r->nces; c++) {
			if (r->ces[c].trigger.at > fo0)
				fo0 = r->ces[c].trigger.at;
			if (fb0 < 0 || r->ces[c].restore.at < fb0)
				fb0 = r->ces[c].restore.at;
		}
		if (!eg_drill_via_in(p->before, r->links, false))
			continue;	/* not on a link the drill took down: nothing to converge */
		/* external: the recovery's instant is not known, only the failover is judged */
		if (!eg_drill_within(&p->failover, fo0, max) ||
		    (r->trigger != EG_DRILL_TRIGGER_EXTERNAL && !eg_drill_within(&p->failback, fb0, max)))
			r->outcome = EG_DRILL_SLOW;
	}
	if (r->outcome == EG_DRILL_PASSED && drill_trace_failed(r) != NULL)
		drill_fail(r, EG_DRILL_WRONG_PATH, "%s", drill_trace_failed(r)->why);
	return EG_OK;
}
