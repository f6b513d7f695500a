import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthorized } from '../http/errors.js';
import type { RequestContext, TokenValidator } from './context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireAuth` on every route that is not public. */
    context: RequestContext;
  }
  interface FastifyContextConfig {
    /** Routes that anyone may call without a token (version discovery, token issue). */
    public?: boolean;
  }
}

export interface AuthOptions {
  validator: TokenValidator;
  /** Where clients get a token, named in the WWW-Authenticate header of 401 answers. */
  identityUri: string;
}

/**
 * Token to request context, as keystonemiddleware does it: `X-Auth-Token` is validated (through
 * the validator, which caches), an `X-Service-Token` from a service user adds its roles, and a
 * route not marked `config.public` refuses a missing or invalid token with 401.
 */
export function requireAuth(app: FastifyInstance, options: AuthOptions): void {
  const challenge = { 'WWW-Authenticate': `Keystone uri="${options.identityUri}"` };
  const refuse = (message?: string) => {
    const error = new Unauthorized(message);
    Object.assign(error.headers, challenge);
    return error;
  };
  app.decorateRequest('context', null as unknown as RequestContext);
  app.addHook('preHandler', async (request: FastifyRequest) => {
    // Unknown paths answer 404 without asking for a token, as Keystone does.
    if (request.routeOptions.config?.public || request.is404) return;
    const token = request.headers['x-auth-token'];
    if (typeof token !== 'string' || token === '') throw refuse();
    let context: RequestContext;
    try {
      context = await options.validator.validate(token);
    } catch {
      throw refuse('The request you have made requires authentication.');
    }
    const serviceToken = request.headers['x-service-token'];
    if (typeof serviceToken === 'string' && serviceToken !== '') {
      try {
        const service = await options.validator.validate(serviceToken);
        context = { ...context, serviceRoles: service.roles };
      } catch {
        throw refuse('The service token is not valid.');
      }
    }
    request.context = context;
  });
}
