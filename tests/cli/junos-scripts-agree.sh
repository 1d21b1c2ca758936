#!/bin/sh
# junos-scripts-agree.sh - erguard and the on-box commit script agree.
#
# For every commit-script case, the configuration the script judged is
# turned into an offline snapshot (junos-scripts/lib/to-snapshot.xsl) and
# erguard checks it; erguard's lp-config and bfd-config verdicts must equal
# those the case's expected-erguard.txt states (junos-scripts/run-tests.sh
# already holds the script to the same file).  vpn-no-more-specific is
# judged by erguard from what the firewall advertises, which a
# configuration alone does not show, so it is left to run-tests.sh.
. "$(dirname "$0")/lib.inc"
CASES=$EG_ROOT/junos-scripts/erguard-commit/cases
n=0

"$ERGUARD" intent show > "$TMP/default.xml" || fail "intent show"
# the reference design without BFD in the intent
awk '/<bfd>/{skip=1} !skip{print} /<\/bfd>/{skip=0}' "$TMP/default.xml" > "$TMP/nobfd.xml"

for c in "$CASES"/*/; do
	exp=$c/expected-erguard.txt
	[ -f "$exp" ] || continue
	dev=$(sed -n 's/^# device \([^ ]*\) .*/\1/p' "$exp" | head -1)
	[ -n "$dev" ] || continue
	# a case that needs an intent other than the reference design's is judged by run-tests.sh only
	if grep -q "is not in the default intent" "$exp"; then
		continue
	fi
	intent=$TMP/default.xml
	grep -q "without the bfd container" "$exp" && intent=$TMP/nobfd.xml
	snap=$TMP/snap-$(basename "$c")
	mkdir -p "$snap/$dev"
	xsltproc "$EG_ROOT/junos-scripts/lib/to-snapshot.xsl" "$c/input.xml" > "$snap/$dev/show_configuration.xml" ||
		{ fail "$(basename "$c"): to-snapshot"; continue; }
	"$ERGUARD" check -c "$intent" --from "$snap" --device "$dev" --format xml > "$snap/report.xml" 2>/dev/null
	grep -E '^(lp-config|bfd-config) ' "$exp" | while read -r check want svc; do
		got=$(xmllint --xpath "//*[local-name()='result'][*[local-name()='check']='$check'][*[local-name()='service']='$svc'][contains(*[local-name()='scope'],'$dev')]/*[local-name()='status']/text()" "$snap/report.xml" 2>/dev/null)
		if [ "$got" != "$want" ]; then
			echo "FAIL: $(basename "$c"): erguard $check $svc on $dev is '$got', the commit script says '$want'" >&2
			echo x >> "$TMP/failures"
		fi
	done
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n cases compared"
[ -f "$TMP/failures" ] && NFAIL=$((NFAIL + $(wc -l < "$TMP/failures")))
echo "$n cases compared"
finish
