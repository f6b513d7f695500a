import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canonicalIpv6 } from '../instances/access-ip.js';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { deleteServer } from '../instances/delete-server.js';
import {
  InstanceNotFound,
  InstanceRepo,
  systemMetadataOf,
  type InstanceChanges,
} from '../instances/instance-repo.js';
import { loadServerForCaller, rpcContextOf } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import { boolFromString } from '../python-values.js';
import { objectBody, serverIdParams, serverListQueryShape, updateServerSchema } from './schemas/servers.js';
import {
  createServerResponse,
  serverDetailListResponse,
  serverListResponse,
  serverResponse,
} from './schemas/servers-responses.js';
import { validateBody } from './schemas/servers-validation.js';
import { createServersFromRequest } from './servers-create.js';
import { detailedServers, updateShowsAll } from './servers-detail.js';
import { listServers } from './servers-list.js';
import { collectionLinks, resourceLinks } from './views/links.js';
import { AUTO_DISK_CONFIG_KEY, serverBrief, serverCreated } from './views/servers.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
interface UpdateBody {
  server: {
    name?: string;
    description?: string | null;
    hostname?: string;
    accessIPv4?: string;
    accessIPv6?: string;
    'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL';
  };
}

const POLICY = (action: string) => `os_compute_api:servers:${action}`;
const params = serverIdParams;

/** `/servers`: create, list (brief and detailed), show, update and delete servers. */
export function serverRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const repo = new InstanceRepo(deps.db, deps.now);

  const listLinks = (request: FastifyRequest, collection: string, uuids: string[], limit: number) => {
    const links = collectionLinks(deps.baseUrl, collection, request.url, uuids.length, limit, uuids.at(-1));
    return links.length > 0 ? { servers_links: links } : {};
  };

  app.get(
    '/servers',
    { schema: { querystring: serverListQueryShape, response: { 200: serverListResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('index'), { project_id: request.context.projectId }, request.context);
      const { rows, limit } = await listServers(deps, request, false);
      return {
        servers: rows.map((row) => serverBrief(row, deps.baseUrl)),
        ...listLinks(
          request,
          'servers',
          rows.map((row) => row.uuid),
          limit,
        ),
      };
    },
  );

  app.get(
    '/servers/detail',
    { schema: { querystring: serverListQueryShape, response: { 200: serverDetailListResponse } } },
    async (request) => {
      authorize(deps.policy, POLICY('detail'), { project_id: request.context.projectId }, request.context);
      const { rows, limit } = await listServers(deps, request, true);
      const servers = await detailedServers(deps, request, rows, {
        single: false,
        full: true,
        showServerGroups: false,
      });
      return {
        servers,
        ...listLinks(
          request,
          'servers/detail',
          rows.map((row) => row.uuid),
          limit,
        ),
      };
    },
  );

  app.post(
    '/servers',
    { schema: { body: objectBody, response: { 202: createServerResponse } } },
    async (request, reply) => {
      const { created, server, adminPass } = await createServersFromRequest(deps, request);
      reply.status(202);
      if (boolFromString(server.return_reservation_id ?? false))
        return { reservation_id: created.reservationId };
      const first = created.instances[0];
      reply.header('location', resourceLinks(deps.baseUrl, 'servers', first.uuid)[0].href);
      // `[api] enable_instance_password` is on, as Nova's default.
      return serverCreated(first, deps.baseUrl, server.security_groups, adminPass);
    },
  );

  app.get(
    '/servers/:id',
    { schema: { params, response: { 200: serverResponse } } },
    async (request: IdRequest) => {
      const row = await loadServerForCaller(deps, request, request.params.id);
      authorize(deps.policy, POLICY('show'), { project_id: row.project_id }, request.context);
      const [server] = await detailedServers(deps, request, [row], {
        single: true,
        full: true,
        showServerGroups: request.microversion.atLeast('2.71'),
      });
      return { server };
    },
  );

  app.put(
    '/servers/:id',
    { schema: { params, body: objectBody, response: { 200: serverResponse } } },
    async (request: IdRequest) => {
      const body = validateBody<UpdateBody>(updateServerSchema(request.microversion), request.body);
      const row = await loadServerForCaller(deps, request, request.params.id);
      authorize(
        deps.policy,
        POLICY('update'),
        { user_id: row.user_id, project_id: row.project_id },
        request.context,
      );
      const fields = body.server;
      const changes: InstanceChanges = {};
      if (fields.name !== undefined) changes.display_name = fields.name.trim();
      if ('description' in fields) changes.display_description = fields.description ?? null;
      if (fields.hostname !== undefined) changes.hostname = fields.hostname;
      if (fields.accessIPv4 !== undefined) changes.access_ip_v4 = fields.accessIPv4;
      if (fields.accessIPv6 !== undefined)
        changes.access_ip_v6 = fields.accessIPv6 && canonicalIpv6(fields.accessIPv6);
      if (fields['OS-DCF:diskConfig'] !== undefined) {
        const system = systemMetadataOf(row);
        system[AUTO_DISK_CONFIG_KEY] = fields['OS-DCF:diskConfig'] === 'AUTO' ? 'True' : 'False';
        changes.system_metadata = JSON.stringify(system);
      }
      const saved = await repo.save(row.uuid, changes).catch((error: unknown) => {
        if (error instanceof InstanceNotFound) throw new NotFound('Instance could not be found');
        throw error;
      });
      const full = updateShowsAll(request);
      const [server] = await detailedServers(deps, request, [saved], {
        single: true,
        full,
        showServerGroups: request.microversion.atLeast('2.71'),
      });
      return { server };
    },
  );

  app.delete(
    '/servers/:id',
    { schema: { params, response: { 204: { type: 'null' } } } },
    async (request: IdRequest, reply) => {
      const row = await loadServerForCaller(deps, request, request.params.id);
      authorize(
        deps.policy,
        POLICY('delete'),
        { user_id: row.user_id, project_id: row.project_id },
        request.context,
      );
      await deleteServer(deps, row, rpcContextOf(deps, request)).catch((error: unknown) => {
        if (error instanceof InstanceNotFound) throw new NotFound('Instance could not be found');
        throw error;
      });
      return reply.status(204).send();
    },
  );
}
