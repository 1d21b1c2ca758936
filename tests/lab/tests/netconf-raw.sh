#!/bin/sh
# netconf-raw: a lab device over `ssh -s ... netconf` with hand-written
# messages, as Junos speaks it: the two comments before a base:1.0-only
# hello, end-of-message framing, <rpc-reply> with the per-release junos
# namespace and the <rpc>'s attributes echoed, RPCs with or without the
# NETCONF namespace, Junos' "syntax error" for an unknown RPC; with
# --chunked, base:1.1 is offered and chunked framing used only when the
# client offers 1.1 too.
set -eu
. "$(dirname "$0")/lib.inc"

H10='<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>'
H11='<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>]]>]]>'

"$LAB" up --dir "$D" >/dev/null || fail "up"
out=$(printf '%s%s%s%s%s' "$H10" \
	'<rpc message-id="101" xmlns:x="urn:x" x:trace="t1" tag="mine"><get-configuration database="committed"><configuration><routing-instances/></configuration></get-configuration></rpc>]]>]]>' \
	'<rpc message-id="102" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get-route-information><table>Cust11.inet.0</table></get-route-information></rpc>]]>]]>' \
	'<nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="103"><show-me-everything/></nc:rpc>]]>]]>' \
	'<rpc message-id="104"><close-session/></rpc>]]>]]>' | raw SEA-MX03-01) || fail "ssh -s exchange failed"

first=$(printf '%s\n' "$out" | head -n 1)
[ "$first" = "<!-- No zombies were killed during the creation of this user interface -->" ] ||
	fail "first line is not Junos' comment: $first"
has "$(printf '%s\n' "$out" | sed -n 2p)" '^<!-- user [^ ]*, class j-super-user -->$' || fail "no user comment"
hello=$(printf '%s\n' "$out" | sed -n '/<hello/,/<\/hello>/p')
has "$hello" '<capability>urn:ietf:params:netconf:base:1.0</capability>' || fail "no base:1.0"
has "$hello" 'base:1.1' && fail "base:1.1 offered without --chunked"
for c in capability:candidate:1.0 capability:confirmed-commit:1.0 capability:validate:1.0 \
	'urn:ietf:params:xml:ns:netconf:capability:candidate:1.0' 'http://xml.juniper.net/netconf/junos/1.0' \
	'http://xml.juniper.net/dmi/system/1.0'; do
	has "$hello" "$c" || fail "capability $c missing"
done
has "$hello" '<session-id>[0-9][0-9]*</session-id>' || fail "no session-id"
ok "Junos comments, base:1.0-only hello with the Junos capabilities, session-id"

n=$(printf '%s' "$out" | grep -o ']]>]]>' | wc -l)
[ "$n" -eq 5 ] || fail "expected 5 end-of-message delimiters (hello + 4 replies), saw $n"
has "$out" '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/21.4R3/junos" message-id="101" xmlns:x="urn:x" x:trace="t1" tag="mine">' ||
	fail "reply 101 does not carry the junos namespace and the echoed attributes"
has "$out" 'junos:commit-seconds="[0-9]*"' || fail "configuration without junos:commit-seconds"
has "$out" '<name>Cust11</name>' || fail "no routing instance in get-configuration"
has "$out" 'message-id="102"' && has "$out" '<route-information xmlns="http://xml.juniper.net/junos/21.4R3/junos-routing">' ||
	fail "namespaced RPC: no route-information"
reply103=$(printf '%s\n' "$out" | sed -n '/message-id="103"/,/<\/rpc-reply>/p')
has "$reply103" '<error-type>protocol</error-type>' && has "$reply103" '<error-tag>operation-failed</error-tag>' &&
	has "$reply103" 'syntax error' && has "$reply103" '<bad-element>show-me-everything</bad-element>' ||
	fail "unknown RPC: not Junos' syntax error: $reply103"
has "$out" 'message-id="104">' && has "$(printf '%s\n' "$out" | sed -n '/message-id="104"/,$p')" '<ok/>' ||
	fail "close-session not answered with ok"
ok "end-of-message framing, echoed attributes, RPCs with and without namespace, unknown RPC, close-session"

# every reply body is well-formed XML
printf '%s' "$out" | awk 'BEGIN{RS="]]>]]>"} NR>1 && /<rpc-reply/ {print > ("'"$D"'/reply." NR ".xml")}'
for f in "$D"/reply.*.xml; do
	xmllint --noout "$f" 2>/dev/null || fail "reply $f is not well-formed"
done
ok "replies are well-formed XML"

# the firewall's release shows in its namespace
out=$(printf '%s%s' "$H10" '<rpc message-id="1"><get-configuration/></rpc>]]>]]>' | raw SEA-SRX42-01)
has "$out" 'xmlns:junos="http://xml.juniper.net/junos/20.4R3/junos"' || fail "firewall: not its release's namespace"
ok "per-device release in the junos namespace"

"$LAB" down --dir "$D" >/dev/null
"$LAB" up --dir "$D" --chunked >/dev/null || fail "up --chunked"
rpc='<rpc message-id="7"><get-configuration format="set"/></rpc>'
out=$(printf '%s\n#%d\n%s\n##\n' "$H11" "$(printf '%s' "$rpc" | wc -c)" "$rpc" | raw SEA-MX03-02) ||
	fail "--chunked: ssh -s exchange failed"
has "$out" '<capability>urn:ietf:params:netconf:base:1.1</capability>' || fail "--chunked: no base:1.1 in the hello"
has "$out" '^#[0-9][0-9]*$' || fail "--chunked with a 1.1 client: reply not chunked: $out"
has "$out" '^##$' || fail "--chunked: no end-of-chunks"
has "$out" 'set routing-instances Cust11 protocols bgp group ibgp local-preference 150' || fail "--chunked: no set output"
ok "--chunked and a 1.1 client: chunked framing"
out=$(printf '%s%s' "$H10" '<rpc message-id="8"><get-configuration/></rpc>]]>]]>' | raw SEA-MX03-02)
has "$out" '^#[0-9]' && fail "--chunked with a 1.0 client: reply chunked"
[ "$(printf '%s' "$out" | grep -o ']]>]]>' | wc -l)" -eq 2 ] || fail "--chunked with a 1.0 client: not end-of-message"
ok "--chunked and a 1.0-only client: end-of-message framing"
