import type { RequestContext } from '../../common/auth/context.js';
import { Forbidden, NotFound, Unauthorized } from '../../common/http/errors.js';
import { findRole, rolesByIds } from '../assignments/index.js';
import { isDelegated } from '../credentials/delegation.js';
import { createTrust, type TrustRequest } from '../trusts/create-trust.js';
import { deleteTrust } from '../trusts/delete-trust.js';
import { getTrust } from '../trusts/redelegation.js';
import { listTrusts, type Trust, type TrustRow } from '../trusts/trust-store.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  trustCreateBody,
  trustListQuery,
  trustListResponse,
  trustParams,
  trustResponse,
  trustRoleListResponse,
  trustRoleParams,
  trustRoleResponse,
} from './schemas/trusts.js';
import { roleView } from './views/roles.js';
import { trustRolesLinks, trustSummaryView, trustView } from './views/trusts.js';

type TrustParams = { trust_id: string };
type TrustRoleParams = { trust_id: string; role_id: string };
type ListQuery = { trustor_user_id?: string; trustee_user_id?: string };

/**
 * Keystone refuses delegated tokens (application credential, OAuth1, EC2) every trust
 * operation, lest a narrow delegation widen itself through a trust. Trust-scoped tokens may:
 * that is redelegation.
 */
function refuseDelegated(context: RequestContext): void {
  if (isDelegated(context)) {
    throw new Forbidden(
      'You are not authorized to perform the requested action: Delegated tokens cannot manage trusts.',
    );
  }
}

/** `/v3/OS-TRUST/trusts`: create, list, show and delete trusts, and show what roles they delegate. */
export const trustRoutes: RouteModule = (app, deps) => {
  const base = '/v3/OS-TRUST/trusts';

  /** The trust's roles that still exist, in the trust's order. */
  const rolesOf = async (trust: Trust) => {
    const byId = new Map((await rolesByIds(deps.db, trust.roleIds)).map((role) => [role.id, role]));
    return trust.roleIds.flatMap((id) => byId.get(id) ?? []);
  };

  /**
   * The trust in the path, then policy on it: a trust that is missing, deleted, expired or used
   * up is 404 before any policy check, as upstream.
   */
  const enforceOn = async (action: string, trustId: string, context: RequestContext) => {
    const trust = await getTrust(deps.db, trustId, deps.now());
    deps.policy.enforce(action, { target: { trust } }, context);
    refuseDelegated(context);
    return trust;
  };

  /** The trust the caller's own token is scoped to, which a new trust is redelegated from. */
  const callerTrustId = async (context: RequestContext): Promise<string | null> => {
    try {
      const { scope } = (await deps.tokens.inspect(context.token)).payload;
      return scope.kind === 'trust' ? scope.trustId : null;
    } catch (error) {
      if (error instanceof NotFound) throw new Unauthorized();
      throw error;
    }
  };

  app.post<{ Body: { trust: TrustRequest } }>(
    base,
    { schema: { body: trustCreateBody, response: { 201: trustResponse } } },
    async (request, reply) => {
      const { trust: body } = request.body;
      deps.policy.enforce('identity:create_trust', { target: { trust: body } }, request.context);
      refuseDelegated(request.context);
      const creator = { userId: request.context.userId, trustId: await callerTrustId(request.context) };
      const trust = await createTrust(deps.db, body, creator, deps.now());
      return reply.status(201).send({ trust: trustView(deps.baseUrl, trust, await rolesOf(trust)) });
    },
  );

  app.get<{ Querystring: ListQuery }>(
    base,
    { schema: { querystring: trustListQuery, response: { 200: trustListResponse } } },
    async (request) => {
      const { trustor_user_id: trustor, trustee_user_id: trustee } = request.query;
      if (trustor) {
        const target = { target: { trust: { trustor_user_id: trustor } } };
        deps.policy.enforce('identity:list_trusts_for_trustor', target, request.context);
      } else if (trustee) {
        const target = { target: { trust: { trustee_user_id: trustee } } };
        deps.policy.enforce('identity:list_trusts_for_trustee', target, request.context);
      } else {
        deps.policy.enforce('identity:list_trusts', {}, request.context);
      }
      refuseDelegated(request.context);
      // As upstream: a query that names neither filter (but something) lists nothing.
      let trusts: TrustRow[] = [];
      if (Object.keys(request.query).length === 0) trusts = await listTrusts(deps.db);
      else if (trustor) trusts = await listTrusts(deps.db, { trustorUserId: trustor });
      else if (trustee) trusts = await listTrusts(deps.db, { trusteeUserId: trustee });
      return {
        trusts: trusts.map((trust) => trustSummaryView(deps.baseUrl, trust)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: TrustParams }>(
    `${base}/:trust_id`,
    { schema: { params: trustParams, response: { 200: trustResponse } } },
    async (request) => {
      const trust = await enforceOn('identity:get_trust', request.params.trust_id, request.context);
      return { trust: trustView(deps.baseUrl, trust, await rolesOf(trust)) };
    },
  );

  app.delete<{ Params: TrustParams }>(
    `${base}/:trust_id`,
    { schema: { params: trustParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const trust = await enforceOn('identity:delete_trust', request.params.trust_id, request.context);
      // Its tokens stop validating: a revocation event names the trust.
      await deleteTrust(deps.db, deps.revocations, trust, deps.now());
      return reply.status(204).send();
    },
  );

  app.get<{ Params: TrustParams }>(
    `${base}/:trust_id/roles`,
    { schema: { params: trustParams, response: { 200: trustRoleListResponse } } },
    async (request) => {
      const { trust_id: trustId } = request.params;
      const trust = await enforceOn('identity:list_roles_for_trust', trustId, request.context);
      return {
        roles: (await rolesOf(trust)).map((role) => roleView(deps.baseUrl, role)),
        links: trustRolesLinks(deps.baseUrl, trust.id),
      };
    },
  );

  app.get<{ Params: TrustRoleParams }>(
    `${base}/:trust_id/roles/:role_id`,
    { schema: { params: trustRoleParams, response: { 200: trustRoleResponse } } },
    async (request) => {
      const { trust_id: trustId, role_id: roleId } = request.params;
      const trust = await enforceOn('identity:get_role_for_trust', trustId, request.context);
      const role = trust.roleIds.includes(roleId) ? await findRole(deps.db, roleId) : undefined;
      if (!role) throw new NotFound(`Could not find role: ${roleId}.`);
      return { role: roleView(deps.baseUrl, role) };
    },
  );
};
