#!/bin/sh
# deps.sh - install erguard's Debian 12 build and test dependencies.
# As root it runs apt-get (update first) for whatever is missing; as
# another user it prints the command to run.
set -eu
PKGS="build-essential clang pkg-config libyang2-dev libyang2-tools libnetconf2-dev
libxml2-dev libxml2-utils libssh-dev libjson-c-dev libcmocka-dev mandoc xsltproc
openssh-server openssh-client python3 python3-junos-eznc python3-ncclient python3-junitparser procps
time iproute2 ansible-core netconfd yangcli
debhelper dpkg-dev lintian init-system-helpers systemd binutils rpm rpmlint zsh
shellcheck git"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "erguard: missing Debian packages:$missing" >&2
	echo "erguard: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "erguard: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
