#!/bin/sh
# scenarios.sh - erguard live against the Junos lab, over real SSH and
# NETCONF on loopback: every scenario gives exactly the failing checks its
# data file lists (and every other check passes or is skipped), the
# compliant one exits 0, and a snapshot taken live gives the same report
# offline (among them the MED and the communities a CE sends its MSEE).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB=${ERGUARD_LAB:-$ROOT/build/erguard-lab}
EG=${ERGUARD:-$ROOT/build/erguard}
TMP=$(mktemp -d /tmp/eg-int.XXXXXX)
D=$TMP/lab
NFAIL=0
cleanup() { "$LAB" down --dir "$D" >/dev/null 2>&1; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; NFAIL=$((NFAIL + 1)); }

# verdicts REPORT.xml: "check|scope|status" lines, sorted (an IPv6
# result's scope ends in " inet6", its family leaf follows the scope)
verdicts() {
	tr -d '\n' < "$1" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *\(<family>[^<]*</family>\)* *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1|\2|\4#p' | sort
}

for f in "$ROOT"/tests/lab/scenarios/*.xml; do
	name=$(basename "$f" .xml)
	rm -rf "$D"
	if ! "$LAB" up --dir "$D" --scenario "$name" > "$TMP/up.log" 2>&1; then
		fail "$name: lab did not start: $(tail -3 "$TMP/up.log")"
		continue
	fi
	xmllint --xpath "//*[local-name()='expect-fail']/*[local-name()='check']/text()" "$f" 2>/dev/null |
		tr ' ' '\n' | sed '/^$/d' | sort -u > "$TMP/want"
	"$EG" check -c "$D/intent.xml" --format xml > "$TMP/r.xml" 2> "$TMP/err"
	st=$?
	want_st=1
	[ -s "$TMP/want" ] || want_st=0
	[ "$st" -eq "$want_st" ] || fail "$name: exit $st, expected $want_st: $(head -3 "$TMP/err")"
	verdicts "$TMP/r.xml" > "$TMP/v"
	awk -F'|' '$3 == "fail" || $3 == "unknown" {print $1}' "$TMP/v" | sort -u > "$TMP/got"
	if ! cmp -s "$TMP/want" "$TMP/got"; then
		fail "$name: failing checks differ (want | got)"
		diff "$TMP/want" "$TMP/got" | sed 's/^/    /' >&2
	fi
	# unknown only where the scenario says so (<check status="unknown">): nothing to compare
	xmllint --xpath "//*[local-name()='expect-fail']/*[local-name()='check'][@status='unknown']/text()" "$f" 2>/dev/null |
		tr ' ' '\n' | sed '/^$/d' | sort -u > "$TMP/want_unknown"
	awk -F'|' '$3 == "unknown" {print $1}' "$TMP/v" | sort -u > "$TMP/got_unknown"
	cmp -s "$TMP/want_unknown" "$TMP/got_unknown" ||
		fail "$name: unknown checks differ (want: $(tr '\n' ' ' < "$TMP/want_unknown"); got: $(grep '|unknown$' "$TMP/v" | head -3))"
	# a dual-stack lab is judged in both families, and each holds or fails as its IPv4 twin does
	if grep -q 'option name="dual-stack"' "$f"; then
		grep -q ' inet6|' "$TMP/v" || fail "$name: no IPv6 result"
		sed -n 's/^\([^|]*\)|\([^|]*\) inet6|\(.*\)$/\1|\2|\3/p' "$TMP/v" > "$TMP/v6"
		grep -v ' inet6|' "$TMP/v" | grep -F -f "$TMP/v6" > "$TMP/v4"
		cmp -s "$TMP/v6" "$TMP/v4" || { fail "$name: the families differ"; diff "$TMP/v4" "$TMP/v6" | head >&2; }
	fi
	[ "$(wc -l < "$TMP/v")" -ge 20 ] || fail "$name: only $(wc -l < "$TMP/v") results"
	# A snapshot taken live judges the same offline.
	if [ "$name" = compliant ] || [ "$name" = lp-config ] || [ "$name" = compliant-cluster ] ||
	   [ "$name" = lp-groups ] || [ "$name" = lp-policy ] || [ "$name" = dual-stack ] ||
	   [ "$name" = er-adv-med ] || [ "$name" = er-adv-community ]; then
		"$EG" snapshot -c "$D/intent.xml" -o "$TMP/snap-$name" > /dev/null 2>"$TMP/serr" ||
			fail "$name: snapshot failed: $(head -3 "$TMP/serr")"
		"$EG" check -c "$D/intent.xml" --from "$TMP/snap-$name" --format xml > "$TMP/o.xml" 2>/dev/null
		verdicts "$TMP/o.xml" > "$TMP/vo"
		cmp -s "$TMP/v" "$TMP/vo" || { fail "$name: offline report differs from live"; diff "$TMP/v" "$TMP/vo" | head >&2; }
	fi
	"$LAB" down --dir "$D" > /dev/null 2>&1
	echo "ok $name ($(wc -l < "$TMP/want") failing)"
done
[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
