import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The attachments API's rule names (cinder/policies/attachments.py). */
export const ATTACHMENT_POLICY = {
  create: 'volume:attachment_create',
  update: 'volume:attachment_update',
  delete: 'volume:attachment_delete',
  complete: 'volume:attachment_complete',
  multiattachBootable: 'volume:multiattach_bootable_volume',
} as const;

/**
 * Zed's defaults, each new default or-ed with its deprecated rule: creating is open to anyone
 * who can see the volume (the deprecated rule is empty); the rest to the admin or the owner.
 */
export const attachmentPolicies: PolicyRule[] = [
  rule(ATTACHMENT_POLICY.create, '', 'Create attachment.'),
  rule(ATTACHMENT_POLICY.update, 'rule:admin_or_owner', 'Update attachment.'),
  rule(ATTACHMENT_POLICY.delete, 'rule:admin_or_owner', 'Delete attachment.'),
  rule(
    ATTACHMENT_POLICY.complete,
    'rule:admin_or_owner',
    'Mark a volume attachment process as completed (in-use)',
  ),
  rule(
    ATTACHMENT_POLICY.multiattachBootable,
    'rule:admin_or_owner',
    'Allow multiattach of bootable volumes.',
  ),
];

/** The volume actions of Cinder's attach flow before the attachments API (cinder/policies/volume_actions.py). */
export const LEGACY_ATTACH_POLICY = {
  reserve: 'volume_extension:volume_actions:reserve',
  unreserve: 'volume_extension:volume_actions:unreserve',
  beginDetaching: 'volume_extension:volume_actions:begin_detaching',
  rollDetaching: 'volume_extension:volume_actions:roll_detaching',
  initializeConnection: 'volume_extension:volume_actions:initialize_connection',
  terminateConnection: 'volume_extension:volume_actions:terminate_connection',
  attach: 'volume_extension:volume_actions:attach',
  detach: 'volume_extension:volume_actions:detach',
} as const;

export const legacyAttachPolicies: PolicyRule[] = Object.entries(LEGACY_ATTACH_POLICY).map(([action, name]) =>
  rule(name, 'rule:admin_or_owner', `The ${action} volume action.`),
);
