#!/bin/sh
# packaging-install.sh - what `make install` installs, as the packages use it.
#
# erguard as built (for the Makefile's PREFIX, which the build wrote into
# its generated eg_junos_sums.h) is installed into a staging root; its
# `junos-scripts` must name the scripts where they were installed, each
# with the installed file's SHA-256, and the completion files must be in
# the directories bash-completion and zsh search.  A build for another
# PREFIX must name that PREFIX's directory.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

BUILD=${EG_BUILD:-$(dirname "$ERGUARD")}
SUMS="$BUILD/gen/eg_junos_sums.h"
[ -f "$SUMS" ] || { fail "$SUMS was not generated"; finish; }
DIR=$(sed -n 's/^#define EG_JUNOS_SCRIPTS_DIR "\(.*\)"$/\1/p' "$SUMS")
case $DIR in
*/share/erguard/junos-scripts) PREFIX=${DIR%/share/erguard/junos-scripts} ;;
*) fail "$SUMS: EG_JUNOS_SCRIPTS_DIR is '$DIR'"; finish ;;
esac

ROOT="$TMP/root"
make -s -C "$EG_ROOT" -o "$BUILD/erguard" BUILD="$BUILD" PREFIX="$PREFIX" DESTDIR="$ROOT" install \
	> "$TMP/install.out" 2>&1 || fail "make install: $(tail -3 "$TMP/install.out")"
sh "$EG_ROOT/tests/cli/packaging-fixtures/scripts-check.sh" "$ROOT" "$DIR" "$ERGUARD" \
	> "$TMP/scripts.out" 2>&1 || fail "$(tr '\n' ';' < "$TMP/scripts.out")"
for f in "$PREFIX/share/bash-completion/completions/erguard" "$PREFIX/share/zsh/site-functions/_erguard" \
	"$PREFIX/lib/systemd/system/erguard-watch.service"; do
	[ -f "$ROOT$f" ] || fail "make install did not install $f"
done

# The generated header follows PREFIX, and only rewrites when it changes.
out="$TMP/sums.h"
sh "$EG_ROOT/packaging/script-sums.sh" "$out" /opt/eg/share/erguard/junos-scripts \
	"$EG_ROOT/junos-scripts/erguard-commit/erguard-commit.xsl" || fail "script-sums.sh failed"
grep -qx '#define EG_JUNOS_SCRIPTS_DIR "/opt/eg/share/erguard/junos-scripts"' "$out" ||
	fail "script-sums.sh: $(head -3 "$out")"
want=$(sha256sum < "$EG_ROOT/junos-scripts/erguard-commit/erguard-commit.xsl" | cut -d' ' -f1)
grep -qx "#define EG_SHA256_erguard_commit_xsl \"$want\"" "$out" || fail "script-sums.sh: wrong digest"
touch -d '2000-01-01' "$out"
sh "$EG_ROOT/packaging/script-sums.sh" "$out" /opt/eg/share/erguard/junos-scripts \
	"$EG_ROOT/junos-scripts/erguard-commit/erguard-commit.xsl"
[ "$(stat -c %Y "$out")" -lt 1000000000 ] || fail "script-sums.sh rewrote an unchanged header"

finish
