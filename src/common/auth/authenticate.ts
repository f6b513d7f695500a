import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthorized } from '../http/errors.js';
import { accessRulesAllow } from './access-rules.js';
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
  /** The service type of the guarded service, against which access rules are checked. */
  serviceType: string;
  /**
   * keystonemiddleware's `delay_auth_decision`: a request without a valid token goes on with a
   * null `request.context`, and the service decides (Swift lets ACLs open containers to anyone).
   */
  delayAuthDecision?: boolean;
}

/**
 * Token to request context, as keystonemiddleware does it: `X-Auth-Token` is validated (through
 * the validator, which caches), an `X-Service-Token` from a service user adds its roles, and a
 * route not marked `config.public` refuses a missing or invalid token with 401. A token from an
 * application credential with access rules is refused (401, as keystonemiddleware answers)
 * unless a rule allows the request, its path taken relative to the service's mount point; a
 * valid service token lifts that check, since the request is then one service calling another.
 */
export function requireAuth(app: FastifyInstance, options: AuthOptions): void {
  const challenge = { 'WWW-Authenticate': `Keystone uri="${options.identityUri}"` };
  const refuse = (message?: string) => {
    const error = new Unauthorized(message);
    Object.assign(error.headers, challenge);
    return error;
  };
  const prefix = app.prefix;
  app.decorateRequest('context', null as unknown as RequestContext);
  app.addHook('preHandler', async (request: FastifyRequest) => {
    // Unknown paths answer 404 without asking for a token, as Keystone does.
    if (request.routeOptions.config?.public || request.is404) return;
    const token = request.headers['x-auth-token'];
    if (typeof token !== 'string' || token === '') {
      if (options.delayAuthDecision) return; // context stays null: anonymous
      throw refuse();
    }
    let context: RequestContext;
    try {
      context = await options.validator.validate(token);
    } catch {
      if (options.delayAuthDecision) return; // context stays null: anonymous
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
    } else {
      const path = request.url.split('?')[0].slice(prefix.length);
      const guarded = { serviceType: options.serviceType, method: request.method, path };
      if (!accessRulesAllow(context.accessRules, guarded)) {
        throw refuse('The request you have made requires authentication.');
      }
    }
    request.context = context;
  });
}
