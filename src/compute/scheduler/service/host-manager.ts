import type { Kysely, Selectable } from 'kysely';
import type { ProviderSummary } from '../../../common/clients/placement-types.js';
import { AggregatesRepo } from '../../aggregates/aggregates-repo.js';
import type { ComputeNodeTable, ComputeSchema } from '../../db/schema.js';
import type { ServiceRegistry, ServiceRow } from '../../services/service-registry.js';
import type { Aggregate, HostState, SupportedInstance } from '../host-state.js';
import { resourcesFromProviderSummary, type HostResources } from '../provider-summary.js';

type ComputeNodeRow = Selectable<ComputeNodeTable>;

/** The node's own report, for a check made without placement (a rebuild on its host). */
function resourcesFromNode(node: ComputeNodeRow): HostResources {
  return {
    vcpusTotal: node.vcpus,
    vcpusUsed: node.vcpus_used,
    cpuAllocationRatio: 1,
    totalUsableRamMb: node.memory_mb,
    freeRamMb: node.memory_mb - node.memory_mb_used,
    totalUsableDiskGb: node.local_gb,
    freeDiskMb: (node.local_gb - node.local_gb_used) * 1024,
  };
}

function parseCpuInfo(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * What guests the node runs. `compute_nodes` does not keep the driver's `supported_instances`,
 * so it is rebuilt from what it keeps: the CPU's architecture and the hypervisor type, in
 * hardware-virtualized mode (what both the fake and the QEMU drivers report).
 */
function supportedInstancesOf(node: ComputeNodeRow, cpuInfo: Record<string, unknown>): SupportedInstance[] {
  const arch = typeof cpuInfo.arch === 'string' ? cpuInfo.arch.toLowerCase() : undefined;
  if (!arch) return [];
  return [[arch, node.hypervisor_type.toLowerCase(), 'hvm']];
}

/**
 * Nova's HostManager: the state of each compute node the scheduler may choose, from its
 * `compute_nodes` record, its nova-compute service (disabled, up or down by heartbeat), its
 * host's aggregates and the live instances on its host, with the resource figures of placement's
 * provider summary. Read afresh for every request (no cache to keep in step across schedulers).
 */
export class HostManager {
  constructor(
    private readonly db: Kysely<ComputeSchema>,
    private readonly services: ServiceRegistry,
    private readonly now: () => Date,
  ) {}

  /** `get_compute_nodes_by_host_or_node`: by host, by node name, or both. */
  async nodesByHostOrNode(host: string | null, node: string | null): Promise<ComputeNodeRow[]> {
    let query = this.db.selectFrom('compute_nodes').selectAll().orderBy('id');
    if (host) query = query.where('host', '=', host);
    if (node) query = query.where('hypervisor_hostname', '=', node);
    return query.execute();
  }

  /**
   * The host states of the nodes placement offered (`summaries` by provider uuid), or of every
   * node when `summaries` is null. A node whose host has no nova-compute service is skipped, as
   * Nova skips it.
   */
  async hostStates(summaries: Record<string, ProviderSummary> | null): Promise<HostState[]> {
    let query = this.db.selectFrom('compute_nodes').selectAll().orderBy('id');
    if (summaries) {
      const uuids = Object.keys(summaries);
      if (uuids.length === 0) return [];
      query = query.where('uuid', 'in', uuids);
    }
    const nodes = await query.execute();
    if (nodes.length === 0) return [];
    const hosts = [...new Set(nodes.map((node) => node.host))];
    const services = new Map<string, ServiceRow>();
    for (const service of await this.services.list({ binary: 'nova-compute' }))
      services.set(service.host, service);
    const aggregates = await new AggregatesRepo(this.db).list();
    const instances = await this.db
      .selectFrom('instances')
      .select(['uuid', 'host'])
      .where('deleted', '=', 0)
      .where('host', 'in', hosts)
      .execute();
    const now = this.now();

    const states: HostState[] = [];
    for (const node of nodes) {
      const service = services.get(node.host);
      if (!service) continue;
      const cpuInfo = parseCpuInfo(node.cpu_info);
      const onHost = instances
        .filter((instance) => instance.host === node.host)
        .map((instance) => instance.uuid);
      const hostAggregates: Aggregate[] = aggregates
        .filter((aggregate) => aggregate.hosts.includes(node.host))
        .map((aggregate) => ({ name: aggregate.name, metadata: aggregate.metadata }));
      const summary = summaries?.[node.uuid];
      states.push({
        host: node.host,
        nodename: node.hypervisor_hostname,
        uuid: node.uuid,
        aggregates: hostAggregates,
        service: {
          disabled: service.disabled === 1,
          disabledReason: service.disabled_reason,
          up: this.services.isUp(service, now),
        },
        ...(summary ? resourcesFromProviderSummary(summary) : resourcesFromNode(node)),
        numInstances: onHost.length,
        instances: new Set(onHost),
        // Nova reads this from the node's stats, which compute_nodes does not keep yet.
        failedBuilds: 0,
        hypervisorType: node.hypervisor_type,
        hypervisorVersion: node.hypervisor_version,
        cpuInfo,
        supportedInstances: supportedInstancesOf(node, cpuInfo),
      });
    }
    return states;
  }
}
