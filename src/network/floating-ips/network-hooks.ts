import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { deletePort } from '../ports/port-service.js';

/**
 * An external network being deleted takes its unassociated floating IPs with it (Neutron's
 * delete_disassociated_floatingips before the in-use check); associated ones keep it in use.
 */
export async function deleteDisassociatedFloatingIps(
  trx: NetworkDb,
  deps: NetworkDeps,
  networkId: string,
): Promise<void> {
  const store = new RecordStore('floatingips', deps.now);
  for (const floatingIp of await store.list(trx, { parentIds: [networkId] })) {
    if (floatingIp.port_id) continue;
    await store.delete(trx, floatingIp.id);
    if (floatingIp.floating_port_id) await deletePort(trx, deps, floatingIp.floating_port_id as string);
  }
}
