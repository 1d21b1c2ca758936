#!/bin/sh
# demo.sh BUILD - the erguard story in under a minute (make demo).
#
# With the Junos lab built (BUILD/erguard-lab), three emulated devices are
# started on loopback, erguard checks them live, CE2 loses its
# local-preference through a NETCONF commit, erguard shows the deviation,
# plans the repair, applies it under commit confirmed and checks again,
# then rehearses the ExpressRoute-to-VPN failover with erguard drill and
# prints its timeline, and the lab is brought down.  Without the lab, the same story is told
# from the saved snapshots of the reference design.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EG=$ROOT/$BUILD/erguard
LAB=$ROOT/$BUILD/erguard-lab
export NO_COLOR=${NO_COLOR:-}

say() { printf '\n==> %s\n' "$*"; }

if [ -x "$LAB" ]; then
	DIR=$(mktemp -d)
	trap '"$LAB" down --dir "$DIR" >/dev/null 2>&1; rm -rf "$DIR"' EXIT INT TERM
	say "Starting the Junos lab: CE1 SEA-MX03-01, CE2 SEA-MX03-02, firewall SEA-SRX42-01 (sshd + NETCONF on 127.0.0.1)"
	"$LAB" up --dir "$DIR" --scenario compliant || exit 1
	say "erguard check: the reference design, live over NETCONF"
	"$EG" check -c "$DIR/intent.xml"
	echo "(exit status $?)"
	say "An engineer removes 'local-preference 150' from CE2's ibgp group and commits"
	if [ -x "$ROOT/tests/lab/tests/demo-break.sh" ]; then
		sh "$ROOT/tests/lab/tests/demo-break.sh" "$DIR" || exit 1
	else
		"$LAB" break --dir "$DIR" --device SEA-MX03-02 lp-config || exit 1
	fi
	say "erguard check again: the deviation, and what it does to the firewall's routes"
	"$EG" check -c "$DIR/intent.xml"
	st=$?
	echo "(exit status $st: deviations)"
	say "erguard fix: the change that repairs it, planned from the intent (nothing is written)"
	"$EG" fix -c "$DIR/intent.xml"
	echo "(exit status $?: a change is planned)"
	say "erguard fix --apply: lock, load, commit check, commit confirmed, re-check, confirm"
	"$EG" fix -c "$DIR/intent.xml" --apply --yes --settle-seconds 20 || exit 1
	say "erguard check after the repair"
	"$EG" check -c "$DIR/intent.xml" || exit 1
	echo "(exit status 0: compliant again)"
	say "erguard drill: both ExpressRoute circuits go silent (a discarding filter, commit confirmed on each CE); BFD detects it, the firewall moves to the VPN and back"
	"$EG" drill -c "$DIR/intent.xml" --trigger blackhole --max-convergence 10 || exit 1
	echo "(exit status 0: failover and failback within 10 s, and the check passes after the restore)"
	say "Bringing the lab down"
	exit 0
fi

SNAP=$ROOT/tests/snapshots
say "erguard check on the saved replies of the reference design (CE1, CE2, firewall)"
"$EG" check --from "$SNAP/compliant"
echo "(exit status $?)"
say "The same design after CE2 lost 'local-preference 150' on its ibgp group"
"$EG" check --from "$SNAP/lp-config"
echo "(exit status $?: deviations)"
say "As JUnit for a CI job (first lines)"
"$EG" check --from "$SNAP/lp-config" --format junit | head -n 12
exit 0
