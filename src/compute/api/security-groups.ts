import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import type { ComputeDeps, NetworkLinks } from '../deps.js';
import { callerIsAdmin, loadServerForCaller } from '../instances/lookup.js';
import {
  createGroup,
  destroyGroup,
  getGroup,
  getRule,
  instanceSecurityGroups,
  listGroups,
  remoteGroupsOf,
  updateGroup,
  validateGroupId,
  addRule,
} from '../networking/security-group-api.js';
import { checkCidrPrefix, newIngressRule, parseCidr } from '../networking/security-group-rules.js';
import { authorize } from '../policies.js';
import { callerNetwork, requireProxyVersion } from './network-proxy.js';
import {
  createGroupSchema,
  createRuleSchema,
  groupIdParams,
  groupListQuery,
  groupListResponse,
  groupResponse,
  ruleResponse,
  serverGroupsParams,
  updateGroupSchema,
} from './schemas/security-groups.js';
import { objectBody } from './schemas/servers.js';
import { validateBody } from './schemas/servers-validation.js';
import { groupView, ruleView, sortedGroups } from './views/security-groups.js';

const POLICY = (action: string) => `os_compute_api:os-security-groups:${action}`;

interface GroupBody {
  security_group: { name: string; description: string };
}

interface RuleBody {
  security_group_rule: {
    parent_group_id: string;
    group_id?: string | null;
    ip_protocol?: string | null;
    from_port?: unknown;
    to_port?: unknown;
    cidr?: string | null;
  };
}

type ListQuery = { limit?: number[]; offset?: number[]; all_tenants?: string[] };

/** Nova's `limited`: `offset` items skipped, then at most `limit` (and never more than max_limit). */
function limited<T>(items: T[], query: ListQuery, maxLimit: number): T[] {
  const offset = query.offset?.at(-1) ?? 0;
  const limit = Math.min(maxLimit, query.limit?.at(-1) || maxLimit);
  return items.slice(offset, offset + limit);
}

/** The checks of a proxy call: the microversion, then the policy on the caller's own project. */
function authorizeProxy(deps: ComputeDeps, request: FastifyRequest, action: string): void {
  requireProxyVersion(request);
  authorize(deps.policy, POLICY(action), { project_id: request.context.projectId }, request.context);
}

/** `POST /os-security-group-rules` (`SecurityGroupRulesController.create`). */
async function createRule(deps: ComputeDeps, links: NetworkLinks, request: FastifyRequest) {
  authorizeProxy(deps, request, 'rule:create');
  const { security_group_rule: asked } = validateBody<RuleBody>(createRuleSchema, request.body);
  const client = callerNetwork(links, request);
  const group = await getGroup(client, asked.parent_group_id);
  const groupId = asked.group_id ?? null;
  const source = groupId !== null ? await getGroup(client, groupId) : null;
  const rule = newIngressRule({
    protocol:
      asked.ip_protocol === undefined || asked.ip_protocol === null ? null : String(asked.ip_protocol),
    fromPort: asked.from_port,
    toPort: asked.to_port,
    groupId,
    cidr: groupId !== null ? null : parseCidr(asked.cidr ?? null),
  });
  if (rule === null) throw new BadRequest('Not enough parameters to build a valid rule.');
  if (rule.cidr) checkCidrPrefix(rule.cidr);
  const created = await addRule(client, group, { ...rule, parent_group_id: group.id });
  const remotes = new Map(source ? [[source.id, { name: source.name, tenant_id: source.project_id }]] : []);
  return { security_group_rule: ruleView(created, remotes)! };
}

/**
 * Nova's security group proxies over Neutron (security_groups.py), up to 2.35: groups and their
 * ingress rules in Nova's shape, and at any microversion the groups of a server's ports.
 */
export function securityGroupRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const links = deps.network;
  if (!links) return;
  const client = (request: FastifyRequest) => callerNetwork(links, request);
  const shown = async (request: FastifyRequest, group: Awaited<ReturnType<typeof getGroup>>) => ({
    security_group: groupView(group, await remoteGroupsOf(client(request), [group])),
  });

  app.get(
    '/os-security-groups',
    { schema: { querystring: groupListQuery, response: { 200: groupListResponse } } },
    async (request) => {
      authorizeProxy(deps, request, 'get');
      const query = request.query as ListQuery;
      const allTenants = callerIsAdmin(deps, request) && query.all_tenants !== undefined;
      const groups = await listGroups(client(request), request.context.projectId ?? '', allTenants);
      const page = limited(groups, query, deps.settings.maxLimit);
      const remotes = await remoteGroupsOf(client(request), page);
      return { security_groups: sortedGroups(page.map((group) => groupView(group, remotes))) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/os-security-groups/:id',
    { schema: { params: groupIdParams, response: { 200: groupResponse } } },
    async (request) => {
      authorizeProxy(deps, request, 'show');
      return shown(request, await getGroup(client(request), validateGroupId(request.params.id)));
    },
  );

  app.post(
    '/os-security-groups',
    { schema: { body: objectBody, response: { 200: groupResponse } } },
    async (request) => {
      authorizeProxy(deps, request, 'create');
      const { security_group: asked } = validateBody<GroupBody>(createGroupSchema, request.body);
      return shown(request, await createGroup(client(request), asked.name, asked.description));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/os-security-groups/:id',
    { schema: { params: groupIdParams, body: objectBody, response: { 200: groupResponse } } },
    async (request) => {
      authorizeProxy(deps, request, 'update');
      const { security_group: asked } = validateBody<GroupBody>(updateGroupSchema, request.body);
      const group = await getGroup(client(request), validateGroupId(request.params.id));
      return shown(request, await updateGroup(client(request), group.id, asked.name, asked.description));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/os-security-groups/:id',
    { schema: { params: groupIdParams, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      authorizeProxy(deps, request, 'delete');
      const group = await getGroup(client(request), validateGroupId(request.params.id));
      await destroyGroup(client(request), group.id);
      return reply.status(202).send();
    },
  );

  app.post(
    '/os-security-group-rules',
    { schema: { body: objectBody, response: { 200: ruleResponse } } },
    (request) => createRule(deps, links, request),
  );

  app.delete<{ Params: { id: string } }>(
    '/os-security-group-rules/:id',
    { schema: { params: groupIdParams, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      authorizeProxy(deps, request, 'rule:delete');
      const rule = await getRule(client(request), validateGroupId(request.params.id));
      await getGroup(client(request), rule.parent_group_id);
      await client(request).deleteSecurityGroupRule(rule.id);
      return reply.status(202).send();
    },
  );

  app.get<{ Params: { server_id: string } }>(
    '/servers/:server_id/os-security-groups',
    { schema: { params: serverGroupsParams, response: { 200: groupListResponse } } },
    async (request) => {
      const instance = await loadServerForCaller(deps, request, request.params.server_id);
      authorize(deps.policy, POLICY('list'), { project_id: instance.project_id }, request.context);
      const groups = await instanceSecurityGroups(client(request), instance.uuid);
      const remotes = await remoteGroupsOf(client(request), groups);
      return { security_groups: sortedGroups(groups.map((group) => groupView(group, remotes))) };
    },
  );
}
