import type { FastifyInstance, HTTPMethods } from 'fastify';
import { PlacementError } from '../errors.js';

/**
 * Every placement path and its methods, in upstream's order (placement/handler.py): any other
 * method is a 405 that lists these in `Allow`. GET /allocation_candidates is served by its
 * own module; it is listed here so its other methods get the same 405.
 */
const ROUTES: Record<string, HTTPMethods[]> = {
  '/': ['GET'],
  '/resource_classes': ['GET', 'POST'],
  '/resource_classes/:name': ['GET', 'PUT', 'DELETE'],
  '/resource_providers': ['GET', 'POST'],
  '/resource_providers/:uuid': ['GET', 'DELETE', 'PUT'],
  '/resource_providers/:uuid/inventories': ['GET', 'POST', 'PUT', 'DELETE'],
  '/resource_providers/:uuid/inventories/:resource_class': ['GET', 'PUT', 'DELETE'],
  '/resource_providers/:uuid/usages': ['GET'],
  '/resource_providers/:uuid/aggregates': ['GET', 'PUT'],
  '/resource_providers/:uuid/allocations': ['GET'],
  '/allocations': ['POST'],
  '/allocations/:consumer_uuid': ['GET', 'PUT', 'DELETE'],
  '/allocation_candidates': ['GET'],
  '/traits': ['GET'],
  '/traits/:name': ['GET', 'PUT', 'DELETE'],
  '/resource_providers/:uuid/traits': ['GET', 'PUT', 'DELETE'],
  '/usages': ['GET'],
  '/reshaper': ['POST'],
};

const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

const errorResponse = { type: 'object', additionalProperties: true } as const;
const anyParams = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** Registers the 405 answers; call after the real routes. */
export function registerMethodNotAllowed(app: FastifyInstance): void {
  for (const [url, allowed] of Object.entries(ROUTES)) {
    const others = ALL_METHODS.filter(
      (method) => !allowed.includes(method) && !(method === 'HEAD' && allowed.includes('GET')),
    );
    app.route({
      method: others,
      url,
      config: { public: url === '/', noBody: true },
      schema: { ...(url.includes(':') ? { params: anyParams } : {}), response: { 405: errorResponse } },
      handler: async () => {
        const error = new PlacementError(405, 'The method specified is not allowed for this resource.');
        Object.assign(error.headers, { allow: allowed.join(', ') });
        throw error;
      },
    });
  }
}
