#!/bin/sh
# watch.sh - erguard watch against the lab, one run a second: the first
# run's report, then nothing while nothing changes; a line when a change
# on a device breaks a check; a device whose session drops and which
# refuses new ones reported unreachable (its checks unknown, the others
# still judged) and reopened once it lets erguard in again; sessions kept
# open between runs; the metrics file valid exposition format that
# follows the changes; SIGTERM ends it with status 0, sessions closed.
. "$(dirname "$0")/lib.inc"

"$LAB" up --dir "$D" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log"; exit 1; }
mkdir "$TMP/metrics"
M=$TMP/metrics/erguard.prom

# promcheck FILE: the text exposition format, strictly: HELP and TYPE once
# per family and before its samples, samples of a family together, label
# names and values well-formed (escapes \\ \" \n only), values numbers,
# no series twice.
promcheck() {
	awk '
	function bad(why) { printf "%s:%d: %s: %s\n", FILENAME, NR, why, $0; err = 1; exit 1 }
	/^# HELP / { if ($3 in help) bad("HELP twice"); if ($3 !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*$/) bad("bad name"); help[$3] = 1; next }
	/^# TYPE / {
		if ($3 in type) bad("TYPE twice")
		if ($4 !~ /^(counter|gauge|histogram|summary|untyped)$/ || NF != 4) bad("bad TYPE")
		if ($3 in seen) bad("TYPE after samples")
		type[$3] = $4; next
	}
	/^#/ { next }
	/^$/ { bad("empty line") }
	{
		line = $0
		if (!match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*/)) bad("no metric name")
		name = substr(line, 1, RLENGTH); rest = substr(line, RLENGTH + 1)
		if (!(name in type) || !(name in help)) bad("sample without HELP and TYPE")
		if (name != last && (name in seen)) bad("family split")
		seen[name] = 1; last = name
		labels = ""
		if (substr(rest, 1, 1) == "{") {
			rest = substr(rest, 2); n = 0
			while (substr(rest, 1, 1) != "}") {
				if (n++ > 0) { if (substr(rest, 1, 1) != ",") bad("no comma"); rest = substr(rest, 2) }
				if (!match(rest, /^[a-zA-Z_][a-zA-Z0-9_]*="/)) bad("bad label")
				lname = substr(rest, 1, RLENGTH - 2); rest = substr(rest, RLENGTH + 1)
				if ((name SUBSEP lname) in lseen && lseen[name SUBSEP lname] == NR) bad("label twice")
				lseen[name SUBSEP lname] = NR
				if (!match(rest, /^([^"\\]|\\[\\"n])*"/)) bad("bad label value")
				labels = labels lname "=" substr(rest, 1, RLENGTH) ","
				rest = substr(rest, RLENGTH + 1)
			}
			rest = substr(rest, 2)
		}
		if (rest !~ /^ (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[-+]Inf)$/) bad("bad value")
		if ((name "{" labels) in series) bad("series twice")
		series[name "{" labels] = 1
	}
	END { if (!err && NR == 0) { print FILENAME ": empty"; exit 1 } }
	' "$1"
}

# metric FILE SERIES: the value of one series ("" when it is absent)
metric() { awk -v s="$2" 'index($0, s " ") == 1 { print $NF }' "$1" 2>/dev/null; }

# until SECONDS CMD...: wait until CMD succeeds; false if it never does
until_() {
	n=$(($1 * 10)); shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1; n=$((n - 1))
	done
	return 1
}
runs() { metric "$M" erguard_runs_total; }
runs_past() { r=$(runs); [ -n "$r" ] && [ "$r" -ge "$1" ]; }
# the change lines, without the first run's report
changes() { grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$TMP/out"; }

# the checker itself must refuse what is not exposition format
printf '# HELP a x\n# TYPE a gauge\na{l="un"escaped"} 1\n' > "$TMP/bad1.prom"
printf '# HELP a x\n# TYPE a gauge\na 1\na 2\n' > "$TMP/bad2.prom"
printf 'a 1\n' > "$TMP/bad3.prom"
printf '# HELP a x\n# TYPE a gauge\na{l="x"} one\n' > "$TMP/bad4.prom"
for b in 1 2 3 4; do
	promcheck "$TMP/bad$b.prom" > /dev/null && fail "the format checker took bad$b.prom"
done

cp "$D/intent.xml" "$TMP/intent.xml"
"$EG" watch -c "$TMP/intent.xml" --interval 1 --metrics "$M" > "$TMP/out" 2> "$TMP/err" &
PID=$!

# ---- the first run: the whole report; then runs that change nothing print nothing
until_ 15 runs_past 3 || fail "no third run in 15 s: $(cat "$TMP/err")"
grep -q "^PASS    lp-config  *SEA-MX03-02 " "$TMP/out" || fail "no first report: $(head -3 "$TMP/out")"
grep -Eq "^24 checks: 22 pass, 0 fail, 0 unknown, 2 skipped" "$TMP/out" ||
	fail "first report's headline: $(grep checks: "$TMP/out")"
changes > /dev/null && fail "lines while nothing changed: $(changes)"
promcheck "$M" || fail "metrics not in exposition format"
if command -v promtool > /dev/null 2>&1; then
	promtool check metrics < "$M" || fail "promtool refuses the metrics"
fi
[ "$(metric "$M" 'erguard_check_status{check="lp-config",service="Cust11",scope="SEA-MX03-02"}')" = 0 ] ||
	fail "lp-config of SEA-MX03-02 not 0 (pass) in the metrics"
[ "$(metric "$M" 'erguard_device_up{device="SEA-MX03-01"}')" = 1 ] || fail "SEA-MX03-01 not up"
[ "$(metric "$M" 'erguard_bgp_received_prefixes{device="SEA-SRX42-01",instance="Cust11",peer="10.17.11.76"}')" = 2 ] ||
	fail "received prefixes from 10.17.11.76: $(grep received "$M")"
[ "$(metric "$M" 'erguard_bgp_advertised_prefixes{device="SEA-MX03-01",instance="Cust11",peer="192.168.11.18"}')" = 1 ] ||
	fail "advertised prefixes to 192.168.11.18: $(grep advertised "$M")"
ls "$TMP/metrics" | grep -v '^erguard.prom$' | grep -q . && fail "leftovers beside the metrics: $(ls "$TMP/metrics")"

# ---- a change that breaks lp-config: one line per check it broke, the metrics follow
"$LAB" break --dir "$D" --device SEA-MX03-02 lp-config > /dev/null || fail "cannot break lp-config"
lp_failed() { changes | grep -q " lp-config Cust11 SEA-MX03-02: pass -> fail: .*local-preference"; }
until_ 10 lp_failed || fail "no lp-config line: $(changes)"
r=$(runs); until_ 5 runs_past $((r + 2)) || fail "watch stopped running"
[ "$(changes | grep -c " lp-config ")" -eq 1 ] || fail "lp-config told more than once: $(changes)"
changes | grep -v -e " lp-config " -e " lp-rib " | grep . && fail "lines of unchanged checks"
promcheck "$M" || fail "metrics not in exposition format after the change"
[ "$(metric "$M" 'erguard_check_status{check="lp-config",service="Cust11",scope="SEA-MX03-02"}')" = 1 ] ||
	fail "lp-config of SEA-MX03-02 not 1 (fail) in the metrics"
[ "$(metric "$M" 'erguard_check_results{status="fail"}')" -ge 1 ] || fail "no fail counted"

# ---- SEA-MX03-01 drops its session and lets nobody in: unreachable, the others judged
"$LAB" fault --dir "$D" --device SEA-MX03-01 auth-refuse > /dev/null || fail "cannot refuse auth"
"$LAB" fault --dir "$D" --device SEA-MX03-01 drop-after 300 > /dev/null || fail "cannot drop"
down() { changes | grep -q " device SEA-MX03-01: reachable -> unreachable: SEA-MX03-01: "; }
until_ 10 down || fail "SEA-MX03-01 not told unreachable: $(changes)"
changes | grep -q " bgp-sessions Cust11 SEA-MX03-01: pass -> unknown: " ||
	fail "bgp-sessions of SEA-MX03-01 not unknown: $(changes)"
changes | grep " SEA-MX03-01: pass -> pass" && fail "a check of the lost device passed"
unreach_metrics() { [ "$(metric "$M" 'erguard_device_up{device="SEA-MX03-01"}')" = 0 ]; }
until_ 5 unreach_metrics || fail "SEA-MX03-01 not 0 in erguard_device_up"
[ "$(metric "$M" 'erguard_device_up{device="SEA-MX03-02"}')" = 1 ] || fail "SEA-MX03-02 not up meanwhile"
[ "$(metric "$M" 'erguard_check_status{check="bgp-sessions",service="Cust11",scope="SEA-MX03-02"}')" = 0 ] ||
	fail "SEA-MX03-02's bgp-sessions not judged while SEA-MX03-01 is down"
refused() { grep -q "SEA-MX03-01:.*auth" "$TMP/err"; }
until_ 5 refused || fail "the refused login not logged: $(tail -3 "$TMP/err")"

# ---- let it in again: reopened within the backoff (1, 2, 4 s), checks judged again
"$LAB" fault --dir "$D" --device SEA-MX03-01 clear > /dev/null || fail "cannot clear faults"
up() { changes | grep -q " device SEA-MX03-01: unreachable -> reachable"; }
until_ 12 up || fail "SEA-MX03-01 not reopened: $(changes | tail -3)"
again() { changes | grep -q " bgp-sessions Cust11 SEA-MX03-01: unknown -> pass"; }
until_ 3 again || fail "bgp-sessions of SEA-MX03-01 not back to pass: $(changes | tail -3)"
[ "$(grep -c "connection refused\|auth" "$TMP/err")" -le 6 ] ||
	fail "reopened without backoff: $(grep -c auth "$TMP/err") failed logins"

# ---- SIGHUP: the intent read again and the sessions reopened, nothing
# printed when nothing changed; an invalid one refused and the watch goes on
nlines=$(changes | wc -l)
kill -HUP "$PID"
reloaded() { grep -q "intent reloaded from $TMP/intent.xml" "$TMP/err"; }
until_ 5 reloaded || fail "SIGHUP: no reload: $(tail -2 "$TMP/err")"
r=$(runs); until_ 5 runs_past $((r + 2)) || fail "watch stopped after SIGHUP"
[ "$(changes | wc -l)" -eq "$nlines" ] || fail "lines after a reload that changed nothing: $(changes | tail -2)"
printf '<bad' > "$TMP/intent.xml"
kill -HUP "$PID"
refused_intent() { grep -q "intent not reloaded" "$TMP/err"; }
until_ 5 refused_intent || fail "an invalid intent on SIGHUP not reported: $(tail -2 "$TMP/err")"
r=$(runs); until_ 5 runs_past $((r + 2)) || fail "watch stopped after an invalid intent"
kill -0 "$PID" 2>/dev/null || fail "watch ended on an invalid intent"

# ---- SIGTERM: status 0 soon, sessions closed, the metrics file left whole
kill -TERM "$PID"
n=30; while kill -0 "$PID" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
kill -0 "$PID" 2>/dev/null && { fail "still running 3 s after SIGTERM"; kill -KILL "$PID"; }
wait "$PID"; st=$?
[ "$st" -eq 0 ] || fail "exit $st after SIGTERM: $(tail -3 "$TMP/err")"
promcheck "$M" || fail "metrics not whole after SIGTERM"
# SEA-MX03-02's session kept open over the whole watch: one connection, and
# a second from the reload on SIGHUP, both closed by the end
two() { [ "$(grep -c "^SEA-MX03-02: connection" "$D/relay.log")" -ge 2 ]; }
until_ 5 two || fail "SEA-MX03-02's sessions not closed: $(grep "^SEA-MX03-02" "$D/relay.log")"
[ "$(grep -c "^SEA-MX03-02: connection" "$D/relay.log")" -eq 2 ] ||
	fail "SEA-MX03-02 connected other than twice: $(grep "^SEA-MX03-02" "$D/relay.log")"
[ "$(grep -c "^SEA-MX03-01: connection" "$D/relay.log")" -ge 2 ] || fail "SEA-MX03-01 never reconnected"

# ---- devices that end idle sessions (2 s, runs every 3 s): each run finds
# its session gone and reopens it at once, so nothing is ever unknown
"$LAB" up --dir "$D" --idle-timeout 2 > "$TMP/up2.log" 2>&1 || { cat "$TMP/up2.log"; exit 1; }
rm -f "$M"
"$EG" watch -v -c "$D/intent.xml" --interval 3 --metrics "$M" > "$TMP/out" 2> "$TMP/err" &
PID=$!
until_ 15 runs_past 3 || fail "idle: no third run: $(tail -3 "$TMP/err")"
kill -TERM "$PID"; wait "$PID" || fail "idle: exit status $? after SIGTERM"
changes > /dev/null && fail "idle: sessions ended while idle made lines: $(changes | head -3)"
[ "$(metric "$M" 'erguard_check_results{status="unknown"}')" = 0 ] || fail "idle: unknown results"
grep -q "SEA-MX03-01: .*; reopening" "$TMP/err" ||
	fail "idle: no session ended while idle, the case tested nothing: $(tail -3 "$TMP/err")"

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
