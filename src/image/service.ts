import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../common/auth/authenticate.js';
import type { TokenValidator } from '../common/auth/context.js';
import { ApiError } from '../common/http/errors.js';
import { glanceErrorBody, installGlanceErrors } from './api/errors.js';
import { refuseOtherMethods } from './api/method-not-allowed.js';
import { imageRoutes } from './api/routes.js';
import { glanceVersions } from './api/versions.js';
import type { ImageDeps } from './deps.js';

const PATCH_MEDIA_TYPES = [
  'application/openstack-images-v2.0-json-patch',
  'application/openstack-images-v2.1-json-patch',
];

/**
 * Request bodies as Glance reads them: image data (`application/octet-stream`) is handed to the
 * route as the raw request stream, never buffered, so an upload flows straight to the store;
 * JSON-patch documents are JSON.
 */
function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(PATCH_MEDIA_TYPES, { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
}

/**
 * Paths Glance's router does not take: a trailing slash is not found (`/v2/images/` is no list),
 * and a first segment that is no API version gets the version list (300), as Glance's version
 * negotiation answers it.
 */
function routeLikeGlance(app: FastifyInstance, deps: ImageDeps): void {
  const prefix = app.prefix;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0].slice(prefix.length);
    if (path === '' || path === '/') return;
    if (path.endsWith('/')) {
      const error = new ApiError(404, 'The resource could not be found.');
      return reply.status(404).send(glanceErrorBody(error, request, reply));
    }
    const first = path.split('/')[1];
    if (first === 'v2' && path === '/v2') return reply.redirect(`${deps.baseUrl}/v2/`, 302);
    if (first !== 'v2' && first !== 'versions') return reply.status(300).send(glanceVersions(deps.baseUrl));
  });
}

/** The image service (Glance v2) as a Fastify plugin, mounted under `/image`. */
export function buildImage(
  deps: ImageDeps,
  auth: { validator: TokenValidator; identityUri: string },
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    installGlanceErrors(app);
    registerBodyParsers(app);
    routeLikeGlance(app, deps);
    requireAuth(app, { ...auth, serviceType: 'image' });
    const addMethodRefusals = refuseOtherMethods(app);
    for (const register of imageRoutes) register(app, deps);
    addMethodRefusals();
  };
}
