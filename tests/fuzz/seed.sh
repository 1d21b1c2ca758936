#!/bin/sh
# seed.sh OUT - build the seed corpora of the fuzz harnesses from the
# tree's own test data, one folder per harness under OUT (default
# build/fuzz-seeds).  The seeds are the starting point of a campaign;
# what a campaign keeps is merged into tests/fuzz/corpus (README.md).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/build/fuzz-seeds}
MAX=65536	# larger replies slow a campaign down more than they teach it
cd "$ROOT"
for t in reply frame intent azure snapname check; do
	rm -rf "$OUT/$t"
	mkdir -p "$OUT/$t"
done

# The query kind of a reply, as the reply harness's byte 0 (state.h's enum).
kind_of() {	# kind_of PATH
	case $1 in
	*config*) echo 0 ;;
	*receive-protocol*|*-recv-*) echo 3 ;;
	*advertising-protocol*|*-adv-*) echo 2 ;;
	*show_route_instance*|*/instance-*) echo 7 ;;
	*route*|*table*) echo 1 ;;
	*neighbor*) echo 5 ;;
	*bgp*) echo 4 ;;
	*bfd*) echo 6 ;;
	*traceroute*) echo 8 ;;
	*) echo 1 ;;
	esac
}

small() { [ "$(wc -c <"$1")" -le $MAX ]; }

n=0
for f in tests/replies/*/*.xml tests/snapshots/*/*/*.xml; do
	small "$f" || continue
	n=$((n + 1))
	k=$(kind_of "$f")
	# whole, then sliced one byte at a time (seed byte 0 gives slices of 1..)
	{ printf "\\$(printf %03o "$k")\\001"; cat "$f"; } >"$OUT/reply/$n-a"
	{ printf "\\$(printf %03o $((k + 16)))\\$(printf %03o $((n % 256)))"; cat "$f"; } \
		>"$OUT/reply/$n-b"
done

# The framer: a server's hello, then replies, end-of-message and chunked.
hello10='<!-- user erguard -->
<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities><session-id>7</session-id></hello>
]]>]]>'
hello11='<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities><session-id>8</session-id></hello>]]>]]>'
reply() {	# reply ID FILE
	printf '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="%s">' "$1"
	sed '1{/^<?xml/d}' "$2"
	printf '</rpc-reply>'
}
chunk() {	# chunk FILE: its bytes as two chunks and the end of chunks
	len=$(wc -c <"$1")
	half=$((len / 2))
	printf '\n#%d\n' "$half"
	head -c "$half" "$1"
	printf '\n#%d\n' $((len - half))
	tail -c +$((half + 1)) "$1"
	printf '\n##\n'
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
for f in tests/replies/bfd/*.xml tests/replies/ok/ok.xml tests/replies/broken/route-truncated.xml \
	 tests/snapshots/compliant/SEA-MX03-01/show_bfd_session.xml; do
	n=$((n + 1))
	{ printf '\060\001%s\n' "$hello10"; reply 1 "$f"; printf ']]>]]>\n'
	  reply 2 "$f"; printf ']]>]]>'; } >"$OUT/frame/$n-eom"
	{ printf '\064\003%s' "$hello11"; reply 1 "$f" >"$tmp"; chunk "$tmp"
	  printf '<notification/>' >"$tmp"; chunk "$tmp"
	  reply 2 "$f" >"$tmp"; chunk "$tmp"; } >"$OUT/frame/$n-chunked"
	{ printf '\020\011%s' "$hello11"; reply 1 "$f" >"$tmp"; chunk "$tmp"; } \
		>"$OUT/frame/$n-chunked-parsed"
done

cp yang/default-intent.xml "$OUT/intent/default-intent.xml"
for f in tests/data/intent/*; do cp "$f" "$OUT/intent/"; done
for f in tests/data/azure/*; do cp "$f" "$OUT/azure/"; done

# Snapshot names, and the commands they stand for.
n=0
for f in tests/snapshots/*/*/*.xml; do
	b=$(basename "$f")
	n=$((n + 1))
	printf '%s' "$b" >"$OUT/snapname/$n-file"
	printf '%s | display xml' "$(basename "$b" .xml | tr '_' ' ')" >"$OUT/snapname/$n-cmd"
done

# The whole check: every snapshot set as one input, azure exports added.
for d in tests/snapshots/*/; do
	s=$(basename "$d")
	out="$OUT/check/$s"
	printf '\002' >"$out"
	for f in "$d"*/*.xml; do
		[ -f "$f" ] || continue
		printf '@@ %s/%s\n' "$(basename "$(dirname "$f")")" "$(basename "$f")" >>"$out"
		cat "$f" >>"$out"
	done
done
for a in learned advertised; do
	{ cat "$OUT/check/compliant"; printf '@@ azure-%s\n' "$a"; cat tests/data/azure/az-$a.json; } \
		>"$OUT/check/compliant-azure-$a"
done
for t in reply frame intent azure snapname check; do
	echo "$t: $(ls "$OUT/$t" | wc -l) seeds, $(du -sk "$OUT/$t" | cut -f1) KB"
done
