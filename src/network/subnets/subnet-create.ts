import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { invalidInput } from '../errors.js';
import {
  generatePools,
  poolBodies,
  requestedPools,
  validateAllocationPools,
  validateGatewayOutOfPools,
  type PoolBody,
} from '../ipam/address-pools.js';
import { canonicalCidr, formatIp, parseCidr, rangesOverlap } from '../ipam/ip-address.js';
import { addAutoAddresses } from '../ports/port-addresses.js';
import { checkQuota } from '../quotas/quota-check.js';
import { allocateFromPool } from '../subnetpools/subnet-from-pool.js';
import { SubnetPoolAccess } from '../subnetpools/subnetpool-access.js';
import type { NetworkFacts } from './network-facts.js';
import {
  networkMtuSubnetConflict,
  networkNotFound,
  networkSubnetPoolAffinity,
  resourceBadRequest,
} from './subnet-errors.js';
import { checkPrefixLength, isAutoAddressSubnet, validateSubnet } from './subnet-validation.js';

/** IPv4's and IPv6's smallest MTUs (a network below them cannot carry the subnet). */
const IPV4_MIN_MTU = 68;
const IPV6_MIN_MTU = 1280;

const given = <T>(value: T | undefined | null): value is T => value !== undefined && value !== null;

/**
 * Which pool the subnet comes from (_get_subnetpool_id): the one named, or with
 * `use_default_subnetpool` the default pool of its version; none otherwise.
 */
async function poolOf(
  db: NetworkDb,
  pools: SubnetPoolAccess,
  call: CallContext,
  values: Record<string, unknown>,
) {
  const named = values.subnetpool_id as string | null | undefined;
  if (values.use_default_subnetpool === true) {
    if (given(named)) {
      throw resourceBadRequest(
        'subnets',
        'subnetpool_id and use_default_subnetpool cannot both be specified',
      );
    }
    const ipVersion = given(values.cidr)
      ? parseCidr(values.cidr as string)!.version
      : (values.ip_version as number);
    const pool = await pools.defaultPool(db, ipVersion);
    if (!pool) throw resourceBadRequest('subnets', `No default subnetpool found for IPv${ipVersion}`);
    return pool;
  }
  return given(named) ? pools.get(db, call, named) : null;
}

/** _validate_subnet_cidr's overlap rule and _validate_network_subnetpools' pool affinity. */
function checkAgainstNetworkSubnets(
  subnets: ApiRecord[],
  network: ApiRecord,
  cidrText: string,
  poolId: string | null,
) {
  const cidr = parseCidr(cidrText)!;
  for (const subnet of subnets) {
    const other = parseCidr(subnet.cidr as string)!;
    if (rangesOverlap(cidr, other)) {
      throw invalidInput(
        `Requested subnet with cidr: ${cidrText} for network: ${network.id} overlaps with another subnet`,
      );
    }
  }
  for (const subnet of subnets) {
    if (subnet.ip_version !== cidr.version) continue;
    if (poolId ? subnet.subnetpool_id !== poolId : given(subnet.subnetpool_id))
      throw networkSubnetPoolAffinity();
  }
}

/** The gateway and pools of a subnet of a known CIDR (allocate_subnet's specific request). */
function addressPlan(
  values: Record<string, unknown>,
  cidr: string,
): { gateway: string | null; pools: PoolBody[] } {
  const network = parseCidr(cidr)!;
  // Left out, the gateway is the first host (IPv4) or the subnet-router anycast address (IPv6).
  const gateway =
    values.gateway_ip === undefined
      ? formatIp(network.version, network.version === 4 ? network.first + 1n : network.first)
      : (values.gateway_ip as string | null);
  if (values.allocation_pools === undefined)
    return { gateway, pools: poolBodies(generatePools(cidr, gateway)) };
  const ranges = requestedPools(values.allocation_pools as PoolBody[]);
  validateAllocationPools(ranges, cidr);
  if (gateway) validateGatewayOutOfPools(gateway, ranges);
  return { gateway, pools: poolBodies(ranges) };
}

/**
 * Creates a subnet as db_base_plugin_v2's create_subnet does: a CIDR given or taken from a
 * subnet pool, validated (version, gateway, DHCP, nameservers, routes, IPv6 modes), its
 * gateway and allocation pools defaulted, not overlapping another subnet of its network, and
 * on an auto-address IPv6 subnet an EUI-64 address added to each port already on the network.
 */
export async function createSubnet(
  trx: NetworkDb,
  deps: NetworkDeps,
  call: CallContext,
  values: Record<string, unknown>,
  facts: NetworkFacts | null,
): Promise<ApiRecord> {
  const hasCidr = given(values.cidr);
  if (hasCidr && values.prefixlen !== undefined) {
    throw resourceBadRequest('subnets', 'cidr and prefixlen must not be supplied together');
  }
  const requestedCidr = hasCidr ? canonicalCidr(values.cidr as string) : undefined;
  const pools = new SubnetPoolAccess(deps.now);
  const pool = await poolOf(trx, pools, call, values);
  if (!pool && !hasCidr)
    throw resourceBadRequest('subnets', 'a subnetpool must be specified in the absence of a cidr');
  if (pool && !hasCidr && values.allocation_pools !== undefined) {
    throw resourceBadRequest('subnets', 'allocation_pools allowed only for specific subnet requests.');
  }
  const spec = {
    ip_version: values.ip_version as number,
    cidr: requestedCidr,
    gateway_ip: values.gateway_ip as string | null | undefined,
    enable_dhcp: values.enable_dhcp as boolean,
    dns_nameservers: values.dns_nameservers as string[] | undefined,
    host_routes: values.host_routes as { destination: string; nexthop: string }[] | undefined,
    ipv6_ra_mode: values.ipv6_ra_mode as string | undefined,
    ipv6_address_mode: values.ipv6_address_mode as string | undefined,
  };
  validateSubnet(spec, null);

  if (!facts) throw networkNotFound(values.network_id as string);
  const network = facts.network;
  const mtu = network.mtu as number | null;
  if (mtu && mtu < IPV4_MIN_MTU) throw networkMtuSubnetConflict(network.id, IPV4_MIN_MTU);
  if (mtu && mtu < IPV6_MIN_MTU && spec.ip_version === 6)
    throw networkMtuSubnetConflict(network.id, IPV6_MIN_MTU);
  await checkQuota(trx, deps, values.project_id as string, 'subnet', 1);

  const networks = new RecordStore('networks', deps.now);
  // The network's new revision, written first, also locks its row: creates on one network take turns.
  await networks.bump(trx, network.id);
  let cidr = requestedCidr;
  if (pool) {
    cidr = await allocateFromPool(trx, pool, {
      projectId: values.project_id as string,
      ipVersion: spec.ip_version,
      cidr: requestedCidr,
      prefixlen: values.prefixlen as number | undefined,
      gatewayIp: spec.gateway_ip,
    });
  }
  checkPrefixLength(cidr!);
  // A pool's subnet without a gateway asked for takes the first host, IPv6 too (_allocate_any_subnet).
  const plan =
    pool && !hasCidr && spec.gateway_ip === undefined
      ? addressPlan(
          { ...values, gateway_ip: formatIp(spec.ip_version as 4 | 6, parseCidr(cidr!)!.first + 1n) },
          cidr!,
        )
      : addressPlan(values, cidr!);
  const subnets = new RecordStore('subnets', deps.now);
  const siblings = await subnets.list(trx, { parentIds: [network.id] });
  checkAgainstNetworkSubnets(siblings, network, cidr!, pool?.id ?? null);

  const record = await subnets.insert(
    trx,
    {
      id: deps.newId(),
      project_id: values.project_id,
      name: values.name,
      description: values.description,
      network_id: network.id,
      ip_version: spec.ip_version,
      subnetpool_id: pool?.id ?? null,
      cidr,
      gateway_ip: plan.gateway,
      allocation_pools: plan.pools,
      dns_nameservers: spec.dns_nameservers ?? [],
      host_routes: spec.host_routes ?? [],
      enable_dhcp: spec.enable_dhcp,
      ipv6_ra_mode: spec.ipv6_ra_mode ?? null,
      ipv6_address_mode: spec.ipv6_address_mode ?? null,
    },
    { parentId: network.id },
  );
  if (isAutoAddressSubnet(record)) await addAutoAddresses(trx, deps, record);
  return record;
}
