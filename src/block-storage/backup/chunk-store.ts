/**
 * Where backups keep their data: named objects grouped under a prefix, one prefix per backup
 * (Cinder's chunked backup drivers over a container). The posix store here keeps them in files;
 * an object-store one can take its place behind the same interface.
 */
export interface BackupChunkStore {
  /** Stores `data`, which the caller reuses once this resolves: a store keeping it must copy it. */
  put(prefix: string, name: string, data: Buffer): Promise<void>;
  /** The object's bytes; throws when it is missing. */
  get(prefix: string, name: string): Promise<Buffer>;
  /** Removes every object under the prefix; nothing to do when there are none. */
  deletePrefix(prefix: string): Promise<void>;
}

/** A prefix or object name: one path segment of letters, digits, `.`, `_` and `-`, never `.` or `..`. */
export function checkSegment(segment: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(segment) || segment === '.' || segment === '..') {
    throw new Error(`invalid backup object name '${segment}'`);
  }
  return segment;
}
