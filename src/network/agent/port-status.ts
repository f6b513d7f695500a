import { RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { setPortStatus } from '../ports/port-service.js';

/** A port whose status the agent just changed; `deviceId` is the instance to tell, null for the network's own ports. */
export interface ChangedPort {
  id: string;
  deviceId: string | null;
}

/** Sets `status` on those of the ports whose current status is `from`, and returns them. */
async function changeStatus(
  deps: NetworkDeps,
  portIds: string[],
  status: 'ACTIVE' | 'DOWN',
  from: (current: unknown) => boolean,
): Promise<ChangedPort[]> {
  if (portIds.length === 0) return [];
  const ports = await new RecordStore('ports', deps.now).list(deps.db, { ids: portIds });
  const changed: ChangedPort[] = [];
  for (const port of ports.filter((candidate) => from(candidate.status))) {
    await deps.db.transaction().execute((trx) => setPortStatus(trx, deps, port.id, status));
    const instance = String(port.device_owner ?? '').startsWith('compute:') && Boolean(port.device_id);
    changed.push({ id: port.id, deviceId: instance ? (port.device_id as string) : null });
  }
  return changed;
}

/** Marks the wired ports ACTIVE (Neutron's update_device_up); returns those that were not yet. */
export function markPortsActive(deps: NetworkDeps, portIds: string[]): Promise<ChangedPort[]> {
  return changeStatus(deps, portIds, 'ACTIVE', (current) => current !== 'ACTIVE');
}

/**
 * Marks DOWN the ports bound to this host whose device is gone (Neutron's update_device_down:
 * the instance stopped, or its TAP was removed); returns those that were ACTIVE. A port that
 * never came up stays as it is.
 */
export function markPortsDown(deps: NetworkDeps, portIds: string[]): Promise<ChangedPort[]> {
  return changeStatus(deps, portIds, 'DOWN', (current) => current === 'ACTIVE');
}
