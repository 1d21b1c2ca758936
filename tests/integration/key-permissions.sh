#!/bin/sh
# key-permissions.sh - a private key that others may read or write is
# refused as OpenSSH refuses it, naming the file and its mode: over libssh
# erguard checks it itself (exit 4, "Permissions 0666 for '...' are too
# open"), through the exec transport it shows ssh's own reason rather than
# only "Permission denied (publickey)".  With the mode put back, both
# reach every device.  Loopback only.
. "$(dirname "$0")/lib.inc"

"$LAB" up --dir "$D" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }
sed 's#<transport>ssh</transport>#<transport>exec</transport>#' "$D/intent.xml" > "$TMP/exec.xml"

# run NAME INTENT WANT: one check; stderr in $TMP/NAME.err
run() {
	timeout 60 "$EG" check -c "$2" --format xml > "$TMP/$1.xml" 2> "$TMP/$1.err"
	st=$?
	[ "$st" -eq "$3" ] || fail "$1: exit $st, expected $3: $(head -3 "$TMP/$1.err")"
}

chmod 0666 "$D/id_ed25519"
run libssh-open "$D/intent.xml" 4
grep -q "Permissions 0666 for '$D/id_ed25519' are too open" "$TMP/libssh-open.err" ||
	fail "libssh: the refusal does not name the key and its mode: $(head -3 "$TMP/libssh-open.err")"
run exec-open "$TMP/exec.xml" 4
grep -q "private key refused for its permissions" "$TMP/exec-open.err" ||
	fail "exec: ssh's reason is not shown: $(head -3 "$TMP/exec-open.err")"

chmod 0600 "$D/id_ed25519"
run libssh-ok "$D/intent.xml" 0
run exec-ok "$TMP/exec.xml" 0

[ "$NFAIL" -eq 0 ] && echo "all passed"
exit "$NFAIL"
