#!/bin/sh
# yuma123.sh - erguard and the lab against a NETCONF implementation that
# is neither theirs nor libnetconf2: yuma123 (Debian's netconfd server and
# yangcli client).
#   server   netconfd behind an OpenSSH sshd (its netconf-subsystem).  It
#            negotiates base:1.1 and knows none of Junos' RPCs, so erguard,
#            over libssh and over "ssh -s", must get through the hello and
#            chunked framing and then report each RPC's rpc-error: exit 5,
#            the device and the server's own error text on stderr, every
#            check of the device unknown, none passed.
#   refusal  the same sshd on a port netconfd does not serve: netconfd
#            drops the session before its hello; exit 4 and a message that
#            says so, naming the device.
#   client   yangcli opens a session to a lab device and reads its running
#            configuration: the lab's hello, framing and <get-config> work
#            for a client that is not libnetconf2's or ncclient's.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB=${ERGUARD_LAB:-$ROOT/build/erguard-lab}
EG=${ERGUARD:-$ROOT/build/erguard}
SSHD=/usr/sbin/sshd
PY=/usr/bin/python3
if [ ! -x "$LAB" ]; then
	echo "skip: $LAB was not built"
	exit 0
fi
for t in "$SSHD" ssh ssh-keygen netconfd /usr/sbin/netconf-subsystem yangcli script "$PY"; do
	command -v "$t" > /dev/null 2>&1 || { echo "skip: $t is missing (make deps installs it)"; exit 0; }
done
TMP=$(mktemp -d /tmp/eg-yuma.XXXXXX)
D=$TMP/lab
Y=$TMP/yuma
NFAIL=0
NCPID=
cleanup() {
	[ -s "$Y/sshd.pid" ] && kill "$(cat "$Y/sshd.pid")" 2>/dev/null
	[ -n "$NCPID" ] && kill "$NCPID" 2>/dev/null && wait "$NCPID" 2>/dev/null
	"$LAB" down --dir "$D" > /dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; NFAIL=$((NFAIL + 1)); }
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() { # wait_for TEST-ARGS...: up to 10 s
	i=0
	while ! test "$@"; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}
# Nothing of the user running the tests: yuma's tools keep state under HOME.
export HOME=$TMP
DEV=SEA-MX03-01

# ---- netconfd behind its own sshd, on two ports: P served, Q not
mkdir -p "$Y"
ssh-keygen -q -t ed25519 -N '' -C yuma-host -f "$Y/host_key" || exit 1
ssh-keygen -q -t ed25519 -N '' -C client -f "$Y/client_key" || exit 1
cp "$Y/client_key.pub" "$Y/authorized_keys"
P=$(free_port)
Q=$(free_port)
[ "$P" != "$Q" ] || Q=$(free_port)
SOCK=$Y/ncx.sock
netconfd --no-startup --superuser="$(id -un)" --port="$P" --ncxserver-sockname="$SOCK" \
	--log="$Y/netconfd.log" --log-level=info > "$Y/netconfd.out" 2>&1 &
NCPID=$!
wait_for -S "$SOCK" || { cat "$Y/netconfd.out" "$Y/netconfd.log" >&2; echo "FAIL: netconfd did not start" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] && mkdir -p /run/sshd
cat > "$Y/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $P
Port $Q
HostKey $Y/host_key
PidFile $Y/sshd.pid
AuthorizedKeysFile $Y/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
SetEnv SHLVL=1
Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=$P@$SOCK --ncxserver-sockname=$Q@$SOCK
EOF
"$SSHD" -f "$Y/sshd_config" -E "$Y/sshd.log" || { cat "$Y/sshd.log" >&2; exit 1; }
wait_for -s "$Y/sshd.pid" || { echo "FAIL: the sshd in front of netconfd did not start" >&2; exit 1; }
printf '[127.0.0.1]:%s %s\n[127.0.0.1]:%s %s\n' "$P" "$(cut -d' ' -f1,2 "$Y/host_key.pub")" \
	"$Q" "$(cut -d' ' -f1,2 "$Y/host_key.pub")" > "$Y/known_hosts"

# intent PORT TRANSPORT: the seed's intent with its first CE at netconfd
intent() {
	"$EG" intent show > "$TMP/seed.xml" || return 1
	"$PY" - "$TMP/seed.xml" "$1" "$2" "$Y" "$(id -un)" > "$TMP/intent-$1-$2.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
src, port, transport, y, user = sys.argv[1:]
ns = "urn:erguard:intent"
ET.register_namespace("", ns)
tree = ET.parse(src)
q = lambda n: "{%s}%s" % (ns, n)
for dev in tree.getroot().findall(q("device")):
    if dev.find(q("name")).text != "SEA-MX03-01":
        continue
    for tag in ("host", "port", "user", "transport", "ssh"):
        old = dev.find(q(tag))
        if old is not None:
            dev.remove(old)
    for tag, text in (("host", "127.0.0.1"), ("port", port), ("user", user),
                      ("transport", transport)):
        e = ET.SubElement(dev, q(tag))
        e.text = text
    ssh = ET.SubElement(dev, q("ssh"))
    for tag, text in (("identity-file", y + "/client_key"),
                      ("known-hosts", y + "/known_hosts"),
                      ("strict-host-key", "true")):
        ET.SubElement(ssh, q(tag)).text = text
tree.write(sys.stdout, encoding="unicode", xml_declaration=False)
EOF
}

# ---- erguard against netconfd: libssh, then exec ("ssh -s")
for tr in ssh exec; do
	intent "$P" "$tr" || { fail "$tr: cannot write the intent"; continue; }
	"$EG" check -c "$TMP/intent-$P-$tr.xml" --device "$DEV" --format xml --timeout 20 \
		> "$TMP/rep-$tr.xml" 2> "$TMP/err-$tr.log"
	st=$?
	[ "$st" -eq 5 ] || fail "$tr: exit $st, want 5 (the device answered with rpc-error)"
	grep -q "^erguard: $DEV: rpc-error: .*get-route-information" "$TMP/err-$tr.log" ||
		fail "$tr: stderr does not give netconfd's rpc-error for get-route-information: $(head -3 "$TMP/err-$tr.log")"
	grep -q "<status>pass</status>" "$TMP/rep-$tr.xml" && fail "$tr: a check passed on a server that answered nothing"
	n=$(grep -c "<status>unknown</status>" "$TMP/rep-$tr.xml")
	[ "$n" -ge 5 ] || fail "$tr: $n checks unknown, want every check of $DEV (at least 5)"
	grep -q "base:1.1" "$Y/netconfd.log" || fail "$tr: netconfd did not log a base:1.1 session"
done

# ---- a port netconfd does not serve: it ends the session before its hello
intent "$Q" ssh || fail "refusal: cannot write the intent"
"$EG" check -c "$TMP/intent-$Q-ssh.xml" --device "$DEV" --timeout 20 -q > /dev/null 2> "$TMP/err-refused.log"
st=$?
[ "$st" -eq 4 ] || fail "refusal: exit $st, want 4"
grep -q "^erguard: $DEV: session closed by the server before its NETCONF hello" "$TMP/err-refused.log" ||
	fail "refusal: stderr does not say the server closed before its hello: $(head -3 "$TMP/err-refused.log")"

# ---- yangcli, a third-party client, against a lab device
"$LAB" up --dir "$D" --scenario compliant > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }
LP=$(cat "$D/devices/$DEV/sshd.port")
# yangcli wants a terminal even in batch mode; script(1) gives it one
script -qec "timeout 60 yangcli --server=127.0.0.1 --ncport=$LP --user=root \
	--public-key=$D/id_ed25519.pub --private-key=$D/id_ed25519 --password=unused \
	--batch-mode --run-command='get-config source=running'" /dev/null > "$TMP/yangcli.log" 2>&1
st=$?
[ "$st" -eq 0 ] || fail "yangcli: exit $st: $(tail -5 "$TMP/yangcli.log")"
grep -q "Protocol version set to: RFC 4741 (base:1.0)" "$TMP/yangcli.log" ||
	fail "yangcli: no base:1.0 session with the lab: $(tail -5 "$TMP/yangcli.log")"
grep -q "host-name $DEV" "$TMP/yangcli.log" ||
	fail "yangcli: the running configuration did not come back: $(tail -5 "$TMP/yangcli.log")"

if [ "$NFAIL" -gt 0 ]; then
	echo "$NFAIL failure(s)"
	exit 1
fi
echo "ok: netconfd over libssh and ssh -s, refusal before hello, yangcli against the lab"
