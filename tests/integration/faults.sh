#!/bin/sh
# faults.sh - erguard live against lab devices that misbehave: each fault
# gives its exit status, a message naming the device and the cause, no
# check of that device reported pass, and the other devices still judged.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB=${ERGUARD_LAB:-$ROOT/build/erguard-lab}
EG=${ERGUARD:-$ROOT/build/erguard}
TMP=$(mktemp -d /tmp/eg-faults.XXXXXX)
D=$TMP/lab
DEV=SEA-MX03-02
NFAIL=0
cleanup() { "$LAB" down --dir "$D" >/dev/null 2>&1; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; NFAIL=$((NFAIL + 1)); }

"$LAB" up --dir "$D" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log"; exit 1; }

# case NAME WANT_EXIT MESSAGE_PATTERN [erguard options] -- fault args...
case_() {
	name=$1 want=$2 pat=$3
	shift 3
	opts=""
	while [ "$1" != "--" ]; do opts="$opts $1"; shift; done
	shift
	"$LAB" fault --dir "$D" --device "$DEV" "$@" > /dev/null 2>"$TMP/ferr" ||
		{ fail "$name: cannot set the fault: $(cat "$TMP/ferr")"; return; }
	# shellcheck disable=SC2086
	timeout 60 "$EG" check -c "$D/intent.xml" $opts --format xml > "$TMP/r.xml" 2> "$TMP/err"
	st=$?
	[ "$st" -eq "$want" ] || fail "$name: exit $st, expected $want ($(head -2 "$TMP/err"))"
	grep -q "$DEV:.*$pat" "$TMP/err" || fail "$name: no '$DEV:...$pat' in: $(head -3 "$TMP/err")"
	tr -d '\n' < "$TMP/r.xml" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1 \2 \3#p' > "$TMP/v"
	if [ -n "${ONLY:-}" ]; then
		grep -q "^$ONLY $DEV unknown$" "$TMP/v" || fail "$name: $ONLY of $DEV is not unknown"
	elif grep "$DEV" "$TMP/v" | grep -q " pass$"; then
		fail "$name: a check of $DEV passed without its data: $(grep "$DEV" "$TMP/v" | grep ' pass$' | head -2)"
	fi
	grep -q "^lp-config SEA-MX03-01 pass$" "$TMP/v" || fail "$name: the healthy CE1 was not judged"
	"$LAB" fault --dir "$D" --device "$DEV" clear > /dev/null 2>&1
	echo "ok $name"
}

case_ drop-mid-reply 4 "" -- drop-after 300
case_ delay-past-timeout 4 "tim" --timeout 2 -- delay 5
ONLY=bgp-sessions
case_ rpc-error 5 "rpc-error: the lab was told to fail" -- rpc-error get-bgp-summary-information the lab was told to fail
ONLY=
case_ malformed-xml 5 "malformed" -- malformed
case_ truncated-xml 5 "malformed" -- truncate
case_ auth-refused 4 "auth" -- auth-refuse
case_ hostkey-changed 4 "host key" -- hostkey

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
