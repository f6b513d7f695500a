import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import type { TokenValidator } from '../common/auth/context.js';
import { installErrorHandling } from '../common/http/error-handling.js';
import { parseJsonBodies } from '../common/http/json-body-parser.js';
import { neutronErrorBody } from './api/errors.js';
import { apiRoutes } from './api/routes.js';
import { versionRoutes } from './api/versions.js';
import type { NetworkDeps } from './deps.js';
import { NeutronError } from './errors.js';

/** The network service (Neutron v2.0) as a Fastify plugin, mounted under `/network`. */
export function buildNetwork(
  deps: NetworkDeps,
  auth: { validator: TokenValidator; identityUri: string },
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    installErrorHandling(app, neutronErrorBody);
    parseJsonBodies(
      app,
      (error) => new NeutronError(400, 'MalformedRequestBody', `Malformed request body: ${error.message}`),
    );
    versionRoutes(app, deps);
    await app.register(
      async (api) => {
        requireAuth(api, { ...auth, serviceType: 'network' });
        // Every successful write may change what the agents wire; they resync on the signal.
        api.addHook('onResponse', async (request, reply) => {
          if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
            deps.changes.notify();
        });
        apiRoutes(api, deps);
      },
      { prefix: '/v2.0' },
    );
  };
}
