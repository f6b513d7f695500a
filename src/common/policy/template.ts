/**
 * The right-hand side of a check (`%(target.user.id)s`, `admin`, `True`) and how oslo.policy
 * compares values: everything becomes a string the way Python's `str()` writes it, so
 * `is_admin_project:True` matches a boolean true and `None:%(target.role.domain_id)s` matches a
 * null.
 */

/** Literal text and `%(name)s` substitutions, in order. */
export interface Template {
  parts: (string | { key: string })[];
  /** The whole text when there is no substitution, so constant checks skip rendering. */
  constant: string | null;
}

/**
 * Compiles a check's right-hand side. Python's `%` formatting is the model: `%(name)s` takes
 * `name` from the target, `%%` is a percent sign, anything else after `%` is an error. A value
 * wholly in quotes without substitutions is that literal string.
 */
export function compileTemplate(text: string): Template {
  const parts: Template['parts'] = [];
  let literal = '';
  let substituted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      literal += text[i];
      continue;
    }
    if (text[i + 1] === '%') {
      literal += '%';
      i++;
      continue;
    }
    const close = text.indexOf(')', i);
    if (text[i + 1] !== '(' || close < 0 || text[close + 1] !== 's') {
      throw new Error(`"${text}" has a '%' that is not "%(name)s" or "%%"`);
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ key: text.slice(i + 2, close) });
    substituted = true;
    i = close + 1;
  }
  if (!substituted) {
    const constant = unquote(literal);
    return { parts: [constant], constant };
  }
  if (literal) parts.push(literal);
  return { parts, constant: null };
}

/** The text with the target's values substituted, or undefined when a named value is missing. */
export function renderTemplate(template: Template, target: Record<string, unknown>): string | undefined {
  if (template.constant !== null) return template.constant;
  let text = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = lookupTarget(target, part.key);
    if (value === undefined) return undefined;
    text += pythonStr(value);
  }
  return text;
}

/**
 * A target value by name. Keystone flattens the target to dotted keys before substitution; a
 * flat key is taken as is, otherwise the dotted path is walked through nested objects. As with a
 * flattened dict, only leaves exist: a path that ends on an object is missing.
 */
function lookupTarget(target: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(target, key)) {
    const flat = target[key];
    return isPlainObject(flat) ? undefined : flat;
  }
  let node: unknown = target;
  for (const segment of key.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return isPlainObject(node) ? undefined : node;
}

/** A value as Python's `str()` writes it; oslo.policy compares everything in this form. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pythonStr(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** 'text' or "text" without its quotes; anything else unchanged. */
export function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === "'" || text[0] === '"') && text[text.length - 1] === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}
