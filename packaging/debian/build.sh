#!/bin/sh
# build.sh [OUTDIR] - build erguard's .deb with Debian's own tooling.
#
# The tree's top level is erguard's own, so its debian/ directory lives in
# packaging/debian: the source tree is staged in OUTDIR/erguard-VERSION
# (the files git tracks, or would track, with their working-tree content;
# outside a git checkout the fixed top level), this directory copied to its
# debian/, and `dpkg-buildpackage -us -uc -b` run there.  The .deb,
# .buildinfo and .changes land in OUTDIR (default build/deb); the path of
# the .deb is printed.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-build/deb}
cd "$ROOT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
VERSION=$(sed -n 's/^VERSION *:= *//p' Makefile)
CHANGELOG=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
if [ "$CHANGELOG" != "$VERSION" ]; then
	echo "build.sh: packaging/debian/changelog is at $CHANGELOG, the Makefile's VERSION $VERSION" >&2
	exit 1
fi
SRC=$OUT/erguard-$VERSION
rm -rf "$SRC"
mkdir -p "$SRC"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$SRC"
else
	tar -cf - --exclude=./build Makefile LICENSE README.md agent yang junos-scripts \
		tests packaging | tar -xf - -C "$SRC"
fi
rm -rf "$SRC/build" "$SRC/debian"
mkdir "$SRC/debian"
(cd packaging/debian && tar -cf - --exclude=./build.sh .) | tar -xf - -C "$SRC/debian"
ARCH=$(dpkg --print-architecture)
rm -f "$OUT/erguard_${VERSION}_$ARCH.deb"
(cd "$SRC" && dpkg-buildpackage -us -uc -b) >&2
[ -f "$OUT/erguard_${VERSION}_$ARCH.deb" ] || {
	echo "build.sh: dpkg-buildpackage made no erguard_${VERSION}_$ARCH.deb" >&2
	exit 1
}
echo "$OUT/erguard_${VERSION}_$ARCH.deb"
