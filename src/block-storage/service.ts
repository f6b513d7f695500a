import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import type { TokenValidator } from '../common/auth/context.js';
import { installErrorHandling } from '../common/http/error-handling.js';
import { BadRequest } from '../common/http/errors.js';
import { faultErrorBody } from '../common/http/fault-body.js';
import { BLOCK_STORAGE_MICROVERSIONS, useMicroversions } from '../common/http/microversion.js';
import { blockStorageRoutes } from './api/routes.js';
import { versionRoutes } from './api/versions.js';
import type { BlockStorageDeps } from './deps.js';

/** JSON bodies as Cinder reads them: an empty body is none, bad JSON is its 400. */
function parseJsonLikeCinder(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new BadRequest('Malformed request body'), undefined);
    }
  });
}

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
    parseJsonLikeCinder(app);
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
