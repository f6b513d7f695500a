import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The rule names of cinder/policies/volumes.py. */
export const VOLUME_POLICY = {
  create: 'volume:create',
  createFromImage: 'volume:create_from_image',
  get: 'volume:get',
  getAll: 'volume:get_all',
  update: 'volume:update',
  delete: 'volume:delete',
  forceDelete: 'volume:force_delete',
  hostAttribute: 'volume_extension:volume_host_attribute',
  tenantAttribute: 'volume_extension:volume_tenant_attribute',
  migrationAttribute: 'volume_extension:volume_mig_status_attribute',
  encryptionMetadata: 'volume_extension:volume_encryption_metadata',
  multiattach: 'volume:multiattach',
} as const;

const ADMIN_OR_OWNER = 'rule:admin_or_owner';
const ADMIN_API = 'rule:admin_api';

/**
 * cinder/policies/volumes.py as Zed enforces it: each new default or-ed with its deprecated
 * rule, so creating is open to anyone with a project (the deprecated check is empty) and the
 * rest is the admin or the volume's project.
 */
export const volumePolicies: PolicyRule[] = [
  rule(VOLUME_POLICY.create, '', 'Create volume.'),
  rule(VOLUME_POLICY.createFromImage, '', 'Create volume from image.'),
  rule(VOLUME_POLICY.get, ADMIN_OR_OWNER, 'Show volume.'),
  rule(VOLUME_POLICY.getAll, ADMIN_OR_OWNER, 'List volumes or get summary of volumes.'),
  rule(VOLUME_POLICY.update, ADMIN_OR_OWNER, "Update volume or update a volume's bootable status."),
  rule(VOLUME_POLICY.delete, ADMIN_OR_OWNER, 'Delete volume.'),
  rule(VOLUME_POLICY.forceDelete, ADMIN_API, 'Force Delete a volume.'),
  rule(VOLUME_POLICY.hostAttribute, ADMIN_API, 'List or show volume with host attribute.'),
  rule(VOLUME_POLICY.tenantAttribute, ADMIN_OR_OWNER, 'List or show volume with tenant attribute.'),
  rule(VOLUME_POLICY.migrationAttribute, ADMIN_API, 'List or show volume with migration status attribute.'),
  rule(VOLUME_POLICY.encryptionMetadata, ADMIN_OR_OWNER, "Show volume's encryption metadata."),
  rule(VOLUME_POLICY.multiattach, ADMIN_OR_OWNER, 'Create multiattach capable volume.'),
];
