#!/bin/sh
# drill-detect.sh - erguard drill's triggers against the lab's physics,
# held to the lab's event log (drill_truth.py), over SSH and NETCONF on
# loopback.
#  - blackhole on the compliant scenario: the CE stops hearing the MSEE,
#    the session drops 900 ms (BFD 300 ms x 3) after the commit, and the
#    measured failover of each prefix agrees within 200 ms with the
#    firewall's true active change; restored, the check passes.
#  - interface: the unit goes down at the commit, the session with it
#    (0 ms), measured within 200 ms; restored, the check passes.
#  - no-bfd (the intent without its bfd, so the check passes): detection
#    waits for the hold time, 90 s x 0.04 = 3.6 s, over --max-convergence
#    2: the drill fails the bound (exit 1), yet restores and the check
#    passes.
#  - external: nothing committed; an er-down at the instant given with
#    --since is detected by BFD (900 ms) and measured within 200 ms.
#  - SIGKILL after the trigger: the CE rolls the trigger back by itself
#    when its confirm timer fires (whole minutes, as Junos counts them),
#    the rollback is in the lab's event log with its instant, the session
#    comes back and the check passes.  That lab waits while the others run.
NEEDS="python3" . "$(dirname "$0")/lib.inc"

VIAS="192.168.11.0=primary 192.168.11.2=secondary"
TRUTH="$ROOT/tests/integration/drill_truth.py"

start() {	# start DIR SCENARIO TIME-SCALE
	rm -rf "$1"
	"$LAB" up --dir "$1" --scenario "$2" --time-scale "$3" > "$TMP/up.log" 2>&1 ||
		{ fail "$2: lab did not start: $(tail -3 "$TMP/up.log")"; return 1; }
}

# the trigger's statements are gone from every CE
untouched() {	# untouched DIR WHAT
	for ce in SEA-MX03-01 SEA-MX03-02; do
		"$LAB" show --dir "$1" --device $ce config set > "$TMP/cfg" 2>&1 ||
			fail "$2: $ce configuration unreadable"
		grep -q "erguard-drill\|unit 110 disable\|^deactivate" "$TMP/cfg" &&
			fail "$2: $ce still holds the trigger: $(grep "erguard-drill\|disable\|^deactivate" "$TMP/cfg")"
	done
}

# SIGKILL first, so its confirm timer runs while the other cases do.
K=$TMP/killed
killed=0
if start "$K" compliant 0.05; then
	# a slow firewall keeps the drill inside its watch when the kill lands
	"$LAB" fault --dir "$K" --device SEA-SRX42-01 delay 0.3 get-route-information > /dev/null ||
		fail "sigkill: fault not set"
	"$EG" drill -c "$K/intent.xml" --trigger blackhole --links primary > "$TMP/killed.out" 2>&1 &
	pid=$!
	n=0
	until grep -q 'SEA-MX03-01 commit .*erguard drill: trigger' "$K/world/events.log" 2> /dev/null ||
		[ $n -ge 300 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	"$LAB" fault --dir "$K" --device SEA-SRX42-01 clear > /dev/null
	deadline=$(sed -n 's/^confirm-deadline-ms=//p' "$K/devices/SEA-MX03-01/state")
	trig=$(sed -n 's/^\([0-9]*\) .* SEA-MX03-01 commit .*erguard drill: trigger.*/\1/p' "$K/world/events.log")
	if [ -z "$trig" ] || [ -z "$deadline" ] || [ "$deadline" -le "$trig" ]; then
		fail "sigkill: no trigger commit ($trig) with a rollback armed ($deadline)"
	elif [ $(((deadline - trig) % 60000)) -gt 1000 ]; then
		fail "sigkill: the confirm timer is $((deadline - trig)) ms, not whole minutes"
	else
		killed=1
	fi
fi

# blackhole and interface on the compliant scenario
if start "$D" compliant 0.05; then
	"$EG" drill -c "$D/intent.xml" --trigger blackhole --format json > "$TMP/bh.json" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 0 ] || { fail "blackhole: drill exit $st"; cat "$TMP/err" >&2; }
	python3 "$TRUTH" "$TMP/bh.json" "$D" SEA-SRX42-01 $VIAS --bgp-down 900-900 > "$TMP/truth" 2>&1 ||
		{ fail "blackhole: the timeline disagrees with the lab's"; cat "$TMP/truth" >&2; }
	grep -q 'SEA-MX03-01 bfd-down 192.168.11.18 detection time 900 ms expired' "$D/world/events.log" ||
		fail "blackhole: BFD did not detect the failure"
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["erguard-report:drill"]
for p in r["prefix"]:
    assert p["failover"]["convergence-ms"] >= 900, p["failover"]' "$TMP/bh.json" ||
		fail "blackhole: a failover measured shorter than the detection time"
	untouched "$D" blackhole
	"$EG" check -c "$D/intent.xml" > "$TMP/check" 2>&1 || fail "blackhole: check after the drill exit $?"
	echo "ok blackhole: detected by BFD 900 ms after the commit, measured within 200 ms"

	"$EG" drill -c "$D/intent.xml" --trigger interface --format json > "$TMP/if.json" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 0 ] || { fail "interface: drill exit $st"; cat "$TMP/err" >&2; }
	python3 "$TRUTH" "$TMP/if.json" "$D" SEA-SRX42-01 $VIAS --bgp-down 0-0 > "$TMP/truth" 2>&1 ||
		{ fail "interface: the timeline disagrees with the lab's"; cat "$TMP/truth" >&2; }
	grep -q 'SEA-MX03-02 bgp-down 192.168.11.22 (AS 12076) interface xe-0/0/0:0.110 down' \
		"$D/world/events.log" || fail "interface: the session did not drop with its unit"
	untouched "$D" interface
	"$EG" drill -c "$D/intent.xml" --trigger interface --links secondary > "$TMP/if.txt" 2>&1 ||
		fail "interface: text drill exit $?"
	grep -q "^trigger interface: .*failure detection is not" "$TMP/if.txt" ||
		fail "interface: the report does not say what the trigger exercises"
	grep -q "committed confirmed .*: set interfaces xe-0/0/0:0 unit 110 disable" "$TMP/if.txt" &&
		grep -q "restored: delete interfaces xe-0/0/0:0 unit 110 disable (committed)" "$TMP/if.txt" ||
		{ fail "interface: the unit was not found, disabled or restored"; cat "$TMP/if.txt" >&2; }
	untouched "$D" interface
	"$EG" check -c "$D/intent.xml" > "$TMP/check" 2>&1 || fail "interface: check after the drill exit $?"
	echo "ok interface: down at the commit, measured within 200 ms, restored"

	# external: nothing committed; the failure is a peer event at the given instant
	commits=$(grep -c ' commit ' "$D/world/events.log")
	at=$(($(date +%s%3N) + 6000))
	"$EG" drill -c "$D/intent.xml" --trigger external --since "$at" --links primary \
		--format json > "$TMP/ext.json" 2> "$TMP/err" &
	pid=$!
	sleep "$(awk -v a="$at" -v n="$(date +%s%3N)" 'BEGIN { d = (a - n) / 1000; print (d > 0 ? d : 0) }')"
	"$LAB" event --dir "$D" er-down primary > /dev/null || fail "external: er-down"
	sleep 2
	"$LAB" event --dir "$D" er-up primary > /dev/null || fail "external: er-up"
	wait "$pid"
	st=$?
	[ "$st" -eq 0 ] || { fail "external: drill exit $st"; cat "$TMP/err" >&2; }
	python3 "$TRUTH" "$TMP/ext.json" "$D" SEA-SRX42-01 $VIAS --events "er-down primary,er-up primary" \
		--bgp-down 900-900 > "$TMP/truth" 2>&1 ||
		{ fail "external: the timeline disagrees with the lab's"; cat "$TMP/truth" >&2; }
	[ "$(grep -c ' commit ' "$D/world/events.log")" -eq "$commits" ] ||
		fail "external: the drill committed something"
	echo "ok external: a peer failure watched from its instant, measured within 200 ms"
fi

# no BFD: the hold timer detects, over the bound
if start "$D" no-bfd 0.04; then
	sed '/<bfd>/,/<\/bfd>/d' "$D/intent.xml" > "$TMP/intent-nobfd.xml"
	"$EG" check -c "$TMP/intent-nobfd.xml" > "$TMP/check" 2>&1 ||
		fail "no-bfd: the intent without bfd does not pass before the drill: $(cat "$TMP/check")"
	"$EG" drill -c "$TMP/intent-nobfd.xml" --trigger blackhole --max-convergence 2 --format json \
		> "$TMP/nobfd.json" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 1 ] || { fail "no-bfd: drill exit $st, expected 1 (over the bound)"; cat "$TMP/err" >&2; }
	python3 "$TRUTH" "$TMP/nobfd.json" "$D" SEA-SRX42-01 $VIAS --bgp-down 3600-3600 > "$TMP/truth" 2>&1 ||
		{ fail "no-bfd: the timeline disagrees with the lab's"; cat "$TMP/truth" >&2; }
	grep -q 'bgp-down 192.168.11.18 (AS 12076) hold time expired after 3600 ms' "$D/world/events.log" ||
		fail "no-bfd: the hold timer did not detect the failure"
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["erguard-report:drill"]
assert r["outcome"] == "slow", r["outcome"]
assert r["final-check"]["verdict"] == "pass", r["final-check"]
for p in r["prefix"]:
    assert p["failover"]["convergence-ms"] > 2000 and p["failback"]["final"] == "primary", p' \
		"$TMP/nobfd.json" || fail "no-bfd: not failed on the bound, or not restored"
	untouched "$D" no-bfd
	"$EG" check -c "$TMP/intent-nobfd.xml" > "$TMP/check" 2>&1 || fail "no-bfd: check after the drill exit $?"
	echo "ok no-bfd: the hold time (3.6 s) is over the bound; restored"
fi

# back to the killed drill: the CE's own rollback at its deadline
if [ "$killed" -eq 1 ]; then
	# until the CE's deadline, whatever the confirm timer is, and 30 s more
	until grep -q 'SEA-MX03-01 commit rollback by root via confirmed-timeout' "$K/world/events.log" ||
		[ "$(date +%s%3N)" -gt $((deadline + 30000)) ]; do
		sleep 0.2
	done
	rb=$(sed -n 's/^\([0-9]*\) .* SEA-MX03-01 commit rollback by root via confirmed-timeout.*/\1/p' \
		"$K/world/events.log")
	if [ -z "$rb" ]; then
		fail "sigkill: no rollback in the lab's event log by $((deadline + 30000))"
	else
		[ "$rb" -ge "$deadline" ] && [ "$rb" -le $((deadline + 2000)) ] ||
			fail "sigkill: rolled back at $rb, the deadline was $deadline"
		grep -q "^[0-9]* .* SEA-MX03-01 bgp-up 192.168.11.18" "$K/world/events.log" ||
			fail "sigkill: the session does not come back after the rollback"
		n=0
		until "$EG" check -c "$K/intent.xml" > "$TMP/check" 2>&1 || [ $n -ge 20 ]; do
			sleep 0.5
			n=$((n + 1))
		done
		[ $n -lt 20 ] || fail "sigkill: check after the rollback: $(tail -5 "$TMP/check")"
		untouched "$K" sigkill
		echo "ok sigkill: rolled back by the CE $((rb - trig)) ms after the trigger, check passes"
	fi
fi

[ "$NFAIL" -eq 0 ] && echo "all passed"
exit $((NFAIL > 0))
