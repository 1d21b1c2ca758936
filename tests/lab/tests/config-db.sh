#!/bin/sh
# config-db: the configuration database of a lab device under several
# sessions (config_sessions.py, ncclient): exclusive lock with its owner,
# release on close and kill-session, private configurations, text, set and
# XML loads with Junos errors, compare, replace, discard; then four
# engineers committing at once each keep their change, in order, with
# every configuration and history entry whole.
set -eu
. "$(dirname "$0")/lib.inc"

"$PY" -c 'import ncclient' 2>/dev/null || fail "$PY has no ncclient (python3-ncclient)"
"$LAB" up --dir "$D" >/dev/null || fail "up"
timeout 120 "$PY" "$ROOT/tests/lab/tests/config_sessions.py" "$D" SEA-MX03-01 || fail "sessions"
ok "lock, kill-session, private, loads and their errors, compare, replace, discard"

# concurrent commits: each retries while another holds the lock
CE=SEA-MX03-02
pids=""
for i in 1 2 3 4; do
	(
		n=0
		until "$LAB" configure --dir "$D" --device $CE \
			"set policy-options prefix-list engineer-$i 10.$i.0.0/16" >/dev/null 2>"$D/err.$i"; do
			grep -q -e 'locked by' -e 'database modified' "$D/err.$i" || exit 1
			n=$((n + 1)); [ $n -le 60 ] || exit 1
			sleep 0.2
		done
	) &
	pids="$pids $!"
done
i=0
for p in $pids; do
	i=$((i + 1))
	wait "$p" || fail "engineer $i's commit failed: $(cat "$D/err.$i")"
done
conf=$("$LAB" show --dir "$D" --device $CE config set)
for i in 1 2 3 4; do
	has "$conf" "set policy-options prefix-list engineer-$i 10.$i.0.0/16" || fail "engineer $i's change is lost"
done
for f in "$D/devices/$CE"/committed.xml "$D/devices/$CE"/rollback.*.xml; do
	xmllint --noout "$f" || fail "$f is not whole"
done
[ -f "$D/devices/$CE/rollback.4.xml" ] || fail "four commits should make five history entries"
ok "four concurrent sessions each committed their change; files whole"
