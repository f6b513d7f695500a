import type { FastifyReply, FastifyRequest } from 'fastify';
import { statusTitle, type ApiError } from '../../common/http/errors.js';
import { PLACEMENT_MICROVERSIONS } from '../../common/http/microversion.js';
import { ErrorCode } from '../errors.js';

/** An error with placement's machine-readable `code`, e.g. `placement.concurrent_update`. */
export interface CodedError {
  code?: string;
}

/**
 * webob's text before the message in `detail`: a paragraph per status, then a blank line.
 * 405 and 406 have their own templates (with the method and the offered type).
 */
function detailOf(error: ApiError, request: FastifyRequest): string {
  if (error.status === 405)
    return `The method ${request.method} is not allowed for this resource. \n\n ${error.message}`;
  if (error.status === 406) {
    return `The resource could not be generated that was acceptable to your browser (content of type application/json. \n\n ${error.message}`;
  }
  if (error.status === 415) {
    const type = request.headers['content-type'] || 'None';
    return `The request media type ${type} is not supported by this server. \n\n ${error.message}`;
  }
  // A bare 404 (no route) has no message of its own upstream.
  const message =
    error.status === 404 && error.message === 'The resource could not be found.' ? '' : error.message;
  return `${WEBOB_EXPLANATIONS[error.status] ?? ''}\n\n ${message}  `;
}

/**
 * Placement's error body: `{"errors": [{"status", "title", "detail", "code", "request_id"}]}`,
 * `detail` being webob's "<explanation>\n\n <message>  " text as upstream renders it. `code`
 * comes from 1.23 on; a 406 for an unacceptable microversion names the versions on offer.
 * A 401 comes from keystonemiddleware upstream, so it has Keystone's body.
 */
export function placementErrorBody(
  error: ApiError & CodedError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const title = statusTitle(error.status);
  if (error.status === 401) return { error: { code: 401, title, message: error.message } };
  const version = request.microversion;
  const unacceptableVersion = error.status === 406 && !version;
  reply.header('content-type', 'application/json');
  return {
    errors: [
      {
        status: error.status,
        title,
        detail: detailOf(error, request),
        ...(version?.atLeast('1.23') ? { code: error.code ?? ErrorCode.DEFAULT } : {}),
        request_id: request.id,
        ...(unacceptableVersion
          ? { max_version: PLACEMENT_MICROVERSIONS.max, min_version: PLACEMENT_MICROVERSIONS.min }
          : {}),
      },
    ],
  };
}

/** webob's explanation paragraph per status, which upstream placement puts before the message. */
const WEBOB_EXPLANATIONS: Record<number, string> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'The request is larger than the server is willing or able to process.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
};
