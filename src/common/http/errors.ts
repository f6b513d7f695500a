/**
 * Typed errors raised inside services. Each service maps them to its own wire format once,
 * at the edge (see `error-handling.ts`); nothing below the API layer knows about HTTP bodies.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. WWW-Authenticate on 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends ApiError {
  constructor(message: string) {
    super(400, message);
  }
}
export class Unauthorized extends ApiError {
  constructor(message = 'The request you have made requires authentication.') {
    super(401, message);
  }
}
export class Forbidden extends ApiError {
  constructor(message = 'You are not authorized to perform the requested action.') {
    super(403, message);
  }
}
export class NotFound extends ApiError {
  constructor(message: string) {
    super(404, message);
  }
}
export class MethodNotAllowed extends ApiError {
  constructor(message = 'The request method is not allowed for this resource.') {
    super(405, message);
  }
}
export class NotAcceptable extends ApiError {
  constructor(message: string) {
    super(406, message);
  }
}
export class Conflict extends ApiError {
  constructor(message: string) {
    super(409, message);
  }
}
export class PayloadTooLarge extends ApiError {
  constructor(message = 'Request is too large.') {
    super(413, message);
  }
}

/** The standard reason phrase of a status, used as the `title` of error bodies. */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};
