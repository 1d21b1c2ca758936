#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 erguard authors
# ISC License (see LICENSE)
#
# erguard_fix - repair what erguard owns on the devices with `erguard fix
# --apply`, or, in check mode, only plan the change.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: erguard_fix
short_description: Repair the owned Junos configuration with erguard fix
version_added: "0.1.0"
description:
  - Runs C(erguard fix --apply --format json) on the host the task runs on;
    erguard reads each device's configuration of the paths the design owns,
    plans the smallest change, and applies it device by device under an
    exclusive lock and C(commit confirmed), re-runs the checks the change
    repairs, then confirms or rolls back.
  - In check mode only the plan is made (C(erguard fix) without
    C(--apply)), and nothing is locked or written; C(changed) then says whether
    a change is planned.
  - Otherwise C(changed) is true only when a device's change was committed
    and confirmed; a second run finds nothing to change and reports C(ok).
  - With C(--diff), each device's change is returned as the set lines and
    the change as C(show | compare) prints it.
  - The task fails when a failing check is left that no configuration
    change repairs (a session down, what Azure sends, routes erguard does
    not own), naming it; when a device refused the change, its lock is
    held by someone else, or a re-check failed and the change was rolled
    back.  A device that cannot be reached or logged in to makes the task
    C(unreachable), apart from those failures; no device is changed then.
options:
  intent:
    description:
      - The intent file (C(-c)); else C(ERGUARD_INTENT), else erguard's
        built-in design.
    type: path
  devices:
    description:
      - Only plan and change these devices, named as in the intent (C(--device)).
      - Empty means every device of the intent.
    type: list
    elements: str
    default: []
  confirm_minutes:
    description:
      - C(commit confirmed) this many minutes (C(--confirm-minutes)); the
        device rolls the change back by itself if it is not confirmed in
        time.
    type: int
  settle_seconds:
    description:
      - Re-check the repaired checks for up to this many seconds before
        rolling back (C(--settle-seconds)).
    type: int
  timeout:
    description:
      - Per-RPC timeout in seconds (C(--timeout)).
    type: int
  erguard_path:
    description:
      - The erguard program, a name looked up in C(PATH) or a path.
    type: path
    default: erguard
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
notes:
  - Devices are changed one at a time, never both CEs at once; the first
    failure stops the run (see erguard(8), FIX).
  - Nothing secret goes on erguard's command line; a password, when the
    intent's C(password-env) names one, reaches erguard through the task's
    C(environment).
requirements:
  - erguard on the host the task runs on
author:
  - erguard authors
'''

EXAMPLES = r'''
- name: Show what erguard would change (run the play with --check --diff)
  erguard.junos.erguard_fix:
    intent: /etc/erguard/cust11.xml
  check_mode: true
  register: plan

- name: Repair the Cust11 design, one CE at a time
  erguard.junos.erguard_fix:
    intent: /etc/erguard/cust11.xml
    confirm_minutes: 5
    settle_seconds: 60
'''

RETURN = r'''
committed:
  description: The devices whose change was committed and confirmed.
  returned: always
  type: list
  elements: str
  sample: [SEA-MX03-02]
changes:
  description: How many change lines the plan holds, over all devices.
  returned: when erguard printed its plan
  type: int
  sample: 1
failing:
  description: The checks that failed or could not decide before the change.
  returned: when erguard printed its plan
  type: list
  elements: str
  sample: [lp-config, lp-rib]
unrepaired:
  description: Of those, the checks no configuration change repairs; the task fails when any is left.
  returned: always
  type: list
  elements: str
  sample: []
unreachable_devices:
  description: The devices erguard could not reach or log in to.
  returned: always
  type: list
  elements: str
  sample: []
outcome:
  description:
    - C(unchanged) (nothing to change), C(planned) (check mode, a change is
      planned), C(changed) (every change confirmed), C(unrepairable),
      C(unreachable), or C(failed) (a refusal, a held lock, a lost session
      or a rollback).
  returned: always
  type: str
  sample: changed
devices:
  description:
    - Per device, erguard's plan and what became of it - C(device),
      C(status), C(reason), C(repairs), C(lines), C(compare), and after
      apply C(outcome), C(account) (the steps, one a line) and
      C(phase-us) (microseconds each step took).
  returned: when erguard printed its plan
  type: list
  elements: dict
  sample:
    - device: SEA-MX03-02
      status: read
      repairs: [lp-config, lp-rib]
      lines: [set routing-instances Cust11 protocols bgp group ibgp local-preference 150]
      outcome: committed and confirmed
exit_status:
  description: erguard's exit status.
  returned: always
  type: int
  sample: 0
cmd:
  description: The argument list erguard was started with.
  returned: always
  type: list
  elements: str
  sample: [/usr/bin/erguard, fix, --format, json, --apply, --yes, -c, /etc/erguard/cust11.xml]
stderr:
  description: erguard's diagnostics.
  returned: always
  type: str
  sample: ""
diff:
  description: Per device with a change, the set lines and the change as C(show | compare) prints it.
  returned: in diff mode, when a change was planned or applied
  type: list
  elements: dict
  sample: [{prepared: "SEA-MX03-02: set ... local-preference 150"}]
'''

import json

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.erguard.junos.plugins.module_utils.erguard import (
    EXIT_MEANINGS, FIX_OUTCOME_CONFIRMED, FIX_OUTCOME_UNREACHED, FIX_UNREACHABLE_STATUSES,
    resolve_binary)

ARGUMENT_SPEC = dict(
    intent=dict(type='path'),
    devices=dict(type='list', elements='str', default=[]),
    confirm_minutes=dict(type='int'),
    settle_seconds=dict(type='int'),
    timeout=dict(type='int'),
    erguard_path=dict(type='path', default='erguard'),
)


def fix_command(binary, params, apply):
    """The argument list for one `erguard fix` run."""
    cmd = [binary, 'fix', '--format', 'json']
    if apply:
        cmd += ['--apply', '--yes']
        if params['confirm_minutes'] is not None:
            cmd += ['--confirm-minutes', str(params['confirm_minutes'])]
        if params['settle_seconds'] is not None:
            cmd += ['--settle-seconds', str(params['settle_seconds'])]
    if params['intent']:
        cmd += ['-c', params['intent']]
    for device in params['devices']:
        cmd += ['--device', device]
    if params['timeout'] is not None:
        cmd += ['--timeout', str(params['timeout'])]
    return cmd


def device_diff(dev):
    """A device's change as Ansible's diff shows a prepared text."""
    text = ['%s: repairs %s' % (dev['device'], ', '.join(dev.get('repairs', [])))]
    text += ['  ' + line for line in dev.get('lines', [])]
    compare = dev.get('compare', '')
    if compare:
        text.append('  show | compare:')
        text += ['    ' + line for line in compare.splitlines()]
    return dict(prepared='\n'.join(text) + '\n')


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    for name in ('confirm_minutes', 'settle_seconds', 'timeout'):
        if p[name] is not None and p[name] < (0 if name == 'settle_seconds' else 1):
            module.fail_json(msg='%s must be at least %d, not %d'
                             % (name, 0 if name == 'settle_seconds' else 1, p[name]),
                             changed=False)
    for device in p['devices']:
        if not device:
            module.fail_json(msg='devices: an empty device name', changed=False)

    binary = resolve_binary(module, p['erguard_path'])
    cmd = fix_command(binary, p, not module.check_mode)
    rc, out, err = module.run_command(cmd)
    result = dict(changed=False, cmd=cmd, exit_status=rc, stderr=err, committed=[],
                  unrepaired=[], unreachable_devices=[], outcome='failed')

    def fail(msg):
        module.fail_json(msg=msg, **result)

    plan = None
    if out.strip():
        try:
            plan = json.loads(out)
        except ValueError as e:
            result['outcome'] = 'failed'
            fail('erguard fix exited %d and printed no JSON plan (%s): %s'
                 % (rc, e, err.strip() or 'no diagnostics'))
    if not isinstance(plan, dict) or not isinstance(plan.get('devices'), list):
        fail('erguard fix exited %d (%s): %s'
             % (rc, EXIT_MEANINGS.get(rc, 'unexpected exit status'),
                err.strip() or 'no plan printed'))

    devices = plan['devices']
    result.update(devices=devices, changes=plan.get('changes', 0),
                  failing=plan.get('failing', []), unrepaired=plan.get('unrepaired', []))
    result['committed'] = [d['device'] for d in devices
                           if d.get('outcome') == FIX_OUTCOME_CONFIRMED]
    result['unreachable_devices'] = [
        d['device'] for d in devices
        if d.get('status') in FIX_UNREACHABLE_STATUSES or
        str(d.get('outcome', '')).startswith(FIX_OUTCOME_UNREACHED)]
    if module.check_mode:
        result['changed'] = result['changes'] > 0
    else:
        result['changed'] = bool(result['committed'])
    if module._diff:
        shown = [d for d in devices if d.get('lines') and
                 (module.check_mode or d.get('outcome') == FIX_OUTCOME_CONFIRMED)]
        if shown:
            result['diff'] = [device_diff(d) for d in shown]

    if result['unreachable_devices']:
        result['outcome'] = 'unreachable'
        fail('unreachable: %s' % '; '.join(
            d.get('reason') or '%s: %s' % (d['device'], d.get('outcome'))
            for d in devices if d['device'] in result['unreachable_devices']))
    troubles = [d for d in devices if d.get('outcome') not in
                (None, FIX_OUTCOME_CONFIRMED, 'nothing to change')]
    if troubles or rc not in (0, 1):
        result['outcome'] = 'failed'
        fail('erguard fix exited %d (%s): %s' % (
            rc, EXIT_MEANINGS.get(rc, 'unexpected exit status'),
            '; '.join('%s: %s: %s' % (d['device'], d.get('outcome'),
                                      ' / '.join(str(d.get('account', '')).strip().splitlines()))
                      for d in troubles) or err.strip() or 'no diagnostics'))
    if result['unrepaired']:
        result['outcome'] = 'unrepairable'
        fail('erguard fix cannot repair %s: %s' % (
            ', '.join(result['unrepaired']),
            'the configuration erguard owns already matches the intent, or no '
            'configuration change repairs it (a session down, what Azure sends, routes '
            'erguard does not own); see erguard(8), FIX'))
    if module.check_mode:
        result['outcome'] = 'planned' if result['changes'] else 'unchanged'
    else:
        result['outcome'] = 'changed' if result['committed'] else 'unchanged'
        if rc != 0:
            fail('erguard fix exited %d: %s' % (rc, err.strip() or 'no diagnostics'))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
