import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import {
  ROUTER_PORT_OWNERS,
  poolBodies,
  poolRanges,
  requestedPools,
  validateAllocationPools,
  validateGatewayOutOfPools,
  type PoolBody,
} from '../ipam/address-pools.js';
import { addressHolder } from '../ipam/ip-allocations.js';
import { dropSubnetAddresses } from '../ports/port-addresses.js';
import { AUTO_DELETE_PORT_OWNERS, ROUTER_INTERFACE_OWNERS } from '../ports/port-record.js';
import { objectIdsGranted } from '../rbac/rbac-access.js';
import { NetworkFactsCache, assertNetworkUsable, sharedWith } from './network-facts.js';
import { createSubnet } from './subnet-create.js';
import { gatewayIpInUse, subnetInUse } from './subnet-errors.js';
import { isAutoAddressSubnet, validateSubnet } from './subnet-validation.js';

/**
 * Subnets (db_base_plugin_v2): a caller sees its own and those of networks shared with it;
 * creating one is for the network's owner (policy) on a network the caller may use; updates
 * keep gateway and pools consistent; a subnet goes only when no port but a network's own
 * (DHCP) holds an address on it.
 */
export class SubnetHandler implements ResourceHandler {
  readonly store: RecordStore;
  readonly networkFacts: NetworkFactsCache;
  private readonly networks: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.store = new RecordStore('subnets', deps.now);
    this.networks = new RecordStore('networks', deps.now);
    this.networkFacts = new NetworkFactsCache(deps);
  }

  private async visible(call: CallContext, subnets: ApiRecord[]): Promise<ApiRecord[]> {
    if (call.isAdmin) return subnets;
    const projectId = call.context.projectId;
    const shared = new Set(await objectIdsGranted(this.deps.db, 'network', 'access_as_shared', projectId));
    return subnets.filter(
      (subnet) => subnet.project_id === projectId || shared.has(subnet.network_id as string),
    );
  }

  async list(call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    const where: { ids?: string[]; parentIds?: string[] } = {};
    if (filters.id) where.ids = filters.id.map(String);
    if (filters.network_id) where.parentIds = filters.network_id.map(String);
    return this.visible(call, await this.store.list(this.deps.db, where));
  }

  async get(call: CallContext, id: string): Promise<ApiRecord | null> {
    const subnet = await this.store.get(this.deps.db, id);
    return subnet ? ((await this.visible(call, [subnet]))[0] ?? null) : null;
  }

  /**
   * What the policy rules see beside the subnet: its network's owner, and whether the network
   * is shared with the caller (`rule:shared`). Before a create, the network must be one the
   * caller may use, as Neutron's API checks first.
   */
  async policyTarget(call: CallContext, record: Record<string, unknown>): Promise<Record<string, unknown>> {
    const networkId = record.network_id as string;
    const facts = await this.networkFacts.one(this.deps.db, call, networkId);
    if (record.id === undefined) assertNetworkUsable(call, facts, networkId, record.project_id);
    const owner = facts?.network.project_id;
    return {
      'network:project_id': owner,
      'network:tenant_id': owner,
      shared: facts ? sharedWith(facts, call.context.projectId) : false,
    };
  }

  async create(call: CallContext, values: Record<string, unknown>): Promise<ApiRecord> {
    return this.deps.db.transaction().execute(async (trx) => {
      const facts = (await this.networkFacts.load(trx, [values.network_id as string])).get(
        values.network_id as string,
      );
      return createSubnet(trx, this.deps, call, values, facts ?? null);
    });
  }

  async update(call: CallContext, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    return this.deps.db.transaction().execute(async (trx) => {
      const stored = (await this.store.get(trx, current.id))!;
      validateSubnet(
        {
          id: stored.id,
          ip_version: stored.ip_version as number,
          cidr: stored.cidr as string,
          gateway_ip: changes.gateway_ip as string | null | undefined,
          enable_dhcp: changes.enable_dhcp as boolean | undefined,
          dns_nameservers: changes.dns_nameservers as string[] | undefined,
          host_routes: changes.host_routes as { destination: string; nexthop: string }[] | undefined,
        },
        {
          enable_dhcp: stored.enable_dhcp as boolean,
          ipv6_ra_mode: stored.ipv6_ra_mode as string | null,
          ipv6_address_mode: stored.ipv6_address_mode as string | null,
        },
      );
      const currentGateway = stored.gateway_ip as string | null;
      const gateway =
        changes.gateway_ip === undefined ? currentGateway : (changes.gateway_ip as string | null);
      if (gateway !== currentGateway && currentGateway)
        await this.checkGatewayFree(trx, stored.id, currentGateway);
      const ranges =
        changes.allocation_pools === undefined
          ? null
          : requestedPools(changes.allocation_pools as PoolBody[]);
      if (ranges) validateAllocationPools(ranges, stored.cidr as string);
      if ((gateway !== currentGateway || ranges) && gateway) {
        validateGatewayOutOfPools(gateway, ranges ?? poolRanges(stored.allocation_pools as PoolBody[]));
      }
      const update = { ...changes, ...(ranges ? { allocation_pools: poolBodies(ranges) } : {}) };
      return this.store.update(trx, stored, update);
    });
  }

  /** The gateway may not move while a router port holds it (GatewayIpInUse). */
  private async checkGatewayFree(db: NetworkDb, subnetId: string, gateway: string): Promise<void> {
    const portId = await addressHolder(db, subnetId, gateway);
    if (!portId) return;
    const port = await db.selectFrom('ports').select('body').where('id', '=', portId).executeTakeFirst();
    const owner = port ? (JSON.parse(port.body) as { device_owner?: string }).device_owner : undefined;
    if (owner && ROUTER_PORT_OWNERS.includes(owner)) throw gatewayIpInUse(gateway, portId);
  }

  /**
   * delete_subnet: refused while a router interface is on it, or (unless the subnet's
   * addresses are automatic) while any port but a network's own holds an address on it; the
   * addresses left are taken back from their ports.
   */
  async delete(_call: CallContext, current: ApiRecord): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const holders = await trx
        .selectFrom('ip_allocations')
        .select('port_id')
        .where('subnet_id', '=', current.id)
        .execute();
      const portIds = [...new Set(holders.map((row) => row.port_id))];
      const owners = portIds.length
        ? (await trx.selectFrom('ports').select('body').where('id', 'in', portIds).execute()).map(
            (row) => (JSON.parse(row.body) as { device_owner?: string }).device_owner ?? '',
          )
        : [];
      if (owners.some((owner) => ROUTER_INTERFACE_OWNERS.includes(owner))) throw subnetInUse(current.id);
      if (!isAutoAddressSubnet(current) && owners.some((owner) => !AUTO_DELETE_PORT_OWNERS.includes(owner))) {
        throw subnetInUse(current.id);
      }
      await dropSubnetAddresses(trx, this.deps, current);
      await this.store.delete(trx, current.id);
      await this.networks.bump(trx, current.network_id as string);
    });
  }
}
