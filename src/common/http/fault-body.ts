import type { ErrorBodyFormatter } from './error-handling.js';
import { statusTitle } from './errors.js';

/**
 * The fault names of Nova's and Cinder's WSGI layers (nova/api/openstack/wsgi.py and its copy in
 * cinder): by status, any other status a computeFault.
 */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** The fault name Nova gives an error status, e.g. `itemNotFound` for 404. */
export function faultName(status: number): string {
  return FAULT_NAMES[status] ?? 'computeFault';
}

/**
 * Nova's and Cinder's error body: `{"itemNotFound": {"code": 404, "message": "..."}}`. A 401
 * comes from keystonemiddleware upstream, so it has Keystone's body.
 */
export const faultErrorBody: ErrorBodyFormatter = (error) => {
  if (error.status === 401) {
    return { error: { code: 401, title: statusTitle(401), message: error.message } };
  }
  return { [faultName(error.status)]: { code: error.status, message: error.message } };
};
