import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const LIMIT_POLICY = {
  usedLimits: 'limits_extension:used_limits',
} as const;

/** cinder/policies/limits.py: who sees the used counts (`totalVolumesUsed`...) in /limits. */
export const limitPolicies: PolicyRule[] = [
  rule(LIMIT_POLICY.usedLimits, 'rule:admin_or_owner', 'Show limits with used limit attributes.'),
];
