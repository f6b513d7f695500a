import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const CAPABILITIES_POLICY = {
  show: 'volume_extension:capabilities',
} as const;

/** cinder/policies/capabilities.py: a backend's capabilities are for admins. */
export const capabilitiesPolicies: PolicyRule[] = [
  rule(CAPABILITIES_POLICY.show, 'rule:admin_api', 'Show backend capabilities.'),
];
