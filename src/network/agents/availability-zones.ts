import { RecordStore, type NetworkDb } from '../db/record-store.js';
import { notFound } from '../errors.js';
import { DEFAULT_AVAILABILITY_ZONE, ZONED_AGENT_TYPES } from './agent-state.js';

/** An availability zone as Neutron lists it: a zone of one resource type, and its state. */
export interface AvailabilityZone {
  name: string;
  resource: 'network' | 'router';
  state: 'available' | 'unavailable';
}

/**
 * The zones the agents serve (Neutron's _list_availability_zones): DHCP agents' zones for
 * networks, L3 agents' for routers, available while one of its agents is enabled. A resource
 * type with no agent yet (an all-in-one before its agent's first report) is served in the
 * default zone, where its networks and routers are placed.
 */
export async function availabilityZones(db: NetworkDb, now: () => Date): Promise<AvailabilityZone[]> {
  const agents = await new RecordStore('agents', now).list(db);
  const zones = new Map<string, AvailabilityZone>();
  const served = new Set<string>();
  for (const agent of agents) {
    const resource = ZONED_AGENT_TYPES[agent.agent_type as string];
    if (!resource) continue;
    served.add(resource);
    if (typeof agent.availability_zone !== 'string' || agent.availability_zone === '') continue;
    const key = `${agent.availability_zone}\u0000${resource}`;
    const available = agent.admin_state_up === true || zones.get(key)?.state === 'available';
    zones.set(key, {
      name: agent.availability_zone,
      resource,
      state: available ? 'available' : 'unavailable',
    });
  }
  for (const resource of ['network', 'router'] as const) {
    if (!served.has(resource))
      zones.set(resource, { name: DEFAULT_AVAILABILITY_ZONE, resource, state: 'available' });
  }
  return [...zones.values()];
}

/**
 * Refuses availability zone hints that name a zone no agent serves for the resource type
 * (Neutron's validate_availability_zones, for networks' and routers' `availability_zone_hints`).
 */
export async function validateAvailabilityZones(
  db: NetworkDb,
  now: () => Date,
  resource: 'network' | 'router',
  hints: string[],
): Promise<void> {
  if (hints.length === 0) return;
  const known = new Set(
    (await availabilityZones(db, now)).filter((zone) => zone.resource === resource).map((zone) => zone.name),
  );
  const unknown = hints.find((hint) => !known.has(hint));
  if (unknown !== undefined) {
    throw notFound('AvailabilityZoneNotFound', `AvailabilityZone ${unknown} could not be found.`);
  }
}
