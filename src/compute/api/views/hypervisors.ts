import type { Microversion } from '../../../common/http/microversion.js';
import type { ComputeNodeRow } from '../../hypervisors/compute-node-registry.js';
import type { ServiceRow } from '../../services/service-registry.js';

/** Microversions that change the hypervisors API. */
export const HYPERVISOR_PAGING = '2.33';
export const HYPERVISOR_UUID_ID = '2.53';
export const HYPERVISOR_EMPTY_SERVERS = '2.75';
/** From 2.88 the resource fields, statistics and uptime are gone (placement has them). */
export const HYPERVISOR_NO_RESOURCES = '2.88';

/** A hypervisor's guests, as `servers` lists them. */
export interface HostedServer {
  name: string;
  uuid: string;
}

export interface HypervisorViewOptions {
  detail: boolean;
  /** Whether the service answers heartbeats (`service_is_up`). */
  up: boolean;
  /** The host's guests when they were asked for; null when not. */
  servers: HostedServer[] | null;
  /** The host's uptime line for the 2.88 detail view; null when its agent cannot tell. */
  uptime?: string | null;
}

/** The resource fields of the detail view before 2.88, with Nova's derived ones. */
function resources(node: ComputeNodeRow, version: Microversion) {
  return {
    vcpus: node.vcpus,
    memory_mb: node.memory_mb,
    local_gb: node.local_gb,
    vcpus_used: node.vcpus_used,
    memory_mb_used: node.memory_mb_used,
    local_gb_used: node.local_gb_used,
    free_ram_mb: node.memory_mb - node.memory_mb_used,
    free_disk_gb: node.local_gb - node.local_gb_used,
    // Nova counts instances with a task in progress; none exist here yet.
    current_workload: 0,
    running_vms: node.running_vms,
    disk_available_least: node.disk_available_least,
    // JSON text before 2.28, the object from then.
    cpu_info: version.below('2.28') ? node.cpu_info : JSON.parse(node.cpu_info || '{}'),
  };
}

/** `_view_hypervisor`. From 2.88 the detail view has the host's `uptime`. */
export function hypervisorView(
  node: ComputeNodeRow,
  service: ServiceRow,
  version: Microversion,
  options: HypervisorViewOptions,
) {
  const uuidForId = version.atLeast(HYPERVISOR_UUID_ID);
  const servers = options.servers ?? [];
  return {
    id: uuidForId ? node.uuid : node.id,
    hypervisor_hostname: node.hypervisor_hostname,
    state: options.up ? 'up' : 'down',
    status: service.disabled === 1 ? 'disabled' : 'enabled',
    ...(options.detail
      ? {
          hypervisor_type: node.hypervisor_type,
          hypervisor_version: node.hypervisor_version,
          host_ip: node.host_ip,
          service: {
            id: uuidForId ? service.uuid : service.id,
            host: node.host,
            disabled_reason: service.disabled_reason,
          },
          ...(version.below(HYPERVISOR_NO_RESOURCES)
            ? resources(node, version)
            : { uptime: options.uptime ?? null }),
        }
      : {}),
    // Nova shows servers when there are some, and an empty list from 2.75 when they were asked for.
    ...(servers.length > 0 || (options.servers !== null && version.atLeast(HYPERVISOR_EMPTY_SERVERS))
      ? { servers }
      : {}),
  };
}
