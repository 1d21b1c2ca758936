#!/bin/sh
# snapshots.sh - every shipped snapshot gives exactly the failing checks its
# EXPECTED file lists; the compliant one exits 0; a missing reply makes the
# checks that need it unknown (never pass); a broken reply exits 5.
. "$(dirname "$0")/lib.inc"
SNAP=$EG_ROOT/tests/snapshots

# failing_by_family REPORT.xml: failing_checks, an IPv6 result's check as
# "CHECK inet6" (the IPv4-only reports have no family: the same lines).
failing_by_family() {
	fw="*[local-name()='status']='fail' or *[local-name()='status']='unknown'"
	{
		xmllint --xpath "//*[local-name()='result'][$fw][not(*[local-name()='family']='inet6')]/*[local-name()='check']/text()" "$1" 2>/dev/null |
			tr ' ' '\n'
		xmllint --xpath "//*[local-name()='result'][$fw][*[local-name()='family']='inet6']/*[local-name()='check']/text()" "$1" 2>/dev/null |
			tr ' ' '\n' | sed '/^$/d; s/$/ inet6/'
	} | sed '/^$/d' | sort -u
}

# EXPECTED: one failing check a line (fail or unknown), "CHECK inet6" when
# it fails for IPv6; "CHECK unknown": that check must be unknown; "exit N":
# the exit status when not 0 or 1; "ALL": no check may pass (skipped ones
# aside).  A case with an intent.xml of its own (dual stack) is judged
# against it.
for d in "$SNAP"/*/; do
	name=$(basename "$d")
	grep -v '^#' "$d/EXPECTED" | sed '/^$/d' > "$TMP/spec"
	grep -v -e '^exit ' -e '^ALL$' "$TMP/spec" | sed 's/ unknown$//' | sort -u > "$TMP/want"
	want_status=1
	[ -s "$TMP/want" ] || want_status=0
	grep -q '^ALL$' "$TMP/spec" && want_status=1
	x=$(sed -n 's/^exit \([0-9]*\)$/\1/p' "$TMP/spec")
	[ -n "$x" ] && want_status=$x
	set --
	[ -f "$d/intent.xml" ] && set -- -c "$d/intent.xml"
	"$ERGUARD" check "$@" --from "$d" --format xml > "$TMP/$name.xml" 2>"$TMP/err"
	st=$?
	[ "$st" -eq "$want_status" ] || fail "$name: exit $st, expected $want_status ($(head -3 "$TMP/err"))"
	failing_by_family "$TMP/$name.xml" > "$TMP/got"
	if grep -q '^ALL$' "$TMP/spec"; then
		p=$(xmllint --xpath "//*[local-name()='result'][*[local-name()='status']='pass']/*[local-name()='check']/text()" \
			"$TMP/$name.xml" 2>/dev/null | tr '\n' ' ')
		[ -z "$p" ] || fail "$name: checks pass with nothing of the service on any device: $p"
	elif ! cmp -s "$TMP/want" "$TMP/got"; then
		fail "$name: failing checks differ (want | got):"
		diff "$TMP/want" "$TMP/got" | sed 's/^/    /' >&2
	fi
	for c in $(sed -n 's/^\([a-z-]*\) unknown$/\1/p' "$TMP/spec"); do
		s=$(statuses "$TMP/$name.xml" "$c")
		[ "$s" = "unknown" ] || fail "$name: $c is '$s', expected unknown"
	done
	# every check of the catalogue is reported for the service
	n=$(xmllint --xpath "count(//*[local-name()='result'])" "$TMP/$name.xml" 2>/dev/null || echo 0)
	[ "${n%.*}" -ge 15 ] || fail "$name: only $n results in the report"
done

# Where a value comes from: a configuration group, a policy.
grep -q "set by SEA-MX03-01's local-preference statement at group ibgp (from configuration group ER-IBGP)" \
	"$TMP/groups-inherited.xml" || fail "groups-inherited: lp-config does not name the group"
grep -q "set by SEA-MX03-02's export policy to-firewall term azure" "$TMP/lp-policy-override.xml" ||
	fail "lp-policy-override: lp-config does not name the policy"
grep -q "configuration saved without inheritance (apply-groups ER-IBGP" "$TMP/groups-not-inherited.xml" ||
	fail "groups-not-inherited: the reason does not say how the configuration was saved"
grep -q "default 100" "$TMP/lp-policy.xml" && fail "lp-policy: a default is claimed where a policy sets the value"

# table_unknown NAME STATUS: the snapshot $TMP/NAME exits STATUS and every
# check that reads the firewall's table is unknown, never pass.
table_unknown() {
	"$ERGUARD" check --from "$TMP/$1" --format xml > "$TMP/$1.xml" 2>/dev/null
	st=$?
	[ "$st" -eq "$2" ] || fail "$1: exit $st, expected $2"
	for c in active-path backup-ready lp-rib; do
		s=$(statuses "$TMP/$1.xml" "$c")
		[ "$s" = "unknown" ] || fail "$1: $c is '$s', expected unknown"
	done
}

# A missing reply: the checks that need it are unknown, not pass.
cp -r "$SNAP/compliant" "$TMP/missing"
rm "$TMP/missing/SEA-SRX42-01/show_route_table_Cust11.inet.0.xml"
table_unknown missing 1
s=$(statuses "$TMP/missing.xml" lp-config)
[ "$s" = "pass" ] || fail "missing table: lp-config is '$s', expected pass"

# A malformed reply: exit 5 and the file named in the report.
cp -r "$SNAP/compliant" "$TMP/broken"
f="$TMP/broken/SEA-MX03-02/show_bgp_summary_instance_Cust11.xml"
head -c 300 "$SNAP/compliant/SEA-MX03-02/show_bgp_summary_instance_Cust11.xml" > "$f"
"$ERGUARD" check --from "$TMP/broken" --format text > "$TMP/broken.txt" 2>"$TMP/broken.err"
st=$?
[ "$st" -eq 5 ] || fail "truncated reply: exit $st, expected 5"
grep -q "show_bgp_summary_instance_Cust11.xml" "$TMP/broken.txt" "$TMP/broken.err" ||
	fail "truncated reply: the file is not named in the output"

# The firewall's table saved as the CLI prints it, or for another table:
# the checks that need it are unknown with a reason that says so, exit 5.
T=show_route_table_Cust11.inet.0.xml
cp -r "$SNAP/compliant" "$TMP/clitext"
printf 'Cust11.inet.0: 8 destinations, 8 routes (7 active, 0 holddown, 1 hidden)\n+ = Active Route\n' \
	> "$TMP/clitext/SEA-SRX42-01/$T"
cp -r "$SNAP/compliant" "$TMP/othertable"
sed 's/Cust11\.inet\.0/Cust12.inet.0/g' "$SNAP/compliant/SEA-SRX42-01/$T" > "$TMP/othertable/SEA-SRX42-01/$T"
table_unknown clitext 5
table_unknown othertable 5
# A FIFO in place of a reply would block for ever: refused, naming the file.
cp -r "$SNAP/compliant" "$TMP/fifo"
rm "$TMP/fifo/SEA-SRX42-01/$T"
mkfifo "$TMP/fifo/SEA-SRX42-01/$T"
"$ERGUARD" check --from "$TMP/fifo" --format xml > "$TMP/fifo.xml" 2>/dev/null &
pid=$!
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then
	kill "$pid"
	fail "FIFO in a snapshot: check --from still runs after 10 s"
else
	wait "$pid"
	st=$?
	[ "$st" -eq 1 ] || fail "FIFO in a snapshot: exit $st, expected 1"
	grep -q "show_route_table_Cust11.inet.0.xml: not a regular file" "$TMP/fifo.xml" ||
		fail "FIFO in a snapshot: the report does not name the file"
fi

grep -q "CLI text, not XML: save it with .| display xml." "$TMP/clitext.xml" ||
	fail "CLI text: the report does not say so"
grep -q "holds table Cust12.inet.0, not Cust11.inet.0" "$TMP/othertable.xml" ||
	fail "another table: the report does not name both tables"

# Device filter: only CE1 -> checks needing the firewall are skipped, none unknown.
"$ERGUARD" check --from "$SNAP/compliant" --device SEA-MX03-01 --format xml > "$TMP/ce1.xml"
st=$?
[ "$st" -eq 0 ] || fail "--device SEA-MX03-01: exit $st, expected 0"
[ "$(statuses "$TMP/ce1.xml" active-path)" = "skipped" ] || fail "--device: active-path not skipped"
expect_status 2 "$ERGUARD" check --from "$SNAP/compliant" --device NO-SUCH-BOX

# Not a directory, or one with no folder for any device checked (an empty
# one, a device's own folder, the folder above the snapshot): a usage error
# in one line, not every check unknown.
expect_status 2 "$ERGUARD" check --from "$TMP/does-not-exist"
expect_status 2 "$ERGUARD" check --from "$SNAP/compliant/EXPECTED"
mkdir "$TMP/empty"
for d in "$TMP/empty" "$SNAP/compliant/SEA-MX03-01" "$SNAP"; do
	expect_status 2 "$ERGUARD" check --from "$d" || continue
	[ "$(wc -l < "$TMP/err")" -eq 1 ] && grep -q "^erguard: $d: no folder for any device" "$TMP/err" ||
		fail "--from $d: '$(cat "$TMP/err")'"
	[ -s "$TMP/out" ] && fail "--from $d: a report was printed"
done
# ... but one device's folder is enough for a report
mkdir "$TMP/ce1" && cp -r "$SNAP/compliant/SEA-MX03-01" "$TMP/ce1/"
expect_status 1 "$ERGUARD" check --from "$TMP/ce1"

# An empty or truncated reply file: exit 5, the file and what is wrong with it.
cp -r "$SNAP/compliant" "$TMP/cut"
f="$TMP/cut/SEA-SRX42-01/show_route_table_Cust11.inet.0.xml"
: > "$f"
expect_status 5 "$ERGUARD" check --from "$TMP/cut"
grep -q "UNKNOWN  *active-path .*$f: malformed reply: no XML element in it" "$TMP/out" ||
	fail "empty reply file: $(grep active-path "$TMP/out")"
# cut after a whole line, between two elements
sed -n '1,/<\/rt-destination>/p' "$SNAP/compliant/SEA-SRX42-01/show_route_table_Cust11.inet.0.xml" > "$f"
expect_status 5 "$ERGUARD" check --from "$TMP/cut"
grep -q "UNKNOWN  *active-path .*$f:[0-9]*: malformed reply: truncated: it ends inside <rt>" "$TMP/out" ||
	fail "truncated reply file: $(grep active-path "$TMP/out")"
finish
