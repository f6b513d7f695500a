/**
 * Endpoint URLs may carry substitutions, as Keystone allows: `$(project_id)s` or
 * `%(tenant_id)s`, filled in per token. Keystone runs Python's `%` formatting over the URL, so
 * `%%` is a literal percent and any other `%` is malformed; only a fixed list of names may be
 * used.
 */

const ALLOWED_KEYS = new Set([
  'tenant_id',
  'project_id',
  'user_id',
  'public_bind_host',
  'admin_bind_host',
  'compute_host',
  'admin_port',
  'public_port',
  'public_endpoint',
]);

type Part = string | { key: string };

/** The URL as literal text and substitutions, or null when its `%` signs are malformed. */
function parse(url: string): Part[] | null {
  const text = url.replaceAll('$(', '%(');
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      literal += text[i];
    } else if (text[i + 1] === '%') {
      literal += '%';
      i++;
    } else {
      const close = text.indexOf(')', i);
      if (text[i + 1] !== '(' || close < 0 || text[close + 1] !== 's') return null;
      parts.push(literal, { key: text.slice(i + 2, close) });
      literal = '';
      i = close + 1;
    }
  }
  parts.push(literal);
  return parts;
}

/** True when the URL's substitutions are well formed and all among the allowed names. */
export function isValidEndpointUrl(url: string): boolean {
  const parts = parse(url);
  return parts !== null && parts.every((part) => typeof part === 'string' || ALLOWED_KEYS.has(part.key));
}

/**
 * The URL with `values` substituted, or null when it cannot be completed (a malformed URL, or a
 * name without a value, such as `project_id` for a token without a project): Keystone leaves
 * such endpoints out of the catalog.
 */
export function formatEndpointUrl(url: string, values: Readonly<Record<string, string>>): string | null {
  const parts = parse(url);
  if (parts === null) return null;
  let formatted = '';
  for (const part of parts) {
    if (typeof part === 'string') formatted += part;
    else if (ALLOWED_KEYS.has(part.key) && Object.hasOwn(values, part.key)) formatted += values[part.key];
    else return null;
  }
  return formatted;
}
