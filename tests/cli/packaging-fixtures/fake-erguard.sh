#!/bin/sh
# fake-erguard.sh - stands in for erguard in the packaging tests.
# Writes its arguments, one per line, to $FAKE_ARGV (when set), prints the
# file $FAKE_REPORT (when set) on stdout and $FAKE_STDERR on stderr, and
# exits with $FAKE_STATUS (default 0).
if [ -n "${FAKE_ARGV:-}" ]; then
	: > "$FAKE_ARGV"
	for a in "$@"; do printf '%s\n' "$a" >> "$FAKE_ARGV"; done
fi
[ -n "${FAKE_REPORT:-}" ] && cat "$FAKE_REPORT"
[ -n "${FAKE_STDERR:-}" ] && printf '%s\n' "$FAKE_STDERR" >&2
exit "${FAKE_STATUS:-0}"
