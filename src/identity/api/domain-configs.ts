import { DEFAULT_DOMAIN_ID } from '../bootstrap.js';
import {
  deleteDomainConfig,
  getDomainConfig,
  replaceDomainConfig,
  updateDomainConfig,
} from '../domain-configs/domain-configs.js';
import {
  configDefaults,
  SECURITY_COMPLIANCE_GROUP,
  securityComplianceConfig,
} from '../domain-configs/options.js';
import type { RouteModule } from './routes.js';
import {
  defaultConfigGroupParams,
  defaultConfigOptionParams,
  domainConfigBody,
  domainConfigGroupParams,
  domainConfigOptionParams,
  domainConfigParams,
  domainConfigResponse,
} from './schemas/domain-configs.js';

type Params = { domain_id: string; group?: string; option?: string };
type Body = { config?: Record<string, unknown> };

const noContent = { type: 'null' } as const;

/**
 * Domain-specific configuration (`/v3/domains/{domain_id}/config[/{group}[/{option}]]`) and
 * keystone.conf's defaults for it (`/v3/domains/config[/{group}[/{option}]]/default`). The
 * settings are stored and served; Stratus has no LDAP backend to apply them to.
 */
export const domainConfigRoutes: RouteModule = (app, deps) => {
  app.put<{ Params: Params; Body: Body }>(
    '/v3/domains/:domain_id/config',
    {
      schema: {
        params: domainConfigParams,
        body: domainConfigBody,
        response: { 200: domainConfigResponse, 201: domainConfigResponse },
      },
    },
    async (request, reply) => {
      deps.policy.enforce('identity:create_domain_config', { ...request.params }, request.context);
      const { config, created } = await replaceDomainConfig(
        deps.db,
        request.params.domain_id,
        request.body.config ?? {},
      );
      return reply.status(created ? 201 : 200).send({ config });
    },
  );

  // The same three operations on the whole config, one group, or one option.
  const levels = [
    ['/v3/domains/:domain_id/config', domainConfigParams],
    ['/v3/domains/:domain_id/config/:group', domainConfigGroupParams],
    ['/v3/domains/:domain_id/config/:group/:option', domainConfigOptionParams],
  ] as const;
  for (const [path, params] of levels) {
    app.get<{ Params: Params }>(
      path,
      { schema: { params, response: { 200: domainConfigResponse } } },
      async (request) => {
        const { domain_id: domainId, group, option } = request.params;
        // Keystone reads the password rules of [security_compliance] through the same path.
        if (group === SECURITY_COMPLIANCE_GROUP) {
          deps.policy.enforce(
            'identity:get_security_compliance_domain_config',
            { ...request.params },
            request.context,
          );
          return { config: securityComplianceConfig(domainId, DEFAULT_DOMAIN_ID, option) };
        }
        deps.policy.enforce('identity:get_domain_config', { ...request.params }, request.context);
        return { config: await getDomainConfig(deps.db, domainId, group, option) };
      },
    );

    app.patch<{ Params: Params; Body: Body }>(
      path,
      { schema: { params, body: domainConfigBody, response: { 200: domainConfigResponse } } },
      async (request) => {
        deps.policy.enforce('identity:update_domain_config', { ...request.params }, request.context);
        const { domain_id: domainId, group, option } = request.params;
        return {
          config: await updateDomainConfig(deps.db, domainId, request.body.config ?? {}, group, option),
        };
      },
    );

    app.delete<{ Params: Params }>(
      path,
      { schema: { params, response: { 204: noContent } } },
      async (request, reply) => {
        deps.policy.enforce('identity:delete_domain_config', { ...request.params }, request.context);
        const { domain_id: domainId, group, option } = request.params;
        await deleteDomainConfig(deps.db, domainId, group, option);
        return reply.status(204).send();
      },
    );
  }

  const defaults = [
    ['/v3/domains/config/default', undefined],
    ['/v3/domains/config/:group/default', defaultConfigGroupParams],
    ['/v3/domains/config/:group/:option/default', defaultConfigOptionParams],
  ] as const;
  for (const [path, params] of defaults) {
    app.get<{ Params: { group?: string; option?: string } }>(
      path,
      { schema: { ...(params ? { params } : {}), response: { 200: domainConfigResponse } } },
      async (request) => {
        deps.policy.enforce('identity:get_domain_config_default', {}, request.context);
        return { config: configDefaults(request.params.group, request.params.option) };
      },
    );
  }
};
