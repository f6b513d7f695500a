import type { PolicyCredentials } from './credentials.js';
import type { PolicyCheck } from './parser.js';
import { isPlainObject, pythonStr, renderTemplate } from './template.js';

/** Who asks: the credentials and, for `role:` checks, the role names in lower case. */
export interface PolicySubject {
  credentials: PolicyCredentials;
  roles: Set<string>;
}

/** A compiled check: true when the subject passes it for this target. */
export type Predicate = (target: Record<string, unknown>, subject: PolicySubject) => boolean;

/**
 * Turns a parsed check into a closure, so a request only walks closures, never text.
 * `rule:NAME` is looked up when evaluated, so rules may refer to each other in any order; an
 * unknown rule fails closed, as in oslo.policy.
 */
export function compileCheck(check: PolicyCheck, rules: ReadonlyMap<string, Predicate>): Predicate {
  switch (check.kind) {
    case 'always':
      return () => true;
    case 'never':
      return () => false;
    case 'not': {
      const inner = compileCheck(check.check, rules);
      return (target, subject) => !inner(target, subject);
    }
    case 'and': {
      const all = check.checks.map((c) => compileCheck(c, rules));
      return (target, subject) => all.every((p) => p(target, subject));
    }
    case 'or': {
      const any = check.checks.map((c) => compileCheck(c, rules));
      return (target, subject) => any.some((p) => p(target, subject));
    }
    case 'rule': {
      const name = check.name;
      return (target, subject) => rules.get(name)?.(target, subject) ?? false;
    }
    case 'role': {
      const role = check.role;
      if (role.constant !== null) {
        const wanted = role.constant.toLowerCase();
        return (_target, subject) => subject.roles.has(wanted);
      }
      return (target, subject) => {
        const wanted = renderTemplate(role, target);
        return wanted !== undefined && subject.roles.has(wanted.toLowerCase());
      };
    }
    case 'generic': {
      const { attribute, value } = check;
      if ('literal' in attribute) {
        const literal = attribute.literal;
        return (target) => renderTemplate(value, target) === literal;
      }
      const path = attribute.path;
      return (target, subject) => {
        const wanted = renderTemplate(value, target);
        return wanted !== undefined && credentialMatches(subject.credentials, path, 0, wanted);
      };
    }
  }
}

/**
 * True when the credential at `path` equals `wanted` in Python's `str()` form (so a null
 * credential equals "None", as in oslo.policy). A list on the way matches when any of its
 * elements does; a missing key never matches.
 */
function credentialMatches(node: unknown, path: string[], depth: number, wanted: string): boolean {
  if (depth === path.length) return pythonStr(node) === wanted;
  if (!isPlainObject(node) || !Object.hasOwn(node, path[depth])) return false;
  const next = node[path[depth]];
  if (Array.isArray(next)) return next.some((item) => credentialMatches(item, path, depth + 1, wanted));
  return credentialMatches(next, path, depth + 1, wanted);
}

/** The names of rules a check refers to with `rule:`. */
export function referencedRules(check: PolicyCheck): string[] {
  switch (check.kind) {
    case 'rule':
      return [check.name];
    case 'not':
      return referencedRules(check.check);
    case 'and':
    case 'or':
      return check.checks.flatMap(referencedRules);
    default:
      return [];
  }
}
