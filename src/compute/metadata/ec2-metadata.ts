import { guestHostname } from './guest-hostname.js';
import { ipVersionOf } from './ip-networks.js';
import { isAtLeast, resolveVersion, EC2_VERSIONS } from './metadata-versions.js';
import type { InstanceMetadataSource } from './metadata-source.js';

/** A node of the EC2 tree: a value, a list, or a folder (whose `_name` replaces its key in a listing). */
export type Ec2Node = string | number | null | Buffer | string[] | Ec2Folder;
export interface Ec2Folder {
  [key: string]: Ec2Node;
}

/** What Nova's block device mapping says of an instance whose root device is not known. */
const DEFAULT_BLOCK_DEVICE_MAPPING: Ec2Folder = {
  ami: 'sda1',
  ephemeral0: 'sda2',
  root: '/dev/sda1',
  swap: 'sda3',
};

/**
 * The EC2 image id of a Glance image. Nova numbers images in a mapping table (`ami-%08x` of its
 * row id); Stratus keeps no such table, so the number is the image uuid's first 32 bits: the same
 * image always has the same id, in the metadata service and on the config drive alike.
 */
const ec2ImageId = (imageId: string | null): string | null =>
  imageId ? `ami-${imageId.replace(/-/g, '').slice(0, 8).toLowerCase()}` : null;

/** `instance_block_mapping`, from what Stratus knows: the root device (volumes and ephemerals aside). */
function blockDeviceMappingOf(rootDeviceName: string | null): Ec2Folder {
  if (!rootDeviceName) return DEFAULT_BLOCK_DEVICE_MAPPING;
  return { ami: rootDeviceName.replace(/^\/dev\//, ''), root: rootDeviceName };
}

/**
 * Nova's `get_ec2_metadata`: `meta-data` (and `user-data` when there is some) for an EC2
 * version, or null for a version EC2 does not have. `address` is the caller's (X-Forwarded-For),
 * shown as `local-ipv4` when the instance has no fixed IPv4 address.
 */
export function ec2MetadataOf(
  source: InstanceMetadataSource,
  requestedVersion: string,
  address: string | null,
): Ec2Folder | null {
  const version = resolveVersion(EC2_VERSIONS, requestedVersion);
  if (version === null) return null;
  const since = (required: string) => isAtLeast(EC2_VERSIONS, version, required);
  const hostname = guestHostname(source.hostname);
  const fixedIpv4 = source.ports.flatMap((port) =>
    port.fixedIps.filter((ip) => ipVersionOf(ip.address) === 4).map((ip) => ip.address),
  );
  const floatingIps = source.ports.flatMap((port) => port.floatingIps);
  const metaData: Ec2Folder = {
    'ami-id': ec2ImageId(source.imageId),
    'ami-launch-index': source.launchIndex,
    'ami-manifest-path': 'FIXME',
    'instance-id': source.ec2InstanceId,
    hostname,
    'local-ipv4': fixedIpv4[0] ?? address,
    'reservation-id': source.reservationId,
    'security-groups': source.securityGroups,
  };
  if (source.keyPair) {
    // Listed as `0=<name>`, a folder holding `openssh-key`.
    metaData['public-keys'] = {
      '0': { _name: `0=${source.keyPair.name}`, 'openssh-key': source.keyPair.publicKey },
    };
  }
  if (since('2007-01-19')) {
    metaData['local-hostname'] = hostname;
    metaData['public-hostname'] = hostname;
    metaData['public-ipv4'] = floatingIps[0] ?? '';
  }
  if (since('2007-08-29')) metaData['instance-type'] = source.flavorName;
  if (since('2007-12-15')) metaData['block-device-mapping'] = blockDeviceMappingOf(source.rootDeviceName);
  if (since('2008-02-01')) metaData.placement = { 'availability-zone': source.availabilityZone };
  if (since('2008-09-01')) metaData['instance-action'] = 'none';
  const tree: Ec2Folder = { 'meta-data': metaData };
  if (source.userData !== null) tree['user-data'] = Buffer.from(source.userData, 'base64');
  return tree;
}

/** The node at `path` (Nova's `find_path_in_tree`), or undefined when there is none. */
export function ec2NodeAt(tree: Ec2Folder, path: readonly string[]): Ec2Node | undefined {
  let node: Ec2Node = tree;
  for (const token of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || Buffer.isBuffer(node)) {
      return undefined;
    }
    if (!Object.hasOwn(node, token)) return undefined;
    node = (node as Ec2Folder)[token];
  }
  return node;
}

/**
 * A node as the EC2 API prints it (Nova's `ec2_md_print`): a folder lists its keys in order,
 * sub-folders with a `/` (or their `_name`); a list one item per line; a value as Python's `str`.
 */
export function ec2Text(node: Ec2Node): string | Buffer {
  if (Buffer.isBuffer(node)) return node;
  if (Array.isArray(node)) return node.join('\n');
  if (node === null) return 'None';
  if (typeof node === 'object') {
    return Object.keys(node)
      .filter((key) => key !== '_name')
      .sort()
      .map((key) => {
        const child = node[key];
        if (child === null || typeof child !== 'object' || Array.isArray(child) || Buffer.isBuffer(child)) {
          return key;
        }
        return typeof child._name === 'string' ? child._name : `${key}/`;
      })
      .join('\n');
  }
  return String(node);
}
