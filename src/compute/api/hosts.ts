import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import { AggregatesRepo } from '../aggregates/aggregates-repo.js';
import { hostZones, zoneOfService } from '../aggregates/availability-zones.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { ServiceRegistry } from '../services/service-registry.js';
import {
  hostListQuery,
  hostListResponse,
  hostParams,
  hostPowerActionResponse,
  hostShowResponse,
  hostUpdateBody,
  hostUpdateResponse,
} from './schemas/hosts.js';
import { validateBody } from './schemas/servers-validation.js';

/** os-hosts is deprecated for os-services and os-hypervisors: 404 from 2.43. */
const LAST_WITH_HOSTS = '2.42';

const POLICY = (action: string) => `os_compute_api:os-hosts:${action}`;

type HostRequest = FastifyRequest<{ Params: { id: string } }>;

/** One row of a host's resources: its totals, its use, and each project's share. */
interface HostResource {
  host: string;
  project: string;
  cpu: number;
  memory_mb: number;
  disk_gb: number;
}

/**
 * The host's cell (`HostMapping.get_by_host`): in one cell, a host is mapped once its compute
 * service registered, so any other host is Nova's HostMappingNotFound (404).
 */
async function requireMappedHost(deps: ComputeDeps, host: string): Promise<void> {
  if (!(await new ServiceRegistry(deps.db).find(host, 'nova-compute'))) {
    throw new NotFound(`Host '${host}' is not mapped to any cell`);
  }
}

/**
 * HostAPI's `set_host_enabled`, `set_host_maintenance` and `host_power_action`: the host must
 * exist, then its compute service asks the virt driver. Stratus's drivers, as libvirt's, have
 * none of these host operations (the base driver's NotImplementedError), which Nova answers 501.
 */
async function hostOperation(deps: ComputeDeps, host: string): Promise<never> {
  await requireMappedHost(deps, host);
  throw new ApiError(501, 'The requested functionality is not supported.');
}

/**
 * `show`: the first compute node's totals and current use, what the host's instances were given
 * (`(used_max)`), then each project's instances, in the order they were created.
 */
async function hostResources(deps: ComputeDeps, host: string): Promise<HostResource[]> {
  await requireMappedHost(deps, host);
  const node = await deps.db
    .selectFrom('compute_nodes')
    .selectAll()
    .where('host', '=', host)
    .orderBy('id')
    .executeTakeFirst();
  if (!node) throw new NotFound(`Compute host ${host} could not be found.`);
  const instances = await deps.db
    .selectFrom('instances')
    .select(['project_id', 'vcpus', 'memory_mb', 'root_gb', 'ephemeral_gb'])
    .where('host', '=', host)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  const row = (project: string, cpu: number, memory: number, disk: number): HostResource => ({
    host,
    project,
    cpu,
    memory_mb: memory,
    disk_gb: disk,
  });
  const usedMax = row('(used_max)', 0, 0, 0);
  const byProject = new Map<string, HostResource>();
  for (const instance of instances) {
    const disk = instance.root_gb + instance.ephemeral_gb;
    let project = byProject.get(instance.project_id);
    if (!project) byProject.set(instance.project_id, (project = row(instance.project_id, 0, 0, 0)));
    for (const total of [usedMax, project]) {
      total.cpu += instance.vcpus;
      total.memory_mb += instance.memory_mb;
      total.disk_gb += disk;
    }
  }
  return [
    row('(total)', node.vcpus, node.memory_mb, node.local_gb),
    row('(used_now)', node.vcpus_used, node.memory_mb_used, node.local_gb_used),
    usedMax,
    ...byProject.values(),
  ];
}

/** `/os-hosts` (deprecated, admin only, up to 2.42): hosts by service, and a host's resources. */
export function hostRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get(
    '/os-hosts',
    { schema: { querystring: hostListQuery, response: { 200: hostListResponse } } },
    async (request) => {
      requireMicroversion(request, '2.1', LAST_WITH_HOSTS);
      authorize(deps.policy, POLICY('list'), {}, request.context);
      const zoneParam = (request.query as Record<string, unknown>).zone;
      const zone = Array.isArray(zoneParam) ? zoneParam.at(-1) : zoneParam;
      const zones = hostZones(await new AggregatesRepo(deps.db).list());
      // Enabled services only; the API services never register in Stratus.
      const services = (await new ServiceRegistry(deps.db).list()).filter(
        (service) => service.disabled === 0,
      );
      const hosts = services
        .map((service) => ({
          host_name: service.host,
          service: service.topic ?? '',
          zone: zoneOfService(service, zones),
        }))
        .filter((host) => !zone || host.zone === zone);
      return { hosts };
    },
  );

  app.get(
    '/os-hosts/:id',
    { schema: { params: hostParams, response: { 200: hostShowResponse } } },
    async (request: HostRequest) => {
      requireMicroversion(request, '2.1', LAST_WITH_HOSTS);
      authorize(deps.policy, POLICY('show'), {}, request.context);
      const resources = await hostResources(deps, request.params.id);
      return { host: resources.map((resource) => ({ resource })) };
    },
  );

  app.put(
    '/os-hosts/:id',
    { schema: { params: hostParams, body: { type: 'object' }, response: { 200: hostUpdateResponse } } },
    async (request: HostRequest) => {
      requireMicroversion(request, '2.1', LAST_WITH_HOSTS);
      const body = validateBody<{ status?: string; maintenance_mode?: string }>(hostUpdateBody, request.body);
      authorize(deps.policy, POLICY('update'), {}, request.context);
      // The status is set first, then the maintenance mode; each fails as the driver can't.
      if (body.status !== undefined || body.maintenance_mode !== undefined) {
        await hostOperation(deps, request.params.id);
      }
      return { host: request.params.id };
    },
  );

  for (const [action, policy] of [
    ['startup', 'start'],
    ['shutdown', 'shutdown'],
    ['reboot', 'reboot'],
  ] as const) {
    app.get(
      `/os-hosts/:id/${action}`,
      { schema: { params: hostParams, response: { 200: hostPowerActionResponse } } },
      async (request: HostRequest) => {
        requireMicroversion(request, '2.1', LAST_WITH_HOSTS);
        authorize(deps.policy, POLICY(policy), {}, request.context);
        return hostOperation(deps, request.params.id);
      },
    );
  }
}
