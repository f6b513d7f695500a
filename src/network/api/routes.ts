import type { FastifyInstance } from 'fastify';
import type { NetworkDeps } from '../deps.js';
import type { ResourceDefinition } from './engine/definition.js';
import {
  registerResource,
  type EngineEnvironment,
  type ResourceRouteOptions,
} from './engine/resource-routes.js';
import { agentsResource } from './agents.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { extensionRoutes } from './extensions.js';
import { floatingIpsResource } from './floating-ips.js';
import { IP_AVAILABILITY_OPTIONS, networkIpAvailabilitiesResource } from './network-ip-availabilities.js';
import { networksResource } from './networks.js';
import { portsResource } from './ports.js';
import { quotaRoutes } from './quotas.js';
import { rbacPoliciesResource } from './rbac-policies.js';
import { routerActionRoutes, routersResource } from './routers.js';
import { securityGroupRulesResource } from './security-group-rules.js';
import { securityGroupsResource } from './security-groups.js';
import { subnetPoolsResource } from './subnetpools.js';
import { subnetsResource } from './subnets.js';
import { registerTagRoutes } from './tags.js';

/** A resource of the API with its extra route options. */
export interface RegisteredResource {
  definition: ResourceDefinition;
  options?: ResourceRouteOptions;
}

/** Every resource of the API, in the order Neutron lists them. */
export function networkResources(deps: NetworkDeps): RegisteredResource[] {
  return [
    { definition: networksResource(deps) },
    { definition: subnetsResource(deps) },
    { definition: subnetPoolsResource(deps) },
    portsResource(deps),
    { definition: routersResource(deps) },
    { definition: floatingIpsResource(deps) },
    { definition: securityGroupsResource(deps) },
    { definition: securityGroupRulesResource(deps) },
    { definition: rbacPoliciesResource(deps) },
    { definition: agentsResource(deps) },
    { definition: networkIpAvailabilitiesResource(deps), options: IP_AVAILABILITY_OPTIONS },
  ];
}

const RESOURCES_SCHEMA = { type: 'object', additionalProperties: true } as const;

/** The v2.0 API: its resource index and every resource's routes. */
export function apiRoutes(app: FastifyInstance, deps: NetworkDeps): void {
  const env: EngineEnvironment = {
    policy: deps.policy,
    ruleNames: deps.ruleNames,
    maxLimit: deps.config.network.max_limit,
    apiUrl: deps.apiUrl,
  };
  const resources = networkResources(deps);
  app.get('/', { schema: { response: { 200: RESOURCES_SCHEMA } } }, async () => ({
    resources: resources.map(({ definition }) => ({
      name: definition.singular,
      collection: definition.plural,
      links: [{ href: `${deps.apiUrl}${definition.path}`, rel: 'self' }],
    })),
  }));
  for (const { definition, options } of resources) registerResource(app, definition, env, options);
  routerActionRoutes(app, deps);
  registerTagRoutes(
    app,
    resources.map(({ definition }) => definition),
    env,
    deps,
  );
  quotaRoutes(app, deps);
  extensionRoutes(app);
  availabilityZoneRoutes(app, deps);
}
