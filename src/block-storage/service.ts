import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import type { TokenValidator } from '../common/auth/context.js';
import { installErrorHandling } from '../common/http/error-handling.js';
import { BadRequest } from '../common/http/errors.js';
import { faultErrorBody } from '../common/http/fault-body.js';
import { parseJsonBodies } from '../common/http/json-body-parser.js';
import { BLOCK_STORAGE_MICROVERSIONS, useMicroversions } from '../common/http/microversion.js';
import { blockStorageRoutes } from './api/routes.js';
import { versionRoutes } from './api/versions.js';
import type { BlockStorageDeps } from './deps.js';

/**
 * The block storage service (Cinder v3) as a Fastify plugin, mounted under `/volume`: the
 * version documents at its root, the API under `/v3/{project_id}` (the catalog's URL) and, from
 * 3.67, under `/v3` without the project, with microversions negotiated per request.
 */
export function buildBlockStorage(
  deps: BlockStorageDeps,
  auth: { validator: TokenValidator; identityUri: string },
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    installErrorHandling(app, faultErrorBody);
    parseJsonBodies(app, () => new BadRequest('Malformed request body'));
    versionRoutes(app, deps);
    for (const prefix of ['/v3/:project_id', '/v3']) {
      await app.register(
        async (api) => {
          useMicroversions(api, BLOCK_STORAGE_MICROVERSIONS);
          requireAuth(api, { ...auth, serviceType: 'volume' });
          for (const register of blockStorageRoutes) register(api, deps);
        },
        { prefix },
      );
    }
  };
}
