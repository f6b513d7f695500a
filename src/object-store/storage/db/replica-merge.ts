import { createHash } from 'node:crypto';
import type { SqliteDatabase } from './sqlite-files.js';

/**
 * What a database replicator needs of a container or account database: a fingerprint equal on
 * two replicas holding the same rows, timestamps and metadata (Swift compares its `hash` column),
 * and a merge of another replica into it, newer winning row by row.
 */
export interface ReplicatedDatabase {
  fingerprint(): string;
  mergeReplica(replica: SqliteDatabase): void;
}

/** md5 over the rows of `sql` (each row's columns in order): same rows, same fingerprint. */
export function fingerprintOf(db: SqliteDatabase, queries: string[]): string {
  const md5 = createHash('md5');
  for (const sql of queries) {
    for (const row of db.prepare(sql).raw().iterate()) md5.update(`${JSON.stringify(row)}\n`);
  }
  return md5.digest('hex');
}
