import { StorageError } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';

/**
 * Account and container metadata as Swift's databases keep it: each header with the timestamp
 * of the request that set it, so replicas merge by "newer wins" per key. An empty value is a
 * deletion, kept (with its timestamp) so an older value arriving later does not come back.
 */
export type TimestampedMetadata = Record<string, [value: string, timestamp: string]>;

/** Merges updates into `current` (newer wins per key); answers whether anything changed. */
export function mergeMetadata(current: TimestampedMetadata, updates: TimestampedMetadata): boolean {
  let changed = false;
  for (const [key, [value, timestamp]] of Object.entries(updates)) {
    const existing = current[key];
    if (!existing || Timestamp.parse(timestamp).isAfter(Timestamp.parse(existing[1]))) {
      current[key] = [value, timestamp];
      changed = true;
    }
  }
  return changed;
}

/** The metadata with a value, as response headers. */
export function metadataHeaders(metadata: TimestampedMetadata): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, [value]] of Object.entries(metadata)) if (value !== '') headers[key] = value;
  return headers;
}

/** Swift's MAX_META_COUNT and MAX_META_OVERALL_SIZE, checked on what a database would hold. */
export function metadataTooLarge(metadata: TimestampedMetadata, prefix: string): string | undefined {
  let count = 0;
  let size = 0;
  for (const [key, [value]] of Object.entries(metadata)) {
    if (value === '' || !key.startsWith(prefix)) continue;
    count += 1;
    size += key.length - prefix.length + value.length;
  }
  if (count > 90) return 'Too many metadata items; max 90';
  if (size > 4096) return 'Total metadata too large; max 4096';
  return undefined;
}

/** A database holding timestamped metadata (an account's or a container's). */
export interface MetadataHolder {
  metadata(): TimestampedMetadata;
  updateMetadata(updates: TimestampedMetadata): void;
}

/** Merges a request's metadata into a database; 400 when what it would then hold is over the limits. */
export function updateMetadataWithinLimits(
  db: MetadataHolder,
  updates: TimestampedMetadata,
  prefix: string,
): void {
  if (Object.keys(updates).length === 0) return;
  const tooLarge = metadataTooLarge({ ...db.metadata(), ...updates }, prefix);
  if (tooLarge) throw new StorageError(400, tooLarge);
  db.updateMetadata(updates);
}
