#!/bin/sh
# usage.sh - exit statuses and messages of the command line itself.
. "$(dirname "$0")/lib.inc"

expect_status 2 "$ERGUARD"
expect_status 2 "$ERGUARD" frobnicate
grep -q "unknown command: frobnicate" "$TMP/err" || fail "unknown command not named"
expect_status 0 "$ERGUARD" --help
grep -q "^usage: erguard check" "$TMP/out" || fail "--help does not print usage on stdout"
expect_status 0 "$ERGUARD" version
grep -q "^erguard [0-9]" "$TMP/out" || fail "version output"
expect_status 2 "$ERGUARD" check --format yaml --from "$EG_ROOT/tests/snapshots/compliant"
grep -q "unknown --format yaml" "$TMP/err" || fail "bad --format not named"
expect_status 2 "$ERGUARD" check --timeout 0
expect_status 2 "$ERGUARD" snapshot
grep -q "needs -o DIR" "$TMP/err" || fail "snapshot without -o"

# The usage text matches the man page's SYNOPSIS commands.
for cmd in check snapshot intent junos-scripts version; do
	grep -q "^\.Cm $cmd" "$EG_ROOT/agent/erguard.8" || fail "erguard.8 lacks $cmd"
	"$ERGUARD" --help | grep -q "erguard $cmd" || fail "usage lacks $cmd"
done

# Writing the report to a full device fails with a non-zero status.
if [ -w /dev/full ]; then
	"$ERGUARD" check --from "$EG_ROOT/tests/snapshots/compliant" > /dev/full 2>/dev/null
	[ $? -ne 0 ] || fail "writing to /dev/full reported success"
fi
# libssh (with OpenSSL and Kerberos) is loaded only when an SSH session opens
if ldd "$ERGUARD" 2>/dev/null | grep -q 'libssh\.so'; then
	fail "erguard links libssh at start; it must load it when the first SSH session opens"
fi
grep -q 'libssh-4' "$EG_ROOT/packaging/debian/control.in" || fail "the Debian package does not depend on libssh-4"

finish
