#!/bin/sh
# packaging-systemd.sh - erguard-check.service and .timer, the sysusers.d
# entry, /etc/default/erguard and their installer.
#
# The units must parse as INI with the keys that make them a hardened
# periodic oneshot; their ExecStart must name where `make install` puts
# erguard, under /usr and under another PREFIX; systemd-analyze (when
# installed) must verify them without a word and rate their exposure low;
# and the ExecStart line, with the environment file's variables, must be
# a working erguard command.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

SD="$EG_ROOT/packaging/systemd"
FAKE="$EG_ROOT/tests/cli/packaging-fixtures/fake-erguard.sh"
SNAP="$EG_ROOT/tests/snapshots"
PY=$(command -v python3 || echo /usr/bin/python3)

# units_check SERVICE TIMER WATCH BIN [ENVFILE]: parse the three as INI and
# check their content; BIN is the erguard ExecStart must run, ENVFILE the
# environment file they read (default /etc/default/erguard).
units_check() {
	"$PY" - "$@" <<'EOF'
import shlex
import sys


def parse(path):
    """systemd's unit syntax: [Section], Key=Value, comments, repeated keys."""
    sections, current, problems = {}, None, []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.strip()
        if not line or line[0] in '#;':
            continue
        if line.startswith('[') and line.endswith(']'):
            current = sections.setdefault(line[1:-1], {})
            continue
        if current is None or '=' not in line or line.endswith('\\'):
            problems.append('%s:%d: not a Key=Value line in a section: %s' % (path, n, line))
            continue
        key, value = line.split('=', 1)
        if not key.strip() or key != key.strip():
            problems.append('%s:%d: bad key %r' % (path, n, key))
        current.setdefault(key.strip(), []).append(value.strip())
    return sections, problems


service_path, timer_path, watch_path, binary = sys.argv[1:5]
envfile = sys.argv[5] if len(sys.argv) > 5 else '/etc/default/erguard'
svc, problems = parse(service_path)
tmr, more = parse(timer_path)
problems += more
wat, more = parse(watch_path)
problems += more


def want(unit, name, section, key, value=None):
    values = unit.get(section, {}).get(key)
    if not values:
        problems.append('%s: [%s] has no %s' % (name, section, key))
    elif value is not None and values[-1] != value:
        problems.append('%s: [%s] %s=%s, expected %s' % (name, section, key, values[-1], value))


for section in ('Unit', 'Service'):
    if section not in svc:
        problems.append('service: no [%s]' % section)
HARDENING = (('NoNewPrivileges', 'yes'), ('ProtectSystem', 'strict'),
                   ('ProtectHome', 'yes'), ('PrivateTmp', 'yes'), ('PrivateDevices', 'yes'),
                   ('DynamicUser', 'yes'), ('User', 'erguard'), ('StateDirectory', 'erguard'),
                   ('CapabilityBoundingSet', ''), ('RestrictSUIDSGID', 'yes'),
                   ('StandardOutput', 'journal'), ('SystemCallArchitectures', 'native'))
for unit, name in ((svc, 'service'), (wat, 'watch')):
    for key, value in HARDENING:
        want(unit, name, 'Service', key, value)
    want(unit, name, 'Unit', 'Description')
    want(unit, name, 'Service', 'SystemCallFilter')
    want(unit, name, 'Service', 'RestrictAddressFamilies')
    # the settings, then the password file; no secret in the first
    files = unit.get('Service', {}).get('EnvironmentFile', [])
    if files != ['-' + envfile, '-/etc/erguard/credentials.env']:
        problems.append('%s: EnvironmentFile=%s, expected -%s then -/etc/erguard/credentials.env'
                        % (name, files, envfile))
want(svc, 'service', 'Service', 'Type', 'oneshot')
exec_start = svc.get('Service', {}).get('ExecStart', [])
if len(exec_start) != 1:
    problems.append('service: %d ExecStart lines, expected 1' % len(exec_start))
else:
    argv = shlex.split(exec_start[0])
    if argv[:2] != [binary, 'check']:
        problems.append('service: ExecStart runs %s, expected %s check' % (argv[:2], binary))
    if '$ERGUARD_OPTS' not in argv:
        problems.append('service: ExecStart does not pass $ERGUARD_OPTS')
    if '--accept-new-hostkeys' in argv:
        problems.append('service: ExecStart trusts new host keys')
if 'Install' in svc:
    problems.append('service: has [Install]; the timer starts it')
for section in ('Unit', 'Timer', 'Install'):
    if section not in tmr:
        problems.append('timer: no [%s]' % section)
timer = tmr.get('Timer', {})
if not any(k in timer for k in ('OnCalendar', 'OnUnitActiveSec', 'OnBootSec')):
    problems.append('timer: no OnCalendar, OnUnitActiveSec or OnBootSec')
unit = timer.get('Unit', [service_path.rsplit('/', 1)[-1]])[-1]
if unit != service_path.rsplit('/', 1)[-1]:
    problems.append('timer: starts %s' % unit)
if timer_path.rsplit('/', 1)[-1].rsplit('.', 1)[0] != service_path.rsplit('/', 1)[-1].rsplit('.', 1)[0]:
    problems.append('timer and service names differ')
want(tmr, 'timer', 'Install', 'WantedBy', 'timers.target')

# The watch service: erguard watch with its interval and the node
# exporter's textfile collector, restarted when it dies, enabled on its own.
want(wat, 'watch', 'Service', 'Type', 'simple')
want(wat, 'watch', 'Service', 'Restart', 'on-failure')
want(wat, 'watch', 'Install', 'WantedBy', 'multi-user.target')
metrics = '/var/lib/prometheus/node-exporter/erguard.prom'
exec_start = wat.get('Service', {}).get('ExecStart', [])
if len(exec_start) != 1:
    problems.append('watch: %d ExecStart lines, expected 1' % len(exec_start))
else:
    argv = shlex.split(exec_start[0])
    if argv[:2] != [binary, 'watch']:
        problems.append('watch: ExecStart runs %s, expected %s watch' % (argv[:2], binary))
    for opt, value in (('--interval', '${ERGUARD_WATCH_INTERVAL}'), ('--metrics', metrics)):
        if opt not in argv or argv.index(opt) + 1 >= len(argv) or argv[argv.index(opt) + 1] != value:
            problems.append('watch: ExecStart lacks %s %s' % (opt, value))
    if '$ERGUARD_WATCH_OPTS' not in argv:
        problems.append('watch: ExecStart does not pass $ERGUARD_WATCH_OPTS')
env = wat.get('Service', {}).get('Environment', [])
if not any(e.startswith('ERGUARD_WATCH_INTERVAL=') for e in env):
    problems.append('watch: no default ERGUARD_WATCH_INTERVAL')
rw = ' '.join(wat.get('Service', {}).get('ReadWritePaths', []))
if metrics.rsplit('/', 1)[0] not in [p.lstrip('-') for p in rw.split()]:
    problems.append('watch: ReadWritePaths does not let it write %s' % metrics)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
}

# ---- the units as shipped: they name the packaged path /usr/bin/erguard
units_check "$SD/erguard-check.service" "$SD/erguard-check.timer" "$SD/erguard-watch.service" /usr/bin/erguard \
	> "$TMP/units.out" 2>&1 || fail "units: $(tr '\n' ';' < "$TMP/units.out")"

# ... which is where `make install PREFIX=/usr` puts erguard.
make -s -C "$EG_ROOT" -n -o build/erguard PREFIX=/usr DESTDIR=/DESTDIR install \
	> "$TMP/make-install.n" 2>&1
grep -Eq "install .*-m 755 .*/erguard /DESTDIR/usr/bin/erguard( |$)" "$TMP/make-install.n" ||
	fail "make install PREFIX=/usr does not install /usr/bin/erguard: $(head -3 "$TMP/make-install.n")"
if grep -q 'packaging/systemd/install.sh' "$TMP/make-install.n"; then
	echo "make install installs the units"
else
	echo "note: make install does not install the units (packaging/systemd/install.sh does)"
fi

# ---- the installer, under /usr and /usr/local
for prefix in /usr /usr/local; do
	root="$TMP/root$(echo "$prefix" | tr / _)"
	sh "$SD/install.sh" "$root" "$prefix" 2> "$TMP/install.err" ||
		fail "install.sh $prefix: $(cat "$TMP/install.err")"
	units_check "$root$prefix/lib/systemd/system/erguard-check.service" \
		"$root$prefix/lib/systemd/system/erguard-check.timer" \
		"$root$prefix/lib/systemd/system/erguard-watch.service" "$prefix/bin/erguard" \
		> "$TMP/units.out" 2>&1 || fail "installed under $prefix: $(tr '\n' ';' < "$TMP/units.out")"
	[ -f "$root$prefix/lib/sysusers.d/erguard.conf" ] ||
		fail "install.sh $prefix: no sysusers.d/erguard.conf"
	mode=$(stat -c %a "$root/etc/default/erguard" 2>/dev/null)
	[ "$mode" = 644 ] || fail "install.sh $prefix: /etc/default/erguard mode '$mode', expected 644"
done
# Another environment file (the RPM's /etc/sysconfig/erguard): the units read it.
root="$TMP/root_sysconfig"
sh "$SD/install.sh" "$root" /usr /usr/lib/systemd/system /usr/lib/sysusers.d /etc/sysconfig/erguard \
	2> "$TMP/install.err" || fail "install.sh with /etc/sysconfig/erguard: $(cat "$TMP/install.err")"
units_check "$root/usr/lib/systemd/system/erguard-check.service" \
	"$root/usr/lib/systemd/system/erguard-check.timer" \
	"$root/usr/lib/systemd/system/erguard-watch.service" /usr/bin/erguard /etc/sysconfig/erguard \
	> "$TMP/units.out" 2>&1 || fail "with /etc/sysconfig/erguard: $(tr '\n' ';' < "$TMP/units.out")"
[ -f "$root/etc/sysconfig/erguard" ] && [ ! -e "$root/etc/default/erguard" ] ||
	fail "install.sh did not install /etc/sysconfig/erguard alone"
# A second install keeps the site's /etc/default/erguard.
root="$TMP/root_usr"
echo "ERGUARD_OPTS=--timeout 99" > "$root/etc/default/erguard"
sh "$SD/install.sh" "$root" /usr 2>/dev/null
grep -q -- '--timeout 99' "$root/etc/default/erguard" ||
	fail "install.sh overwrote an existing /etc/default/erguard"
expect_status 2 sh "$SD/install.sh" "$root"

# ---- the environment file: KEY=value lines, ERGUARD_OPTS and ERGUARD_INTENT named
if grep -Ev '^(#.*|[A-Z_][A-Z0-9_]*=.*|)$' "$SD/erguard.default" > "$TMP/bad.lines"; then
	fail "erguard.default: not KEY=value: $(head -3 "$TMP/bad.lines")"
fi
grep -q '^ERGUARD_OPTS=' "$SD/erguard.default" || fail "erguard.default: no ERGUARD_OPTS"
grep -Eq '^#?ERGUARD_INTENT=' "$SD/erguard.default" || fail "erguard.default: no ERGUARD_INTENT"
grep -Eq '^ERGUARD_WATCH_INTERVAL=[1-9][0-9]*$' "$SD/erguard.default" ||
	fail "erguard.default: no ERGUARD_WATCH_INTERVAL"
# world-readable: it must set no password
grep -Eq '^[A-Z_]*PASSWORD=' "$SD/erguard.default" && fail "erguard.default sets a password"

# ---- systemd's own tools
if command -v systemd-analyze >/dev/null 2>&1; then
	# verify wants ExecStart to exist: point it at an erguard that does.
	bin=$FAKE
	[ -x "$ERGUARD" ] && bin=$ERGUARD
	mkdir -p "$TMP/verify"
	sed "s|^ExecStart=/usr/bin/erguard|ExecStart=$bin|" "$SD/erguard-check.service" \
		> "$TMP/verify/erguard-check.service"
	sed "s|^ExecStart=/usr/bin/erguard|ExecStart=$bin|" "$SD/erguard-watch.service" \
		> "$TMP/verify/erguard-watch.service"
	cp "$SD/erguard-check.timer" "$TMP/verify/"
	if ! systemd-analyze verify --man=no "$TMP/verify/erguard-check.service" \
		"$TMP/verify/erguard-check.timer" "$TMP/verify/erguard-watch.service" \
		> "$TMP/verify.out" 2>&1 || [ -s "$TMP/verify.out" ]; then
		fail "systemd-analyze verify: $(head -5 "$TMP/verify.out" | tr '\n' ';')"
	fi
	# Exposure 2.0 or less (of 10) in systemd's own rating.
	for u in erguard-check.service erguard-watch.service; do
		if ! systemd-analyze security --offline=yes --threshold=20 \
			"$TMP/verify/$u" > "$TMP/security.out" 2>&1; then
			fail "systemd-analyze security $u: $(grep 'Overall' "$TMP/security.out")"
		fi
	done
else
	echo "skip: systemd-analyze not installed; units checked as INI only"
fi
if command -v systemd-sysusers >/dev/null 2>&1; then
	mkdir -p "$TMP/sysroot/etc"
	systemd-sysusers --dry-run --root="$TMP/sysroot" "$SD/erguard.sysusers" \
		> "$TMP/sysusers.out" 2>&1 || fail "systemd-sysusers: $(head -3 "$TMP/sysusers.out")"
	grep -q "user 'erguard'" "$TMP/sysusers.out" ||
		fail "systemd-sysusers would not create the user erguard"
else
	echo "skip: systemd-sysusers not installed"
fi

# ---- ExecStart with the environment file's variables is a working command
if [ -x "$ERGUARD" ] && "$ERGUARD" version >/dev/null 2>&1; then
	line=$(sed -n 's/^ExecStart=//p' "$SD/erguard-check.service")
	# The intent comes from ERGUARD_INTENT, as in the unit; its hosts are
	# loopback so that nothing leaves the machine whatever happens.
	"$ERGUARD" intent show 2>/dev/null | sed -e 's|<host>[^<]*</host>|<host>127.0.0.1</host>|' \
		-e 's|<port>[^<]*</port>|<port>9</port>|' > "$TMP/loopback.xml"
	export ERGUARD_INTENT="$TMP/loopback.xml"
	for snap in compliant lp-config; do
		want=0
		[ "$snap" = compliant ] || want=1
		# The environment file as shipped, then a site's setting; systemd
		# keeps the last assignment and splits an unbraced $VAR at blanks.
		{ cat "$SD/erguard.default"; echo "ERGUARD_OPTS=--from $SNAP/$snap -q"; } > "$TMP/env"
		opts=$(sed -n 's/^ERGUARD_OPTS=//p' "$TMP/env" | tail -n 1)
		case " $opts " in
		*" --from "*) ;;
		*) fail "ERGUARD_OPTS read as '$opts'"; continue ;;
		esac
		# shellcheck disable=SC2046 # split at blanks, as systemd does
		set -- $(echo "$line" | sed "s|\\\$ERGUARD_OPTS|$opts|")
		[ "$1" = /usr/bin/erguard ] || { fail "ExecStart runs $1"; continue; }
		shift
		case " $* " in
		*" --from $SNAP/$snap "*) ;;
		*) fail "ExecStart with the environment file reads as '$*'"; continue ;;
		esac
		"$ERGUARD" "$@" > "$TMP/run.out" 2> "$TMP/run.err"
		got=$?
		[ "$got" -eq "$want" ] || fail "ExecStart on $snap exited $got, expected $want: $(head -3 "$TMP/run.err")"
		grep -q "lp-config" "$TMP/run.out" || fail "ExecStart on $snap printed no report"
	done
	grep -Eq '^FAIL +lp-config' "$TMP/run.out" || fail "ExecStart on lp-config: lp-config not reported failed"
else
	echo "skip: $ERGUARD does not run; ExecStart not run"
fi

finish
