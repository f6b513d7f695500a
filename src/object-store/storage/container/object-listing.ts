import type { ListingEntry } from '../db/listing.js';
import { Timestamp } from '../timestamp.js';
import type { ObjectRow } from './container-db.js';

/** An entry of a container listing, as Swift's JSON shows it. */
export type ObjectListingEntry =
  | { name: string; hash: string; bytes: number; content_type: string; last_modified: string }
  | { subdir: string };

/**
 * Swift's `extract_swift_bytes`: a `;swift_bytes=N` parameter of the content type (an SLO
 * manifest's, put there by the middleware) is the size the listing shows, and is taken off.
 */
function withoutSwiftBytes(contentType: string): { contentType: string; swiftBytes?: number } {
  const parts = contentType.split(';');
  const kept: string[] = [parts[0]];
  let swiftBytes: number | undefined;
  for (const parameter of parts.slice(1)) {
    const [key, value] = parameter.split('=', 2).map((part) => part.trim());
    if (key === 'swift_bytes' && /^\d+$/.test(value ?? '')) swiftBytes = Number(value);
    else kept.push(parameter);
  }
  return { contentType: kept.join(';'), swiftBytes };
}

export function objectListing(entries: ListingEntry<ObjectRow>[]): ObjectListingEntry[] {
  return entries.map((entry) => {
    if ('subdir' in entry) return { subdir: entry.subdir };
    const { row } = entry;
    const { contentType, swiftBytes } = withoutSwiftBytes(row.content_type);
    return {
      name: row.name,
      hash: row.etag,
      bytes: swiftBytes ?? row.size,
      content_type: contentType,
      last_modified: Timestamp.parse(row.meta_timestamp).isoformat,
    };
  });
}
