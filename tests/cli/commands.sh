#!/bin/sh
# commands.sh - COMMAND --help, --color, check --list and --check.
. "$(dirname "$0")/lib.inc"
C=$EG_ROOT/tests/snapshots/compliant

# ---- COMMAND --help: the command's synopsis, then one line per option it
# takes; every option listed is accepted by the command, and every option
# the command refuses is not listed.
ALL_OPTS="-c --intent -o --output --device --check --list --format --from --azure-learned
--azure-advertised --live --timeout --parallel --accept-new-hostkeys --ssh-config --color
--no-color -v --verbose -q --quiet -h --help"
for cmd in check snapshot diff "intent show" "intent validate" junos-scripts version; do
	# shellcheck disable=SC2086
	expect_status 0 "$ERGUARD" $cmd --help || continue
	[ -s "$TMP/err" ] && fail "$cmd --help wrote to stderr: $(cat "$TMP/err")"
	first=${cmd%% *}
	grep -q "^usage: erguard $first" "$TMP/out" || fail "$cmd --help: no synopsis of $first"
	sed -n '/^options:/,$p' "$TMP/out" | sed 1d > "$TMP/opts"
	[ -s "$TMP/opts" ] || fail "$cmd --help lists no option"
	# one line each: the option, then what it does
	awk 'NF < 3 || $1 !~ /^-/ { bad = 1 } END { exit bad }' "$TMP/opts" ||
		fail "$cmd --help: an option line without its description: $(cat "$TMP/opts")"
	for opt in $ALL_OPTS; do
		listed=0
		# the spelling column, before the description
		sed 's/^  \(.*[^ ]\)   *[^-].*/\1/' "$TMP/opts" | grep -Eq -- "(^| )$opt(,| |$)" && listed=1
		[ "$first" = version ] && { [ $listed -eq 0 ] || [ "$opt" = -h ] || [ "$opt" = --help ] ||
			fail "version --help lists $opt"; continue; }
		# shellcheck disable=SC2086
		"$ERGUARD" $cmd "$opt" x >/dev/null 2>"$TMP/err2" </dev/null
		refused=0
		grep -q "is not an option of" "$TMP/err2" && refused=1
		if [ $listed -eq 1 ] && [ $refused -eq 1 ]; then
			fail "$cmd --help lists $opt, which $cmd refuses"
		elif [ $listed -eq 0 ] && [ $refused -eq 0 ]; then
			fail "$cmd takes $opt, which its --help does not list"
		fi
	done
done
# -h is the same as --help; intent --help is intent's
"$ERGUARD" check -h > "$TMP/h1" && "$ERGUARD" check --help > "$TMP/h2" &&
	cmp -s "$TMP/h1" "$TMP/h2" || fail "check -h and check --help differ"
expect_status 0 "$ERGUARD" intent --help
grep -q "^usage: erguard intent" "$TMP/out" || fail "intent --help: $(head -1 "$TMP/out")"
grep -q -- "--format FMT  *xml (default) or json" "$TMP/out" || fail "intent --help: --format not intent's"
# the whole usage still names every command, as erguard(8) does
for cmd in check snapshot diff intent junos-scripts version; do
	"$ERGUARD" --help | grep -q "erguard $cmd" || fail "usage lacks $cmd"
	grep -q "^\.Cm $cmd" "$EG_ROOT/agent/erguard.8" || fail "erguard.8 lacks $cmd"
done

# ---- colour: never when output is no terminal, TERM=dumb, NO_COLOR set;
# --color always|never|auto decides; --no-color is never.
ESC=$(printf '\033')
has_color() { grep -q "$ESC\[" "$1"; }
L=$EG_ROOT/tests/snapshots/lp-config
"$ERGUARD" check --from "$L" > "$TMP/plain"
has_color "$TMP/plain" && fail "colour written to a file"
"$ERGUARD" check --from "$L" --color always > "$TMP/always"
has_color "$TMP/always" || fail "--color always wrote no colour"
NO_COLOR=1 "$ERGUARD" check --from "$L" --color=always > "$TMP/always2"
has_color "$TMP/always2" || fail "--color=always lost to NO_COLOR"
"$ERGUARD" check --from "$L" --color never > "$TMP/never"
has_color "$TMP/never" && fail "--color never wrote colour"
# the same text but for colour (the last line holds the run's duration)
sed "s/$ESC\[[0-9;]*m//g; \$d" "$TMP/always" > "$TMP/a1"; sed '$d' "$TMP/plain" > "$TMP/p1"
cmp -s "$TMP/a1" "$TMP/p1" || fail "colour changed the text"
# on a terminal (script(1) gives one): auto colours unless TERM=dumb or NO_COLOR
tty_run() {	# tty_run OUT ENV... : erguard check on a pseudo-terminal
	out=$1; shift
	env "$@" script -qec "'$ERGUARD' check --from '$L'" /dev/null > "$out" 2>&1
}
if command -v script >/dev/null 2>&1; then
	tty_run "$TMP/tty" TERM=xterm NO_COLOR=
	has_color "$TMP/tty" || fail "no colour on a terminal"
	tty_run "$TMP/dumb" TERM=dumb NO_COLOR=
	has_color "$TMP/dumb" && fail "colour with TERM=dumb"
	tty_run "$TMP/nc" TERM=xterm NO_COLOR=1
	has_color "$TMP/nc" && fail "colour with NO_COLOR set"
	env TERM=xterm script -qec "'$ERGUARD' check --from '$L' --no-color" /dev/null > "$TMP/tnc" 2>&1
	has_color "$TMP/tnc" && fail "colour with --no-color on a terminal"
else
	fail "script(1) is missing: cannot test colour on a terminal"
fi
usage_error() {	# usage_error MESSAGE ARGS...
	msg=$1; shift
	expect_status 2 "$ERGUARD" "$@" || return
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || fail "$*: $(wc -l < "$TMP/err") lines on stderr"
	[ -s "$TMP/out" ] && fail "$*: wrote to stdout on a usage error"
	grep -q -- "^erguard: .*$msg" "$TMP/err" || fail "$*: '$(cat "$TMP/err")' does not say '$msg'"
}
usage_error "unknown --color sometimes" check --from "$C" --color sometimes
usage_error "only one, once" check --from "$C" --color always --no-color
usage_error "check: --color needs an argument" check --from "$C" --color

# ---- check --list: the catalogue, each check once with its scope and title;
# the same ids the report of a full run holds.
expect_status 0 "$ERGUARD" check --list || true
sed 1d "$TMP/out" | awk '{ print $1 }' | sort > "$TMP/listed"
"$ERGUARD" check --from "$C" --format xml > "$TMP/report.xml"
xmllint --xpath "//*[local-name()='result']/*[local-name()='check']/text()" "$TMP/report.xml" |
	tr ' ' '\n' | sed '/^$/d' | sort -u > "$TMP/run"
cmp -s "$TMP/listed" "$TMP/run" || fail "check --list differs from the checks a run reports: $(diff "$TMP/listed" "$TMP/run")"
[ "$(sort -u "$TMP/listed" | wc -l)" -eq "$(wc -l < "$TMP/listed")" ] || fail "a check listed twice"
grep -q "^lp-config  *CE  *Each CE's iBGP group" "$TMP/out" || fail "lp-config's row: $(grep lp-config "$TMP/out")"
grep -q "^active-path  *firewall  *The firewall's active route" "$TMP/out" || fail "active-path's row"
"$ERGUARD" check --list --check bfd-state | sed 1d | awk '{ print $1 }' > "$TMP/one"
[ "$(cat "$TMP/one")" = bfd-state ] || fail "check --list --check bfd-state: $(cat "$TMP/one")"
usage_error "--list takes no option but" check --list --from "$C"

# ---- --check ID: only those checks run, and only their queries are read.
"$ERGUARD" check --from "$L" --check lp-config --check bfd-config --format xml > "$TMP/sel.xml"
xmllint --xpath "//*[local-name()='result']/*[local-name()='check']/text()" "$TMP/sel.xml" |
	tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ' > "$TMP/selected"
[ "$(cat "$TMP/selected")" = "bfd-config lp-config " ] || fail "--check ran: $(cat "$TMP/selected")"
expect_status 1 "$ERGUARD" check --from "$L" --check lp-config
expect_status 0 "$ERGUARD" check --from "$L" --check bfd-config
usage_error "check: --check frob: no such check" check --from "$C" --check frob
usage_error "diff: --check frob: no such check" diff "$C" "$C" --check frob
# A snapshot holding only the devices' configuration answers lp-config
# (the CEs' statements and export policies, the firewall's import policies)
# and bfd-config: with --check nothing else is asked for, so nothing is
# unknown.
mkdir "$TMP/cfg"
for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
	mkdir "$TMP/cfg/$d" && cp "$C/$d/show_configuration_routing-instances_Cust11.xml" "$TMP/cfg/$d/"
done
expect_status 0 "$ERGUARD" check --from "$TMP/cfg" --check lp-config --check bfd-config
grep -q "^UNKNOWN" "$TMP/out" && fail "--check lp-config read what it does not need: $(cat "$TMP/out")"
expect_status 1 "$ERGUARD" check --from "$TMP/cfg"
grep -q "^UNKNOWN" "$TMP/out" || fail "the partial snapshot judged whole left nothing unknown"
expect_status 1 "$ERGUARD" check --from "$TMP/cfg" --check lp-config --check active-path

finish
