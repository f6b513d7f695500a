import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The backups API's rule names (cinder/policies/backups.py and backup_actions.py). */
export const BACKUP_POLICY = {
  getAll: 'backup:get_all',
  get: 'backup:get',
  create: 'backup:create',
  update: 'backup:update',
  delete: 'backup:delete',
  restore: 'backup:restore',
  import: 'backup:backup-import',
  export: 'backup:export-import',
  projectAttribute: 'backup:backup_project_attribute',
  resetStatus: 'volume_extension:backup_admin_actions:reset_status',
  forceDelete: 'volume_extension:backup_admin_actions:force_delete',
} as const;

/** Zed's defaults with their deprecated rules or-ed in, which come down to these. */
export const backupPolicies: PolicyRule[] = [
  rule(BACKUP_POLICY.getAll, 'rule:admin_or_owner', 'List backups or show backup with details.'),
  rule(BACKUP_POLICY.get, 'rule:admin_or_owner', 'Show backup.'),
  rule(BACKUP_POLICY.create, '', 'Create backup.'),
  rule(BACKUP_POLICY.update, 'rule:admin_or_owner', 'Update backup.'),
  rule(BACKUP_POLICY.delete, 'rule:admin_or_owner', 'Delete backup.'),
  rule(BACKUP_POLICY.restore, 'rule:admin_or_owner', 'Restore backup.'),
  rule(BACKUP_POLICY.import, 'rule:admin_api', 'Import backup.'),
  rule(BACKUP_POLICY.export, 'rule:admin_api', 'Export backup.'),
  rule(
    BACKUP_POLICY.projectAttribute,
    'rule:admin_api',
    'List backups or show backup with project attributes.',
  ),
  rule(BACKUP_POLICY.resetStatus, 'rule:admin_api', 'Reset status of a backup.'),
  rule(BACKUP_POLICY.forceDelete, 'rule:admin_api', 'Force delete a backup.'),
];
