import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, statusTitle } from './errors.js';

/**
 * Shapes an error into a service's own response body (Keystone, Nova, Neutron... each differ);
 * it may set headers on the reply, e.g. a content type other than JSON.
 */
export type ErrorBodyFormatter = (error: ApiError, request: FastifyRequest, reply: FastifyReply) => unknown;

/** Turns anything thrown into an ApiError: validation, parsing and size errors become 4xx, the rest 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const first = fastifyError.validation[0];
    const context = fastifyError.validationContext ?? 'body';
    const field = [context, ...first.instancePath.split('/').filter(Boolean)];
    if (first.keyword === 'required')
      field.push((first.params as { missingProperty: string }).missingProperty);
    if (first.keyword === 'additionalProperties') {
      field.push((first.params as { additionalProperty: string }).additionalProperty);
      return new ApiError(
        400,
        `Invalid input for field '${field.join('/')}': additional properties are not allowed`,
      );
    }
    const message = first.keyword === 'required' ? 'is a required property' : first.message;
    return new ApiError(400, `Invalid input for field '${field.join('/')}': ${message}`);
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ApiError(413, 'Request is too large.');
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return new ApiError(415, 'The request media type is not supported.');
    }
    return new ApiError(status, `Malformed request: ${fastifyError.message}`);
  }
  return new ApiError(500, 'An unexpected error prevented the server from fulfilling your request.');
}

/**
 * Installs a service's error and not-found handlers in its encapsulated plugin scope, so every
 * failure on its routes answers in that service's format. Server errors are logged with their
 * stack; their messages are never shown to the client.
 */
export function installErrorHandling(app: FastifyInstance, format: ErrorBodyFormatter): void {
  const send = (error: ApiError, request: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(error.status)
      .headers(error.headers)
      .send(format(error, request, reply));
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    return send(apiError, request, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    send(new ApiError(404, 'The resource could not be found.'), request, reply),
  );
}

/** `{"error": {"code", "title", "message"}}`: Keystone's body, also used by the gateway itself. */
export const identityErrorBody: ErrorBodyFormatter = (error) => ({
  error: { code: error.status, title: statusTitle(error.status), message: error.message },
});
