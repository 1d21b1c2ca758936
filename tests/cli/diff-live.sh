#!/bin/sh
# diff-live.sh - erguard diff OLD --live (and OLD -) against the Junos lab
# over SSH and NETCONF on loopback: a snapshot of the compliant lab against
# the same lab later is no change (uptimes and counters moved on), against
# the lab with one BGP session down is worse.
if [ -n "${EG_SANITIZED:-}" ] && [ -z "${EG_LAB_UNDER_ASAN:-}" ]; then
	echo "skip: the lab does not run under the sanitizers here"
	exit 0
fi
. "$(dirname "$0")/../integration/lib.inc"

"$LAB" up --dir "$D" --scenario compliant > "$TMP/up.log" 2>&1 || {
	fail "lab did not start: $(tail -3 "$TMP/up.log")"; exit 1; }
"$EG" snapshot -c "$D/intent.xml" -o "$TMP/before" > /dev/null 2> "$TMP/err" ||
	fail "snapshot: $(head -3 "$TMP/err")"
sleep 1
"$EG" diff -c "$D/intent.xml" "$TMP/before" --live > "$TMP/out" 2> "$TMP/err"
st=$?
[ "$st" -eq 0 ] || fail "compliant snapshot vs the same lab live: exit $st: $(head -3 "$TMP/err")"
grep -qx "no change" "$TMP/out" || fail "compliant vs itself live: $(cat "$TMP/out")"
"$LAB" down --dir "$D" > /dev/null 2>&1
rm -rf "$D"

"$LAB" up --dir "$D" --scenario bgp-sessions > "$TMP/up.log" 2>&1 || {
	fail "lab did not start: $(tail -3 "$TMP/up.log")"; exit 1; }
"$EG" diff -c "$D/intent.xml" --format json "$TMP/before" - > "$TMP/out" 2> "$TMP/err"
st=$?
[ "$st" -eq 1 ] || fail "compliant vs bgp-sessions live: exit $st, expected 1: $(head -3 "$TMP/err")"
/usr/bin/python3 - "$TMP/out" <<'PY' || fail "bgp-sessions live: $(cat "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["new"] == "live", d["new"]
worse = [(i["kind"], i["before"], i["after"]) for i in d["items"] if i["worse"]]
assert any(k == "bgp" and b == "Established" and a != "Established" for k, b, a in worse), worse
assert any(k == "check" for k, b, a in worse), worse
PY
[ "$NFAIL" -eq 0 ] || exit 1
echo "all passed"
