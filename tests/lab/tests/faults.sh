#!/bin/sh
# faults: each injectable fault of a lab device does what it says, for
# sessions opened after it and only on the device (and RPC) it names, and
# `fault clear` undoes it: rpc-error, delay, drop-after, malformed and
# truncated replies, the lock held by another user, refused
# authentication, a changed host key.  erguard's exit status follows
# (4 transport/authentication, 5 device RPC error).
set -eu
. "$(dirname "$0")/lib.inc"

HELLO='<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>'
fault() { "$LAB" fault --dir "$D" --device "$@" >/dev/null || fail "fault $*"; }
rpc() { dev=$1; shift; "$LAB" rpc --dir "$D" --device "$dev" "$@"; }
check() { st=0; "$EG" check -c "$D/intent.xml" >/dev/null 2>&1 || st=$?; echo $st; }

"$LAB" up --dir "$D" >/dev/null || fail "up"

fault SEA-SRX42-01 rpc-error get-route-information "rpd: routing daemon not responding"
st=0; out=$(rpc SEA-SRX42-01 '<get-route-information><table>Cust11.inet.0</table></get-route-information>') || st=$?
[ $st -ne 0 ] && has "$out" 'rpd: routing daemon not responding' && has "$out" '<error-severity>error</error-severity>' ||
	fail "rpc-error: not answered with the injected error: $out"
rpc SEA-SRX42-01 '<get-bgp-summary-information/>' >/dev/null || fail "rpc-error: another RPC failed too"
rpc SEA-MX03-01 '<get-route-information><table>Cust11.inet.0</table></get-route-information>' >/dev/null ||
	fail "rpc-error: another device failed too"
[ -x "$EG" ] && { [ "$(check)" = 5 ] || fail "rpc-error: erguard check did not exit 5"; }
fault SEA-SRX42-01 clear rpc-error
rpc SEA-SRX42-01 '<get-route-information><table>Cust11.inet.0</table></get-route-information>' >/dev/null ||
	fail "rpc-error: still failing after clear"
ok "rpc-error on one RPC of one device, cleared"

fault SEA-MX03-01 delay 2 get-bgp-summary-information
t0=$(date +%s%3N)
rpc SEA-MX03-01 '<get-bgp-summary-information/>' >/dev/null || fail "delay: RPC failed"
dt=$(($(date +%s%3N) - t0))
[ $dt -ge 2000 ] || fail "delay 2: answered after $dt ms"
fault SEA-MX03-01 clear delay
ok "delay: the reply took $dt ms"

fault SEA-MX03-01 drop-after 120 get-configuration
st=0; out=$(rpc SEA-MX03-01 '<get-configuration/>' 2>&1) || st=$?
[ $st -ne 0 ] || fail "drop-after: the RPC succeeded"
out=$(printf '%s%s' "$HELLO" '<rpc><get-configuration/></rpc>]]>]]>' | raw SEA-MX03-01) || true
body=$(printf '%s' "$out" | awk 'BEGIN{RS="]]>]]>"} NR==2')
[ "$(printf '%s' "$body" | wc -c)" -eq 120 ] || fail "drop-after 120: the session sent $(printf '%s' "$body" | wc -c) bytes"
fault SEA-MX03-01 clear drop-after
ok "drop-after: the session ends after 120 bytes of the reply"

fault SEA-MX03-02 malformed get-route-information
fault SEA-MX03-02 truncate get-bgp-summary-information
out=$(printf '%s%s%s%s' "$HELLO" '<rpc message-id="1"><get-route-information><table>Cust11.inet.0</table></get-route-information></rpc>]]>]]>' \
	'<rpc message-id="2"><get-bgp-summary-information/></rpc>]]>]]>' '<rpc message-id="3"><get-configuration/></rpc>]]>]]>' |
	raw SEA-MX03-02) || fail "malformed/truncate: session failed"
printf '%s' "$out" | awk -v d="$D" 'BEGIN{RS="]]>]]>"} NR>=2 && NR<=4 {print > (d "/r" NR-1 ".xml")}'
xmllint --noout "$D/r1.xml" 2>/dev/null && fail "malformed: reply 1 is well-formed"
grep -q '<route-information' "$D/r1.xml" || fail "malformed: reply 1 is not the route-information"
xmllint --noout "$D/r2.xml" 2>/dev/null && fail "truncate: reply 2 is well-formed"
xmllint --noout "$D/r3.xml" 2>/dev/null || fail "truncate: the framing broke, reply 3 is not well-formed"
grep -q 'message-id="3"' "$D/r3.xml" || fail "reply 3 is not the third"
fault SEA-MX03-02 clear
ok "malformed and truncated replies, framed so the session goes on"

fault SEA-MX03-01 lock
st=0; out=$("$LAB" configure --dir "$D" --device SEA-MX03-01 'set routing-instances Cust11 description x' 2>&1) || st=$?
[ $st -ne 0 ] && has "$out" 'configuration database locked by:' && has "$out" 'admin terminal p0 (pid 4242) on since' ||
	fail "lock: a change went through or the refusal is not Junos': $out"
out=$(rpc SEA-MX03-01 '<load-configuration action="set" format="text"><configuration-set>set routing-instances Cust11 description x</configuration-set></load-configuration>' 2>&1) &&
	fail "lock: load accepted while admin holds the lock"
has "$out" '<load-configuration-results>' || fail "lock: the load error is not inside load-configuration-results"
fault SEA-MX03-01 clear lock
"$LAB" configure --dir "$D" --device SEA-MX03-01 'set routing-instances Cust11 description x' >/dev/null ||
	fail "lock: still refused after clear"
ok "lock held by admin: changes refused the Junos way until cleared"

# a recorded reply replayed for one shape of an RPC only
cat > "$D/recorded.xml" <<'REC'
<rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.4R0/junos">
<route-information xmlns="http://xml.juniper.net/junos/21.4R0/junos-routing">
<route-table><table-name>Cust11.inet.0</table-name><rt><rt-destination>10.99.0.0/24</rt-destination></rt></route-table>
</route-information>
<cli><banner></banner></cli>
</rpc-reply>
REC
fault SEA-MX03-01 replay "$D/recorded.xml" 'get-route-information[table]'
out=$(rpc SEA-MX03-01 '<get-route-information><table>Cust11.inet.0</table></get-route-information>' 2>&1)
has "$out" '<rt-destination>10.99.0.0/24</rt-destination>' && ! has "$out" '<cli>' ||
	fail "replay: the table query did not answer the recorded reply without its cli trailer: $out"
out=$(rpc SEA-MX03-01 '<get-route-information><advertising-protocol-name>bgp</advertising-protocol-name><neighbor>192.168.11.18</neighbor><table>Cust11.inet.0</table></get-route-information>' 2>&1)
has "$out" '10.99.0.0/24' && fail "replay: the advertising-protocol form got the recorded reply too"
fault SEA-MX03-01 clear replay
out=$(rpc SEA-MX03-01 '<get-route-information><table>Cust11.inet.0</table></get-route-information>' 2>&1)
has "$out" '10.99.0.0/24' && fail "replay: still replayed after clear"
ok "a recorded reply replayed for get-route-information[table] only, until cleared"

fault SEA-MX03-02 auth-refuse
st=0; out=$(printf '%s' "$HELLO" | raw SEA-MX03-02 2>&1) || st=$?
[ $st -ne 0 ] && has "$out" 'Permission denied' || fail "auth-refuse: ssh got in: $out"
[ -x "$EG" ] && { [ "$(check)" = 4 ] || fail "auth-refuse: erguard check did not exit 4"; }
fault SEA-MX03-02 clear auth-refuse
printf '%s' "$HELLO" | raw SEA-MX03-02 >/dev/null 2>&1 || fail "auth-refuse: still refused after clear"
ok "authentication refused, then accepted again"

fault SEA-SRX42-01 hostkey
st=0; out=$(printf '%s' "$HELLO" | raw SEA-SRX42-01 2>&1) || st=$?
[ $st -ne 0 ] && has "$out" 'Host key verification failed' || fail "hostkey: ssh accepted a changed key: $out"
[ -x "$EG" ] && { [ "$(check)" = 4 ] || fail "hostkey: erguard check did not exit 4"; }
"$LAB" fault --dir "$D" --device SEA-SRX42-01 list | grep -q hostkey || fail "hostkey: not listed"
fault SEA-SRX42-01 clear
printf '%s' "$HELLO" | raw SEA-SRX42-01 >/dev/null 2>&1 || fail "hostkey: the old key is not back after clear"
[ -z "$("$LAB" fault --dir "$D" --device SEA-SRX42-01 list)" ] || fail "faults listed after clear"
ok "changed host key refused, the old one restored"
[ -x "$EG" ] && { [ "$(check)" = 0 ] || fail "erguard check not compliant after every fault was cleared"; }
ok "compliant again after every fault is cleared"
