import type { Selectable } from 'kysely';
import type { Image } from '../../common/clients/image-client.js';
import type { BlockDeviceMappingTable } from '../db/schema.js';
import { flavorOf, systemMetadataOf, type InstanceRow } from '../instances/instance-repo.js';
import type { MigrationRow } from '../instances/migrations-repo.js';
import type {
  BlockDeviceInfo,
  FlavorSpec,
  ImageMeta,
  InstanceSpec,
  MigrationSpec,
  VolumeConnection,
  VolumeMapping,
} from '../virt/types.js';

export type BlockDeviceMappingRow = Selectable<BlockDeviceMappingTable>;

/** Nova's `instance_name_template` default, `instance-%08x` of the instance's integer id. */
export function instanceName(id: number): string {
  return `instance-${id.toString(16).padStart(8, '0')}`;
}

/** System metadata keys that carry the image's properties (`image_<property>`). */
const IMAGE_PREFIX = 'image_';

/**
 * The image an instance boots from, as Nova's `get_image_from_system_metadata` rebuilds it:
 * `image_min_ram`, `image_min_disk`, `image_disk_format` and `image_container_format` are the
 * image's fields, every other `image_<key>` one of its properties. Null for a volume-backed one.
 */
export function imageMetaOf(
  imageId: string | null,
  systemMetadata: Record<string, string>,
): ImageMeta | null {
  if (!imageId) return null;
  const image: ImageMeta = { id: imageId, properties: {} };
  for (const [key, value] of Object.entries(systemMetadata)) {
    if (!key.startsWith(IMAGE_PREFIX)) continue;
    const name = key.slice(IMAGE_PREFIX.length);
    if (name === 'disk_format') image.diskFormat = value;
    else if (name === 'container_format') image.containerFormat = value;
    else if (name === 'min_disk') image.minDiskGb = Number(value);
    else if (name === 'min_ram') image.minRamMb = Number(value);
    else image.properties[name] = value;
  }
  return image;
}

/** Glance's own fields of an image; every other key is one of its properties. */
const GLANCE_FIELDS = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'owner',
  'disk_format',
  'container_format',
  'size',
  'virtual_size',
  'checksum',
  'min_disk',
  'min_ram',
  'protected',
  'tags',
  'created_at',
  'updated_at',
  'file',
  'schema',
  'self',
  'os_hash_algo',
  'os_hash_value',
  'os_hidden',
  'direct_url',
  'locations',
  'stores',
]);

/** The properties of a Glance image: its extra keys with text values. */
export function imagePropertiesOf(image: Image): Record<string, string> {
  return Object.fromEntries(
    Object.entries(image).filter(
      (entry): entry is [string, string] => !GLANCE_FIELDS.has(entry[0]) && typeof entry[1] === 'string',
    ),
  );
}

/** An image from the image service as a driver takes it. */
export function imageMetaOfGlance(image: Image): ImageMeta {
  return {
    id: image.id,
    ...(image.name === null ? {} : { name: image.name }),
    ...(image.disk_format === null ? {} : { diskFormat: image.disk_format }),
    ...(image.container_format === null ? {} : { containerFormat: image.container_format }),
    minDiskGb: image.min_disk,
    minRamMb: image.min_ram,
    ...(image.size === null ? {} : { sizeBytes: image.size }),
    properties: imagePropertiesOf(image),
  };
}

/**
 * The instance's system metadata for a new image (Nova's rebuild: the old image's keys go, then
 * `get_system_metadata_from_image` with the flavor, and `image_base_image_ref`).
 */
export function withImageMetadata(
  systemMetadata: Record<string, string>,
  image: Image,
  flavor: FlavorSpec,
): Record<string, string> {
  const kept = Object.entries(systemMetadata).filter(([key]) => !key.startsWith(IMAGE_PREFIX));
  const fields: [string, string | number | null][] = [
    ['disk_format', image.disk_format],
    ['container_format', image.container_format],
    // A vhd image's disk is the flavor's; any other is at least as big as the flavor's root disk.
    ['min_disk', image.disk_format === 'vhd' ? flavor.rootGb : Math.max(image.min_disk ?? 0, flavor.rootGb)],
    ['min_ram', image.min_ram],
  ];
  const properties = Object.entries(imagePropertiesOf(image)).map(([key, value]) => [
    IMAGE_PREFIX + key,
    value,
  ]);
  return {
    ...Object.fromEntries(kept),
    ...Object.fromEntries(properties),
    ...Object.fromEntries(
      fields
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([key, value]) => [IMAGE_PREFIX + key, String(value)]),
    ),
    image_base_image_ref: image.id,
  };
}

/**
 * The instance as the driver sees it. `flavor` overrides the row's (the new flavor of a resize),
 * `imageId` its image (the shelved snapshot an unshelve boots from).
 */
export function instanceSpecOf(
  row: InstanceRow,
  metadata: Record<string, string>,
  overrides: { flavor?: FlavorSpec; imageId?: string | null } = {},
): InstanceSpec {
  const imageId = overrides.imageId === undefined ? row.image_ref : overrides.imageId;
  return {
    uuid: row.uuid,
    name: instanceName(row.id),
    hostname: row.hostname,
    projectId: row.project_id,
    userId: row.user_id,
    flavor: overrides.flavor ?? flavorOf(row),
    image: imageMetaOf(imageId || null, systemMetadataOf(row)),
    metadata,
    userData: row.user_data,
    keyData: row.key_data,
    keyName: row.key_name,
    configDrive: row.config_drive === 1,
    availabilityZone: row.availability_zone,
  };
}

/**
 * The disks of an instance (Nova's `block_device_info`): attached volumes from their mappings,
 * ephemeral and swap disks from blank local mappings or else from the flavor, named after the
 * root device in Nova's default order (root, ephemerals, swap) on the letters left free.
 */
export function blockDeviceInfoOf(
  row: InstanceRow,
  bdms: BlockDeviceMappingRow[],
  flavor: FlavorSpec = flavorOf(row),
): BlockDeviceInfo {
  const volumes: VolumeMapping[] = bdms
    .filter((bdm) => bdm.destination_type === 'volume' && bdm.connection_info && bdm.device_name)
    .map((bdm) => ({
      connection: JSON.parse(bdm.connection_info!) as VolumeConnection,
      mountpoint: bdm.device_name!,
      bootIndex: bdm.boot_index,
      tag: bdm.tag,
    }));
  const bootVolume = volumes.find((volume) => volume.bootIndex === 0);
  const rootDeviceName = row.root_device_name ?? bootVolume?.mountpoint ?? '/dev/vda';
  const blanks = bdms.filter((bdm) => bdm.source_type === 'blank' && bdm.destination_type === 'local');
  const taken = new Set([
    rootDeviceName,
    ...bdms.flatMap((bdm) => (bdm.device_name ? [bdm.device_name] : [])),
  ]);
  const prefix = rootDeviceName.replace(/[a-z]$/, '');
  const nextDevice = () => {
    for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code++) {
      const name = prefix + String.fromCharCode(code);
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
    throw new Error(`no free device name after ${rootDeviceName}`);
  };

  const ephemeralBdms = blanks.filter((bdm) => bdm.guest_format !== 'swap');
  const ephemerals =
    ephemeralBdms.length > 0
      ? ephemeralBdms.map((bdm) => ({
          deviceName: bdm.device_name ?? nextDevice(),
          sizeGb: bdm.volume_size ?? flavor.ephemeralGb,
        }))
      : flavor.ephemeralGb > 0
        ? [{ deviceName: nextDevice(), sizeGb: flavor.ephemeralGb }]
        : [];
  // A swap mapping's volume_size is in MB, as Nova keeps it.
  const swapBdm = blanks.find((bdm) => bdm.guest_format === 'swap');
  const swap = swapBdm
    ? { deviceName: swapBdm.device_name ?? nextDevice(), sizeMb: swapBdm.volume_size ?? flavor.swapMb }
    : flavor.swapMb > 0
      ? { deviceName: nextDevice(), sizeMb: flavor.swapMb }
      : null;
  return { rootDeviceName, swap, ephemerals, volumes };
}

/** A resize or cold migration as the drivers see it. */
export function migrationSpecOf(
  migration: MigrationRow,
  oldFlavor: FlavorSpec,
  newFlavor: FlavorSpec,
): MigrationSpec {
  return {
    uuid: migration.uuid,
    sourceHost: migration.source_compute ?? '',
    destHost: migration.dest_compute ?? '',
    oldFlavor,
    newFlavor,
  };
}
