"""doccheck.py MODULE.py [RESULT.json...] - hold a module's documentation
to its code.

DOCUMENTATION, EXAMPLES and RETURN must be YAML; the documented options
must be exactly ARGUMENT_SPEC's, with the same type, elements and default;
every example calling the module may use only documented options; every
key of the given results (outputs of the module) must be in RETURN, apart
from the keys Ansible itself adds.  Prints each mismatch; exit status 1 if
there was one.
"""
import importlib.util
import json
import sys

import yaml

COMMON_KEYS = {'changed', 'failed', 'msg', 'invocation', 'warnings', 'deprecations',
               'skipped'}


def main():
    spec = importlib.util.spec_from_file_location('module_under_test', sys.argv[1])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    problems = []
    doc = yaml.safe_load(mod.DOCUMENTATION)
    examples = yaml.safe_load(mod.EXAMPLES)
    ret = yaml.safe_load(mod.RETURN)
    name = doc.get('module')
    if name + '.py' != sys.argv[1].rsplit('/', 1)[-1]:
        problems.append('DOCUMENTATION names module %s' % name)
    options = doc.get('options') or {}
    argspec = mod.ARGUMENT_SPEC
    for opt in sorted(set(options) | set(argspec)):
        if opt not in options:
            problems.append('option %s is in the argument spec, not documented' % opt)
            continue
        if opt not in argspec:
            problems.append('option %s is documented, not in the argument spec' % opt)
            continue
        d, a = options[opt], argspec[opt]
        for field, fallback in (('type', 'str'), ('elements', None), ('default', None),
                                ('required', False)):
            if d.get(field, fallback) != a.get(field, fallback):
                problems.append('option %s: %s documented %r, spec %r'
                                % (opt, field, d.get(field, fallback), a.get(field, fallback)))
        if not d.get('description'):
            problems.append('option %s has no description' % opt)
    full = 'erguard.junos.' + name
    calls = 0
    for task in examples or []:
        for key in (full, name):
            if key in task:
                calls += 1
                for opt in task[key] or {}:
                    if opt not in options:
                        problems.append('example "%s" uses undocumented option %s'
                                        % (task.get('name'), opt))
    if calls == 0:
        problems.append('no example calls %s' % full)
    for key, entry in (ret or {}).items():
        for field in ('description', 'returned', 'type'):
            if field not in entry:
                problems.append('RETURN %s has no %s' % (key, field))
    for path in sys.argv[2:]:
        result = json.load(open(path))
        for key in result:
            if key not in COMMON_KEYS and key not in ret:
                problems.append('%s: returned key %s is not in RETURN' % (path, key))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
