import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import type { TokenValidator } from '../common/auth/context.js';
import { installErrorHandling } from '../common/http/error-handling.js';
import { faultErrorBody } from '../common/http/fault-body.js';
import { BadRequest } from '../common/http/errors.js';
import { parseJsonBodies } from '../common/http/json-body-parser.js';
import { COMPUTE_MICROVERSIONS, useMicroversions } from '../common/http/microversion.js';
import { computeRoutes } from './api/routes.js';
import { versionRoutes } from './api/versions.js';
import type { ComputeDeps } from './deps.js';

/**
 * The compute service (Nova v2.1) as a Fastify plugin, mounted under `/compute`: the version
 * documents at its root, the API under `/v2.1` with microversions negotiated per request.
 */
export function buildCompute(
  deps: ComputeDeps,
  auth: { validator: TokenValidator; identityUri: string },
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    installErrorHandling(app, faultErrorBody);
    // Nova answers with its request id under its older name too; Tempest reads that one.
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-compute-request-id', request.id);
    });
    parseJsonBodies(app, () => new BadRequest('Malformed request body'));
    versionRoutes(app, deps);
    await app.register(
      async (api) => {
        useMicroversions(api, COMPUTE_MICROVERSIONS);
        requireAuth(api, { ...auth, serviceType: 'compute' });
        for (const register of computeRoutes) register(api, deps);
      },
      { prefix: '/v2.1' },
    );
  };
}
