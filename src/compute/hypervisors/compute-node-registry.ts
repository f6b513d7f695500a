import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ComputeNodeTable, ComputeSchema } from '../db/schema.js';
import type { HostResources } from '../virt/types.js';

export type ComputeNodeRow = Selectable<ComputeNodeTable>;

/** A report from a host whose nova-compute service never registered (or was deleted). */
export class ComputeServiceNotRegistered extends Error {
  constructor(readonly host: string) {
    super(`No nova-compute service is registered on host ${host}`);
  }
}

/** `uuidutils.is_uuid_like`: 32 hex digits once any dashes are dropped. */
export function isUuidLike(value: string): boolean {
  return /^[0-9a-f]{32}$/i.test(value.replace(/-/g, ''));
}

/** What a report writes: every field the driver reports, as the columns hold it. */
function columnsOf(resources: HostResources) {
  return {
    hypervisor_type: resources.hypervisorType,
    hypervisor_version: resources.hypervisorVersion,
    vcpus: resources.vcpus,
    memory_mb: resources.memoryMb,
    local_gb: resources.localGb,
    vcpus_used: resources.vcpusUsed,
    memory_mb_used: resources.memoryMbUsed,
    local_gb_used: resources.localGbUsed,
    disk_available_least: resources.diskAvailableLeast,
    running_vms: resources.runningVms,
    cpu_info: JSON.stringify(resources.cpuInfo),
    host_ip: resources.hostIp,
  };
}

/**
 * Nova's compute node records: each compute agent reports its host's resources after every
 * resource audit, creating the record on the first report (with the uuid placement will use) and
 * updating it afterwards.
 */
export class ComputeNodeRegistry {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  /** `_update_available_resource`'s save: upsert by (host, hypervisor hostname). */
  async report(host: string, resources: HostResources, now: Date): Promise<ComputeNodeRow> {
    const service = await this.db
      .selectFrom('services')
      .select('id')
      .where('host', '=', host)
      .where('binary', '=', 'nova-compute')
      .executeTakeFirst();
    if (!service) throw new ComputeServiceNotRegistered(host);
    const stamp = now.toISOString();
    const existing = await this.find(host, resources.hypervisorHostname);
    if (existing) {
      await this.db
        .updateTable('compute_nodes')
        .set({ ...columnsOf(resources), service_id: service.id, updated_at: stamp })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await this.db
        .insertInto('compute_nodes')
        .values({
          ...columnsOf(resources),
          uuid: randomUUID(),
          service_id: service.id,
          host,
          hypervisor_hostname: resources.hypervisorHostname,
          created_at: stamp,
        })
        .execute();
    }
    return (await this.find(host, resources.hypervisorHostname)) as ComputeNodeRow;
  }

  /**
   * By id order, from the one after `marker` (an id or a uuid, as Nova takes either); undefined
   * when the marker names no node, for the caller to answer as it does.
   */
  async list(page: { limit?: number; marker?: string } = {}): Promise<ComputeNodeRow[] | undefined> {
    let query = this.db.selectFrom('compute_nodes').selectAll().orderBy('id');
    if (page.marker !== undefined) {
      const marker = await this.findById(page.marker);
      if (!marker) return undefined;
      query = query.where('id', '>', marker.id);
    }
    return (page.limit === undefined ? query : query.limit(page.limit)).execute();
  }

  /** `compute_node_search_by_hypervisor`: hypervisor hostnames containing `pattern` (SQL LIKE). */
  search(pattern: string): Promise<ComputeNodeRow[]> {
    return this.db
      .selectFrom('compute_nodes')
      .selectAll()
      .where('hypervisor_hostname', 'like', `%${pattern}%`)
      .orderBy('id')
      .execute();
  }

  find(host: string, hypervisorHostname: string): Promise<ComputeNodeRow | undefined> {
    return this.db
      .selectFrom('compute_nodes')
      .selectAll()
      .where('host', '=', host)
      .where('hypervisor_hostname', '=', hypervisorHostname)
      .executeTakeFirst();
  }

  /** By the uuid when `id` looks like one, else by the integer id; undefined when neither. */
  findById(id: string): Promise<ComputeNodeRow | undefined> {
    const byUuid = isUuidLike(id);
    if (!byUuid && !/^\d+$/.test(id)) return Promise.resolve(undefined);
    return this.db
      .selectFrom('compute_nodes')
      .selectAll()
      .where(byUuid ? 'uuid' : 'id', '=', byUuid ? id : Number(id))
      .executeTakeFirst();
  }
}
