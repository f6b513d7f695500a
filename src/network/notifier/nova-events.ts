import type { ServerExternalEvent } from '../../common/clients/compute-events-client.js';
import type { ApiRecord } from '../api/engine/definition.js';
import { RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';

type EventName = 'network-changed' | 'network-vif-deleted';

/** The event for an instance's port, or none for a port that is not an instance's. */
function eventFor(port: ApiRecord | null | undefined, name: EventName): ServerExternalEvent[] {
  if (!port || !String(port.device_owner ?? '').startsWith('compute:') || !port.device_id) return [];
  return [{ name, server_uuid: port.device_id as string, tag: port.id, status: 'completed' }];
}

/**
 * Neutron's nova notifier: tells compute that an instance's port changed (a floating IP came or
 * went, its addresses changed) so compute refreshes what it shows, or that it was deleted. Sent
 * after the change is committed; a failure to tell compute does not undo the change.
 */
export async function notifyPortsChanged(
  deps: NetworkDeps,
  portIds: (string | null | undefined)[],
): Promise<void> {
  const ids = [...new Set(portIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return;
  const ports = await new RecordStore('ports', deps.now).list(deps.db, { ids });
  deps.notifyCompute(ports.flatMap((port) => eventFor(port, 'network-changed')));
}

/** As `notifyPortsChanged`, for a port just deleted (its record as it was). */
export function notifyPortDeleted(deps: NetworkDeps, port: ApiRecord): void {
  deps.notifyCompute(eventFor(port, 'network-vif-deleted'));
}
