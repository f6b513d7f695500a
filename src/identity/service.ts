import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import { identityErrorBody, installErrorHandling } from '../common/http/error-handling.js';
import { identityRoutes } from './api/routes.js';
import type { IdentityDeps } from './deps.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The identity service (Keystone v3) as a Fastify plugin, mounted under `/identity`. */
export function buildIdentity(deps: IdentityDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    installErrorHandling(app, identityErrorBody);
    requireAuth(app, { validator: deps.tokens, identityUri: `${deps.baseUrl}/v3`, serviceType: 'identity' });
    // Keystone names itself on every 401, whichever check refused the request.
    app.addHook('onSend', async (_request, reply) => {
      if (reply.statusCode === 401) reply.header('www-authenticate', `Keystone uri="${deps.baseUrl}/v3"`);
    });
    // A successful write may change what any token resolves to (roles, names, enabled flags,
    // the catalog), so cached validations are dropped; issuing a token changes nothing.
    app.addHook('onResponse', async (request, reply) => {
      if (READS.has(request.method) || reply.statusCode >= 400) return;
      if (request.routeOptions.url?.endsWith('/v3/auth/tokens') && request.method === 'POST') return;
      deps.tokens.invalidate();
    });
    for (const register of identityRoutes) register(app, deps);
  };
}
