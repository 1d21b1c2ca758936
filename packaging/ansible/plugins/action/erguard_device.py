# -*- coding: utf-8 -*-
# Copyright (c) 2026 erguard authors
# ISC License (see LICENSE)
"""Action plugin of erguard.junos.erguard_device: the device is the
inventory host the task runs for.  Its name, address, port, user and key
come from that host's inventory (inventory_hostname, ansible_host,
ansible_port, ansible_user, ansible_ssh_private_key_file) unless the task
gives them; the module then runs where the task is delegated to, normally
the controller.  A device erguard could not reach is reported unreachable,
as Ansible reports a host it cannot connect to."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase
from ansible_collections.erguard.junos.plugins.module_utils.erguard import mark_unreachable

# module option: the inventory variables that give it, first found wins
FROM_INVENTORY = (
    ('host', ('ansible_host',)),
    ('port', ('ansible_port',)),
    ('user', ('ansible_user',)),
    ('private_key_file', ('ansible_ssh_private_key_file', 'ansible_private_key_file')),
)


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        host = task_vars.get('inventory_hostname')
        # the host's own variables, not those of the host delegated to
        hostvars = task_vars.get('hostvars', {}).get(host, {}) if host else {}
        if args.get('name') is None and host:
            args['name'] = host
        for option, names in FROM_INVENTORY:
            if args.get(option) is not None:
                continue
            for name in names:
                value = hostvars.get(name)
                if value is not None and value != '':
                    args[option] = self._templar.template(value)
                    break
        result.update(self._execute_module(module_name='erguard.junos.erguard_device',
                                           module_args=args, task_vars=task_vars))
        return mark_unreachable(result)
