#!/bin/sh
# pyez-agree.sh [SCENARIO...] - the PyEZ baseline of the benchmark
# (pyez_check.py) judges the Junos lab as erguard does.
#
# For every lab scenario (tests/lab/scenarios/*.xml, or those named; the
# dual-stack ones aside, the baseline judging IPv4 only), the
# lab is brought up in a temporary directory, erguard checks it live
# (--format xml) and pyez_check.py checks it through PyEZ; the two sets
# of "check scope status" lines must be equal, azure-learned and
# azure-advertised aside (they need Azure exports).  Differences are
# printed; the exit status is non-zero on any.  Skipped (exit 0) when
# the lab or Debian's PyEZ (python3-junos-eznc) is missing.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB=${ERGUARD_LAB:-$ROOT/build/erguard-lab}
EG=${ERGUARD:-$ROOT/build/erguard}
PY=/usr/bin/python3

[ -x "$LAB" ] || { echo "skipped: $LAB is not built"; exit 0; }
[ -x "$EG" ] || { echo "skipped: $EG is not built"; exit 0; }
if ! { [ -x "$PY" ] && "$PY" -c 'import jnpr.junos' 2>/dev/null; }; then
	echo "skipped: $PY with jnpr.junos (python3-junos-eznc) is missing"
	exit 0
fi

TMP=$(mktemp -d /tmp/eg-pyez.XXXXXX)
D=$TMP/lab
NFAIL=0
cleanup() { "$LAB" down --dir "$D" >/dev/null 2>&1; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; NFAIL=$((NFAIL + 1)); }

# verdicts REPORT.xml: "check scope status" lines of erguard's report, sorted
verdicts() {
	tr -d '\n' < "$1" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1 \2 \3#p' | sort
}

# comparable FILE: the lines both sides judge, sorted
comparable() {
	grep -v -e '^azure-learned ' -e '^azure-advertised ' "$1" | LC_ALL=C sort
}

if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(for f in "$ROOT"/tests/lab/scenarios/*.xml; do basename "$f" .xml; done)
fi
for name in $names; do
	# the PyEZ baseline judges IPv4 only: a dual-stack lab is scenarios.sh's
	if grep -q 'option name="dual-stack"' "$ROOT/tests/lab/scenarios/$name.xml" 2>/dev/null; then
		echo "skipped $name: dual-stack, pyez_check.py judges IPv4 only"
		continue
	fi
	rm -rf "$D"
	if ! "$LAB" up --dir "$D" --scenario "$name" > "$TMP/up.log" 2>&1; then
		fail "$name: lab did not start: $(tail -3 "$TMP/up.log")"
		continue
	fi
	"$EG" check -c "$D/intent.xml" --format xml > "$TMP/r.xml" 2> "$TMP/eg.err"
	egst=$?
	verdicts "$TMP/r.xml" > "$TMP/eg.all"
	comparable "$TMP/eg.all" > "$TMP/eg"
	timeout 300 "$PY" "$ROOT/tests/bench/pyez_check.py" "$D/intent.xml" > "$TMP/pyez.all" 2> "$TMP/pyez.err"
	pyst=$?
	comparable "$TMP/pyez.all" > "$TMP/pyez"
	"$LAB" down --dir "$D" > /dev/null 2>&1
	if [ ! -s "$TMP/eg" ]; then
		fail "$name: erguard gave no results (exit $egst): $(head -3 "$TMP/eg.err")"
		continue
	fi
	if [ "$pyst" -gt 1 ] || [ ! -s "$TMP/pyez" ]; then
		fail "$name: pyez_check.py exited $pyst: $(tail -3 "$TMP/pyez.err")"
		continue
	fi
	if ! cmp -s "$TMP/eg" "$TMP/pyez"; then
		fail "$name: verdicts differ (< erguard, > pyez_check.py)"
		diff "$TMP/eg" "$TMP/pyez" | grep '^[<>]' | sed 's/^/    /' >&2
		continue
	fi
	[ "$egst" -eq "$pyst" ] || { fail "$name: exit status erguard $egst, pyez_check.py $pyst"; continue; }
	echo "ok $name ($(wc -l < "$TMP/eg") results agree, $(grep -c -e ' fail$' -e ' unknown$' "$TMP/eg") fail or unknown)"
done
[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all agree"
