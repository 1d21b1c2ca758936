# lib.sh - helpers for the CLI shell tests (sourced).
# Every test runs erguard from $ERGUARD and fails loudly with what differed.

: "${ERGUARD:?ERGUARD must point to the erguard binary}"
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
NFAIL=0

fail() {
	echo "FAIL: $*" >&2
	NFAIL=$((NFAIL + 1))
}

# expect_status WANT CMD... : run CMD, compare its exit status
expect_status() {
	want=$1; shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$* exited $got, expected $want"
		sed 's/^/    stderr: /' "$TMP/err" | head -20 >&2
		return 1
	fi
	return 0
}

# failing_checks REPORT.xml: the sorted check IDs whose status is fail or unknown
failing_checks() {
	xmllint --xpath "//*[local-name()='result'][*[local-name()='status']='fail' or *[local-name()='status']='unknown']/*[local-name()='check']/text()" "$1" 2>/dev/null |
		tr ' ' '\n' | sed '/^$/d' | sort -u
}

# statuses REPORT.xml CHECK: the statuses of that check, sorted, unique
statuses() {
	xmllint --xpath "//*[local-name()='result'][*[local-name()='check']='$2']/*[local-name()='status']/text()" "$1" 2>/dev/null |
		tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

finish() {
	if [ "$NFAIL" -ne 0 ]; then
		echo "$NFAIL failure(s)" >&2
		exit 1
	fi
	echo "all passed"
	exit 0
}
