#!/bin/sh
# set-lines: the lab loads set/delete/activate lines as Junos does, for
# the statements erguard fix writes: "delete ... export" without a value
# removes every value of the leaf-list; "from protocol" is a leaf-list;
# "delete" of a statement inside a container removes only it; "then
# accept" is an action element beside the term's others and replaces
# only "reject"; "delete ... route-filter P exact" removes that entry;
# "aggregate route P" is an entry named by its prefix.
. "$(dirname "$0")/lib.inc"
CE=SEA-MX03-01
G="routing-instances Cust11 protocols bgp group"
PS="policy-options policy-statement t"

"$LAB" up --dir "$D" > /dev/null 2>&1 || fail "lab did not start"
conf() { "$LAB" configure --dir "$D" --device $CE "$@" > /dev/null 2>&1 || fail "configure $*"; }
show() { "$LAB" show --dir "$D" --device $CE config set; }
xml() { "$LAB" show --dir "$D" --device $CE config xml; }

conf "set $PS term a from protocol direct" "set $PS term a from protocol static" \
	"set $PS term a from route-filter 10.1.11.0/25 exact" \
	"set $PS term a from route-filter 10.1.12.0/25 orlonger" \
	"set $PS term a then as-path-prepend 65020" "set $PS term a then reject" \
	"set $PS term a then accept" "set $G ebgp export t" "set $G ebgp export u" \
	"set $PS term last then reject" "set policy-options policy-statement u term x then accept"
s=$(show)
has "$s" "term a from protocol direct" && has "$s" "term a from protocol static" ||
	fail "from protocol does not hold two values"
has "$s" "term a then as-path-prepend 65020" || fail "then accept wiped the other actions"
has "$s" "term a then accept" || fail "then accept is missing"
has "$s" "term a then reject" && fail "then accept did not replace reject"
x=$(xml)
has "$x" "<accept/>" || fail "then accept is not an empty element"
has "$s" "group ebgp export u" || fail "export is not a leaf-list"
ok "leaf-lists hold several values; then accept beside the other actions"

conf "delete $G ebgp export" "delete $PS term a from protocol static" \
	"delete $G ebgp bfd-liveness-detection multiplier" \
	"delete $PS term a from route-filter 10.1.12.0/25 orlonger"
s=$(show)
has "$s" "group ebgp export" && fail "delete export left a value"
has "$s" "from protocol direct" || fail "delete of one protocol removed the other"
has "$s" "from protocol static" && fail "protocol static was not deleted"
has "$s" "bfd-liveness-detection minimum-interval 300" ||
	fail "deleting multiplier deleted the whole bfd-liveness-detection"
has "$s" "bfd-liveness-detection multiplier" && fail "multiplier was not deleted"
has "$s" "route-filter 10.1.12.0/25" && fail "the route-filter entry was not deleted"
has "$s" "route-filter 10.1.11.0/25 exact" || fail "the other route-filter went too"
ok "deletes remove exactly the statement named"

# aggregate (and generate) routes are keyed lists, as static routes are:
# two of them are two entries, and deleting one leaves the other
R="routing-instances Cust11 routing-options aggregate route"
conf "set $R 10.1.0.0/16" "set $R 10.0.0.0/8 discard"
x=$(xml)
has "$x" "<name>10.1.0.0/16</name>" && has "$x" "<name>10.0.0.0/8</name>" ||
	fail "aggregate routes are not entries named by their prefix"
conf "delete $R 10.0.0.0/8"
s=$(show)
has "$s" "aggregate route 10.1.0.0/16" || fail "deleting one aggregate removed the other"
has "$s" "aggregate route 10.0.0.0/8" && fail "the aggregate was not deleted"
ok "aggregate routes are entries"
