import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { l3BadRequest } from '../routers/l3-errors.js';
import type { FixedIp } from '../routers/l3-lookups.js';
import { UNASSOCIATED } from './floating-ip-association.js';

/**
 * What the L3 service needs done when ports change (Neutron's callbacks from the core plugin to
 * the L3 plugin); the port service calls these in its own transaction.
 */

/** A deleted port's floating IPs point nowhere afterwards (l3_db's disassociate_floatingips). */
export async function disassociateFloatingIpsOfPort(
  trx: NetworkDb,
  deps: NetworkDeps,
  portId: string,
): Promise<void> {
  const store = new RecordStore('floatingips', deps.now);
  for (const floatingIp of await store.list(trx, { refIds: [portId] })) {
    await store.update(trx, floatingIp, { ...UNASSOCIATED, status: 'DOWN' }, { refId: null });
  }
}

/**
 * A port's fixed IPs may change only if the address its floating IP points at stays
 * (prevent_internal_ip_change_for_fip).
 */
export async function checkFloatingIpAddressKept(
  trx: NetworkDb,
  deps: NetworkDeps,
  portId: string,
  newFixedIps: Partial<FixedIp>[],
): Promise<void> {
  const floatingIps = await new RecordStore('floatingips', deps.now).list(trx, { refIds: [portId] });
  const address = floatingIps[0]?.fixed_ip_address;
  if (!address || newFixedIps.some((fixedIp) => fixedIp.ip_address === address)) return;
  throw l3BadRequest(
    'port',
    `Cannot update the fixed_ips of the port ${portId}, because its original fixed_ip has been associated to a floating ip`,
  );
}
