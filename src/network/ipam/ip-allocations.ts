import type { NetworkDb } from '../db/record-store.js';
import { conflict } from '../errors.js';
import { nextFreeAddress, poolRanges, type PoolBody } from './address-pools.js';
import { formatIp, parseIp } from './ip-address.js';

/** An address held by a port on a subnet, as a port's `fixed_ips` lists it. */
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

/** What allocation needs of a subnet. */
export interface AllocationSubnet {
  id: string;
  network_id: string;
  allocation_pools: PoolBody[];
}

/**
 * Records one address for a port. The table's primary key (subnet_id, ip_address) decides
 * between concurrent requests: the insert does nothing when the address is already held (on
 * PostgreSQL it first waits for the transaction that holds it to end), and reports whether
 * this request got it. Without an exception the caller's transaction stays usable.
 */
async function claim(trx: NetworkDb, subnet: AllocationSubnet, ip: string, portId: string): Promise<boolean> {
  const result = await trx
    .insertInto('ip_allocations')
    .values({ subnet_id: subnet.id, ip_address: ip, network_id: subnet.network_id, port_id: portId })
    .onConflict((onConflict) => onConflict.columns(['subnet_id', 'ip_address']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** neutron's ipam IpAddressAlreadyAllocated. */
export function ipAddressAlreadyAllocated(subnetId: string, ip: string) {
  return conflict('IpAddressAlreadyAllocated', `IP address ${ip} already allocated in subnet ${subnetId}`);
}

/** Gives the port this very address on the subnet; refused when someone holds it. */
export async function allocateSpecificAddress(
  trx: NetworkDb,
  subnet: AllocationSubnet,
  ip: string,
  portId: string,
): Promise<FixedIp> {
  if (!(await claim(trx, subnet, ip, portId))) throw ipAddressAlreadyAllocated(subnet.id, ip);
  return { subnet_id: subnet.id, ip_address: ip };
}

/**
 * Gives the port the next free address of the first subnet that has one (neutron's
 * IpamSubnetGroup tries the subnets in turn). Free means in a pool and not in the table; when
 * another request takes the chosen one first, the next is tried. Null when every subnet is full.
 */
export async function allocateNextAddress(
  trx: NetworkDb,
  subnets: AllocationSubnet[],
  portId: string,
): Promise<FixedIp | null> {
  for (const subnet of subnets) {
    const pools = poolRanges(subnet.allocation_pools);
    if (pools.length === 0) continue;
    const rows = await trx
      .selectFrom('ip_allocations')
      .select('ip_address')
      .where('subnet_id', '=', subnet.id)
      .execute();
    const taken = new Set(rows.map((row) => parseIp(row.ip_address)?.value ?? -1n));
    for (;;) {
      const value = nextFreeAddress(pools, taken);
      if (value === null) break;
      const ip = formatIp(pools[0].version, value);
      if (await claim(trx, subnet, ip, portId)) return { subnet_id: subnet.id, ip_address: ip };
      taken.add(value);
    }
  }
  return null;
}

/** Gives back addresses of a port (all of them when `only` is not given). */
export async function releaseAddresses(trx: NetworkDb, portId: string, only?: FixedIp[]): Promise<void> {
  if (only === undefined) {
    await trx.deleteFrom('ip_allocations').where('port_id', '=', portId).execute();
    return;
  }
  for (const fixed of only) {
    await trx
      .deleteFrom('ip_allocations')
      .where('port_id', '=', portId)
      .where('subnet_id', '=', fixed.subnet_id)
      .where('ip_address', '=', fixed.ip_address)
      .execute();
  }
}

/** The port holding an address on a subnet, if any. */
export async function addressHolder(trx: NetworkDb, subnetId: string, ip: string): Promise<string | null> {
  const row = await trx
    .selectFrom('ip_allocations')
    .select('port_id')
    .where('subnet_id', '=', subnetId)
    .where('ip_address', '=', ip)
    .executeTakeFirst();
  return row?.port_id ?? null;
}
