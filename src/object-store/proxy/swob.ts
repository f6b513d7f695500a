/**
 * Swift's answers as swob makes them: each status has a title and an explanation, and an error
 * without a body of its own gets `<html><h1>title</h1><p>explanation</p></html>`.
 */
const RESPONSE_REASONS: Record<number, [string, string]> = {
  200: ['OK', ''],
  201: ['Created', ''],
  202: ['Accepted', 'The request is accepted for processing.'],
  204: ['No Content', ''],
  206: ['Partial Content', ''],
  301: ['Moved Permanently', 'The resource has moved permanently.'],
  303: ['See Other', 'The response to the request can be found under a different URI.'],
  304: ['Not Modified', ''],
  400: [
    'Bad Request',
    'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  ],
  401: [
    'Unauthorized',
    'This server could not verify that you are authorized to access the document you requested.',
  ],
  403: ['Forbidden', 'Access was denied to this resource.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'The method is not allowed for this resource.'],
  406: ['Not Acceptable', 'The resource is not available in a format acceptable to your browser.'],
  408: ['Request Timeout', 'The server has waited too long for the request to be sent by the client.'],
  409: ['Conflict', 'There was a conflict when trying to complete your request.'],
  411: ['Length Required', 'Content-Length header required.'],
  412: ['Precondition Failed', 'A precondition for this request was not met.'],
  413: ['Request Entity Too Large', 'The body of your request was too large for this server.'],
  414: ['Request URI Too Long', 'The request URI was too long for this server.'],
  416: ['Requested Range Not Satisfiable', 'The Range requested is not available.'],
  422: ['Unprocessable Entity', 'Unable to process the contained instructions'],
  499: ['Client Disconnect', 'The client was disconnected during request.'],
  500: [
    'Internal Error',
    'The server has either erred or is incapable of performing the requested operation.',
  ],
  501: ['Not Implemented', 'The requested method is not implemented by this server.'],
  503: ['Service Unavailable', 'The server is currently unavailable. Please try again at a later time.'],
  504: ['Gateway Timeout', 'A timeout has occurred speaking to a backend server.'],
};

/** A status's title, as in a status line (`201 Created`). */
export const statusTitle = (status: number): string => RESPONSE_REASONS[status]?.[0] ?? '';

/** swob's default body of a status (empty for statuses without an explanation). */
export function defaultBody(status: number): string {
  const reason = RESPONSE_REASONS[status];
  if (!reason || reason[1] === '') return '';
  return `<html><h1>${reason[0]}</h1><p>${reason[1]}</p></html>`;
}

/**
 * An answer the proxy gives instead of going on (swob's HTTPException): a status, and a plain
 * text body when Swift gives one (`Object name length of 2000 longer than 1024`), else swob's.
 */
export class SwiftError extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly body?: string,
    headers: Record<string, string> = {},
  ) {
    super(body ?? defaultBody(status));
    this.name = 'SwiftError';
    this.headers = headers;
  }
}

/** `HTTPBadRequest(body=..., content_type='text/plain')`, the shape of every constraint refusal. */
export const badRequest = (body: string) => new SwiftError(400, body);
