/**
 * Keystone keeps any attribute a client adds to a region, service, endpoint or credential and
 * shows it back; Stratus stores those in the row's `extra` column as JSON.
 */

/** Keys never stored as extras: the id lives in its column and links are always rebuilt. */
const NEVER_EXTRA = new Set(['id', 'links']);

/** The attributes of `body` that are not among `columns`. */
export function extrasOf(body: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!columns.includes(key) && !NEVER_EXTRA.has(key)) extras[key] = value;
  }
  return extras;
}

/** JSON text as an object; anything unreadable or not an object counts as empty. */
export function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** A row's `extra` column as an object. */
export const parseExtra = parseJsonObject;
