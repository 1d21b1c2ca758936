#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 erguard authors
# ISC License (see LICENSE)
#
# erguard_device - query one device, the inventory host the task runs for,
# once: save its replies (erguard snapshot) and judge them (erguard check
# --from).  Its action plugin fills in the address, port, user and key from
# the host's inventory variables.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: erguard_device
short_description: Query one Junos device with erguard and judge its replies
version_added: "0.1.0"
description:
  - One inventory host is one device of the intent, named as there.  The
    task queries that device once with C(erguard snapshot), keeps its
    replies, and judges them with C(erguard check --from); the checks that
    compare devices are left to a run of M(erguard.junos.erguard_check) over
    the replies of all devices (see the fleet playbook).
  - How to reach the device comes from the inventory host the task runs
    for, as for any Ansible connection - C(ansible_host), C(ansible_port),
    C(ansible_user) and C(ansible_ssh_private_key_file) - filled in by the
    module's action plugin; they replace the intent's host, port, user and
    identity file for this device.
  - Run it on the controller (delegated to C(localhost)), where erguard is
    installed; erguard speaks NETCONF over SSH to the device itself.
  - A device that cannot be reached or logged in to (erguard's exit status
    4) makes the host C(unreachable) in Ansible's recap, distinct from a
    device that answered and deviates (C(failed)).
options:
  name:
    description:
      - The device's name in the intent.
      - Default (from the action plugin) C(inventory_hostname).
    type: str
    required: true
  host:
    description:
      - Address or host name to connect to.
      - Default (from the action plugin) C(ansible_host), else the device name.
    type: str
  port:
    description:
      - NETCONF-over-SSH port.
      - Default (from the action plugin) C(ansible_port), else the intent's, else 830.
    type: int
  user:
    description:
      - Login name.
      - Default (from the action plugin) C(ansible_user), else the intent's.
    type: str
  private_key_file:
    description:
      - Private key to log in with.
      - Default (from the action plugin) C(ansible_ssh_private_key_file) or
        C(ansible_private_key_file), else the intent's, the SSH agent and
        C(~/.ssh/config).
    type: path
  known_hosts:
    description:
      - The C(known_hosts) file to check the device's host key against;
        else the intent's, else erguard's default.  Host keys are always
        checked strictly.
    type: path
  intent:
    description:
      - The intent file (C(-c)); else C(ERGUARD_INTENT), else erguard's
        built-in design.
    type: path
  snapshot_dir:
    description:
      - Keep the device's replies in this directory, in C(snapshot_dir/NAME),
        replacing an earlier run's; the fleet playbook judges the whole site
        from it.  Without it they are removed after the check.
    type: path
  timeout:
    description:
      - Per-RPC timeout in seconds (C(--timeout)).
    type: int
  erguard_path:
    description:
      - The erguard program, a name looked up in C(PATH) or a path.
    type: path
    default: erguard
  fail_on_deviation:
    description:
      - Fail the task when the device's checks find deviations.
      - An unreachable device and any other erguard failure always fail.
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
  - Nothing secret goes on erguard's command line; a password, when the
    intent's C(password-env) names one, reaches erguard through the task's
    C(environment).
  - Host keys are recorded once by hand (C(erguard check --accept-new-hostkeys)),
    never from a play.
requirements:
  - erguard on the host the task is delegated to
author:
  - erguard authors
'''

EXAMPLES = r'''
# One play over the devices: each inventory host is one device, each
# queried once, from the controller; Ansible's forks query many at once.
- name: Query and judge this device
  erguard.junos.erguard_device:
    intent: /etc/erguard/cust11.xml
    snapshot_dir: /var/lib/erguard/fleet
    fail_on_deviation: false
  delegate_to: localhost
  register: erguard_device

# The same, with the connection given explicitly instead of by the inventory.
- name: Query a device by address
  erguard.junos.erguard_device:
    name: SEA-MX03-01
    host: 192.0.2.11
    port: 830
    user: netconf
    private_key_file: /var/lib/erguard/.ssh/id_ed25519
  delegate_to: localhost
'''

RETURN = r'''
device:
  description: The device's name in the intent.
  returned: always
  type: str
  sample: SEA-MX03-01
outcome:
  description:
    - C(compliant), C(deviations) (a check failed or could not decide),
      C(unreachable) (no connection or no login; erguard exit status 4), or
      C(error) (anything else erguard refused or failed at).
  returned: always
  type: str
  sample: deviations
reachable:
  description: Whether erguard got the device's replies.
  returned: always
  type: bool
  sample: true
compliant:
  description: Whether every check of the device passed or was skipped.
  returned: always
  type: bool
  sample: false
exit_status:
  description: The exit status of erguard snapshot, or of erguard check when the snapshot was taken.
  returned: always
  type: int
  sample: 1
failed_checks:
  description: The IDs of the checks with a C(fail) result, sorted.
  returned: always
  type: list
  elements: str
  sample: [lp-config]
unknown_checks:
  description: The IDs of the checks with an C(unknown) result, sorted.
  returned: always
  type: list
  elements: str
  sample: []
summary:
  description: How many results passed, failed, could not decide or were skipped.
  returned: always
  type: dict
  sample: {pass: 6, fail: 1, unknown: 0, skipped: 17}
report:
  description: erguard's report of the device's checks (see M(erguard.junos.erguard_check)).
  returned: always
  type: dict
  sample: {}
snapshot:
  description: Where the device's replies were kept (C(snapshot_dir/NAME)), when they were.
  returned: when snapshot_dir is given and the device answered
  type: str
  sample: /var/lib/erguard/fleet/SEA-MX03-01
cmd:
  description: The argument lists erguard was started with, snapshot then check.
  returned: always
  type: list
  elements: list
  sample: [[erguard, snapshot, -o, /tmp/x/snap, -c, /tmp/x/intent.xml, --device, SEA-MX03-01]]
stderr:
  description: erguard's diagnostics.
  returned: always
  type: str
  sample: ""
'''

import os
import shutil
import tempfile
import xml.etree.ElementTree as ET

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.erguard.junos.plugins.module_utils.erguard import (
    EXIT_MEANINGS, EXIT_TRANSPORT, read_report, resolve_binary)

ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    host=dict(type='str'),
    port=dict(type='int'),
    user=dict(type='str'),
    private_key_file=dict(type='path'),
    known_hosts=dict(type='path'),
    intent=dict(type='path'),
    snapshot_dir=dict(type='path'),
    timeout=dict(type='int'),
    erguard_path=dict(type='path', default='erguard'),
    fail_on_deviation=dict(type='bool', default=True),
)

NS = 'urn:erguard:intent'


def _child(parent, tag, before=()):
    """parent's child TAG, made when missing - placed before the first of
    the tags BEFORE present, as the YANG model orders them."""
    found = parent.find('{%s}%s' % (NS, tag))
    if found is not None:
        return found
    node = ET.Element('{%s}%s' % (NS, tag))
    for i, sibling in enumerate(list(parent)):
        if sibling.tag in ['{%s}%s' % (NS, t) for t in before]:
            parent.insert(i, node)
            return node
    parent.append(node)
    return node


def device_intent(xml_text, params):
    """The effective intent with this device's connection replaced by the
    inventory's; None when the intent has no such device."""
    ET.register_namespace('', NS)
    root = ET.fromstring(xml_text)
    for device in root.findall('{%s}device' % NS):
        name = device.find('{%s}name' % NS)
        if name is None or name.text != params['name']:
            continue
        order = ('host', 'port', 'user', 'transport', 'exec-command', 'ssh')
        for key, tag in (('host', 'host'), ('port', 'port'), ('user', 'user')):
            if params[key] is not None:
                _child(device, tag, order[order.index(tag) + 1:]).text = str(params[key])
        ssh_keys = (('private_key_file', 'identity-file'), ('known_hosts', 'known-hosts'))
        if any(params[k] is not None for k, t in ssh_keys):
            ssh = _child(device, 'ssh')
            for key, tag in ssh_keys:
                if params[key] is not None:
                    _child(ssh, tag, ('known-hosts', 'strict-host-key')
                           if tag == 'identity-file' else ('strict-host-key',)).text = params[key]
        return ET.tostring(root, encoding='unicode')
    return None


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    if not p['name']:
        module.fail_json(msg='name: an empty device name', changed=False)
    if p['port'] is not None and not 1 <= p['port'] <= 65535:
        module.fail_json(msg='port must be 1 to 65535, not %d' % p['port'], changed=False)
    if p['timeout'] is not None and p['timeout'] < 1:
        module.fail_json(msg='timeout must be at least 1, not %d' % p['timeout'], changed=False)
    binary = resolve_binary(module, p['erguard_path'])
    result = dict(changed=False, device=p['name'], outcome='error', reachable=False,
                  compliant=False, exit_status=None, failed_checks=[], unknown_checks=[],
                  summary={}, report={}, cmd=[], stderr='')

    def fail(msg):
        module.fail_json(msg='%s: %s' % (p['name'], msg), **result)

    # The intent as erguard reads it, with the inventory's connection.
    show = [binary, 'intent', 'show', '--format', 'xml']
    if p['intent']:
        show += ['-c', p['intent']]
    rc, out, err = module.run_command(show)
    result['cmd'].append(show)
    if rc != 0:
        result['exit_status'] = rc
        result['stderr'] = err
        fail('erguard intent show exited %d (%s): %s'
             % (rc, EXIT_MEANINGS.get(rc, 'unexpected exit status'), err.strip()))
    try:
        text = device_intent(out, p)
    except ET.ParseError as e:
        fail('erguard intent show printed no XML intent: %s' % e)
    if text is None:
        fail('no device of this name in the intent %s' % (p['intent'] or '(erguard\'s default)'))

    work = tempfile.mkdtemp(prefix='erguard-device-')
    try:
        intent = os.path.join(work, 'intent.xml')
        fd = os.open(intent, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write(text)
        snap = os.path.join(work, 'snap')
        opts = ['-c', intent, '--device', p['name']]
        if p['timeout'] is not None:
            opts += ['--timeout', str(p['timeout'])]
        cmd = [binary, 'snapshot', '-o', snap] + opts
        rc, out, err = module.run_command(cmd)
        result.update(cmd=[cmd], exit_status=rc, stderr=err)
        if rc == EXIT_TRANSPORT:
            result['outcome'] = 'unreachable'
            fail('unreachable: %s' % (err.strip() or 'no diagnostics'))
        if rc != 0:
            fail('erguard snapshot exited %d (%s): %s'
                 % (rc, EXIT_MEANINGS.get(rc, 'unexpected exit status'), err.strip()))
        result['reachable'] = True

        cmd = [binary, 'check', '--format', 'json', '--from', snap] + opts[:4]
        rc, out, err = module.run_command(cmd)
        result['cmd'].append(cmd)
        result.update(exit_status=rc, stderr=result['stderr'] + err)
        doc, parse_error, fields = read_report(rc, out)
        has_results = fields.pop('has_results')
        result.update(fields)
        if rc not in (0, 1) or doc is None or not has_results:
            fail('erguard check exited %d (%s)%s' % (
                rc, EXIT_MEANINGS.get(rc, 'unexpected exit status'),
                ': ' + (err.strip() or parse_error or 'no report') if rc or not has_results else ''))
        result['outcome'] = 'compliant' if result['compliant'] else 'deviations'

        if p['snapshot_dir']:
            dest = os.path.join(p['snapshot_dir'], p['name'])
            try:
                if not os.path.isdir(p['snapshot_dir']):
                    os.makedirs(p['snapshot_dir'], 0o700)
                if os.path.lexists(dest):
                    shutil.rmtree(dest)
                shutil.move(os.path.join(snap, p['name']), dest)
            except (OSError, IOError) as e:
                fail('cannot keep the replies in %s: %s' % (dest, e))
            result['snapshot'] = dest
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if result['outcome'] == 'deviations' and p['fail_on_deviation']:
        fail('deviations: failed %s; unknown %s'
             % (', '.join(result['failed_checks']) or 'none',
                ', '.join(result['unknown_checks']) or 'none'))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
