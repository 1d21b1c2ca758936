#!/bin/sh
# run-tests.sh - run every junos-scripts case with xsltproc and compare
# the output with the case's expected output, byte for byte.
#
# The scripts are copied into a scratch tree laid out like /var/db/scripts
# on a Junos box (commit/, op/, event/, import/junos.xsl), with the
# project's stand-in as import/junos.xsl, so each script's
# <xsl:import href="../import/junos.xsl"/> resolves as it does on the box.
#
#   commit  erguard-commit/cases/NAME/input.xml  -> expected.xml
#           and the verdicts it implies (lib/verdicts.xsl) must agree with
#           expected-erguard.txt's "CHECK fail|pass|skipped INSTANCE" lines
#   op      erguard-check/cases/NAME/case.xml    -> expected.txt
#   event   erguard-event/cases/NAME/input.xml   -> expected.txt
#           (with the xsl:params listed in NAME/args, "name value" lines)
#   wrappers erguard-check/wrapper, erguard-event/wrapper: the scripts
#           themselves on an input that needs no Junos extension
#
# One line per case; exit status 1 on any mismatch.  Run from anywhere.
# EG_UPDATE=1 rewrites the expected files from the current output instead
# (review the diff before committing it).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TREE=$(mktemp -d "${TMPDIR:-/tmp}/erguard-scripts.XXXXXX") || exit 2
trap 'rm -rf "$TREE"' EXIT INT TERM
mkdir -p "$TREE/import" "$TREE/commit" "$TREE/op" "$TREE/event" "$TREE/out"
cp "$HERE/lib/junos.xsl-standin" "$TREE/import/junos.xsl"
cp "$HERE"/erguard-commit/*.xsl "$TREE/commit/"
[ -d "$HERE/erguard-check" ] && cp "$HERE"/erguard-check/*.xsl "$TREE/op/"
[ -d "$HERE/erguard-event" ] && cp "$HERE"/erguard-event/*.xsl "$TREE/event/"

pass=0
fail=0

# verdict NAME EXPECTED-FILE ACTUAL-FILE
verdict() {
	if [ "${EG_UPDATE:-}" = 1 ] && [ "$2" != /dev/null ]; then
		cp "$3" "$2"
	fi
	if cmp -s "$2" "$3"; then
		pass=$((pass + 1))
		echo "ok   $1"
	else
		fail=$((fail + 1))
		echo "FAIL $1"
		diff -u "$2" "$3" | sed 's/^/     | /'
	fi
}

# run OUT XSLTPROC-ARGS... : run xsltproc into OUT; its complaints land in
# OUT too, so that they make the comparison fail
run() {
	_o=$1
	shift
	if ! xsltproc "$@" >"$_o" 2>"$_o.err"; then
		echo "xsltproc failed:" >>"$_o"
	fi
	cat "$_o.err" >>"$_o"
}

for d in "$HERE"/erguard-commit/cases/*/; do
	c=$(basename "$d")
	out="$TREE/out/commit-$c"
	run "$out.xml" "$TREE/commit/erguard-commit.xsl" "$d/input.xml"
	verdict "commit/$c" "$d/expected.xml" "$out.xml"
	# The fails the script implies must be exactly the expected-erguard fails.
	xsltproc "$HERE/lib/verdicts.xsl" "$out.xml" 2>/dev/null | sort -u >"$out.got"
	grep -v '^#' "$d/expected-erguard.txt" | awk 'NF == 3 && $2 == "fail"' | sort -u >"$out.want"
	bad=$(grep -v '^#' "$d/expected-erguard.txt" | awk 'NF && (NF != 3 || ($2 != "pass" && $2 != "fail" && $2 != "skipped"))')
	if [ -n "$bad" ]; then
		echo "malformed expected-erguard.txt lines: $bad" >>"$out.got"
	fi
	verdict "commit/$c/verdicts" "$out.want" "$out.got"
done

if [ -d "$HERE/erguard-check/cases" ]; then
	for d in "$HERE"/erguard-check/cases/*/; do
		c=$(basename "$d")
		out="$TREE/out/op-$c.txt"
		run "$out" "$TREE/op/test-erguard-check.xsl" "$d/case.xml"
		verdict "op/$c" "$d/expected.txt" "$out"
	done
fi

if [ -d "$HERE/erguard-event/cases" ]; then
	for d in "$HERE"/erguard-event/cases/*/; do
		c=$(basename "$d")
		out="$TREE/out/event-$c.txt"
		set --
		if [ -f "$d/args" ]; then
			while read -r k v; do
				[ -n "$k" ] && set -- "$@" --stringparam "$k" "$v"
			done <"$d/args"
		fi
		run "$out" "$@" "$TREE/event/test-erguard-event.xsl" "$d/input.xml"
		verdict "event/$c" "$d/expected.txt" "$out"
	done
fi

# The wrappers (the parts that call Junos extensions on the box) must at
# least compile and take their paths that need no extension.
for w in erguard-check:op erguard-event:event; do
	dir=${w%%:*} kind=${w#*:}
	d="$HERE/$dir/wrapper"
	[ -f "$d/input.xml" ] || continue
	out="$TREE/out/$kind-wrapper.xml"
	set --
	if [ -f "$d/args" ]; then
		while read -r k v; do
			[ -n "$k" ] && set -- "$@" --stringparam "$k" "$v"
		done <"$d/args"
	fi
	run "$out" "$@" "$TREE/$kind/$dir.xsl" "$d/input.xml"
	verdict "$kind/wrapper" "$d/expected.xml" "$out"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
