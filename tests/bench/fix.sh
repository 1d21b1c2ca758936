#!/bin/sh
# fix.sh BUILD - how long `erguard fix --apply` takes to repair the lab's
# lp-config scenario (make bench), and where the time goes.
#
# Each turn breaks SEA-MX03-02's local-preference (erguard-lab break),
# runs `erguard fix --apply --format json`, and takes the phase times
# erguard reports for the device (phase-us: session open, lock, load,
# compare, commit check, commit confirmed, settle, re-check, confirm,
# unlock) and the command's wall time; then breaks it again and commits
# the same set line with a plain NETCONF session (tests/bench/nc_commit.py
# over `ssh -s`: lock, load, commit check, commit) for the lab's own
# times, in the same run.  Figures are the median of EG_BENCH_FIX_RUNS
# turns (7 by default), in milliseconds.  "to confirmed" is from the
# start of the session open to the end of the confirming commit.
# Exit status: 1 when a turn did not end committed and confirmed.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EG=$ROOT/$BUILD/erguard
LAB=$ROOT/$BUILD/erguard-lab
PY=${EG_LAB_PYTHON:-/usr/bin/python3}
RUNS=${EG_BENCH_FIX_RUNS:-7}
DEV=SEA-MX03-02
LINE="set routing-instances Cust11 protocols bgp group ibgp local-preference 150"
WORK=$(mktemp -d /tmp/eg-bench-fix.XXXXXX)
D=$WORK/lab
trap '"$LAB" down --dir "$D" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM

"$LAB" up --dir "$D" --scenario compliant > "$WORK/up.log" 2>&1 ||
	{ echo "bench fix: the lab did not start: $(tail -3 "$WORK/up.log")" >&2; exit 1; }
fail=0
i=0
: > "$WORK/eg"
: > "$WORK/plain"
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	"$LAB" break --dir "$D" --device $DEV lp-config > /dev/null 2>&1 ||
		{ echo "bench fix: erguard-lab break failed" >&2; exit 1; }
	t0=$(date +%s%N)
	"$EG" fix -c "$D/intent.xml" --apply --yes --format json < /dev/null > "$WORK/fix.json" 2> "$WORK/fix.err"
	st=$?
	t1=$(date +%s%N)
	# one line per turn: wall_us, then each phase's microseconds (0 when it did not run)
	if ! "$PY" - "$WORK/fix.json" $DEV $(( (t1 - t0) / 1000 )) >> "$WORK/eg" <<'PYEOF'; then
import json, sys
d = [x for x in json.load(open(sys.argv[1]))["devices"] if x["device"] == sys.argv[2]][0]
if d.get("outcome") != "committed and confirmed":
    sys.exit("outcome: %s" % d.get("outcome"))
t = d["phase-us"]
names = ["open", "lock", "load", "compare", "commit-check", "commit-confirmed", "settle",
         "re-check", "confirm", "unlock", "total"]
to_confirmed = t["total"] - t.get("unlock", 0)
print(sys.argv[3], " ".join(str(t.get(n, 0)) for n in names), to_confirmed)
PYEOF
		echo "bench fix: turn $i (exit $st) was not confirmed: $(head -3 "$WORK/fix.err")" >&2
		fail=1
		break
	fi
	"$LAB" break --dir "$D" --device $DEV lp-config > /dev/null 2>&1 ||
		{ echo "bench fix: erguard-lab break failed" >&2; exit 1; }
	"$PY" "$ROOT/tests/bench/nc_commit.py" "$D/ssh_config" $DEV "$LINE" >> "$WORK/plain" ||
		{ echo "bench fix: the plain NETCONF commit failed" >&2; fail=1; break; }
done

# median COLUMN FILE: the median of a column, microseconds, printed as ms
median() {
	cut -d' ' -f"$1" "$2" | sort -n | awk '{v[NR] = $1}
		END {if (NR == 0) {print "-"; exit} m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		     printf "%.1f", m / 1000}'
}
n=$(wc -l < "$WORK/eg")
printf 'fix --apply, lp-config on %s, median of %s turns, ms:\n' $DEV "$n"
printf '  %-17s %8s\n' "command wall" "$(median 1 "$WORK/eg")"
c=2
for p in open lock load compare commit-check commit-confirmed settle re-check confirm unlock total; do
	printf '  %-17s %8s\n' "$p" "$(median $c "$WORK/eg")"
	c=$((c + 1))
done
printf '  %-17s %8s\n' "to confirmed" "$(median $c "$WORK/eg")"
printf "lab's own, plain NETCONF session (ssh -s), median of %s turns, ms:\n" "$(wc -l < "$WORK/plain")"
c=1
for p in "open (ssh+hello)" load commit-check commit; do
	printf '  %-17s %8s\n' "$p" "$(median $c "$WORK/plain")"
	c=$((c + 1))
done
exit $fail
