#!/bin/sh
# ssh-config-port.sh - a device whose intent gives no <port> (nor <host>:
# its name is the ssh_config alias) is reached on the Port that the ssh
# configuration (--ssh-config, the lab's ssh_config) names for it, with
# transport ssh (libssh) and with transport exec (erguard's own "ssh -s"):
#   ok         the lab's ssh_config: exit 0, every check passing or
#              skipped, a check of every device passed; exec says at -vv
#              which port the configuration gave each device;
#   wrong      the same intent with one device's Port changed to a closed
#              port (9): exit 4, that device named with the port and the
#              refusal, no other device named;
#   port22     that device's Port set to 22: both transports read it as no
#              Port and go to 830 (nothing listens there on loopback), so
#              the device is refused on port 830, exit 4.
# intent show prints no port for such an intent.  Loopback only.
NEEDS="xmllint" . "$(dirname "$0")/lib.inc"

# verdicts REPORT.xml: "check scope status" lines
verdicts() {
	tr -d '\n' < "$1" | sed 's#</result>#</result>\n#g' |
		sed -n 's#.*<check>\([^<]*\)</check>.*<scope>\([^<]*\)</scope> *<severity>[^<]*</severity> *<status>\([^<]*\)</status>.*#\1 \2 \3#p'
}

"$LAB" up --dir "$D" --scenario compliant > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }
DEVICES=$(ls "$D/devices")
[ -n "$DEVICES" ] || { echo "FAIL: the lab has no devices" >&2; exit 1; }
BAD=$(echo "$DEVICES" | head -1)
for dev in $DEVICES; do
	grep -q "^Host $dev\$" "$D/ssh_config" ||
		{ echo "FAIL: $D/ssh_config has no Host $dev" >&2; exit 1; }
done

# The lab's intent without <host> and <port>: only the ssh_config knows
# where a device listens.  $1: the transport.
intent() {
	sed -e '/<port>/d' -e '/<host>/d' \
		-e "s#<transport>ssh</transport>#<transport>$1</transport>#" "$D/intent.xml"
}

# The lab's ssh_config with $BAD's Port changed to 9 (nothing listens there).
sed -e "/^Host $BAD\$/,/^\$/s/^  Port .*/  Port 9/" "$D/ssh_config" > "$TMP/wrong_config"
grep -A3 "^Host $BAD\$" "$TMP/wrong_config" | grep -q '^  Port 9$' ||
	fail "the wrong ssh_config does not give $BAD port 9"

# ... and with $BAD's Port 22, which counts as none.
sed -e "/^Host $BAD\$/,/^\$/s/^  Port .*/  Port 22/" "$D/ssh_config" > "$TMP/port22_config"
grep -A3 "^Host $BAD\$" "$TMP/port22_config" | grep -q '^  Port 22$' ||
	fail "the port22 ssh_config does not give $BAD port 22"
free830=true
if command -v ss > /dev/null 2>&1 && ss -ltnH 2>/dev/null | awk '{print $4}' | grep -q ':830$'; then
	free830=false
fi

for transport in ssh exec; do
	intent "$transport" > "$TMP/$transport.xml"
	! grep -q '<port>' "$TMP/$transport.xml" || fail "$transport: the intent still has a port"
	"$EG" intent validate "$TMP/$transport.xml" > /dev/null 2> "$TMP/verr" ||
		fail "$transport: the intent is not valid: $(head -3 "$TMP/verr")"
	"$EG" intent show "$TMP/$transport.xml" > "$TMP/shown.xml" 2> "$TMP/verr" ||
		fail "$transport: intent show failed: $(head -3 "$TMP/verr")"
	! grep -q '<port>' "$TMP/shown.xml" ||
		fail "$transport: intent show prints a port the intent does not set"
	"$EG" intent validate "$TMP/shown.xml" > /dev/null 2>&1 ||
		fail "$transport: what intent show printed is not a valid intent"

	# ---- the lab's ssh_config: every device on its own port
	was=$NFAIL
	timeout 60 "$EG" check -v -v -c "$TMP/$transport.xml" --ssh-config "$D/ssh_config" \
		--format xml > "$TMP/r.xml" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 0 ] || fail "$transport/ok: exit $st, expected 0: $(grep -v 'the ssh configuration gives' "$TMP/err" | head -3)"
	verdicts "$TMP/r.xml" > "$TMP/v"
	n=$(wc -l < "$TMP/v")
	[ "$n" -ge 20 ] || fail "$transport/ok: only $n results"
	bad=$(awk '$3 != "pass" && $3 != "skipped"' "$TMP/v" | head -3)
	[ -z "$bad" ] || fail "$transport/ok: checks neither passed nor skipped: $bad"
	for dev in $DEVICES; do
		grep -q "$dev pass\$" "$TMP/v" || fail "$transport/ok: no check of $dev passed"
		p=$(sed -n "/^Host $dev\$/,/^\$/s/^  Port //p" "$D/ssh_config")
		if [ "$transport" = exec ]; then
			grep -q "^erguard: $dev: debug: the ssh configuration gives $dev port $p\$" "$TMP/err" ||
				fail "$transport/ok: $dev: no 'ssh configuration gives $dev port $p' at -vv"
		fi
	done
	[ "$NFAIL" -eq "$was" ] && echo "ok $transport: ports from the ssh configuration ($n results)"

	# ---- one device's Port is wrong: that device fails, named, exit 4
	was=$NFAIL
	timeout 60 "$EG" check -c "$TMP/$transport.xml" --ssh-config "$TMP/wrong_config" \
		--format xml > "$TMP/r.xml" 2> "$TMP/err"
	st=$?
	[ "$st" -eq 4 ] || fail "$transport/wrong: exit $st, expected 4: $(head -3 "$TMP/err")"
	grep -q "^erguard: $BAD: .*port 9.*refused" "$TMP/err" ||
		fail "$transport/wrong: $BAD not named with port 9 refused in: $(head -3 "$TMP/err")"
	for dev in $DEVICES; do
		[ "$dev" = "$BAD" ] && continue
		! grep -q "^erguard: $dev: " "$TMP/err" ||
			fail "$transport/wrong: $dev named: $(grep "^erguard: $dev: " "$TMP/err" | head -2)"
	done
	[ "$NFAIL" -eq "$was" ] && echo "ok $transport: a wrong Port for $BAD is refused (exit 4)"

	# ---- Port 22 counts as no Port: NETCONF's 830
	if $free830; then
		was=$NFAIL
		timeout 60 "$EG" check -c "$TMP/$transport.xml" --ssh-config "$TMP/port22_config" \
			--format xml > "$TMP/r.xml" 2> "$TMP/err"
		st=$?
		[ "$st" -eq 4 ] || fail "$transport/port22: exit $st, expected 4: $(head -3 "$TMP/err")"
		grep -q "^erguard: $BAD: .*port 830.*refused" "$TMP/err" ||
			fail "$transport/port22: $BAD not refused on port 830 in: $(head -3 "$TMP/err")"
		[ "$NFAIL" -eq "$was" ] && echo "ok $transport: Port 22 for $BAD means 830"
	else
		echo "skip $transport/port22: something listens on port 830"
	fi
done

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
