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

# A usage error is one line on stderr naming what is wrong, nothing on stdout.
C=$EG_ROOT/tests/snapshots/compliant
usage_error() {	# usage_error MESSAGE ARGS...
	msg=$1; shift
	expect_status 2 "$ERGUARD" "$@" || return
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || fail "$*: $(wc -l < "$TMP/err") lines on stderr, expected 1"
	[ -s "$TMP/out" ] && fail "$*: wrote to stdout on a usage error"
	grep -q -- "^erguard: .*$msg" "$TMP/err" || fail "$*: '$(cat "$TMP/err")' does not say '$msg'"
}
usage_error "unknown command: frobnicate" frobnicate
usage_error "check: unknown .*option --bogus" check --bogus --from "$C"
usage_error "check: unknown option -x" check -x --from "$C"
usage_error "check: --from needs an argument" check --from
usage_error "check: -c needs an argument" check -c
usage_error "check: --no-color takes no argument" check --no-color=1 --from "$C"
usage_error "check: unexpected argument: extra" check --from "$C" extra
usage_error "--format given twice" check --from "$C" --format json --format xml
usage_error "-c given twice" check -c a.xml -c b.xml --from "$C"
usage_error "--timeout given twice" check --timeout 5 --timeout 6 --from "$C"
usage_error "--timeout: not a whole number" check --timeout 1.5 --from "$C"
usage_error "--timeout: not a whole number" check --timeout -1 --from "$C"
usage_error "--timeout: not a whole number" check --timeout abc --from "$C"
usage_error "--parallel: not a whole number" check --parallel 0 --from "$C"
usage_error "unknown --format yaml" check --format yaml --from "$C"
# an option of another command is refused, not ignored
usage_error "check: -o is not an option of check" check --from "$C" -o "$TMP/snap"
usage_error "snapshot: --from is not an option of snapshot" snapshot -o "$TMP/snap" --from "$C"
usage_error "snapshot: --format is not an option of snapshot" snapshot -o "$TMP/snap" --format json
usage_error "junos-scripts: --device is not an option of junos-scripts" junos-scripts --device SEA-MX03-01
usage_error "intent show: --from is not an option of intent show" intent show --from "$C"
usage_error "intent schema: unexpected argument" intent schema some.xml
usage_error "intent needs validate, show or schema" intent
usage_error "unknown intent command: frob" intent frob
usage_error "intent validate: unexpected argument: b.xml" intent validate a.xml b.xml
usage_error "version: unexpected argument: x" version x
[ -e "$TMP/snap" ] && fail "a refused snapshot left $TMP/snap behind"
expect_status 0 "$ERGUARD" intent --help
grep -q "^usage: erguard intent" "$TMP/out" || fail "intent --help does not print intent's usage on stdout"
expect_status 0 "$ERGUARD" intent validate
grep -qx "(built-in): valid (3 devices, 1 service)" "$TMP/out" || fail "intent validate: '$(cat "$TMP/out")'"

# snapshot saves into a new or empty directory, before contacting any device
mkdir "$TMP/full" && touch "$TMP/full/old.xml"
usage_error "full: not empty" snapshot -o "$TMP/full"
usage_error "not a directory to save a snapshot in" snapshot -o "$C/EXPECTED"
usage_error "cannot create the snapshot directory" snapshot -o "$TMP/no/such/dir"
# ... that nobody else may write to, reached by no symbolic link
mkdir "$TMP/open" && chmod 0777 "$TMP/open"
usage_error "open: not a directory of this user that only it may write to" snapshot -o "$TMP/open"
mkdir "$TMP/real" && ln -s "$TMP/real" "$TMP/link"
usage_error "link: not a directory to save a snapshot in: a symbolic link" snapshot -o "$TMP/link"

# The usage text matches the man page's SYNOPSIS commands.
for cmd in check snapshot diff fix intent junos-scripts version; do
	grep -q "^\.Cm $cmd" "$EG_ROOT/agent/erguard.8" || fail "erguard.8 lacks $cmd"
	"$ERGUARD" --help | grep -q "erguard $cmd" || fail "usage lacks $cmd"
done

# Writing the report to a full device or a closed stdout fails with status 1
# and one line saying so, for every command that prints.
if [ -w /dev/full ]; then
	"$ERGUARD" check --from "$EG_ROOT/tests/snapshots/compliant" > /dev/full 2>/dev/null
	[ $? -ne 0 ] || fail "writing to /dev/full reported success"
fi
for args in "check --from $C" "check --from $C --format json" "check --from $C --format junit" \
	    "check --from $C --format xml" "intent show" "intent schema" "junos-scripts" "version"; do
	# shellcheck disable=SC2086 # the words are meant to split
	"$ERGUARD" $args >&- 2>"$TMP/err"
	st=$?
	[ "$st" -eq 1 ] || fail "$args >&-: exit $st, expected 1"
	grep -qx "erguard: cannot write to standard output: .*" "$TMP/err" ||
		fail "$args >&-: '$(cat "$TMP/err")'"
done
# libssh (with OpenSSL and Kerberos) is loaded only when an SSH session opens
if ldd "$ERGUARD" 2>/dev/null | grep -q 'libssh\.so'; then
	fail "erguard links libssh at start; it must load it when the first SSH session opens"
fi
grep -q 'libssh-4' "$EG_ROOT/packaging/debian/control" || fail "the Debian package does not depend on libssh-4"

finish
