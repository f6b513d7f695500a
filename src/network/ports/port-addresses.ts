import type { ApiRecord } from '../api/engine/definition.js';
import type { NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { eui64Address } from '../ipam/eui64.js';
import { releaseAddresses } from '../ipam/ip-allocations.js';
import { formatIp } from '../ipam/ip-address.js';
import { ROUTER_INTERFACE_OWNERS_SNAT, PortStore, fixedIpsOf } from './port-record.js';

/**
 * What a subnet's life does to the ports of its network: an auto-address IPv6 subnet gives
 * each of them its EUI-64 address (add_auto_addrs_on_network_ports), and a deleted subnet takes
 * its addresses back from the ports that may lose them.
 */

/** Gives every port of the subnet's network, but router interfaces, its SLAAC address on the subnet. */
export async function addAutoAddresses(trx: NetworkDb, deps: NetworkDeps, subnet: ApiRecord): Promise<void> {
  const ports = new PortStore(deps.now);
  for (const port of await ports.records.list(trx, { parentIds: [subnet.network_id as string] })) {
    if (ROUTER_INTERFACE_OWNERS_SNAT.includes(port.device_owner as string)) continue;
    const ip = formatIp(6, eui64Address(subnet.cidr as string, port.mac_address as string));
    const inserted = await trx
      .insertInto('ip_allocations')
      .values({
        subnet_id: subnet.id,
        ip_address: ip,
        network_id: subnet.network_id as string,
        port_id: port.id,
      })
      .onConflict((onConflict) => onConflict.columns(['subnet_id', 'ip_address']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
    await ports.update(trx, port, {
      fixed_ips: [...fixedIpsOf(port), { subnet_id: subnet.id, ip_address: ip }],
    });
  }
}

/** Takes the subnet's addresses back from the ports that hold them, which then show them no more. */
export async function dropSubnetAddresses(
  trx: NetworkDb,
  deps: NetworkDeps,
  subnet: ApiRecord,
): Promise<void> {
  const ports = new PortStore(deps.now);
  for (const port of await ports.records.list(trx, { parentIds: [subnet.network_id as string] })) {
    const held = fixedIpsOf(port).filter((fixed) => fixed.subnet_id === subnet.id);
    if (held.length === 0) continue;
    await releaseAddresses(trx, port.id, held);
    await ports.update(trx, port, {
      fixed_ips: fixedIpsOf(port).filter((fixed) => fixed.subnet_id !== subnet.id),
    });
  }
}
