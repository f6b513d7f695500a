import type { ApiRecord } from '../api/engine/definition.js';
import type { NetworkDb } from '../db/record-store.js';
import { NeutronError, conflict } from '../errors.js';
import { cidrOf, formatCidr, parseCidr, parseIp } from '../ipam/ip-address.js';
import { allocateAnyPrefix, specificPrefixAvailable } from '../ipam/prefix-allocation.js';
import { resourceBadRequest } from '../subnets/subnet-errors.js';

/** What a subnet create asks of a pool. */
export interface PrefixRequest {
  projectId: string;
  ipVersion: number;
  /** A CIDR of the pool's, or none to take the next free one. */
  cidr?: string;
  prefixlen?: number;
  /** A gateway without a CIDR picks the block around it. */
  gatewayIp?: string | null;
}

/**
 * Neutron answers a failed allocation with a bare NeutronException (a 500); a request that
 * asks for more than the pool has is the caller's, so here it is a 409 with Neutron's message.
 */
const allocationError = (reason: string) =>
  conflict('SubnetAllocationError', `Failed to allocate subnet: ${reason}.`);

/** The quota unit of a pool's default_quota: /32 addresses for IPv4, /64 networks for IPv6. */
const QUOTA_UNIT: Record<number, number> = { 4: 32, 6: 64 };

/**
 * Takes a CIDR for a new subnet from a pool (subnet_alloc's SubnetAllocator): the prefix
 * length within the pool's bounds, the project's share of the pool within `default_quota`,
 * and the block free (no other subnet of the pool holds any of it). The pool's row is locked
 * first (a no-op update), so two creates never take the same block.
 */
export async function allocateFromPool(
  trx: NetworkDb,
  pool: ApiRecord,
  request: PrefixRequest,
): Promise<string> {
  if (request.ipVersion !== pool.ip_version) {
    throw resourceBadRequest(
      'subnets',
      `Cannot allocate IPv${request.ipVersion} subnet from IPv${String(pool.ip_version)} subnet pool`,
    );
  }
  let cidr = request.cidr;
  const prefixlen = cidr
    ? parseCidr(cidr)!.prefixlen
    : (request.prefixlen ?? (pool.default_prefixlen as number));
  if (!cidr && request.gatewayIp) {
    const gateway = parseIp(request.gatewayIp)!;
    cidr = formatCidr(cidrOf(gateway.version, gateway.value, prefixlen));
  }
  if (prefixlen > (pool.max_prefixlen as number)) {
    throw new NeutronError(
      400,
      'MaxPrefixSubnetAllocationError',
      `Unable to allocate subnet with prefix length ${prefixlen}, maximum allowed prefix is ${String(pool.max_prefixlen)}.`,
    );
  }
  if (prefixlen < (pool.min_prefixlen as number)) {
    throw new NeutronError(
      400,
      'MinPrefixSubnetAllocationError',
      `Unable to allocate subnet with prefix length ${prefixlen}, minimum allowed prefix is ${String(pool.min_prefixlen)}.`,
    );
  }
  await trx
    .updateTable('subnetpools')
    .set((eb) => ({ revision_number: eb.ref('revision_number') }))
    .where('id', '=', pool.id)
    .execute();
  // The text search narrows the read to subnets whose body names the pool at all.
  const rows = await trx
    .selectFrom('subnets')
    .select(['project_id', 'body'])
    .where('body', 'like', `%${pool.id}%`)
    .execute();
  const subnets = rows
    .map((row): Record<string, unknown> => ({
      ...(JSON.parse(row.body) as Record<string, unknown>),
      project_id: row.project_id,
    }))
    .filter((subnet) => subnet.subnetpool_id === pool.id);
  checkPoolQuota(pool, subnets, request.projectId, prefixlen);
  const allocated = subnets.map((subnet) => subnet.cidr as string);
  const prefixes = pool.prefixes as string[];
  if (cidr) {
    if (!specificPrefixAvailable(prefixes, allocated, cidr)) {
      throw allocationError('Cannot allocate requested subnet from the available set of prefixes');
    }
    return cidr;
  }
  const chosen = allocateAnyPrefix(prefixes, allocated, prefixlen);
  if (!chosen) throw allocationError(`Insufficient prefix space to allocate subnet size /${prefixlen}`);
  return chosen;
}

function checkPoolQuota(
  pool: ApiRecord,
  subnets: Record<string, unknown>[],
  projectId: string,
  prefixlen: number,
): void {
  const quota = pool.default_quota as number | null;
  if (!quota) return;
  const unit = QUOTA_UNIT[pool.ip_version as number];
  const units = (length: number) => 2 ** (unit - length);
  const used = subnets
    .filter((subnet) => subnet.project_id === projectId)
    .reduce((sum, subnet) => sum + units(parseCidr(subnet.cidr as string)!.prefixlen), 0);
  if (used + units(prefixlen) > quota) {
    throw conflict('SubnetPoolQuotaExceeded', 'Per-project subnet pool prefix quota exceeded.');
  }
}
