import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, BadRequest, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import { markerNotFound, parsePageRequest } from '../../common/http/pagination.js';
import type { ComputeDeps } from '../deps.js';
import {
  ComputeNodeRegistry,
  isUuidLike,
  type ComputeNodeRow,
} from '../hypervisors/compute-node-registry.js';
import { rpcContextOf } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import { boolFromString, pythonInt } from '../python-values.js';
import { ServiceRegistry, type ServiceRow } from '../services/service-registry.js';
import { refuseUnknownQuery } from './schemas/parameter-types.js';
import {
  HYPERVISOR_LIST_PARAMETERS,
  STATISTICS_FIELDS,
  hypervisorIdParams,
  hypervisorListQuery,
  hypervisorListResponse,
  hypervisorResponse,
  hypervisorShowQuery,
  hypervisorStatisticsResponse,
} from './schemas/hypervisors.js';
import { fqdn } from './schemas/services.js';
import { agentAt, fromRemote } from './server-actions/action-table.js';
import {
  HYPERVISOR_NO_RESOURCES,
  HYPERVISOR_PAGING,
  HYPERVISOR_UUID_ID,
  hypervisorView,
  type HostedServer,
} from './views/hypervisors.js';
import { collectionLinks } from './views/links.js';

type Query = Record<string, string[] | undefined>;
type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const POLICY = (action: string) => `os_compute_api:os-hypervisors:${action}`;
const FQDN = new RegExp(fqdn.pattern);
const LAST_WITH_RESOURCES = '2.87';
const LAST_WITH_SEARCH = '2.52';

/** From 2.53 Nova's `single_param`: a parameter may be given once. */
function single(query: Query, name: string): string | undefined {
  const values = query[name];
  if (values === undefined) return undefined;
  if (values.length > 1) throw new BadRequest(`Invalid input for query parameters ${name}.`);
  return values[0];
}

/** `with_servers` from 2.53: strict `bool_from_string`, as the schema's boolean enumerates it. */
function withServers(query: Query): boolean {
  const text = single(query, 'with_servers');
  if (text === undefined) return false;
  const value = boolFromString(text);
  if (value === undefined) throw new BadRequest('Invalid input for query parameters with_servers.');
  return value;
}

/** Guests of a host; none until instances exist. */
function serversOn(_node: ComputeNodeRow): HostedServer[] {
  return [];
}

/**
 * `/os-hypervisors` (admin only): compute nodes with their service's state and status. A node
 * whose host has no nova-compute service any more is skipped, as Nova does.
 */
export function hypervisorRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const nodes = new ComputeNodeRegistry(deps.db);
  const services = new ServiceRegistry(deps.db);

  /** Each node beside its service, or nothing for a node whose service is gone. */
  async function withService(rows: ComputeNodeRow[]) {
    const pairs = await Promise.all(
      rows.map(async (node) => ({ node, service: await services.find(node.host, 'nova-compute') })),
    );
    return pairs.flatMap(({ node, service }) => (service ? [{ node, service }] : []));
  }

  /**
   * `host_api.get_host_uptime`: the host's agent asks its driver. A host whose service is down
   * cannot answer (400); a driver that cannot tell is a 501.
   */
  async function askUptime(request: FastifyRequest, node: ComputeNodeRow, service: ServiceRow) {
    if (!services.isUp(service, deps.now())) {
      throw new BadRequest(`Compute service of ${node.host} is unavailable at this time.`);
    }
    try {
      return await agentAt(deps, node.host).call('get_host_uptime', { context: rpcContextOf(deps, request) });
    } catch (error) {
      fromRemote(error, {
        OperationNotSupported: () => new ApiError(501, 'The requested functionality is not supported.'),
      });
    }
  }

  /** The uptime of the detail view from 2.88, null where `askUptime` has none to give. */
  async function detailUptime(request: FastifyRequest, node: ComputeNodeRow, service: ServiceRow) {
    if (!request.microversion.atLeast(HYPERVISOR_NO_RESOURCES)) return undefined;
    return askUptime(request, node, service).catch((error: unknown) => {
      if (error instanceof ApiError && (error.status === 400 || error.status === 501)) return null;
      throw error;
    });
  }

  /** `_validate_id` and the lookup of show and uptime: uuid from 2.53, integer before. */
  async function nodeById(request: IdRequest): Promise<ComputeNodeRow> {
    const id = request.params.id;
    const notFound = new NotFound(`Hypervisor with ID '${id}' could not be found.`);
    if (request.microversion.atLeast(HYPERVISOR_UUID_ID)) {
      if (!isUuidLike(id)) throw new BadRequest(`Invalid uuid ${id}`);
    } else if (pythonInt(id) === undefined) {
      throw notFound;
    }
    const node = await nodes.findById(
      request.microversion.atLeast(HYPERVISOR_UUID_ID) ? id : String(pythonInt(id)),
    );
    if (!node) throw notFound;
    return node;
  }

  /** `_get_compute_nodes_by_name_pattern`. */
  async function search(pattern: string): Promise<ComputeNodeRow[]> {
    const found = await nodes.search(pattern);
    if (found.length === 0) throw new NotFound(`No hypervisor matching '${pattern}' could be found.`);
    return found;
  }

  /** `_get_hypervisors`: index and detail. */
  async function list(request: FastifyRequest, detail: boolean) {
    const version = request.microversion;
    const query = request.query as Query;
    authorize(deps.policy, POLICY(detail ? 'list-detail' : 'list'), {}, request.context);
    let pattern: string | undefined;
    let servers = false;
    if (version.atLeast(HYPERVISOR_UUID_ID)) {
      refuseUnknownQuery(query, HYPERVISOR_LIST_PARAMETERS);
      pattern = single(query, 'hypervisor_hostname_pattern');
      if (pattern !== undefined && (pattern === '' || pattern.length > 255 || !FQDN.test(pattern))) {
        throw new BadRequest('Invalid input for query parameters hypervisor_hostname_pattern.');
      }
      servers = withServers(query);
      // single_param: paging values, too, may be given only once from 2.53.
      single(query, 'limit');
      single(query, 'marker');
    }
    const paged = version.atLeast(HYPERVISOR_PAGING);
    const page = paged
      ? parsePageRequest({ limit: query.limit, marker: query.marker }, { maxLimit: deps.settings.maxLimit })
      : undefined;
    let rows: ComputeNodeRow[];
    if (pattern !== undefined) {
      if (query.limit !== undefined || page?.marker) {
        throw new BadRequest(
          'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.',
        );
      }
      rows = await search(pattern);
    } else {
      const listed = await nodes.list(page ?? {});
      if (!listed) throw markerNotFound(page?.marker ?? '');
      rows = listed;
    }
    const now = deps.now();
    const hypervisors = await Promise.all(
      (await withService(rows)).map(async ({ node, service }) =>
        hypervisorView(node, service, version, {
          detail,
          up: services.isUp(service, now),
          servers: servers ? serversOn(node) : null,
          uptime: detail ? await detailUptime(request, node, service) : undefined,
        }),
      ),
    );
    const links =
      page && pattern === undefined
        ? collectionLinks(
            deps.baseUrl,
            detail ? 'os-hypervisors/detail' : 'os-hypervisors',
            request.url,
            hypervisors.length,
            page.limit,
            hypervisors.at(-1)?.id.toString(),
          )
        : [];
    return { hypervisors, ...(links.length > 0 ? { hypervisors_links: links } : {}) };
  }

  const listSchema = { querystring: hypervisorListQuery, response: { 200: hypervisorListResponse } };
  app.get('/os-hypervisors', { schema: listSchema }, (request) => list(request, false));
  app.get('/os-hypervisors/detail', { schema: listSchema }, (request) => list(request, true));

  app.get(
    '/os-hypervisors/statistics',
    { schema: { response: { 200: hypervisorStatisticsResponse } } },
    async (request) => {
      requireMicroversion(request, '2.1', LAST_WITH_RESOURCES);
      authorize(deps.policy, POLICY('statistics'), {}, request.context);
      // Nova sums the nodes of enabled compute services only.
      const enabled = (await withService((await nodes.list()) ?? [])).filter(
        ({ service }) => service.disabled === 0,
      );
      const sums = Object.fromEntries(STATISTICS_FIELDS.map((field) => [field, 0]));
      for (const { node } of enabled) {
        sums.count += 1;
        sums.vcpus += node.vcpus;
        sums.memory_mb += node.memory_mb;
        sums.local_gb += node.local_gb;
        sums.vcpus_used += node.vcpus_used;
        sums.memory_mb_used += node.memory_mb_used;
        sums.local_gb_used += node.local_gb_used;
        sums.free_ram_mb += node.memory_mb - node.memory_mb_used;
        sums.free_disk_gb += node.local_gb - node.local_gb_used;
        sums.running_vms += node.running_vms;
        sums.disk_available_least += node.disk_available_least ?? 0;
      }
      return { hypervisor_statistics: sums };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/os-hypervisors/:id',
    {
      schema: {
        params: hypervisorIdParams,
        querystring: hypervisorShowQuery,
        response: { 200: hypervisorResponse },
      },
    },
    async (request) => {
      const version = request.microversion;
      let servers = false;
      if (version.atLeast(HYPERVISOR_UUID_ID)) {
        refuseUnknownQuery(request.query as Query, ['with_servers']);
        servers = withServers(request.query as Query);
      }
      authorize(deps.policy, POLICY('show'), {}, request.context);
      const node = await nodeById(request);
      const [pair] = await withService([node]);
      if (!pair) throw new NotFound(`Hypervisor with ID '${request.params.id}' could not be found.`);
      const up = services.isUp(pair.service, deps.now());
      const options = {
        detail: true,
        up,
        servers: servers ? serversOn(node) : null,
        uptime: await detailUptime(request, node, pair.service),
      };
      return { hypervisor: hypervisorView(node, pair.service, version, options) };
    },
  );

  /** Before 2.88 (then the detail view has it): the brief view with the host's `uptime` line. */
  app.get<{ Params: { id: string } }>(
    '/os-hypervisors/:id/uptime',
    { schema: { params: hypervisorIdParams, response: { 200: hypervisorResponse } } },
    async (request) => {
      requireMicroversion(request, '2.1', LAST_WITH_RESOURCES);
      authorize(deps.policy, POLICY('uptime'), {}, request.context);
      const node = await nodeById(request);
      const [pair] = await withService([node]);
      if (!pair) throw new NotFound(`Hypervisor with ID '${request.params.id}' could not be found.`);
      const uptime = await askUptime(request, node, pair.service);
      const view = hypervisorView(node, pair.service, request.microversion, {
        detail: false,
        up: true,
        servers: null,
      });
      return { hypervisor: { ...view, uptime } };
    },
  );

  for (const action of ['search', 'servers'] as const) {
    app.get<{ Params: { id: string } }>(
      `/os-hypervisors/:id/${action}`,
      { schema: { params: hypervisorIdParams, response: { 200: hypervisorListResponse } } },
      async (request) => {
        requireMicroversion(request, '2.1', LAST_WITH_SEARCH);
        authorize(deps.policy, POLICY(action), {}, request.context);
        const now = deps.now();
        const pairs = await withService(await search(request.params.id));
        return {
          hypervisors: pairs.map(({ node, service }) =>
            hypervisorView(node, service, request.microversion, {
              detail: false,
              up: services.isUp(service, now),
              servers: action === 'servers' ? serversOn(node) : null,
            }),
          ),
        };
      },
    );
  }
}
