#!/bin/sh
# packaging-ansible.sh - the erguard.junos Ansible collection.
#
# The module is run the way Ansible runs it (its arguments as
# {"ANSIBLE_MODULE_ARGS": ...} in a file named on its command line) against
# a fake erguard for every exit status, then against the real erguard on
# the saved snapshots, an invalid intent and a refused loopback connection.
# The modules' documentation is held to their argument specs, the
# collection must build and pass the part of ansible-test sanity that runs
# offline, and when ansible-playbook is installed a playbook on localhost
# runs erguard_check, and the collection's fleet playbook runs against the
# lab: one inventory host per device, reached only through the inventory's
# ansible_host, ansible_port, ansible_user and ansible_ssh_private_key_file
# (the intent gives none), each device queried exactly once (its sshd's
# log counts the logins), a deviating device failing the run, and an
# unreachable one reported unreachable, not as a deviation.
# Nothing is installed here: ansible-core comes from packaging/deps.sh.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

COLL="$EG_ROOT/packaging/ansible"
MODULE="$COLL/plugins/modules/erguard_check.py"
DEVMODULE="$COLL/plugins/modules/erguard_device.py"
FIXMODULE="$COLL/plugins/modules/erguard_fix.py"
LAB=${ERGUARD_LAB:-$(dirname "$ERGUARD")/erguard-lab}
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

# The collection where Ansible (and its modules' imports) find it.
mkdir -p "$TMP/coll/ansible_collections/erguard"
ln -s "$COLL" "$TMP/coll/ansible_collections/erguard/junos"
PYTHONPATH="$TMP/coll${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH

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
for m in "$MODULE" "$DEVMODULE" "$FIXMODULE"; do
	if ! "$PY" "$FIX/doccheck.py" "$m" > "$TMP/doc.out" 2>&1; then
		fail "$(basename "$m") documentation: $(tr '\n' ';' < "$TMP/doc.out")"
	fi
done
grep -qx '  - ISC' "$COLL/galaxy.yml" || fail "galaxy.yml does not name the ISC licence"
for kv in "namespace: erguard" "name: junos" "version: $VERSION" "readme: README.md"; do
	grep -qx "$kv" "$COLL/galaxy.yml" || fail "galaxy.yml lacks '$kv'"
done
[ -f "$COLL/README.md" ] || fail "the collection has no README.md"
"$PY" -c 'import sys, yaml; [yaml.safe_load(open(f)) for f in sys.argv[1:]]' \
	"$COLL/galaxy.yml" "$COLL/meta/runtime.yml" "$COLL/playbooks/fleet.yml" \
	2> "$TMP/yaml.err" || fail "collection YAML does not parse: $(cat "$TMP/yaml.err")"

export ANSIBLE_COLLECTIONS_PATH="$TMP/coll" ANSIBLE_HOME="$TMP/ansible-home" \
	ANSIBLE_LOCAL_TEMP="$TMP/ansible-local" ANSIBLE_REMOTE_TEMP="$TMP/ansible-remote" \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_DEPRECATION_WARNINGS=0 \
	ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=0
if command -v ansible-doc >/dev/null 2>&1; then
	for m in erguard_check erguard_device erguard_fix; do
		(cd "$TMP" && ansible-doc --json "erguard.junos.$m" > "$TMP/doc.json" 2> "$TMP/doc.err") ||
			fail "ansible-doc cannot read $m: $(head -3 "$TMP/doc.err")"
	done
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
				plugins/modules/erguard_check.py plugins/modules/erguard_device.py \
				plugins/modules/erguard_fix.py plugins/action/erguard_fix.py \
				plugins/module_utils/erguard.py plugins/action/erguard_device.py \
				playbooks/fleet.yml; do
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

# ---- ansible-test sanity: the tests that need no download (the others
# install their linters into a virtual environment with pip, from the
# network).  ansible-test wants the collection at its place under an
# ansible_collections directory, as a copy it may write beside.
OFFLINE_SANITY="action-plugin-docs changelog compile empty-init future-import-boilerplate
ignores line-endings metaclass-boilerplate no-assert no-basestring no-dict-iteritems
no-dict-iterkeys no-dict-itervalues no-get-exception no-illegal-filenames no-main-display
no-smart-quotes no-unicode-literals pslint replace-urlopen shebang shellcheck symlinks
use-argspec-type-path use-compat-six"
# sanity DIR: ansible-test sanity's offline tests in the collection copy DIR
sanity() {
	dir=$1
	set --
	for t in $OFFLINE_SANITY; do set -- "$@" --test "$t"; done
	pyver=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	(cd "$dir" && PATH="$(dirname "$PY"):$PATH" ansible-test sanity --local --python "$pyver" "$@")
}
if command -v ansible-test >/dev/null 2>&1; then
	AT="$TMP/at/ansible_collections/erguard/junos"
	mkdir -p "$AT" && cp -R "$COLL/." "$AT/"
	sanity "$AT" > "$TMP/sanity.out" 2>&1 ||
		fail "ansible-test sanity: $(grep -E 'ERROR|FATAL' "$TMP/sanity.out" | head -5 | tr '\n' ';')"
	n=$(grep -c '^Running sanity test' "$TMP/sanity.out")
	[ "$n" -eq "$(echo $OFFLINE_SANITY | wc -w)" ] ||
		fail "ansible-test sanity ran $n tests: $(grep -E 'FATAL|SKIP' "$TMP/sanity.out" | head -3)"
	# ... and it does judge the collection: an assert in a module fails it.
	echo 'assert True' >> "$AT/plugins/module_utils/erguard.py"
	sanity "$AT" > "$TMP/sanity-bad.out" 2>&1 &&
		fail "ansible-test sanity passed a module_utils with an assert"
	grep -q 'no-assert' "$TMP/sanity-bad.out" || fail "ansible-test sanity did not name no-assert"
else
	fail "ansible-test is not installed (Debian package ansible-core)"
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

# ---- the fleet playbook against the lab
# fleet PLAYBOOK_OUT INVENTORY: run erguard.junos.fleet; its status is returned.
fleet() {
	(cd "$TMP" && ansible-playbook -i "$2" --forks 3 -e "erguard_bin=$REAL" \
		-e "erguard_intent=$TMP/bare.xml" erguard.junos.fleet) > "$1" 2>&1
}
# logins: the lab's sshd logins so far, "DEVICE=N" per device
logins() {
	for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
		printf '%s=%s ' "$d" "$(grep -c 'Accepted publickey' "$TMP/lab/devices/$d/sshd.log")"
	done
}
# recap OUT HOST: HOST's line of the play recap, its counters only
recap() {
	sed -n "s/^$2 *: //p" "$1" | tr -s ' '
}
fleet_lab() {
	"$LAB" up --dir "$TMP/lab" > "$TMP/lab.out" 2>&1 ||
		{ fail "erguard-lab up: $(tail -3 "$TMP/lab.out")"; return; }
	trap '"$LAB" down --dir "$TMP/lab" >/dev/null 2>&1; rm -rf "$TMP"' EXIT INT TERM
	# The intent without the devices' address, port, user and key: only
	# the inventory says how to reach them (the device name does not resolve).
	sed -e '/<host>/d' -e '/<port>/d' -e '/<user>/d' -e '/<identity-file>/d' \
		"$TMP/lab/intent.xml" > "$TMP/bare.xml"
	"$REAL" intent validate "$TMP/bare.xml" > /dev/null 2>&1 || fail "the bare lab intent is invalid"
	grep -Eq '<(host|port|user|identity-file)>' "$TMP/bare.xml" &&
		fail "the bare lab intent still says how to reach a device"
	{
		echo "[erguard_devices]"
		awk '/^Host /{h=$2} /^ *HostName /{a=$2} /^ *Port /{p=$2} /^ *User /{u=$2}
		     /^ *IdentityFile /{print h, "ansible_host=" a, "ansible_port=" p, "ansible_user=" u,
		                          "ansible_ssh_private_key_file=" $2}' "$TMP/lab/ssh_config"
		echo "[all:vars]"
		echo "ansible_python_interpreter=$(command -v "$PY")"
	} > "$TMP/lab.ini"
	[ "$(grep -c ansible_port= "$TMP/lab.ini")" -eq 3 ] || fail "lab inventory: $(cat "$TMP/lab.ini")"

	# compliant: each device queried once, the run passes
	before=$(logins)
	fleet "$TMP/fleet.out" "$TMP/lab.ini" ||
		fail "fleet playbook on the compliant lab: $(grep -E 'fatal|FAILED|ERROR|msg' "$TMP/fleet.out" | head -5 | cut -c1-300 | tr '\n' ';')"
	grep -q 'erguard: compliant, 3 devices' "$TMP/fleet.out" ||
		fail "the fleet playbook on the compliant lab did not say compliant"
	after=$(logins)
	for d in SEA-MX03-01 SEA-MX03-02 SEA-SRX42-01; do
		b=$(echo "$before" | tr ' ' '\n' | sed -n "s/^$d=//p")
		a=$(echo "$after" | tr ' ' '\n' | sed -n "s/^$d=//p")
		[ $((a - b)) -eq 1 ] || fail "the fleet run logged in to $d $((a - b)) times, expected once"
		case $(recap "$TMP/fleet.out" "$d") in
		"ok=1 changed=0 unreachable=0 failed=0 "*) ;;
		*) fail "recap of $d: $(recap "$TMP/fleet.out" "$d")" ;;
		esac
	done

	# The README's 200-device playbook, its forks and inventory as documented,
	# on the lab's inventory (its own intent overridden by the lab's).
	"$PY" - "$COLL/README.md" "$TMP/doc" <<'PYEOF' || fail "README: no inventory.yml and site.yml blocks"
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r'```yaml\n# (\S+)\n(.*?)```', text, re.S)
names = [n for n, _ in blocks]
if 'inventory.yml' not in names or 'site.yml' not in names:
    sys.exit(1)
for name, body in blocks:
    open(sys.argv[2] + '-' + name, 'w').write(body)
PYEOF
	grep -q 'ansible-playbook -i inventory.yml --forks 50 site.yml' "$COLL/README.md" ||
		fail "README shows no run with --forks"
	(cd "$TMP" && ansible-inventory -i doc-inventory.yml --list) > "$TMP/inv.json" 2>&1 &&
		"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1]))["_meta"]["hostvars"]
sys.exit(0 if d["SEA-SRX42-01"]["ansible_host"] and d["SEA-MX03-01"]["ansible_port"] == 830 else 1)' \
			"$TMP/inv.json" || fail "README's inventory.yml: $(head -3 "$TMP/inv.json")"
	cp "$TMP/doc-site.yml" "$TMP/site-doc.yml"
	(cd "$TMP" && ansible-playbook -i lab.ini --forks 50 -e "erguard_bin=$REAL" \
		-e "erguard_intent=$TMP/bare.xml" site-doc.yml) > "$TMP/fleet-doc.out" 2>&1 ||
		fail "README's site.yml: $(grep -E 'fatal|FAILED|ERROR|msg' "$TMP/fleet-doc.out" | head -5 | cut -c1-300 | tr '\n' ';')"
	grep -q 'erguard: compliant, 3 devices' "$TMP/fleet-doc.out" || fail "README's site.yml did not say compliant"

	# a deviation: the run fails, the devices are reachable
	"$LAB" break --dir "$TMP/lab" --device SEA-MX03-02 lp-config > /dev/null 2>&1 ||
		fail "erguard-lab break failed"
	fleet "$TMP/fleet-bad.out" "$TMP/lab.ini"
	rc=$?
	[ "$rc" -eq 2 ] || fail "the fleet playbook on a deviating lab exited $rc, expected 2 (failed)"
	grep -q "unreachable \[\];" "$TMP/fleet-bad.out" ||
		fail "a deviation was reported as unreachable: $(grep 'erguard: unreachable' "$TMP/fleet-bad.out")"
	grep -q "deviating \[[^]]*'SEA-MX03-02'" "$TMP/fleet-bad.out" ||
		fail "the fleet playbook does not name SEA-MX03-02 deviating"
	grep -q "site failed \['lp-config', 'lp-rib'\]" "$TMP/fleet-bad.out" ||
		fail "the site run does not name lp-config and lp-rib: $(grep 'site failed' "$TMP/fleet-bad.out")"

	# an unreachable device (its inventory port closed): unreachable in the
	# recap and in the summary, not a deviation
	port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	sed "s/^\(SEA-MX03-01 .*ansible_port=\)[0-9]*/\1$port/" "$TMP/lab.ini" > "$TMP/lab-down.ini"
	fleet "$TMP/fleet-down.out" "$TMP/lab-down.ini"
	rc=$?
	[ "$rc" -eq 4 ] || fail "the fleet playbook with an unreachable device exited $rc, expected 4 (unreachable)"
	case $(recap "$TMP/fleet-down.out" SEA-MX03-01) in
	"ok=0 changed=0 unreachable=1 failed=0 "*) ;;
	*) fail "recap of the unreachable SEA-MX03-01: $(recap "$TMP/fleet-down.out" SEA-MX03-01)" ;;
	esac
	grep -q "unreachable \['SEA-MX03-01'\];" "$TMP/fleet-down.out" ||
		fail "the summary does not name SEA-MX03-01 unreachable"
	grep -q "deviating \[[^]]*'SEA-MX03-01'" "$TMP/fleet-down.out" &&
		fail "the unreachable SEA-MX03-01 is listed as deviating"
	grep -q "UNREACHABLE.*127.0.0.1.*$port\|UNREACHABLE.*$port" "$TMP/fleet-down.out" ||
		fail "the unreachable result does not say where it tried: $(grep UNREACHABLE "$TMP/fleet-down.out" | cut -c1-200)"
}

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

	if [ -n "$REAL" ] && [ -x "$LAB" ] && { [ -z "${EG_SANITIZED:-}" ] || [ -n "${EG_LAB_UNDER_ASAN:-}" ]; }; then
		fleet_lab
	else
		echo "skip: no lab ($LAB), or a sanitizer pass: the fleet playbook was not run"
	fi
else
	echo "skip: ansible-playbook not installed; the module was run directly only"
fi

finish
