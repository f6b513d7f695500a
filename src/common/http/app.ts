import { randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from '../logging.js';

export interface AppOptions {
  logger: Logger;
  /** Largest request body in bytes; larger bodies get 413. */
  bodyLimit: number;
  /**
   * Check every response against its route's response schema and fail loudly on a mismatch.
   * Tests turn it on; in service, responses are plain JSON.stringify, so a schema can never
   * silently drop or coerce a field a client relies on.
   */
  validateResponses?: boolean;
}

/**
 * Bodies are validated strictly (a string is never coerced into a number), while query strings
 * and path parameters, which are always text on the wire, are coerced to their schema types.
 */
function validatorCompilers() {
  const strict = new Ajv({ allErrors: false, coerceTypes: false, useDefaults: true, strict: false });
  const coercing = new Ajv({ allErrors: false, coerceTypes: 'array', useDefaults: true, strict: false });
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema);
}

/** One log line per request, when it completes, instead of Fastify's two. */
class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        err: error ?? undefined,
      },
      'request',
    );
  }
}

const responseAjv = new Ajv({ allErrors: true, strict: false });

/** A serializer that checks the response against its schema, for tests. */
function checkingSerializer({ schema, url, method }: { schema: object; url: string; method: string }) {
  const validate = responseAjv.compile(schema);
  return (data: unknown) => {
    if (!validate(data)) {
      throw new Error(
        `response of ${method} ${url} does not match its schema: ${responseAjv.errorsText(validate.errors)}`,
      );
    }
    return JSON.stringify(data);
  };
}

/**
 * The Fastify server every deployment mounts its service plugins on. It never listens by
 * itself: the CLI listens, tests use `inject`. Every response carries the request id as
 * `x-openstack-request-id`, and every log line of a request carries it too.
 */
export function createApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    genReqId: () => `req-${randomUUID()}`,
    logController: new OneLineRequestLog({ requestIdLogLabel: 'request_id' }),
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
  });
  // OpenStack clients send `Content-Type: application/json` on body-less PUTs (role grants,
  // tags); upstream services accept them, so an empty JSON body is no body rather than an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
  app.setValidatorCompiler(validatorCompilers());
  app.setSerializerCompiler(
    options.validateResponses ? checkingSerializer : () => (data: unknown) => JSON.stringify(data),
  );
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-openstack-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  return app;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A PUT or POST that takes no body (e.g. a role grant); the schema meta-test accepts it without a body schema. */
    noBody?: boolean;
  }
}
