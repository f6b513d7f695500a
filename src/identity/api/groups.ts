import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { type Attributes, normalizeKeys } from '../resources/attributes.js';
import { cannotChangeId } from '../resources/errors.js';
import {
  createGroup,
  deleteGroup,
  findGroup,
  getGroup,
  type GroupBody,
  listGroups,
  updateGroup,
} from '../resources/groups.js';
import {
  filterAttributes,
  inexactFilters,
  type ListQuery,
  matchesInexact,
  queryValue,
} from '../resources/list-filters.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import { createGroupBody, groupListResponse, groupResponse, updateGroupBody } from './schemas/groups.js';
import { listQuery, noContent, pathParams } from './schemas/resource-fields.js';
import { groupRef, groupView } from './views/groups.js';

const LIST_FILTERS = ['domain_id', 'name'] as const;

type GroupRequest = FastifyRequest<{ Params: { group_id: string } }>;

/** `{group_id, target: {group}}`, the target empty when the group does not exist (404 comes after policy). */
export async function groupTarget(deps: IdentityDeps, id: string) {
  const found = await findGroup(deps.db, id);
  return { found, target: { group_id: id, target: found ? { group: groupRef(found) } : {} } };
}

/** `/v3/groups`: CRUD of groups. Deleting a group that held roles revokes its members' tokens. */
export const groupRoutes: RouteModule = (app, deps: IdentityDeps) => {
  app.get(
    '/v3/groups',
    { schema: { querystring: listQuery(LIST_FILTERS), response: { 200: groupListResponse } } },
    async (request) => {
      const query = request.query as ListQuery;
      const scopeDomain = request.context.domainId;
      deps.policy.enforce(
        'identity:list_groups',
        {
          ...(scopeDomain ? { target: { group: { domain_id: scopeDomain } } } : {}),
          ...filterAttributes(query, LIST_FILTERS),
        },
        request.context,
      );
      const groups = await listGroups(deps.db, {
        name: queryValue(query, 'name'),
        domainId: queryValue(query, 'domain_id'),
      });
      const inexact = inexactFilters(query, LIST_FILTERS);
      return {
        groups: groups
          .filter((group) => !scopeDomain || group.domainId === scopeDomain)
          .map((group) => groupView(deps.baseUrl, group))
          .filter((view) => matchesInexact(view, inexact)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get(
    '/v3/groups/:group_id',
    { schema: { params: pathParams('group_id'), response: { 200: groupResponse } } },
    async (request: GroupRequest) => {
      const { found, target } = await groupTarget(deps, request.params.group_id);
      deps.policy.enforce('identity:get_group', target, request.context);
      return { group: groupView(deps.baseUrl, found ?? (await getGroup(deps.db, request.params.group_id))) };
    },
  );

  app.post(
    '/v3/groups',
    { schema: { body: createGroupBody, response: { 201: groupResponse } } },
    async (request, reply) => {
      const body = normalizeKeys((request.body as { group: Attributes }).group) as GroupBody;
      // Keystone's `_normalize_domain_id`: no domain given means the caller's domain scope, else `default`.
      const domainId = body.domain_id || request.context.domainId || 'default';
      deps.policy.enforce(
        'identity:create_group',
        { target: { group: { ...body, domain_id: domainId } } },
        request.context,
      );
      const group = await createGroup(deps.db, body, domainId);
      return reply.code(201).send({ group: groupView(deps.baseUrl, group) });
    },
  );

  app.patch(
    '/v3/groups/:group_id',
    { schema: { params: pathParams('group_id'), body: updateGroupBody, response: { 200: groupResponse } } },
    async (request: GroupRequest) => {
      const id = request.params.group_id;
      deps.policy.enforce('identity:update_group', (await groupTarget(deps, id)).target, request.context);
      const body = normalizeKeys((request.body as { group: Attributes }).group) as GroupBody;
      if (body.id !== undefined && body.id !== null && body.id !== id) throw cannotChangeId();
      return { group: groupView(deps.baseUrl, await updateGroup(deps.db, id, body)) };
    },
  );

  app.delete(
    '/v3/groups/:group_id',
    { schema: { params: pathParams('group_id'), response: { 204: noContent } } },
    async (request: GroupRequest, reply) => {
      const id = request.params.group_id;
      // Keystone looks the group up before policy here, so an unknown group is a 404 for anyone.
      const group = await getGroup(deps.db, id);
      deps.policy.enforce(
        'identity:delete_group',
        { group_id: id, target: { group: groupRef(group) } },
        request.context,
      );
      for (const userId of await deleteGroup(deps.db, id)) await deps.revocations.revoke({ userId });
      return reply.code(204).send();
    },
  );
};
