import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const SCHEDULER_STATS_POLICY = {
  getPools: 'scheduler_extension:scheduler_stats:get_pools',
} as const;

/** cinder/policies/scheduler_stats.py: the scheduler's pools are for admins. */
export const schedulerStatsPolicies: PolicyRule[] = [
  rule(SCHEDULER_STATS_POLICY.getPools, 'rule:admin_api', 'List all backend pools.'),
];
