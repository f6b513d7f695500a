import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The rule names of cinder/policies/volume_actions.py that the volume actions here check. */
export const VOLUME_ACTION_POLICY = {
  extend: 'volume:extend',
  extendAttached: 'volume:extend_attached_volume',
  resetStatus: 'volume_extension:volume_admin_actions:reset_status',
  retype: 'volume:retype',
  updateReadonly: 'volume:update_readonly_flag',
  forceDelete: 'volume_extension:volume_admin_actions:force_delete',
  forceDetach: 'volume_extension:volume_admin_actions:force_detach',
  uploadPublic: 'volume_extension:volume_actions:upload_public',
  uploadImage: 'volume_extension:volume_actions:upload_image',
} as const;

const ADMIN_OR_OWNER = 'rule:admin_or_owner';
const ADMIN_API = 'rule:admin_api';

/** cinder/policies/volume_actions.py as Zed enforces it (new defaults or-ed with the deprecated ones). */
export const volumeActionPolicies: PolicyRule[] = [
  rule(VOLUME_ACTION_POLICY.extend, ADMIN_OR_OWNER, 'Extend a volume.'),
  rule(VOLUME_ACTION_POLICY.extendAttached, ADMIN_OR_OWNER, 'Extend a attached volume.'),
  rule(VOLUME_ACTION_POLICY.resetStatus, ADMIN_API, 'Reset status of a volume.'),
  rule(VOLUME_ACTION_POLICY.retype, ADMIN_OR_OWNER, 'Retype a volume.'),
  rule(VOLUME_ACTION_POLICY.updateReadonly, ADMIN_OR_OWNER, 'Update volume read-only status.'),
  rule(VOLUME_ACTION_POLICY.forceDelete, ADMIN_API, 'Force delete a volume.'),
  rule(VOLUME_ACTION_POLICY.forceDetach, ADMIN_API, 'Force detach a volume.'),
  rule(VOLUME_ACTION_POLICY.uploadPublic, ADMIN_API, 'Upload a volume to image with public visibility.'),
  rule(VOLUME_ACTION_POLICY.uploadImage, ADMIN_OR_OWNER, 'Upload a volume to image.'),
];
