import {
  deleteAccessRule,
  findAccessRule,
  listAccessRules,
  type AccessRuleFilters,
} from '../application-credentials/access-rules.js';
import { assertMayManage } from './application-credentials.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  accessRuleListQuery,
  accessRuleListResponse,
  accessRuleParams,
  accessRuleResponse,
} from './schemas/access-rules.js';
import { pathParams } from './schemas/response-envelopes.js';
import { accessRuleView } from './views/access-rules.js';

type UserParams = { user_id: string };
type AccessRuleParams = { user_id: string; access_rule_id: string };

/** Keystone's target for access rules: the user in the path. */
const userTarget = (params: UserParams) => ({ ...params, target: { user: { id: params.user_id } } });

/**
 * `/v3/users/{user_id}/access_rules`: the rules a user's application credentials are limited
 * to. Rules are made by creating a credential; one may be deleted once no credential uses it.
 */
export const accessRuleRoutes: RouteModule = (app, deps) => {
  const base = '/v3/users/:user_id/access_rules';

  app.get<{ Params: UserParams; Querystring: AccessRuleFilters }>(
    base,
    {
      schema: {
        params: pathParams('user_id'),
        querystring: accessRuleListQuery,
        response: { 200: accessRuleListResponse },
      },
    },
    async (request) => {
      deps.policy.enforce('identity:list_access_rules', userTarget(request.params), request.context);
      await assertMayManage(deps, request.context, false);
      const rules = await listAccessRules(deps.db, request.params.user_id, request.query);
      return {
        access_rules: rules.map((rule) => accessRuleView(deps.baseUrl, rule)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: AccessRuleParams }>(
    `${base}/:access_rule_id`,
    { schema: { params: accessRuleParams, response: { 200: accessRuleResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_access_rule', userTarget(request.params), request.context);
      await assertMayManage(deps, request.context, false);
      const rule = await findAccessRule(deps.db, request.params.user_id, request.params.access_rule_id);
      return { access_rule: accessRuleView(deps.baseUrl, rule) };
    },
  );

  app.delete<{ Params: AccessRuleParams }>(
    `${base}/:access_rule_id`,
    { schema: { params: accessRuleParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_access_rule', userTarget(request.params), request.context);
      await assertMayManage(deps, request.context, false);
      await deleteAccessRule(deps.db, request.params.user_id, request.params.access_rule_id);
      return reply.status(204).send();
    },
  );
};
