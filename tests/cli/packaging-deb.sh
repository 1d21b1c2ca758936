#!/bin/sh
# packaging-deb.sh - the Debian package, built as Debian builds packages.
#
# `make deb`'s script stages the tree with packaging/debian as debian/ and
# runs dpkg-buildpackage once; then lintian must report no error and no
# warning, the package must hold the binary stripped (its symbols in the
# -dbgsym package), the units, both completions, the scripts and a 0644
# conffile, and `erguard junos-scripts` run from the package must name
# files the package holds with their true SHA-256.  Last, the package is
# installed into an empty root with dpkg --root (maintainer scripts run
# chrootless under DPKG_ROOT), the timer and the watch service enabled
# there with systemctl --root, and the package purged: no unit, no
# .wants link and no state directory may be left.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

VERSION=$(sed -n 's/^VERSION *:= *//p' "$EG_ROOT/Makefile")
DEBIAN="$EG_ROOT/packaging/debian"

# ---- the debian directory itself
[ "$(dpkg-parsechangelog -l "$DEBIAN/changelog" -S Version 2>/dev/null)" = "$VERSION" ] ||
	fail "debian/changelog's version is not the Makefile's VERSION $VERSION"
grep -qx 'Build-Depends: debhelper-compat (= 13),' "$DEBIAN/control" ||
	fail "debian/control does not build with debhelper compat 13"
grep -q '^License: ISC' "$DEBIAN/copyright" || fail "debian/copyright does not name ISC"
grep -q 'Permission to use, copy, modify, and distribute' "$DEBIAN/copyright" ||
	fail "debian/copyright lacks the ISC licence text"

if [ -n "${EG_SANITIZED:-}" ] || [ "${EG_DPKG_BUILDPACKAGE:-1}" = 0 ]; then
	echo "skip: a sanitizer pass, or EG_DPKG_BUILDPACKAGE=0: no package built"
	finish
fi
for tool in dpkg-buildpackage dh lintian readelf systemctl; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ fail "$tool is not installed (packaging/deps.sh installs it)"; finish; }
done

# ---- dpkg-buildpackage, once
if ! deb=$(sh "$DEBIAN/build.sh" "$TMP/deb" 2> "$TMP/build.log"); then
	fail "make deb: $(grep -E 'error|rror:|dh_' "$TMP/build.log" | tail -5 | tr '\n' ';')"
	tail -20 "$TMP/build.log" >&2
	finish
fi
ARCH=$(dpkg --print-architecture)
[ "$deb" = "$TMP/deb/erguard_${VERSION}_$ARCH.deb" ] || fail "build.sh printed '$deb'"
grep -q 'dpkg-buildpackage: info: binary-only upload' "$TMP/build.log" ||
	fail "the package was not built by dpkg-buildpackage -us -uc -b"
grep -q 'dh_strip' "$TMP/build.log" || fail "dh_strip did not run"
grep -q 'dh_installsystemd' "$TMP/build.log" || fail "dh_installsystemd did not run"
[ -f "$TMP/deb/erguard-dbgsym_${VERSION}_$ARCH.deb" ] || fail "no erguard-dbgsym package"

# ---- lintian: not one error or warning
lintian --fail-on error,warning "$TMP/deb/erguard_${VERSION}_${ARCH}.changes" \
	> "$TMP/lintian.out" 2>&1 || fail "lintian failed: $(grep -v '^N:' "$TMP/lintian.out" | head -5 | tr '\n' ';')"
if grep -E '^[EW]: ' "$TMP/lintian.out" > "$TMP/lintian.ew"; then
	fail "lintian: $(head -5 "$TMP/lintian.ew" | tr '\n' ';')"
fi

# ---- the package's content
ROOT="$TMP/x"
dpkg-deb -x "$deb" "$ROOT" && dpkg-deb -e "$deb" "$ROOT/DEBIAN" || fail "cannot unpack $deb"
for f in /usr/bin/erguard /lib/systemd/system/erguard-check.service \
	/lib/systemd/system/erguard-check.timer /lib/systemd/system/erguard-watch.service \
	/usr/lib/sysusers.d/erguard.conf /etc/default/erguard \
	/usr/share/bash-completion/completions/erguard /usr/share/zsh/vendor-completions/_erguard \
	/usr/share/man/man8/erguard.8.gz /usr/share/man/man5/erguard-intent.5.gz \
	/usr/share/doc/erguard/copyright /usr/share/doc/erguard/changelog.gz; do
	[ -f "$ROOT$f" ] || fail "the package lacks $f"
done
cmp -s "$ROOT/usr/share/doc/erguard/copyright" "$DEBIAN/copyright" ||
	fail "the package's copyright is not debian/copyright"
[ "$(cat "$ROOT/DEBIAN/conffiles" 2>/dev/null)" = /etc/default/erguard ] ||
	fail "conffiles: '$(cat "$ROOT/DEBIAN/conffiles" 2>/dev/null)', expected /etc/default/erguard"
[ "$(stat -c %a "$ROOT/etc/default/erguard")" = 644 ] ||
	fail "/etc/default/erguard mode $(stat -c %a "$ROOT/etc/default/erguard")"
grep -Eq '^[A-Z_]*PASSWORD=' "$ROOT/etc/default/erguard" &&
	fail "the world-readable /etc/default/erguard sets a password"
# dh_strip: no symbol table, no debugging sections; a build ID to find them
readelf -S "$ROOT/usr/bin/erguard" > "$TMP/sections" 2>&1
grep -Eq '\.symtab|\.debug_' "$TMP/sections" && fail "/usr/bin/erguard is not stripped"
readelf -n "$ROOT/usr/bin/erguard" | grep -q 'Build ID' || fail "/usr/bin/erguard has no build ID"
grep -q 'BIND_NOW' "$(readelf -d "$ROOT/usr/bin/erguard" > "$TMP/dyn" 2>&1; echo "$TMP/dyn")" ||
	fail "/usr/bin/erguard is not linked with -z now (dpkg-buildflags hardening)"
for s in postinst prerm postrm; do
	grep -q 'dh_installsystemd' "$ROOT/DEBIAN/$s" 2>/dev/null ||
		fail "the $s has no dh_installsystemd section"
done
grep -q "deb-systemd-helper purge 'erguard-check.timer'" "$ROOT/DEBIAN/postrm" ||
	fail "postrm does not purge the timer's links"
grep -q "deb-systemd-helper purge 'erguard-watch.service'" "$ROOT/DEBIAN/postrm" ||
	fail "postrm does not purge the watch service's links"

# ---- erguard junos-scripts from the package: installed paths, true digests
sh "$EG_ROOT/tests/cli/packaging-fixtures/scripts-check.sh" "$ROOT" /usr/share/erguard/junos-scripts \
	> "$TMP/scripts.out" 2>&1 || fail "$(tr '\n' ';' < "$TMP/scripts.out")"

# ---- install into an empty root, enable, purge: nothing left behind
FR="$TMP/root"
mkdir -p "$FR/var/lib/dpkg/info" "$FR/var/lib/dpkg/updates" "$FR/etc"
: > "$FR/var/lib/dpkg/status"
DPKG="dpkg --root=$FR --log=/dev/null --force-script-chrootless --force-depends --force-not-root"
$DPKG -i "$deb" > "$TMP/dpkg-i.out" 2>&1 || fail "dpkg --root -i: $(tail -3 "$TMP/dpkg-i.out" | tr '\n' ';')"
[ -f "$FR/lib/systemd/system/erguard-check.timer" ] || fail "dpkg --root installed no timer"
[ -e "$FR/etc/systemd/system/timers.target.wants/erguard-check.timer" ] &&
	fail "installing enabled the timer; it must wait for the host keys"
systemctl --root="$FR" enable erguard-check.timer erguard-watch.service > "$TMP/enable.out" 2>&1 ||
	fail "systemctl --root enable: $(head -3 "$TMP/enable.out")"
[ -L "$FR/etc/systemd/system/timers.target.wants/erguard-check.timer" ] ||
	fail "systemctl --root enable made no timers.target.wants link"
mkdir -p "$FR/var/lib/erguard/.ssh" && : > "$FR/var/lib/erguard/.ssh/known_hosts"
$DPKG --purge erguard > "$TMP/dpkg-p.out" 2>&1 || fail "dpkg --root --purge: $(tail -3 "$TMP/dpkg-p.out" | tr '\n' ';')"
find "$FR" -name '*erguard*' ! -path "$FR/var/lib/dpkg/*" > "$TMP/left" 2>/dev/null
find "$FR" -xtype l >> "$TMP/left" 2>/dev/null
[ -s "$TMP/left" ] && fail "left after purge: $(sort -u "$TMP/left" | sed "s|$FR||" | tr '\n' ' ')"

finish
