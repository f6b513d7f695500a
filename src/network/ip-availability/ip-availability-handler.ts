import type { ApiRecord, CallContext, ResourceHandler } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { parseCidr, parseIp } from '../ipam/ip-address.js';

/** An allocation pool as a subnet keeps it. */
interface Pool {
  start: string;
  end: string;
}

/**
 * How many addresses a subnet hands out: the sizes of its allocation pools, or of its whole
 * CIDR when it has none (Neutron's _generate_subnet_total_ips_dict). IPv6 totals exceed what a
 * JSON number holds exactly; they are as close as one can be.
 */
function totalIps(subnet: ApiRecord): number {
  const pools = (subnet.allocation_pools as Pool[] | undefined) ?? [];
  let total = 0n;
  for (const pool of pools) {
    const start = parseIp(pool.start);
    const end = parseIp(pool.end);
    if (start && end && end.value >= start.value) total += end.value - start.value + 1n;
  }
  if (pools.length === 0) {
    const cidr = parseCidr(String(subnet.cidr));
    if (cidr) total = cidr.last - cidr.first + 1n;
  }
  return Number(total);
}

/**
 * Network IP availability (Neutron's network-ip-availability, for admins): per network, and
 * per subnet in it, how many addresses there are and how many ports hold. Computed on each
 * read from the subnets and the allocations, so it never lags behind.
 */
export class IpAvailabilityHandler implements ResourceHandler {
  private readonly networks: RecordStore;
  private readonly subnets: RecordStore;

  constructor(private readonly deps: NetworkDeps) {
    this.networks = new RecordStore('networks', deps.now);
    this.subnets = new RecordStore('subnets', deps.now);
  }

  private async availability(
    db: NetworkDb,
    networks: ApiRecord[],
    ipVersions: unknown[] | undefined,
  ): Promise<ApiRecord[]> {
    if (networks.length === 0) return [];
    const subnets = (
      await this.subnets.list(db, { parentIds: networks.map((network) => network.id) })
    ).filter(
      (subnet) =>
        !ipVersions?.length || ipVersions.some((version) => String(version) === String(subnet.ip_version)),
    );
    const used = new Map<string, number>();
    if (subnets.length > 0) {
      const rows = await db
        .selectFrom('ip_allocations')
        .select(['subnet_id', (eb) => eb.fn.countAll<number | string>().as('count')])
        .where(
          'subnet_id',
          'in',
          subnets.map((subnet) => subnet.id),
        )
        .groupBy('subnet_id')
        .execute();
      for (const row of rows) used.set(row.subnet_id, Number(row.count));
    }
    const records: ApiRecord[] = [];
    for (const network of networks) {
      const inNetwork = subnets
        .filter((subnet) => subnet.network_id === network.id)
        .map((subnet) => ({
          subnet_id: subnet.id,
          ip_version: subnet.ip_version,
          cidr: subnet.cidr,
          subnet_name: subnet.name,
          used_ips: used.get(subnet.id) ?? 0,
          total_ips: totalIps(subnet),
        }));
      // Asked for one IP version, a network without a subnet of it is not listed.
      if (ipVersions?.length && inNetwork.length === 0) continue;
      records.push({
        id: network.id,
        network_id: network.id,
        network_name: network.name,
        tenant_id: network.project_id,
        project_id: network.project_id,
        subnet_ip_availability: inNetwork,
        used_ips: inNetwork.reduce((sum, subnet) => sum + subnet.used_ips, 0),
        total_ips: inNetwork.reduce((sum, subnet) => sum + subnet.total_ips, 0),
      });
    }
    return records;
  }

  async list(_call: CallContext, filters: ListFilters): Promise<ApiRecord[]> {
    const ids = filters.network_id?.map(String);
    const networks = await this.networks.list(this.deps.db, ids ? { ids } : {});
    return this.availability(this.deps.db, networks, filters.ip_version);
  }

  async get(_call: CallContext, id: string): Promise<ApiRecord | null> {
    const network = await this.networks.get(this.deps.db, id);
    return network ? ((await this.availability(this.deps.db, [network], undefined))[0] ?? null) : null;
  }

  create(): Promise<ApiRecord> {
    throw new Error('IP availability is read-only');
  }

  update(): Promise<ApiRecord> {
    throw new Error('IP availability is read-only');
  }

  delete(): Promise<void> {
    throw new Error('IP availability is read-only');
  }
}
