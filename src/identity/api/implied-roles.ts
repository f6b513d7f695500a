import type { FastifyRequest } from 'fastify';
import {
  createImplication,
  deleteImplication,
  listImplications,
  requireImplication,
  requireRole,
  rolesByIds,
  rolesImpliedBy,
  type RoleRow,
} from '../assignments/index.js';
import type { IdentityDeps } from '../deps.js';
import type { RouteModule } from './routes.js';
import {
  implicationParams,
  implicationResponse,
  impliedRolesResponse,
  priorRoleParams,
  roleInferencesResponse,
} from './schemas/roles.js';
import { inferenceRoleView } from './views/roles.js';

type PairParams = { prior_role_id: string; implied_role_id: string };

/** Both roles of the path (404 when either is missing, before the policy checks, as Keystone). */
async function authorizedPair(
  deps: IdentityDeps,
  request: FastifyRequest<{ Params: PairParams }>,
  ...rules: string[]
): Promise<{ prior: RoleRow; implied: RoleRow }> {
  const prior = await requireRole(deps.db, request.params.prior_role_id);
  const implied = await requireRole(deps.db, request.params.implied_role_id);
  const target = { ...request.params, target: { prior_role: prior, implied_role: implied } };
  for (const rule of rules) deps.policy.enforce(rule, target, request.context);
  return { prior, implied };
}

function implicationView(baseUrl: string, prior: RoleRow, implied: RoleRow) {
  return {
    role_inference: {
      prior_role: inferenceRoleView(baseUrl, prior),
      implies: inferenceRoleView(baseUrl, implied),
    },
    links: { self: `${baseUrl}/v3/roles/${prior.id}/implies/${implied.id}` },
  };
}

/** Implied roles (`/v3/roles/{prior}/implies[/{implied}]`) and `/v3/role_inferences`. */
export const impliedRoleRoutes: RouteModule = (app, deps) => {
  const pairSchema = (status: number, response: object) => ({
    schema: { params: implicationParams, response: { [status]: response } },
  });

  app.put<{ Params: PairParams }>(
    '/v3/roles/:prior_role_id/implies/:implied_role_id',
    { ...pairSchema(201, implicationResponse), config: { noBody: true } },
    async (request, reply) => {
      const { prior, implied } = await authorizedPair(deps, request, 'identity:create_implied_role');
      await createImplication(deps.db, prior, implied);
      return reply.status(201).send(implicationView(deps.baseUrl, prior, implied));
    },
  );

  app.get<{ Params: PairParams }>(
    '/v3/roles/:prior_role_id/implies/:implied_role_id',
    { ...pairSchema(200, implicationResponse), exposeHeadRoute: false },
    async (request) => {
      const { prior, implied } = await authorizedPair(deps, request, 'identity:get_implied_role');
      await requireImplication(deps.db, prior.id, implied.id);
      return implicationView(deps.baseUrl, prior, implied);
    },
  );

  // Keystone answers the check with 204 (not the 200 of GET) and asks both policies.
  app.head<{ Params: PairParams }>(
    '/v3/roles/:prior_role_id/implies/:implied_role_id',
    pairSchema(204, { type: 'null' }),
    async (request, reply) => {
      const { prior, implied } = await authorizedPair(
        deps,
        request,
        'identity:check_implied_role',
        'identity:get_implied_role',
      );
      await requireImplication(deps.db, prior.id, implied.id);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: PairParams }>(
    '/v3/roles/:prior_role_id/implies/:implied_role_id',
    pairSchema(204, { type: 'null' }),
    async (request, reply) => {
      const { prior, implied } = await authorizedPair(deps, request, 'identity:delete_implied_role');
      await deleteImplication(deps.db, prior.id, implied.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { prior_role_id: string } }>(
    '/v3/roles/:prior_role_id/implies',
    { schema: { params: priorRoleParams, response: { 200: impliedRolesResponse } } },
    async (request) => {
      const prior = await requireRole(deps.db, request.params.prior_role_id);
      deps.policy.enforce(
        'identity:list_implied_roles',
        { ...request.params, target: { prior_role: prior } },
        request.context,
      );
      const implied = await rolesImpliedBy(deps.db, prior.id);
      return {
        role_inference: {
          prior_role: inferenceRoleView(deps.baseUrl, prior),
          implies: implied.map((role) => inferenceRoleView(deps.baseUrl, role)),
        },
        links: { self: `${deps.baseUrl}/v3/roles/${prior.id}/implies` },
      };
    },
  );

  app.get(
    '/v3/role_inferences',
    { schema: { response: { 200: roleInferencesResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_role_inference_rules', {}, request.context);
      const rules = await listImplications(deps.db);
      const roles = new Map(
        (
          await rolesByIds(
            deps.db,
            rules.flatMap((rule) => [rule.prior_role_id, rule.implied_role_id]),
          )
        ).map((role) => [role.id, role]),
      );
      const byPrior = new Map<string, RoleRow[]>();
      for (const rule of rules) {
        const implied = roles.get(rule.implied_role_id) as RoleRow;
        const list = byPrior.get(rule.prior_role_id);
        if (list) list.push(implied);
        else byPrior.set(rule.prior_role_id, [implied]);
      }
      return {
        role_inferences: [...byPrior].map(([priorId, implied]) => ({
          prior_role: inferenceRoleView(deps.baseUrl, roles.get(priorId) as RoleRow),
          implies: implied.map((role) => inferenceRoleView(deps.baseUrl, role)),
        })),
      };
    },
  );
};
