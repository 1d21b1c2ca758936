/*
 * check_state.c - the checks on protocol state: bgp-sessions, bfd-state
 * and prefix-budget.
 *
 * Results are per device.  A peer the intent names that is absent from
 * the device's BGP summary is a failure (not configured, or deactivated),
 * never unknown: the summary itself was read.  prefix-budget fails only
 * above Azure's limit; above the warning share it passes with a note (an
 * informational finding), since nothing breaks yet.
 */
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "checks_int.h"

/* The devices of a service, CEs in link order then the firewall, no repeats. */
static size_t
state_devices(const struct eg_service *svc, const char **names, size_t max)
{
	size_t n = 0, i, j;

	for (i = 0; i <= svc->ner && n < max; i++) {
		const char *d = i < svc->ner ? svc->er[i].ce : svc->vpn.firewall;
		bool seen = false;
		if (d == NULL)
			continue;
		for (j = 0; j < n && !seen; j++)
			seen = strcmp(names[j], d) == 0;
		if (!seen)
			names[n++] = d;
	}
	return n;
}

/* ------------------------------------------------------------ bgp-sessions */

static void
state_peer(struct eg_result *res, const char *dev, const struct eg_bgp *bgp,
	   const struct eg_addr *addr, uint32_t asn, const char *role)
{
	const struct eg_bgp_peer *p = eg_bgp_find(bgp, addr);
	char a[EG_ADDR_STRLEN], exp[64], obs[128];

	eg_addr_fmt(addr, a);
	if (p == NULL) {
		eg_result_add(res, EG_ST_FAIL, dev, NULL, a, "Established",
			      "not in the BGP summary",
			      "%s has no BGP session with %s %s (not configured, or deactivated).",
			      dev, role, a);
		return;
	}
	if (p->state == NULL || strcmp(p->state, "Established") != 0) {
		snprintf(obs, sizeof(obs), "%s", p->state ? p->state : "no state shown");
		eg_result_add(res, EG_ST_FAIL, dev, NULL, a, "Established", obs,
			      "The BGP session from %s to %s %s is %s, not Established.", dev, role, a,
			      obs);
	}
	if (p->peer_as != 0 && asn != 0 && p->peer_as != asn) {
		snprintf(exp, sizeof(exp), "peer AS %u", asn);
		snprintf(obs, sizeof(obs), "peer AS %u", p->peer_as);
		eg_result_add(res, EG_ST_FAIL, dev, NULL, a, exp, obs,
			      "%s peers with %s %s as AS %u, the intent says AS %u.", dev, role, a,
			      p->peer_as, asn);
	}
}

/*
 * Whether the iBGP leg of link l belongs to the family svc is judged in:
 * one session between a CE and the firewall carries both families, so a
 * dual-stack service judges it once, in the family of its addresses.
 */
static bool
state_leg_judged(const struct eg_service *svc, const struct eg_er_link *l)
{
	return svc->family == 0 || l->ce_address.family == svc->family;
}

void
eg_check_state_sessions(EG_CHECK_RUN_ARGS)
{
	const char *devs[EG_CHECKS_MAXDEV] = { NULL };
	size_t n, d, i, ran = 0;
	char role[128];

	n = state_devices(svc, devs, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, "bgp-sessions", svc, NULL, 0, "the service names no device");
		return;
	}
	for (d = 0; d < n; d++) {
		struct eg_checks_need nd = { 0 };
		struct eg_result *res;
		const struct eg_obs *o;
		uint32_t items = 0;

		if (!eg_checks_selected(ctx, devs[d]))
			continue;
		ran++;
		res = eg_checks_begin(r, "bgp-sessions", svc, devs[d]);
		o = eg_checks_need(&nd, st, devs[d], EG_Q_BGP_SUMMARY, svc->instance, NULL);
		if (!eg_checks_need_done(&nd, res))
			continue;
		for (i = 0; i < svc->ner; i++) {
			const struct eg_er_link *l = &svc->er[i];
			if (strcmp(l->ce, devs[d]) == 0) {
				snprintf(role, sizeof(role), "MSEE (%s link)", l->name ? l->name : "ExpressRoute");
				state_peer(res, devs[d], o->u.bgp, &l->msee_peer, svc->asn.microsoft, role);
				items++;
				if (state_leg_judged(svc, l)) {
					state_peer(res, devs[d], o->u.bgp, &l->firewall_address,
						   svc->asn.onprem, "the firewall");
					items++;
				}
			}
			if (svc->vpn.firewall != NULL && strcmp(svc->vpn.firewall, devs[d]) == 0 &&
			    state_leg_judged(svc, l)) {
				snprintf(role, sizeof(role), "CE %s", l->ce);
				state_peer(res, devs[d], o->u.bgp, &l->ce_address, svc->asn.onprem, role);
				items++;
			}
		}
		if (svc->vpn.firewall != NULL && strcmp(svc->vpn.firewall, devs[d]) == 0) {
			for (i = 0; i < svc->vpn.npeers; i++) {
				state_peer(res, devs[d], o->u.bgp, &svc->vpn.peers[i], svc->asn.azure,
					   "VPN gateway peer");
				items++;
			}
		}
		res->nitems = items;
	}
	if (ran == 0)
		eg_checks_all_filtered(r, "bgp-sessions", svc, devs, n);
}

/* ------------------------------------------------------------ bfd-state */

void
eg_check_state_bfd(EG_CHECK_RUN_ARGS)
{
	const char *ces[EG_CHECKS_MAXDEV] = { NULL };
	size_t n, i, ran = 0;
	char msee[EG_ADDR_STRLEN], exp[160], obs[160];

	n = eg_checks_ces(svc, ces, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, "bfd-state", svc, NULL, 0, "the service has no ExpressRoute link");
		return;
	}
	if (!svc->bfd.enabled) {
		eg_checks_skip(r, "bfd-state", svc, ces, n, "the intent asks for no BFD");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct eg_er_link *l = &svc->er[i];
		struct eg_checks_need nd = { 0 };
		const struct eg_bfd_session *s;
		struct eg_result *res;
		const struct eg_obs *o;
		uint32_t want_det = svc->bfd.min_interval_ms * svc->bfd.multiplier;
		bool bad;

		if (!eg_checks_selected(ctx, l->ce))
			continue;
		ran++;
		res = eg_checks_begin(r, "bfd-state", svc, l->ce);
		o = eg_checks_need(&nd, st, l->ce, EG_Q_BFD, NULL, NULL);
		if (!eg_checks_need_done(&nd, res))
			continue;
		res->nitems = 1;
		eg_addr_fmt(&l->msee_peer, msee);
		snprintf(exp, sizeof(exp), "Up, transmit %u ms x %u (detection %u ms)",
			 svc->bfd.min_interval_ms, svc->bfd.multiplier, want_det);
		s = eg_bfd_find(o->u.bfd, &l->msee_peer);
		if (s == NULL) {
			eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp, "no BFD session",
				      "%s has no BFD session with MSEE %s: a link failure waits for "
				      "the BGP hold timer.", l->ce, msee);
			continue;
		}
		bad = s->state == NULL || strcmp(s->state, "Up") != 0 ||
		      s->tx_interval_ms != svc->bfd.min_interval_ms ||
		      (s->multiplier != 0 && s->multiplier != svc->bfd.multiplier) ||
		      (s->detection_ms != 0 && s->detection_ms != want_det);
		if (!bad)
			continue;
		snprintf(obs, sizeof(obs), "%s, transmit %u ms x %u (detection %u ms)",
			 s->state ? s->state : "no state", s->tx_interval_ms, s->multiplier,
			 s->detection_ms);
		if (s->state == NULL || strcmp(s->state, "Up") != 0)
			eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp, obs,
				      "The BFD session from %s to MSEE %s is %s, not Up.", l->ce, msee,
				      s->state ? s->state : "in no state");
		else
			eg_result_add(res, EG_ST_FAIL, l->ce, NULL, msee, exp, obs,
				      "The BFD session from %s to MSEE %s runs at %u ms x %u (detection "
				      "%u ms) instead of %u ms x %u.", l->ce, msee, s->tx_interval_ms,
				      s->multiplier, s->detection_ms, svc->bfd.min_interval_ms,
				      svc->bfd.multiplier);
	}
	if (ran == 0)
		eg_checks_all_filtered(r, "bfd-state", svc, ces, n);
}

/* ------------------------------------------------------------ prefix-budget */

static void
state_budget_one(struct eg_result *res, const char *dev, const struct eg_addr *peer,
		 struct eg_rib *rib, uint32_t limit, uint32_t warn, const char *what)
{
	size_t count = eg_rib_ndest(rib);
	char a[EG_ADDR_STRLEN], exp[64], obs[64];

	eg_addr_fmt(peer, a);
	if (rib == NULL || rib->absent) {
		/* no table, no instance: a count of zero would say nothing */
		eg_result_unknown(res, EG_ENOTFOUND, "%s: the reply toward %s %s shows no table %s "
				  "(no such routing instance, or nothing advertised): nothing to count", dev, what, a,
				  rib && rib->table ? rib->table : "of the instance");
		return;
	}
	snprintf(exp, sizeof(exp), "at most %u prefixes", limit);
	snprintf(obs, sizeof(obs), "%zu prefixes", count);
	if (count > limit) {
		eg_result_add(res, EG_ST_FAIL, dev, NULL, a, exp, obs,
			      "%s advertises %zu prefixes to %s %s, over Azure's limit of %u: Azure "
			      "drops the BGP session.", dev, count, what, a, limit);
	} else if (warn > 0 && (uint64_t)count * 100 > (uint64_t)limit * warn) {
		eg_result_add(res, EG_ST_PASS, dev, NULL, a, exp, obs,
			      "%s advertises %zu prefixes to %s %s, above %u%% of Azure's limit of %u.",
			      dev, count, what, a, warn, limit);
	}
}

void
eg_check_state_budget(EG_CHECK_RUN_ARGS)
{
	const enum eg_qkind adv_kind = eg_checks_kind(svc, EG_Q_ADVERTISED);
	const char *devs[EG_CHECKS_MAXDEV] = { NULL };
	size_t n, d, i, ran = 0;

	n = state_devices(svc, devs, EG_CHECKS_MAXDEV);
	if (n == 0) {
		eg_checks_skip(r, "prefix-budget", svc, NULL, 0, "the service names no device");
		return;
	}
	for (d = 0; d < n; d++) {
		struct eg_checks_need nd = { 0 };
		struct eg_result *res;
		bool is_fw = svc->vpn.firewall != NULL && strcmp(svc->vpn.firewall, devs[d]) == 0;
		uint32_t items = 0;

		if (!eg_checks_selected(ctx, devs[d]))
			continue;
		ran++;
		res = eg_checks_begin(r, "prefix-budget", svc, devs[d]);
		for (i = 0; i < svc->ner; i++)
			if (strcmp(svc->er[i].ce, devs[d]) == 0)
				eg_checks_need(&nd, st, devs[d], adv_kind, svc->instance,
					       &svc->er[i].msee_peer);
		for (i = 0; is_fw && i < svc->vpn.npeers; i++)
			eg_checks_need(&nd, st, devs[d], adv_kind, svc->instance,
				       &svc->vpn.peers[i]);
		if (!eg_checks_need_done(&nd, res))
			continue;
		for (i = 0; i < svc->ner; i++) {
			if (strcmp(svc->er[i].ce, devs[d]) != 0)
				continue;
			state_budget_one(res, devs[d], &svc->er[i].msee_peer,
					 eg_checks_rib(eg_state_find(st, devs[d], adv_kind,
								     svc->instance, &svc->er[i].msee_peer)),
					 svc->budget.er_limit, svc->budget.warn_percent, "MSEE");
			items++;
		}
		for (i = 0; is_fw && i < svc->vpn.npeers; i++) {
			state_budget_one(res, devs[d], &svc->vpn.peers[i],
					 eg_checks_rib(eg_state_find(st, devs[d], adv_kind,
								     svc->instance, &svc->vpn.peers[i])),
					 svc->budget.vpn_limit, svc->budget.warn_percent,
					 "VPN gateway peer");
			items++;
		}
		res->nitems = items;
	}
	if (ran == 0)
		eg_checks_all_filtered(r, "prefix-budget", svc, devs, n);
}
