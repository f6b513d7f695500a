import type { Kysely } from 'kysely';
import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronSubnet } from '../../common/clients/network-types.js';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeSchema, InstanceVif } from '../db/schema.js';
import {
  flavorOf,
  networkInfoOf,
  securityGroupsOf,
  systemMetadataOf,
  type InstanceRow,
} from '../instances/instance-repo.js';
import { getKeyPair } from '../keypairs/keypairs-repo.js';
import { buildNetworkInfo } from '../networking/network-info.js';
import {
  ec2InstanceId,
  type InstanceMetadataSource,
  type MetadataDevice,
  type MetadataKeyPair,
  type MetadataPort,
  type MetadataSubnet,
} from './metadata-source.js';
import { passwordOf } from './password.js';

/** The instance's key pair: the public key it was booted with, and its type from the user's key pairs. */
async function keyPairOf(db: Kysely<ComputeSchema>, row: InstanceRow): Promise<MetadataKeyPair | null> {
  if (!row.key_name) return null;
  const stored = await getKeyPair(db, row.user_id, row.key_name).catch((error: unknown) => {
    if (error instanceof NotFound) return null;
    throw error;
  });
  const publicKey = row.key_data ?? stored?.public_key;
  return publicKey ? { name: row.key_name, type: stored?.type ?? 'ssh', publicKey } : null;
}

const subnetOf = (subnet: NeutronSubnet): MetadataSubnet => ({
  cidr: subnet.cidr,
  gatewayIp: subnet.gateway_ip,
  dnsNameservers: subnet.dns_nameservers ?? [],
  hostRoutes: (subnet.host_routes as MetadataSubnet['hostRoutes'] | undefined) ?? [],
  enableDhcp: subnet.enable_dhcp,
  ipv6AddressMode: (subnet.ipv6_address_mode as string | null | undefined) ?? null,
});

function portOf(vif: InstanceVif, subnets: ReadonlyMap<string, MetadataSubnet>): MetadataPort {
  return {
    id: vif.portId,
    macAddress: vif.macAddress,
    networkId: vif.networkId,
    mtu: vif.mtu ?? null,
    vifType: vif.vifType ?? 'unbound',
    devName: vif.devName ?? null,
    fixedIps: vif.ips
      .filter((ip) => ip.type === 'fixed')
      .map((ip) => ({
        address: ip.address,
        subnetId: ip.subnetId ?? '',
        subnet: subnets.get(ip.subnetId ?? '') ?? null,
      })),
    floatingIps: vif.ips.filter((ip) => ip.type === 'floating').map((ip) => ip.address),
  };
}

/**
 * The instance's ports and security groups: from the network service (ports, floating IPs and the
 * subnets that configure the guest) when there is one; else the network info cached on the
 * instance, whose subnets are not described (so the guest is left to DHCP).
 */
async function networkOf(
  network: NetworkClient | undefined,
  row: InstanceRow,
): Promise<{ vifs: InstanceVif[]; ports: MetadataPort[]; securityGroups: string[] }> {
  if (!network) {
    const vifs = networkInfoOf(row);
    return { vifs, ports: vifs.map((vif) => portOf(vif, new Map())), securityGroups: securityGroupsOf(row) };
  }
  const { networkInfo: vifs, securityGroupNames } = await buildNetworkInfo(network, row.uuid, {
    previous: networkInfoOf(row),
  });
  const subnetIds = [
    ...new Set(vifs.flatMap((vif) => vif.ips.flatMap((ip) => (ip.subnetId ? [ip.subnetId] : [])))),
  ];
  const subnets = subnetIds.length > 0 ? await network.listSubnets({ id: subnetIds }) : [];
  const byId = new Map(subnets.map((subnet) => [subnet.id, subnetOf(subnet)]));
  return { vifs, ports: vifs.map((vif) => portOf(vif, byId)), securityGroups: securityGroupNames };
}

/** Tagged NICs (by MAC) and tagged volumes (by volume id, their serial in the guest). */
async function devicesOf(
  db: Kysely<ComputeSchema>,
  uuid: string,
  vifs: readonly InstanceVif[],
): Promise<MetadataDevice[]> {
  const nics: MetadataDevice[] = vifs.flatMap((vif) =>
    vif.tag ? [{ type: 'nic' as const, mac: vif.macAddress, tags: [vif.tag] }] : [],
  );
  const volumes = await db
    .selectFrom('block_device_mappings')
    .select(['volume_id', 'tag'])
    .where('instance_uuid', '=', uuid)
    .where('destination_type', '=', 'volume')
    .where('tag', 'is not', null)
    .orderBy('id')
    .execute();
  const disks: MetadataDevice[] = volumes.flatMap((bdm) =>
    bdm.volume_id && bdm.tag ? [{ type: 'disk' as const, serial: bdm.volume_id, tags: [bdm.tag] }] : [],
  );
  return [...nics, ...disks];
}

/** The metadata of a live instance from the compute database and the network service. */
export async function storedMetadataSource(
  db: Kysely<ComputeSchema>,
  network: NetworkClient | undefined,
  row: InstanceRow,
): Promise<InstanceMetadataSource> {
  const metadataRows = await db
    .selectFrom('instance_metadata')
    .select(['key', 'value'])
    .where('instance_uuid', '=', row.uuid)
    .execute();
  const { vifs, ports, securityGroups } = await networkOf(network, row);
  return {
    uuid: row.uuid,
    ec2InstanceId: ec2InstanceId(row.id),
    imageId: row.image_ref || null,
    hostname: row.hostname,
    displayName: row.display_name,
    projectId: row.project_id,
    availabilityZone: row.availability_zone,
    launchIndex: row.launch_index,
    reservationId: row.reservation_id,
    flavorName: flavorOf(row).name,
    rootDeviceName: row.root_device_name,
    metadata: Object.fromEntries(metadataRows.map(({ key, value }) => [key, value])),
    keyPair: await keyPairOf(db, row),
    userData: row.user_data,
    ports,
    securityGroups,
    devices: await devicesOf(db, row.uuid, vifs),
    password: passwordOf(systemMetadataOf(row)),
  };
}
