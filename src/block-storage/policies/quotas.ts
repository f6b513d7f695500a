import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const QUOTA_POLICY = {
  show: 'volume_extension:quotas:show',
  update: 'volume_extension:quotas:update',
  delete: 'volume_extension:quotas:delete',
  classGet: 'volume_extension:quota_classes:get',
  classUpdate: 'volume_extension:quota_classes:update',
} as const;

/**
 * cinder/policies/{quotas,quota_class}.py as Zed enforces them: showing a project's quotas is
 * its reader's or an admin's (the deprecated `admin_or_owner` covers the new default); setting
 * them, and anything on quota classes, is for admins.
 */
export const quotaPolicies: PolicyRule[] = [
  rule(QUOTA_POLICY.show, 'rule:admin_or_owner', 'Show project quota (including usage and default).'),
  rule(QUOTA_POLICY.update, 'rule:admin_api', 'Update project quota.'),
  rule(QUOTA_POLICY.delete, 'rule:admin_api', 'Delete project quota.'),
  rule(QUOTA_POLICY.classGet, 'rule:admin_api', 'Show project quota class.'),
  rule(QUOTA_POLICY.classUpdate, 'rule:admin_api', 'Update project quota class.'),
];
