import { Timestamp } from '../timestamp.js';

/** The three kinds of file of an object folder: the object (`.data`), a fast POST (`.meta`), a delete (`.ts`). */
export type ObjectFileKind = 'data' | 'meta' | 'ts';

export interface ObjectFileName {
  name: string;
  kind: ObjectFileKind;
  timestamp: Timestamp;
}

/** What an object folder holds: the files that make the object's state, and those left behind. */
export interface ObjectFileSet {
  /** The newest `.data`, unless a newer tombstone deleted it. */
  data?: ObjectFileName;
  /** The newest `.meta` newer than `data` (only with `data`). */
  meta?: ObjectFileName;
  /** The newest `.ts`, when it is the object's state (no newer `.data`). */
  tombstone?: ObjectFileName;
  /** Files that an newer file made useless: deleted after a write. */
  obsolete: ObjectFileName[];
}

export function objectFileName(kind: ObjectFileKind, timestamp: Timestamp): string {
  return `${timestamp.internal}.${kind}`;
}

/** A file name of an object folder (`<timestamp>.data|.meta|.ts`), or undefined for any other. */
export function parseObjectFileName(name: string): ObjectFileName | undefined {
  const dot = name.lastIndexOf('.');
  const kind = name.slice(dot + 1);
  if (dot <= 0 || (kind !== 'data' && kind !== 'meta' && kind !== 'ts')) return undefined;
  const timestamp = Timestamp.tryParse(name.slice(0, dot));
  return timestamp && { name, kind, timestamp };
}

const newestFirst = (a: ObjectFileName, b: ObjectFileName) => b.timestamp.compare(a.timestamp);

/**
 * Swift's `get_ondisk_files` for replicated objects: the newest of `.data` and `.ts` is the
 * object's state; a `.meta` counts only when newer than the `.data`; everything older is obsolete.
 * Files of other names (a stray temporary file) are left alone.
 */
export function sortObjectFiles(names: Iterable<string>): ObjectFileSet {
  const byKind: Record<ObjectFileKind, ObjectFileName[]> = { data: [], meta: [], ts: [] };
  for (const name of names) {
    const parsed = parseObjectFileName(name);
    if (parsed) byKind[parsed.kind].push(parsed);
  }
  for (const list of Object.values(byKind)) list.sort(newestFirst);
  const [newestData, ...olderData] = byKind.data;
  const [newestTombstone, ...olderTombstones] = byKind.ts;
  const obsolete = [...olderData, ...olderTombstones];
  const set: ObjectFileSet = { obsolete };

  const deleted =
    newestTombstone && (!newestData || !newestData.timestamp.isAfter(newestTombstone.timestamp));
  if (deleted) {
    set.tombstone = newestTombstone;
    if (newestData) obsolete.push(newestData);
    obsolete.push(...byKind.meta);
    return set;
  }
  if (newestTombstone) obsolete.push(newestTombstone);
  if (!newestData) return set;
  set.data = newestData;
  const [newestMeta, ...olderMeta] = byKind.meta;
  obsolete.push(...olderMeta);
  if (newestMeta?.timestamp.isAfter(newestData.timestamp)) set.meta = newestMeta;
  else if (newestMeta) obsolete.push(newestMeta);
  return set;
}
