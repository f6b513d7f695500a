import type { FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import {
  createRole,
  deleteRole,
  findRole,
  listRoles,
  updateRole,
  type RoleInput,
  type RoleRow,
} from '../assignments/index.js';
import type { IdentityDeps } from '../deps.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  roleCreateBody,
  roleListQuery,
  roleListResponse,
  roleParams,
  roleResponse,
  roleUpdateBody,
} from './schemas/roles.js';
import { roleView } from './views/roles.js';

type Params = { role_id: string };

/**
 * The role of the path, after the policy check: a domain-specific role is checked against
 * the `*_domain_role` rule, a global or missing one against the plain rule, and only then is a
 * missing role reported, so a caller who may not look cannot learn which roles exist.
 */
async function authorizedRole(
  deps: IdentityDeps,
  request: FastifyRequest<{ Params: Params }>,
  action: 'get' | 'update' | 'delete',
): Promise<RoleRow> {
  const { role_id: roleId } = request.params;
  const role = await findRole(deps.db, roleId);
  const rule = role?.domain_id ? `identity:${action}_domain_role` : `identity:${action}_role`;
  deps.policy.enforce(rule, { role_id: roleId, target: { role: role ?? {} } }, request.context);
  if (!role) throw new NotFound(`Could not find role: ${roleId}.`);
  return role;
}

/** `/v3/roles`: global roles and domain-specific roles (`domain_id`). */
export const roleRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { name?: string; domain_id?: string } }>(
    '/v3/roles',
    { schema: { querystring: roleListQuery, response: { 200: roleListResponse } } },
    async (request) => {
      const { domain_id: domainId, name } = request.query;
      const rule = domainId ? 'identity:list_domain_roles' : 'identity:list_roles';
      deps.policy.enforce(rule, {}, request.context);
      const roles = await listRoles(deps.db, { domainId: domainId || undefined, name });
      return {
        roles: roles.map((role) => roleView(deps.baseUrl, role)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/roles/:role_id',
    { schema: { params: roleParams, response: { 200: roleResponse } } },
    async (request) => ({ role: roleView(deps.baseUrl, await authorizedRole(deps, request, 'get')) }),
  );

  app.post<{ Body: { role: RoleInput & { name: string } } }>(
    '/v3/roles',
    { schema: { body: roleCreateBody, response: { 201: roleResponse } } },
    async (request, reply) => {
      const input = request.body.role;
      const rule = input.domain_id ? 'identity:create_domain_role' : 'identity:create_role';
      deps.policy.enforce(rule, { target: { role: input } }, request.context);
      const role = await createRole(deps.db, input);
      return reply.status(201).send({ role: roleView(deps.baseUrl, role) });
    },
  );

  app.patch<{ Params: Params; Body: { role: RoleInput } }>(
    '/v3/roles/:role_id',
    { schema: { params: roleParams, body: roleUpdateBody, response: { 200: roleResponse } } },
    async (request) => {
      const role = await authorizedRole(deps, request, 'update');
      const patch = request.body.role;
      if (patch.id != null && patch.id !== role.id) throw new BadRequest('Cannot change ID');
      return { role: roleView(deps.baseUrl, await updateRole(deps.db, role, patch)) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/roles/:role_id',
    { schema: { params: roleParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const role = await authorizedRole(deps, request, 'delete');
      await deleteRole(deps.db, deps.revocations, role);
      return reply.status(204).send();
    },
  );
};
