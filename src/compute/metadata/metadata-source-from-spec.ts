import type { InstanceSpec, VifSpec } from '../virt/types.js';
import type { InstanceMetadataSource, MetadataKeyPair } from './metadata-source.js';

/** An x509 key pair's public key is its certificate; anything else is an SSH key. */
const keyTypeOf = (publicKey: string): string =>
  publicKey.trimStart().startsWith('-----BEGIN CERTIFICATE-----') ? 'x509' : 'ssh';

function keyPairOf(spec: InstanceSpec): MetadataKeyPair | null {
  if (!spec.keyName || !spec.keyData) return null;
  return { name: spec.keyName, type: keyTypeOf(spec.keyData), publicKey: spec.keyData };
}

/**
 * The metadata of an instance from what its virt driver is given, for the config drive. The
 * spec lacks some of what the metadata service reads from the database, which the drive then
 * shows as Nova would for an instance without it: the server's name is its host name, the launch
 * index 0, the reservation id, root device, security groups and floating IPs unknown. The VIFs
 * name their subnets but do not describe them, so `network_data.json` leaves every address to
 * DHCP.
 *
 * The EC2 instance id is `i-%08x` of the instance's integer id, the number the hypervisor-side
 * name `instance-%08x` carries (as the metadata service makes it from the database row).
 */
export function metadataSourceFromSpec(spec: InstanceSpec, networkInfo: VifSpec[]): InstanceMetadataSource {
  return {
    uuid: spec.uuid,
    ec2InstanceId: spec.name.replace(/^instance-/, 'i-'),
    imageId: spec.image?.id ?? null,
    hostname: spec.hostname,
    displayName: spec.hostname,
    projectId: spec.projectId,
    availabilityZone: spec.availabilityZone,
    launchIndex: 0,
    reservationId: null,
    flavorName: spec.flavor.name,
    rootDeviceName: null,
    metadata: spec.metadata,
    keyPair: keyPairOf(spec),
    userData: spec.userData,
    ports: networkInfo.map((vif) => ({
      id: vif.id,
      macAddress: vif.macAddress,
      networkId: vif.networkId,
      mtu: vif.mtu,
      vifType: vif.type,
      devName: vif.devName,
      fixedIps: vif.fixedIps.map((ip) => ({ address: ip.ipAddress, subnetId: ip.subnetId, subnet: null })),
      floatingIps: [],
    })),
    securityGroups: [],
    devices: networkInfo.flatMap((vif) =>
      vif.tag ? [{ type: 'nic' as const, mac: vif.macAddress, tags: [vif.tag] }] : [],
    ),
    password: null,
  };
}
