#!/bin/sh
# ansible-fix.sh - the erguard.junos collection's erguard_fix module,
# driven by ansible-playbook against the Junos lab over SSH and NETCONF on
# loopback.  On the lp-config lab: --check --diff shows the planned set
# line and the compare, reports changed and commits nothing (the device's
# rollback history does not grow); a real run commits, reports changed
# and names the device committed, after which erguard check passes; a
# second run reports ok and commits nothing.  Every key a run returned is
# in the module's RETURN documentation.  A deviation no configuration
# change repairs (bgp-sessions) fails the task naming it, nothing
# committed; a device that cannot be reached makes the task unreachable,
# not failed, and nothing is committed.
NEEDS="ansible-playbook" . "$(dirname "$0")/lib.inc"
COLL=$ROOT/packaging/ansible
PY=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import ansible.module_utils.basic' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "skip: no python3 with ansible-core"; exit 0; }
mkdir -p "$TMP/coll/ansible_collections/erguard"
ln -s "$COLL" "$TMP/coll/ansible_collections/erguard/junos"
export ANSIBLE_COLLECTIONS_PATH="$TMP/coll" ANSIBLE_HOME="$TMP/ansible-home" \
	ANSIBLE_LOCAL_TEMP="$TMP/ansible-local" ANSIBLE_NOCOLOR=1 \
	ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_DEPRECATION_WARNINGS=0 \
	ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=0

# commits DEV: how many rollback files the device's database holds
commits() { ls "$D/devices/$1" | grep -c '^rollback\.[0-9]*\.xml$'; }
# history: every device's commit count
history() { for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do printf '%s=%s ' $d "$(commits $d)"; done; }
# recap OUT: localhost's line of the play recap, its counters only
recap() { sed -n 's/^localhost *: //p' "$1" | tr -s ' '; }
# result FIELD: a field of the registered result, as JSON
result() { "$PY" -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))[sys.argv[2]]))' \
	"$TMP/result.json" "$1"; }

# play OUT INTENT [ansible-playbook options]: run erguard_fix once; the
# registered result is left in $TMP/result.json (a failed or unreachable
# task is ignored so that it is kept: the recap then counts it "ignored",
# and the task's own line says FAILED or UNREACHABLE)
play() {
	out=$1 intent=$2; shift 2
	rm -f "$TMP/result.json"
	cat > "$TMP/fix.yml" <<YML
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: repair
      erguard.junos.erguard_fix:
        erguard_path: "$EG"
        intent: "$intent"
        settle_seconds: 30
      register: fix
      ignore_errors: true
      ignore_unreachable: true
    - name: keep the result
      ansible.builtin.copy:
        content: "{{ fix | to_json }}"
        dest: "$TMP/result.json"
        mode: "0600"
      changed_when: false
      check_mode: false
YML
	(cd "$TMP" && ansible-playbook -i localhost, -e "ansible_python_interpreter=$PY" "$@" fix.yml) \
		> "$out" 2>&1
	# every key the module returned is documented (Ansible's own keys aside)
	[ -f "$TMP/result.json" ] || { fail "$out: no result kept"; return; }
	"$PY" -c 'import json, sys; r = json.load(open(sys.argv[1]))
for k in ("stderr_lines", "unreachable"): r.pop(k, None)
json.dump(r, open(sys.argv[2], "w"))' "$TMP/result.json" "$TMP/returned.json"
	PYTHONPATH="$TMP/coll" "$PY" "$ROOT/tests/cli/packaging-fixtures/doccheck.py" \
		"$COLL/plugins/modules/erguard_fix.py" "$TMP/returned.json" > "$TMP/doc.out" 2>&1 ||
		fail "$(basename "$out"): $(tr '\n' ';' < "$TMP/doc.out")"
}

SET="set routing-instances Cust11 protocols bgp group ibgp local-preference 150"
"$LAB" up --dir "$D" --scenario lp-config > "$TMP/up.log" 2>&1 ||
	{ fail "lab did not start: $(tail -3 "$TMP/up.log")"; exit 1; }

# --check --diff: the plan, changed predicted, nothing committed
before=$(history)
play "$TMP/check.out" "$D/intent.xml" --check --diff
grep -qF "  $SET" "$TMP/check.out" || fail "check --diff: the set line is not shown"
grep -q '^ *+ *local-preference 150;' "$TMP/check.out" || fail "check --diff: the compare is not shown"
case $(recap "$TMP/check.out") in
"ok=2 changed=1 unreachable=0 failed=0 "*) ;;
*) fail "check --diff recap: $(recap "$TMP/check.out")" ;;
esac
[ "$(result outcome)" = '"planned"' ] || fail "check: outcome $(result outcome)"
[ "$(result committed)" = '[]' ] || fail "check: committed $(result committed)"
[ "$(history)" = "$before" ] || fail "check mode committed: $before -> $(history)"
grep -q -- '--apply' "$TMP/result.json" && fail "check mode ran erguard fix --apply"

# a real run: committed and confirmed, changed; the check passes after
play "$TMP/apply.out" "$D/intent.xml" --diff
case $(recap "$TMP/apply.out") in
"ok=2 changed=1 unreachable=0 failed=0 "*) ;;
*) fail "apply recap: $(recap "$TMP/apply.out"); $(grep -E 'fatal|msg' "$TMP/apply.out" | head -3)" ;;
esac
[ "$(result committed)" = '["SEA-MX03-02"]' ] || fail "apply: committed $(result committed)"
[ "$(result outcome)" = '"changed"' ] || fail "apply: outcome $(result outcome)"
grep -qF "  $SET" "$TMP/apply.out" || fail "apply --diff: the applied line is not shown"
"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1]))["devices"]
t = [x for x in d if x["device"] == "SEA-MX03-02"][0]["phase-us"]
sys.exit(0 if t["commit-confirmed"] > 0 and t["total"] >= t["commit-confirmed"] else 1)' \
	"$TMP/result.json" || fail "apply: no phase times for SEA-MX03-02"
[ "$(commits SEA-MX03-02)" -gt "$(echo "$before" | sed 's/.*SEA-MX03-02=\([0-9]*\).*/\1/')" ] ||
	fail "apply: nothing committed on SEA-MX03-02"
"$EG" check -c "$D/intent.xml" > "$TMP/check" 2>&1 || fail "check after the playbook exit $?"

# a second run: ok, nothing committed
before=$(history)
play "$TMP/again.out" "$D/intent.xml"
case $(recap "$TMP/again.out") in
"ok=2 changed=0 unreachable=0 failed=0 "*) ;;
*) fail "second run recap: $(recap "$TMP/again.out")" ;;
esac
[ "$(result outcome)" = '"unchanged"' ] || fail "second run: outcome $(result outcome)"
[ "$(history)" = "$before" ] || fail "the second run committed: $before -> $(history)"

# a device that cannot be reached: unreachable, not failed; nothing committed
awk '/<port>/ { n++; if (n == 3) sub(/<port>[0-9]*</, "<port>1<") } { print }' \
	"$D/intent.xml" > "$TMP/intent-down.xml"
"$LAB" break --dir "$D" --device SEA-MX03-02 lp-config > /dev/null 2>&1 || fail "erguard-lab break failed"
before=$(history)
play "$TMP/down.out" "$TMP/intent-down.xml"
grep -q '^fatal: \[localhost\]: FAILED' "$TMP/down.out" && fail "unreachable: reported failed"
grep -q '^fatal: \[localhost\]: UNREACHABLE.*SEA-SRX42-01.*port 1' "$TMP/down.out" ||
	fail "unreachable: the device is not named: $(grep -E 'UNREACHABLE|fatal' "$TMP/down.out" | cut -c1-200)"
[ "$(result unreachable_devices)" = '["SEA-SRX42-01"]' ] || fail "unreachable: $(result unreachable_devices)"
[ "$(history)" = "$before" ] || fail "with a device unreachable, something was committed"

# not repairable by configuration: the task fails naming the check, nothing committed
"$LAB" down --dir "$D" > /dev/null 2>&1
rm -rf "$D"
"$LAB" up --dir "$D" --scenario bgp-sessions > "$TMP/up.log" 2>&1 ||
	{ fail "bgp-sessions lab did not start: $(tail -3 "$TMP/up.log")"; exit 1; }
play "$TMP/bgp.out" "$D/intent.xml"
grep -q '^fatal: \[localhost\]: FAILED!.*cannot repair[^"]*bgp-sessions' "$TMP/bgp.out" ||
	fail "unrepairable: the reason is not given: $(grep -E 'fatal' "$TMP/bgp.out" | cut -c1-200)"
[ "$(result outcome)" = '"unrepairable"' ] || fail "unrepairable: outcome $(result outcome)"
[ "$(history)" = "SEA-MX03-01=0 SEA-MX03-02=0 SEA-SRX42-01=0 " ] || fail "bgp-sessions: committed $(history)"

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed"
