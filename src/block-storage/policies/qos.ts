import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** cinder/policies/qos_specs.py: every QoS specs API is for admins. */
export const qosPolicies: PolicyRule[] = [
  rule(
    'volume_extension:qos_specs_manage:get_all',
    'rule:admin_api',
    'List qos specs or list all associations.',
  ),
  rule('volume_extension:qos_specs_manage:get', 'rule:admin_api', 'Show qos specs.'),
  rule('volume_extension:qos_specs_manage:create', 'rule:admin_api', 'Create qos specs.'),
  rule(
    'volume_extension:qos_specs_manage:update',
    'rule:admin_api',
    'Update qos specs (including updating association).',
  ),
  rule(
    'volume_extension:qos_specs_manage:delete',
    'rule:admin_api',
    'Delete qos specs or unset qos specs keys.',
  ),
];
