import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { addMember, checkMember, removeMember } from '../resources/group-members.js';
import { findGroup, getGroup, listGroups } from '../resources/groups.js';
import { filterAttributes, type ListQuery, queryValue } from '../resources/list-filters.js';
import { findUser, getUser } from '../resources/users.js';
import { groupTarget } from './groups.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import { groupListResponse } from './schemas/groups.js';
import { listQuery, noContent, pathParams } from './schemas/resource-fields.js';
import { userListResponse } from './schemas/users.js';
import { listUsersFor, userTarget } from './users.js';
import { groupRef, groupView } from './views/groups.js';
import { userRef } from './views/users.js';

type MemberRequest = FastifyRequest<{ Params: { group_id: string; user_id: string } }>;

/**
 * Group membership: `/v3/groups/{id}/users[/{user_id}]` and `/v3/users/{id}/groups`. Removing
 * a user from a group revokes the user's tokens, whose roles may have come through it.
 */
export const groupMemberRoutes: RouteModule = (app, deps: IdentityDeps) => {
  /** `{group_id, user_id, target: {group, user}}` with whichever of the two exists. */
  async function membershipTarget(groupId: string, userId: string) {
    const [group, user] = [await findGroup(deps.db, groupId), await findUser(deps.db, userId)];
    return {
      group_id: groupId,
      user_id: userId,
      target: { ...(group ? { group: groupRef(group) } : {}), ...(user ? { user: userRef(user) } : {}) },
    };
  }

  app.get(
    '/v3/groups/:group_id/users',
    {
      schema: {
        params: pathParams('group_id'),
        querystring: listQuery(['domain_id', 'enabled', 'name', 'password_expires_at']),
        response: { 200: userListResponse },
      },
    },
    async (request: FastifyRequest<{ Params: { group_id: string } }>) => {
      const id = request.params.group_id;
      const query = request.query as ListQuery;
      const { target } = await groupTarget(deps, id);
      deps.policy.enforce(
        'identity:list_users_in_group',
        { ...target, ...filterAttributes(query, ['domain_id', 'enabled', 'name', 'password_expires_at']) },
        request.context,
      );
      await getGroup(deps.db, id);
      return {
        users: await listUsersFor(deps, request, { groupId: id }),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  /** Check (GET, and HEAD with it), add and remove one membership: the same path, each under its rule. */
  const membershipOperations = [
    { method: 'GET', action: 'identity:check_user_in_group', run: checkMember },
    { method: 'PUT', action: 'identity:add_user_to_group', run: addMember },
    {
      method: 'DELETE',
      action: 'identity:remove_user_from_group',
      run: async (db: IdentityDeps['db'], groupId: string, userId: string) => {
        await removeMember(db, groupId, userId);
        await deps.revocations.revoke({ userId });
      },
    },
  ] as const;
  for (const { method, action, run } of membershipOperations) {
    app.route({
      method,
      url: '/v3/groups/:group_id/users/:user_id',
      schema: { params: pathParams('group_id', 'user_id'), response: { 204: noContent } },
      ...(method === 'PUT' ? { config: { noBody: true } } : {}),
      handler: async (request: MemberRequest, reply) => {
        const { group_id: groupId, user_id: userId } = request.params;
        deps.policy.enforce(action, await membershipTarget(groupId, userId), request.context);
        await run(deps.db, groupId, userId);
        return reply.code(204).send();
      },
    });
  }

  app.get(
    '/v3/users/:user_id/groups',
    {
      schema: {
        params: pathParams('user_id'),
        querystring: listQuery(['name']),
        response: { 200: groupListResponse },
      },
    },
    async (request: FastifyRequest<{ Params: { user_id: string } }>) => {
      const id = request.params.user_id;
      const query = request.query as ListQuery;
      const { target } = await userTarget(deps, id);
      deps.policy.enforce(
        'identity:list_groups_for_user',
        { ...target, ...filterAttributes(query, ['name']) },
        request.context,
      );
      await getUser(deps.db, id);
      const scopeDomain = request.context.domainId;
      const groups = await listGroups(deps.db, { memberId: id, name: queryValue(query, 'name') });
      return {
        groups: groups
          .filter((group) => !scopeDomain || group.domainId === scopeDomain)
          .map((group) => groupView(deps.baseUrl, group, { membership: true })),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );
};
