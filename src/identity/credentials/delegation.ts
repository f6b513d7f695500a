import type { RequestContext } from '../../common/auth/context.js';
import { Forbidden } from '../../common/http/errors.js';

/**
 * Methods that prove the user directly. A token from any other method (an application
 * credential, EC2 or OAuth signature, ...) acts on someone's behalf, and Keystone keeps such
 * tokens away from credential management (Debian's fix for LP#2159643): deny by default, so a
 * method added later is treated as delegated until reviewed.
 */
const PRIMARY_METHODS = new Set([
  'external',
  'kerberos',
  'mapped',
  'openid',
  'password',
  'saml2',
  'token',
  'totp',
  'x509',
]);

/** True when the token came from a delegated credential (or names no method at all). */
export function isDelegated(context: RequestContext): boolean {
  return context.methods.length === 0 || context.methods.some((method) => !PRIMARY_METHODS.has(method));
}

/**
 * True for delegated tokens and trust-scoped ones: with impersonation a trustee acts as the
 * trustor, and must not turn that into lasting credentials of the trustor's.
 */
export function actsOnSomeonesBehalf(context: RequestContext): boolean {
  return isDelegated(context) || context.trustId !== null;
}

/** Refuses delegated tokens on `/v3/credentials` and OS-EC2, with Keystone's message. */
export function requirePrimaryAuth(context: RequestContext): void {
  if (actsOnSomeonesBehalf(context)) {
    throw new Forbidden(
      'You are not authorized to perform the requested action: ' +
        'Delegated tokens cannot access credentials directly.',
    );
  }
}
