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
# "active" line for that prefix) for the same move.  The detection error
# is measured minus true: positive when erguard saw it late.  Printed per
# kind of instant: median and maximum of the error, and beside them the
# median of the drills' poll round trip, which is the error a poll can
# not go below (an answer only shows what was true when the device
# read its table) and half the spacing of the polls.
# Exit status: 1 when a drill did not pass or an instant had no truth.
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
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	"$EG" drill -c "$D/intent.xml" --trigger "$TRIGGER" --no-trace --format json \
		< /dev/null > "$WORK/drill.$i.json" 2> "$WORK/drill.$i.err"
	st=$?
	if [ $st -ne 0 ]; then
		echo "bench drill: drill $i exit $st: $(head -3 "$WORK/drill.$i.err")" >&2
		fail=1
		break
	fi
done
n=$(ls "$WORK"/drill.*.json 2>/dev/null | wc -l)
[ "$fail" -eq 0 ] || n=$((n - 1))
"$PY" - "$D/world/events.log" "$WORK" "$n" "$TRIGGER" <<'PYEOF' || fail=1
import json, statistics, sys
log, work, n, trigger = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
FW = "SEA-SRX42-01"
# the firewall's true active-path changes: prefix -> [(ms, via-vpn)]
# and each CE's session to its MSEE: (device, peer) -> [(ms, up)]
truth, sess = {}, {}
for line in open(log):
    f = line.split()
    if len(f) >= 6 and f[3] == FW and f[4] == "active":
        new = line.split(" active ", 1)[1].split(" (was ", 1)[0]
        truth.setdefault(f[5], []).append((int(f[0]), " via st0." in new))
    elif len(f) >= 6 and f[4] in ("bgp-down", "bgp-up"):
        sess.setdefault((f[3], f[5]), []).append((int(f[0]), f[4] == "bgp-up"))

def sess_at(dev, peer, after, up):
    for ms, u in sess.get((dev, peer), []):
        if ms >= after - 5 and u == up:
            return ms
    return None

def true_at(prefix, after, to_vpn):
    """first true move of prefix after `after` (ms) onto the VPN or off it"""
    for ms, vpn in truth.get(prefix, []):
        if ms >= after - 5 and vpn == to_vpn:
            return ms
    return None

err = {"CE session down": [], "failover left": [], "failover arrived": [],
       "CE session up": [], "failback left": [], "failback arrived": []}
rtt, missing = [], 0
for i in range(1, n + 1):
    r = json.load(open("%s/drill.%d.json" % (work, i)))["erguard-report:drill"]
    rtt.append(float(r["rtt-ms"]))
    ces = r["ce"]
    # a move cannot precede its cause: the first trigger and restore commits sent
    trig = min(int(c["trigger"]["wall-ms"]) - c["trigger"]["err-ms"] for c in ces) - 1
    rest = min(int(c["restore"]["wall-ms"]) - c["restore"]["err-ms"] for c in ces) - 1
    for c in ces:
        for kind, key, at, up in (("CE session down", "session-down", trig, False),
                                  ("CE session up", "session-up", rest, True)):
            inst = c.get(key)
            t = sess_at(c["device"], c["peer"], at, up)
            if inst is None or t is None:
                missing += 1
                continue
            err[kind].append(int(inst["wall-ms"]) - t)
    for p in r["prefix"]:
        for phase, at, vpn in (("failover", trig, True), ("failback", rest, False)):
            t = true_at(p["destination"], at, vpn)
            for kind in ("left", "arrived"):
                inst = p[phase].get(kind)
                if inst is None or t is None:
                    missing += 1
                    continue
                err["%s %s" % (phase, kind)].append(int(inst["wall-ms"]) - t)
print("drill --trigger %s, %d drills on the lab, detection error = measured - true, ms:" % (trigger, n))
print("  %-18s %8s %8s %8s %6s" % ("instant", "median", "max", "max|e|", "n"))
for k, v in err.items():
    if v:
        print("  %-18s %8.1f %8d %8d %6d" % (k, statistics.median(v), max(v), max(abs(x) for x in v), len(v)))
    else:
        print("  %-18s %8s %8s %8s %6d" % (k, "-", "-", "-", 0))
if rtt:
    print("  %-18s %8.1f %8.1f   (the poll's own error bar, beside it)" %
          ("poll round trip", statistics.median(rtt), max(rtt)))
if missing:
    print("bench drill: %d instants without a measurement or a lab truth" % missing, file=sys.stderr)
sys.exit(1 if missing or n == 0 else 0)
PYEOF
exit $fail
