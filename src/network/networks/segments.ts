import type { NetworkConfig } from '../../common/config/schema.js';
import { NeutronError, invalidInput } from '../errors.js';
import type { NetworkDb } from '../db/record-store.js';

/** A network's segment: Neutron's provider attributes. */
export interface Segment {
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
}

/** What the VXLAN header costs: the MTU of an overlay network is the physical one less this. */
const VXLAN_OVERHEAD = 50;

/** The MTU a network of this type gets, as ML2 computes it from the physical MTU. */
export function segmentMtu(config: NetworkConfig, segment: Segment): number {
  return segment.network_type === 'vxlan' ? config.physical_mtu - VXLAN_OVERHEAD : config.physical_mtu;
}

/**
 * Takes a segment for a new network, as ML2's type drivers do: given provider attributes are
 * checked and reserved (a flat physical network once, a segmentation id once per type), and a
 * project network gets the next free VNI of the configured range. Reservations are rows with a
 * unique key, so two concurrent creates can never take the same one.
 */
export async function allocateSegment(
  db: NetworkDb,
  config: NetworkConfig,
  networkId: string,
  asked: Partial<Segment>,
): Promise<Segment> {
  const type = asked.network_type ?? config.tenant_network_type;
  if (type === 'flat') {
    const physnet = asked.physical_network;
    if (!physnet) throw invalidInput('physical_network required for flat provider network');
    if (asked.segmentation_id !== undefined && asked.segmentation_id !== null) {
      throw invalidInput(`segmentation_id specified for flat provider network`);
    }
    if (!config.flat_networks.includes(physnet) && !config.flat_networks.includes('*')) {
      throw invalidInput(`physical_network '${physnet}' unknown for flat provider network`);
    }
    await reserve(db, 'flat', physnet, 0, networkId, () => {
      return new NeutronError(
        409,
        'FlatNetworkInUse',
        `Unable to create the flat network. Physical network ${physnet} is in use.`,
      );
    });
    return { network_type: 'flat', physical_network: physnet, segmentation_id: null };
  }
  if (type === 'local') return { network_type: 'local', physical_network: null, segmentation_id: null };
  if (type === 'vlan') {
    const physnet = asked.physical_network ?? config.flat_networks[0] ?? 'physnet1';
    const vlan = asked.segmentation_id;
    if (vlan === undefined || vlan === null)
      throw invalidInput('segmentation_id required for VLAN provider network');
    if (vlan < 1 || vlan > 4094) {
      throw invalidInput(`segmentation_id out of range (1 through 4094)`);
    }
    await reserve(db, 'vlan', physnet, vlan, networkId, () => vlanInUse(vlan, physnet));
    return { network_type: 'vlan', physical_network: physnet, segmentation_id: vlan };
  }
  if (type !== 'vxlan') throw invalidInput(`network_type value '${type}' not supported`);
  if (asked.physical_network) throw invalidInput('provider:physical_network specified for VXLAN network');
  if (asked.segmentation_id !== undefined && asked.segmentation_id !== null) {
    const vni = asked.segmentation_id;
    await reserve(db, 'vxlan', '', vni, networkId, () => tunnelInUse(vni));
    return { network_type: 'vxlan', physical_network: null, segmentation_id: vni };
  }
  const taken = new Set(
    (
      await db
        .selectFrom('segment_allocations')
        .select('segmentation_id')
        .where('network_type', '=', 'vxlan')
        .execute()
    ).map((row) => row.segmentation_id),
  );
  for (let vni = config.vni_ranges.min; vni <= config.vni_ranges.max; vni++) {
    if (taken.has(vni)) continue;
    // Another create may take it between the read and here: then the next free one.
    if (await tryReserve(db, 'vxlan', '', vni, networkId)) {
      return { network_type: 'vxlan', physical_network: null, segmentation_id: vni };
    }
  }
  throw new NeutronError(
    503,
    'NoNetworkAvailable',
    'Unable to create the network. No tenant network is available for allocation.',
  );
}

function vlanInUse(vlan: number, physnet: string): NeutronError {
  return new NeutronError(
    409,
    'VlanIdInUse',
    `Unable to create the network. The VLAN ${vlan} on physical network ${physnet} is in use.`,
  );
}

function tunnelInUse(vni: number): NeutronError {
  return new NeutronError(
    409,
    'TunnelIdInUse',
    `Unable to create the network. The tunnel ID ${vni} is in use.`,
  );
}

/** Takes a segment unless it is taken (the primary key decides, also between concurrent creates). */
async function tryReserve(
  db: NetworkDb,
  type: string,
  physnet: string,
  id: number,
  networkId: string,
): Promise<boolean> {
  const result = await db
    .insertInto('segment_allocations')
    .values({ network_type: type, physical_network: physnet, segmentation_id: id, network_id: networkId })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function reserve(
  db: NetworkDb,
  type: string,
  physnet: string,
  id: number,
  networkId: string,
  inUse: () => NeutronError,
): Promise<void> {
  if (!(await tryReserve(db, type, physnet, id, networkId))) throw inUse();
}

/** Gives back the segment of a deleted network. */
export async function releaseSegment(db: NetworkDb, networkId: string): Promise<void> {
  await db.deleteFrom('segment_allocations').where('network_id', '=', networkId).execute();
}
