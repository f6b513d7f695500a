import { ApiError } from '../common/http/errors.js';

/**
 * An error as Neutron reports it: an HTTP status and Neutron's exception name, which becomes
 * the `type` of `{"NeutronError": {"type", "message", "detail"}}`. Raised anywhere in the
 * network service; shaped into the body once, at the edge.
 */
export class NeutronError extends ApiError {
  constructor(
    status: number,
    readonly type: string,
    message: string,
  ) {
    super(status, message);
  }
}

/** webob's HTTPBadRequest, which Neutron raises for malformed bodies and invalid attributes. */
export function badRequest(message: string): NeutronError {
  return new NeutronError(400, 'HTTPBadRequest', message);
}

/** neutron-lib's InvalidInput: `Invalid input for operation: <message>.` */
export function invalidInput(message: string): NeutronError {
  return new NeutronError(400, 'InvalidInput', `Invalid input for operation: ${message}.`);
}

/** neutron-lib's <Resource>NotFound: `<Resource> <id> could not be found.` */
export function notFound(type: string, message: string): NeutronError {
  return new NeutronError(404, type, message);
}

/** neutron-lib's InUse family (NetworkInUse, SubnetInUse, ...): 409. */
export function conflict(type: string, message: string): NeutronError {
  return new NeutronError(409, type, message);
}

/** oslo.policy's refusal, as Neutron passes it on: 403 naming the rule. */
export function policyNotAuthorized(action: string): NeutronError {
  return new NeutronError(403, 'PolicyNotAuthorized', `${action} is disallowed by policy`);
}

/** The `If-Match: revision_number=N` constraint did not hold. */
export function revisionConstraintFailed(expected: number, current: number): NeutronError {
  return new NeutronError(
    412,
    'HTTPPreconditionFailed',
    `Constrained to ${expected}, but current revision is ${current}`,
  );
}
