#!/bin/sh
# wan.sh BUILD - erguard across distance (make bench): the lab's relay
# (lab_relay.h) delays every segment by half the round trip each way.
#
#   (e) for a round trip of 0, 50 and 150 ms, the seed check of 3 devices
#       by erguard (RPCs pipelined), beside the same with the RPCs sent one
#       at a time (ERGUARD_NO_PIPELINE=1), beside the PyEZ script
#       (pyez_check.py, devices in turn).  Beside each, the round trips
#       per device that the relay counted: the runs of client data that
#       each had to wait for the server (the relay's client flights of a
#       connection, less the last one: the close, which waits for
#       nothing).  The TCP handshake adds one more on a real link; the
#       relay cannot show it.
#       Target: at 150 ms, erguard <= (round trips + 1) x RTT + its time
#       at 0 ms.
#   (f) at 150 ms, N devices in one run (--parallel 128) beside the
#       slowest single device of the same lab, for N = 102 (34 reference
#       trios), then fewer when that misses.  Printed beside: the same N
#       at 0 ms (every device given `latency 0`), the lab's own CPU floor
#       on this machine's cores, and erguard's own CPU time for the run
#       (real devices bring their own CPUs; the lab's share these two).
#       Target: N devices <= 1.3x one device.
# Best of 3 runs (2 for (f)).  Exit status: 0 when every target is met.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EG=$ROOT/$BUILD/erguard
LAB=$ROOT/$BUILD/erguard-lab
PY=${EG_LAB_PYTHON:-/usr/bin/python3}
RTTS=${EG_BENCH_RTTS:-"0 50 150"}
TRIOS=${EG_BENCH_WAN_TRIOS:-"34 17 10 5"}
WORK=$(mktemp -d /tmp/eg-bench-wan.XXXXXX)
D=$WORK/lab
cleanup() {
	"$LAB" down --dir "$D" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. "$ROOT/tests/bench/lib.sh"
fail=0
verdict() { if [ "$1" = ok ]; then echo ok; else fail=1; echo "$1"; fi; }

if [ ! -x "$LAB" ]; then
	echo "WAN benchmark skipped: $LAB is not built"
	exit 0
fi
have_pyez=false
"$PY" -c 'import jnpr.junos' 2>/dev/null && have_pyez=true

# mark: where the relay's log ends now.  round_trips MARK: the most round
# trips any connection logged since MARK waited for (client flights - 1).
mark() { wc -l < "$D/relay.log"; }
round_trips() {
	# with no delay the flights of both sides interleave: nothing to count
	[ "$RTT" -gt 0 ] || { echo -; return; }
	# the relay logs a connection once both sides closed: give it time
	sleep "$(awk "BEGIN{print $RTT / 1000 + 0.3}")"
	tail -n +"$(($1 + 1))" "$D/relay.log" |
		sed -n 's/.*: \([0-9]*\) client flights.*/\1/p' | sort -n | tail -1 |
		awk '{print $1 - 1}'
}
secs() { awk "BEGIN{printf \"%.3f\", $1 / 1e9}"; }

echo
echo "Across distance: the lab's relay delays each direction by half the round trip"
printf '(e) %-6s | %-19s | %-19s | %-19s | %s\n' RTT "erguard s (trips)" "one at a time s (trips)" "PyEZ script s (trips)" "target"
e0=""
for RTT in $RTTS; do
	"$LAB" up --dir "$D" --scenario compliant --rtt "$RTT" >/dev/null ||
		{ echo "bench: the lab did not start at $RTT ms" >&2; exit 1; }
	m=$(mark)
	set -- $(best_of "$EG" check -c "$D/intent.xml" --format json)
	ew=$1
	et=$(round_trips "$m")
	m=$(mark)
	set -- $(best_of env ERGUARD_NO_PIPELINE=1 "$EG" check -c "$D/intent.xml" --format json)
	ow=$1
	ot=$(round_trips "$m")
	pw=-; pt=-
	if $have_pyez && [ -f "$ROOT/tests/bench/pyez_check.py" ]; then
		m=$(mark)
		t0=$(date +%s%N)
		"$PY" "$ROOT/tests/bench/pyez_check.py" "$D/intent.xml" > "$WORK/pyez.out" 2> "$WORK/pyez.err"
		pst=$?
		pw=$(secs $(($(date +%s%N) - t0)))
		[ $pst -le 1 ] || { echo "bench: pyez_check.py failed: $(tail -2 "$WORK/pyez.err")" >&2; fail=1; }
		pt=$(round_trips "$m")
	fi
	[ -n "$e0" ] || e0=$ew
	target=-
	if [ "$RTT" -eq 150 ]; then
		limit=$(awk "BEGIN{printf \"%.3f\", ($et + 1) * $RTT / 1000 + $e0}")
		v=ok
		over "$ew" "$limit" 1 && v="SLOW"
		target="<= ($et + 1) x 0.150 + $e0 = $limit s $(verdict "$v")"
	fi
	printf '    %-6s | %8s s (%6s) | %8s s (%6s)     | %8s s (%6s) | %s\n' "$RTT ms" "$ew" "$et" \
		"$ow" "$ot" "$pw" "$pt" "$target"
	"$LAB" down --dir "$D" >/dev/null 2>&1
done
echo "    (round trips per device as the relay counted them; a real link adds one for the TCP handshake)"

# (f) ------------------------------------------------------------ many devices, far away
RTT=150
RUNS=2
met=""
for trios in $TRIOS; do
	"$LAB" up --dir "$D" --scenario compliant --devices "$trios" --rtt "$RTT" >/dev/null ||
		{ echo "bench: the lab of $trios trios did not start" >&2; fail=1; break; }
	n=$(grep -c '<device>' "$D/intent.xml")
	set -- $(best_of "$EG" check -c "$D/intent.xml" --parallel 128 --format json)
	w=$1
	"$TIME" -f "%U %S" -o "$WORK/cpu" "$EG" check -c "$D/intent.xml" --parallel 128 --format json \
		>/dev/null 2>&1
	ecpu=$(tail -n 1 "$WORK/cpu" | awk '{printf "%.2f", $1 + $2}')
	single=0
	for dev in SEA-MX03-01 SEA-SRX42-01; do
		set -- $(best_of "$EG" check -c "$D/intent.xml" --device "$dev" --format json)
		awk "BEGIN{exit !($1 > $single)}" && single=$1
	done
	for dev in $(ls "$D/devices"); do
		"$LAB" fault --dir "$D" --device "$dev" latency 0 >/dev/null
	done
	set -- $(best_of "$EG" check -c "$D/intent.xml" --parallel 128 --format json)
	w0=$1
	"$LAB" down --dir "$D" >/dev/null 2>&1
	v=ok
	over "$w" "$single" 1.3 && v="SLOW (>1.3x)"
	printf '(f) %3s devices at %s ms in one run: erguard %s s | one device %s s | ratio %s %s\n' \
		"$n" "$RTT" "$w" "$single" "$(ratio "$w" "$single")" "$v"
	printf '    (the same %s devices at 0 ms: %s s, the lab'"'"'s sshd and server work on %s cores;\n' \
		"$n" "$w0" "$(nproc)"
	printf '    erguard'"'"'s own CPU for the %s devices: %s s)\n' "$n" "$ecpu"
	if [ "$v" = ok ]; then
		met=$n
		break
	fi
done
if [ -z "$met" ]; then
	verdict "no device count met 1.3x" >/dev/null
	echo "    none of the device counts tried met 1.3x on this machine"
elif [ "$met" -lt 100 ]; then
	echo "    100 devices are too heavy for this machine's $(nproc) cores: the lab's own CPU for"
	echo "    their sessions exceeds the distance it has to hide behind; the largest count"
	echo "    that met 1.3x here is $met"
fi
exit $fail
