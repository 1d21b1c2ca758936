#!/bin/sh
# world-failover: ExpressRoute down on both links; the firewall's active path
# for the hub moves to the VPN at the time the routing world says, read back
# from the ground-truth event log: with BFD (300 ms x 3) 900 ms after the
# event plus one iBGP hop (50 ms); without BFD after the hold time (90 s)
# scaled by the lab's time-scale (0.05: 4.5 s) plus the same hop.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
LAB=${ERGUARD_LAB:-$ROOT/build/erguard-lab}
FW=SEA-SRX42-01
D=$(mktemp -d /tmp/eg-world-failover.XXXXXX)
cleanup() { "$LAB" down --dir "$D" >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
fail() { echo "world-failover: $*" >&2; exit 1; }

# ms of the first events.log line of DEVICE matching PATTERN (empty if none)
event_ms() {
	"$LAB" show --dir "$D" --device "$1" events | grep -E -- "$2" | head -n 1 | cut -d' ' -f1
}

run_case() {	# scenario detect_ms
	scenario=$1 detect=$2
	"$LAB" up --dir "$D" --scenario "$scenario" --time-scale 0.05 >/dev/null
	rib=$("$LAB" show --dir "$D" --device $FW rib)
	echo "$rib" | grep -q '^10\.17\.11\.0/25 .*\*\[BGP/170\].*localpref 150, from 192\.168\.11\.0$' ||
		fail "$scenario: steady state is not via CE1 with localpref 150: $rib"
	"$LAB" event --dir "$D" er-down both >/dev/null
	t0=$(event_ms $FW ' event er-down both')
	ce1=$(event_ms SEA-MX03-01 ' bgp-down 192\.168\.11\.18 ')
	ce2=$(event_ms SEA-MX03-02 ' bgp-down 192\.168\.11\.22 ')
	vpn=$(event_ms $FW ' active 10\.17\.11\.0/25 BGP from 10\.17\.11\.76 ')
	[ -n "$t0" ] && [ -n "$ce1" ] && [ -n "$ce2" ] && [ -n "$vpn" ] ||
		fail "$scenario: events.log lacks the event or its consequences"
	[ $((ce1 - t0)) -eq "$detect" ] || fail "$scenario: CE1 session down after $((ce1 - t0)) ms, want $detect"
	[ $((ce2 - t0)) -eq "$detect" ] || fail "$scenario: CE2 session down after $((ce2 - t0)) ms, want $detect"
	[ $((vpn - t0)) -eq $((detect + 50)) ] ||
		fail "$scenario: firewall on the VPN after $((vpn - t0)) ms, want $((detect + 50))"
	# the devices' answers follow the same clock
	now=$(date +%s%3N)
	wait_ms=$((vpn - now + 300))
	[ "$wait_ms" -gt 0 ] && sleep "$(echo "$wait_ms" | awk '{printf "%.3f", $1 / 1000}')"
	rib=$("$LAB" show --dir "$D" --device $FW rib)
	echo "$rib" | grep -q '^10\.17\.11\.0/25 .*\*\[BGP/170\].*localpref 100, from 10\.17\.11\.76$' ||
		fail "$scenario: after the failover the hub is not via the VPN: $rib"
	"$LAB" down --dir "$D" >/dev/null
}

run_case compliant 900
run_case no-bfd 4500
echo "world-failover: ok"
