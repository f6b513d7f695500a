import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAuth } from '../../common/auth/authenticate.js';
import type { TokenValidator } from '../../common/auth/context.js';
import { ApiError } from '../../common/http/errors.js';
import { accountController } from './account.js';
import { containerController } from './container.js';
import { withCors } from './cors.js';
import { header, wsgiHeaderNames } from './headers.js';
import { swiftInfo } from './info.js';
import { objectController } from './object.js';
import { SWIFT_PATH_MIDDLEWARES, SWIFT_PIPELINE } from '../middleware/pipeline.js';
import type { S3CredentialCheck } from '../s3/auth/s3-credential-check.js';
import { s3Answer } from '../s3/s3-api.js';
import { tempAuthAnswer, type PasswordAuth } from './tempauth.js';
import { composePipeline, type SwiftApp } from '../middleware/swift-middleware.js';
import type { ProxyContext } from './proxy-context.js';
import type { SwiftAnswer, SwiftCall } from './swift-call.js';
import { parseSwiftPath } from './swift-path.js';
import { defaultBody, SwiftError } from './swob.js';
import { newTransId } from './trans-id.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Swift's transaction id of the request (`X-Trans-Id`). */
    swiftTransId: string;
  }
}

/** Request bodies are object data: the raw stream, whatever its type, never buffered here. */
const streamedBody = { description: 'Object data, streamed to the replicas.' } as const;

const SWIFT_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'COPY', 'OPTIONS'];

/** Methods whose requests carry a body (object data), which their routes take as a stream. */
const BODY_METHODS = ['PUT', 'POST', 'COPY'];

const anyAnswer = { '2xx': {}, '3xx': {}, '4xx': {}, '5xx': {} } as const;

/** The controller of a path: account, container or object (Swift's `get_controller`), CORS around them. */
const controllers: SwiftApp = withCors((proxy, call) => {
  if (call.path.object !== undefined) return objectController(proxy, call);
  if (call.path.container !== undefined) return containerController(proxy, call);
  return accountController(proxy, call);
});

/** Writes an answer with the headers every Swift answer carries, and swob's body for a bodiless error. */
function send(reply: FastifyReply, request: FastifyRequest, answer: SwiftAnswer): FastifyReply {
  const headers: Record<string, string> = { ...answer.headers };
  headers['x-trans-id'] = request.swiftTransId;
  headers['x-openstack-request-id'] = request.swiftTransId;
  let body = answer.body;
  if (body === undefined) {
    body = defaultBody(answer.status);
    headers['content-type'] ??= 'text/html; charset=UTF-8';
  }
  headers['content-type'] ??= 'text/plain; charset=utf-8';
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (request.method !== 'HEAD' && answer.status !== 204 && answer.status !== 304) {
      headers['content-length'] = String(Buffer.byteLength(body));
    }
  }
  reply.status(answer.status).headers(headers);
  // Without a payload Fastify keeps Content-Type on a 204, which Swift's clients look for.
  if (request.method === 'HEAD' || answer.status === 204 || answer.status === 304) {
    if (body instanceof Readable) body.destroy();
    return reply.send();
  }
  return reply.send(body);
}

/** Swift's answer for an error raised anywhere below: its status and body, never a stack. */
function errorAnswer(error: unknown, proxy: ProxyContext, identityUri: string): SwiftAnswer {
  if (error instanceof SwiftError) {
    const headers = { ...error.headers };
    // keystonemiddleware names where to get a token on every 401 (delay_auth_decision).
    if (error.status === 401) headers['www-authenticate'] = `Keystone uri="${identityUri}"`;
    if (error.body === undefined) return { status: error.status, headers };
    return {
      status: error.status,
      headers: { ...headers, 'content-type': 'text/plain; charset=UTF-8' },
      body: error.body,
    };
  }
  if (error instanceof ApiError) return { status: error.status, headers: error.headers };
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return { status, headers: {} };
  proxy.logger.error({ err: error }, 'object-store proxy error');
  return { status: 500, headers: {} };
}

/**
 * The Swift v1 API as a Fastify plugin (the gateway mounts it at `/object-store`): `/info`, and
 * every path under `/v1` routed by its shape to the account, container or object controller.
 * Tokens are checked as keystonemiddleware does with `delay_auth_decision`: without a valid one
 * the request goes on anonymous, and the container's ACL decides.
 */
export function buildSwiftApi(
  proxy: ProxyContext,
  auth: {
    validator: TokenValidator;
    identityUri: string;
    s3Credentials: S3CredentialCheck;
    passwords: PasswordAuth;
  },
) {
  return async (app: FastifyInstance) => {
    if (!app.supportedMethods.includes('COPY')) app.addHttpMethod('COPY', { hasBody: true });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    app.decorateRequest('swiftTransId', '');
    app.addHook('onRequest', async (request) => {
      request.swiftTransId = newTransId(Date.now(), header(request.headers, 'x-trans-id-extra'));
    });
    app.setErrorHandler((error, request, reply) =>
      send(reply, request, errorAnswer(error, proxy, auth.identityUri)),
    );
    // Paths outside `/info` and `/v1/...` are not found; methods Swift does not have are not allowed.
    app.setNotFoundHandler((request, reply) =>
      send(reply, request, { status: SWIFT_METHODS.includes(request.method) ? 404 : 405, headers: {} }),
    );

    app.route({
      method: ['GET', 'HEAD'],
      url: '/info',
      exposeHeadRoute: false,
      config: { public: true },
      schema: { response: anyAnswer },
      handler: async (request, reply) =>
        send(reply, request, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=UTF-8' },
          body: JSON.stringify(swiftInfo()),
        }),
    });

    app.route({
      method: 'GET',
      url: '/auth/v1.0',
      config: { public: true },
      schema: { response: anyAnswer },
      handler: async (request, reply) =>
        send(
          reply,
          request,
          await tempAuthAnswer(
            auth.passwords,
            request.headers,
            `${request.protocol}://${request.headers.host ?? request.hostname}${app.prefix}`,
            Date.now(),
          ),
        ),
    });

    // healthcheck, crossdomain: answered in front of auth; their other methods go on to what is behind.
    for (const middleware of SWIFT_PATH_MIDDLEWARES) {
      const pathRoute = {
        url: middleware.path,
        exposeHeadRoute: false,
        config: { public: true },
        handler: async (request: FastifyRequest, reply: FastifyReply) =>
          send(reply, request, middleware.answer()),
      };
      const withBody = middleware.methods.filter((method) => BODY_METHODS.includes(method));
      const withoutBody = middleware.methods.filter((method) => !BODY_METHODS.includes(method));
      if (withoutBody.length > 0)
        app.route({ ...pathRoute, method: withoutBody, schema: { response: anyAnswer } });
      if (withBody.length > 0)
        app.route({ ...pathRoute, method: withBody, schema: { body: streamedBody, response: anyAnswer } });
    }

    const pipeline = composePipeline(controllers, SWIFT_PIPELINE);
    await app.register(async (api) => {
      requireAuth(api, { ...auth, serviceType: 'object-store', delayAuthDecision: true });
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const rawPath = request.url.split('?')[0].slice(app.prefix.length);
        const call: SwiftCall = {
          method: request.method,
          path: parseSwiftPath(rawPath),
          rawPath,
          query: request.query as Record<string, string>,
          headers: wsgiHeaderNames(request.headers),
          body: request.body instanceof Readable ? request.body : undefined,
          caller: request.context ?? null,
          transId: request.swiftTransId,
          scriptName: app.prefix,
          now: Date.now(),
        };
        return send(reply, request, await pipeline(proxy, call));
      };
      const common = { url: '/v1/*', exposeHeadRoute: false, handler };
      api.route({ ...common, method: ['GET', 'HEAD', 'DELETE', 'OPTIONS'], schema: { response: anyAnswer } });
      api.route({
        ...common,
        method: BODY_METHODS,
        schema: { body: streamedBody, response: anyAnswer },
      });
    });

    // Every other path is S3's, path-style (`/<bucket>/<key>`), as s3api serves it on Swift's
    // proxy: requests signed with EC2 credentials instead of carrying a token.
    const s3 = {
      swift: (call: SwiftCall) => pipeline(proxy, call),
      credentials: auth.s3Credentials,
      scriptName: app.prefix,
      logger: proxy.logger,
    };
    const s3Handler = async (request: FastifyRequest, reply: FastifyReply) =>
      send(reply, request, await s3Answer(s3, request));
    const s3Common = { url: '/*', exposeHeadRoute: false, handler: s3Handler };
    app.route({ ...s3Common, method: ['GET', 'HEAD', 'DELETE'], schema: { response: anyAnswer } });
    app.route({ ...s3Common, method: ['PUT', 'POST'], schema: { body: streamedBody, response: anyAnswer } });
    // The service itself (ListBuckets): the mount point with or without its slash.
    app.route({ ...s3Common, url: '/', method: ['GET', 'HEAD'], schema: { response: anyAnswer } });
  };
}
