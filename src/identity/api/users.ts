import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { type Attributes, normalizeKeys } from '../resources/attributes.js';
import { cannotChangeId } from '../resources/errors.js';
import {
  booleanFilter,
  filterAttributes,
  inexactFilters,
  type ListQuery,
  matchesInexact,
  queryValue,
} from '../resources/list-filters.js';
import { createUser, deleteUser, updateUser } from '../resources/user-changes.js';
import { findUser, getUser, listUsers, parseExpiryFilter, type UserBody } from '../resources/users.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import { listQuery, noContent, pathParams } from './schemas/resource-fields.js';
import { createUserBody, updateUserBody, userListResponse, userResponse } from './schemas/users.js';
import { passwordSettings } from './user-password.js';
import { userRef, userView } from './views/users.js';

const LIST_FILTERS = [
  'domain_id',
  'enabled',
  'idp_id',
  'name',
  'protocol_id',
  'unique_id',
  'password_expires_at',
] as const;
/** Filters that only federated users match; this cloud has none. */
const FEDERATION_FILTERS = ['idp_id', 'protocol_id', 'unique_id'];

type UserRequest = FastifyRequest<{ Params: { user_id: string } }>;

/** `{user_id, target: {user}}`, the target empty when the user does not exist (404 comes after policy). */
export async function userTarget(deps: IdentityDeps, id: string) {
  const found = await findUser(deps.db, id);
  return { found, target: { user_id: id, target: found ? { user: userRef(found) } : {} } };
}

/**
 * Users of a list request: the query's filters, narrowed to the caller's domain when the token
 * is domain-scoped, as Keystone's user lists. Shared by `/v3/users` and `/v3/groups/{id}/users`.
 */
export async function listUsersFor(
  deps: IdentityDeps,
  request: FastifyRequest,
  extra: { groupId?: string } = {},
): Promise<Attributes[]> {
  const query = request.query as ListQuery;
  if (FEDERATION_FILTERS.some((name) => query[name] !== undefined)) return [];
  const scopeDomain = request.context.domainId;
  const domainId = queryValue(query, 'domain_id') ?? scopeDomain ?? undefined;
  if (scopeDomain && domainId !== scopeDomain) return [];
  const enabled = queryValue(query, 'enabled');
  const expiry = queryValue(query, 'password_expires_at');
  const users = await listUsers(deps.db, {
    name: queryValue(query, 'name'),
    domainId,
    enabled: enabled === undefined ? undefined : booleanFilter(enabled),
    passwordExpires: expiry === undefined ? undefined : parseExpiryFilter(expiry),
    groupId: extra.groupId,
  });
  const inexact = inexactFilters(query, ['domain_id', 'enabled', 'name', 'password_expires_at']);
  return users.map((user) => userView(deps.baseUrl, user)).filter((view) => matchesInexact(view, inexact));
}

/** `/v3/users`: CRUD of users. Disabling or deleting a user, or a new password, revokes its tokens. */
export const userRoutes: RouteModule = (app, deps: IdentityDeps) => {
  app.get(
    '/v3/users',
    { schema: { querystring: listQuery(LIST_FILTERS), response: { 200: userListResponse } } },
    async (request) => {
      const query = request.query as ListQuery;
      const scopeDomain = request.context.domainId;
      deps.policy.enforce(
        'identity:list_users',
        {
          ...(scopeDomain ? { target: { domain_id: scopeDomain } } : {}),
          ...filterAttributes(query, LIST_FILTERS),
        },
        request.context,
      );
      return { users: await listUsersFor(deps, request), links: collectionLinks(deps.baseUrl, request) };
    },
  );

  app.get(
    '/v3/users/:user_id',
    { schema: { params: pathParams('user_id'), response: { 200: userResponse } } },
    async (request: UserRequest) => {
      const { found, target } = await userTarget(deps, request.params.user_id);
      deps.policy.enforce('identity:get_user', target, request.context);
      return { user: userView(deps.baseUrl, found ?? (await getUser(deps.db, request.params.user_id))) };
    },
  );

  app.post(
    '/v3/users',
    { schema: { body: createUserBody, response: { 201: userResponse } } },
    async (request, reply) => {
      const body = normalizeKeys((request.body as { user: Attributes }).user) as UserBody;
      // Keystone's `_normalize_domain_id`: no domain given means the caller's domain scope, else `default`.
      const domainId = body.domain_id || request.context.domainId || 'default';
      const { password: _secret, ...shown } = body;
      deps.policy.enforce(
        'identity:create_user',
        { target: { user: { ...shown, domain_id: domainId } } },
        request.context,
      );
      const user = await createUser(deps.db, body, domainId, passwordSettings(deps));
      return reply.code(201).send({ user: userView(deps.baseUrl, user) });
    },
  );

  app.patch(
    '/v3/users/:user_id',
    { schema: { params: pathParams('user_id'), body: updateUserBody, response: { 200: userResponse } } },
    async (request: UserRequest) => {
      const id = request.params.user_id;
      deps.policy.enforce('identity:update_user', (await userTarget(deps, id)).target, request.context);
      const body = normalizeKeys((request.body as { user: Attributes }).user) as UserBody;
      if (body.id !== undefined && body.id !== null && body.id !== id) throw cannotChangeId();
      const { user, revokeTokens } = await updateUser(deps.db, id, body, passwordSettings(deps));
      if (revokeTokens) await deps.revocations.revoke({ userId: id });
      return { user: userView(deps.baseUrl, user, { withExtra: true }) };
    },
  );

  app.delete(
    '/v3/users/:user_id',
    { schema: { params: pathParams('user_id'), response: { 204: noContent } } },
    async (request: UserRequest, reply) => {
      const id = request.params.user_id;
      deps.policy.enforce('identity:delete_user', (await userTarget(deps, id)).target, request.context);
      await deleteUser(deps.db, id, deps.now());
      await deps.revocations.revoke({ userId: id });
      return reply.code(204).send();
    },
  );
};
