#!/bin/sh
# junit.sh - JUnit output as CI servers read it: valid against the format's
# schema (tests/schema/junit.xsd), read by a JUnit reader (Debian's
# python3-junitparser) with the counts, cases and times the report holds.
. "$(dirname "$0")/lib.inc"
XSD=$EG_ROOT/tests/schema/junit.xsd
S=$EG_ROOT/tests/snapshots

# The schema can fail: what CI readers refuse, it refuses.
cat > "$TMP/bad1.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="x" tests="1" failures="0" errors="0" skipped="1" time="0.1">
  <testsuite name="s" tests="1"><testcase classname="c" name="n" time="0"/></testsuite>
</testsuites>
X
cat > "$TMP/bad2.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="s" tests="1"><testcase classname="c" name="n" time="0" skipped="true"/></testsuite></testsuites>
X
cat > "$TMP/bad3.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="s" tests="1"><testcase classname="c" name="n" time="a while"/></testsuite></testsuites>
X
for b in bad1 bad2 bad3; do
	xmllint --noout --schema "$XSD" "$TMP/$b.xml" 2>/dev/null && fail "the schema accepts $b.xml"
done
xmllint --noout --schema "$XSD" "$EG_ROOT/tests/golden/report-junit.xml" 2>"$TMP/err" ||
	fail "golden report-junit.xml: $(cat "$TMP/err")"

# Debian's interpreter, where python3-junitparser installs
PY=/usr/bin/python3
"$PY" -c 'import junitparser' 2>/dev/null || { fail "python3-junitparser is not installed (packaging/deps.sh)"; finish; }

for snap in compliant lp-config bgp-sessions bfd-config fw-table-empty; do
	"$ERGUARD" check --from "$S/$snap" --format junit > "$TMP/$snap.xml"
	"$ERGUARD" check --from "$S/$snap" --format xml > "$TMP/$snap.report.xml"
	xmllint --noout --schema "$XSD" "$TMP/$snap.xml" 2>"$TMP/err" ||
		{ fail "$snap: not valid JUnit: $(head -3 "$TMP/err")"; continue; }
	# what the report says, counted from its XML form
	tests=$(xmllint --xpath "count(//*[local-name()='result'])" "$TMP/$snap.report.xml")
	st() { xmllint --xpath "count(//*[local-name()='result'][*[local-name()='status']='$1'])" "$TMP/$snap.report.xml"; }
	"$PY" - "$TMP/$snap.xml" "$tests" "$(st fail)" "$(st unknown)" "$(st skipped)" <<'PY' || fail "$snap: junitparser disagrees"
import sys
from junitparser import JUnitXml, Failure, Error, Skipped
path, tests, fails, errors, skipped = sys.argv[1], *map(int, sys.argv[2:])
xml = JUnitXml.fromfile(path)
n = {"tests": 0, "fail": 0, "error": 0, "skip": 0}
total_time = 0.0
for suite in xml:
    for case in suite:
        n["tests"] += 1
        kinds = {type(r) for r in case.result}
        n["fail"] += Failure in kinds
        n["error"] += Error in kinds
        n["skip"] += Skipped in kinds
        assert case.classname.startswith("erguard." + suite.name + "."), case.classname
        assert case.time >= 0, case.time
        total_time += case.time
    # a suite's time is the sum of its cases'
    assert abs(suite.time - sum(c.time for c in suite)) < 1e-5, (suite.name, suite.time)
got = (n["tests"], n["fail"], n["error"], n["skip"])
want = (tests, fails, errors, skipped)
if got != want:
    sys.exit("cases, failures, errors, skipped: %s, the report says %s" % (got, want))
# the checks' own time was measured: not all zero
if total_time <= 0:
    sys.exit("every test case has time 0")
PY
done

# diff's JUnit is the same format
"$ERGUARD" diff --format junit "$S/compliant" "$S/er-adv-symmetry" > "$TMP/diff.xml"
xmllint --noout --schema "$XSD" "$TMP/diff.xml" 2>"$TMP/err" || fail "diff junit: $(head -3 "$TMP/err")"
"$PY" - "$TMP/diff.xml" <<'PY' || fail "diff junit read back"
import sys
from junitparser import JUnitXml, Failure
cases = [c for s in JUnitXml.fromfile(sys.argv[1]) for c in s]
failed = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
assert len(cases) == 2 and len(failed) == 1, (len(cases), len(failed))
assert failed[0].classname == "erguard.diff.check", failed[0].classname
PY
"$ERGUARD" diff --format junit "$S/compliant" "$S/compliant" > "$TMP/same.xml"
xmllint --noout --schema "$XSD" "$TMP/same.xml" 2>"$TMP/err" || fail "diff junit, no change: $(head -3 "$TMP/err")"
finish
