#!/bin/sh
# yang-lint.sh - yanglint the modules and validate every example instance.
set -eu
cd "$(dirname "$0")/.."
for m in yang/*.yang; do
	yanglint -p yang "$m"
done
for f in yang/default-intent.xml yang/examples/intent-*.xml yang/examples/intent-*.json; do
	[ -f "$f" ] || continue
	yanglint -p yang -t config yang/erguard-intent.yang "$f"
done
for f in yang/examples/report-*.xml yang/examples/report-*.json; do
	[ -f "$f" ] || continue
	yanglint -p yang -t data yang/erguard-report.yang "$f"
done
