import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { InstanceActionsRepo, type InstanceActionRow } from '../instances/instance-actions-repo.js';
import { InstanceRepo, type InstanceRow } from '../instances/instance-repo.js';
import { callerIsAdmin, loadServerForCaller } from '../instances/lookup.js';
import { authorize } from '../policies.js';
import {
  instanceActionListResponse,
  instanceActionParams,
  instanceActionResponse,
  instanceActionsQuery,
  listQueryV258,
  listQueryV266,
} from './schemas/instance-actions.js';
import { parseIsoTime, queryLists, validateQuery } from './schemas/servers-validation.js';
import { collectionLinks } from './views/links.js';
import {
  ACTION_UPDATED_AT,
  EVENT_DETAILS,
  EVENT_HOST_ID,
  EVENTS_FOR_OWNERS,
  instanceActionEventView,
  instanceActionView,
} from './views/instance-actions.js';

const POLICY = (action: string) => `os_compute_api:os-instance-actions:${action}`;

type Params = { server_id: string; request_id?: string };

/**
 * The server whose actions are asked for; from 2.21 a deleted one too (`read_deleted='yes'`),
 * with Nova's 404 for a server of another project.
 */
async function serverOf(deps: ComputeDeps, request: FastifyRequest, id: string): Promise<InstanceRow> {
  if (request.microversion.below('2.21')) return loadServerForCaller(deps, request, id);
  const row = await new InstanceRepo(deps.db, deps.now).find(id, { readDeleted: true });
  if (!row || (!callerIsAdmin(deps, request) && row.project_id !== request.context.projectId)) {
    throw new NotFound(`Instance ${id} could not be found.`);
  }
  return row;
}

/** `changes-since` / `changes-before` as the instant they name, in the stored ISO form. */
function instantOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : parseIsoTime(value)!.toISOString();
}

/**
 * Nova's `actions_get` from 2.58: the newest first, filtered on `updated_at` by the change times,
 * a page after the marker's action (a marker of no action is Nova's 400, which names `None`).
 */
function pageOfActions(
  deps: ComputeDeps,
  request: FastifyRequest,
  actions: InstanceActionRow[],
): { page: InstanceActionRow[]; limit: number } {
  const schema = request.microversion.atLeast('2.66') ? listQueryV266 : listQueryV258;
  const query = queryLists(request.query);
  validateQuery(schema, query);
  const since = instantOf(query['changes-since']?.[0]);
  const before = instantOf(query['changes-before']?.[0]);
  if (since !== undefined && before !== undefined && before < since) {
    throw new BadRequest('The value of changes-since must be less than or equal to changes-before.');
  }
  const limitText = query.limit?.[0];
  const limit = Math.min(
    deps.settings.maxLimit,
    limitText === undefined ? deps.settings.maxLimit : Number(limitText),
  );
  const marker = query.marker?.[0];
  if (limit === 0) return { page: [], limit };
  const filtered = actions.filter(
    (row) =>
      (since === undefined || (row.updated_at !== null && row.updated_at >= since)) &&
      (before === undefined || (row.updated_at !== null && row.updated_at <= before)),
  );
  let start = 0;
  if (marker !== undefined) {
    const index = filtered.findIndex((row) => row.request_id === marker);
    if (index < 0) throw new BadRequest('Marker None could not be found.');
    start = index + 1;
  }
  return { page: filtered.slice(start, start + limit), limit };
}

/** `/servers/{id}/os-instance-actions`: what was asked of a server, and each step's result. */
export function instanceActionRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const repo = new InstanceActionsRepo(deps.db, deps.now);

  app.get<{ Params: Params }>(
    '/servers/:server_id/os-instance-actions',
    {
      schema: {
        params: instanceActionParams,
        querystring: instanceActionsQuery,
        response: { 200: instanceActionListResponse },
      },
    },
    async (request) => {
      const { server_id: serverId } = request.params;
      const version = request.microversion;
      const instance = await serverOf(deps, request, serverId);
      authorize(deps.policy, POLICY('list'), { project_id: instance.project_id }, request.context);
      const actions = await repo.list(instance.uuid);
      if (version.below(ACTION_UPDATED_AT)) {
        return { instanceActions: actions.map((row) => instanceActionView(row, version)) };
      }
      const { page, limit } = pageOfActions(deps, request, actions);
      const links = collectionLinks(
        deps.baseUrl,
        `servers/${serverId}/os-instance-actions`,
        request.url,
        page.length,
        limit,
        page.at(-1)?.request_id,
      );
      return {
        instanceActions: page.map((row) => instanceActionView(row, version)),
        ...(links.length > 0 ? { links } : {}),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/servers/:server_id/os-instance-actions/:request_id',
    { schema: { params: instanceActionParams, response: { 200: instanceActionResponse } } },
    async (request) => {
      const { server_id: serverId, request_id: requestId = '' } = request.params;
      const version = request.microversion;
      const instance = await serverOf(deps, request, serverId);
      const target = { project_id: instance.project_id };
      authorize(deps.policy, POLICY('show'), target, request.context);
      const action = (await repo.list(instance.uuid)).find((row) => row.request_id === requestId);
      if (!action) throw new NotFound(`Action ${requestId} not found`);
      const view: Record<string, unknown> = instanceActionView(action, version);
      // Events are the admin's (with tracebacks and, from 2.62, hosts); from 2.51 owners see
      // them too, without those; everybody gets the hashed host id from 2.62.
      const all = deps.policy.check(POLICY('events'), target, request.context);
      if (all || version.atLeast(EVENTS_FOR_OWNERS)) {
        const fields = {
          traceback: all,
          host: all && version.atLeast(EVENT_HOST_ID),
          hostId: version.atLeast(EVENT_HOST_ID),
          details:
            version.atLeast(EVENT_DETAILS) &&
            deps.policy.check(POLICY('events:details'), target, request.context),
        };
        const projectId = action.project_id || instance.project_id;
        view.events = (await repo.events(action.id)).map((event) =>
          instanceActionEventView(event, projectId, fields),
        );
      }
      return { instanceAction: view };
    },
  );
}
