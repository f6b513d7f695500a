import { Conflict } from '../../../common/http/errors.js';
import { AggregatesRepo } from '../../aggregates/aggregates-repo.js';
import { DEFAULT_ZONE, hostZones } from '../../aggregates/availability-zones.js';
import type { ComputeDeps } from '../../deps.js';
import { ServiceRegistry } from '../../services/service-registry.js';

/**
 * Whether the compute service of `host` is up (`servicegroup_api.service_is_up`); a host whose
 * service record is gone counts as down.
 */
export async function computeServiceIsUp(deps: ComputeDeps, host: string): Promise<boolean> {
  const registry = new ServiceRegistry(deps.db);
  const service = await registry.find(host, 'nova-compute');
  return service !== undefined && registry.isUp(service, deps.now());
}

/** `check_instance_host(check_is_up=True)`: Nova's ServiceUnavailable, which hides the host name. */
export async function requireComputeUp(deps: ComputeDeps, host: string): Promise<void> {
  if (!(await computeServiceIsUp(deps, host))) throw new Conflict('Service is unavailable at this time.');
}

/** Whether `host` has a compute node (`ComputeNodeList.get_all_by_host` finds one). */
export async function hasComputeNode(deps: ComputeDeps, host: string): Promise<boolean> {
  const node = await deps.db
    .selectFrom('compute_nodes')
    .select('id')
    .where('host', '=', host)
    .executeTakeFirst();
  return node !== undefined;
}

/** Whether `host` runs a compute service (`HostAPI.service_get_by_compute_host`). */
export async function hasComputeService(deps: ComputeDeps, host: string): Promise<boolean> {
  return (await new ServiceRegistry(deps.db).find(host, 'nova-compute')) !== undefined;
}

/** `get_host_availability_zone`: the zone of the host's aggregates, else the default zone. */
export async function zoneOfHost(deps: ComputeDeps, host: string | null): Promise<string> {
  if (!host) return DEFAULT_ZONE;
  return hostZones(await new AggregatesRepo(deps.db).ofHost(host)).get(host) ?? DEFAULT_ZONE;
}
