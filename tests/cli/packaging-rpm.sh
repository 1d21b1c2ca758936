#!/bin/sh
# packaging-rpm.sh - packaging/rpm/erguard.spec.
#
# The spec's Version must be the Makefile's VERSION, and its %files must
# list exactly what its %install puts in the build root: the spec's own
# %install lines are run into a staging directory (make install of the
# erguard already built, the systemd units, the Ansible collection), then
# every staged file must be claimed by one %files entry and every entry
# must match something staged.  Macros are expanded by rpmspec when it is
# installed, else from a table of their usual values.  With rpmbuild
# installed (and not under the sanitizer pass) the package is also built
# from the tracked tree, its %check running erguard on the snapshots.
: "${EG_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ERGUARD:=$EG_ROOT/build/erguard}"
. "$EG_ROOT/tests/cli/lib.inc"

SPEC="$EG_ROOT/packaging/rpm/erguard.spec"
VERSION=$(sed -n 's/^VERSION *:= *//p' "$EG_ROOT/Makefile")
PY=$(command -v python3 || echo /usr/bin/python3)
STAGE="$TMP/stage"

# ---- header fields
field() { sed -n "s/^$1: *//p" "$SPEC" | head -n 1; }
[ "$(field Name)" = erguard ] || fail "Name is '$(field Name)', expected erguard"
[ -n "$VERSION" ] || fail "no VERSION in the Makefile"
[ "$(field Version)" = "$VERSION" ] || fail "Version is '$(field Version)', the Makefile's VERSION $VERSION"
for f in Release Summary License Source0 URL; do
	[ -n "$(field $f)" ] || fail "the spec has no $f"
done
[ "$(field License)" = ISC ] || fail "License is '$(field License)', expected ISC"
grep -q '^%license LICENSE' "$SPEC" || fail "the spec does not ship LICENSE with %license"
for u in erguard-check.service erguard-check.timer erguard-watch.service; do
	for m in systemd_post systemd_preun 'systemd_postun(_with_restart)?'; do
		grep -Eq "^%$m .*$u" "$SPEC" || fail "the spec's %${m%%(*} does not name $u"
	done
done
for s in '%description' '%prep' '%build' '%install' '%files' '%changelog'; do
	grep -q "^$s" "$SPEC" || fail "the spec has no $s section"
done
grep -q '^%check' "$SPEC" || fail "the spec has no %check"

# ---- the spec with its macros expanded
if command -v rpmspec >/dev/null 2>&1; then
	if ! rpmspec -P --define "buildroot $STAGE" "$SPEC" > "$TMP/spec" 2> "$TMP/rpmspec.err"; then
		fail "rpmspec -P: $(head -5 "$TMP/rpmspec.err" | tr '\n' ';')"
	fi
	grep -qi 'error' "$TMP/rpmspec.err" && fail "rpmspec -P: $(head -3 "$TMP/rpmspec.err")"
else
	echo "skip: rpmspec not installed; macros expanded from a table"
	sed -e "s|%{buildroot}|$STAGE|g" \
		-e "s|%make_install|make install DESTDIR=$STAGE|g" \
		-e 's|%{ansible_collections_dir}|%{_datadir}/ansible/collections|g' \
		-e 's|%{_bindir}|%{_prefix}/bin|g' -e 's|%{_mandir}|%{_datadir}/man|g' \
		-e 's|%{_unitdir}|%{_prefix}/lib/systemd/system|g' \
		-e 's|%{_sysusersdir}|%{_prefix}/lib/sysusers.d|g' \
		-e 's|%{_datadir}|%{_prefix}/share|g' -e 's|%{_sysconfdir}|/etc|g' \
		-e 's|%{_prefix}|/usr|g' -e "s|%{name}|erguard|g" -e "s|%{version}|$VERSION|g" \
		"$SPEC" > "$TMP/spec"
fi
if grep -E '^(/|sh |make )' "$TMP/spec" | grep -q '%{'; then
	fail "unexpanded macros: $(grep -E '^(/|sh |make )' "$TMP/spec" | grep '%{' | head -3)"
fi

# ---- run the spec's %install into the staging directory
sed -n '/^%install/,/^%[a-z]/p' "$TMP/spec" | sed '1d;$d' | sed '/^$/d' > "$TMP/install.sh"
[ -s "$TMP/install.sh" ] || fail "the spec's %install is empty"
BUILDDIR=${EG_BUILD:-$(dirname "$ERGUARD")}
if [ -x "$BUILDDIR/erguard" ]; then
	# erguard is already built: make must install it, not rebuild it.
	sed -i "s|make install |make -s -o $BUILDDIR/erguard BUILD=$BUILDDIR install |" "$TMP/install.sh"
	grep -q "make -s -o" "$TMP/install.sh" || fail "the spec's %install runs no make install"
	if ! (cd "$EG_ROOT" && sh -e "$TMP/install.sh") > "$TMP/install.out" 2>&1; then
		fail "the spec's %install failed: $(tail -5 "$TMP/install.out" | tr '\n' ';')"
	fi
	"$PY" - "$TMP/spec" "$STAGE" > "$TMP/files.out" 2>&1 <<'EOF' || fail "%files: $(tr '\n' ';' < "$TMP/files.out")"
import fnmatch
import os
import re
import sys

spec, stage = sys.argv[1], sys.argv[2]
entries, in_files = [], False
for line in open(spec):
    line = line.strip()
    if line.startswith('%files'):
        in_files = True
        continue
    if re.match(r'^%[a-z]+\b', line) and not re.match(r'^%(dir|config|attr|doc|license|ghost|verify|defattr)\b', line):
        in_files = False
    if not in_files or not line or line.startswith('#'):
        continue
    if re.match(r'^%(doc|license)\b', line):
        continue  # taken from the source tree by rpm, not the build root
    is_dir = bool(re.match(r'.*%dir\b', line))
    path = re.sub(r'%(config|attr|verify)\([^)]*\)|%dir|%config|%ghost', '', line).strip()
    entries.append((path, is_dir))

staged = set()
for root, dirs, files in os.walk(stage):
    for f in files:
        staged.add('/' + os.path.relpath(os.path.join(root, f), stage))

problems = []
claimed = {}
for path, is_dir in entries:
    if not path.startswith('/'):
        problems.append('entry %s is not an absolute path' % path)
        continue
    if is_dir:
        if not os.path.isdir(stage + path):
            problems.append('%%dir %s was not installed' % path)
        continue
    if path.endswith('/'):
        hits = [f for f in staged if f.startswith(path)]
    else:
        hits = [f for f in staged if fnmatch.fnmatchcase(f, path)]
    if not hits:
        problems.append('%s is listed in %%files but not installed' % path)
    for f in hits:
        if f in claimed:
            problems.append('%s is listed twice (%s, %s)' % (f, claimed[f], path))
        claimed[f] = path
for f in sorted(staged - set(claimed)):
    problems.append('%s is installed but not in %%files' % f)
if len(staged) < 10:
    problems.append('only %d files were staged' % len(staged))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
	for f in /usr/bin/erguard /usr/lib/systemd/system/erguard-check.service \
		/usr/share/ansible/collections/ansible_collections/erguard/junos/plugins/modules/erguard_check.py; do
		[ -f "$STAGE$f" ] || fail "the spec's %install does not install $f"
	done
	grep -q '^ExecStart=/usr/bin/erguard ' "$STAGE/usr/lib/systemd/system/erguard-check.service" ||
		fail "the packaged unit does not run /usr/bin/erguard"
	# RPM systems keep such settings in /etc/sysconfig.
	for u in erguard-check.service erguard-watch.service; do
		grep -qx 'EnvironmentFile=-/etc/sysconfig/erguard' "$STAGE/usr/lib/systemd/system/$u" ||
			fail "the packaged $u does not read /etc/sysconfig/erguard"
	done
	[ "$(stat -c %a "$STAGE/etc/sysconfig/erguard" 2>/dev/null)" = 644 ] ||
		fail "/etc/sysconfig/erguard not installed mode 644"
	[ -e "$STAGE/etc/default/erguard" ] && fail "the RPM's %install put a file in /etc/default"
else
	echo "skip: $BUILDDIR/erguard not built; %install not run"
fi

# ---- rpmbuild, from the tracked tree
if command -v rpmbuild >/dev/null 2>&1 && [ -z "${EG_SANITIZED:-}" ] && [ "${EG_RPMBUILD:-1}" != 0 ]; then
	top="$TMP/rpmbuild"
	mkdir -p "$top/SOURCES" "$top/src/erguard-$VERSION"
	(cd "$EG_ROOT" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$top/src/erguard-$VERSION"
	tar -czf "$top/SOURCES/erguard-$VERSION.tar.gz" -C "$top/src" "erguard-$VERSION"
	# --nodeps: the build requirements are RPM names, not this system's.
	# The packager is whoever builds (rpmlint wants one named).
	if rpmbuild --define "_topdir $top" --define "packager erguard authors <erguard@example.org>" \
		--nodeps -bb "$SPEC" > "$TMP/rpmbuild.log" 2>&1; then
		for p in "erguard-$VERSION-1" "ansible-collection-erguard-junos-$VERSION-1"; do
			ls "$top"/RPMS/*/"$p"*.rpm > /dev/null 2>&1 || fail "rpmbuild made no $p package"
		done
		grep -q "Executing(%check)" "$TMP/rpmbuild.log" || fail "rpmbuild ran no %check"
		rpm -qlp "$top"/RPMS/*/erguard-"$VERSION"-1*.rpm > "$TMP/rpm.lst" 2>/dev/null
		grep -qx /usr/bin/erguard "$TMP/rpm.lst" || fail "the package lacks /usr/bin/erguard"
		for f in /usr/lib/systemd/system/erguard-watch.service /etc/sysconfig/erguard \
			/usr/share/bash-completion/completions/erguard /usr/share/zsh/site-functions/_erguard; do
			grep -qx "$f" "$TMP/rpm.lst" || fail "the package lacks $f"
		done
		# (the licence directory is versioned where rpm's _docdir_fmt says so)
		grep -Eqx '/usr/share/licenses/erguard(-[0-9.]+)?/LICENSE' "$TMP/rpm.lst" ||
			fail "the package lacks its LICENSE"
		rpm -qp --queryformat '%{LICENSE} %{URL}\n' "$top"/RPMS/*/erguard-"$VERSION"-1*.rpm \
			> "$TMP/rpm.tags" 2>/dev/null
		grep -q '^ISC https://' "$TMP/rpm.tags" || fail "the package's licence and URL: $(cat "$TMP/rpm.tags")"
		# The scriptlets: systemd's macros expanded (or the spec's fallbacks),
		# every unit named, valid shell.
		rpm -qp --scripts "$top"/RPMS/*/erguard-"$VERSION"-1*.rpm > "$TMP/scripts" 2>/dev/null
		grep -n '%' "$TMP/scripts" > "$TMP/percent" &&
			fail "an unexpanded macro in the scriptlets: $(head -2 "$TMP/percent")"
		for u in erguard-check.timer erguard-watch.service; do
			grep -q "preset .*$u" "$TMP/scripts" || fail "%post does not preset $u"
			grep -q "disable --now .*$u" "$TMP/scripts" || fail "%preun does not disable $u"
		done
		grep -v 'scriptlet (using' "$TMP/scripts" | sh -n 2> "$TMP/sh-n" ||
			fail "the scriptlets are not shell: $(head -2 "$TMP/sh-n")"
		# erguard junos-scripts, from the package, names its files and their digests.
		mkdir -p "$TMP/rpmroot"
		rpm2cpio "$top"/RPMS/*/erguard-"$VERSION"-1*.rpm | (cd "$TMP/rpmroot" && cpio -idm --quiet)
		sh "$EG_ROOT/tests/cli/packaging-fixtures/scripts-check.sh" "$TMP/rpmroot" \
			/usr/share/erguard/junos-scripts > "$TMP/scripts.out" 2>&1 ||
			fail "RPM: $(tr '\n' ';' < "$TMP/scripts.out")"
		# rpmlint: no error (what is right as it is, erguard.rpmlintrc says why).
		if command -v rpmlint >/dev/null 2>&1; then
			rpmlint -r "$EG_ROOT/packaging/rpm/erguard.rpmlintrc" "$SPEC" "$top"/RPMS/*/*.rpm \
				> "$TMP/rpmlint.out" 2>&1
			grep -E ' E: ' "$TMP/rpmlint.out" > "$TMP/rpmlint.err" &&
				fail "rpmlint: $(head -5 "$TMP/rpmlint.err" | tr '\n' ';')"
			grep -Eq '[0-9]+ packages and 1 specfiles checked; 0 errors' "$TMP/rpmlint.out" ||
				fail "rpmlint: $(tail -1 "$TMP/rpmlint.out")"
		else
			fail "rpmlint is not installed (packaging/deps.sh installs it)"
		fi
	else
		fail "rpmbuild: $(grep -E 'error|Error|File not found|Installed \(but unpackaged\)' "$TMP/rpmbuild.log" | head -5 | tr '\n' ';')"
		tail -15 "$TMP/rpmbuild.log" >&2
	fi
else
	echo "skip: rpmbuild not installed, or a sanitizer build, or EG_RPMBUILD=0"
fi

finish
