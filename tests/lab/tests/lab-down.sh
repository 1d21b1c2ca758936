#!/bin/sh
# lab-down: `down` leaves no process of the lab behind, even with sessions
# open (sshd's per-connection children and their netconf servers), for a
# lab of two trios; `up` on a folder whose lab runs starts it afresh; an
# idle session ends by itself; the timer process ends when the lab's
# sshd's are gone.
set -eu
. "$(dirname "$0")/lib.inc"

lab_procs() { pgrep -f -- "$D( |/|\$)" || true; }
HELLO='<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>'

"$LAB" up --dir "$D" --devices 2 >/dev/null || fail "up --devices 2"
n=$(grep -c '<device>' "$D/intent.xml")
[ "$n" -eq 6 ] || fail "intent has $n devices, want 6"
[ "$(grep -c '<service>' "$D/intent.xml")" -eq 2 ] || fail "intent lacks the second trio's service"
"$LAB" status --dir "$D" >/dev/null || fail "status: not every device is up"
# sessions held open: clients whose stdin (a fifo this shell holds) stays open
mkfifo "$D/in1" "$D/in2" "$D/in3"
ssh -F "$D/ssh_config" -s SEA-MX03-01 netconf <"$D/in1" >/dev/null 2>&1 &
ssh -F "$D/ssh_config" -s SEA-SRX42-01-2 netconf <"$D/in2" >/dev/null 2>&1 &
exec 3>"$D/in1" 4>"$D/in2"
printf '%s' "$HELLO" >&3
printf '%s' "$HELLO" >&4
i=0
until [ "$(pgrep -f -- "serve --dir $D " | wc -l)" -ge 2 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "sessions did not start"; sleep 0.1
done
[ "$(lab_procs | wc -l)" -ge 9 ] || fail "expected 6 sshd's, a timer and 2 servers, saw: $(lab_procs | tr '\n' ' ')"
ok "lab of 2 trios up: 6 sshd's, the timer and 2 open sessions"

"$LAB" up --dir "$D" >/dev/null || fail "up again on a running lab"
[ "$(grep -c '<device>' "$D/intent.xml")" -eq 3 ] || fail "up again did not rebuild the lab"
ok "up on a running lab starts it afresh"

"$LAB" down --dir "$D" >/dev/null || fail "down"
left=$(lab_procs)
[ -z "$left" ] || fail "processes left after down: $(ps -o pid,args -p "$(echo $left | tr ' ' ',')")"
ok "down: no process of the lab left"

"$LAB" up --dir "$D" --idle-timeout 2 >/dev/null || fail "up --idle-timeout 2"
exec 3>&- 4>&-
ssh -F "$D/ssh_config" -s SEA-MX03-01 netconf <"$D/in3" >/dev/null 2>&1 &
exec 5>"$D/in3"
printf '%s' "$HELLO" >&5
i=0
until pgrep -f -- "serve --dir $D " >/dev/null; do
	i=$((i + 1)); [ $i -le 100 ] || fail "idle session did not start"; sleep 0.1
done
sleep 3.5
pgrep -f -- "serve --dir $D " >/dev/null && fail "an idle session outlived its 2 s idle timeout"
ok "an idle session ends after the idle timeout"

# sshd's killed behind the lab's back: the timer notices and ends
sup=$(cat "$D/supervisor.pid")
for p in "$D"/devices/*/sshd.pid; do kill "$(cat "$p")"; done
i=0
while kill -0 "$sup" 2>/dev/null && [ "$(ps -o stat= -p "$sup" | cut -c1)" != Z ]; do
	i=$((i + 1)); [ $i -le 150 ] || fail "the timer process outlived the lab by 15 s"; sleep 0.1
done
ok "the timer process ends once the lab's sshd's are gone"
"$LAB" down --dir "$D" >/dev/null || fail "down after a partial stop"
[ -z "$(lab_procs)" ] || fail "processes left after the second down"
exec 5>&-
wait
