import type { ApiRecord } from '../api/engine/definition.js';
import type { NetworkDb } from '../db/record-store.js';
import { invalidInput } from '../errors.js';
import { addressValidOnSubnet } from '../ipam/address-pools.js';
import { eui64Address } from '../ipam/eui64.js';
import {
  allocateNextAddress,
  allocateSpecificAddress,
  type AllocationSubnet,
  type FixedIp,
} from '../ipam/ip-allocations.js';
import { formatIp } from '../ipam/ip-address.js';
import { ipAddressGenerationFailure, subnetNotFound } from '../subnets/subnet-errors.js';
import { isAutoAddressSubnet } from '../subnets/subnet-validation.js';
import {
  allocationOnAutoAddressSubnet,
  invalidIpForNetwork,
  invalidIpForSubnet,
  ipAllocationRequiresSubnets,
} from './port-errors.js';
import { ROUTER_INTERFACE_OWNERS, ROUTER_INTERFACE_OWNERS_SNAT } from './port-record.js';

/** A fixed IP as a request gives it: a subnet, an address, or both. */
export interface RequestedIp {
  subnet_id?: string;
  ip_address?: string;
}

/** One address to hand out: this one, or the next free one of the first subnet that has one. */
export type AddressPlan = { subnet: ApiRecord; ip: string } | { anyOf: ApiRecord[] };

/** What a port's addressing depends on. */
export interface PortAddressing {
  networkId: string;
  deviceOwner: string;
  mac: string;
  /** Every subnet of the port's network. */
  subnets: ApiRecord[];
}

/** ipam_backend_mixin's _get_subnet_for_fixed_ip: the subnet a requested fixed IP is on. */
async function subnetFor(db: NetworkDb, fixed: RequestedIp, port: PortAddressing): Promise<ApiRecord> {
  if (port.subnets.length === 0) throw ipAllocationRequiresSubnets();
  if (fixed.subnet_id !== undefined) {
    const subnet = port.subnets.find((candidate) => candidate.id === fixed.subnet_id);
    if (!subnet) {
      const exists = await db
        .selectFrom('subnets')
        .select('id')
        .where('id', '=', fixed.subnet_id)
        .executeTakeFirst();
      if (!exists) throw subnetNotFound(fixed.subnet_id);
      throw invalidInput(
        `Failed to create port on network ${port.networkId}, because fixed_ips included invalid subnet ${fixed.subnet_id}`,
      );
    }
    if (
      fixed.ip_address !== undefined &&
      !addressValidOnSubnet(subnet.cidr as string, fixed.ip_address, port.deviceOwner)
    ) {
      throw invalidIpForSubnet(fixed.ip_address);
    }
    return subnet;
  }
  if (fixed.ip_address === undefined) throw invalidInput('IP allocation requires subnet_id or ip_address');
  const subnet = port.subnets.find((candidate) =>
    addressValidOnSubnet(candidate.cidr as string, fixed.ip_address!, port.deviceOwner),
  );
  if (!subnet) throw invalidIpForNetwork(fixed.ip_address);
  return subnet;
}

const forAllocation = (subnet: ApiRecord): AllocationSubnet => subnet as unknown as AllocationSubnet;

const slaacAddress = (subnet: ApiRecord, mac: string) =>
  formatIp(6, eui64Address(subnet.cidr as string, mac));

/**
 * _test_fixed_ips_for_port: each requested fixed IP checked and turned into an address to hand
 * out. An address on an auto-address subnet must be the port's EUI-64 one (router ports
 * aside); a subnet alone on such a subnet is left to the automatic addresses.
 */
export async function planRequestedIps(
  db: NetworkDb,
  requested: RequestedIp[],
  port: PortAddressing,
): Promise<AddressPlan[]> {
  const plans: AddressPlan[] = [];
  for (const fixed of requested) {
    const subnet = await subnetFor(db, fixed, port);
    const auto = isAutoAddressSubnet(subnet);
    if (fixed.ip_address !== undefined) {
      if (auto && !ROUTER_INTERFACE_OWNERS.includes(port.deviceOwner)) {
        if (slaacAddress(subnet, port.mac) !== fixed.ip_address) {
          throw allocationOnAutoAddressSubnet(fixed.ip_address, subnet.id);
        }
      }
      plans.push({ subnet, ip: fixed.ip_address });
    } else if (ROUTER_INTERFACE_OWNERS_SNAT.includes(port.deviceOwner) || !auto) {
      plans.push({ anyOf: [subnet] });
    }
  }
  return plans;
}

/**
 * What a port gets without fixed IPs asked for (_allocate_ips_for_port): one address from the
 * IPv4 subnets and one from the stateful IPv6 subnets (each from the first with room).
 */
export function defaultPlans(port: PortAddressing): AddressPlan[] {
  const v4 = port.subnets.filter((subnet) => subnet.ip_version === 4);
  const v6Stateful = port.subnets.filter((subnet) => subnet.ip_version === 6 && !isAutoAddressSubnet(subnet));
  return [v4, v6Stateful].filter((group) => group.length > 0).map((anyOf) => ({ anyOf }));
}

/** The EUI-64 addresses of the auto-address subnets not handled yet (none for router ports). */
export function automaticPlans(port: PortAddressing, handledSubnetIds: string[] = []): AddressPlan[] {
  if (ROUTER_INTERFACE_OWNERS_SNAT.includes(port.deviceOwner)) return [];
  return port.subnets
    .filter((subnet) => isAutoAddressSubnet(subnet) && !handledSubnetIds.includes(subnet.id))
    .map((subnet) => ({ subnet, ip: slaacAddress(subnet, port.mac) }));
}

/**
 * Hands out the planned addresses to the port, specific ones first (so that they are not
 * taken by the next-free ones of the same request). None free in a group: the network is full.
 */
export async function allocatePlans(
  db: NetworkDb,
  plans: AddressPlan[],
  portId: string,
  networkId: string,
): Promise<FixedIp[]> {
  const ordered = [...plans.filter((plan) => 'ip' in plan), ...plans.filter((plan) => !('ip' in plan))];
  const allocated: FixedIp[] = [];
  for (const plan of ordered) {
    if ('ip' in plan) {
      allocated.push(await allocateSpecificAddress(db, forAllocation(plan.subnet), plan.ip, portId));
      continue;
    }
    const fixed = await allocateNextAddress(db, plan.anyOf.map(forAllocation), portId);
    if (!fixed) throw ipAddressGenerationFailure(networkId);
    allocated.push(fixed);
  }
  return allocated;
}

/** How an update's fixed IPs differ from the port's: what to add, keep and give back. */
export interface FixedIpChanges {
  add: RequestedIp[];
  keep: FixedIp[];
  remove: FixedIp[];
}

/**
 * _get_changed_ips_for_port: a requested address the port holds is kept, a new one added; a
 * subnet alone reuses the port's address there (an EUI-64 one is made again); what the port
 * held and was not asked for goes, except automatic addresses of auto-address subnets.
 */
export function diffFixedIps(
  original: FixedIp[],
  requested: RequestedIp[],
  subnetsById: Map<string, ApiRecord>,
  deviceOwner: string,
): FixedIpChanges {
  const add: RequestedIp[] = [];
  const keep: FixedIp[] = [];
  const byIp = new Map(original.map((fixed) => [fixed.ip_address, fixed]));
  for (const fixed of requested.filter((item) => item.ip_address !== undefined)) {
    const held = byIp.get(fixed.ip_address!);
    if (held) {
      keep.push(held);
      byIp.delete(fixed.ip_address!);
    } else {
      add.push(fixed);
    }
  }
  const candidates: FixedIp[] = [];
  const bySubnet = new Map<string, FixedIp[]>();
  for (const fixed of byIp.values())
    bySubnet.set(fixed.subnet_id, [...(bySubnet.get(fixed.subnet_id) ?? []), fixed]);
  for (const fixed of requested.filter((item) => item.ip_address === undefined)) {
    const held = bySubnet.get(fixed.subnet_id!)?.pop();
    if (!held) add.push(fixed);
    else if (isAutoAddressSubnet(subnetsById.get(held.subnet_id) ?? {})) {
      add.push(fixed);
      candidates.push(held);
    } else keep.push(held);
  }
  const remove: FixedIp[] = [];
  for (const fixed of [...[...bySubnet.values()].flat(), ...candidates]) {
    const subnet = subnetsById.get(fixed.subnet_id);
    const required =
      ROUTER_INTERFACE_OWNERS_SNAT.includes(deviceOwner) || !subnet || !isAutoAddressSubnet(subnet);
    if (required) remove.push(fixed);
    else keep.push(fixed);
  }
  return { add, keep, remove };
}
