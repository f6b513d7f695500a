import type { FastifyInstance } from 'fastify';
import type { NetworkDeps } from '../deps.js';
import type { ResourceDefinition } from './engine/definition.js';
import {
  registerResource,
  type EngineEnvironment,
  type ResourceRouteOptions,
} from './engine/resource-routes.js';
import { networksResource } from './networks.js';

/** A resource of the API with its extra route options. */
export interface RegisteredResource {
  definition: ResourceDefinition;
  options?: ResourceRouteOptions;
}

/** Every resource of the API, in the order Neutron lists them. */
export function networkResources(deps: NetworkDeps): RegisteredResource[] {
  return [{ definition: networksResource(deps) }];
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
}
