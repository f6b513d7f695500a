import { compileTemplate, unquote, type Template } from './template.js';

/** A parsed check string: the tree oslo.policy builds from a rule. */
export type PolicyCheck =
  | { kind: 'always' }
  | { kind: 'never' }
  | { kind: 'not'; check: PolicyCheck }
  | { kind: 'and'; checks: PolicyCheck[] }
  | { kind: 'or'; checks: PolicyCheck[] }
  /** `rule:NAME`: another rule's result (false when there is no such rule). */
  | { kind: 'rule'; name: string }
  /** `role:NAME`: the caller holds the role (case-insensitive). */
  | { kind: 'role'; role: Template }
  /**
   * `attribute:value`: a credential attribute (a dotted path into the credentials) or a Python
   * literal (True, False, None, an integer, a quoted string) equals the rendered value.
   */
  | { kind: 'generic'; attribute: { literal: string } | { path: string[] }; value: Template };

/** A rule whose check string cannot be parsed; the message names the rule. */
export class PolicySyntaxError extends Error {
  constructor(rule: string, check: string, problem: string) {
    super(`Policy rule "${rule}" is not valid (${problem}): ${check}`);
    this.name = 'PolicySyntaxError';
  }
}

type Token = { type: '(' | ')' | 'and' | 'or' | 'not' } | { type: 'check'; check: PolicyCheck };

/**
 * Parses a check string in oslo.policy's language. Precedence is oslo.policy's: `not` binds
 * tightest, then `and`, then `or`; parentheses group. An empty string always passes.
 */
export function parseCheck(rule: string, check: string): PolicyCheck {
  const fail = (problem: string): never => {
    throw new PolicySyntaxError(rule, check, problem);
  };
  let tokens: Token[];
  try {
    tokens = tokenize(check);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (tokens.length === 0) return { kind: 'always' };
  let position = 0;
  const peek = () => tokens[position]?.type;

  const parseOr = (): PolicyCheck => {
    const checks = [parseAnd()];
    while (peek() === 'or') {
      position++;
      checks.push(parseAnd());
    }
    return checks.length === 1 ? checks[0] : { kind: 'or', checks };
  };
  const parseAnd = (): PolicyCheck => {
    const checks = [parseUnary()];
    while (peek() === 'and') {
      position++;
      checks.push(parseUnary());
    }
    return checks.length === 1 ? checks[0] : { kind: 'and', checks };
  };
  const parseUnary = (): PolicyCheck => {
    const token = tokens[position++];
    if (token === undefined) return fail('it ends where a check is expected');
    if (token.type === 'check') return token.check;
    if (token.type === 'not') return { kind: 'not', check: parseUnary() };
    if (token.type === '(') {
      const inner = parseOr();
      if (tokens[position++]?.type !== ')') fail("a '(' is not closed");
      return inner;
    }
    return fail(`'${token.type}' where a check is expected`);
  };

  const tree = parseOr();
  if (position < tokens.length) {
    fail(peek() === 'check' ? "two checks with no 'and' or 'or' between them" : `unexpected '${peek()}'`);
  }
  return tree;
}

/**
 * Splits a check string as oslo.policy does: on whitespace, with parentheses peeled off the
 * start and end of each word (those inside a word, as in `%(user_id)s`, stay).
 */
function tokenize(check: string): Token[] {
  const tokens: Token[] = [];
  for (const word of check.split(/\s+/)) {
    if (word === '') continue;
    let start = 0;
    while (word[start] === '(') {
      tokens.push({ type: '(' });
      start++;
    }
    let end = word.length;
    while (end > start && word[end - 1] === ')') end--;
    const core = word.slice(start, end);
    if (core !== '') {
      const lowered = core.toLowerCase();
      if (lowered === 'and' || lowered === 'or' || lowered === 'not') tokens.push({ type: lowered });
      else tokens.push({ type: 'check', check: parseSingleCheck(core) });
    }
    for (let i = end; i < word.length; i++) tokens.push({ type: ')' });
  }
  return tokens;
}

/** One `kind:match` check, `@` or `!`. */
function parseSingleCheck(text: string): PolicyCheck {
  if (text === '@') return { kind: 'always' };
  if (text === '!') return { kind: 'never' };
  const colon = text.indexOf(':');
  if (colon < 0) throw new Error(`"${text}" is not a check of the form kind:value`);
  const kind = text.slice(0, colon);
  const match = text.slice(colon + 1);
  if (kind === '') throw new Error(`"${text}" has nothing before ':'`);
  if (kind === 'rule') {
    if (match === '') throw new Error('"rule:" names no rule');
    return { kind: 'rule', name: match };
  }
  if (kind === 'role') return { kind: 'role', role: compileTemplate(match) };
  const literal = pythonLiteral(kind);
  const attribute = literal !== undefined ? { literal } : { path: kind.split('.') };
  return { kind: 'generic', attribute, value: compileTemplate(match) };
}

/**
 * The left side of a generic check as oslo.policy reads it with `ast.literal_eval`: True, False,
 * None, an integer or a quoted string is a literal (kept as Python's `str()` of it); anything
 * else names a credential attribute.
 */
function pythonLiteral(kind: string): string | undefined {
  if (kind === 'True' || kind === 'False' || kind === 'None') return kind;
  if (/^-?(0|[1-9][0-9]*)$/.test(kind)) return kind;
  const unquoted = unquote(kind);
  return unquoted !== kind ? unquoted : undefined;
}
