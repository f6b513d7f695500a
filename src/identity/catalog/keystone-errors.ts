import { BadRequest, Conflict } from '../../common/http/errors.js';

/**
 * Keystone's standard error messages, shared by the catalog, credentials and application
 * credentials so their wording stays identical to upstream's.
 */
const CLIENT_AT_FAULT =
  'The server could not comply with the request since it is either malformed or otherwise incorrect.' +
  ' The client is assumed to be in error.';

/** Keystone's ValidationError(attribute, target): a 400 naming what was missing. */
export function expectingToFind(attribute: string, target: string): BadRequest {
  return new BadRequest(`Expecting to find ${attribute} in ${target}. ${CLIENT_AT_FAULT}`);
}

/** A 400 with Keystone's trailing "the client is assumed to be in error" sentence. */
export function clientError(sentence: string): BadRequest {
  return new BadRequest(`${sentence} ${CLIENT_AT_FAULT}`);
}

/** Keystone's Conflict: `Conflict occurred attempting to store <type> - <details>.` */
export function storeConflict(type: string, details: string): Conflict {
  return new Conflict(`Conflict occurred attempting to store ${type} - ${details}.`);
}

/** What `PATCH` answers when the body names another id than the URL. */
export function cannotChangeId(): BadRequest {
  return new BadRequest('Cannot change ID');
}
