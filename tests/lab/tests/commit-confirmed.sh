#!/bin/sh
# commit-confirmed: a confirmed commit that nobody confirms is rolled back
# by the device itself (the lab's timer process), the world follows the
# committed configuration both ways, and the history records it; a plain
# commit before the deadline confirms it; Junos' commit-configuration
# counts the timeout in minutes, NETCONF's <commit> in seconds.
set -eu
. "$(dirname "$0")/lib.inc"

CE=SEA-MX03-02 FW=SEA-SRX42-01
rpc() { "$LAB" rpc --dir "$D" --device "$CE" "$1"; }
lp() { "$LAB" show --dir "$D" --device $CE config | sed -n 's/^ *local-preference \([0-9]*\);$/\1/p' | head -n 1; }
hub_lp_via_ce2() {	# localpref of the firewall's path to the hub learned from CE2
	sleep 0.2	# a commit reaches the firewall one iBGP hop (50 ms) after its instant
	"$LAB" show --dir "$D" --device $FW rib | awk '
		/^[0-9]/ { inhub = ($1 == "10.17.11.0/25") }
		inhub && /from 192\.168\.11\.2$/ { sub(/.*localpref /, ""); sub(/,.*/, ""); print; exit }'
}
load_lp() {
	rpc "<load-configuration action=\"set\" format=\"text\"><configuration-set>set routing-instances Cust11 protocols bgp group ibgp local-preference $1</configuration-set></load-configuration>" >/dev/null ||
		fail "load local-preference $1"
}

"$LAB" up --dir "$D" >/dev/null || fail "up"
[ "$(lp)" = 150 ] || fail "CE2 does not start with local-preference 150"
[ "$(hub_lp_via_ce2)" = 150 ] || fail "the firewall does not start with LP 150 via CE2"

load_lp 120
t0=$(date +%s)
out=$(rpc '<commit><confirmed/><confirm-timeout>2</confirm-timeout></commit>') || fail "NETCONF confirmed commit: $out"
has "$out" '<ok/>' || fail "NETCONF commit not ok: $out"
[ "$(lp)" = 120 ] || fail "the confirmed commit is not in the committed configuration"
[ "$(hub_lp_via_ce2)" = 120 ] || fail "the world does not follow the confirmed commit"
ok "confirmed commit (2 s) active at once, in the routing world too"
# nobody confirms: within 2 s plus the timer's round it is gone
i=0
while [ "$(lp)" != 150 ]; do
	i=$((i + 1))
	[ $i -le 50 ] || fail "not rolled back 5 s after a 2 s confirmed commit"
	sleep 0.1
done
[ $(($(date +%s) - t0)) -ge 2 ] || fail "rolled back before the 2 s were over"
[ "$(hub_lp_via_ce2)" = 150 ] || fail "the world did not follow the rollback"
grep -q 'commit-via="confirmed-timeout"' "$D/devices/$CE/rollback.0.xml" || fail "the history does not record the rollback"
grep -q 'not confirmed in time' "$D/supervisor.log" || fail "the timer process did not do the rollback"
ok "not confirmed: rolled back by the device after 2 s; history and world agree"

load_lp 130
rpc '<commit><confirmed/><confirm-timeout>2</confirm-timeout></commit>' >/dev/null || fail "second confirmed commit"
rpc '<commit-configuration/>' >/dev/null || fail "confirming commit"
sleep 3
[ "$(lp)" = 130 ] || fail "a plain commit did not confirm the pending one (local-preference $(lp))"
ok "a plain commit before the deadline confirms"

load_lp 140
out=$(rpc '<commit-configuration><confirmed/><confirm-timeout>1</confirm-timeout><log>try 140</log></commit-configuration>') ||
	fail "Junos confirmed commit: $out"
has "$out" 'commit confirmed will be automatically rolled back in 1 minutes unless confirmed' || fail "no rollback notice: $out"
has "$out" '<commit-success/>' || fail "no commit-success"
deadline=$(sed -n 's/^confirm-deadline-ms=//p' "$D/devices/$CE/state")
left=$(( (deadline - $(date +%s%3N)) / 1000 ))
[ "$left" -ge 50 ] && [ "$left" -le 60 ] || fail "confirm-timeout 1 is not a minute: $left s left"
grep -q 'commit-log="try 140"' "$D/devices/$CE/rollback.0.xml" || fail "the log message is not in the history"
rpc '<commit-configuration/>' >/dev/null || fail "confirming commit"
[ "$(sed -n 's/^confirm-deadline-ms=//p' "$D/devices/$CE/state")" = 0 ] || fail "still awaiting confirmation"
ok "commit-configuration's confirm-timeout counts minutes; the log goes into the history"
