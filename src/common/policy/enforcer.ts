import type { RequestContext } from '../auth/context.js';
import { Forbidden } from '../http/errors.js';
import { compileCheck, referencedRules, type Predicate, type PolicySubject } from './compile.js';
import { policyCredentials } from './credentials.js';
import { parseCheck, type PolicyCheck } from './parser.js';
import type { PolicyEnforcer, PolicyRule } from './types.js';

/**
 * The policy engine for a service: its default rules, with configured overrides replacing
 * defaults by name or adding new named rules (which other rules can then use as `rule:NAME`).
 * Every rule is parsed and compiled here, once; a rule that does not parse, or rules that refer
 * to each other in a loop, stop the service from starting. An action with no rule is refused.
 */
export function createPolicyEnforcer(rules: PolicyRule[], overrides: Record<string, string>): PolicyEnforcer {
  const checkStrings = new Map<string, string>();
  for (const rule of rules) {
    if (checkStrings.has(rule.name)) throw new Error(`Policy rule "${rule.name}" is defined twice`);
    checkStrings.set(rule.name, rule.check);
  }
  for (const [name, check] of Object.entries(overrides)) checkStrings.set(name, check);

  const parsed = new Map<string, PolicyCheck>();
  for (const [name, check] of checkStrings) parsed.set(name, parseCheck(name, check));
  assertNoLoops(parsed);

  const compiled = new Map<string, Predicate>();
  for (const [name, check] of parsed) compiled.set(name, compileCheck(check, compiled));

  const check = (action: string, target: Record<string, unknown>, context: RequestContext): boolean => {
    const predicate = compiled.get(action);
    if (predicate === undefined) return false;
    const subject: PolicySubject = {
      credentials: policyCredentials(context),
      roles: new Set(context.roles.map((role) => role.toLowerCase())),
    };
    return predicate(target, subject);
  };

  return {
    check,
    enforce(action, target, context) {
      if (!check(action, target, context)) {
        throw new Forbidden(`You are not authorized to perform the requested action: ${action}.`);
      }
    },
  };
}

/** oslo.policy would recurse forever on `a: rule:b`, `b: rule:a`; refuse such rules up front. */
function assertNoLoops(parsed: ReadonlyMap<string, PolicyCheck>): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (done.has(name)) return;
    const check = parsed.get(name);
    if (check === undefined) return;
    if (path.includes(name)) {
      throw new Error(`Policy rules refer to each other in a loop: ${[...path, name].join(' -> ')}`);
    }
    for (const next of referencedRules(check)) visit(next, [...path, name]);
    done.add(name);
  };
  for (const name of parsed.keys()) visit(name, []);
}
