#!/bin/sh
# hostile-device.sh - erguard against a device that attacks it.  CE2 of the
# lab is replaced by `erguard-lab hostile MODE`, reached two ways: as an
# exec transport's command (lane exec) and as the netconf subsystem of a
# real sshd on loopback, over libssh (lane ssh); CE1 and the firewall stay
# healthy lab devices.  For every mode, `erguard check`:
#   - exits with the mode's status (4 transport, 5 malformed reply or
#     rpc-error, erguard(8));
#   - says on stderr, in a line naming the device, what went wrong;
#   - ends within the mode's time bound (erguard's timeouts: --timeout
#     for RPCs, the 10 s hello timeout) and its peak RSS stays under the
#     mode's bound (/usr/bin/time);
#   - writes every diagnostic as one line starting with "erguard: " (the
#     device's newlines and control characters escaped: no forged line),
#     and no raw control character on stdout or stderr, nor in the text
#     report of the rpc-error mode;
#   - leaks nothing of the file an external entity names;
#   - judges the healthy devices as a run without the hostile one does,
#     and reports the hostile device's configuration check unknown (and,
#     where its session ends, no check of it passed).
# The matrix goes to stdout and to $EG_BUILD/test-logs/hostile-matrix.txt.
NEEDS="/usr/bin/time timeout python3" . "$(dirname "$0")/lib.inc"
DEV=SEA-MX03-02
OUTDIR=${EG_BUILD:-$ROOT/build}/test-logs
MATRIX=$OUTDIR/hostile-matrix.txt
mkdir -p "$OUTDIR"

"$LAB" up --dir "$D" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }

# results "check scope status" of the healthy devices, from an XML report
healthy() {
	tr -d '\n' < "$1" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1 \2 \3#p' |
		sort > "$2"
}

# The baseline: every device healthy.
"$EG" check -c "$D/intent.xml" --format xml > "$TMP/base.xml" 2> "$TMP/base.err"
st=$?
[ "$st" -eq 0 ] || { echo "the healthy lab does not pass (exit $st): $(head -3 "$TMP/base.err")" >&2; exit 1; }
healthy "$TMP/base.xml" "$TMP/all"
grep -v "$DEV" "$TMP/all" > "$TMP/base"
[ -s "$TMP/base" ] || { echo "no result of the healthy devices in the baseline" >&2; exit 1; }

# A file only an external entity could bring into erguard's output.
SECRET="$TMP/secret.txt"
TOKEN="xxe-leak-$$-$(date +%s)"
echo "$TOKEN" > "$SECRET"

# Lane ssh: one more sshd, with CE2's host key and keys, whose netconf
# subsystem is the hostile device; the mode is read from a file per session.
H=$TMP/hsshd
mkdir -p "$H"
HPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	{ echo "no free port" >&2; exit 1; }
sed -e "s#^Port .*#Port $HPORT#" -e "s#^PidFile .*#PidFile $H/sshd.pid#" \
    -e "s#^Subsystem netconf .*#Subsystem netconf $LAB hostile --mode-file $H/mode#" \
    "$D/devices/$DEV/sshd_config" > "$H/sshd_config"
echo "no-hello" > "$H/mode"
/usr/sbin/sshd -D -f "$H/sshd_config" -E "$H/sshd.log" &
HSSHD=$!
cleanup_hostile() {
	kill "$HSSHD" 2>/dev/null
	wait "$HSSHD" 2>/dev/null
	cleanup
}
trap cleanup_hostile EXIT
cp "$D/known_hosts" "$TMP/known_hosts"
echo "[127.0.0.1]:$HPORT $(cut -d' ' -f1,2 "$D/devices/$DEV/ssh_host_ed25519_key.pub")" >> "$TMP/known_hosts"
sed -e "/<name>$DEV<\/name>/,/<\/device>/{
	s#<port>[0-9]*</port>#<port>$HPORT</port>#
	s#<known-hosts>.*</known-hosts>#<known-hosts>$TMP/known_hosts</known-hosts>#
}" "$D/intent.xml" > "$TMP/intent-ssh.xml"
i=0
while ! python3 -c "import socket; socket.create_connection(('127.0.0.1', $HPORT), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "the hostile sshd did not start: $(tail -3 "$H/sshd.log")" >&2; exit 1; }
	sleep 0.1
done

# case LANE MODE ARG WANT PATTERN RPC_TIMEOUT_S TIME_BOUND_MS RSS_BOUND_KIB
case_() {
	lane=$1 mode=$2 arg=$3 want=$4 pat=$5 to=$6 tmax=$7 rmax=$8
	w=$TMP/$lane-$mode
	if [ "$lane" = exec ]; then
		sed -e "/<name>$DEV<\/name>/,/<\/device>/{
			s#<transport>ssh</transport>#<transport>exec</transport>\n    <exec-command>exec $LAB hostile $mode $arg</exec-command>#
			/<ssh>/,/<\/ssh>/d
		}" "$D/intent.xml" > "$w.intent"
	else
		echo "$mode $arg" > "$H/mode"
		cp "$TMP/intent-ssh.xml" "$w.intent"
	fi
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$w.rss" timeout 90 "$EG" check -c "$w.intent" --timeout "$to" \
		--format xml > "$w.xml" 2> "$w.err"
	st=$?
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	rss=$(tail -n 1 "$w.rss")
	bad=""
	[ "$st" -eq "$want" ] || bad="$bad exit $st, expected $want;"
	grep -q "^erguard: $DEV:.*$pat" "$w.err" || bad="$bad no 'erguard: $DEV: ...$pat' on stderr;"
	[ "$ms" -le "$tmax" ] || bad="$bad took $ms ms, bound $tmax;"
	case $rss in
	''|*[!0-9]*) bad="$bad no peak RSS measured;" ;;
	*) [ "$rss" -le "$rmax" ] || bad="$bad peak RSS $rss KiB, bound $rmax;" ;;
	esac
	if grep -v '^erguard: ' "$w.err" | grep -q .; then
		bad="$bad a stderr line not erguard's own: $(grep -v '^erguard: ' "$w.err" | head -1 | cat -v);"
	fi
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$w.err" "$w.xml"; then
		bad="$bad a raw control character in the output;"
	fi
	if LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$w.err" "$w.xml"; then
		bad="$bad a raw C1 control in the output;"
	fi
	grep -q "$TOKEN" "$w.err" "$w.xml" && bad="$bad the external entity's file leaked;"
	if [ "$mode" = ctrl-error ]; then
		# the report a terminal shows: the device's text stays inside its line
		"$EG" check -c "$w.intent" --timeout "$to" --format text > "$w.txt" 2> /dev/null
		grep -q "forged" "$w.txt" || bad="$bad the text report lost the rpc-error;"
		grep -q "^PASS.*forged" "$w.txt" && bad="$bad a forged line in the text report;"
		if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]\\|\302[\200-\237]')" "$w.txt"; then
			bad="$bad a raw control character in the text report;"
		fi
		# the JUnit a CI server shows: the same, inside the failure's body
		"$EG" check -c "$w.intent" --timeout "$to" --format junit > "$w.junit" 2> /dev/null
		grep -q "forged" "$w.junit" || bad="$bad the JUnit report lost the rpc-error;"
		grep -q "^PASS.*forged" "$w.junit" && bad="$bad a forged line in the JUnit report;"
	fi
	healthy "$w.xml" "$w.all"
	grep -v "$DEV" "$w.all" > "$w.ok"
	cmp -s "$w.ok" "$TMP/base" ||
		bad="$bad healthy devices judged otherwise: $(diff "$TMP/base" "$w.ok" | grep '^[<>]' | head -2 | tr '\n' ' ');"
	# The configuration is the first query: attacked, or never answered.
	grep -q "^lp-config $DEV unknown$" "$w.all" || bad="$bad lp-config of $DEV is not unknown;"
	# After a huge text node the session goes on and the device's empty
	# (valid) route replies are judged; every other mode leaves nothing to pass.
	if [ "$mode" != huge-text ] && grep "$DEV" "$w.all" | grep -q " pass$"; then
		bad="$bad a check of $DEV passed;"
	fi
	if [ -z "$bad" ]; then
		verdict=ok
	else
		verdict="FAIL"
		fail "$lane $mode:$bad"
	fi
	printf '%-13s %-5s %4s %8s %9s  %s\n' "$mode" "$lane" "$st" "$ms" "$rss" "$verdict" >> "$TMP/rows.$lane"
}

# Peak RSS stays at erguard's own size except where the device sends what
# the parser keeps: an endless reply of routing instances is refused at the
# parser's list cap (65536 entries, a few MB of model), and a text node
# stops at libxml2's 10 MB limit.

# mode_ LANE MODE: the mode's argument, exit status, stderr pattern, RPC
# timeout (s), time bound (ms) and peak RSS bound (KiB)
mode_() {
	case $2 in
	hello-laughs) case_ "$1" "$2" ""        4 "hello"                             2  5000  65536 ;;
	hello-xxe)    case_ "$1" "$2" "$SECRET" 4 "document type declaration"         2  5000  65536 ;;
	reply-laughs) case_ "$1" "$2" ""        5 "document type declaration"         2  5000  65536 ;;
	reply-xxe)    case_ "$1" "$2" "$SECRET" 5 "document type declaration"         2  5000  65536 ;;
	endless)      case_ "$1" "$2" ""        4 "more than 65536 <instance> elements" 2  8000  65536 ;;
	oversize)     case_ "$1" "$2" ""        4 "larger than the size cap"          60 60000 65536 ;;
	huge-text)    case_ "$1" "$2" ""        5 "malformed reply: .*huge text node" 2  5000  131072 ;;
	bad-chunk)    case_ "$1" "$2" ""        4 "bad chunk header"                  2  5000  65536 ;;
	chunk-stall)  case_ "$1" "$2" ""        4 "timed out.*RPC timeout of 2000 ms" 2  8000  65536 ;;
	close-mid)    case_ "$1" "$2" ""        4 "closed by the server in the middle" 2 5000  65536 ;;
	no-hello)     case_ "$1" "$2" ""        4 "timed out.*hello timeout"          2  15000 65536 ;;
	drip)         case_ "$1" "$2" "50"      4 "timed out.*hello timeout"          2  15000 65536 ;;
	flood)        case_ "$1" "$2" ""        4 "hello larger than"                 2  5000  65536 ;;
	wrong-msgid)  case_ "$1" "$2" ""        4 "reply with message-id"             2  5000  65536 ;;
	msgid-padded) case_ "$1" "$2" ""        4 "reply with message-id"             2  5000  65536 ;;
	dtd-msgid)    case_ "$1" "$2" ""        5 "document type declaration"         2  5000  65536 ;;
	ctrl-error)   case_ "$1" "$2" ""        5 "rpc-error: boom.*forged"           2  5000  65536 ;;
	ctrl-raw)     case_ "$1" "$2" ""        5 "malformed reply"                   2  5000  65536 ;;
	esac
}
MODES="hello-laughs hello-xxe reply-laughs reply-xxe endless oversize huge-text bad-chunk
	chunk-stall close-mid no-hello drip flood wrong-msgid msgid-padded dtd-msgid ctrl-error ctrl-raw"
# The ssh lane waits out its hello timeouts first, while the exec lane
# streams its big replies, so that the two seldom load the CPU together.
MODES_SSH="no-hello drip hello-laughs hello-xxe reply-laughs reply-xxe endless oversize huge-text
	bad-chunk chunk-stall close-mid flood wrong-msgid msgid-padded dtd-msgid ctrl-error ctrl-raw"

# lane LANE MODE...: one mode after the other (an sshd lane shares its mode file)
lane() {
	l=$1
	shift
	for m in "$@"; do
		mode_ "$l" "$m"
	done
	echo "$NFAIL" > "$TMP/nfail.$l"
}

: > "$TMP/rows.exec"
: > "$TMP/rows.ssh"
T0=$(date +%s)
# shellcheck disable=SC2086
lane ssh $MODES_SSH 2> "$TMP/lane-ssh.err" &
LANE_SSH=$!
# shellcheck disable=SC2086
lane exec $MODES
wait "$LANE_SSH"
cat "$TMP/lane-ssh.err" >&2
NFAIL=$(( $(cat "$TMP/nfail.exec") + $(cat "$TMP/nfail.ssh" 2>/dev/null || echo 1) ))
{
	echo "hostile device matrix (CE2 $DEV hostile; CE1 and the firewall healthy), $(( $(date +%s) - T0 )) s"
	printf '%-13s %-5s %4s %8s %9s  %s\n' mode lane exit "time ms" "RSS KiB" verdict
	cat "$TMP/rows.exec" "$TMP/rows.ssh"
} > "$MATRIX"
cat "$MATRIX"
[ "$(wc -l < "$TMP/rows.exec")" -eq 18 ] && [ "$(wc -l < "$TMP/rows.ssh")" -eq 18 ] ||
	fail "the matrix is incomplete"

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
