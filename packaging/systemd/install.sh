#!/bin/sh
# install.sh DESTDIR PREFIX [UNITDIR [SYSUSERSDIR]] - install erguard's
# systemd units, its sysusers.d entry and /etc/default/erguard.
#
# The units name /usr/bin/erguard; installed under another PREFIX they are
# rewritten to name $PREFIX/bin/erguard, where `make install` puts it.  An
# existing /etc/default/erguard is kept: it holds the site's settings.
# Defaults: UNITDIR=$PREFIX/lib/systemd/system,
# SYSUSERSDIR=$PREFIX/lib/sysusers.d (both searched by systemd for /usr
# and /usr/local).
set -eu
if [ $# -lt 2 ]; then
	echo "usage: install.sh DESTDIR PREFIX [UNITDIR [SYSUSERSDIR]]" >&2
	exit 2
fi
DESTDIR=$1 PREFIX=$2
UNITDIR=${3:-$PREFIX/lib/systemd/system}
SYSUSERSDIR=${4:-$PREFIX/lib/sysusers.d}
HERE=$(cd "$(dirname "$0")" && pwd)

install -d "$DESTDIR$UNITDIR" "$DESTDIR$SYSUSERSDIR" "$DESTDIR/etc/default"
for u in erguard-check.service erguard-check.timer; do
	sed "s|/usr/bin/erguard|$PREFIX/bin/erguard|g" "$HERE/$u" > "$DESTDIR$UNITDIR/$u.tmp"
	chmod 644 "$DESTDIR$UNITDIR/$u.tmp"
	mv "$DESTDIR$UNITDIR/$u.tmp" "$DESTDIR$UNITDIR/$u"
done
install -m 644 "$HERE/erguard.sysusers" "$DESTDIR$SYSUSERSDIR/erguard.conf"
if [ ! -e "$DESTDIR/etc/default/erguard" ]; then
	install -m 600 "$HERE/erguard.default" "$DESTDIR/etc/default/erguard"
fi
