import { RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { setPortStatus } from '../ports/port-service.js';

/** A port the agent just brought up, and the instance to tell. */
export interface ActivatedPort {
  id: string;
  deviceId: string;
}

/**
 * Marks the wired ports ACTIVE (Neutron's update_device_up) and returns the instance ports that
 * were not yet, whose instances compute must be told about.
 */
export async function markPortsActive(deps: NetworkDeps, portIds: string[]): Promise<ActivatedPort[]> {
  if (portIds.length === 0) return [];
  const ports = await new RecordStore('ports', deps.now).list(deps.db, { ids: portIds });
  const activated: ActivatedPort[] = [];
  for (const port of ports.filter((candidate) => candidate.status !== 'ACTIVE')) {
    await deps.db.transaction().execute((trx) => setPortStatus(trx, deps, port.id, 'ACTIVE'));
    if (String(port.device_owner ?? '').startsWith('compute:')) {
      activated.push({ id: port.id, deviceId: port.device_id as string });
    }
  }
  return activated;
}
