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
# The path proof: a traceroute to the test host goes through the primary
# MSEE before, through the tunnel during (the secondary MSEE with --links
# primary) and through the primary again after; a firewall that does not
# answer the traceroute, or a test host no path reaches, before the
# trigger stops the drill with nothing committed, and during it fails the
# drill once restored; --no-trace and an intent without test hosts report
# the proof as not done.  The JSON and XML reports validate against
# erguard-report with yanglint.
NEEDS="python3" . "$(dirname "$0")/lib.inc"
command -v yanglint > /dev/null 2>&1 || fail "yanglint is missing (libyang2-tools): the reports cannot be validated"

# validate FILE: the drill report against erguard-report
validate() {
	yanglint -p "$ROOT/yang" -t data "$ROOT/yang/erguard-report.yang" "$1" > "$TMP/lint" 2>&1 ||
		fail "$1 does not validate: $(head -5 "$TMP/lint")"
}

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

# until both CEs hold the drill's trigger commit, polling every $1 s (300 polls at most)
triggered() {
	n=0
	while [ "$(grep -l 'commit-log="erguard drill: trigger"' "$D"/devices/SEA-MX03-0*/rollback.0.xml \
		2>/dev/null | wc -l)" -lt 2 ] && [ $n -lt 300 ]; do
		sleep "$1"
		n=$((n + 1))
	done
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
	validate "$TMP/drill.json"
	python3 - "$TMP/drill.json" <<'EOF' || fail "compliant: the report is not a passed drill of both CEs"
import json, sys
r = json.load(open(sys.argv[1]))["erguard-report:drill"]
bad = []
if r["outcome"] != "passed":
    bad.append("outcome %s" % r["outcome"])
ces = sorted(c["device"] for c in r["ce"])
if ces != ["SEA-MX03-01", "SEA-MX03-02"]:
    bad.append("CEs triggered: %s" % ces)
if len(r["prefix"]) != 2:
    bad.append("%d prefixes watched, want 2" % len(r["prefix"]))
for p in r["prefix"]:
    fo, fb = p["failover"], p["failback"]
    if p["before"] != "primary" or fo["final"] != "vpn" or fb["final"] != "primary":
        bad.append("%s: path %s -> %s -> %s" % (p["destination"], p["before"], fo["final"], fb["final"]))
    elif not 0 <= fo["convergence-ms"] <= 10000 or not 0 <= fb["convergence-ms"] <= 10000:
        bad.append("%s: convergence %s / %s" % (p["destination"], fo["convergence-ms"], fb["convergence-ms"]))
    elif fo["verdict"] != "pass" or fb["verdict"] != "pass":
        bad.append("%s: verdicts %s / %s" % (p["destination"], fo["verdict"], fb["verdict"]))
phases = {ph["name"]: ph for ph in r.get("phase", [])}
if sorted(phases) != ["failback", "failover"] or any(ph["verdict"] != "pass" or ph["bound-ms"] != 10000
                                                     for ph in phases.values()):
    bad.append("phases: %s" % phases)
if float(r["requests-per-s"]) <= 0:
    bad.append("no request rate")
for c in r["ce"]:
    # the watch saw each CE's ExpressRoute session go down after its trigger and come back
    dn, upi = c.get("session-down"), c.get("session-up")
    if dn is None or upi is None or c["session-polls"] < 3:
        bad.append("%s: session down %s, up %s, %s polls" % (c["device"], dn, upi, c.get("session-polls")))
    elif (dn["ms"] + dn["err-ms"] < c["trigger"]["ms"] - c["trigger"]["err-ms"] or
          upi["ms"] + upi["err-ms"] < c["restore"]["ms"] - c["restore"]["err-ms"]):
        bad.append("%s: session seen down at %d, up at %d, before its cause" % (c["device"], dn["ms"], upi["ms"]))
# the path proof: the primary MSEE before and after, the tunnel during, in the lab's hops
proof = r["path-proof"]
traces = {t["phase"]: t for t in proof.get("trace", [])}
if proof["status"] != "done" or sorted(traces) != ["after", "before", "during"]:
    bad.append("path proof: %s" % proof)
else:
    for ph, cls, hops in (("before", "expressroute", ["192.168.11.0", "192.168.11.18", None, "10.17.11.132"]),
                          ("during", "vpn", [None, "10.17.11.132"]),
                          ("after", "expressroute", ["192.168.11.0", "192.168.11.18", None, "10.17.11.132"])):
        t = traces[ph]
        seen = [h.get("address") for h in t.get("hop", [])]
        print("path proof %s: %s via %s, hops %s" % (ph, t["host"], t["classification"], seen))
        if t["host"] != "10.17.11.132" or t["classification"] != cls or t["verdict"] != "pass" or seen != hops:
            bad.append("path proof %s: %s" % (ph, t))
        if ph != "before" and t["at"]["ms"] < 0:
            bad.append("path proof %s: traced at %s, before the trigger" % (ph, t["at"]["ms"]))
    if traces["before"]["at"]["ms"] >= 0 or traces["before"].get("link") != "primary":
        bad.append("path proof before: %s" % traces["before"])
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
	grep -q "^  10.17.11.132    during  secondary   yes  192.168.11.2 192.168.11.22 \* 10.17.11.132$" \
		"$TMP/primary" || fail "primary: the path proof during is not through the secondary MSEE"
	grep -q "^  10.17.11.132    after   primary     yes  192.168.11.0 192.168.11.18 \* 10.17.11.132$" \
		"$TMP/primary" || fail "primary: the path proof after is not through the primary MSEE"
	python3 -c 'import re, sys, xml.etree.ElementTree as ET
t = [e.text for e in ET.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}title")]
p = [re.sub(r" at -?[0-9]+\.\.-?[0-9]+ ms", "", x) for x in t if x.startswith("path proof ")]
assert p == ["path proof before: 10.17.11.132 via primary, hops 192.168.11.0 192.168.11.18 * 10.17.11.132",
             "path proof during: 10.17.11.132 via secondary, hops 192.168.11.2 192.168.11.22 * 10.17.11.132",
             "path proof after: 10.17.11.132 via primary, hops 192.168.11.0 192.168.11.18 * 10.17.11.132"], p
' "$TMP/t.svg" || fail "svg: the path proof traces are not marked"
	# XML: the same report, valid
	"$EG" drill -c "$D/intent.xml" --links secondary --format xml > "$TMP/drill.xml" 2>&1 ||
		fail "xml: drill exit $?"
	validate "$TMP/drill.xml"
	grep -q "<outcome>passed</outcome>" "$TMP/drill.xml" || fail "xml: not passed"
	grep -c "<classification>expressroute</classification>" "$TMP/drill.xml" | grep -qx 3 ||
		fail "xml: --links secondary: the three traces are not all through ExpressRoute"
	# --no-trace: the proof is not done, and never said passed
	"$EG" drill -c "$D/intent.xml" --no-trace --format junit > "$TMP/nt.xml" 2>&1 ||
		fail "no-trace: drill exit $?"
	grep -c '<skipped message="not done: --no-trace"/>' "$TMP/nt.xml" | grep -qx 3 ||
		fail "no-trace: the three path proof cases are not skipped"
	"$EG" drill -c "$D/intent.xml" --no-trace --format json > "$TMP/nt.json" 2>&1
	validate "$TMP/nt.json"
	python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))["erguard-report:drill"]["path-proof"]
assert p == {"status": "skipped"}, p' "$TMP/nt.json" || fail "no-trace: the JSON does not say skipped"
	# an intent without test hosts: not done either
	sed '/<test-hosts>/,/<\/test-hosts>/d' "$D/intent.xml" > "$TMP/nohosts.xml"
	"$EG" drill -c "$TMP/nohosts.xml" > "$TMP/nohosts" 2>&1 || fail "no test hosts: drill exit $?"
	grep -q "^path proof: not done (the intent names no test host)$" "$TMP/nohosts" ||
		fail "no test hosts: the proof is not said not done"
	# JUnit: a case for the pre-flight, the restore and each prefix's two phases, all passing
	"$EG" drill -c "$D/intent.xml" --format junit --max-convergence 1 > "$TMP/junit.xml" 2>&1
	st=$?
	python3 - "$TMP/junit.xml" "$st" <<'PY' || fail "junit: wrong suite"
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
cases = {c.get("name"): c.find("failure") is None for c in s.iter("testcase")}
want = {"pre-flight check", "restore and check", "10.17.11.0/25 failover",
        "10.17.11.0/25 failback", "10.17.11.128/26 failover", "10.17.11.128/26 failback",
        "path proof before", "path proof during", "path proof after"}
assert set(cases) == want, cases
assert all(cases.values()) and sys.argv[2] == "0", (cases, sys.argv[2])
assert s.get("tests") == "9" and s.get("failures") == "0" and s.get("skipped") == "0", s.attrib
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
	triggered 0.1
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
	triggered 0.05
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
	grep -q '<testsuite name="erguard.drill.Cust11" tests="9" failures="1" skipped="3">' "$TMP/junit.xml" &&
		grep -A1 'name="pre-flight check"' "$TMP/junit.xml" | grep -q '<failure message=' ||
		fail "backup-ready: the JUnit suite does not fail the pre-flight"
	"$EG" drill -c "$D/intent.xml" --format xml > "$TMP/refused.xml" 2> /dev/null
	validate "$TMP/refused.xml"
	grep -q "<outcome>refused</outcome>" "$TMP/refused.xml" &&
		grep -q "<preflight-failing>backup-ready (fail)</preflight-failing>" "$TMP/refused.xml" &&
		grep -q "<status>stopped</status>" "$TMP/refused.xml" ||
		fail "backup-ready: the XML report does not say refused, the check, and no path proof"
	echo "ok backup-ready refused"
fi

# The path proof fails: a firewall that does not answer the traceroute
# before the trigger stops the drill with nothing committed; one that stops
# answering after the triggers fails the drill once everything is restored.
if up compliant; then
	before=$(history)
	"$LAB" fault --dir "$D" --device SEA-SRX42-01 rpc-error traceroute "no traceroute" > /dev/null ||
		fail "path: fault not set"
	"$EG" drill -c "$D/intent.xml" > "$TMP/path" 2>&1; st=$?
	[ "$st" -eq 1 ] || fail "path before: exit $st, expected 1"
	grep -q "failed: the path proof took another path" "$TMP/path" &&
		grep -q "traceroute 10.17.11.132 before: no answer from SEA-SRX42-01; nothing committed" "$TMP/path" &&
		grep -q "^  10.17.11.132    before  no answer   NO   -$" "$TMP/path" ||
		{ fail "path before: the unanswered trace is not said"; cat "$TMP/path" >&2; }
	[ "$(history)" = "$before" ] || fail "path before: the lab's commit history changed"
	"$LAB" fault --dir "$D" --device SEA-SRX42-01 clear > /dev/null
	# a test host no path reaches: not reached before, nothing committed
	sed 's|<azure>10.17.11.132</azure>|<azure>10.17.99.1</azure>|' "$D/intent.xml" > "$TMP/far.xml"
	"$EG" drill -c "$TMP/far.xml" > "$TMP/far" 2>&1; st=$?
	[ "$st" -eq 1 ] || fail "path unreached: exit $st, expected 1"
	grep -q "^traceroute 10.17.99.1 before: expected via ExpressRoute, went nowhere (not reached) (hops: none); nothing committed" \
		"$TMP/far" && grep -q "^  10.17.99.1      before  not reached NO   -$" "$TMP/far" ||
		{ fail "path unreached: not said"; cat "$TMP/far" >&2; }
	grep -q "^SEA-MX03-0" "$TMP/far" && fail "path unreached: a CE is listed though untouched"
	[ "$(history)" = "$before" ] || fail "path unreached: the lab's commit history changed"
	"$LAB" fault --dir "$D" --device SEA-SRX42-01 delay 0.3 get-route-information > /dev/null
	"$EG" drill -c "$D/intent.xml" --format json > "$TMP/path.json" 2> "$TMP/path.err" &
	pid=$!
	triggered 0.05
	"$LAB" fault --dir "$D" --device SEA-SRX42-01 rpc-error traceroute "no traceroute" > /dev/null
	wait "$pid"
	st=$?
	[ "$st" -eq 1 ] || fail "path during: exit $st, expected 1"
	validate "$TMP/path.json"
	python3 - "$TMP/path.json" <<'PY' || fail "path during: the report does not fail the proof during"
import json, sys
r = json.load(open(sys.argv[1]))["erguard-report:drill"]
t = {x["phase"]: x for x in r["path-proof"]["trace"]}
assert r["outcome"] == "wrong-path" and not r["passed"], r["outcome"]
assert t["before"]["verdict"] == "pass" and t["before"]["classification"] == "expressroute", t
assert t["during"]["verdict"] == "fail" and t["during"]["classification"] == "unknown", t
assert "during: no answer" in t["during"]["why"], t
assert all(c["restored"] for c in r["ce"]), r["ce"]
assert r["final-check"]["verdict"] == "pass", r["final-check"]
PY
	echo "ok path proof failures"
fi

[ "$NFAIL" -eq 0 ] && echo "all passed"
exit $((NFAIL > 0))
