#!/bin/sh
# build.sh - build build/erguard_<version>_<arch>.deb with dpkg-deb from a
# staged `make install` (no debhelper needed on the build machine).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VERSION=$(sed -n 's/^VERSION *:= *//p' Makefile)
ARCH=$(dpkg --print-architecture)
STAGE=build/deb/erguard_${VERSION}_${ARCH}
rm -rf "$STAGE"
make all
make install DESTDIR="$ROOT/$STAGE" PREFIX=/usr
gzip -9n "$STAGE"/usr/share/man/man*/*
install -d "$STAGE/DEBIAN" "$STAGE/usr/share/doc/erguard"
install -m 644 README.md "$STAGE/usr/share/doc/erguard/README.md"
# Runtime libraries, from what the binary links against.
DEPS=$(for lib in $(ldd build/erguard | awk '/=> \//{print $3}'); do
	dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null
done | cut -d: -f1 | sort -u | grep -v '^libc6$' | paste -sd, | sed 's/,/, /g')
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@DEPS@/libc6, $DEPS/" \
	packaging/debian/control.in > "$STAGE/DEBIAN/control"
# Files under /etc are the administrator's once installed.
(cd "$STAGE" && find etc -type f 2>/dev/null | sed 's#^#/#') > "$STAGE/DEBIAN/conffiles"
[ -s "$STAGE/DEBIAN/conffiles" ] || rm -f "$STAGE/DEBIAN/conffiles"
cat > "$STAGE/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
	command -v systemd-sysusers >/dev/null 2>&1 && systemd-sysusers erguard.conf || true
	[ -d /run/systemd/system ] && systemctl daemon-reload || true
fi
POSTINST
chmod 755 "$STAGE/DEBIAN/postinst"
dpkg-deb --root-owner-group --build "$STAGE" build/ >/dev/null
echo "build/erguard_${VERSION}_${ARCH}.deb"
