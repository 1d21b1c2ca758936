#!/bin/sh
# run.sh BUILD - erguard's benchmark (make bench).
#
# For route tables of 1k, 10k, 100k and 1M routes in the Junos shape, the
# firewall's "show route table" reply of the reference snapshot is
# replaced by a generated one, and erguard's whole offline check (parse
# and every check) is timed beside `xmllint --stream --noout` on the same
# file, in the same run, the two taking turns.  Wall time is the best of
# five turns (fifteen up to 10k routes); peak RSS is GNU time's maximum
# resident set size.
# Targets: wall <= 1.0x xmllint --stream from 100k routes up (<= 1.3x
# below, where erguard's start-up weighs more than the reply); peak RSS
# <= 32 MB at 100k routes.
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ERGUARD=$ROOT/$BUILD/erguard
SIZES=${EG_BENCH_SIZES:-"1000 10000 100000 1000000"}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
. "$ROOT/tests/bench/lib.sh"

printf '%-9s %10s | %10s %9s | %10s %9s | %6s %s\n' routes reply-MB erguard-s RSS-MB xmllint-s RSS-MB ratio verdict
fail=0
for n in $SIZES; do
	snap=$WORK/snap-$n
	cp -r "$ROOT/tests/snapshots/compliant" "$snap"
	f=$snap/SEA-SRX42-01/show_route_table_Cust11.inet.0.xml
	awk -v n="$n" -f "$ROOT/tests/bench/genroutes.awk" > "$f"
	mb=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$f")/1048576}")
	# small sizes take milliseconds: more turns for the same confidence
	runs=5
	[ "$n" -le 10000 ] && runs=15
	set -- $(RUNS=$runs best_pair "\"\$ERGUARD\" check --from \"\$snap\" --format json" \
		"xmllint --stream --noout \"\$f\"")
	ew=$1; er=$2; xw=$3; xr=$4
	ratio=$(ratio "$ew" "$xw")
	limit=1.3
	[ "$n" -ge 100000 ] && limit=1.0
	verdict=ok
	if over "$ew" "$xw" $limit; then verdict="SLOW (>${limit}x)"; fail=1; fi
	if [ "$n" -eq 100000 ] && [ "$er" -gt 32768 ]; then verdict="$verdict RSS>32MB"; fail=1; fi
	printf '%-9s %10s | %10s %9s | %10s %9s | %6s %s\n' "$n" "$mb" "$ew" "$(mb "$er")" \
		"$xw" "$(mb "$xr")" "$ratio" "$verdict"
	rm -rf "$snap"
done
if [ -f "$ROOT/tests/bench/live.sh" ]; then sh "$ROOT/tests/bench/live.sh" "$BUILD" || fail=1; fi
if [ -f "$ROOT/tests/bench/wan.sh" ]; then sh "$ROOT/tests/bench/wan.sh" "$BUILD" || fail=1; fi
if [ -f "$ROOT/tests/bench/fix.sh" ]; then sh "$ROOT/tests/bench/fix.sh" "$BUILD" || fail=1; fi
if [ -f "$ROOT/tests/bench/drill.sh" ]; then sh "$ROOT/tests/bench/drill.sh" "$BUILD" || fail=1; fi
exit $fail
