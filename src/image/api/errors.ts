import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, statusTitle } from '../../common/http/errors.js';
import { toApiError } from '../../common/http/error-handling.js';
import { escapeHtml } from '../../common/http/escape-html.js';
import { MethodRefused } from './method-not-allowed.js';

/**
 * A webob error with both an explanation and a detail (`416`: "The Range requested is not
 * available." then why); other errors carry their explanation as the message.
 */
export class WebobError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly detail: string,
    headers: Record<string, string> = {},
  ) {
    super(status, message, headers);
  }
}

/**
 * Glance answers errors as webob does: JSON (`{"message", "code": "404 Not Found", "title"}`)
 * when the client accepts JSON, an HTML page otherwise. The message carries webob's
 * `<br /><br />`, the detail and trailing blank lines, as upstream's does.
 */
export function glanceErrorBody(
  error: ApiError,
  request: FastifyRequest,
  reply: FastifyReply,
): string | object {
  const title = statusTitle(error.status);
  const status = `${error.status} ${title}`;
  const detail = error instanceof WebobError ? error.detail : '';
  // webob's 405 page has its own template: no blank lines after the break.
  const tail = error instanceof MethodRefused ? '' : `${detail}\n\n`;
  const separator = error instanceof MethodRefused ? ' <br /><br />\n' : '<br /><br />\n';
  if ((request.headers.accept ?? '').includes('application/json')) {
    reply.type('application/json');
    return { message: `${error.message}${separator}${tail}`, code: status, title };
  }
  reply.type('text/html; charset=UTF-8');
  const body = `${escapeHtml(error.message)}${separator}${escapeHtml(tail)}`;
  return `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${body}\n </body>\n</html>`;
}

const PATCH_TYPES =
  'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch';

/** Fastify's own refusals (body parsing, media types) in Glance's words. */
function asGlanceError(error: unknown, request: FastifyRequest): ApiError {
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return new ApiError(400, 'Malformed JSON in request body.');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const contentType = request.headers['content-type'] ?? '';
    if (request.method === 'PATCH') {
      return new ApiError(415, `The request media type ${contentType} is not supported by this server.`, {
        'Accept-Patch': PATCH_TYPES,
      });
    }
    return new ApiError(415, `Invalid content type ${contentType}`);
  }
  return toApiError(error);
}

/** Every failure on the image routes, and unknown paths, answered in Glance's format. */
export function installGlanceErrors(app: FastifyInstance): void {
  const send = (error: ApiError, request: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(error.status)
      .headers(error.headers)
      .send(glanceErrorBody(error, request, reply));
  app.setErrorHandler((error, request, reply) => {
    const apiError = asGlanceError(error, request);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    // An upload refused before its end: close the connection rather than read the rest.
    if (!request.raw.complete) reply.header('connection', 'close');
    return send(apiError, request, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    send(new ApiError(404, 'The resource could not be found.'), request, reply),
  );
}

export { PATCH_TYPES };
