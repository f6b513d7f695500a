import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { authScopeRoutes } from './auth-scopes.js';
import { authTokenRoutes } from './auth-tokens.js';
import { versionRoutes } from './versions.js';

/** A module of identity routes; paths are relative to `/identity`. */
export type RouteModule = (app: FastifyInstance, deps: IdentityDeps) => void;

/** Every identity route module, registered in this order. */
export const identityRoutes: RouteModule[] = [
  versionRoutes,
  authTokenRoutes,
  authScopeRoutes,
];
