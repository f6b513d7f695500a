import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, Forbidden } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { authorize } from '../policies.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import { OverQuota } from '../quotas/over-quota.js';
import {
  ServerGroupsRepo,
  type ServerGroupPolicy,
  type ServerGroupRules,
} from '../server-groups/server-groups-repo.js';
import { checkName, lastOf, refuseUnknownQuery } from './schemas/parameter-types.js';
import {
  createServerGroupBody,
  serverGroupIdParams,
  serverGroupListResponse,
  serverGroupQuery,
  serverGroupResponse,
} from './schemas/server-groups.js';
import { GROUP_POLICY_OBJECT, serverGroupView } from './views/server-groups.js';

interface CreateFields {
  name: string;
  policies?: ServerGroupPolicy[];
  policy?: ServerGroupPolicy;
  rules?: { max_server_per_host?: number | string };
}
type Query = { all_projects?: string[]; limit?: number[]; offset?: number[] } & Record<string, unknown>;
type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const POLICY = (action: string) => `os_compute_api:os-server-groups:${action}`;

/** jsonschema's failure as Nova words it, naming the innermost field. */
function invalid(field: string, value: unknown, reason: string): BadRequest {
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return new BadRequest(`Invalid input for field/attribute ${field}. Value: ${shown}. ${reason}`);
}

/**
 * What Nova's per-microversion create schemas add to the shared one: `policies` (affinity and
 * anti-affinity only before 2.15) until 2.64, `policy` and `rules` from it; a positive rule.
 */
function checkCreateShape(fields: CreateFields, request: FastifyRequest): void {
  const objectShape = request.microversion.atLeast(GROUP_POLICY_OBJECT);
  const unexpected = objectShape ? ['policies'] : ['policy', 'rules'];
  const extra = unexpected.filter((key) => key in fields);
  if (extra.length > 0) {
    const listed = extra.map((key) => `'${key}'`).join(', ');
    const verb = extra.length === 1 ? 'was' : 'were';
    throw invalid(
      'server_group',
      fields,
      `Additional properties are not allowed (${listed} ${verb} unexpected)`,
    );
  }
  const required = objectShape ? 'policy' : 'policies';
  if (!(required in fields)) throw invalid('server_group', fields, `'${required}' is a required property`);
  const policy = fields.policies?.[0];
  if (policy !== undefined && request.microversion.below('2.15') && policy.startsWith('soft-')) {
    throw invalid('0', policy, `'${policy}' is not one of ['anti-affinity', 'affinity']`);
  }
  checkName(fields.name);
}

/** `max_server_per_host` as a number; below 1 is jsonschema's minimum error. */
function checkedRules(rules: CreateFields['rules']): ServerGroupRules {
  if (rules?.max_server_per_host === undefined) return {};
  const max = Number(rules.max_server_per_host);
  // Nova lets a digit string through to the object and only then fails; refused here alike.
  if (max < 1) throw invalid('max_server_per_host', max, `${max} is less than the minimum of 1`);
  return { max_server_per_host: max };
}

/** `common.limited`: `offset` rows skipped, at most `limit` (0 or none is `[api] max_limit`). */
function limited<T>(items: T[], query: Query, maxLimit: number): T[] {
  const offset = lastOf(query.offset) ?? 0;
  const limit = Math.min(maxLimit, lastOf(query.limit) || maxLimit);
  return items.slice(offset, offset + limit);
}

/** `/os-server-groups`: a project's (anti-)affinity groups for servers to be booted into. */
export function serverGroupRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const repo = new ServerGroupsRepo(deps.db);
  const quotas = computeQuotas(deps);
  const isAdmin = (request: FastifyRequest) => deps.policy.check('context_is_admin', {}, request.context);
  // Nova's group query hides other projects' groups from all but admins: theirs are a 404.
  const scope = (request: FastifyRequest) =>
    isAdmin(request) ? undefined : (request.context.projectId ?? '');
  const params = serverGroupIdParams;

  app.get(
    '/os-server-groups',
    { schema: { querystring: serverGroupQuery, response: { 200: serverGroupListResponse } } },
    async (request) => {
      const query = request.query as Query;
      if (request.microversion.atLeast('2.75'))
        refuseUnknownQuery(query, ['all_projects', 'limit', 'offset']);
      const projectId = request.context.projectId ?? '';
      authorize(deps.policy, POLICY('index'), { project_id: projectId }, request.context);
      // Any value asks, even "false"; a non-admin asking silently gets their own (Nova Zed).
      const allProjects = 'all_projects' in query && isAdmin(request);
      if (allProjects)
        authorize(deps.policy, POLICY('index:all_projects'), { project_id: projectId }, request.context);
      const groups = await repo.list(allProjects ? undefined : projectId);
      const page = limited(groups, query, deps.settings.maxLimit);
      return { server_groups: page.map((group) => serverGroupView(group, request.microversion)) };
    },
  );

  app.post<{ Body: { server_group: CreateFields } }>(
    '/os-server-groups',
    { schema: { body: createServerGroupBody, response: { 200: serverGroupResponse } } },
    async (request) => {
      const fields = request.body.server_group;
      checkCreateShape(fields, request);
      const rules = checkedRules(fields.rules);
      const { projectId: project, userId } = request.context;
      const projectId = project ?? '';
      authorize(deps.policy, POLICY('create'), { project_id: projectId }, request.context);
      const checkQuota = async (delta: number) => {
        try {
          await quotas.checkQuota(projectId, userId, { server_groups: delta });
        } catch (error) {
          if (error instanceof OverQuota) throw new Forbidden('Quota exceeded, too many server groups.');
          throw error;
        }
      };
      await checkQuota(1);
      const policy = fields.policy ?? (fields.policies as ServerGroupPolicy[])[0];
      if (policy !== 'anti-affinity' && Object.keys(fields.rules ?? {}).length > 0) {
        throw new BadRequest('Only anti-affinity policy supports rules.');
      }
      const group = await repo.create({ name: fields.name, projectId, userId, policy, rules }, deps.now());
      // `[quota] recheck_quota`: a concurrent create may have taken the last slot meanwhile.
      try {
        await checkQuota(0);
      } catch (error) {
        await repo.delete(group.uuid);
        throw error;
      }
      return { server_group: serverGroupView(group, request.microversion) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/os-server-groups/:id',
    { schema: { params, response: { 200: serverGroupResponse } } },
    async (request: IdRequest) => {
      const group = await repo.get(request.params.id, scope(request));
      authorize(deps.policy, POLICY('show'), { project_id: group.projectId }, request.context);
      return { server_group: serverGroupView(group, request.microversion) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/os-server-groups/:id',
    { schema: { params, response: { 204: { type: 'null' } } } },
    async (request: IdRequest, reply) => {
      const group = await repo.get(request.params.id, scope(request));
      authorize(deps.policy, POLICY('delete'), { project_id: group.projectId }, request.context);
      await repo.delete(group.uuid);
      return reply.status(204).send();
    },
  );
}
