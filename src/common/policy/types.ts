import type { RequestContext } from '../auth/context.js';

/** A default rule as a service declares it, like oslo.policy's DocumentedRuleDefault. */
export interface PolicyRule {
  name: string;
  /** The check string in oslo.policy's language, e.g. `role:admin or project_id:%(project_id)s`. */
  check: string;
  description: string;
}

/**
 * The policy engine: rules in oslo.policy's language, the service's defaults overridden by
 * configuration. `enforce` throws Forbidden when the caller may not do the action.
 */
export interface PolicyEnforcer {
  /** True when `context` may do `action` on `target` (a flat or nested object of the resource's attributes). */
  check(action: string, target: Record<string, unknown>, context: RequestContext): boolean;
  /** As `check`, but throws Forbidden (403) with upstream's message when refused. */
  enforce(action: string, target: Record<string, unknown>, context: RequestContext): void;
}
