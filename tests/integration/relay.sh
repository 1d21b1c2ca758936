#!/bin/sh
# relay.sh - the lab's relay gives distance, and erguard pipelines across it:
#   - a round trip through a device's relay port (client banner out, the
#     sshd's key exchange offer back) takes the asked --rtt, within 10%;
#   - the fault `latency MS` gives one device its own round trip while
#     the others keep the lab's, and `fault clear latency` gives it back;
#   - erguard's RPCs to a device go out pipelined: at this distance the
#     check of the seed is faster by at least two round trips than with
#     ERGUARD_NO_PIPELINE=1, and the same verdicts come out;
#   - an rpc-error in the middle of a pipelined plan makes only its own
#     check unknown: the checks fed by the replies before and after it
#     are judged;
#   - a reply cut mid-way with RPCs pending: the check of the cut reply
#     and of every pending one is unknown with the reason, the ones fed by
#     the earlier reply are judged;
#   - --bandwidth caps what a connection carries (1 MB at 8 Mbit/s takes
#     about a second) and the relay hands the bytes on unchanged.
NEEDS="python3" . "$(dirname "$0")/lib.inc"

RTT=150
DEV=SEA-MX03-02

"$LAB" up --dir "$D" --rtt "$RTT" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log"; exit 1; }
grep -q "round trip $RTT ms" "$TMP/up.log" || fail "up does not say the round trip: $(head -1 "$TMP/up.log")"
port() { cat "$D/devices/$1/relay.port"; }
grep -q "Port $(port $DEV)\$" "$D/ssh_config" || fail "ssh_config does not point $DEV at its relay port"

# rtt_of DEVICE: a round trip through the relay, in ms: send our banner
# once the sshd's has arrived, time until its key exchange offer comes;
# the least of three, so that a busy machine's delays in sshd count less.
rtt_of() {
	python3 - "$(port "$1")" <<'EOF'
import socket, sys, time
best = None
for _ in range(3):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
    buf = b""
    while b"\n" not in buf:
        buf += s.recv(4096)
    rest = buf.split(b"\n", 1)[1]
    t0 = time.monotonic()
    s.sendall(b"SSH-2.0-relaytest\r\n")
    if not rest:
        s.recv(4096)
    took = (time.monotonic() - t0) * 1000
    best = took if best is None or took < best else best
    s.close()
print(round(best))
EOF
}
within() {	# within GOT WANT: |GOT - WANT| <= 10% of WANT
	[ "$1" -ge $(($2 * 9 / 10)) ] && [ "$1" -le $(($2 * 11 / 10)) ]
}

got=$(rtt_of SEA-MX03-01)
within "$got" "$RTT" || fail "round trip through the relay: $got ms, asked $RTT"
echo "ok relay round trip $got ms (asked $RTT)"

"$LAB" fault --dir "$D" --device SEA-SRX42-01 latency 400 > /dev/null || fail "fault latency"
far=$(rtt_of SEA-SRX42-01)
near=$(rtt_of SEA-MX03-01)
within "$far" 400 || fail "latency 400 on SEA-SRX42-01: $far ms"
within "$near" "$RTT" || fail "SEA-MX03-01 next to the far device: $near ms, want $RTT"
"$LAB" fault --dir "$D" --device SEA-SRX42-01 latency x > /dev/null 2>&1 && fail "fault latency x accepted"
"$LAB" fault --dir "$D" --device SEA-SRX42-01 clear latency > /dev/null || fail "clear latency"
back=$(rtt_of SEA-SRX42-01)
within "$back" "$RTT" || fail "SEA-SRX42-01 after clear latency: $back ms, want $RTT"
echo "ok latency fault: far $far ms, near $near ms, cleared $back ms"

# verdicts REPORT.xml: "check scope status" per result
verdicts() {
	tr -d '\n' < "$1" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1 \2 \3#p'
}
# ms_of CMD...: wall time of a command, in ms
ms_of() {
	t0=$(date +%s%N)
	"$@"
	rc=$?
	echo $(( ($(date +%s%N) - t0) / 1000000 )) > "$TMP/ms"
	return $rc
}

ms_of "$EG" check -c "$D/intent.xml" --format xml > "$TMP/pipe.xml" 2> "$TMP/err" ||
	fail "pipelined check: exit $?: $(head -2 "$TMP/err")"
piped=$(cat "$TMP/ms")
ms_of env ERGUARD_NO_PIPELINE=1 "$EG" check -c "$D/intent.xml" --format xml > "$TMP/one.xml" 2> "$TMP/err" ||
	fail "one-at-a-time check: exit $?: $(head -2 "$TMP/err")"
single=$(cat "$TMP/ms")
verdicts "$TMP/pipe.xml" > "$TMP/v1"
verdicts "$TMP/one.xml" > "$TMP/v2"
[ "$(wc -l < "$TMP/v1")" -ge 20 ] || fail "pipelined check: only $(wc -l < "$TMP/v1") results"
cmp -s "$TMP/v1" "$TMP/v2" || fail "pipelined and one-at-a-time verdicts differ: $(diff "$TMP/v1" "$TMP/v2" | head -4)"
[ "$piped" -le $((single - 2 * RTT)) ] ||
	fail "pipelining saved too little: $piped ms pipelined, $single ms one at a time"
echo "ok pipelined $piped ms, one at a time $single ms"

# judged CHECK: the check of $DEV passed; unknown CHECK PATTERN: unknown, its reason matching
judged() {
	grep -q "^$1 $DEV pass\$" "$TMP/v" || fail "$case: $1 of $DEV was not judged: $(grep "^$1 $DEV" "$TMP/v")"
}
unknown() {
	grep -q "^$1 $DEV unknown\$" "$TMP/v" || fail "$case: $1 of $DEV is not unknown: $(grep "^$1 $DEV" "$TMP/v")"
	tr -d '\n' < "$TMP/r.xml" | sed 's#</result>#</result>\n#g' | grep "<check>$1</check>" |
		grep "<scope>$DEV</scope>" | grep -q "<reason>[^<]*$2" ||
		fail "$case: $1 of $DEV does not say '$2'"
}

# The MX plan: configuration, advertised routes, BGP summary, BFD, in that order.
case=rpc-error-in-the-middle
"$LAB" fault --dir "$D" --device "$DEV" rpc-error get-bgp-summary-information told to fail > /dev/null
"$EG" check -c "$D/intent.xml" --format xml > "$TMP/r.xml" 2> "$TMP/err"
st=$?
[ "$st" -eq 5 ] || fail "$case: exit $st, expected 5: $(head -2 "$TMP/err")"
verdicts "$TMP/r.xml" > "$TMP/v"
unknown bgp-sessions "told to fail"
judged lp-config
judged er-adv-coverage
judged bfd-state
"$LAB" fault --dir "$D" --device "$DEV" clear > /dev/null
echo "ok $case"

case=reply-cut-with-rpcs-pending
"$LAB" fault --dir "$D" --device "$DEV" drop-after 200 get-route-information > /dev/null
"$EG" check -c "$D/intent.xml" --format xml > "$TMP/r.xml" 2> "$TMP/err"
st=$?
[ "$st" -eq 4 ] || fail "$case: exit $st, expected 4: $(head -2 "$TMP/err")"
verdicts "$TMP/r.xml" > "$TMP/v"
judged lp-config
judged bfd-config
unknown er-adv-coverage "in the middle of a message"
unknown bgp-sessions "in the middle of a message (the reply to this RPC, sent ahead, never came)"
unknown bfd-state "sent ahead, never came"
grep -q "^lp-config SEA-MX03-01 pass\$" "$TMP/v" || fail "$case: the healthy CE1 was not judged"
"$LAB" fault --dir "$D" --device "$DEV" clear > /dev/null
echo "ok $case"

# --bandwidth: 1 MB through a relay capped at 8 Mbit/s takes about a second;
# the same lab without the cap, far less.
"$LAB" down --dir "$D" > /dev/null 2>&1
head -c 1048576 /dev/zero > "$TMP/1MB"
"$LAB" up --dir "$D" --rtt 0 --bandwidth 8 > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log"; exit 1; }
ms_of ssh -F "$D/ssh_config" SEA-MX03-01 cat "$TMP/1MB" > "$TMP/got" 2> "$TMP/err" ||
	fail "ssh cat through the capped relay: $(head -2 "$TMP/err")"
capped=$(cat "$TMP/ms")
cmp -s "$TMP/1MB" "$TMP/got" || fail "the capped relay changed the bytes"
"$LAB" up --dir "$D" --rtt 0 > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log"; exit 1; }
ms_of ssh -F "$D/ssh_config" SEA-MX03-01 cat "$TMP/1MB" > "$TMP/got" 2> "$TMP/err" ||
	fail "ssh cat through the relay: $(head -2 "$TMP/err")"
free=$(cat "$TMP/ms")
cmp -s "$TMP/1MB" "$TMP/got" || fail "the relay changed the bytes"
# 8 Mbit/s: 1.05 s for the file alone; ssh's own start comes on top
[ "$capped" -ge 1000 ] && [ "$capped" -le $((1300 + free)) ] ||
	fail "1 MB at 8 Mbit/s took $capped ms (uncapped $free ms)"
[ "$free" -lt 700 ] || fail "1 MB without a cap took $free ms"
echo "ok bandwidth: 1 MB at 8 Mbit/s $capped ms, uncapped $free ms"

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
