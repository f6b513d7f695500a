import type { Image } from '../../common/clients/image-client.js';

/** Glance's own fields and internal properties, which a volume does not carry (Cinder's list). */
const NOT_COPIED = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'owner',
  'protected',
  'tags',
  'created_at',
  'updated_at',
  'file',
  'schema',
  'self',
  'direct_url',
  'locations',
  'os_hash_algo',
  'os_hash_value',
  'os_hidden',
  'stores',
  'virtual_size',
]);

/**
 * `volume_image_metadata` of a volume made from `image`: the image's id, name and formats, then
 * its custom properties, as Cinder's `_capture_volume_image_metadata` keeps them (all text).
 */
export function imageMetadataOf(image: Image): Record<string, string> {
  const metadata: Record<string, string> = {
    image_id: image.id,
    image_name: image.name ?? '',
    checksum: image.checksum ?? '',
    container_format: image.container_format ?? '',
    disk_format: image.disk_format ?? '',
    min_disk: String(image.min_disk),
    min_ram: String(image.min_ram),
    size: String(image.size ?? 0),
  };
  for (const [key, value] of Object.entries(image)) {
    if (NOT_COPIED.has(key) || key in metadata || value === null || value === undefined) continue;
    metadata[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return metadata;
}
