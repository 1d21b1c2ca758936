#!/bin/sh
# drill.sh BUILD - how far `erguard drill`'s instants are from the truth
# (make bench).
#
# On the compliant lab, EG_BENCH_DRILLS drills (20 by default) run one
# after another with EG_BENCH_DRILL_TRIGGER (blackhole by default: the
# committed silent circuit failure, so the CE finds it by BFD, 300 ms x 3,
# and the time to detect is part of what is measured).  For every prefix
# of every drill, each instant erguard reports (the firewall's active path
# left ExpressRoute, arrived on the VPN, and the same on the way back, as
# wall-clock ms) is compared with the instant the lab's routing world
# wrote in its ground-truth log (DIR/world/events.log: the firewall's
# "active" line for that prefix, a CE's bgp-down and bgp-up) for the
# same move, by tests/integration/drill_truth.py, which the drill tests
# use too.  The detection error
# is measured minus true: positive when erguard saw it late.  Printed per
# kind of instant: median and maximum of the error, and beside them the
# median of the drills' poll round trip, which is the error a poll can
# not go below (an answer only shows what was true when the device
# read its table) and half the spacing of the polls.
# Exit status: 1 when a drill did not pass, or an instant had no truth or
# was off by more than drill_truth.py's 200 ms.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EG=$ROOT/$BUILD/erguard
LAB=$ROOT/$BUILD/erguard-lab
PY=${EG_LAB_PYTHON:-/usr/bin/python3}
RUNS=${EG_BENCH_DRILLS:-20}
TRIGGER=${EG_BENCH_DRILL_TRIGGER:-blackhole}
WORK=$(mktemp -d /tmp/eg-bench-drill.XXXXXX)
D=$WORK/lab
trap '"$LAB" down --dir "$D" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM

# time-scale 0.2: the sessions re-establish in 1 s instead of 5 s after the
# restore; BFD's detection time is not scaled
"$LAB" up --dir "$D" --scenario compliant --time-scale 0.2 > "$WORK/up.log" 2>&1 ||
	{ echo "bench drill: the lab did not start: $(tail -3 "$WORK/up.log")" >&2; exit 1; }
fail=0
i=0
: > "$WORK/errors"
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	"$EG" drill -c "$D/intent.xml" --trigger "$TRIGGER" --no-trace --format json \
		< /dev/null > "$WORK/drill.json" 2> "$WORK/drill.err"
	st=$?
	if [ $st -ne 0 ]; then
		echo "bench drill: drill $i exit $st: $(head -3 "$WORK/drill.err")" >&2
		fail=1
		break
	fi
	# the lab's ground truth against this drill's instants, one error a line
	"$PY" "$ROOT/tests/integration/drill_truth.py" "$WORK/drill.json" "$D" SEA-SRX42-01 \
		192.168.11.0=primary 192.168.11.2=secondary --errors "$WORK/errors" > "$WORK/truth" 2>&1 ||
		{ echo "bench drill: drill $i: $(grep drill_truth: "$WORK/truth" | head -3)" >&2; fail=1; }
	"$PY" -c 'import json, sys
print(json.load(open(sys.argv[1]))["erguard-report:drill"]["rtt-ms"])' "$WORK/drill.json" >> "$WORK/rtt"
done
n=$(wc -l < "$WORK/rtt" 2>/dev/null || echo 0)
"$PY" - "$WORK/errors" "$WORK/rtt" "$n" "$TRIGGER" <<'PYEOF' || fail=1
import statistics, sys
errors, rtts, n, trigger = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
kinds = ["CE-session-down", "failover-left", "failover-arrived",
         "CE-session-up", "failback-left", "failback-arrived"]
err = {k: [] for k in kinds}
for line in open(errors):
    k, v = line.split()
    err.setdefault(k, []).append(int(v))
rtt = [float(x) for x in open(rtts)]
print("drill --trigger %s, %d drills on the lab, detection error = measured - true, ms:" % (trigger, n))
print("  %-18s %8s %8s %8s %6s" % ("instant", "median", "max", "max|e|", "n"))
for k in kinds:
    v = err[k]
    if v:
        print("  %-18s %8.1f %8d %8d %6d" % (k.replace("-", " "), statistics.median(v), max(v),
                                             max(abs(x) for x in v), len(v)))
    else:
        print("  %-18s %8s %8s %8s %6d" % (k.replace("-", " "), "-", "-", "-", 0))
if rtt:
    print("  %-18s %8.1f %8.1f   (the poll's own error bar, beside it)" %
          ("poll round trip", statistics.median(rtt), max(rtt)))
# every drill gives each kind once per CE or prefix: a missing one is a failure
sys.exit(0 if n > 0 and all(len(err[k]) == 2 * n for k in kinds) else 1)
PYEOF
exit $fail
