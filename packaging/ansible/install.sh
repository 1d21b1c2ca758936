#!/bin/sh
# install.sh DESTDIR [COLLECTIONS_DIR] - install the erguard.junos
# collection where Ansible finds it without ansible-galaxy:
# COLLECTIONS_DIR/ansible_collections/erguard/junos (default
# COLLECTIONS_DIR: /usr/share/ansible/collections, on Ansible's default
# collections path).
set -eu
if [ $# -lt 1 ]; then
	echo "usage: install.sh DESTDIR [COLLECTIONS_DIR]" >&2
	exit 2
fi
DESTDIR=$1
DIR=${2:-/usr/share/ansible/collections}/ansible_collections/erguard/junos
HERE=$(cd "$(dirname "$0")" && pwd)

for d in meta playbooks plugins/modules plugins/module_utils plugins/action; do
	install -d "$DESTDIR$DIR/$d"
done
install -m 644 "$HERE/galaxy.yml" "$HERE/README.md" "$DESTDIR$DIR/"
install -m 644 "$HERE/meta/runtime.yml" "$DESTDIR$DIR/meta/"
install -m 644 "$HERE"/plugins/modules/*.py "$DESTDIR$DIR/plugins/modules/"
install -m 644 "$HERE"/plugins/module_utils/*.py "$DESTDIR$DIR/plugins/module_utils/"
install -m 644 "$HERE"/plugins/action/*.py "$DESTDIR$DIR/plugins/action/"
install -m 644 "$HERE/playbooks/fleet.yml" "$HERE/playbooks/inventory.ini" "$DESTDIR$DIR/playbooks/"
