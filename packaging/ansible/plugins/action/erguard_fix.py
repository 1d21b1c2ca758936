# -*- coding: utf-8 -*-
# Copyright (c) 2026 erguard authors
# ISC License (see LICENSE)
"""Action plugin of erguard.junos.erguard_fix: runs the module as it is,
and reports a run that could not reach a device unreachable, as Ansible
reports a host it cannot connect to, apart from a failed repair."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase
from ansible_collections.erguard.junos.plugins.module_utils.erguard import mark_unreachable


class ActionModule(ActionBase):

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars or {})
        result.update(self._execute_module(module_name='erguard.junos.erguard_fix',
                                           module_args=dict(self._task.args),
                                           task_vars=task_vars or {}))
        return mark_unreachable(result)
