import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const HOST_POLICY = {
  manage: 'volume_extension:hosts',
} as const;

/** cinder/policies/hosts.py: the hosts and what they hold are for admins. */
export const hostPolicies: PolicyRule[] = [
  rule(HOST_POLICY.manage, 'rule:admin_api', 'List, update or show hosts for a project.'),
];
