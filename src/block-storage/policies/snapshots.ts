import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * cinder/policies/{snapshots,snapshot_metadata,snapshot_actions}.py as Zed enforces them: each
 * new persona default or-ed with its deprecated `admin_or_owner`, which covers it.
 */
export const snapshotPolicies: PolicyRule[] = [
  rule('volume:get_all_snapshots', 'rule:admin_or_owner', 'List snapshots.'),
  rule(
    'volume_extension:extended_snapshot_attributes',
    'rule:admin_or_owner',
    'List or show snapshots with extended attributes.',
  ),
  rule('volume:create_snapshot', 'rule:admin_or_owner', 'Create snapshot.'),
  rule('volume:get_snapshot', 'rule:admin_or_owner', 'Show snapshot.'),
  rule('volume:update_snapshot', 'rule:admin_or_owner', 'Update snapshot.'),
  rule('volume:delete_snapshot', 'rule:admin_or_owner', 'Delete snapshot.'),
  rule('volume:get_snapshot_metadata', 'rule:admin_or_owner', "Show snapshot's metadata or one item of it."),
  rule(
    'volume:update_snapshot_metadata',
    'rule:admin_or_owner',
    "Update snapshot's metadata or one item of it.",
  ),
  rule('volume:delete_snapshot_metadata', 'rule:admin_or_owner', "Delete one item of a snapshot's metadata."),
  rule(
    'volume_extension:snapshot_admin_actions:reset_status',
    'rule:admin_api',
    'Reset status of a snapshot.',
  ),
  rule('volume_extension:snapshot_admin_actions:force_delete', 'rule:admin_api', 'Force delete a snapshot.'),
  // The deprecated rule is the empty (always true) check, so Zed lets anyone who sees the snapshot.
  rule(
    'snapshot_extension:snapshot_actions:update_snapshot_status',
    '',
    'Update database fields of snapshot.',
  ),
];
