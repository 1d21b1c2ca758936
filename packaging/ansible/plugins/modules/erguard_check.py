#!/usr/bin/python
# -*- coding: utf-8 -*-
#
# erguard_check - run `erguard check --format json` and return its report.
#
# The module only reads: it never changes a device, so it always returns
# changed=false and runs unchanged in check mode.  erguard is started with an
# argument list (no shell), and nothing secret is ever put on that list:
# device passwords reach erguard through the environment variables its
# intent names.  A run that erguard could not complete (exit status 2 and
# above) always fails the task, with erguard's diagnostics in msg; a run
# that found deviations (status 1) fails it unless fail_on_deviation is off.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: erguard_check
short_description: Check an ExpressRoute primary, VPN backup design on Junos with erguard
version_added: "0.1.0"
description:
  - Runs C(erguard check --format json) on the host the task runs on and
    returns erguard's report as data, with the IDs of the checks that failed
    or could not decide.
  - erguard talks NETCONF to the CE routers and the firewall itself, so the
    task runs where erguard is installed (a jump host, or the controller
    with a local connection), not on the Junos devices.
  - The module never changes anything; C(changed) is always false and check
    mode runs the same read-only check.
  - Exit statuses of erguard are 0 compliant, 1 deviations (a check failed or
    could not decide), 2 usage error, 3 invalid intent, 4 transport or
    authentication failure, 5 device RPC error or malformed reply; see
    erguard(8).
options:
  intent:
    description:
      - The intent file (XML or JSON, module erguard-intent) to check against,
        passed as C(-c).
      - When omitted, erguard uses the C(ERGUARD_INTENT) environment variable,
        else its built-in reference design.
    type: path
  devices:
    description:
      - Only query and judge these devices of the intent (one C(--device) each).
      - Checks that compare several devices are reported C(skipped) when one of
        their devices is left out, so a per-device run covers the per-device
        checks only; see the examples for fleets.
    type: list
    elements: str
    default: []
  from_dir:
    description:
      - Judge a snapshot saved by C(erguard snapshot) instead of querying the
        devices (C(--from)); no device is contacted.
    type: path
  azure_learned:
    description:
      - The Azure VPN gateway's learned routes as exported by
        C(az network vnet-gateway list-learned-routes -o json) or PowerShell
        (C(--azure-learned)).
      - Without it the azure-learned check is skipped.
    type: path
  azure_advertised:
    description:
      - The Azure VPN gateway's advertised routes, exported the same way
        (C(--azure-advertised)).
      - Without it the azure-advertised check is skipped.
    type: path
  timeout:
    description:
      - Per-RPC timeout in seconds (C(--timeout)); erguard's default is 30.
    type: int
  parallel:
    description:
      - How many devices erguard queries at once (C(--parallel)); erguard's
        default is 16.
    type: int
  erguard_path:
    description:
      - The erguard program, a name looked up in C(PATH) or a path.
    type: path
    default: erguard
  fail_on_deviation:
    description:
      - Fail the task when erguard reports deviations (exit status 1).
      - When false, a non-compliant design only shows as C(compliant=false)
        and the task succeeds.  Exit statuses 2 and above always fail.
    type: bool
    default: true
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
notes:
  - Device credentials never go on erguard's command line.  Keys, the SSH
    agent and C(~/.ssh/config) work as for ssh; a password is read by erguard
    from the environment variable that the intent's C(password-env) names, so
    set it with the task's C(environment) keyword from a vault variable.
  - Host keys are checked strictly; record them once with
    C(erguard check --accept-new-hostkeys) by hand, not from a play.
  - For a fleet, make the Junos devices inventory hosts and query each with
    M(erguard.junos.erguard_device), which takes the address, port, user and
    key from the inventory; then judge the site with this module on the
    saved replies (C(from_dir)).  The fleet playbook does both.
requirements:
  - erguard on the host the task runs on
author:
  - erguard authors
'''

EXAMPLES = r'''
# One site, every device at once, run on the controller.
- name: Check the Cust11 design
  erguard.junos.erguard_check:
    intent: /etc/erguard/cust11.xml
  delegate_to: localhost
  register: cust11

- name: Say what deviates
  ansible.builtin.debug:
    msg: "failed: {{ cust11.failed_checks }}, unknown: {{ cust11.unknown_checks }}"
  when: not cust11.compliant

# A saved snapshot (no device contacted), reporting without failing.
- name: Judge a snapshot
  erguard.junos.erguard_check:
    intent: /etc/erguard/cust11.xml
    from_dir: /var/lib/erguard/snap-2026-11-25
    fail_on_deviation: false
  delegate_to: localhost
  register: snap

# With the Azure gateway's route exports, and a password from the vault
# (the intent names ERGUARD_FW_PASSWORD in the firewall's password-env).
- name: Check with the Azure exports
  erguard.junos.erguard_check:
    intent: /etc/erguard/cust11.xml
    azure_learned: /var/tmp/learned.json
    azure_advertised: /var/tmp/advertised.json
    timeout: 60
  environment:
    ERGUARD_FW_PASSWORD: "{{ vault_fw_password }}"
  delegate_to: localhost

# A fleet: the Junos devices are inventory hosts, named as in the intent,
# in a play with "hosts: erguard_devices" and "connection: local"; Ansible's
# forks (ansible-playbook --forks 20) run one erguard per device on the
# controller.  Checks that compare devices are skipped in per-device runs,
# so run the site once as a whole too (see playbooks/fleet.yml).
- name: Check this device
  erguard.junos.erguard_check:
    intent: /etc/erguard/cust11.xml
    devices:
      - "{{ inventory_hostname }}"
    parallel: 1

# Many sites: one inventory host per site, its intent in a host variable;
# forks check the sites in parallel, every check included.
- name: Check this site
  erguard.junos.erguard_check:
    intent: "{{ erguard_intent }}"
'''

RETURN = r'''
compliant:
  description: Whether every check passed or was skipped (erguard exited 0).
  returned: when erguard ran
  type: bool
  sample: false
exit_status:
  description: erguard's exit status (0 compliant, 1 deviations, 2 usage, 3 invalid intent, 4 transport or authentication, 5 device RPC error).
  returned: when erguard ran
  type: int
  sample: 1
failed_checks:
  description: The IDs of the checks with at least one C(fail) result, sorted.
  returned: when erguard ran
  type: list
  elements: str
  sample: [lp-config, lp-rib]
unknown_checks:
  description: The IDs of the checks with at least one C(unknown) result (their data could not be read), sorted.
  returned: when erguard ran
  type: list
  elements: str
  sample: []
summary:
  description: How many results passed, failed, could not decide or were skipped.
  returned: when erguard ran
  type: dict
  sample: {pass: 20, fail: 2, unknown: 0, skipped: 2}
report:
  description:
    - erguard's report (the erguard-report YANG module's C(report) container,
      without its module prefix) - run metadata, C(summary), and C(result), a
      list of one verdict per check, service and scope with its findings.
    - Empty when erguard printed no report (usage error, invalid intent).
  returned: when erguard ran
  type: dict
  sample:
    tool-version: 0.1.0
    mode: offline
    exit-status: 1
    summary: {pass: 20, fail: 2, unknown: 0, skipped: 2}
    result:
      - check: lp-config
        service: Cust11
        scope: SEA-MX03-02
        severity: critical
        status: fail
        finding:
          - index: 0
            status: fail
            device: SEA-MX03-02
            expected: "150"
            observed: none
cmd:
  description: The argument list erguard was started with.
  returned: when erguard ran
  type: list
  elements: str
  sample: [/usr/bin/erguard, check, --format, json, -c, /etc/erguard/cust11.xml]
stderr:
  description: erguard's diagnostics.
  returned: when erguard ran
  type: str
  sample: ""
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.erguard.junos.plugins.module_utils.erguard import (
    EXIT_MEANINGS, read_report, resolve_binary)

ARGUMENT_SPEC = dict(
    intent=dict(type='path'),
    devices=dict(type='list', elements='str', default=[]),
    from_dir=dict(type='path'),
    azure_learned=dict(type='path'),
    azure_advertised=dict(type='path'),
    timeout=dict(type='int'),
    parallel=dict(type='int'),
    erguard_path=dict(type='path', default='erguard'),
    fail_on_deviation=dict(type='bool', default=True),
)


def erguard_command(binary, params):
    """The argument list for one `erguard check` run."""
    cmd = [binary, 'check', '--format', 'json']
    if params['intent']:
        cmd += ['-c', params['intent']]
    for device in params['devices']:
        cmd += ['--device', device]
    if params['from_dir']:
        cmd += ['--from', params['from_dir']]
    if params['azure_learned']:
        cmd += ['--azure-learned', params['azure_learned']]
    if params['azure_advertised']:
        cmd += ['--azure-advertised', params['azure_advertised']]
    if params['timeout'] is not None:
        cmd += ['--timeout', str(params['timeout'])]
    if params['parallel'] is not None:
        cmd += ['--parallel', str(params['parallel'])]
    return cmd


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params

    for name in ('timeout', 'parallel'):
        if params[name] is not None and params[name] < 1:
            module.fail_json(msg='%s must be at least 1, not %d' % (name, params[name]),
                             changed=False)
    for device in params['devices']:
        if not device:
            module.fail_json(msg='devices: an empty device name', changed=False)

    binary = resolve_binary(module, params['erguard_path'])
    cmd = erguard_command(binary, params)
    # erguard only reads, so check mode runs it as well.
    rc, out, err = module.run_command(cmd)

    doc, parse_error, fields = read_report(rc, out)
    results = fields.pop('has_results')
    result = dict(changed=False, cmd=cmd, exit_status=rc, stderr=err, **fields)

    if rc not in (0, 1):
        meaning = EXIT_MEANINGS.get(rc, 'unexpected exit status')
        detail = err.strip() or 'no diagnostics'
        module.fail_json(msg='erguard check exited %d (%s): %s' % (rc, meaning, detail),
                         **result)
    if doc is None:
        why = parse_error or 'nothing on standard output'
        module.fail_json(msg='erguard check exited %d but printed no JSON report (%s)%s'
                         % (rc, why, ': ' + err.strip() if err.strip() else ''),
                         **result)
    if not results:
        module.fail_json(msg='erguard check exited %d but its report holds no results' % rc,
                         **result)
    if rc == 0 and not result['compliant']:
        module.fail_json(msg='erguard check exited 0 but its report has failed or unknown '
                             'checks: %s' % ', '.join(result['failed_checks'] +
                                                      result['unknown_checks']),
                         **result)
    if rc == 1 and params['fail_on_deviation']:
        module.fail_json(msg='erguard found deviations: failed %s; unknown %s'
                         % (', '.join(result['failed_checks']) or 'none',
                            ', '.join(result['unknown_checks']) or 'none'),
                         **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
