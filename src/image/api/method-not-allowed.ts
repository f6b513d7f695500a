import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ApiError } from '../../common/http/errors.js';

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** webob's 405, whose body names the method; `Allow` lists those the path takes. */
export class MethodRefused extends ApiError {
  constructor(
    readonly method: string,
    allowed: string[],
  ) {
    super(405, `The method ${method} is not allowed for this resource.`, { Allow: allowed.join(', ') });
  }
}

/**
 * Answers the other methods on every API path with 405 and an `Allow` header, as Glance's router
 * does (`DELETE /v2/images` is not a missing resource). Call before registering the routes, which
 * it watches; call what it returns after them to add the refusals.
 */
export function refuseOtherMethods(app: FastifyInstance): () => void {
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (!route.url.includes('/v2/') || route.config?.methodRefusal) return;
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByPath.set(route.url, methods);
  });
  return () => {
    for (const [url, taken] of methodsByPath) {
      const allowed = METHODS.filter((method) => taken.has(method));
      const others = METHODS.filter((method) => !taken.has(method));
      app.route({
        method: others,
        url: url.slice(app.prefix.length),
        config: { noBody: true, methodRefusal: true },
        schema: {
          ...(url.includes(':')
            ? { params: { type: 'object', additionalProperties: { type: 'string' } } }
            : {}),
          response: { 405: {} },
        },
        handler: async (request) => {
          throw new MethodRefused(request.method, allowed);
        },
      });
    }
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** One of the 405 routes `refuseOtherMethods` adds. */
    methodRefusal?: boolean;
  }
}
