#!/bin/sh
# packaging-completion.sh - bash and zsh completion of erguard.
#
# The completion functions are run as the shells run them: bash's with
# COMP_WORDS and COMP_CWORD set as readline sets them, zsh's on a
# pseudo-terminal by typing the line and a TAB.  They must offer the
# commands (diff, fix, drill and watch included), each command's options
# (bash's exactly those its --help lists), the values of --format (per
# command), --color and drill's --links and --trigger, the check IDs `erguard check
# --list` prints, and after --device the devices of the intent in use:
# one whose devices are renamed, given with -c or in $ERGUARD_INTENT,
# else the built-in design.  Both packages install both files
# (packaging-deb.sh, packaging-rpm.sh); `make install` does too.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

COMP="$EG_ROOT/packaging/completion"
[ -x "$ERGUARD" ] || { fail "$ERGUARD was not built"; finish; }
mkdir -p "$TMP/bin"
ln -s "$ERGUARD" "$TMP/bin/erguard"
PATH="$TMP/bin:$PATH"
export PATH

# An intent whose devices have other names than the built-in design's.
"$ERGUARD" intent show 2>/dev/null | sed -e 's/SEA-MX03-01/LAB-CE-A/g' -e 's/SEA-MX03-02/LAB-CE-B/g' \
	-e 's/SEA-SRX42-01/LAB-FW/g' > "$TMP/lab intent.xml"
"$ERGUARD" intent validate "$TMP/lab intent.xml" > /dev/null 2>&1 ||
	fail "the renamed intent does not validate"
REF="SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01"
LAB="LAB-CE-A LAB-CE-B LAB-FW"
# The check IDs, when this erguard lists them.
CHECKS=""
if "$ERGUARD" check --list > "$TMP/list" 2>/dev/null; then
	CHECKS=$(awk '$1 ~ /^[a-z][a-z0-9-]*$/ { print $1 }' "$TMP/list" | sort -u | paste -sd' ' -)
	[ -n "$CHECKS" ] || fail "erguard check --list printed no check ID"
else
	echo "note: this erguard has no check --list; --check offers nothing"
fi

# want LABEL GOT WANTED: the sorted, unique words must be equal.
want() {
	got=$(printf '%s\n' $2 | sed '/^$/d' | sort -u | paste -sd' ' -)
	exp=$(printf '%s\n' $3 | sed '/^$/d' | sort -u | paste -sd' ' -)
	[ "$got" = "$exp" ] || fail "$1: offered [$got], expected [$exp]"
}
# has LABEL GOT WORD...: each WORD must be offered.
has() {
	label=$1 got=" $(echo $2) "; shift 2
	for w in "$@"; do
		case $got in *" $w "*) ;; *) fail "$label: $w not offered (offered:$got)" ;; esac
	done
}

# ---- bash
# bcomp WORD...: the completions of bash's function for these words (the
# last one being completed), one a line.
bcomp() {
	bash --norc --noprofile -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_erguard; printf "%s\n" "${COMPREPLY[@]}"' bcomp "$COMP/erguard.bash" "$@" 2> "$TMP/bash.err"
	[ -s "$TMP/bash.err" ] && fail "bash completion of '$*': $(head -2 "$TMP/bash.err")"
}
bash -n "$COMP/erguard.bash" 2> "$TMP/bash.err" || fail "erguard.bash: $(cat "$TMP/bash.err")"
want "bash: commands" "$(bcomp erguard '')" "check snapshot diff fix drill watch intent junos-scripts version help"
want "bash: commands d" "$(bcomp erguard d)" "diff drill"
has "bash: check options" "$(bcomp erguard check --)" --intent --device --check --list --format \
	--from --azure-learned --azure-advertised --timeout --parallel --accept-new-hostkeys \
	--ssh-config --color --no-color --verbose --quiet --help
has "bash: diff options" "$(bcomp erguard diff --)" --check --format --color --live --device
has "bash: watch options" "$(bcomp erguard watch --)" --interval --metrics --device --intent
# every option a command's --help lists is offered, and no other command's
for cmd in check snapshot diff fix drill watch intent junos-scripts; do
	"$ERGUARD" $cmd --help > "$TMP/help" 2>&1 || fail "$cmd --help: exit $?"
	has "bash: $cmd options as --help lists them" "$(bcomp erguard $cmd --)" \
		$(sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' "$TMP/help" | sort -u)
	for o in $(bcomp erguard $cmd --); do
		case $o in --*) grep -q -- "$o\b" "$TMP/help" ||
			fail "bash: $cmd offers $o, which its --help does not list" ;;
		esac
	done
done
want "bash: fix --format" "$(bcomp erguard fix --format '')" "text json xml"
want "bash: drill --format" "$(bcomp erguard drill --format '')" "text json xml junit"
want "bash: drill --trigger" "$(bcomp erguard drill --trigger '')" "bgp interface blackhole external"
want "bash: drill --links" "$(bcomp erguard drill --links '')" "primary secondary both"
want "bash: intent subcommands" "$(bcomp erguard intent '')" "validate show schema"
want "bash: check --format" "$(bcomp erguard check --format '')" "text json xml junit"
want "bash: diff --format" "$(bcomp erguard diff --format '')" "text json junit"
want "bash: intent --format" "$(bcomp erguard intent show --format '')" "xml json"
want "bash: --color WHEN" "$(bcomp erguard check --color '')" "auto always never"
want "bash: --color=WHEN, = split off" "$(bcomp erguard check --color = a)" "auto always"
want "bash: --color=WHEN, one word" "$(bcomp erguard diff --color=n)" "--color=never"
want "bash: built-in devices" "$(ERGUARD_INTENT='' bcomp erguard check --device '')" "$REF"
want "bash: devices of -c" "$(bcomp erguard check -c "$TMP/lab intent.xml" --device '')" "$LAB"
want "bash: devices of --intent" "$(bcomp erguard snapshot --intent "$TMP/lab intent.xml" --device LAB-CE)" "LAB-CE-A LAB-CE-B"
want "bash: devices of ERGUARD_INTENT" "$(ERGUARD_INTENT="$TMP/lab intent.xml" bcomp erguard watch --device '')" "$LAB"
want "bash: --check IDs" "$(bcomp erguard check --check '')" "$CHECKS"

# ---- zsh
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$COMP/_erguard" 2> "$TMP/zsh.err" || fail "_erguard: $(cat "$TMP/zsh.err")"
	# zcomp LINE: what zsh offers at the end of LINE, one a line.
	zcomp() {
		rm -f "$TMP/zsh.out"
		zsh -f "$EG_ROOT/tests/cli/packaging-fixtures/zsh-complete.zsh" "$COMP" "$TMP/zsh.out" "$1" \
			> /dev/null 2>&1
		[ -f "$TMP/zsh.out" ] && cat "$TMP/zsh.out"
	}
	want "zsh: commands" "$(zcomp 'erguard ')" "check snapshot diff fix drill watch intent junos-scripts version help"
	has "zsh: check options" "$(zcomp 'erguard check --')" --intent --device --check --list --format \
		--color --no-color --azure-learned --timeout
	has "zsh: watch options" "$(zcomp 'erguard watch --')" --interval --metrics
	want "zsh: diff --format" "$(zcomp 'erguard diff --format=')" "text json junit"
	has "zsh: fix options" "$(zcomp 'erguard fix --')" --apply --confirm-minutes --settle-seconds --yes --format
	has "zsh: drill options" "$(zcomp 'erguard drill --')" --plan --links --trigger --since \
		--max-convergence --no-trace --svg --format
	want "zsh: drill --trigger" "$(zcomp 'erguard drill --trigger=')" "bgp interface blackhole external"
	want "zsh: --color=WHEN" "$(zcomp 'erguard check --color=')" "auto always never"
	want "zsh: built-in devices" "$(ERGUARD_INTENT='' zcomp 'erguard check --device ')" "$REF"
	want "zsh: devices of -c" "$(zcomp "erguard check -c '$TMP/lab intent.xml' --device ")" "$LAB"
	want "zsh: devices of ERGUARD_INTENT" "$(ERGUARD_INTENT="$TMP/lab intent.xml" zcomp 'erguard snapshot --device ')" "$LAB"
	want "zsh: --check IDs" "$(zcomp 'erguard check --check ')" "$CHECKS"
else
	fail "zsh is not installed (packaging/deps.sh installs it)"
fi

# ---- make install puts them where bash-completion and zsh look
make -s -C "$EG_ROOT" -n -o build/erguard PREFIX=/usr DESTDIR=/D install > "$TMP/make.n" 2>&1
grep -q 'erguard.bash /D/usr/share/bash-completion/completions/erguard' "$TMP/make.n" ||
	fail "make install does not install the bash completion"
grep -q '_erguard /D/usr/share/zsh/site-functions/_erguard' "$TMP/make.n" ||
	fail "make install does not install the zsh completion"

finish
