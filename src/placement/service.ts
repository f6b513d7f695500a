import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import type { TokenValidator } from '../common/auth/context.js';
import { installErrorHandling } from '../common/http/error-handling.js';
import { PLACEMENT_MICROVERSIONS, useMicroversions } from '../common/http/microversion.js';
import { placementErrorBody } from './api/errors.js';
import { registerMethodNotAllowed } from './api/method-not-allowed.js';
import { placementRoutes } from './api/routes.js';
import type { PlacementDeps } from './deps.js';
import { badRequest } from './errors.js';

/** The placement service as a Fastify plugin, mounted under `/placement`. */
export function buildPlacement(
  deps: PlacementDeps,
  auth: { validator: TokenValidator; identityUri: string },
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    installErrorHandling(app, placementErrorBody);
    useMicroversions(app, PLACEMENT_MICROVERSIONS);
    requireAuth(app, { ...auth, serviceType: 'placement' });
    // Bodies of any media type reach the handlers, which answer 415 with upstream's words.
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      if (body === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(badRequest(`Malformed JSON: ${(error as Error).message}`), undefined);
      }
    });
    for (const register of placementRoutes) register(app, deps);
    registerMethodNotAllowed(app);
  };
}
