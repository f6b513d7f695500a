import type { ApiRecord } from '../api/engine/definition.js';
import type { NetworkDb } from '../db/record-store.js';
import { l3BadRequest } from './l3-errors.js';
import { fixedIpsOf, ROUTER_GATEWAY_OWNER, type L3Lookups } from './l3-lookups.js';
import { cidrsOverlap } from './ip-prefix.js';

/**
 * l3_db's _check_for_dup_router_subnets: a router joins a subnet once, and no two of its
 * subnets overlap (for its gateway, every subnet of the external network counts).
 */
export async function checkNewRouterSubnets(
  db: NetworkDb,
  lookups: L3Lookups,
  routerPorts: ApiRecord[],
  newSubnets: ApiRecord[],
): Promise<void> {
  const newIds = new Set(newSubnets.map((subnet) => subnet.id));
  const attachedIds: string[] = [];
  for (const port of routerPorts) {
    for (const fixedIp of fixedIpsOf(port)) {
      if (newIds.has(fixedIp.subnet_id)) {
        throw l3BadRequest('router', `Router already has a port on subnet ${fixedIp.subnet_id}`);
      }
      if (port.device_owner !== ROUTER_GATEWAY_OWNER) attachedIds.push(fixedIp.subnet_id);
    }
    if (port.device_owner === ROUTER_GATEWAY_OWNER) {
      const external = await lookups.subnets.list(db, { parentIds: [port.network_id as string] });
      attachedIds.push(...external.map((subnet) => subnet.id));
    }
  }
  for (const attached of await lookups.subnetsById(db, attachedIds)) {
    for (const added of newSubnets) raiseOnOverlap(attached, added);
  }
}

/** Two subnets of one router must not overlap: l3_db's _raise_on_subnets_overlap. */
export function raiseOnOverlap(existing: ApiRecord, added: ApiRecord): void {
  if (cidrsOverlap(existing.cidr as string, added.cidr as string)) {
    throw l3BadRequest(
      'router',
      `Cidr ${added.cidr as string} of subnet ${added.id} overlaps with cidr ${existing.cidr as string} of subnet ${existing.id}`,
    );
  }
}

/** The CIDRs a router reaches and its own addresses, from its ports (for its routes' nexthops). */
export async function routerReach(
  db: NetworkDb,
  lookups: L3Lookups,
  routerPorts: ApiRecord[],
): Promise<{ cidrs: string[]; ips: string[] }> {
  const fixedIps = routerPorts.flatMap(fixedIpsOf);
  const subnets = await lookups.subnetsById(
    db,
    fixedIps.map((fixedIp) => fixedIp.subnet_id),
  );
  return {
    cidrs: subnets.map((subnet) => subnet.cidr as string),
    ips: fixedIps.map((fixedIp) => fixedIp.ip_address),
  };
}
