#!/bin/sh
# install.sh DESTDIR PREFIX [UNITDIR [SYSUSERSDIR [ENVFILE]]] - install
# erguard's systemd units (erguard-check.service and .timer,
# erguard-watch.service), its sysusers.d entry and its environment file.
#
# The units name /usr/bin/erguard and /etc/default/erguard; installed under
# another PREFIX they are rewritten to name $PREFIX/bin/erguard, where
# `make install` puts it, and with another ENVFILE (the RPM's
# /etc/sysconfig/erguard) to read that file.  An existing ENVFILE is kept:
# it holds the site's settings.  It is installed mode 0644: it holds no
# secret (passwords go to /etc/erguard/credentials.env, 0600, by hand).
# Defaults: UNITDIR=$PREFIX/lib/systemd/system,
# SYSUSERSDIR=$PREFIX/lib/sysusers.d (both searched by systemd for /usr
# and /usr/local), ENVFILE=/etc/default/erguard.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: install.sh DESTDIR PREFIX [UNITDIR [SYSUSERSDIR [ENVFILE]]]" >&2
	exit 2
fi
DESTDIR=$1 PREFIX=$2
UNITDIR=${3:-$PREFIX/lib/systemd/system}
SYSUSERSDIR=${4:-$PREFIX/lib/sysusers.d}
ENVFILE=${5:-/etc/default/erguard}
HERE=$(cd "$(dirname "$0")" && pwd)

install -d "$DESTDIR$UNITDIR" "$DESTDIR$SYSUSERSDIR" "$DESTDIR$(dirname "$ENVFILE")"
for u in erguard-check.service erguard-check.timer erguard-watch.service; do
	sed -e "s|/usr/bin/erguard|$PREFIX/bin/erguard|g" \
		-e "s|^EnvironmentFile=-/etc/default/erguard\$|EnvironmentFile=-$ENVFILE|" \
		-e "s|^# /etc/default/erguard |# $ENVFILE |" \
		"$HERE/$u" > "$DESTDIR$UNITDIR/$u.tmp"
	chmod 644 "$DESTDIR$UNITDIR/$u.tmp"
	mv "$DESTDIR$UNITDIR/$u.tmp" "$DESTDIR$UNITDIR/$u"
done
install -m 644 "$HERE/erguard.sysusers" "$DESTDIR$SYSUSERSDIR/erguard.conf"
if [ ! -e "$DESTDIR$ENVFILE" ]; then
	sed "s|/etc/default/erguard|$ENVFILE|" "$HERE/erguard.default" > "$DESTDIR$ENVFILE.tmp"
	chmod 644 "$DESTDIR$ENVFILE.tmp"
	mv "$DESTDIR$ENVFILE.tmp" "$DESTDIR$ENVFILE"
fi
