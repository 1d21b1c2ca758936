#!/bin/sh
# diff.sh - erguard diff OLD NEW: what changed over a change window, and
# exit 1 only when the intent got worse.
. "$(dirname "$0")/lib.inc"
S=$EG_ROOT/tests/snapshots
C=$S/compliant

# A snapshot against itself: nothing changed.
expect_status 0 "$ERGUARD" diff "$C" "$C"
grep -qx "no change" "$TMP/out" || fail "compliant vs compliant: $(cat "$TMP/out")"

# A copy differing only in counters, ages, uptimes and commit times: no change.
cp -R "$C" "$TMP/later"
find "$TMP/later" -name '*.xml' | while read -r f; do
	sed -e 's/junos:seconds="[0-9]*"/junos:seconds="999999"/g' \
	    -e 's/<elapsed-time\([^>]*\)>[^<]*</<elapsed-time\1>11w4d 01:02:03</g' \
	    -e 's/<flap-count>[0-9]*</<flap-count>7</g' \
	    -e 's/<\(input\|output\)-messages>[0-9]*</<\1-messages>123456</g' \
	    -e 's/<\(received\|accepted\|active\|suppressed\)-prefix-count>[0-9]*</<\1-prefix-count>9</g' \
	    -e 's/<age\([^>]*\)>[^<]*</<age\1>5w0d 00:00:01</g' \
	    -e 's/junos:commit-seconds="[0-9]*"/junos:commit-seconds="1800000000"/' \
	    -e 's/junos:commit-localtime="[^"]*"/junos:commit-localtime="2027-01-15 08:00:00 UTC"/' \
	    -e 's/junos:commit-user="[^"]*"/junos:commit-user="someone-else"/' \
	    "$f" > "$f.new" && mv "$f.new" "$f"
done
diff -r "$C" "$TMP/later" > /dev/null && fail "the counter copy equals the original: nothing tested"
expect_status 0 "$ERGUARD" diff "$C" "$TMP/later"
grep -qx "no change" "$TMP/out" || fail "counters and timestamps counted as changes: $(cat "$TMP/out")"

# er-adv-symmetry: one CE prepends.  The check went from pass to fail
# (worse, exit 1) and the AS path of that advertisement changed.
expect_status 1 "$ERGUARD" diff "$C" "$S/er-adv-symmetry"
grep -q "^WORSE  check  *Check er-adv-symmetry (Cust11, SEA-MX03-01+SEA-MX03-02) is fail, was pass" "$TMP/out" ||
	fail "er-adv-symmetry: no worse check change: $(cat "$TMP/out")"
grep -q "^CHANGE attribute  *SEA-MX03-02 peer 192.168.11.22 10.1.11.0/25: AS path \[65020\] 65020 65020 I, was \[65020\] I" "$TMP/out" ||
	fail "er-adv-symmetry: no AS path change: $(cat "$TMP/out")"
[ "$(grep -c '^WORSE\|^CHANGE' "$TMP/out")" -eq 2 ] || fail "er-adv-symmetry: more than the two changes: $(cat "$TMP/out")"
# ... and back: the repair is a change, nothing worse
expect_status 0 "$ERGUARD" diff "$S/er-adv-symmetry" "$C"
grep -q "^CHANGE check  *Check er-adv-symmetry .* is pass, was fail" "$TMP/out" || fail "repair: $(cat "$TMP/out")"
grep -q "^WORSE" "$TMP/out" && fail "a repair reported worse: $(cat "$TMP/out")"

# The firewall's active path to the Azure prefixes leaves ExpressRoute: worse.
expect_status 1 "$ERGUARD" diff "$C" "$S/active-path"
grep -q "^WORSE  active-path SEA-SRX42-01's active path to Azure prefix 10.17.11.0/25 is BGP from 10.17.11.76, .*was BGP from 192.168.11.0, AS path 12076 I (ExpressRoute)" "$TMP/out" ||
	fail "active-path: $(cat "$TMP/out")"
grep -q "^CHANGE attribute  *SEA-SRX42-01 10.17.11.0/25 via 10.17.11.76: local-preference 200, was 100" "$TMP/out" ||
	fail "active-path: local-preference change missing: $(cat "$TMP/out")"

# A BGP session goes down: worse; the routes it carried are gone.
expect_status 1 "$ERGUARD" diff "$C" "$S/bgp-sessions"
grep -q "^WORSE  bgp  *SEA-SRX42-01: the BGP session to 10.17.11.77 is Active, was Established" "$TMP/out" ||
	fail "bgp-sessions: $(cat "$TMP/out")"
grep -q "^CHANGE received  *SEA-SRX42-01 no longer receives 10.17.11.0/25 from 10.17.11.77" "$TMP/out" ||
	fail "bgp-sessions: removed prefix missing: $(cat "$TMP/out")"
grep -q "^CHANGE advertised  *SEA-SRX42-01 no longer advertises 10.1.11.0/25 to 10.17.11.77" "$TMP/out" ||
	fail "bgp-sessions: withdrawn advertisement missing: $(cat "$TMP/out")"
# ... and up again: the prefixes come back, nothing worse
expect_status 0 "$ERGUARD" diff "$S/bgp-sessions" "$C"
grep -q "^CHANGE received  *SEA-SRX42-01 now receives 10.17.11.0/25 from 10.17.11.77" "$TMP/out" ||
	fail "bgp-sessions reversed: $(cat "$TMP/out")"

# A BFD session goes down: worse.
cp -R "$C" "$TMP/bfd"
sed 's/<session-state>Up</<session-state>Down</' "$C/SEA-MX03-02/show_bfd_session.xml" \
	> "$TMP/bfd/SEA-MX03-02/show_bfd_session.xml"
expect_status 1 "$ERGUARD" diff "$C" "$TMP/bfd"
grep -q "^WORSE  bfd  *SEA-MX03-02: the BFD session to 192.168.11.22 is Down, was Up" "$TMP/out" ||
	fail "bfd down: $(cat "$TMP/out")"

# A reply missing after the window: the checks that read it are unknown.
cp -R "$C" "$TMP/gone"
rm "$TMP/gone/SEA-MX03-01/show_bgp_summary_instance_Cust11.xml"
expect_status 1 "$ERGUARD" diff "$C" "$TMP/gone"
grep -q "^WORSE  reply  *SEA-MX03-01: the reply to \"show bgp summary instance Cust11\" could be read before and cannot now" "$TMP/out" ||
	fail "missing reply: $(cat "$TMP/out")"
grep -q "^WORSE  check  *Check bgp-sessions (Cust11, SEA-MX03-01) is unknown, was pass" "$TMP/out" ||
	fail "missing reply: check not unknown: $(cat "$TMP/out")"

# Colour only when asked (or on a terminal): worse lines in red.
ESC=$(printf '\033')
"$ERGUARD" diff --color always "$C" "$S/er-adv-symmetry" > "$TMP/col"
grep -q "^$ESC\[31mWORSE" "$TMP/col" || fail "--color always: no red WORSE"
grep -q "^CHANGE" "$TMP/col" || fail "--color always coloured a plain change"
"$ERGUARD" diff "$C" "$S/er-adv-symmetry" > "$TMP/nocol"
grep -q "$ESC" "$TMP/nocol" && fail "colour written to a file"

# --check narrows the diff to those checks and their queries.
expect_status 0 "$ERGUARD" diff --check lp-config "$C" "$S/er-adv-symmetry"
grep -qx "no change" "$TMP/out" || fail "--check lp-config saw the advertisements: $(cat "$TMP/out")"

# JSON: the same changes as data.
expect_status 1 "$ERGUARD" diff --format json "$C" "$S/er-adv-symmetry"
/usr/bin/python3 - "$TMP/out" <<'PY' || fail "diff json: $(cat "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["changes"] == 2 and d["worse"] == 1, d
kinds = sorted((i["kind"], i["worse"]) for i in d["items"])
assert kinds == [("attribute", False), ("check", True)], kinds
a = [i for i in d["items"] if i["kind"] == "attribute"][0]
assert (a["device"], a["attribute"], a["before"], a["after"]) == \
    ("SEA-MX03-02", "as-path", "[65020] I", "[65020] 65020 65020 I"), a
PY

# Usage errors: one line, status 2.
usage_error() {	# usage_error MESSAGE ARGS...
	msg=$1; shift
	expect_status 2 "$ERGUARD" "$@" || return
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || fail "$*: $(wc -l < "$TMP/err") lines on stderr"
	[ -s "$TMP/out" ] && fail "$*: wrote to stdout on a usage error"
	grep -q -- "^erguard: .*$msg" "$TMP/err" || fail "$*: '$(cat "$TMP/err")' does not say '$msg'"
}
usage_error "diff needs OLD and NEW" diff "$C"
usage_error "diff needs OLD and NEW" diff
usage_error "diff: unexpected argument: $C" diff "$C" --live "$C"
usage_error "diff: unexpected argument: x" diff "$C" "$C" x
usage_error "OLD is a snapshot directory, not -" diff - "$C"
usage_error "unknown --format xml (text, json, junit)" diff --format xml "$C" "$C"
usage_error "diff: --from is not an option of diff" diff --from "$C" "$C" "$C"
usage_error "not a snapshot directory" diff "$C" "$EG_ROOT/agent"
finish
