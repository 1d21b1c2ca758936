#!/bin/sh
# merge.sh BINDIR TARGET MAXBYTES [DIR...] - rebuild the committed corpus
# tests/fuzz/corpus/TARGET as the smallest set, among the inputs of at
# most MAXBYTES in DIRs (default: the corpus itself, the campaign's
# build/fuzz-work/TARGET and the seeds), that covers what they cover
# (libFuzzer's -merge=1, run with the libFuzzer build BINDIR/fuzz-TARGET).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$1 T=$2 MAX=$3
shift 3
cd "$ROOT"
[ $# -gt 0 ] || set -- "tests/fuzz/corpus/$T" "build/fuzz-work/$T" "build/fuzz-seeds/$T"
pool=$(mktemp -d)
trap 'rm -rf "$pool"' EXIT
for d in "$@"; do
	[ -d "$d" ] || continue
	find "$d" -maxdepth 1 -type f -size -"$((MAX + 1))"c -exec cp {} "$pool/" \;
done
rm -rf "tests/fuzz/corpus/$T"
mkdir -p "tests/fuzz/corpus/$T"
nice -n "${FUZZ_NICE:-19}" "$BIN/fuzz-$T" -merge=1 "tests/fuzz/corpus/$T" "$pool" >/dev/null 2>&1
echo "corpus/$T: $(ls "tests/fuzz/corpus/$T" | wc -l) inputs," \
	"$(cat "tests/fuzz/corpus/$T"/* | wc -c) bytes"
