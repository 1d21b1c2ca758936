#!/bin/sh
# run.sh BINDIR SECONDS [LIBFUZZER-FLAGS...] - run every libFuzzer harness
# in BINDIR (fuzz-T) for SECONDS each, starting from the committed corpus
# and the seeds (seed.sh), and print the executions and rate per target.
# New inputs go to build/fuzz-work/T (the committed corpus is read only),
# crashes to build/fuzz-work/crashes-T.  Exit 1 when a target crashed.
# FUZZ_TARGETS limits the targets ("reply frame"); FUZZ_NICE (19) is the
# niceness the runs get on a shared machine.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$1
SECS=${2:-60}
shift 2 || shift $#
WORK=$ROOT/build/fuzz-work
SEEDS=$ROOT/build/fuzz-seeds
cd "$ROOT"
[ -d "$SEEDS" ] || sh tests/fuzz/seed.sh "$SEEDS" >/dev/null
targets=${FUZZ_TARGETS:-$(cd "$BIN" && ls fuzz-* | sed 's/^fuzz-//')}
bad=""
for t in $targets; do
	mkdir -p "$WORK/$t" "$WORK/crashes-$t"
	log=$WORK/$t.log
	corpus=""
	[ -d "tests/fuzz/corpus/$t" ] && corpus="tests/fuzz/corpus/$t"
	dict=""
	[ -f "tests/fuzz/dict/$t.dict" ] && dict="-dict=tests/fuzz/dict/$t.dict"
	nice -n "${FUZZ_NICE:-19}" "$BIN/fuzz-$t" -max_total_time="$SECS" -max_len=65536 \
		-timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$WORK/crashes-$t/" $dict "$@" \
		"$WORK/$t" $corpus "$SEEDS/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	echo "fuzz/$t: ${runs:-?} executions in ${SECS} s, ${rate:-?} exec/s, exit $rc (log: $log)"
	if [ "$rc" -ne 0 ]; then
		bad="$bad $t"
		grep -m3 -E "ERROR|invariant broken|Test unit written" "$log" | sed 's/^/     | /'
	fi
done
[ -z "$bad" ] || { echo "crashed:$bad"; exit 1; }
