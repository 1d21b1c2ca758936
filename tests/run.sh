#!/bin/sh
# run.sh BUILD - run the whole test suite against the binaries in BUILD:
# every cmocka unit binary, every shell test under tests/cli, the YANG and
# man-page lints, the Junos script cases and the lab tests.  Prints one
# line per test and a final "N passed, N failed".
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export ERGUARD="$ROOT/$BUILD/erguard" ERGUARD_LAB="$ROOT/$BUILD/erguard-lab" \
	EG_ROOT="$ROOT" EG_BUILD="$ROOT/$BUILD"
pass=0; fail=0; failed=""
LOGDIR="$ROOT/$BUILD/test-logs"
mkdir -p "$LOGDIR"
rm -f "$LOGDIR/hostile-matrix.txt"

run() {	# run NAME CMD...
	name=$1; shift
	log="$LOGDIR/$(echo "$name" | tr '/ ' '__').log"
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); failed="$failed $name"; echo "FAIL $name (log: $log)"
		tail -n 30 "$log" | sed 's/^/     | /'
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done
# the fuzz harnesses over their committed corpus and past crashes
for t in "$BUILD"/fuzz/replay-*; do
	[ -x "$t" ] || continue
	n=${t##*/replay-}
	inputs=""
	for d in tests/fuzz/corpus/$n tests/fuzz/crashes/$n; do
		[ -d "$d" ] && inputs="$inputs $d"
	done
	run "fuzz/replay-$n" "$t" $inputs
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	run "cli/$(basename "$t" .sh)" sh "$t"
done
run "yang/lint" sh tests/yang-lint.sh
run "man/lint" sh -c 'for m in agent/*.[1-8]; do [ -f "$m" ] || continue; mandoc -Tlint -Wwarning "$m" || exit 1; done'
if [ -f junos-scripts/run-tests.sh ]; then
	run "junos-scripts" sh junos-scripts/run-tests.sh
fi
if [ -z "${EG_SANITIZED:-}" ] || [ -n "${EG_LAB_UNDER_ASAN:-}" ]; then
	for t in tests/lab/tests/*.sh tests/integration/*.sh; do
		[ -f "$t" ] || continue
		if [ ! -x "$ERGUARD_LAB" ]; then
			echo "skip $t: $ERGUARD_LAB was not built"
			continue
		fi
		run "$(basename "$(dirname "$t")")/$(basename "$t" .sh)" sh "$t"
		# the hostile-device test's matrix, shown with the results
		case $t in */hostile-device.sh)
			[ -f "$LOGDIR/hostile-matrix.txt" ] && sed 's/^/     /' "$LOGDIR/hostile-matrix.txt" ;;
		esac
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
