#!/bin/sh
# junos-scripts-agree.sh - erguard and the on-box commit script agree.
#
# For every commit-script case, the configuration the script judged is
# turned into an offline snapshot (junos-scripts/lib/to-snapshot.xsl) and
# erguard checks it; erguard's verdicts must equal those the case's
# expected-erguard.txt states (junos-scripts/run-tests.sh already holds the
# script to the same file):
#
#   lp-config, bfd-config   erguard judges the configuration itself (with
#                           a second service, Cust12, in the intent for the
#                           case of several routing instances); where an
#                           export policy sets the local-preference, both
#                           name the same policy and term.
#   vpn-no-more-specific    erguard judges what the firewall advertises to
#                           its VPN peers against what the CEs advertise to
#                           the MSEEs, so the advertisements are derived from
#                           the case's configuration: `erguard-lab advertise`
#                           lays it over the firewall of the lab's reference
#                           world (offline, no sshd) and saves every device's
#                           advertising-protocol replies into the snapshot.
#
# The world the firewall case runs in: the reference design, plus one
# directly connected subnet for every prefix the case's policy-options
# name (route-filter addresses and prefix-list items, deactivated ones
# included) - the site has the routes its policies speak of.  An exact
# filter inside the ExpressRoute prefix then exports a real route, as the
# script assumes when it refuses the commit, and an orlonger filter exports
# only what exists, as the script assumes when it merely warns.
. "$(dirname "$0")/lib.inc"
CASES=$EG_ROOT/junos-scripts/erguard-commit/cases
LAB=${ERGUARD_LAB:-$(dirname "$ERGUARD")/erguard-lab}
[ -x "$LAB" ] || { fail "$LAB was not built: vpn-no-more-specific cannot be compared"; finish; }
n=0
nv=0
np=0

# verdicts CASE REPORT DEVICE CHECK... : compare erguard's statuses in REPORT
# with the case's expected lines for those checks
verdicts() {
	_case=$1 _rep=$2 _dev=$3
	shift 3
	for _check in "$@"; do
		grep -E "^$_check " "$CASES/$_case/expected-erguard.txt" | while read -r check want svc; do
			got=$(xmllint --xpath "//*[local-name()='result'][*[local-name()='check']='$check'][*[local-name()='service']='$svc'][contains(*[local-name()='scope'],'$_dev')]/*[local-name()='status']/text()" "$_rep" 2>/dev/null)
			if [ "$got" != "$want" ]; then
				echo "FAIL: $_case: erguard $check $svc on $_dev is '$got', the commit script says '$want'" >&2
				echo x >> "$TMP/failures"
			fi
		done
	done
}

"$ERGUARD" intent show > "$TMP/default.xml" || fail "intent show"
# the reference design without BFD in the intent
awk '/<bfd>/{skip=1} !skip{print} /<\/bfd>/{skip=0}' "$TMP/default.xml" > "$TMP/nobfd.xml"
# the reference design with a second service, Cust12, shaped like Cust11
awk '/<service>/{s=1} s{buf=buf $0 "\n"} /<\/service>/{s=0}
     /<\/intent>/{gsub(/Cust11/, "Cust12", buf); printf "%s", buf} {print}' "$TMP/default.xml" > "$TMP/cust12.xml"
"$ERGUARD" intent validate "$TMP/cust12.xml" >/dev/null || fail "the Cust12 intent does not validate"

for c in "$CASES"/*/; do
	exp=$c/expected-erguard.txt
	[ -f "$exp" ] || continue
	dev=$(sed -n 's/^# device \([^ ]*\) .*/\1/p' "$exp" | head -1)
	[ -n "$dev" ] || continue
	intent=$TMP/default.xml
	# a second routing instance: the reference design with a Cust12 service like Cust11
	grep -q "Cust12 is not in the default intent" "$exp" && intent=$TMP/cust12.xml
	grep -q "without the bfd container" "$exp" && intent=$TMP/nobfd.xml
	snap=$TMP/snap-$(basename "$c")
	mkdir -p "$snap/$dev"
	xsltproc "$EG_ROOT/junos-scripts/lib/to-snapshot.xsl" "$c/input.xml" > "$snap/$dev/show_configuration.xml" ||
		{ fail "$(basename "$c"): to-snapshot"; continue; }
	"$ERGUARD" check -c "$intent" --from "$snap" --device "$dev" --format xml > "$snap/report.xml" 2>/dev/null
	verdicts "$(basename "$c")" "$snap/report.xml" "$dev" lp-config bfd-config
	# where a policy sets the value, both name the same policy and term
	src=$(sed -n 's/.*(set by \(export policy [^ ]* term [^)]*\)).*/\1/p' "$c/expected.xml" | head -1)
	if [ -n "$src" ]; then
		np=$((np + 1))
		grep -q "$src" "$snap/report.xml" ||
			fail "$(basename "$c"): the commit script blames $src, erguard does not"
	fi
	if grep -q '^vpn-no-more-specific ' "$exp" && ! grep -q '^# IPv6 route filters' "$exp"; then
		# the site's subnets: every prefix the case's policy-options name
		set --
		for p in $(xmllint --xpath "//policy-options//route-filter/address | //policy-options//prefix-list-item/name" \
			"$snap/$dev/show_configuration.xml" 2>/dev/null | sed 's/<[^>]*>/ /g'); do
			set -- "$@" --subnet "$p"
		done
		if ! EG_ROOT=$EG_ROOT "$LAB" advertise --dir "$TMP/world-$(basename "$c")" \
			--config "$snap/$dev/show_configuration.xml" --device "$dev" "$@" -o "$snap" \
			> "$snap/advertise.log" 2>&1; then
			fail "$(basename "$c"): erguard-lab advertise: $(tail -1 "$snap/advertise.log")"
			continue
		fi
		# vpn-no-more-specific needs the CEs' replies too: no device filter
		"$ERGUARD" check -c "$intent" --from "$snap" --format xml > "$snap/report-all.xml" 2>/dev/null
		verdicts "$(basename "$c")" "$snap/report-all.xml" "$dev" vpn-no-more-specific
		nv=$((nv + 1))
	fi
	n=$((n + 1))
done
[ "$n" -ge 25 ] || fail "only $n cases compared"
[ "$np" -ge 2 ] || fail "only $np cases where a policy sets local-preference"
[ "$nv" -ge 6 ] || fail "only $nv cases compared for vpn-no-more-specific"
[ -f "$TMP/failures" ] && NFAIL=$((NFAIL + $(wc -l < "$TMP/failures")))
echo "$n cases compared ($nv of them for vpn-no-more-specific too)"
finish
