import type { ApiRecord } from '../api/engine/definition.js';
import type { NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { ensureDefaultSecurityGroup } from '../security-groups/default-group.js';
import { groupExistsFor } from '../security-groups/group-access.js';
import {
  addressPairAndPortSecurityRequired,
  portSecurityAndIpRequired,
  portSecurityPortHasSecurityGroup,
  securityGroupNotFound,
} from './port-errors.js';
import { isTrustedOwner } from './port-record.js';

/** An allowed address pair as stored: the MAC defaults to the port's. */
export interface AddressPair {
  ip_address: string;
  mac_address: string;
}

/** A port's filtering: port security, its security groups and its allowed address pairs. */
export interface PortFiltering {
  port_security_enabled: boolean;
  security_groups: string[];
  allowed_address_pairs: AddressPair[];
}

const nonEmpty = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

/** Pairs with their MAC filled in from the port's. */
export function withPairMacs(pairs: unknown, mac: string): AddressPair[] {
  return ((pairs as Partial<AddressPair>[] | null | undefined) ?? []).map((pair) => ({
    ip_address: pair.ip_address!,
    mac_address: pair.mac_address ?? mac,
  }));
}

/**
 * The groups must exist and be usable by the port's project (its own, or shared with it), as
 * securitygroups_db's _get_security_groups_on_port checks; an admin may use any group.
 */
async function checkGroups(
  db: NetworkDb,
  groups: string[],
  projectId: string,
  isAdmin: boolean,
): Promise<void> {
  const missing: string[] = [];
  for (const id of new Set(groups)) {
    if (!(await groupExistsFor(db, id, projectId || null, isAdmin || !projectId))) missing.push(id);
  }
  if (missing.length > 0) throw securityGroupNotFound(missing.join(', '));
}

/**
 * A new port's filtering, as ML2's _portsec_ext_port_create_processing: port security as asked
 * or as its network has it; address pairs only with port security; with it, the groups asked
 * for or the project's default group; without it, no groups. Ports of the network itself
 * (`network:*` owners) get no groups.
 */
export async function newPortFiltering(
  trx: NetworkDb,
  deps: NetworkDeps,
  port: Record<string, unknown>,
  network: ApiRecord,
  isAdmin: boolean,
): Promise<PortFiltering> {
  const enabled =
    port.port_security_enabled === undefined || port.port_security_enabled === null
      ? network.port_security_enabled !== false
      : port.port_security_enabled === true;
  const pairs = port.allowed_address_pairs;
  if (nonEmpty(pairs) && !enabled) throw addressPairAndPortSecurityRequired();
  const asked = port.security_groups as string[] | undefined;
  let groups: string[] = [];
  if (!enabled) {
    if (nonEmpty(asked)) throw portSecurityAndIpRequired();
  } else if (!isTrustedOwner(port.device_owner)) {
    const projectId = port.project_id as string;
    if (asked === undefined) groups = [await ensureDefaultSecurityGroup(trx, deps, projectId)];
    else {
      await checkGroups(trx, asked, projectId, isAdmin);
      groups = [...new Set(asked)];
    }
  }
  return {
    port_security_enabled: enabled,
    security_groups: groups,
    allowed_address_pairs: withPairMacs(pairs, port.mac_address as string),
  };
}

/**
 * An updated port's filtering, as ML2's _portsec_ext_port_update_processing: turning port
 * security off (or keeping it off) leaves no room for address pairs or groups, asked for or
 * already there; new groups must be usable.
 */
export async function updatedPortFiltering(
  trx: NetworkDb,
  current: ApiRecord,
  changes: Record<string, unknown>,
  isAdmin: boolean,
): Promise<Partial<PortFiltering>> {
  const merged = { ...current, ...changes };
  const result: Partial<PortFiltering> = {};
  if (changes.allowed_address_pairs !== undefined) {
    result.allowed_address_pairs = withPairMacs(changes.allowed_address_pairs, merged.mac_address as string);
  }
  if (merged.port_security_enabled === false) {
    if (nonEmpty(changes.allowed_address_pairs)) throw addressPairAndPortSecurityRequired();
    if (changes.allowed_address_pairs === undefined && nonEmpty(current.allowed_address_pairs)) {
      throw addressPairAndPortSecurityRequired();
    }
    if (nonEmpty(changes.security_groups)) throw portSecurityAndIpRequired();
    if (changes.security_groups === undefined && nonEmpty(current.security_groups)) {
      throw portSecurityPortHasSecurityGroup();
    }
  }
  if (changes.security_groups !== undefined) {
    const groups = (changes.security_groups as string[] | null) ?? [];
    if (!isTrustedOwner(merged.device_owner))
      await checkGroups(trx, groups, merged.project_id as string, isAdmin);
    result.security_groups = [...new Set(groups)];
  }
  return result;
}
