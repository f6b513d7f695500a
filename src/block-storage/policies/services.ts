import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const SERVICE_POLICY = {
  list: 'volume_extension:services:index',
  update: 'volume_extension:services:update',
} as const;

/** cinder/policies/services.py: listing and enabling/disabling services is for admins. */
export const servicePolicies: PolicyRule[] = [
  rule(SERVICE_POLICY.list, 'rule:admin_api', 'List all services.'),
  rule(
    SERVICE_POLICY.update,
    'rule:admin_api',
    'Update service, including failover_host, thaw, freeze, disable, enable, set-log and get-log actions.',
  ),
];
