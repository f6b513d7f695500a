import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The rule names of cinder/policies/volume_metadata.py. */
export const VOLUME_METADATA_POLICY = {
  get: 'volume:get_volume_metadata',
  create: 'volume:create_volume_metadata',
  delete: 'volume:delete_volume_metadata',
  update: 'volume:update_volume_metadata',
  imageMetadataShow: 'volume_extension:volume_image_metadata:show',
  imageMetadataSet: 'volume_extension:volume_image_metadata:set',
  imageMetadataRemove: 'volume_extension:volume_image_metadata:remove',
  updateAdminMetadata: 'volume:update_volume_admin_metadata',
} as const;

const ADMIN_OR_OWNER = 'rule:admin_or_owner';

/** cinder/policies/volume_metadata.py as Zed enforces it (new defaults or-ed with the deprecated ones). */
export const volumeMetadataPolicies: PolicyRule[] = [
  rule(
    VOLUME_METADATA_POLICY.get,
    ADMIN_OR_OWNER,
    "Show volume's metadata or one specified metadata with a given key.",
  ),
  rule(VOLUME_METADATA_POLICY.create, ADMIN_OR_OWNER, 'Create volume metadata.'),
  rule(
    VOLUME_METADATA_POLICY.update,
    ADMIN_OR_OWNER,
    "Replace a volume's metadata dictionary or update a single metadatum with a given key.",
  ),
  rule(VOLUME_METADATA_POLICY.delete, ADMIN_OR_OWNER, "Delete a volume's metadatum with the given key."),
  rule(
    VOLUME_METADATA_POLICY.imageMetadataShow,
    ADMIN_OR_OWNER,
    'Include volume_image_metadata with volume.',
  ),
  rule(VOLUME_METADATA_POLICY.imageMetadataSet, ADMIN_OR_OWNER, 'Set image metadata for a volume'),
  rule(
    VOLUME_METADATA_POLICY.imageMetadataRemove,
    ADMIN_OR_OWNER,
    'Remove specific image metadata from a volume',
  ),
  rule(
    VOLUME_METADATA_POLICY.updateAdminMetadata,
    'rule:admin_api',
    "Update volume admin metadata. It's used in `attach` and `os-update_readonly_flag` APIs",
  ),
];
