#!/bin/sh
# world-config: the routing world follows the committed configuration.
# Removing local-preference 150 from CE2's iBGP group (as a commit would)
# makes the firewall's paths through CE2 carry LP 100 and rank below both
# VPN paths, while CE1 keeps the traffic; removing it from CE1 as well moves
# the hub to the VPN.
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
LAB=${ERGUARD_LAB:-$ROOT/build/erguard-lab}
FW=SEA-SRX42-01
D=$(mktemp -d /tmp/eg-world-config.XXXXXX)
cleanup() { "$LAB" down --dir "$D" >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
fail() { echo "world-config: $*" >&2; exit 1; }

# the "from" peers of the paths to 10.17.11.0/25 on the firewall, in rank order
hub_paths() {
	"$LAB" show --dir "$D" --device $FW rib | awk '
		/^[0-9]/ { inhub = ($1 == "10.17.11.0/25") }
		inhub && /\[BGP\/170\]/ { sub(/.*localpref /, ""); sub(/, from /, "@"); printf "%s ", $0 }'
}

drop_lp() {	# device
	f="$D/devices/$1/committed.xml"
	grep -q '<local-preference>150</local-preference>' "$f" || fail "$1: no local-preference 150 to remove"
	sed '/<local-preference>150<\/local-preference>/d' "$f" >"$f.new" && mv "$f.new" "$f"
}

"$LAB" up --dir "$D" --scenario compliant >/dev/null
got=$(hub_paths)
want="150@192.168.11.0 150@192.168.11.2 100@10.17.11.76 100@10.17.11.77 "
[ "$got" = "$want" ] || fail "compliant: paths '$got', want '$want'"

drop_lp SEA-MX03-02
got=$(hub_paths)
want="150@192.168.11.0 100@10.17.11.76 100@10.17.11.77 100@192.168.11.2 "
[ "$got" = "$want" ] || fail "CE2 without LP: paths '$got', want '$want'"
"$LAB" show --dir "$D" --device $FW rib | grep -q 'Inactive reason: Local Preference' ||
	fail "CE2 without LP: no inactive reason"

drop_lp SEA-MX03-01
got=$(hub_paths)
want="100@10.17.11.76 100@10.17.11.77 100@192.168.11.0 100@192.168.11.2 "
[ "$got" = "$want" ] || fail "no LP on either CE: paths '$got', want '$want'"
echo "world-config: ok"
