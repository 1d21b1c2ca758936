#!/bin/sh
# live.sh BUILD - erguard's live benchmark against the Junos lab (make bench).
#
# Everything runs over real SSH and NETCONF to the lab's OpenSSH sshd's on
# 127.0.0.1, each figure beside a baseline measured in the same run:
#   (a) the firewall's check with a recorded 100k-route table (the lab
#       replays genroutes.awk's reply for "show route table"): erguard's
#       wall and peak RSS beside `xmllint --stream` reading the same bytes
#       through the same SSH (ssh DEVICE cat FILE | xmllint --stream -),
#       and beside xmllint on the file.  Target: 1.3x, 32 MB.
#   (b) 1000 BGP summaries in one session (bench_rpc, every reply parsed):
#       time per RPC, beside the same 1000 RPCs written at once through
#       `ssh -s` (the lab's own floor) and PyEZ's time per RPC.
#   (c) 102 lab devices (34 reference trios) in one run, beside the
#       slowest of a sample of single-device runs.  Each device answers an
#       RPC after EG_BENCH_RPC_DELAY seconds (1 by default), as a real
#       routing engine does; on loopback the lab answers in microseconds
#       and the figure would measure the two cores' sshd work instead of
#       erguard.  The figure without the delay is printed too.  Target: 2x.
#   (d) the seed check (3 devices) by erguard and by a PyEZ script issuing
#       the same RPCs and computing the same verdicts
#       (tests/bench/pyez_check.py): the ratio.  Target: 50x.  Printed
#       beside it: the lab's sshd CPU per session, read from the listeners'
#       reaped children, and the floor it puts under any client's wall.
# Exit status: 0 when every target is met, 1 otherwise.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EG=$ROOT/$BUILD/erguard
LAB=$ROOT/$BUILD/erguard-lab
RPCB=$ROOT/$BUILD/bench/bench_rpc
PY=${EG_LAB_PYTHON:-/usr/bin/python3}
DELAY=${EG_BENCH_RPC_DELAY:-1}
WORK=$(mktemp -d /tmp/eg-bench.XXXXXX)
D=$WORK/lab
D102=$WORK/lab102
cleanup() {
	"$LAB" down --dir "$WORK/lab" >/dev/null 2>&1
	"$LAB" down --dir "$D102" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
. "$ROOT/tests/bench/lib.sh"
fail=0
verdict() { # verdict OK-CONDITION-TEXT: "ok" or the miss, and remember a miss
	if [ "$1" = ok ]; then echo ok; else fail=1; echo "$1"; fi
}

if [ ! -x "$LAB" ]; then
	echo "live benchmark skipped: $LAB is not built"
	exit 0
fi
have_pyez=false
"$PY" -c 'import jnpr.junos' 2>/dev/null && have_pyez=true

echo
echo "Live, over SSH and NETCONF to the lab on 127.0.0.1:"
"$LAB" up --dir "$D" --scenario compliant >/dev/null || { echo "bench: the lab did not start" >&2; exit 1; }
FW=SEA-SRX42-01
CE=SEA-MX03-01

# (a) ------------------------------------------------------------ 100k routes
big=$WORK/routes-100k.xml
awk -v n=100000 -f "$ROOT/tests/bench/genroutes.awk" > "$big"
"$LAB" fault --dir "$D" --device "$FW" replay "$big" 'get-route-information[table]' >/dev/null
# the two take turns (lib.sh's best_pair expands the variables itself)
set -- $(best_pair '"$EG" check -c "$D/intent.xml" --device "$FW" --format json' \
	"sh -c 'ssh -F \"\$1\" \"\$2\" cat \"\$3\" | xmllint --stream --noout -' sh \"\$D/ssh_config\" \"\$FW\" \"\$big\"")
ew=$1; er=$2; sw=$3; sr=$4
"$EG" check -c "$D/intent.xml" --device "$FW" -q >/dev/null 2>&1 ||
	{ echo "bench: the firewall's check with the 100k table did not pass" >&2; fail=1; }
set -- $(best_of xmllint --stream --noout "$big")
xw=$1; xr=$2
v=ok
over "$ew" "$sw" 1.3 && v="SLOW (>1.3x)"
[ "$er" -gt 32768 ] && v="$v RSS>32MB"
printf '(a) 100k routes (%s MB), the firewall'"'"'s whole check over SSH\n' "$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$big")/1048576}")"
printf '    erguard %s s %s MB | ssh cat | xmllint --stream %s s %s MB | ratio %s %s\n' \
	"$ew" "$(mb "$er")" "$sw" "$(mb "$sr")" "$(ratio "$ew" "$sw")" "$(verdict "$v")"
printf '    (xmllint --stream on the file, no transport: %s s %s MB)\n' "$xw" "$(mb "$xr")"
"$LAB" fault --dir "$D" --device "$FW" clear replay >/dev/null

# (b) ------------------------------------------------------------ 1000 small RPCs
port=$(cat "$D/devices/$CE/sshd.port")
out=$("$RPCB" 127.0.0.1 "$port" "$(id -un)" "$D/id_ed25519" "$D/known_hosts" 1000 Cust11) ||
	{ echo "bench: bench_rpc failed" >&2; fail=1; out=""; }
per=$(printf '%s\n' "$out" | awk '{print $8}')
rpc='<rpc><get-bgp-summary-information><exact-instance>Cust11</exact-instance></get-bgp-summary-information></rpc>]]>]]>'
{
	printf '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>'
	i=0; while [ $i -lt 1000 ]; do printf '%s' "$rpc"; i=$((i + 1)); done
	printf '<rpc><close-session/></rpc>]]>]]>'
} > "$WORK/rpcs"
t0=$(date +%s%N)
ssh -F "$D/ssh_config" -s "$CE" netconf < "$WORK/rpcs" > "$WORK/rpcs.out"
t1=$(date +%s%N)
replies=$(grep -c '</bgp-information>' "$WORK/rpcs.out")
floor=$(awk "BEGIN{printf \"%.0f\", ($t1 - $t0) / 1e3 / 1000}")
pyper=-
if $have_pyez; then
	pyper=$("$PY" - "$D" "$CE" <<'PYEOF'
import getpass, sys, time
from jnpr.junos import Device
lab, dev = sys.argv[1], sys.argv[2]
port = int(open(f"{lab}/devices/{dev}/sshd.port").read())
with Device(host="127.0.0.1", port=port, user=getpass.getuser(), ssh_private_key_file=f"{lab}/id_ed25519",
            ssh_config=f"{lab}/ssh_config", gather_facts=False) as d:
    t = time.monotonic()
    for _ in range(50):
        d.rpc.get_bgp_summary_information(exact_instance="Cust11")
    print("%.0f" % ((time.monotonic() - t) * 1e6 / 50))
PYEOF
) || pyper=-
fi
printf '(b) 1000 BGP summaries in one session: erguard %s us per RPC (session open %s ms) | ssh -s, all written at once: %s us per RPC (%s replies) | PyEZ: %s us per RPC (50 RPCs)\n' \
	"${per:--}" "$(printf '%s\n' "$out" | awk '{print $4}')" "$floor" "$replies" "$pyper"
[ -n "$per" ] && [ "$replies" -eq 1000 ] || { echo "bench: the 1000 RPCs did not all come back" >&2; fail=1; }

# (d) ------------------------------------------------------------ seed check vs PyEZ
# The lab's sshd's reap their per-session children, so the children's CPU
# time of the three listeners over erguard's runs is the server side's
# cost of those sessions: a floor under erguard's wall on these cores.
lab_cpu_ticks() {
	for f in "$D"/devices/*/sshd.pid; do
		awk '{print $16 + $17}' "/proc/$(cat "$f")/stat" 2>/dev/null
	done | awk '{s += $1} END {print s + 0}'
}
ndev3=$(ls -d "$D"/devices/*/ | wc -l)
c0=$(lab_cpu_ticks)
set -- $(best_of "$EG" check -c "$D/intent.xml" --format json)
sw=$1
c1=$(lab_cpu_ticks)
hz=$(getconf CLK_TCK)
persess=$(awk "BEGIN{printf \"%.0f\", ($c1 - $c0) * 1000 / $hz / (${RUNS:-5} * $ndev3)}")
ncpu=$(nproc)
floor=$(awk "BEGIN{n = $ndev3 < $ncpu ? $ndev3 : $ncpu; printf \"%.3f\", $persess * $ndev3 / n / 1000}")
if $have_pyez && [ -f "$ROOT/tests/bench/pyez_check.py" ]; then
	t0=$(date +%s%N)
	"$PY" "$ROOT/tests/bench/pyez_check.py" "$D/intent.xml" > "$WORK/pyez.out" 2> "$WORK/pyez.err"
	pst=$?
	t1=$(date +%s%N)
	pw=$(awk "BEGIN{printf \"%.3f\", ($t1 - $t0) / 1e9}")
	[ $pst -le 1 ] || { echo "bench: pyez_check.py failed: $(tail -2 "$WORK/pyez.err")" >&2; fail=1; }
	r=$(ratio "$pw" "$sw")
	v=ok
	over "$pw" "$sw" 50 || v="SLOW (<50x)"
	printf '(d) the seed check, 3 devices: erguard %s s | PyEZ script, same RPCs and verdicts: %s s | erguard %sx faster %s\n' \
		"$sw" "$pw" "$r" "$(verdict "$v")"
	printf '    (the lab'"'"'s sshd spends %s ms of CPU per session, its fork, re-exec, key exchange and subsystem start; %s sessions on %s cores cannot take less than %s s, so no client can be more than %sx faster than PyEZ here)\n' \
		"$persess" "$ndev3" "$ncpu" "$floor" "$(ratio "$pw" "$floor")"
else
	printf '(d) the seed check, 3 devices: erguard %s s | PyEZ not available (%s with python3-junos-eznc)\n' "$sw" "$PY"
fi
"$LAB" down --dir "$D" >/dev/null 2>&1 || echo "bench: the 3-device lab did not come down" >&2

# (c) ------------------------------------------------------------ 102 devices
D=$D102
"$LAB" up --dir "$D" --scenario compliant --devices 34 >/dev/null ||
	{ echo "bench: the 102-device lab did not start" >&2; exit 1; }
ndev=$(grep -c '<device>' "$D/intent.xml")
RUNS=2
set -- $(best_of "$EG" check -c "$D/intent.xml" --parallel 128 --format json)
w0=$1
single0=0
for dev in SEA-MX03-01 SEA-SRX42-01; do
	set -- $(best_of "$EG" check -c "$D/intent.xml" --device "$dev" --format json)
	awk "BEGIN{exit !($1 > $single0)}" && single0=$1
done
for dev in $(sed -n 's#.*<name>\(SEA-[^<]*\)</name>.*#\1#p' "$D/intent.xml" | sort -u); do
	"$LAB" fault --dir "$D" --device "$dev" delay "$DELAY" >/dev/null
done
set -- $(best_of "$EG" check -c "$D/intent.xml" --parallel 128 --format json)
w=$1
single=0
sample=$(sed -n 's#.*<name>\(SEA-[^<]*\)</name>.*#\1#p' "$D/intent.xml" | sort -u | awk 'NR % 17 == 1 || /SRX/ && NR % 17 == 3')
for dev in $sample; do
	set -- $(best_of "$EG" check -c "$D/intent.xml" --device "$dev" --format json)
	awk "BEGIN{exit !($1 > $single)}" && single=$1
done
v=ok
over "$w" "$single" 2 && v="SLOW (>2x)"
printf '(c) %s devices in one run, each RPC answered after %s s: erguard %s s | slowest single device (of %s sampled) %s s | ratio %s %s\n' \
	"$ndev" "$DELAY" "$w" "$(printf '%s\n' $sample | wc -l)" "$single" "$(ratio "$w" "$single")" "$(verdict "$v")"
printf '    (the lab answering at once: %s devices %s s, slowest single %s s; the two cores run 102 sshd sessions then)\n' \
	"$ndev" "$w0" "$single0"
exit $fail
