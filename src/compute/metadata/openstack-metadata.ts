import { guestHostname } from './guest-hostname.js';
import type { InstanceMetadataSource, MetadataDevice } from './metadata-source.js';
import {
  GRIZZLY,
  HAVANA,
  isAtLeast,
  LIBERTY,
  NEWTON_ONE,
  NEWTON_TWO,
  OPENSTACK_VERSIONS,
  ROCKY,
  VICTORIA,
} from './metadata-versions.js';

/** The files of an OpenStack version folder. */
export const META_DATA_JSON = 'meta_data.json';
export const USER_DATA = 'user_data';
export const PASSWORD = 'password';
export const VENDOR_DATA_JSON = 'vendor_data.json';
export const NETWORK_DATA_JSON = 'network_data.json';
export const VENDOR_DATA2_JSON = 'vendor_data2.json';

/** `random_seed` is 512 random bytes, base64. */
const RANDOM_SEED_BYTES = 512;

const since = (version: string, required: string) => isAtLeast(OPENSTACK_VERSIONS, version, required);

/** What `/openstack/<version>` lists (Nova's `_handle_version`): the files that version has. */
export function openstackVersionFiles(source: InstanceMetadataSource, version: string): string[] {
  const files = [META_DATA_JSON];
  if (source.userData !== null) files.push(USER_DATA);
  if (since(version, GRIZZLY)) files.push(PASSWORD);
  if (since(version, HAVANA)) files.push(VENDOR_DATA_JSON);
  if (since(version, LIBERTY)) files.push(NETWORK_DATA_JSON);
  if (since(version, NEWTON_TWO)) files.push(VENDOR_DATA2_JSON);
  return files;
}

/**
 * A tagged device as `devices` shows it (`_get_device_metadata`). Stratus does not know where on
 * the guest's buses the hypervisor put a device, so `bus` and `address` are `none`, as Nova
 * shows a device without bus information.
 */
function deviceOf(device: MetadataDevice, version: string): Record<string, unknown> {
  const where = { bus: 'none', address: 'none', tags: device.tags };
  if (device.type === 'disk') return { type: 'disk', serial: device.serial, ...where };
  return { ...(since(version, ROCKY) ? { vf_trusted: false } : {}), type: 'nic', mac: device.mac, ...where };
}

/**
 * `meta_data.json` for a (resolved) OpenStack version (Nova's `_metadata_as_json`), its keys in
 * Nova's order. `randomBytes` gives the `random_seed`, fresh on every answer.
 */
export function openstackMetaData(
  source: InstanceMetadataSource,
  version: string,
  randomBytes: (size: number) => Buffer,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { uuid: source.uuid };
  if (Object.keys(source.metadata).length > 0) metadata.meta = source.metadata;
  if (source.keyPair) {
    metadata.public_keys = { [source.keyPair.name]: source.keyPair.publicKey };
    metadata.keys = [
      { name: source.keyPair.name, type: source.keyPair.type, data: source.keyPair.publicKey },
    ];
  }
  metadata.hostname = guestHostname(source.hostname);
  metadata.name = source.displayName;
  metadata.launch_index = source.launchIndex;
  metadata.availability_zone = source.availabilityZone;
  if (since(version, GRIZZLY)) metadata.random_seed = randomBytes(RANDOM_SEED_BYTES).toString('base64');
  if (since(version, LIBERTY)) metadata.project_id = source.projectId;
  if (since(version, NEWTON_ONE))
    metadata.devices = source.devices.map((device) => deviceOf(device, version));
  // Stratus pins no guest CPUs to host CPUs, so no CPU is dedicated.
  if (since(version, VICTORIA)) metadata.dedicated_cpus = [];
  return metadata;
}

/**
 * `vendor_data.json` (Havana+) and `vendor_data2.json` (Newton+): what Nova's default providers
 * give without a vendor data file, the static provider's empty object (under `static` in the
 * second).
 */
export const VENDOR_DATA = {};
export const VENDOR_DATA2 = { static: {} };
