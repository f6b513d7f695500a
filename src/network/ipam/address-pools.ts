import { NeutronError, conflict } from '../errors.js';
import { pythonText } from '../api/engine/validators.js';
import {
  cidrContains,
  formatIp,
  formatRange,
  parseCidr,
  parseIp,
  rangesOverlap,
  subtractRanges,
  type Cidr,
  type IpRange,
} from './ip-address.js';

/** An allocation pool as the API shows it. */
export interface PoolBody {
  start: string;
  end: string;
}

/** Device owners of router ports, which may take an IPv6 subnet's first address (ROUTER_PORT_OWNERS). */
export const ROUTER_PORT_OWNERS = [
  'network:router_interface',
  'network:ha_router_replicated_interface',
  'network:router_interface_distributed',
  'network:router_centralized_snat',
  'network:router_gateway',
];

/** The addresses of a subnet a port may use, before the gateway is taken out (ipam utils' generate_pools). */
function usableRange(cidr: Cidr): IpRange {
  if (cidr.first === cidr.last) return { ...cidr };
  // IPv4 keeps its network and broadcast addresses out, except on /31 and /32.
  if (cidr.version === 4 && cidr.prefixlen <= 30)
    return { version: 4, first: cidr.first + 1n, last: cidr.last - 1n };
  if (cidr.version === 4) return { ...cidr };
  return { version: 6, first: cidr.first + 1n, last: cidr.last };
}

/** The default pools of a subnet: its usable addresses without the gateway. */
export function generatePools(cidrText: string, gatewayIp: string | null): IpRange[] {
  const cidr = parseCidr(cidrText)!;
  const range = usableRange(cidr);
  const gateway = gatewayIp ? parseIp(gatewayIp) : null;
  if (!gateway || cidr.first === cidr.last) return [range];
  return subtractRanges([range], [{ version: gateway.version, first: gateway.value, last: gateway.value }]);
}

export function poolBodies(pools: IpRange[]): PoolBody[] {
  return pools.map((pool) => ({
    start: formatIp(pool.version, pool.first),
    end: formatIp(pool.version, pool.last),
  }));
}

export function poolRanges(pools: PoolBody[]): IpRange[] {
  return pools.map((pool) => {
    const start = parseIp(pool.start)!;
    return { version: start.version, first: start.value, last: parseIp(pool.end)!.value };
  });
}

/** neutron-lib's InvalidAllocationPool. */
function invalidPool(pool: string): NeutronError {
  return new NeutronError(400, 'InvalidAllocationPool', `The allocation pool ${pool} is not valid.`);
}

/**
 * Pools given by a request as ranges (pools_to_ip_range): a start after its end, or a start
 * and end of different versions, make the pool invalid.
 */
export function requestedPools(pools: PoolBody[]): IpRange[] {
  return pools.map((pool) => {
    const start = parseIp(pool.start);
    const end = parseIp(pool.end);
    if (!start || !end || start.version !== end.version || start.value > end.value) {
      throw invalidPool(pythonText(pool));
    }
    return { version: start.version, first: start.value, last: end.value };
  });
}

/**
 * ipam_backend_mixin's validate_allocation_pools: each pool of the subnet's version, inside
 * its usable addresses, and no two overlapping.
 */
export function validateAllocationPools(pools: IpRange[], cidrText: string): void {
  const cidr = parseCidr(cidrText)!;
  const usable =
    cidr.version === 4 && cidr.prefixlen > 30
      ? { first: cidr.first, last: cidr.last }
      : { first: cidr.first + 1n, last: cidr.version === 4 ? cidr.last - 1n : cidr.last };
  for (const pool of pools) {
    if (pool.version !== cidr.version) throw invalidPool(formatRange(pool));
    if (pool.first < usable.first || pool.last > usable.last) {
      throw new NeutronError(
        400,
        'OutOfBoundsAllocationPool',
        `The allocation pool ${formatRange(pool)} spans beyond the subnet cidr ${cidrText}.`,
      );
    }
  }
  for (const [index, left] of pools.entries()) {
    for (const right of pools.slice(index + 1)) {
      if (rangesOverlap(left, right)) {
        throw conflict(
          'OverlappingAllocationPools',
          `Found overlapping allocation pools: ${formatRange(left)} ${formatRange(right)} for subnet ${cidrText}.`,
        );
      }
    }
  }
}

/** The gateway may not sit in a pool (GatewayConflictWithAllocationPools). */
export function validateGatewayOutOfPools(gatewayIp: string, pools: IpRange[]): void {
  const gateway = parseIp(gatewayIp)!;
  const pool = pools.find((range) => cidrContains(range, gateway));
  if (pool) {
    throw conflict(
      'GatewayConflictWithAllocationPools',
      `Gateway ip ${gatewayIp} conflicts with allocation pool ${formatRange(pool)}.`,
    );
  }
}

/**
 * Whether a gateway is unusable on the subnet (check_gateway_invalid_in_subnet): an IPv4
 * subnet's network or broadcast address. A gateway outside the subnet is accepted (on link).
 */
export function gatewayInvalidInSubnet(cidrText: string, gatewayIp: string): boolean {
  const cidr = parseCidr(cidrText)!;
  const gateway = parseIp(gatewayIp)!;
  return (
    cidr.version === 4 &&
    cidrContains(cidr, gateway) &&
    (gateway.value === cidr.first || gateway.value === cidr.last)
  );
}

/**
 * Whether a port may have the address on the subnet (check_subnet_ip): inside it, and not an
 * IPv4 network or broadcast address; an IPv6 subnet's first address only for router ports.
 */
export function addressValidOnSubnet(cidrText: string, ipText: string, deviceOwner = ''): boolean {
  const cidr = parseCidr(cidrText)!;
  const ip = parseIp(ipText);
  if (!ip || !cidrContains(cidr, ip)) return false;
  if (cidr.version === 4) return ip.value !== cidr.first && ip.value !== cidr.last;
  return deviceOwner === '' || ROUTER_PORT_OWNERS.includes(deviceOwner) || ip.value !== cidr.first;
}

/**
 * The lowest address of the pools, in pool order, that is not used nor skipped; null when
 * every one is taken. The pools of an IPv6 subnet are huge, so the walk stops at the first hit.
 */
export function nextFreeAddress(pools: IpRange[], used: ReadonlySet<bigint>): bigint | null {
  for (const pool of pools) {
    for (let value = pool.first; value <= pool.last; value++) if (!used.has(value)) return value;
  }
  return null;
}
