#!/bin/sh
# fix.sh - erguard fix against the Junos lab, over real SSH and NETCONF on
# loopback.  For every repairable scenario: the plan holds the expected
# lines, --apply confirms the change and then `erguard check` exits 0,
# a second --apply commits nothing (the device's rollback history does
# not grow), and the device's commit log names erguard.  A scenario a
# configuration change cannot repair (bgp-sessions) is reported as such
# and nothing is committed.  A lock held by someone else is refused
# naming the holder (exit 4) with nothing loaded; a refused commit check
# commits nothing (exit 5); a session lost after commit confirmed leaves
# the device's own rollback pending (exit 4), which puts the configuration
# back byte for byte when its timer fires; what configuration groups
# supply counts as configured; a device that cannot be
# reached stops every change unless --device leaves it out; a change
# that repairs no failing check while a check beyond configuration
# (prefix-budget) fails is held back, never tried; a re-check that fails
# rolls the change back, to the byte; plan mode never writes; the JSON
# plan parses.
NEEDS="xmllint python3" . "$(dirname "$0")/lib.inc"

# commits DEV: how many rollback files the device's database holds
commits() { ls "$D/devices/$1" | grep -c '^rollback\.[0-9]*\.xml$'; }

up() {
	rm -rf "$D"
	"$LAB" up --dir "$D" --scenario "$1" > "$TMP/up.log" 2>&1 ||
		{ fail "$1: lab did not start: $(tail -3 "$TMP/up.log")"; return 1; }
}

# scenario device expected-line...
repairable() {
	sc=$1 dev=$2
	shift 2
	up "$sc" || return
	before=$(commits "$dev")
	"$EG" fix -c "$D/intent.xml" > "$TMP/plan" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 1 ] || fail "$sc: plan exit $st, expected 1 (a change is planned): $(head -3 "$TMP/err")"
	for l in "$@"; do
		grep -qxF "  $l" "$TMP/plan" || fail "$sc: plan lacks: $l"
	done
	[ "$(commits "$dev")" -eq "$before" ] || fail "$sc: plan mode committed"
	"$EG" fix -c "$D/intent.xml" --apply --settle-seconds 30 < /dev/null > "$TMP/apply" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 0 ] || { fail "$sc: apply exit $st"; sed 's/^/    /' "$TMP/apply" "$TMP/err" >&2; }
	grep -q "outcome: committed and confirmed" "$TMP/apply" || fail "$sc: no confirmed outcome"
	sed -n '/the device.s show | compare:/,/commit check/p' "$TMP/apply" | grep -q '^ *[-+!]  ' ||
		fail "$sc: the device's own compare of the loaded change is not in the account"
	"$EG" check -c "$D/intent.xml" > "$TMP/check" 2>&1 ||
		{ fail "$sc: check after apply exit $?"; grep -i fail "$TMP/check" | head -5 >&2; }
	n1=$(commits "$dev")
	[ "$n1" -gt "$before" ] || fail "$sc: no commit recorded on $dev"
	grep -q "erguard fix: repairs" "$D/devices/$dev"/rollback.*.xml ||
		fail "$sc: the confirmed commit's log does not name erguard"
	"$EG" fix -c "$D/intent.xml" --apply < /dev/null > "$TMP/again" 2>&1 ||
		fail "$sc: second apply exit $?"
	grep -q "^no change needed" "$TMP/again" || fail "$sc: second apply found changes"
	for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
		[ "$d" = "$dev" ] && continue
		[ "$(commits "$d")" -eq 0 ] || fail "$sc: $d was committed, not only $dev"
	done
	[ "$(commits "$dev")" -eq "$n1" ] || fail "$sc: the second apply committed"
	echo "ok $sc"
}

P="routing-instances Cust11 protocols bgp group"
repairable lp-config SEA-MX03-02 "set $P ibgp local-preference 150"
repairable bfd-config SEA-MX03-02 "activate $P ebgp bfd-liveness-detection"
repairable er-adv-symmetry SEA-MX03-02 "delete $P ebgp export"
# CE2's own MED or community toward its MSEE: the export that adds it goes.
repairable er-adv-med SEA-MX03-02 "delete $P ebgp export"
repairable er-adv-community SEA-MX03-02 "delete $P ebgp export"
repairable er-adv-coverage SEA-MX03-01 "delete $P ebgp export"
repairable vpn-adv-symmetry SEA-SRX42-01 "delete $P vpn neighbor 10.17.11.77 export"
repairable vpn-no-more-specific SEA-SRX42-01 \
	"delete policy-options policy-statement vpn-export term onprem from route-filter 10.1.11.0/25 orlonger" \
	"delete policy-options policy-statement vpn-export term onprem from protocol static" \
	"set policy-options policy-statement vpn-export term onprem from route-filter 10.1.11.0/25 exact"
repairable vpn-adv-coverage SEA-SRX42-01 \
	"set policy-options policy-statement vpn-export term onprem from route-filter 10.1.11.0/25 exact"
# CE2 inherits local-preference 120 from a group: a local statement,
# which wins over the group's, repairs it.
repairable lp-groups-wrong SEA-MX03-02 "set $P ibgp local-preference 150"

# The design written with configuration groups: what the groups supply
# counts as configured, so there is nothing to do and nothing is committed.
if up lp-groups; then
	"$EG" fix -c "$D/intent.xml" --apply < /dev/null > "$TMP/apply" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 0 ] || fail "lp-groups: exit $st, expected 0: $(head -3 "$TMP/err")"
	grep -q "^no change needed" "$TMP/apply" || fail "lp-groups: a change was planned: $(cat "$TMP/apply")"
	for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
		[ "$(commits "$d")" -eq 0 ] || fail "lp-groups: $d was committed"
	done
	echo "ok lp-groups"
fi

# Both CEs lack BFD: both are changed, one after the other.
if up no-bfd; then
	"$EG" fix -c "$D/intent.xml" --apply --settle-seconds 30 < /dev/null > "$TMP/apply" 2>&1 ||
		fail "no-bfd: apply exit $?"
	[ "$(grep -c 'outcome: committed and confirmed' "$TMP/apply")" -eq 2 ] ||
		fail "no-bfd: not both CEs confirmed"
	"$EG" check -c "$D/intent.xml" > /dev/null 2>&1 || fail "no-bfd: check after apply exit $?"
	echo "ok no-bfd"
fi

# An intent naming the CEs' export policy: both CEs get it, the failing CE2 first.
if up er-adv-symmetry; then
	sed 's#<expressroute>#<expressroute><export-policy>er-export</export-policy>#' \
		"$D/intent.xml" > "$TMP/intent-er.xml"
	"$EG" fix -c "$TMP/intent-er.xml" > "$TMP/plan" 2>&1
	grep -qxF "  set $P ebgp export er-export" "$TMP/plan" || fail "er-export: no export planned"
	grep -qxF "  set policy-options policy-statement er-export term onprem then accept" "$TMP/plan" ||
		fail "er-export: the policy is not rendered"
	"$EG" fix -c "$TMP/intent-er.xml" --apply --settle-seconds 30 -v < /dev/null > "$TMP/apply" \
		2> "$TMP/err" || fail "er-export: apply exit $?"
	grep "applying" "$TMP/err" | head -1 | grep -q SEA-MX03-02 || fail "er-export: CE2 was not first"
	"$EG" check -c "$TMP/intent-er.xml" > /dev/null 2>&1 || fail "er-export: check after apply exit $?"
	"$EG" fix -c "$TMP/intent-er.xml" > /dev/null 2>&1 || fail "er-export: second plan is not empty"
	echo "ok er-export"
fi

# A device that cannot be reached: no device is changed, unless --device leaves it out.
if up bfd-config; then
	awk '/<port>/ { n++; if (n == 3) sub(/<port>[0-9]*</, "<port>1<") } { print }' \
		"$D/intent.xml" > "$TMP/intent-down.xml"
	"$EG" fix -c "$TMP/intent-down.xml" --apply < /dev/null > "$TMP/apply" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 4 ] || fail "unreachable: exit $st, expected 4"
	grep -q "no device changed" "$TMP/err" || fail "unreachable: not said"
	[ "$(commits SEA-MX03-02)" -eq 0 ] || fail "unreachable: CE2 was committed"
	"$EG" fix -c "$TMP/intent-down.xml" --device SEA-MX03-02 --apply < /dev/null > "$TMP/apply" 2>&1
	grep -q "outcome: committed and confirmed" "$TMP/apply" || fail "unreachable: --device did not apply"
	[ "$(commits SEA-MX03-02)" -gt 0 ] || fail "unreachable: --device committed nothing"
	echo "ok unreachable"
fi

# Not repairable by configuration: reported, nothing committed.
if up bgp-sessions; then
	"$EG" fix -c "$D/intent.xml" --apply < /dev/null > "$TMP/apply" 2>&1
	st=$?
	[ "$st" -eq 1 ] || fail "bgp-sessions: apply exit $st, expected 1"
	grep -q "^not repaired by a configuration change: .*bgp-sessions" "$TMP/apply" ||
		fail "bgp-sessions: not reported as unrepaired"
	grep -q "^  bgp-sessions: no configuration change repairs it" "$TMP/apply" ||
		fail "bgp-sessions: not said to be beyond configuration"
	grep -q "^  er-adv-symmetry: what erguard owns already matches" "$TMP/apply" ||
		fail "bgp-sessions: er-adv-symmetry's configuration is not said to match"
	for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
		[ "$(commits "$d")" -eq 0 ] || fail "bgp-sessions: $d was committed"
	done
	echo "ok bgp-sessions"
fi

# Compliant: says so, exit 0; the JSON plan says zero changes.
if up compliant; then
	"$EG" fix -c "$D/intent.xml" > "$TMP/plan" 2>&1 || fail "compliant: plan exit $?"
	grep -q "^no change needed" "$TMP/plan" || fail "compliant: no 'no change needed'"
	"$EG" fix -c "$D/intent.xml" --format json > "$TMP/plan.json" 2>/dev/null
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["changes"] != 0 or d["failing"] != [])' \
		"$TMP/plan.json" || fail "compliant: JSON plan is not zero changes"
	echo "ok compliant"
fi

# Lock held by someone else: refused naming the holder, exit 4, nothing loaded.
if up lp-config; then
	"$LAB" fault --dir "$D" --device SEA-MX03-02 lock netops > /dev/null 2>&1 ||
		fail "lock: the lab took no lock fault"
	cp "$D/devices/SEA-MX03-02/candidate.xml" "$TMP/cand.before" 2>/dev/null
	"$EG" fix -c "$D/intent.xml" --format xml --apply < /dev/null > "$TMP/apply.xml" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 4 ] || fail "lock: exit $st, expected 4"
	xmllint --noout "$TMP/apply.xml" 2>/dev/null || fail "lock: XML output is not well-formed"
	tr '\n' ' ' < "$TMP/apply.xml" | grep -q "locked by: *netops" || fail "lock: the holder is not named"
	[ "$(commits SEA-MX03-02)" -eq 0 ] || fail "lock: something was committed"
	if [ -f "$TMP/cand.before" ]; then
		cmp -s "$TMP/cand.before" "$D/devices/SEA-MX03-02/candidate.xml" ||
			fail "lock: the candidate changed"
	fi
	echo "ok lock"
fi

# On a terminal the plan is shown and the question asked once: "n" changes nothing, "y" applies.
if command -v script > /dev/null 2>&1 && up lp-config; then
	printf 'n\n' | script -qec "'$EG' fix -c '$D/intent.xml' --apply" /dev/null > "$TMP/tty" 2>&1
	grep -q "Apply these changes" "$TMP/tty" || fail "terminal: no question asked"
	[ "$(commits SEA-MX03-02)" -eq 0 ] || fail "terminal: 'n' committed"
	printf 'y\n' | script -qec "'$EG' fix -c '$D/intent.xml' --apply" /dev/null > "$TMP/tty" 2>&1
	[ "$(grep -c "Apply these changes" "$TMP/tty")" -eq 1 ] || fail "terminal: not asked exactly once"
	grep -q "outcome: committed and confirmed" "$TMP/tty" || fail "terminal: 'y' did not apply"
	echo "ok terminal"
fi

# The device refuses the commit check: its message, nothing committed, exit 5, the candidate clean.
if up lp-config; then
	"$LAB" fault --dir "$D" --device SEA-MX03-02 rpc-error "commit-configuration[check]" \
		"mgd: error: configuration check-out failed" > /dev/null 2>&1
	"$EG" fix -c "$D/intent.xml" --apply < /dev/null > "$TMP/apply" 2>&1
	st=$?
	[ "$st" -eq 5 ] || fail "commit check: exit $st, expected 5"
	grep -q "commit check failed, nothing committed: .*check-out failed" "$TMP/apply" ||
		fail "commit check: the device's message is not reported"
	grep -q "^ *unlocked" "$TMP/apply" || fail "commit check: not unlocked"
	[ "$(commits SEA-MX03-02)" -eq 0 ] || fail "commit check: something was committed"
	"$LAB" fault --dir "$D" --device SEA-MX03-02 clear > /dev/null 2>&1
	"$LAB" show --dir "$D" --device SEA-MX03-02 config candidate set > "$TMP/cand" 2>&1
	grep -q "ibgp local-preference" "$TMP/cand" && fail "commit check: the lines stayed in the candidate"
	echo "ok commit-check"
fi

# A failure stops the run: the second CE is not tried.
if up no-bfd; then
	for d in SEA-MX03-01 SEA-MX03-02; do
		"$LAB" fault --dir "$D" --device $d rpc-error "commit-configuration[check]" \
			"mgd: error: configuration check-out failed" > /dev/null 2>&1
	done
	"$EG" fix -c "$D/intent.xml" --apply < /dev/null > "$TMP/apply" 2>&1
	st=$?
	[ "$st" -eq 5 ] || fail "stop: exit $st, expected 5"
	[ "$(grep -c "outcome: refused by the device" "$TMP/apply")" -eq 1 ] || fail "stop: not one refusal"
	[ "$(grep -c "outcome: not applied: an earlier device failed" "$TMP/apply")" -eq 1 ] ||
		fail "stop: the second CE was tried"
	echo "ok stop"
fi

# The session drops right after commit confirmed: said, and the device rolls back by itself.
if up lp-config; then
	"$LAB" show --dir "$D" --device SEA-MX03-02 config set > "$TMP/lost-before" 2>&1
	"$LAB" fault --dir "$D" --device SEA-MX03-02 drop-after 0 \
		"commit-configuration[confirmed,confirm-timeout,log]" > /dev/null 2>&1
	"$EG" fix -c "$D/intent.xml" --apply --confirm-minutes 1 < /dev/null > "$TMP/apply" 2>&1
	st=$?
	[ "$st" -eq 4 ] || fail "session lost: exit $st, expected 4"
	grep -q "rolls back by itself" "$TMP/apply" || fail "session lost: the automatic rollback is not said"
	grep -q "^confirm-deadline-ms=[1-9]" "$D/devices/SEA-MX03-02/state" ||
		fail "session lost: no confirmed commit is pending on the device"
	echo "ok session-lost"
	# nobody confirms: at the timer (one minute, as Junos counts) the
	# device is back to the configuration it had, byte for byte
	i=0
	while grep -q "^confirm-deadline-ms=[1-9]" "$D/devices/SEA-MX03-02/state"; do
		i=$((i + 1))
		[ "$i" -le 90 ] || { fail "session lost: not rolled back 90 s after a 1-minute confirmed commit"; break; }
		sleep 1
	done
	"$LAB" show --dir "$D" --device SEA-MX03-02 config set > "$TMP/lost-after" 2>&1
	cmp -s "$TMP/lost-before" "$TMP/lost-after" ||
		{ fail "session lost: the configuration after the timer is not the one before"; diff "$TMP/lost-before" "$TMP/lost-after" | head >&2; }
	echo "ok session-lost rolled back by the device"
fi

# prefix-budget fed by the firewall's iBGP export and the amount of routes:
# beyond configuration, said up front; the SRX's owned drift (a stray term
# in vpn-export) repairs no failing check, so it is held back and shown,
# never tried: nothing committed, exit 1 as the plan's, in every format.
if up prefix-budget; then
	"$EG" fix -c "$D/intent.xml" > "$TMP/plan" 2>&1
	st=$?
	[ "$st" -eq 1 ] || fail "prefix-budget: plan exit $st, expected 1"
	"$EG" fix -c "$D/intent.xml" --apply --settle-seconds 3 < /dev/null > "$TMP/apply" 2>&1
	st=$?
	[ "$st" -eq 1 ] || fail "prefix-budget: apply exit $st, expected 1"
	for f in "$TMP/plan" "$TMP/apply"; do
		grep -q "^not repaired by a configuration change: prefix-budget$" "$f" ||
			fail "prefix-budget: not reported as not repairable ($(basename "$f"))"
		grep -q "^SEA-SRX42-01: 1 line held back, not applied" "$f" ||
			fail "prefix-budget: the SRX's change is not held back ($(basename "$f"))"
		grep -qxF "  held: delete policy-options policy-statement vpn-export term dc" "$f" ||
			fail "prefix-budget: the held line is not shown ($(basename "$f"))"
	done
	grep -q "outcome:" "$TMP/apply" && fail "prefix-budget: a change was tried: $(grep outcome: "$TMP/apply")"
	for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
		[ "$(commits "$d")" -eq 0 ] || fail "prefix-budget: $d was committed"
	done
	"$EG" fix -c "$D/intent.xml" --format json > "$TMP/plan.json" 2>/dev/null
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
srx=[x for x in d["devices"] if x["device"]=="SEA-SRX42-01"][0]
sys.exit(d["changes"] != 0 or d["unrepaired"] != ["prefix-budget"] or srx["lines"] != [] or len(srx["held"]) != 1)' \
		"$TMP/plan.json" || fail "prefix-budget: the JSON plan does not hold the change back"
	"$EG" fix -c "$D/intent.xml" --format xml > "$TMP/plan.xml" 2>/dev/null
	[ "$(xmllint --xpath 'count(/fix/device[name="SEA-SRX42-01"]/held)' "$TMP/plan.xml" 2>/dev/null)" = 1 ] &&
	[ "$(xmllint --xpath 'string(/fix/unrepaired)' "$TMP/plan.xml" 2>/dev/null)" = prefix-budget ] ||
		fail "prefix-budget: the XML plan does not hold the change back"
	echo "ok prefix-budget held back"

	# A re-check that cannot pass: an engineer also gives one VPN peer
	# an export of its own, so the SRX's change now repairs a failing
	# check and is tried; removing the stray term leaves the VPN short
	# of what ExpressRoute carries, so it is rolled back at once and the
	# box is as before.
	"$LAB" configure --dir "$D" --device SEA-SRX42-01 --log "an engineer's change" \
		"set policy-options policy-statement vpn-none then reject" \
		"set $P vpn neighbor 10.17.11.77 export vpn-none" > /dev/null 2>&1 ||
		fail "rollback: the engineer's change was not committed"
	"$LAB" show --dir "$D" --device SEA-SRX42-01 config set > "$TMP/before" 2>&1
	"$EG" fix -c "$D/intent.xml" --apply --settle-seconds 3 < /dev/null > "$TMP/apply" 2>&1
	st=$?
	[ "$st" -eq 1 ] || fail "rollback: exit $st, expected 1"
	grep -q "outcome: rolled back" "$TMP/apply" || fail "rollback: not rolled back"
	"$LAB" show --dir "$D" --device SEA-SRX42-01 config set > "$TMP/after" 2>&1
	grep -q "vpn-export term dc" "$TMP/after" || fail "rollback: the device is not as before"
	cmp -s "$TMP/before" "$TMP/after" ||
		{ fail "rollback: the configuration is not byte for byte the one before"; diff "$TMP/before" "$TMP/after" | head >&2; }
	grep -q "erguard fix: rolled back" "$D/devices/SEA-SRX42-01/rollback.0.xml" ||
		fail "rollback: the rollback commit's log does not say so"
	echo "ok rollback"
fi

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
