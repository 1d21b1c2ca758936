#!/bin/sh
# snapshot-race.sh - `erguard snapshot -o DIR`, run as root, never writes
# through a link an unprivileged local user planted.  An attacker process
# (user nobody) races each run against the lab, ready with folders whose
# files are symbolic links to a root-only target file:
#   owned-dir    the attacker owns DIR and swaps every device folder
#                erguard makes for its own: erguard refuses DIR (exit 2);
#   owned-parent the attacker owns DIR's parent and swaps DIR itself once
#                erguard made it: writes fail cleanly or land in erguard's
#                own folders, never through the links;
#   folder-only  DIR is root's and open for reading; the attacker tries to
#                plant links inside the device folders erguard makes
#                (0700, files 0600): every attempt is refused and the
#                snapshot is whole.
# In every round the target file keeps its content.  Needs root (to run
# erguard as root against an unprivileged user); skipped otherwise.
if [ "$(id -u)" -ne 0 ]; then
	echo "skip: snapshot-race.sh needs root (erguard as root against an unprivileged attacker)"
	exit 0
fi
PY=${EG_LAB_PYTHON:-/usr/bin/python3}
NEEDS="setpriv timeout sha256sum $PY" . "$(dirname "$0")/lib.inc"
AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"

"$LAB" up --dir "$D" > "$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }

# The files a snapshot holds, DEVICE/FILE, from a run nobody disturbs.
"$EG" snapshot -c "$D/intent.xml" -o "$TMP/ref" > /dev/null 2> "$TMP/ref.err" ||
	{ echo "a plain snapshot fails: $(head -3 "$TMP/ref.err")" >&2; exit 1; }
(cd "$TMP/ref" && find . -type f | sed 's#^\./##') > "$TMP/names"
[ -s "$TMP/names" ] || { echo "the plain snapshot saved nothing" >&2; exit 1; }

# The root-only file the links point at.
TARGET=$TMP/target
echo "root-only target of $$" > "$TARGET"
chmod 600 "$TARGET"
SUM=$(sha256sum < "$TARGET")

# The attacker's playground: root's, open for reading, each round's own folder in it.
W=$(mktemp -d /tmp/eg-race.XXXXXX)
chmod 755 "$W"
cp "$TMP/names" "$W/names"
chmod 644 "$W/names"
ATTACKER=
cleanup_race() {
	[ -n "$ATTACKER" ] && kill "$ATTACKER" 2>/dev/null
	rm -rf "$W"
	cleanup
}
trap cleanup_race EXIT

cat > "$W/attack.py" << 'EOF'
# attack.py MODE BASE STAGE TARGET NAMES READY STOP REPORT
# Swap what erguard makes for folders of links to TARGET until STOP
# exists; REPORT gets "swaps N planted N denied N".
import os, sys, time

mode, base, stage, target, names_file, ready, stop, report = sys.argv[1:9]
files = {}
for line in open(names_file):
    dev, name = line.strip().split('/', 1)
    files.setdefault(dev, []).append(name)
me = os.getuid()
count = {'n': 0, 'swaps': 0, 'planted': 0, 'denied': 0}

def links(path, names):
    os.mkdir(path)
    for name in names:
        os.symlink(target, os.path.join(path, name))

def fresh(kind):
    count['n'] += 1
    path = os.path.join(stage, '%s.%d' % (kind, count['n']))
    if kind == 'dir':
        os.mkdir(path)
        for dev, names in files.items():
            links(os.path.join(path, dev), names)
    else:
        links(path, files[kind])
    return path

def theirs(path):
    try:
        return os.lstat(path).st_uid != me
    except FileNotFoundError:
        return False

def swap(path, kind, spare):
    try:
        os.rename(path, path + '.gone.%d' % count['n'])
        os.rename(spare[kind], path)
        count['swaps'] += 1
        spare[kind] = fresh(kind)
    except OSError:
        pass

spare = {}
if mode == 'owned-dir':
    for dev in files:
        spare[dev] = fresh(dev)
elif mode == 'owned-parent':
    spare['dir'] = fresh('dir')
open(ready, 'w').close()
deadline = time.time() + 60
while not os.path.exists(stop) and time.time() < deadline:
    if mode == 'owned-dir':
        for dev in files:
            p = os.path.join(base, dev)
            if theirs(p):
                swap(p, dev, spare)
    elif mode == 'owned-parent':
        if theirs(base):
            swap(base, 'dir', spare)
    else:
        for dev, names in files.items():
            d = os.path.join(base, dev)
            if not os.path.isdir(d):
                continue
            for name in names:
                try:
                    os.symlink(target, os.path.join(d, name))
                    count['planted'] += 1
                except FileExistsError:
                    pass
                except OSError:
                    count['denied'] += 1
with open(report, 'w') as f:
    f.write('swaps %d planted %d denied %d\n' % (count['swaps'], count['planted'], count['denied']))
EOF
chmod 644 "$W/attack.py"

# round MODE N: one snapshot run raced by one attacker process
SWAPS=0 DENIED=0
round() {
	mode=$1 r=$2
	R=$W/$mode.$r
	mkdir "$R" "$R.stage"
	chmod 755 "$R"
	chown nobody:nogroup "$R.stage"
	case $mode in
	owned-dir) chown nobody:nogroup "$R"; DIR=$R ;;
	owned-parent) chown nobody:nogroup "$R"; DIR=$R/snap ;;
	folder-only) DIR=$R/snap; mkdir -m 755 "$DIR" ;;	# root's, open for reading
	esac
	$AS "$PY" "$W/attack.py" "$mode" "$DIR" "$R.stage" "$TARGET" "$W/names" \
		"$R.stage/ready" "$R.stop" "$R.stage/report" &
	ATTACKER=$!
	i=0
	while [ ! -e "$R.stage/ready" ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { fail "$mode $r: the attacker did not start"; return; }
		sleep 0.05
	done
	timeout 60 "$EG" snapshot -c "$D/intent.xml" -o "$DIR" > "$R.out" 2> "$R.err"
	st=$?
	sleep 0.1	# leave the attacker a moment after the last write
	: > "$R.stop"
	wait "$ATTACKER"
	ATTACKER=
	rep=$(cat "$R.stage/report" 2>/dev/null)
	set -- $rep
	[ "$#" -eq 6 ] || { fail "$mode $r: the attacker left no report"; return; }
	SWAPS=$((SWAPS + $2)) DENIED=$((DENIED + $6))
	[ "$(sha256sum < "$TARGET")" = "$SUM" ] &&
		[ "$(stat -c %U:%a "$TARGET")" = root:600 ] ||
		fail "$mode $r: the root-only target was changed (exit $st, attacker: $rep)"
	if grep -v '^erguard: ' "$R.err" | grep -q .; then
		fail "$mode $r: stderr holds a line that is not erguard's: $(grep -v '^erguard: ' "$R.err" | head -1)"
	fi
	[ "$st" -eq 124 ] && fail "$mode $r: erguard hung"
	case $mode in
	owned-dir)
		[ "$st" -eq 2 ] || fail "$mode $r: exit $st, expected 2 (DIR refused): $(head -2 "$R.err")"
		grep -q "not a directory of this user" "$R.err" ||
			fail "$mode $r: no refusal of DIR on stderr: $(head -2 "$R.err")"
		;;
	owned-parent)
		# erguard lost DIR to the attacker: every write that missed says so
		if [ "$st" -ne 0 ]; then
			grep -q "^erguard: .*cannot write .*" "$R.err" ||
				fail "$mode $r: exit $st without saying which write failed: $(head -2 "$R.err")"
		fi
		;;
	folder-only)
		[ "$st" -eq 0 ] || fail "$mode $r: exit $st, expected 0: $(head -2 "$R.err")"
		[ "$2" -eq 0 ] && [ "$4" -eq 0 ] ||
			fail "$mode $r: the attacker got into a device folder ($rep)"
		bad=$(find "$DIR" -mindepth 1 \( -type d ! -perm 700 -o -type f ! -perm 600 -o ! -user root \
			-o ! -type d ! -type f \) -printf '%M %u %p\n' | head -3)
		[ -z "$bad" ] || fail "$mode $r: not root's 0700 folders and 0600 files: $bad"
		(cd "$DIR" && find . -type f | sed 's#^\./##') | sort > "$R.names"
		sort "$W/names" | cmp -s - "$R.names" || fail "$mode $r: the snapshot is not whole"
		;;
	esac
}

for r in 1 2 3 4 5; do
	round owned-dir "$r"
	round owned-parent "$r"
done
# the race above must have happened, or it proved nothing
[ "$SWAPS" -gt 0 ] || fail "the attacker never swapped DIR: no race was run"
for r in 1 2 3; do
	round folder-only "$r"
done
[ "$DENIED" -gt 0 ] || fail "the attacker never tried a device folder: no race was run"

[ "$NFAIL" -eq 0 ] || { echo "$NFAIL failure(s)" >&2; exit 1; }
echo "all passed ($SWAPS swaps, $DENIED planting attempts refused)"
