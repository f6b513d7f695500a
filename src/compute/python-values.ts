/** How Nova (Python) reads text values, for the places its answers depend on it. */

/** Python's `int(text)`: spaces around, a sign, `_` between digits; undefined when it would raise. */
export function pythonInt(text: string): number | undefined {
  const trimmed = text.trim();
  return /^[+-]?\d+(?:_\d+)*$/.test(trimmed) ? Number(trimmed.replace(/_/g, '')) : undefined;
}

/** oslo's `bool_from_string(value, strict=True)`; undefined when it is no boolean word. */
export function boolFromString(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(text)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(text)) return false;
  return undefined;
}
