#!/bin/sh
# watch.sh - erguard watch's command line: its help, its own options
# (--interval, --metrics, in both spellings) and the errors that stop it
# before any device is contacted (the lab test, tests/integration/watch.sh,
# runs it against devices).
. "$(dirname "$0")/lib.inc"

usage_error() {	# usage_error MESSAGE ARGS...
	msg=$1; shift
	expect_status 2 "$ERGUARD" "$@" || return
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || fail "$*: $(wc -l < "$TMP/err") lines on stderr"
	[ -s "$TMP/out" ] && fail "$*: wrote to stdout on a usage error"
	grep -q -- "^erguard: .*$msg" "$TMP/err" || fail "$*: '$(cat "$TMP/err")' does not say '$msg'"
}

# ---- --help: the synopsis, then a line for each option, watch's own included
expect_status 0 "$ERGUARD" watch --help
[ -s "$TMP/err" ] && fail "watch --help wrote to stderr"
grep -q "^usage: erguard watch .*--interval S.*--metrics FILE" "$TMP/out" || fail "watch --help: $(head -1 "$TMP/out")"
for opt in -c --device --interval --metrics --timeout --parallel --accept-new-hostkeys \
	--ssh-config --color --no-color -v -q -h; do
	sed -n '/^options:/,$p' "$TMP/out" | grep -Eq -- "^  ($opt[ ,]|-., $opt )" ||
		fail "watch --help does not list $opt"
done
sed -n '/^options:/,$p' "$TMP/out" | grep -Eq -- "--format|--from|--output" && fail "watch --help lists check-only options"
"$ERGUARD" watch -h > "$TMP/h" && cmp -s "$TMP/h" "$TMP/out" || fail "watch -h and --help differ"
"$ERGUARD" --help | grep -q "^ *erguard watch " || fail "the usage lacks watch"
grep -q "^\.Cm watch" "$EG_ROOT/agent/erguard.8" || fail "erguard.8 lacks watch"

# ---- its own options: checked, once each, both spellings
usage_error "--interval: not a whole number from 1 to 100000: 0" watch --interval 0
usage_error "--interval: not a whole number from 1 to 100000: 1.5" watch --interval=1.5
usage_error "--interval: not a whole number from 1 to 100000: abc" watch --interval abc
usage_error "--interval given twice" watch --interval 5 --interval=6
usage_error "--metrics given twice" watch --metrics a.prom --metrics=b.prom
usage_error "watch: --metrics needs an argument" watch --metrics
usage_error "--metrics needs a file name" watch --metrics=
usage_error "watch: --interval needs an argument" watch --interval
# check's options that are not watch's are refused, not ignored
usage_error "watch: --format is not an option of watch" watch --format json
usage_error "watch: --from is not an option of watch" watch --from "$EG_ROOT/tests/snapshots/compliant"
usage_error "watch: unknown or ambiguous option --bogus" watch --bogus
usage_error "watch: unexpected argument: extra" watch --interval 5 extra
# an unknown device stops it before any session is opened
usage_error "NOPE" watch --interval 5 --device NOPE
# an option's argument is never taken for one of watch's own options:
# here -c's file is named "--interval", which does not exist (exit 3)
expect_status 3 "$ERGUARD" watch -c --interval --device NOPE
grep -q -- "--interval" "$TMP/err" || fail "-c --interval: $(cat "$TMP/err")"
printf '<bad' > "$TMP/bad.xml"
expect_status 3 "$ERGUARD" watch -c "$TMP/bad.xml" --metrics "$TMP/m.prom"
[ -e "$TMP/m.prom" ] && fail "metrics written for an invalid intent"

finish
