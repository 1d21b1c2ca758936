#!/bin/sh
# packaging-ansible.sh - the erguard.junos Ansible collection.
#
# The module is run the way Ansible runs it (its arguments as
# {"ANSIBLE_MODULE_ARGS": ...} in a file named on its command line) against
# a fake erguard for every exit status, then against the real erguard on
# the saved snapshots, an invalid intent and a refused loopback connection.
# Its documentation is held to its argument spec, the collection must build,
# and when ansible-playbook is installed a playbook on localhost and the
# collection's fleet playbook (one fork per device) run it for real.
# Nothing is installed here: ansible-core comes from packaging/deps.sh.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

COLL="$EG_ROOT/packaging/ansible"
MODULE="$COLL/plugins/modules/erguard_check.py"
FIX="$EG_ROOT/tests/cli/packaging-fixtures"
FAKE="$FIX/fake-erguard.sh"
SNAP="$EG_ROOT/tests/snapshots"
VERSION=$(sed -n 's/^VERSION *:= *//p' "$EG_ROOT/Makefile")

# The Python that has ansible-core's module_utils: Debian's, which a
# python3 earlier in PATH (a virtualenv, pyenv) may hide.
PY=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import ansible.module_utils.basic, yaml' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	fail "no python3 can import ansible.module_utils (Debian package ansible-core; run make deps)"
	finish
fi

# run_module NAME ARGS_JSON [VAR=VALUE...]: run the module with these
# arguments and environment; its result is left in $TMP/NAME.json.
run_module() {
	name=$1 args=$2; shift 2
	printf '{"ANSIBLE_MODULE_ARGS": %s}\n' "$args" > "$TMP/$name.args"
	env "$@" "$PY" "$MODULE" "$TMP/$name.args" > "$TMP/$name.json" 2> "$TMP/$name.err"
}

# expect NAME ASSERTION...: check the result of run_module NAME.
expect() {
	name=$1; shift
	if ! "$PY" "$FIX/expect.py" "$TMP/$name.json" "$@" > "$TMP/expect.out" 2>&1; then
		fail "$name: $(tr '\n' ';' < "$TMP/expect.out")"
		sed 's/^/    stderr: /' "$TMP/$name.err" | head -5 >&2
	fi
}

# ---- documentation, collection metadata
if ! "$PY" "$FIX/doccheck.py" "$MODULE" > "$TMP/doc.out" 2>&1; then
	fail "module documentation: $(tr '\n' ';' < "$TMP/doc.out")"
fi
for kv in "namespace: erguard" "name: junos" "version: $VERSION" "readme: README.md"; do
	grep -qx "$kv" "$COLL/galaxy.yml" || fail "galaxy.yml lacks '$kv'"
done
[ -f "$COLL/README.md" ] || fail "the collection has no README.md"
"$PY" -c 'import sys, yaml; [yaml.safe_load(open(f)) for f in sys.argv[1:]]' \
	"$COLL/galaxy.yml" "$COLL/meta/runtime.yml" "$COLL/playbooks/fleet.yml" \
	2> "$TMP/yaml.err" || fail "collection YAML does not parse: $(cat "$TMP/yaml.err")"

mkdir -p "$TMP/coll/ansible_collections/erguard"
ln -s "$COLL" "$TMP/coll/ansible_collections/erguard/junos"
export ANSIBLE_COLLECTIONS_PATH="$TMP/coll" ANSIBLE_HOME="$TMP/ansible-home" \
	ANSIBLE_LOCAL_TEMP="$TMP/ansible-local" ANSIBLE_REMOTE_TEMP="$TMP/ansible-remote" \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_DEPRECATION_WARNINGS=0 \
	ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=0
if command -v ansible-doc >/dev/null 2>&1; then
	(cd "$TMP" && ansible-doc --json erguard.junos.erguard_check > "$TMP/doc.json" 2> "$TMP/doc.err") ||
		fail "ansible-doc cannot read the module: $(head -3 "$TMP/doc.err")"
else
	echo "skip: ansible-doc not installed"
fi
if command -v ansible-galaxy >/dev/null 2>&1; then
	if (cd "$TMP" && ansible-galaxy collection build --output-path "$TMP/dist" "$COLL") \
		> "$TMP/galaxy.out" 2>&1; then
		tarball="$TMP/dist/erguard-junos-$VERSION.tar.gz"
		if [ ! -f "$tarball" ]; then
			fail "ansible-galaxy built no $(basename "$tarball")"
		else
			tar tzf "$tarball" > "$TMP/tarball.lst"
			for f in galaxy.yml MANIFEST.json meta/runtime.yml README.md \
				plugins/modules/erguard_check.py playbooks/fleet.yml; do
				grep -qx "$f" "$TMP/tarball.lst" || [ "$f" = galaxy.yml ] ||
					fail "the collection tarball lacks $f"
			done
		fi
	else
		fail "ansible-galaxy collection build: $(tail -3 "$TMP/galaxy.out")"
	fi
else
	echo "skip: ansible-galaxy not installed"
fi

# ---- the module against a fake erguard, one case per exit status
# case NAME STATUS REPORT STDERR MODULE_ARGS ASSERTION...
fake_case() {
	name=$1 status=$2 report=$3 stderr=$4 args=$5; shift 5
	rm -f "$TMP/argv"
	run_module "$name" "$args" FAKE_STATUS="$status" FAKE_REPORT="$report" \
		FAKE_STDERR="$stderr" FAKE_ARGV="$TMP/argv"
	expect "$name" changed=false "$@"
}
F="\"erguard_path\": \"$FAKE\""
fake_case compliant 0 "$FIX/report-compliant.json" "" "{$F}" \
	failed=false compliant=true exit_status=0 failed_checks='[]' unknown_checks='[]' \
	report.summary.pass=2 report.tool-version='"0.1.0"'
fake_case deviations 1 "$FIX/report-deviations.json" "" "{$F}" \
	failed=true compliant=false exit_status=1 failed_checks='["lp-config"]' \
	unknown_checks='["bgp-sessions"]' msg~=deviations msg~=lp-config msg~=bgp-sessions \
	summary.fail=2
fake_case deviations-reported 1 "$FIX/report-deviations.json" "" \
	"{$F, \"fail_on_deviation\": false}" \
	failed=false compliant=false exit_status=1 failed_checks='["lp-config"]'
fake_case deviations-check-mode 1 "$FIX/report-deviations.json" "" \
	"{$F, \"fail_on_deviation\": false, \"_ansible_check_mode\": true}" \
	failed=false compliant=false failed_checks='["lp-config"]'
[ -s "$TMP/argv" ] || fail "check mode did not run erguard, which only reads"
fake_case usage 2 "" "check: unrecognized option '--bogus'" "{$F}" \
	failed=true exit_status=2 msg~="usage error" msg~="unrecognized option" report='{}'
fake_case invalid-intent 3 "" "erguard: /etc/erguard/x.xml:96: Node \"vpn-limits\" not found" \
	"{$F, \"intent\": \"/etc/erguard/x.xml\"}" \
	failed=true compliant=false exit_status=3 msg~="invalid intent" \
	msg~="/etc/erguard/x.xml:96" report='{}' failed_checks='[]'
fake_case transport 4 "$FIX/report-transport.json" \
	"erguard: SEA-MX03-01: cannot connect to 127.0.0.1 port 9: Connection refused" \
	"{$F, \"fail_on_deviation\": false}" \
	failed=true compliant=false exit_status=4 msg~="transport or authentication" \
	msg~="SEA-MX03-01: cannot connect" unknown_checks='["bgp-sessions", "lp-config"]' \
	report.exit-status=4
fake_case rpc-error 5 "" "erguard: SEA-SRX42-01: rpc-error: syntax error" "{$F}" \
	failed=true exit_status=5 msg~="rpc-error: syntax error"
fake_case killed 137 "" "" "{$F}" failed=true exit_status=137 msg~="unexpected exit status"
fake_case not-json 0 "$FIX/fake-erguard.sh" "" "{$F}" \
	failed=true compliant=false msg~="no JSON report"
fake_case empty-stdout 0 "" "" "{$F}" failed=true msg~="nothing on standard output"
fake_case inconsistent 0 "$FIX/report-deviations.json" "" "{$F}" \
	failed=true compliant=false msg~="exited 0 but"
fake_case nested 1 "$FIX/report-nested.json" "" "{$F, \"fail_on_deviation\": false}" \
	failed=false compliant=false failed_checks='["vpn-recv"]' unknown_checks='[]' \
	summary.fail=1 summary.pass=1
fake_case bad-timeout 0 "$FIX/report-compliant.json" "" "{$F, \"timeout\": 0}" \
	failed=true msg~="timeout must be at least 1"
[ -e "$TMP/argv" ] && fail "bad-timeout: erguard ran despite the invalid timeout"
fake_case missing-path 0 "" "" '{"erguard_path": "/nonexistent/erguard"}' failed=true
fake_case missing-name 0 "" "" '{"erguard_path": "erguard-not-installed-here"}' \
	failed=true msg~="erguard-not-installed-here"

# The argument list: every option once, in erguard's spelling, nothing else.
fake_case argv 0 "$FIX/report-compliant.json" "" \
	"{$F, \"intent\": \"$TMP/in tent.xml\", \"devices\": [\"SEA-MX03-01\", \"SEA-SRX42-01\"],
	  \"from_dir\": \"$TMP/snap\", \"azure_learned\": \"$TMP/l.json\",
	  \"azure_advertised\": \"$TMP/a.json\", \"timeout\": 7, \"parallel\": 2}" failed=false
printf '%s\n' check --format json -c "$TMP/in tent.xml" --device SEA-MX03-01 \
	--device SEA-SRX42-01 --from "$TMP/snap" --azure-learned "$TMP/l.json" \
	--azure-advertised "$TMP/a.json" --timeout 7 --parallel 2 > "$TMP/argv.want"
if ! cmp -s "$TMP/argv" "$TMP/argv.want"; then
	fail "erguard's arguments differ: $(diff "$TMP/argv.want" "$TMP/argv" | tr '\n' ';')"
fi
fake_case argv-minimal 0 "$FIX/report-compliant.json" "" "{$F}" failed=false
printf '%s\n' check --format json > "$TMP/argv.want"
cmp -s "$TMP/argv" "$TMP/argv.want" || fail "default arguments: $(tr '\n' ' ' < "$TMP/argv")"

# Every key the module returned is documented in RETURN.
"$PY" "$FIX/doccheck.py" "$MODULE" "$TMP/compliant.json" "$TMP/deviations.json" \
	"$TMP/transport.json" > "$TMP/doc.out" 2>&1 ||
	fail "returned keys: $(tr '\n' ';' < "$TMP/doc.out")"

# ---- the module against the real erguard
REAL=""
if [ -x "$ERGUARD" ] && "$ERGUARD" version >/dev/null 2>&1; then
	REAL=$ERGUARD
else
	echo "skip: $ERGUARD does not run; real erguard cases left out"
fi
if [ -n "$REAL" ]; then
	E="\"erguard_path\": \"$REAL\""
	run_module real-compliant "{$E, \"from_dir\": \"$SNAP/compliant\"}"
	expect real-compliant failed=false compliant=true exit_status=0 failed_checks='[]' \
		unknown_checks='[]' report.summary.fail=0 report.mode='"offline"'
	"$PY" -c 'import json, sys; r = json.load(open(sys.argv[1]))["report"]["result"]
sys.exit(0 if len(r) > 10 and all(x["status"] in ("pass", "skipped") for x in r) else 1)' \
		"$TMP/real-compliant.json" || fail "real-compliant: the report's results are not all pass or skipped"

	# lp-config breaks the CE's local-preference; the firewall's RIB follows.
	run_module real-lp "{$E, \"from_dir\": \"$SNAP/lp-config\", \"fail_on_deviation\": false}"
	expect real-lp failed=false compliant=false exit_status=1 \
		failed_checks='["lp-config", "lp-rib"]' unknown_checks='[]'
	# ... and exactly the checks erguard's XML report says fail.
	"$REAL" check --from "$SNAP/lp-config" --format xml > "$TMP/lp.xml" 2>/dev/null
	want=$(failing_checks "$TMP/lp.xml" | paste -sd, -)
	got=$("$PY" -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(",".join(sorted(d["failed_checks"] + d["unknown_checks"])))' "$TMP/real-lp.json")
	if [ -z "$want" ] || [ "$want" != "$got" ]; then
		fail "real-lp: module says [$got], erguard's XML report [$want]"
	fi
	run_module real-lp-fails "{$E, \"from_dir\": \"$SNAP/lp-config\"}"
	expect real-lp-fails failed=true msg~=lp-config msg~=lp-rib

	run_module real-device "{$E, \"from_dir\": \"$SNAP/lp-config\", \"devices\": [\"SEA-MX03-01\"]}"
	expect real-device failed=false compliant=true exit_status=0
	run_module real-device2 "{$E, \"from_dir\": \"$SNAP/lp-config\", \"devices\": [\"SEA-MX03-02\"], \"fail_on_deviation\": false}"
	expect real-device2 failed=false compliant=false exit_status=1 failed_checks='["lp-config"]'

	run_module real-intent "{$E, \"intent\": \"$EG_ROOT/tests/data/intent/unknown-element.xml\"}"
	expect real-intent failed=true exit_status=3 msg~="invalid intent" msg~="unknown-element.xml"

	run_module real-usage "{$E, \"from_dir\": \"$TMP/no-such-snapshot\"}"
	expect real-usage failed=true msg~="no-such-snapshot"

	# A refused connection on loopback: transport failure, status 4.
	port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$REAL" intent show > "$TMP/intent.xml" 2>/dev/null &&
		sed -e 's|<host>[^<]*</host>|<host>127.0.0.1</host>|' \
			-e "s|<port>[^<]*</port>|<port>$port</port>|" "$TMP/intent.xml" > "$TMP/refused.xml"
	run_module real-refused "{$E, \"intent\": \"$TMP/refused.xml\", \"timeout\": 5}"
	expect real-refused failed=true exit_status=4 msg~="transport or authentication" \
		msg~="127.0.0.1" failed_checks='[]'
	"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1]))
sys.exit(0 if d["unknown_checks"] and d["report"]["summary"]["pass"] == 0 else 1)' \
		"$TMP/real-refused.json" || fail "real-refused: no unknown checks in the report"
fi

# ---- ansible-playbook: the collection used as Ansible uses it
if command -v ansible-playbook >/dev/null 2>&1; then
	BIN=${REAL:-$FAKE}
	if [ -n "$REAL" ]; then
		GOOD="$SNAP/compliant" BAD="$SNAP/lp-config"
		# Loopback hosts: should a snapshot not reach erguard, nothing
		# leaves the machine.
		"$REAL" intent show 2>/dev/null | sed -e 's|<host>[^<]*</host>|<host>127.0.0.1</host>|' \
			-e 's|<port>[^<]*</port>|<port>9</port>|' > "$TMP/loopback.xml"
		INTENT="$TMP/loopback.xml"
	else
		GOOD="" BAD="" INTENT=""
	fi
	cat > "$TMP/site.yml" <<EOF
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: compliant
      erguard.junos.erguard_check:
        erguard_path: "$BIN"
        from_dir: "{{ good | default(omit, true) }}"
        intent: "{{ intent | default(omit, true) }}"
      register: good_run
      environment:
        FAKE_REPORT: "$FIX/report-compliant.json"
        FAKE_STATUS: "0"
    - name: deviations, reported
      erguard.junos.erguard_check:
        erguard_path: "$BIN"
        from_dir: "{{ bad | default(omit, true) }}"
        intent: "{{ intent | default(omit, true) }}"
        fail_on_deviation: false
      register: bad_run
      environment:
        FAKE_REPORT: "$FIX/report-deviations.json"
        FAKE_STATUS: "1"
    - name: deviations fail the task
      erguard.junos.erguard_check:
        erguard_path: "$BIN"
        from_dir: "{{ bad | default(omit, true) }}"
        intent: "{{ intent | default(omit, true) }}"
      register: failing_run
      ignore_errors: true
      environment:
        FAKE_REPORT: "$FIX/report-deviations.json"
        FAKE_STATUS: "1"
    - ansible.builtin.assert:
        that:
          - good_run.compliant
          - not good_run.changed
          - good_run.report.result | length > 0
          - not bad_run.compliant
          - bad_run.exit_status == 1
          - "'lp-config' in bad_run.failed_checks"
          - failing_run.failed
EOF
	(cd "$TMP" && ansible-playbook -i localhost, -e "good=$GOOD" -e "bad=$BAD" -e "intent=$INTENT" \
		-e "ansible_python_interpreter=$(command -v "$PY")" site.yml) > "$TMP/play.out" 2>&1 ||
		fail "playbook on localhost: $(grep -E 'fatal|FAILED|ERROR|msg' "$TMP/play.out" | head -5 | cut -c1-300 | tr '\n' ';')"
	(cd "$TMP" && ansible-playbook -i localhost, --check \
		-e "good=$GOOD" -e "bad=$BAD" -e "intent=$INTENT" -e "ansible_python_interpreter=$(command -v "$PY")" \
		site.yml) > "$TMP/play-check.out" 2>&1 ||
		fail "playbook in check mode: $(grep -E 'fatal|FAILED|ERROR|msg' "$TMP/play-check.out" | head -5 | cut -c1-300 | tr '\n' ';')"

	if [ -n "$REAL" ]; then
		# The fleet playbook: one fork per device, then the site as a whole.
		{
			echo "[erguard_devices]"
			for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
				echo "$d ansible_connection=local ansible_python_interpreter=$(command -v "$PY")"
			done
			echo "[all:vars]"
			echo "ansible_python_interpreter=$(command -v "$PY")"
		} > "$TMP/fleet.ini"
		(cd "$TMP" && ansible-playbook -i fleet.ini --forks 3 -e "erguard_bin=$REAL" -e "erguard_intent=$INTENT" \
			-e "erguard_snapshot=$SNAP/compliant" erguard.junos.fleet) > "$TMP/fleet.out" 2>&1 ||
			fail "fleet playbook on the compliant snapshot: $(grep -E 'fatal|FAILED|ERROR|msg' "$TMP/fleet.out" | head -5 | cut -c1-300 | tr '\n' ';')"
		grep -q 'erguard: compliant' "$TMP/fleet.out" ||
			fail "fleet playbook on the compliant snapshot did not say compliant"
		grep -Eq 'SEA-SRX42-01 +: ok=1' "$TMP/fleet.out" ||
			fail "fleet playbook did not check SEA-SRX42-01: $(grep -E ': ok=' "$TMP/fleet.out" | tr '\n' ';')"
		if (cd "$TMP" && ansible-playbook -i fleet.ini --forks 3 -e "erguard_bin=$REAL" -e "erguard_intent=$INTENT" \
			-e "erguard_snapshot=$SNAP/lp-config" erguard.junos.fleet) > "$TMP/fleet-bad.out" 2>&1; then
			fail "fleet playbook passed on the lp-config snapshot"
		fi
		grep -q "lp-config" "$TMP/fleet-bad.out" ||
			fail "fleet playbook on lp-config does not name lp-config"
	fi
else
	echo "skip: ansible-playbook not installed; the module was run directly only"
fi

finish
