import type { RequestContext } from '../auth/context.js';
import { Forbidden } from '../http/errors.js';
import type { PolicyEnforcer } from './types.js';

/**
 * Nova's `context.can` and Cinder's `context.authorize`: a refusal is their PolicyNotAuthorized,
 * a 403 "Policy doesn't allow <action> to be performed." (`enforce` speaks Keystone's words).
 */
export function authorize(
  policy: PolicyEnforcer,
  action: string,
  target: Record<string, unknown>,
  context: RequestContext,
): void {
  if (!policy.check(action, target, context)) {
    throw new Forbidden(`Policy doesn't allow ${action} to be performed.`);
  }
}
