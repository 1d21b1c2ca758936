#!/bin/sh
# drill.sh - erguard drill against the Junos lab, over real SSH and NETCONF
# on loopback.  On the compliant scenario the drill passes (exit 0), both
# CEs are triggered and restored, and every prefix's measured instants
# agree within 200 ms with the lab's true ones (drill_truth.py: the
# firewall's active-path changes in the lab's event log, after the
# commits the log also holds); the bgp trigger's sessions drop at the
# commit instant itself.  After the drill no commit is pending and the
# check passes; --links primary moves the hub to the secondary link and
# back; JUnit and --svg say the same.  A drill killed after its triggers
# leaves each CE's own rollback armed and its lock released; a restore a
# CE refuses is said with the line left and when the CE rolls it back.
# On backup-ready (the VPN carries no backup) the drill is refused naming
# the check, exit 1, and the lab's commit history does not change.
# --plan contacts nothing; bad options exit 2.
NEEDS="python3" . "$(dirname "$0")/lib.inc"

# history: every device's rollback files with their commit logs
history() {
	for f in "$D"/devices/*/rollback.*.xml; do
		[ -e "$f" ] && echo "$f $(stat -c %Y "$f") $(grep -o 'commit-log="[^"]*"' "$f")"
	done
	cat "$D"/devices/*/committed.xml | cksum
}

up() {
	rm -rf "$D"
	"$LAB" up --dir "$D" --scenario "$1" --time-scale 0.05 > "$TMP/up.log" 2>&1 ||
		{ fail "$1: lab did not start: $(tail -3 "$TMP/up.log")"; return 1; }
}

# Usage errors and the plan: nothing contacted.
"$EG" drill --links sideways > /dev/null 2>&1; st=$?
[ "$st" -eq 2 ] || fail "--links sideways: exit $st, expected 2"
"$EG" drill --trigger carrier > /dev/null 2>&1; st=$?
[ "$st" -eq 2 ] || fail "--trigger carrier: exit $st, expected 2"

if up compliant; then
	before=$(history)
	"$EG" drill -c "$D/intent.xml" --plan > "$TMP/plan" 2>&1 || fail "plan: exit $?"
	grep -q "SEA-MX03-01: deactivate routing-instances Cust11 protocols bgp group ebgp neighbor 192.168.11.18" \
		"$TMP/plan" || fail "plan: the primary CE's trigger is not named"
	grep -q "expected: the active path moves to the VPN" "$TMP/plan" || fail "plan: no expectation"
	[ "$(history)" = "$before" ] || fail "plan: the lab's commit history changed"
	echo "ok plan"

	"$EG" drill -c "$D/intent.xml" --format json > "$TMP/drill.json" 2> "$TMP/err"; st=$?
	[ "$st" -eq 0 ] || { fail "compliant: drill exit $st"; cat "$TMP/err" >&2; }
	python3 - "$TMP/drill.json" <<'EOF' || fail "compliant: the report is not a passed drill of both CEs"
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
if r["outcome"] != "passed":
    bad.append("outcome %s" % r["outcome"])
ces = sorted(c["device"] for c in r["ces"])
if ces != ["SEA-MX03-01", "SEA-MX03-02"]:
    bad.append("CEs triggered: %s" % ces)
if len(r["prefixes"]) != 2:
    bad.append("%d prefixes watched, want 2" % len(r["prefixes"]))
for p in r["prefixes"]:
    fo, fb = p["failover"], p["failback"]
    if p["before"] != "primary" or fo["final"] != "vpn" or fb["final"] != "primary":
        bad.append("%s: path %s -> %s -> %s" % (p["prefix"], p["before"], fo["final"], fb["final"]))
    elif not 0 <= fo["convergence_ms"] <= 10000 or not 0 <= fb["convergence_ms"] <= 10000:
        bad.append("%s: convergence %s / %s" % (p["prefix"], fo["convergence_ms"], fb["convergence_ms"]))
if r["requests_per_s"] <= 0:
    bad.append("no request rate")
for b in bad:
    print("drill: " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
	# the bgp trigger closes each session at its commit: no detection delay
	python3 "$ROOT/tests/integration/drill_truth.py" "$TMP/drill.json" "$D" SEA-SRX42-01 \
		192.168.11.0=primary 192.168.11.2=secondary --bgp-down 0-0 > "$TMP/truth" 2>&1 ||
		{ fail "compliant: the timeline disagrees with the lab's"; cat "$TMP/truth" >&2; }
	grep -q '^confirm-deadline-ms=[1-9]' "$D"/devices/SEA-MX03-0*/state &&
		fail "compliant: a confirmation is still pending after the drill"
	"$EG" check -c "$D/intent.xml" > "$TMP/check" 2>&1 || fail "compliant: check after the drill exit $?"
	before=$(history)
	"$EG" drill -c "$D/intent.xml" --svg "$TMP/none/x.svg" > /dev/null 2>&1; st=$?
	[ "$st" -eq 2 ] || fail "svg: an unwritable --svg exit $st, expected 2"
	[ "$(history)" = "$before" ] || fail "svg: an unwritable --svg still ran the drill"
	"$EG" drill -c "$D/intent.xml" --links primary --svg "$TMP/t.svg" > "$TMP/primary" 2>&1; st=$?
	python3 -c 'import sys, xml.etree.ElementTree as ET
t = [e.text for e in ET.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}title")]
assert any(x.startswith("secondary at ") for x in t) and any(x.startswith("primary at ") for x in t), t
' "$TMP/t.svg" || fail "svg: the picture lacks the move to the secondary link"
	[ "$st" -eq 0 ] || { fail "primary: drill exit $st"; cat "$TMP/primary" >&2; }
	grep -q "^10.17.11.0/25 *primary .* secondary -> primary$" "$TMP/primary" ||
		{ fail "primary: the hub did not move to the secondary link and back"; cat "$TMP/primary" >&2; }
	grep -c "committed confirmed" "$TMP/primary" | grep -qx 1 || fail "primary: not exactly one CE triggered"
	# JUnit: a case for the pre-flight, the restore and each prefix's two phases, all passing
	"$EG" drill -c "$D/intent.xml" --format junit --max-convergence 1 > "$TMP/junit.xml" 2>&1
	st=$?
	python3 - "$TMP/junit.xml" "$st" <<'PY' || fail "junit: wrong suite"
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
cases = {c.get("name"): c.find("failure") is None for c in s.iter("testcase")}
want = {"pre-flight check", "restore and check", "10.17.11.0/25 failover",
        "10.17.11.0/25 failback", "10.17.11.128/26 failover", "10.17.11.128/26 failback"}
assert set(cases) == want, cases
assert all(cases.values()) and sys.argv[2] == "0", (cases, sys.argv[2])
assert s.get("tests") == "6" and s.get("failures") == "0", s.attrib
PY
	echo "ok compliant"
fi

# SIGKILL after both triggers: each CE keeps the trigger under a confirmation
# deadline of at most the drill's minutes (its own rollback is armed), and the
# lock went with the session.  The firewall answers slowly so the kill lands
# inside the watch.
if up compliant; then
	"$LAB" fault --dir "$D" --device SEA-SRX42-01 delay 0.3 get-route-information > /dev/null ||
		fail "sigkill: fault not set"
	"$EG" drill -c "$D/intent.xml" > "$TMP/killed" 2>&1 &
	pid=$!
	n=0
	while [ "$(grep -l 'commit-log="erguard drill: trigger"' "$D"/devices/SEA-MX03-0*/rollback.0.xml \
		2>/dev/null | wc -l)" -lt 2 ] && [ $n -lt 300 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	now=$(date +%s%3N)
	for ce in SEA-MX03-01 SEA-MX03-02; do
		dl=$(sed -n 's/^confirm-deadline-ms=//p' "$D/devices/$ce/state")
		[ -n "$dl" ] && [ "$dl" -gt "$now" ] && [ "$dl" -le $((now + 180000)) ] ||
			fail "sigkill: $ce has no confirmation deadline within 3 minutes ($dl, now $now)"
		"$LAB" show --dir "$D" --device "$ce" config | grep -q 'inactive: neighbor 192\.168\.11\.' ||
			fail "sigkill: $ce does not hold the trigger"
		sleep 0.5
		"$LAB" rpc --dir "$D" --device "$ce" '<lock-configuration/>' > "$TMP/lock" 2>&1 ||
			fail "sigkill: $ce is still locked: $(head -c 300 "$TMP/lock")"
	done
	echo "ok sigkill leaves the devices' rollback armed"
fi

# A restore the CE refuses: exit non-zero, the line left on that CE and when
# its own rollback fires are said; the other CE is restored.
if up compliant; then
	"$LAB" fault --dir "$D" --device SEA-SRX42-01 delay 0.5 get-route-information > /dev/null
	"$EG" drill -c "$D/intent.xml" > "$TMP/unrestored" 2>&1 &
	pid=$!
	n=0
	while [ "$(grep -l 'commit-log="erguard drill: trigger"' "$D"/devices/SEA-MX03-0*/rollback.0.xml \
		2>/dev/null | wc -l)" -lt 2 ] && [ $n -lt 300 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	"$LAB" fault --dir "$D" --device SEA-MX03-01 rpc-error load-configuration "restore refused" \
		> /dev/null
	wait "$pid"
	st=$?
	[ "$st" -ne 0 ] || fail "unrestored: exit 0"
	grep -q "restore failed: .*restore refused" "$TMP/unrestored" ||
		fail "unrestored: the refusal is not said"
	grep -q "LEFT: deactivate routing-instances Cust11 protocols bgp group ebgp neighbor 192.168.11.18 is still deactivated; the device rolls it back by itself at about [0-9:]* UTC" \
		"$TMP/unrestored" || fail "unrestored: what is left and when it rolls back are not said"
	grep -q "LEFT: .*192.168.11.22" "$TMP/unrestored" && fail "unrestored: CE2 was not restored"
	grep -q "restored: activate .*192.168.11.22" "$TMP/unrestored" || fail "unrestored: no CE2 restore"
	grep -q '^confirm-deadline-ms=[1-9]' "$D/devices/SEA-MX03-01/state" ||
		fail "unrestored: CE1's own rollback is not armed"
	echo "ok unrestored is said"
fi

if up backup-ready; then
	before=$(history)
	"$EG" drill -c "$D/intent.xml" > "$TMP/out" 2> "$TMP/err"; st=$?
	[ "$st" -eq 1 ] || fail "backup-ready: exit $st, expected 1"
	grep -q "refused: the network is not compliant" "$TMP/out" || fail "backup-ready: not refused"
	grep -q "^  backup-ready (fail)" "$TMP/out" || fail "backup-ready: the failing check is not named"
	[ "$(history)" = "$before" ] || fail "backup-ready: the lab's commit history changed"
	grep -q "locked\|committed" "$TMP/out" && fail "backup-ready: a CE was touched"
	"$EG" drill -c "$D/intent.xml" --format junit > "$TMP/junit.xml" 2> /dev/null
	grep -q '<testsuite name="erguard.drill.Cust11" tests="6" failures="1">' "$TMP/junit.xml" &&
		grep -A1 'name="pre-flight check"' "$TMP/junit.xml" | grep -q '<failure message=' ||
		fail "backup-ready: the JUnit suite does not fail the pre-flight"
	echo "ok backup-ready refused"
fi

[ "$NFAIL" -eq 0 ] && echo "all passed"
exit $((NFAIL > 0))
