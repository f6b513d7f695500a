import { BadRequest } from '../../common/http/errors.js';
import { boolFromString } from '../python-values.js';
import type { FlavorSpec } from '../virt/types.js';

/**
 * Block device mappings as a create request asks for them (nova/block_device.py and the compute
 * API's `_check_and_transform_bdm` / `_validate_bdm`): the API's v2 dicts and legacy ones made
 * into one shape, the image and flavor disks added, and the whole checked as Nova checks it.
 */
export interface BlockDeviceRequest {
  sourceType: string | null;
  destinationType: string | null;
  deviceName: string | null;
  bootIndex: number | null;
  imageId: string | null;
  volumeId: string | null;
  snapshotId: string | null;
  volumeSize: number | null;
  volumeType: string | null;
  deleteOnTermination: boolean;
  guestFormat: string | null;
  diskBus: string | null;
  deviceType: string | null;
  tag: string | null;
  noDevice: boolean;
}

/** `[DEFAULT] max_local_block_devices`. */
const MAX_LOCAL_BLOCK_DEVICES = 3;
/** `DiskBus.ALL`. */
const DISK_BUSES = ['fdc', 'ide', 'sata', 'scsi', 'usb', 'virtio', 'xen', 'lxc', 'uml'];

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const invalidFormat = (details: string) => new BadRequest(`Block Device Mapping is Invalid: ${details}`);
const invalid = (message = 'Block Device Mapping is Invalid.') => new BadRequest(message);

/** `strip_dev` / `prepend_dev`. */
export const stripDev = (name: string | null) => (name ? name.replace(/^\/dev\//, '') : name);
const prependDev = (name: string | null) => (name ? `/dev/${stripDev(name)}` : name);

type ApiBdm = Record<string, unknown>;

const text = (value: unknown) => (value === undefined || value === null ? null : String(value));

/** `BlockDeviceDict(...)` with its `_validate`: field checks, device name, size, boot index. */
function blockDevice(fields: ApiBdm): BlockDeviceRequest {
  const noDevice = Boolean(fields.no_device);
  if (!noDevice && !fields.source_type) throw invalidFormat('Some required fields are missing');
  const deviceName = text(fields.device_name);
  if (!noDevice && deviceName !== null) {
    if (deviceName.length < 1 || deviceName.length > 255)
      throw invalidFormat('Device name empty or too long.');
    if (deviceName.includes(' ')) throw invalidFormat('Device name contains spaces.');
  }
  let bootIndex: number | null = null;
  if (fields.boot_index !== undefined && fields.boot_index !== null && fields.boot_index !== '') {
    bootIndex = Number(fields.boot_index);
    if (!Number.isInteger(bootIndex)) throw invalidFormat('Boot index is invalid.');
  }
  const size = fields.volume_size;
  return {
    sourceType: text(fields.source_type),
    destinationType: text(fields.destination_type),
    deviceName: prependDev(deviceName),
    bootIndex,
    imageId: text(fields.image_id),
    volumeId: text(fields.volume_id),
    snapshotId: text(fields.snapshot_id),
    volumeSize: size === undefined || size === null || size === '' ? null : Number(size),
    volumeType: text(fields.volume_type),
    deleteOnTermination: boolFromString(fields.delete_on_termination ?? false) ?? false,
    guestFormat: text(fields.guest_format),
    diskBus: text(fields.disk_bus),
    deviceType: text(fields.device_type),
    tag: text(fields.tag),
    noDevice,
  };
}

/** `BlockDeviceDict.from_api`: a `block_device_mapping_v2` entry. */
export function fromApi(entry: ApiBdm, imageUuidSpecified: boolean): BlockDeviceRequest {
  const fields = { ...entry };
  if (!fields.no_device) {
    const sourceType = fields.source_type as string | undefined;
    const deviceUuid = fields.uuid as string | undefined;
    if (sourceType === 'blank' && deviceUuid) throw invalidFormat('Invalid device UUID.');
    if (sourceType !== 'blank') {
      if (!deviceUuid) throw invalidFormat('Missing device UUID.');
      fields[`${sourceType}_id`] = deviceUuid;
    }
    if (sourceType === 'image' && fields.destination_type === 'local') {
      const bootIndex =
        fields.boot_index === undefined || fields.boot_index === null ? -1 : Number(fields.boot_index);
      // Only the mapping of `imageRef` itself may put an image on a local disk.
      if (!(imageUuidSpecified && bootIndex === 0))
        throw invalidFormat('Mapping image to local is not supported.');
    }
    if (fields.destination_type === 'local' && fields.volume_type) {
      throw invalidFormat('Specifying a volume_type with destination_type=local is not supported.');
    }
    if (sourceType === 'volume' && fields.volume_type) {
      throw invalidFormat('Specifying volume type to existing volume is not supported.');
    }
  }
  delete fields.uuid;
  return blockDevice(fields);
}

/** `create_image_bdm`: the root disk of an image-backed server. */
export function imageBdm(imageId: string): BlockDeviceRequest {
  return {
    ...blockDevice({ source_type: 'image' }),
    imageId,
    deleteOnTermination: true,
    bootIndex: 0,
    deviceType: 'disk',
    destinationType: 'local',
  };
}

/** `create_blank_bdm`: an ephemeral or swap disk of the flavor. */
function blankBdm(size: number, guestFormat: string | null): BlockDeviceRequest {
  return {
    ...blockDevice({ source_type: 'blank' }),
    deleteOnTermination: true,
    deviceType: 'disk',
    bootIndex: -1,
    destinationType: 'local',
    guestFormat,
    volumeSize: size,
  };
}

/** `from_legacy_mapping`: legacy entries, with the image's root disk unless a volume is the root. */
export function fromLegacy(
  entries: ApiBdm[],
  imageId: string,
  rootDeviceName: string | null,
): BlockDeviceRequest[] {
  const bdms = entries.map((entry) => {
    const virtualName = text(entry.virtual_name);
    const fields: ApiBdm = {};
    for (const key of [
      'device_name',
      'delete_on_termination',
      'snapshot_id',
      'volume_id',
      'volume_size',
      'no_device',
    ]) {
      if (key in entry) fields[key] = entry[key];
    }
    if (virtualName === 'swap' || (virtualName !== null && /^ephemeral(\d|[1-9]\d+)$/.test(virtualName))) {
      Object.assign(fields, {
        source_type: 'blank',
        delete_on_termination: true,
        destination_type: 'local',
        guest_format: virtualName === 'swap' ? 'swap' : null,
      });
    } else if (entry.snapshot_id) {
      Object.assign(fields, { source_type: 'snapshot', destination_type: 'volume' });
    } else if (entry.volume_id) {
      Object.assign(fields, { source_type: 'volume', destination_type: 'volume' });
    } else if (!entry.no_device) {
      throw invalidFormat('Unrecognized legacy format.');
    }
    return blockDevice(fields);
  });
  if (!rootDeviceName && !imageId) {
    const nonBlank = bdms.find((bdm) => bdm.sourceType !== 'blank');
    if (nonBlank) nonBlank.bootIndex = 0;
    return bdms;
  }
  let volumeBacked = false;
  for (const bdm of bdms) {
    if (
      ['volume', 'snapshot', 'image'].includes(bdm.sourceType ?? '') &&
      rootDeviceName !== null &&
      stripDev(bdm.deviceName) === stripDev(rootDeviceName)
    ) {
      bdm.bootIndex = 0;
      volumeBacked = true;
    } else {
      bdm.bootIndex = bdm.noDevice ? null : -1;
    }
  }
  return !volumeBacked && imageId ? [imageBdm(imageId), ...bdms] : bdms;
}

const isSwap = (bdm: BlockDeviceRequest) =>
  bdm.sourceType === 'blank' && bdm.destinationType === 'local' && bdm.guestFormat === 'swap';
const isEphemeral = (bdm: BlockDeviceRequest) =>
  bdm.sourceType === 'blank' && bdm.destinationType === 'local' && bdm.guestFormat !== 'swap';

/** `get_root_bdm`: the one with boot index 0. */
export const rootBdm = (bdms: BlockDeviceRequest[]) => bdms.find((bdm) => bdm.bootIndex === 0) ?? null;

/**
 * `_check_and_transform_bdm`: no volume on the root device name of an image-backed server, no
 * volumes for several servers, and the flavor's ephemeral and swap disks unless asked for.
 */
export function completeBdms(
  bdms: BlockDeviceRequest[],
  options: { imageRef: string; rootDeviceName: string | null; flavor: FlavorSpec; multiple: boolean },
): BlockDeviceRequest[] {
  const root = stripDev(options.rootDeviceName) ?? 'vda';
  if (options.imageRef) {
    for (const bdm of bdms) {
      if (bdm.destinationType === 'volume' && stripDev(bdm.deviceName) === root) {
        throw invalid(`The volume cannot be assigned the same device name as the root device ${root}`);
      }
    }
  }
  if (options.multiple && bdms.some((bdm) => bdm.sourceType === 'volume')) {
    throw invalid('Cannot attach one or more volumes to multiple instances');
  }
  const all = [...bdms];
  if (options.flavor.ephemeralGb && !bdms.some(isEphemeral))
    all.push(blankBdm(options.flavor.ephemeralGb, null));
  if (options.flavor.swapMb && !bdms.some(isSwap)) all.push(blankBdm(options.flavor.swapMb, 'swap'));
  return all;
}

/** `_volume_size`: blank local disks take the flavor's sizes unless given. */
export function sizedBdm(bdm: BlockDeviceRequest, flavor: FlavorSpec): BlockDeviceRequest {
  if (bdm.volumeSize !== null || bdm.sourceType !== 'blank' || bdm.destinationType !== 'local') return bdm;
  return { ...bdm, volumeSize: bdm.guestFormat === 'swap' ? flavor.swapMb : flavor.ephemeralGb };
}

/**
 * `_validate_bdm` (what needs no volume service): a boot sequence 0, 1, 2...; images that exist;
 * sizes for new volumes; known disk buses; ephemeral, swap and local disk limits.
 */
export function validateBdms(
  bdms: BlockDeviceRequest[],
  flavor: FlavorSpec,
  imageExists: (imageId: string) => boolean,
): void {
  const bootIndexes = bdms
    .map((bdm) => bdm.bootIndex)
    .filter((index): index is number => index !== null && index >= 0)
    .sort((a, b) => a - b);
  if (bootIndexes.length === 0 || bootIndexes.some((index, i) => index !== i)) {
    throw invalidFormat(
      'Boot sequence for the instance and image/block device mapping combination is not valid.',
    );
  }
  for (const bdm of bdms) {
    // No block storage service yet: a volume or snapshot id that cannot be one is not found.
    for (const [kind, id] of [
      ['volume', bdm.volumeId],
      ['snapshot', bdm.snapshotId],
    ] as const) {
      if (id !== null && !UUID.test(id)) throw invalidFormat(`failed to get ${kind} ${id}.`);
    }
    if (bdm.imageId !== null) {
      if (!imageExists(bdm.imageId)) throw invalidFormat(`failed to get image ${bdm.imageId}.`);
      if (bdm.sourceType === 'image' && bdm.destinationType === 'volume' && !bdm.volumeSize) {
        throw invalid("Images with destination_type 'volume' need to have a non-zero size specified");
      }
    } else if (
      bdm.volumeId === null &&
      bdm.snapshotId === null &&
      bdm.sourceType === 'blank' &&
      bdm.destinationType === 'volume' &&
      !bdm.volumeSize
    ) {
      throw invalid("Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size");
    }
    // Nova's message template has a typo (msg_fmr), so it shows the class's generic one.
    if (bdm.diskBus && !DISK_BUSES.includes(bdm.diskBus)) throw invalid();
  }
  const ephemeral = bdms
    .filter(isEphemeral)
    .reduce((sum, bdm) => sum + (bdm.volumeSize || flavor.ephemeralGb), 0);
  if (ephemeral > flavor.ephemeralGb) {
    throw invalid(
      'Ephemeral disks requested are larger than the instance type allows. If no size is given in one block device mapping, flavor ephemeral size will be used.',
    );
  }
  const swaps = bdms.filter(isSwap);
  if (swaps.length > 1) throw invalidFormat('More than one swap drive requested.');
  if (swaps.length === 1 && (swaps[0].volumeSize ?? 0) > flavor.swapMb) {
    throw invalid('Swap drive requested is larger than instance type allows.');
  }
  if (bdms.filter((bdm) => bdm.destinationType === 'local').length > MAX_LOCAL_BLOCK_DEVICES) {
    throw invalidFormat('You specified more local devices than the limit allows');
  }
}
