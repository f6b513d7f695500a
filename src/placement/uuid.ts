/**
 * oslo's `is_uuid_like`: a UUID in any of the spellings Python's `uuid.UUID` reads (with or
 * without dashes, braces or a `urn:uuid:` prefix), as placement accepts them.
 */
export function isUuidLike(value: string): boolean {
  return normalizeUuid(value) !== undefined;
}

/** The canonical dashed lower-case spelling of a UUID-like string, or undefined. */
export function normalizeUuid(value: string): string | undefined {
  const hex = value
    .replace(/^urn:/i, '')
    .replace(/^uuid:/i, '')
    .replace(/^\{(.*)\}$/s, '$1')
    .replace(/-/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
