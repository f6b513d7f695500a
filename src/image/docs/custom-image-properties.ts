import type { JsonSchema } from '../validation/json-schema-check.js';

const UUID_PATTERN =
  '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';

const PROPERTY_KEYS_DOC = 'https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html';

/**
 * The custom image properties a Debian Glance ships in /etc/glance/schema-image.json: they join
 * the image schema (so the CLI and Glance validate them) but are ordinary extra properties.
 */
export const CUSTOM_IMAGE_PROPERTIES: Record<string, JsonSchema> = {
  kernel_id: {
    type: ['null', 'string'],
    pattern: UUID_PATTERN,
    description:
      'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.',
  },
  ramdisk_id: {
    type: ['null', 'string'],
    pattern: UUID_PATTERN,
    description:
      'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.',
  },
  instance_uuid: {
    type: 'string',
    description:
      'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)',
  },
  architecture: {
    description: `Operating system architecture as specified in ${PROPERTY_KEYS_DOC}`,
    type: 'string',
  },
  os_distro: {
    description: `Common name of operating system distribution as specified in ${PROPERTY_KEYS_DOC}`,
    type: 'string',
  },
  os_version: { description: 'Operating system version as specified by the distributor.', type: 'string' },
  description: { description: 'A human-readable string describing this image.', type: 'string' },
  cinder_encryption_key_id: {
    description:
      'Identifier in the OpenStack Key Management Service for the encryption key for the Block Storage Service to use when mounting a volume created from this image',
    type: 'string',
  },
  cinder_encryption_key_deletion_policy: {
    description:
      "States the condition under which the Image Service will delete the object associated with the 'cinder_encryption_key_id' image property.  If this property is missing, the Image Service will take no action",
    type: 'string',
    enum: ['on_image_deletion', 'do_not_delete'],
  },
};
