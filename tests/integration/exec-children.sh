#!/bin/sh
# exec-children.sh - what erguard starts for an exec transport is clean
# and ends with the run.  CE1 is reached over libssh with a password
# variable (ssh password-env), CE2 through an exec-command that writes its
# environment to a file and leaves a "sleep" running in the background:
#   - the password variable is read once and kept from every child: the
#     exec-command's environment holds no such variable;
#   - the command leads a process group of its own, which is ended with
#     the session: no sleep is left behind, re-parented to init;
#   - the run still reaches every device of the lab (exit 0).
# Loopback only.
. "$(dirname "$0")/lib.inc"
# a sleep this test alone starts: its length names it
NAP=$((3000 + $$ % 1000))

"$LAB" up --dir "$D" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }

# CE1 over libssh with a password variable; CE2 through an exec-command
# that first writes its own environment out.
sed -e '/<name>SEA-MX03-01<\/name>/,/<\/ssh>/s#<ssh>#<ssh>\n      <password-env>EG_TEST_DEVICE_PW</password-env>#' \
    -e '/<name>SEA-MX03-02<\/name>/,/<\/device>/{
	s#<transport>ssh</transport>#<transport>exec</transport>\n    <exec-command>env > '"$TMP"'/ce2.env; sleep '"$NAP"' \&amp; exec ssh -F '"$D"'/ssh_config -s SEA-MX03-02 netconf</exec-command>#
	/<ssh>/,/<\/ssh>/d
}' "$D/intent.xml" > "$TMP/intent.xml"
"$EG" intent validate "$TMP/intent.xml" > /dev/null 2> "$TMP/verr" ||
	fail "the test's intent is not valid: $(head -3 "$TMP/verr")"

EG_TEST_DEVICE_PW=not-a-real-secret timeout 60 "$EG" check -c "$TMP/intent.xml" --format xml \
	> "$TMP/r.xml" 2> "$TMP/err"
st=$?
[ "$st" -eq 0 ] || fail "exit $st, expected 0: $(head -3 "$TMP/err")"
if [ ! -s "$TMP/ce2.env" ]; then
	fail "the exec-command did not run (no environment written)"
else
	grep -q '^PATH=' "$TMP/ce2.env" || fail "the environment file holds no PATH: not an env dump"
	if grep -q 'EG_TEST_DEVICE_PW' "$TMP/ce2.env"; then
		fail "the password variable reached another device's exec-command"
	fi
fi
grep -q 'not-a-real-secret' "$TMP/err" "$TMP/r.xml" && fail "the password shows in the output"
if pgrep -f "^sleep $NAP\$" > /dev/null; then
	fail "the exec-command's background sleep outlived the run"
	pkill -f "^sleep $NAP\$"
fi

[ "$NFAIL" -eq 0 ] && echo "all passed"
exit "$NFAIL"
