/** Swift's `normalize_etag`: an entity tag without its quotes. */
export function normalizeEtag(tag: string): string {
  return tag.length > 1 && tag.startsWith('"') && tag.endsWith('"') ? tag.slice(1, -1) : tag;
}

/** The tags of an If-Match or If-None-Match header (swob's `Match`). */
export function parseMatch(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  const tags = new Set<string>();
  for (const tag of value.split(',')) {
    const trimmed = tag.trim();
    if (trimmed) tags.add(normalizeEtag(trimmed));
  }
  return tags;
}

export function matchesEtag(tags: Set<string>, etag: string): boolean {
  return tags.has('*') || tags.has(normalizeEtag(etag));
}

/** An HTTP date in whole seconds, or undefined when absent or unreadable (then it is ignored). */
function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : Math.floor(millis / 1000);
}

/** What a conditional GET or HEAD is judged against. */
export interface ConditionalTarget {
  /** The entity tag, absent when there is no object. */
  etag?: string;
  /** Last-Modified in whole seconds (a timestamp rounded up, as swob sends it). */
  lastModified?: number;
}

/**
 * swob's conditional response: 304 or 412 by If-None-Match, If-Match, If-Modified-Since and
 * If-Unmodified-Since, in that order; undefined when the request goes on.
 */
export function conditionalStatus(
  headers: Record<string, string>,
  target: ConditionalTarget,
): 304 | 412 | undefined {
  const ifNoneMatch = parseMatch(headers['if-none-match']);
  const ifMatch = parseMatch(headers['if-match']);
  if (target.etag !== undefined && ifNoneMatch && matchesEtag(ifNoneMatch, target.etag)) return 304;
  if (target.etag !== undefined && ifMatch && !matchesEtag(ifMatch, target.etag)) return 412;
  if (target.etag === undefined && ifMatch?.has('*')) return 412;
  if (target.lastModified !== undefined) {
    const since = parseHttpDate(headers['if-modified-since']);
    if (since !== undefined && target.lastModified <= since) return 304;
    const unmodifiedSince = parseHttpDate(headers['if-unmodified-since']);
    if (unmodifiedSince !== undefined && target.lastModified > unmodifiedSince) return 412;
  }
  return undefined;
}
