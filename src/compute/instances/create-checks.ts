import type { Image } from '../../common/clients/image-client.js';
import { BadRequest, Forbidden } from '../../common/http/errors.js';
import { AggregatesRepo } from '../aggregates/aggregates-repo.js';
import { DEFAULT_ZONE, hostZones, zonesByState } from '../aggregates/availability-zones.js';
import type { ComputeDeps } from '../deps.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import { ServiceRegistry } from '../services/service-registry.js';
import type { FlavorSpec, ImageMeta } from '../virt/types.js';
import type { BlockDeviceRequest } from './block-device-requests.js';

/**
 * The checks the compute API makes on a create (and partly on a rebuild) before it provisions:
 * image and flavor agree, metadata and personality within quota, the zone and hosts asked for
 * exist, and the networks asked for (a seam until there is a network service).
 */

/** Glance's own image fields; everything else is a property (Nova's `_extract_attributes_v2`). */
const IMAGE_BASE_FIELDS = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'protected',
  'os_hidden',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'owner',
  'size',
  'virtual_size',
  'container_format',
  'disk_format',
  'created_at',
  'updated_at',
  'tags',
  'direct_url',
  'locations',
  'min_ram',
  'min_disk',
  'self',
  'file',
  'schema',
  'stores',
]);
/** Image properties too large for system metadata (`SM_SKIP_KEYS`). */
const SKIPPED_PROPERTIES = new Set([
  'mappings',
  'block_device_mapping',
  'img_mappings',
  'img_block_device_mapping',
]);
const GIB = 1024 ** 3;

const pythonStr = (value: unknown) =>
  value === true
    ? 'True'
    : value === false
      ? 'False'
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);

/** An image's properties as strings. */
export function imageProperties(image: Image): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(image)) {
    if (!IMAGE_BASE_FIELDS.has(key) && value !== null && value !== undefined)
      properties[key] = pythonStr(value);
  }
  return properties;
}

/** What the scheduler and the agents read of the image. */
export function imageMetaOf(image: Image): ImageMeta {
  return {
    id: image.id,
    ...(image.name === null ? {} : { name: image.name }),
    ...(image.disk_format === null ? {} : { diskFormat: image.disk_format }),
    ...(image.container_format === null ? {} : { containerFormat: image.container_format }),
    minDiskGb: image.min_disk ?? 0,
    minRamMb: image.min_ram ?? 0,
    ...(image.size === null ? {} : { sizeBytes: image.size }),
    properties: imageProperties(image),
  };
}

/** `get_system_metadata_from_image`: `image_<property>`, the inheritable fields, the base image. */
export function systemMetadataFromImage(image: Image | null, flavor: FlavorSpec, imageRef: string) {
  const system: Record<string, string> = {};
  if (image) {
    for (const [key, value] of Object.entries(imageProperties(image))) {
      if (!SKIPPED_PROPERTIES.has(key)) system[`image_${key}`] = value.slice(0, 255);
    }
    const minDisk =
      image.disk_format === 'vhd' ? flavor.rootGb : Math.max(image.min_disk ?? 0, flavor.rootGb);
    const inherited: Record<string, unknown> = {
      min_ram: image.min_ram,
      min_disk: minDisk,
      disk_format: image.disk_format,
      container_format: image.container_format,
    };
    for (const [key, value] of Object.entries(inherited)) {
      if (value !== null && value !== undefined) system[`image_${key}`] = String(value);
    }
  }
  system.image_base_image_ref ??= imageRef;
  return system;
}

/**
 * `_validate_flavor_image`: the image is active, its config drive option known, and the
 * flavor's memory and root disk (or the root volume) big enough; a flavor without a root disk
 * boots only volumes unless the caller may `create:zero_disk_flavor`.
 */
export function checkFlavorImage(
  image: Image | null,
  imageId: string,
  flavor: FlavorSpec,
  root: BlockDeviceRequest | null,
  mayUseZeroDisk: () => boolean,
): void {
  if (!image) return;
  if (image.status !== 'active') throw new BadRequest(`Image ${imageId} is not active.`);
  const properties = imageProperties(image);
  if (properties.cinder_encryption_key_id && imageId) {
    throw new BadRequest(
      `Image ${imageId} is unacceptable: Direct booting of an image uploaded from an encrypted volume is unsupported.`,
    );
  }
  const configDrive = properties.img_config_drive ?? 'optional';
  if (!['optional', 'mandatory'].includes(configDrive)) {
    throw new BadRequest(`Image's config drive option '${configDrive}' is invalid`);
  }
  if (flavor.memoryMb < (image.min_ram || 0))
    throw new BadRequest("Flavor's memory is too small for requested image.");
  const minDisk = (image.min_disk || 0) * GIB;
  const size = image.size || 0;
  if (root?.destinationType === 'volume') {
    if (root.volumeSize !== null && minDisk > root.volumeSize * GIB) {
      throw new BadRequest(
        `Volume is smaller than the minimum size specified in image metadata. Volume size is ${root.volumeSize * GIB} bytes, minimum size is ${minDisk} bytes.`,
      );
    }
    return;
  }
  const rootSize = flavor.rootGb * GIB;
  if (rootSize === 0) {
    if (!mayUseZeroDisk())
      throw new Forbidden('Only volume-backed servers are allowed for flavors with zero disk.');
    return;
  }
  if (size > rootSize) {
    throw new BadRequest(
      `Flavor's disk is too small for requested image. Flavor disk is ${rootSize} bytes, image is ${size} bytes.`,
    );
  }
  if (minDisk > rootSize) {
    throw new BadRequest(
      `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${rootSize} bytes, minimum size is ${minDisk} bytes.`,
    );
  }
}

/** `_check_metadata_properties_quota`: at most `metadata_items` entries (403). */
export async function checkMetadataQuota(
  deps: ComputeDeps,
  projectId: string,
  userId: string,
  metadata: Record<string, string>,
): Promise<void> {
  const count = Object.keys(metadata).length;
  if (count === 0) return;
  const { metadata_items: allowed } = await computeQuotas(deps).userQuotas(projectId, userId);
  if (allowed >= 0 && count > allowed)
    throw new Forbidden(`Maximum number of metadata items exceeds ${allowed}`);
}

/** `_check_injected_file_quota`: the deprecated personality files (before 2.57). */
export async function checkInjectedFiles(
  deps: ComputeDeps,
  projectId: string,
  userId: string,
  files: { path: string; contents: Buffer }[],
): Promise<void> {
  if (files.length === 0) return;
  const quotas = await computeQuotas(deps).userQuotas(projectId, userId);
  const within = (limit: number, value: number) => limit < 0 || value <= limit;
  if (!within(quotas.injected_files, files.length)) throw new Forbidden('Personality file limit exceeded');
  const longestPath = Math.max(...files.map((file) => file.path.length));
  const largest = Math.max(...files.map((file) => file.contents.length));
  if (!within(quotas.injected_file_path_bytes, longestPath)) {
    throw new Forbidden(`Personality file path exceeds maximum ${quotas.injected_file_path_bytes}`);
  }
  if (!within(quotas.injected_file_content_bytes, largest)) {
    throw new Forbidden(`Personality file content exceeds maximum ${quotas.injected_file_content_bytes}`);
  }
}

/** `parse_availability_zone`: `zone`, `zone:host`, `zone:host:node` or `zone::node`. */
export function parseAvailabilityZone(value: string | undefined) {
  let zone: string | null = value ?? null;
  let host: string | null = null;
  let node: string | null = null;
  if (value && value.includes(':')) {
    const parts = value.split(':');
    if (parts.length === 2) [zone, host] = parts;
    else if (parts.length === 3 && value.includes('::')) [zone, , node] = parts;
    else if (parts.length === 3) [zone, host, node] = parts;
    else throw new BadRequest('Invalid input received: Unable to parse availability_zone');
  }
  return { zone: zone || null, host: host || null, node: node || null };
}

/**
 * `_validate_host_availability_zone`: the zone asked for with a forced host, or none when the
 * host is not in it (the host's own zone then applies).
 */
export async function zoneForForcedHost(deps: ComputeDeps, zone: string | null, host: string | null) {
  if (!host) return zone;
  const aggregates = await new AggregatesRepo(deps.db).ofHost(host);
  const hostZone = hostZones(aggregates).get(host) ?? null;
  if (aggregates.length === 0) return zone === DEFAULT_ZONE ? zone : null;
  if (zone === hostZone || (zone === DEFAULT_ZONE && hostZone === null)) return zone;
  return null;
}

/** The zone asked for must hold an enabled service (400 otherwise). */
export async function checkZoneAvailable(deps: ComputeDeps, zone: string): Promise<void> {
  const services = await new ServiceRegistry(deps.db).list();
  const zones = hostZones(await new AggregatesRepo(deps.db).list());
  if (!zonesByState(services, zones).available.includes(zone)) {
    throw new BadRequest('The requested availability zone is not available');
  }
}

/** `_validate_host_or_node` (2.74): the host and/or node asked for must be a compute node. */
export async function checkRequestedDestination(deps: ComputeDeps, host: string | null, node: string | null) {
  const notFound = (name: string) => new BadRequest(`Compute host ${name} could not be found.`);
  if (host) {
    const service = await new ServiceRegistry(deps.db).find(host, 'nova-compute');
    if (!service) throw notFound(host);
    if (node) {
      const found = await deps.db
        .selectFrom('compute_nodes')
        .select('id')
        .where('host', '=', host)
        .where('hypervisor_hostname', '=', node)
        .executeTakeFirst();
      if (!found) throw notFound(node);
    }
  } else if (node) {
    if (!(await deps.placement.getProviderByName(node))) throw notFound(node);
  }
}
