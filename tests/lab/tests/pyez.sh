#!/bin/sh
# pyez: PyEZ from Debian (python3-junos-eznc, gather_facts=False) opens a
# session to a lab CE and the firewall, gets route-information, reads the
# configuration and commits a change in a private configuration
# (pyez_session.py).
set -eu
. "$(dirname "$0")/lib.inc"

"$PY" -c 'import jnpr.junos' 2>/dev/null || fail "$PY has no PyEZ (python3-junos-eznc)"
"$LAB" up --dir "$D" >/dev/null || fail "up"
for dev in SEA-MX03-01 SEA-SRX42-01; do
	timeout 120 "$PY" "$ROOT/tests/lab/tests/pyez_session.py" "$D" "$dev" || fail "$dev: PyEZ session"
	ok "$dev: PyEZ session, route-information and a private commit"
done
"$LAB" show --dir "$D" --device SEA-MX03-01 config | grep -q 'description "changed through PyEZ";' ||
	fail "the lab's configuration does not show the PyEZ commit"
ok "the commit shows in erguard-lab show config"
