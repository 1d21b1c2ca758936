#!/bin/sh
# proxyjump.sh - erguard live against the Junos lab through an SSH jump
# host (a second OpenSSH sshd on loopback), as an ssh_config with
# ProxyJump describes it:
#   exec-command    transport exec running "ssh -F CONFIG -s DEVICE netconf";
#   exec-default    transport exec with erguard's own "ssh -s" and --ssh-config;
#   libssh          transport ssh (libssh) with --ssh-config: HostName, User,
#                   IdentityFile, UserKnownHostsFile and ProxyJump from the file.
# Each gives exit 0 with every check passing or skipped, and the jump
# host's log shows a forwarding to every device's port during the run, so
# the hop was used.  Then, with another key recorded for the jump host,
# each refuses: exit 4, every device named with a host-key cause on
# stderr, no check passed, nothing forwarded.
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
for t in "$SSHD" ssh ssh-keygen xmllint "$PY"; do
	command -v "$t" > /dev/null 2>&1 || { echo "skip: $t is missing"; exit 0; }
done
TMP=$(mktemp -d /tmp/eg-pj.XXXXXX)
D=$TMP/lab
J=$TMP/jump
NFAIL=0
cleanup() {
	[ -s "$J/sshd.pid" ] && kill "$(cat "$J/sshd.pid")" 2>/dev/null
	"$LAB" down --dir "$D" > /dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*" >&2; NFAIL=$((NFAIL + 1)); }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }

# verdicts REPORT.xml: "check scope status" lines
verdicts() {
	tr -d '\n' < "$1" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1 \2 \3#p'
}

free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

"$LAB" up --dir "$D" --scenario compliant > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }
DEVICES=$(ls "$D/devices")
[ -n "$DEVICES" ] || { echo "FAIL: the lab has no devices" >&2; exit 1; }

# ---- the jump host: its own key and sshd_config, forwarding allowed, no netconf
mkdir -p "$J"
ssh-keygen -q -t ed25519 -N '' -C jump -f "$J/host_key" || exit 1
ssh-keygen -q -t ed25519 -N '' -C other -f "$J/other_key" || exit 1
started=false
for try in 1 2 3 4 5; do
	JPORT=$(free_port)
	cat > "$J/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $JPORT
HostKey $J/host_key
PidFile $J/sshd.pid
AuthorizedKeysFile $D/id_ed25519.pub
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers root
StrictModes no
UsePAM no
UseDNS no
PrintMotd no
X11Forwarding no
AllowTcpForwarding yes
AllowAgentForwarding no
PermitTTY no
MaxStartups 64:30:128
LogLevel DEBUG1
SetEnv SHLVL=1
EOF
	if "$SSHD" -f "$J/sshd_config" -E "$J/sshd.log" 2> "$TMP/sshd.err"; then
		started=true
		break
	fi
	echo "jump sshd on port $JPORT did not start (try $try): $(head -2 "$TMP/sshd.err")" >&2
done
$started || { echo "FAIL: no jump host" >&2; exit 1; }
i=0
while [ ! -s "$J/sshd.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

# known_hosts: the devices' keys (as the lab wrote them) and the jump host's
good_kh() {
	cp "$D/known_hosts" "$J/known_hosts"
	printf '[127.0.0.1]:%s %s\n' "$JPORT" "$(cut -d' ' -f1,2 "$J/host_key.pub")" >> "$J/known_hosts"
}
bad_kh() {
	cp "$D/known_hosts" "$J/known_hosts"
	printf '[127.0.0.1]:%s %s\n' "$JPORT" "$(cut -d' ' -f1,2 "$J/other_key.pub")" >> "$J/known_hosts"
}
good_kh

# ---- the ssh_config: the jump host, and every device behind it
CFG=$J/ssh_config
{
	cat <<EOF
Host jump
  HostName 127.0.0.1
  Port $JPORT
  User root
  IdentityFile $D/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $J/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
EOF
	for dev in $DEVICES; do
		cat <<EOF

Host $dev
  HostName 127.0.0.1
  Port $(cat "$D/devices/$dev/sshd.port")
  User root
  IdentityFile $D/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $J/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ProxyJump jump
EOF
	done
} > "$CFG"

# intent KIND: the lab's intent with devices reached as KIND says:
#   exec-command: transport exec, exec-command "ssh -F CFG -s DEVICE netconf"
#   exec-default: transport exec, host = the ssh_config alias, no command
#   libssh:       transport ssh, host = the ssh_config alias
# Nothing but the alias (and, for the last two, the port: the intent's
# default 830 would win over the file's Port) says how to reach a device.
intent() {
	echo '<intent xmlns="urn:erguard:intent">'
	for dev in $DEVICES; do
		role=$(xmllint --xpath "string(//*[local-name()='device'][*[local-name()='name']='$dev']/*[local-name()='role'])" "$D/intent.xml")
		echo "  <device><name>$dev</name><role>$role</role>"
		case $1 in
		exec-command)
			echo "    <transport>exec</transport>"
			echo "    <exec-command>ssh -F $CFG -s $dev netconf</exec-command>" ;;
		exec-default)
			echo "    <host>$dev</host><port>$(cat "$D/devices/$dev/sshd.port")</port>"
			echo "    <transport>exec</transport>" ;;
		libssh)
			echo "    <host>$dev</host><port>$(cat "$D/devices/$dev/sshd.port")</port>"
			echo "    <transport>ssh</transport>" ;;
		esac
		echo "  </device>"
	done
	sed -n '/<service>/,$p' "$D/intent.xml"
}

# run_case NAME WANT_EXIT [erguard options]: one erguard check through the
# jump host; leaves the report in $TMP/r.xml, stderr in $TMP/err, the jump
# host's log lines of this run in $TMP/jlog.
run_case() {
	name=$1 want=$2
	shift 2
	intent "$name" > "$TMP/$name.xml"
	"$EG" intent validate "$TMP/$name.xml" > /dev/null 2> "$TMP/verr" ||
		fail "$name: the intent is not valid: $(head -3 "$TMP/verr")"
	before=$(wc -l < "$J/sshd.log")
	t0=$(now)
	timeout 60 "$EG" check -c "$TMP/$name.xml" "$@" --format xml > "$TMP/r.xml" 2> "$TMP/err"
	st=$?
	took=$(since "$t0")
	tail -n +"$((before + 1))" "$J/sshd.log" | tr -d '\r' > "$TMP/jlog"
	verdicts "$TMP/r.xml" > "$TMP/v"
	[ "$st" -eq "$want" ] || fail "$name: exit $st, expected $want: $(head -3 "$TMP/err")"
}

# ---- through the jump host: compliant, every device reached over the hop
for kind in exec-command exec-default libssh; do
	opts=""
	[ "$kind" = exec-command ] || opts="--ssh-config $CFG"
	# shellcheck disable=SC2086
	was=$NFAIL
	run_case "$kind" 0 $opts
	n=$(wc -l < "$TMP/v")
	[ "$n" -ge 20 ] || fail "$kind: only $n results"
	bad=$(awk '$3 != "pass" && $3 != "skipped"' "$TMP/v" | head -3)
	[ -z "$bad" ] || fail "$kind: checks neither passed nor skipped: $bad"
	for dev in $DEVICES; do
		p=$(cat "$D/devices/$dev/sshd.port")
		grep -q "server_request_direct_tcpip: .*target 127\.0\.0\.1 port $p\$" "$TMP/jlog" ||
			fail "$kind: the jump host forwarded nothing to $dev (port $p)"
		grep -q "$dev pass\$" "$TMP/v" || fail "$kind: no check of $dev passed"
	done
	[ "$NFAIL" -eq "$was" ] &&
		echo "ok $kind ($n results, $(grep -c 'direct_tcpip: ' "$TMP/jlog") forwardings, $took)"
done

# ---- the jump host's key is not the one recorded: refused before any forwarding
bad_kh
for kind in exec-command exec-default libssh; do
	opts=""
	[ "$kind" = exec-command ] || opts="--ssh-config $CFG"
	# shellcheck disable=SC2086
	was=$NFAIL
	run_case "$kind" 4 $opts
	for dev in $DEVICES; do
		grep -q "^erguard: $dev: .*host key" "$TMP/err" ||
			fail "$kind/wrong-jump-key: no '$dev: ... host key' in: $(head -3 "$TMP/err")"
	done
	! grep -q " pass\$" "$TMP/v" ||
		fail "$kind/wrong-jump-key: a check passed: $(grep ' pass$' "$TMP/v" | head -2)"
	[ -s "$TMP/v" ] || fail "$kind/wrong-jump-key: no results reported"
	! grep -q "direct_tcpip: " "$TMP/jlog" ||
		fail "$kind/wrong-jump-key: the jump host forwarded a connection"
	[ "$NFAIL" -eq "$was" ] && echo "ok $kind/wrong-jump-key ($took)"
done
good_kh

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
