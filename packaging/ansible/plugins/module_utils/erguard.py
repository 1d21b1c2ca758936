# -*- coding: utf-8 -*-
# Copyright (c) 2026 erguard authors
# ISC License (see LICENSE)
"""What the erguard.junos modules share: erguard's exit statuses, finding
the program, and reading its JSON report."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

EXIT_MEANINGS = {
    0: 'compliant',
    1: 'deviations',
    2: 'usage error',
    3: 'invalid intent',
    4: 'transport or authentication failure',
    5: 'device RPC error or malformed reply',
}
EXIT_TRANSPORT = 4


def _is_result_list(value):
    return (isinstance(value, list) and len(value) > 0 and
            all(isinstance(r, dict) and 'check' in r and 'status' in r
                for r in value))


def find_report(doc):
    """The report container of erguard's JSON.

    erguard prints RFC 7951 JSON, whose top container is named with its
    module, "erguard-report:report"; a bare "report", or any other
    module-qualified "...:report", is taken too.  Anything else is returned
    as it is and the results are searched for inside it.
    """
    if not isinstance(doc, dict):
        return {}
    if isinstance(doc.get('erguard-report:report'), dict):
        return doc['erguard-report:report']
    for key, value in doc.items():
        if (key == 'report' or key.endswith(':report')) and isinstance(value, dict):
            return value
    return doc


def find_results(node):
    """The first list of result objects (each with "check" and "status"),
    searched depth first: the report's "result" list in erguard's format."""
    if isinstance(node, dict):
        for key in ('result', 'erguard-report:result'):
            if _is_result_list(node.get(key)):
                return node[key]
        values = list(node.values())
    elif isinstance(node, list):
        if _is_result_list(node):
            return node
        values = node
    else:
        return []
    for value in values:
        found = find_results(value)
        if found:
            return found
    return []


def checks_with_status(results, status):
    return sorted(set(str(r['check']) for r in results if r.get('status') == status))


def summarise(report, results):
    summary = report.get('summary') if isinstance(report, dict) else None
    if isinstance(summary, dict):
        return summary
    counts = dict((s, 0) for s in ('pass', 'fail', 'unknown', 'skipped'))
    for r in results:
        if r.get('status') in counts:
            counts[r['status']] += 1
    return counts


def read_report(rc, out):
    """erguard check's standard output as (doc, parse_error, fields): fields
    holds report, failed_checks, unknown_checks, summary and compliant."""
    doc, parse_error = None, None
    if out.strip():
        try:
            doc = json.loads(out)
        except ValueError as e:
            parse_error = str(e)
    report = find_report(doc) if doc is not None else {}
    results = find_results(report)
    fields = dict(report=report,
                  failed_checks=checks_with_status(results, 'fail'),
                  unknown_checks=checks_with_status(results, 'unknown'),
                  summary=summarise(report, results))
    fields['compliant'] = (rc == 0 and bool(results) and not fields['failed_checks'] and
                           not fields['unknown_checks'])
    fields['has_results'] = bool(results)
    return doc, parse_error, fields


def resolve_binary(module, name):
    """The erguard program: a path, or a name looked up in PATH."""
    if '/' in name:
        if not (os.path.isfile(name) and os.access(name, os.X_OK)):
            module.fail_json(msg='erguard_path: %s is not an executable file' % name,
                             changed=False)
        return name
    path = module.get_bin_path(name)
    if path is None:
        module.fail_json(msg='erguard_path: %s is not in PATH (%s)'
                         % (name, os.environ.get('PATH', '')), changed=False)
    return path


# erguard fix: a device's "status" when its session failed before any reply,
# and the start of the "outcome" of a device it could not reach to apply.
FIX_UNREACHABLE_STATUSES = ('transport error', 'authentication failed',
                            'host key verification failed', 'timeout')
FIX_OUTCOME_CONFIRMED = 'committed and confirmed'
FIX_OUTCOME_UNREACHED = 'not reached'


def mark_unreachable(result):
    """An action plugin's result whose module said outcome "unreachable" is
    made Ansible's unreachable; Ansible looks at failed before unreachable."""
    if result.get('outcome') == 'unreachable':
        result.pop('failed', None)
        result['unreachable'] = True
    return result
