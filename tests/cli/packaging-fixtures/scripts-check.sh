#!/bin/sh
# scripts-check.sh ROOT DIR [ERGUARD] - run ERGUARD (default
# ROOT/usr/bin/erguard) junos-scripts in an unpacked package or install
# tree ROOT and print what is wrong: every file it names must be
# in DIR and in the package, three of them, each with the file's true
# SHA-256 on its "set ... file NAME checksum sha-256" line.  Silent when
# all is well; exit status 1 otherwise.
root=$1 dir=$2 erguard=${3:-$1/usr/bin/erguard}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$erguard" junos-scripts > "$out" 2>&1; then
	echo "erguard junos-scripts: $(head -3 "$out")"
	exit 1
fi
bad=0 n=0
for path in $(sed -n 's|^#   \(/[^ ]*\) -> .*|\1|p' "$out"); do
	n=$((n + 1))
	case $path in
	"$dir"/*) ;;
	*) echo "junos-scripts names $path, outside $dir"; bad=1 ;;
	esac
	if [ ! -f "$root$path" ]; then
		echo "junos-scripts names $path, not in the package"
		bad=1
		continue
	fi
	want=$(sha256sum < "$root$path" | cut -d' ' -f1)
	file=$(basename "$path")
	got=$(sed -n "s/^set .* file $file checksum sha-256 \([0-9a-f]*\)\$/\1/p" "$out" | sort -u)
	if [ "$got" != "$want" ]; then
		echo "junos-scripts: $file checksum '$got', the package's file $want"
		bad=1
	fi
	grep -q "^# copy $path to " "$out" || { echo "no '# copy $path' line"; bad=1; }
done
[ "$n" -eq 3 ] || { echo "junos-scripts named $n files, expected 3"; bad=1; }
exit $bad
