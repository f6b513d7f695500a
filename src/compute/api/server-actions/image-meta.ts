import type { Image } from '../../../common/clients/image-client.js';
import { systemMetadataOf, type InstanceRow } from '../../instances/instance-repo.js';

/** `SM_INHERITABLE_KEYS`: image fields an instance keeps (as `image_<key>`) beside the properties. */
const INHERITABLE = ['min_ram', 'min_disk', 'disk_format', 'container_format'] as const;
/** `SM_SKIP_KEYS`: structured properties too large for system metadata. */
const SKIPPED = new Set(['mappings', 'block_device_mapping', 'img_mappings', 'img_block_device_mapping']);
const PREFIX = 'image_';

/**
 * `get_image_from_system_metadata`: the image an instance was built from, as its system
 * metadata remembers it. The inherited fields come back as fields; every other key (the
 * `image_` prefix dropped, so `base_image_ref` too, and Nova's other bookkeeping) is a property.
 */
export interface InstanceImage {
  fields: Partial<Record<(typeof INHERITABLE)[number], string>>;
  properties: Record<string, string>;
}

export function imageFromSystemMetadata(systemMetadata: Record<string, string>): InstanceImage {
  const image: InstanceImage = { fields: {}, properties: {} };
  for (const [rawKey, value] of Object.entries(systemMetadata)) {
    if (value === null || value === undefined) continue;
    const key = rawKey.startsWith(PREFIX) ? rawKey.slice(PREFIX.length) : rawKey;
    if (SKIPPED.has(key)) continue;
    if ((INHERITABLE as readonly string[]).includes(key))
      image.fields[key as (typeof INHERITABLE)[number]] = value;
    else image.properties[key] = value;
  }
  return image;
}

/**
 * The instance's image as an image record for `checkFlavorImage` (a resize checks the new
 * flavor against it without looking the image up, as `_validate_flavor_image_nostatus`).
 */
export function instanceImage(instance: InstanceRow): Image {
  const { fields, properties } = imageFromSystemMetadata(systemMetadataOf(instance));
  return {
    ...properties,
    id: instance.image_ref,
    name: null,
    status: 'active',
    visibility: 'private',
    owner: null,
    disk_format: fields.disk_format ?? null,
    container_format: fields.container_format ?? null,
    size: null,
    virtual_size: null,
    checksum: null,
    min_disk: Number(fields.min_disk ?? 0),
    min_ram: Number(fields.min_ram ?? 0),
    protected: false,
    tags: [],
  };
}
