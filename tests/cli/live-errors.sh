#!/bin/sh
# live-errors.sh - a live run against devices that cannot be reached:
# exit 4, every device named with the cause, no check reported pass;
# an unreadable intent exits 3; the other devices are still tried.
. "$(dirname "$0")/lib.inc"

"$ERGUARD" intent show > "$TMP/default.xml" || fail "intent show"
# Every device on a closed loopback port.
sed -e 's#<host>[^<]*</host>#<host>127.0.0.1</host>#' -e 's#<port>830</port>#<port>9</port>#' \
	"$TMP/default.xml" > "$TMP/refused.xml"
"$ERGUARD" check -c "$TMP/refused.xml" --format xml > "$TMP/r.xml" 2> "$TMP/r.err"
st=$?
[ "$st" -eq 4 ] || fail "refused: exit $st, expected 4"
for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
	grep -q "$d: cannot connect to 127.0.0.1 port 9" "$TMP/r.err" || fail "refused: $d not named with the cause"
done
n=$(xmllint --xpath "count(//*[local-name()='result'][*[local-name()='status']='pass'])" "$TMP/r.xml")
[ "$n" = "0" ] || fail "refused: $n checks passed without data"

# Only one device unreachable: the others are still read (and fail to
# authenticate or connect on their own), each named separately.
"$ERGUARD" check -c "$TMP/refused.xml" --device SEA-MX03-01 --format json > "$TMP/one.json" 2>"$TMP/one.err"
st=$?
[ "$st" -eq 4 ] || fail "one device: exit $st, expected 4"
grep -q "SEA-MX03-02" "$TMP/one.err" && fail "one device: a filtered device was contacted"

# snapshot from unreachable devices: exit 4, each device's cause said once.
"$ERGUARD" snapshot -c "$TMP/refused.xml" -o "$TMP/snap" > "$TMP/s.out" 2> "$TMP/s.err"
st=$?
[ "$st" -eq 4 ] || fail "snapshot refused: exit $st, expected 4"
grep -q "^saved 0 of 15 replies in $TMP/snap" "$TMP/s.out" || fail "snapshot refused: '$(cat "$TMP/s.out")'"
for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
	n=$(grep -c "$d: cannot connect to 127.0.0.1 port 9" "$TMP/s.err")
	[ "$n" -eq 1 ] || fail "snapshot refused: $d named $n times, expected once"
done

# A malformed intent is exit 3 with the file and line.
printf '<intent xmlns="urn:erguard:intent">\n  <device><name>X</name><role>router</role></device>\n</intent>\n' > "$TMP/bad.xml"
expect_status 3 "$ERGUARD" check -c "$TMP/bad.xml"
grep -q "bad.xml:2" "$TMP/err" || fail "bad intent: no file:line in '$(cat "$TMP/err")'"
finish
