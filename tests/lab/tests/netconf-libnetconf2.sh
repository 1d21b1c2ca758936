#!/bin/sh
# netconf-libnetconf2: the reference NETCONF client (libnetconf2) talks to
# a lab device over SSH, host key checked against the lab's known_hosts:
# lock, <get-config> with a subtree filter on the routing instance,
# <commit>, unlock, close; then, with the lock held by another user (a
# fault), its <lock> is refused the Junos way.
set -eu
. "$(dirname "$0")/lib.inc"

cc -std=c11 -I"$ROOT/tests/unit/lib" -o "$D/nc_client" "$ROOT/tests/lab/tests/nc_client.c" \
	"$ROOT/tests/unit/lib/nc_lib_module.c" \
	$(pkg-config --cflags libnetconf2 libyang libssh) -lnetconf2 -lyang -lssh ||
	fail "cannot build the libnetconf2 client"
"$LAB" up --dir "$D" >/dev/null || fail "up"
user=$(id -un)
for dev in SEA-MX03-01 SEA-SRX42-01; do
	timeout 60 "$D/nc_client" "$(port $dev)" "$user" "$D/id_ed25519" "$D/known_hosts" Cust11 ||
		fail "$dev: libnetconf2 session"
	ok "$dev: libnetconf2 locked, read the configuration, committed and unlocked"
done
# the commit went into the history
[ -f "$D/devices/SEA-MX03-01/rollback.1.xml" ] || fail "the commit left no rollback history"
"$LAB" fault --dir "$D" --device SEA-MX03-02 lock >/dev/null || fail "fault lock"
timeout 60 "$D/nc_client" "$(port SEA-MX03-02)" "$user" "$D/id_ed25519" "$D/known_hosts" Cust11 --expect-lock-denied ||
	fail "lock not refused while held by another user"
ok "libnetconf2's lock refused while admin holds it"
