import type { ErrorBodyFormatter } from '../../common/http/error-handling.js';
import { NeutronError } from '../errors.js';

/** webob's exception names by status, for errors that are not Neutron's own. */
const HTTP_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  406: 'HTTPNotAcceptable',
  409: 'HTTPConflict',
  412: 'HTTPPreconditionFailed',
  413: 'HTTPRequestEntityTooLarge',
  415: 'HTTPUnsupportedMediaType',
  500: 'HTTPInternalServerError',
  501: 'HTTPNotImplemented',
  503: 'HTTPServiceUnavailable',
};

/** `{"NeutronError": {"type", "message", "detail"}}`, Neutron's error body. */
export const neutronErrorBody: ErrorBodyFormatter = (error) => ({
  NeutronError: {
    type: error instanceof NeutronError ? error.type : (HTTP_TYPES[error.status] ?? 'HTTPError'),
    message: error.message,
    detail: '',
  },
});
