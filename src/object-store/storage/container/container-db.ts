import { DatabaseBroker, newer } from '../db/database-broker.js';
import type { ListingEntry, ListingParams } from '../db/listing.js';
import { fingerprintOf, type ReplicatedDatabase } from '../db/replica-merge.js';
import type { SqliteDatabase, SqliteStatement } from '../db/sqlite-files.js';
import { Timestamp } from '../timestamp.js';
import { PendingRows } from './pending-rows.js';

/** Swift's container tables, with the content-type and metadata timestamps of a row in columns of their own. */
export const CONTAINER_SCHEMA = `
  CREATE TABLE object (
    ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    etag TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    ctype_timestamp TEXT NOT NULL,
    meta_timestamp TEXT NOT NULL,
    storage_policy_index INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX ix_object_deleted_name ON object (deleted, name);
  CREATE TABLE container_stat (
    account TEXT NOT NULL,
    container TEXT NOT NULL,
    created_at TEXT NOT NULL,
    put_timestamp TEXT NOT NULL DEFAULT '0',
    delete_timestamp TEXT NOT NULL DEFAULT '0',
    status_changed_at TEXT NOT NULL DEFAULT '0',
    object_count INTEGER NOT NULL DEFAULT 0,
    bytes_used INTEGER NOT NULL DEFAULT 0,
    reported_put_timestamp TEXT NOT NULL DEFAULT '0',
    reported_delete_timestamp TEXT NOT NULL DEFAULT '0',
    reported_object_count INTEGER NOT NULL DEFAULT 0,
    reported_bytes_used INTEGER NOT NULL DEFAULT 0,
    metadata TEXT NOT NULL DEFAULT '{}'
  );
`;

/** A row of the object table: an object, or the tombstone of a deleted one. */
export interface ObjectRow {
  name: string;
  created_at: string;
  size: number;
  content_type: string;
  etag: string;
  deleted: number;
  ctype_timestamp: string;
  meta_timestamp: string;
}

export interface ContainerInfo {
  account: string;
  container: string;
  created_at: string;
  put_timestamp: string;
  delete_timestamp: string;
  status_changed_at: string;
  object_count: number;
  bytes_used: number;
  reported_put_timestamp: string;
  reported_delete_timestamp: string;
  reported_object_count: number;
  reported_bytes_used: number;
  metadata: string;
}

const atLeast = (a: string, b: string) => !newer(b, a);

/**
 * Swift's `update_new_item_from_existing`: the newer of data (size, etag, deleted), content type
 * and metadata timestamp win separately. Undefined when the incoming row brings nothing newer.
 */
function mergeRow(incoming: ObjectRow, existing: ObjectRow | undefined): ObjectRow | undefined {
  if (!existing) return incoming;
  const merged = { ...incoming };
  let changed = false;
  if (atLeast(existing.created_at, incoming.created_at)) {
    Object.assign(merged, { created_at: existing.created_at, size: existing.size, etag: existing.etag });
    merged.deleted = existing.deleted;
  } else changed = true;
  if (atLeast(existing.ctype_timestamp, incoming.ctype_timestamp)) {
    Object.assign(merged, { content_type: existing.content_type, ctype_timestamp: existing.ctype_timestamp });
  } else changed = true;
  if (atLeast(existing.meta_timestamp, incoming.meta_timestamp))
    merged.meta_timestamp = existing.meta_timestamp;
  else changed = true;
  return changed ? merged : undefined;
}

/** One container's database (Swift's `ContainerBroker`), its statements prepared once. */
export class ContainerDb extends DatabaseBroker<ContainerInfo, ObjectRow> implements ReplicatedDatabase {
  private readonly statements: Record<'row' | 'replace' | 'stats', SqliteStatement>;
  private readonly mergeRowsTransaction: (rows: ObjectRow[]) => boolean[];
  private readonly pending: PendingRows;

  constructor(path: string) {
    super(path, {
      rows: 'object',
      stat: 'container_stat',
      markDeletedSql:
        'UPDATE container_stat SET delete_timestamp = ?, status_changed_at = ? WHERE delete_timestamp < ?',
    });
    this.statements = {
      row: this.db.prepare('SELECT * FROM object WHERE name = ?'),
      replace: this.db.prepare(
        `INSERT OR REPLACE INTO object (name, created_at, size, content_type, etag, deleted, ctype_timestamp, meta_timestamp)
         VALUES (@name, @created_at, @size, @content_type, @etag, @deleted, @ctype_timestamp, @meta_timestamp)`,
      ),
      stats: this.db.prepare(
        'UPDATE container_stat SET object_count = object_count + ?, bytes_used = bytes_used + ?',
      ),
    };
    this.mergeRowsTransaction = this.db.transaction((rows: ObjectRow[]) =>
      rows.map((row) => this.mergeOne(row)),
    );
    this.pending = new PendingRows(`${path}.pending`);
  }

  /**
   * Swift's `put_record`: an object server's row appended to the database's `.pending` file, to be
   * merged with the others in one transaction once the file is long, or before anything reads the
   * database. The row is as safe as a commit (synchronous NORMAL, not synced either): in the page
   * cache, it survives the process, and a power cut's loss is made good by replication.
   */
  putRecord(row: ObjectRow): void {
    if (this.pending.append(row)) this.settle();
  }

  override close(): void {
    this.pending.close();
    super.close();
  }

  protected override settle(): void {
    const rows = this.pending.rows();
    if (rows.length === 0) return;
    this.mergeRowsTransaction(rows);
    this.pending.empty();
  }

  /** One row merged, inside a transaction; answers whether the count or bytes changed. */
  private mergeOne(incoming: ObjectRow): boolean {
    const existing = this.statements.row.get(incoming.name) as ObjectRow | undefined;
    const merged = mergeRow(incoming, existing);
    if (!merged) return false;
    this.statements.replace.run(merged);
    const live = (row: ObjectRow | undefined) => (row && !row.deleted ? 1 : 0);
    const bytes = (row: ObjectRow | undefined) => (row && !row.deleted ? row.size : 0);
    const countChange = live(merged) - live(existing);
    const bytesChange = bytes(merged) - bytes(existing);
    if (countChange !== 0 || bytesChange !== 0) this.statements.stats.run(countChange, bytesChange);
    return countChange !== 0 || bytesChange !== 0;
  }

  static initialize(db: SqliteDatabase, account: string, container: string, putTimestamp: Timestamp): void {
    db.exec(CONTAINER_SCHEMA);
    db.prepare(
      `INSERT INTO container_stat (account, container, created_at, put_timestamp, status_changed_at)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(account, container, putTimestamp.internal, putTimestamp.internal, putTimestamp.internal);
  }

  /** Swift's rule: deleted when the delete is newer than the last PUT and no object is left. */
  isDeleted(info = this.info()): boolean {
    return info.object_count === 0 && newer(info.delete_timestamp, info.put_timestamp);
  }

  /** Merges an object row (newer wins); answers whether the container's count or bytes changed. */
  mergeObject(row: ObjectRow): boolean {
    return this.mergeObjects([row])[0];
  }

  /** Merges object rows in one transaction (one commit for all); answers for each as mergeObject. */
  mergeObjects(rows: ObjectRow[]): boolean[] {
    this.settle();
    return this.mergeRowsTransaction(rows);
  }

  fingerprint(): string {
    this.settle();
    return fingerprintOf(this.db, [
      'SELECT put_timestamp, delete_timestamp, metadata FROM container_stat',
      `SELECT name, created_at, size, content_type, etag, deleted, ctype_timestamp, meta_timestamp
       FROM object ORDER BY name`,
    ]);
  }

  /**
   * Swift's `merge_items` and `merge_timestamps` of a replica: its rows merged as object updates
   * are (newer wins), its metadata key by key, its PUT and DELETE times if newer.
   */
  mergeReplica(replica: SqliteDatabase): void {
    this.settle();
    const rows = replica.prepare(
      `SELECT name, created_at, size, content_type, etag, deleted, ctype_timestamp, meta_timestamp FROM object`,
    );
    this.db.transaction(() => {
      for (const row of rows.iterate()) this.mergeOne(row as ObjectRow);
    })();
    const theirs = this.mergeReplicaStat(replica);
    if (newer(theirs.delete_timestamp, this.info().delete_timestamp))
      this.markDeleted(Timestamp.parse(theirs.delete_timestamp));
  }

  /** Records what the account servers were last told (Swift's `reported`). */
  reported(
    info: Pick<ContainerInfo, 'put_timestamp' | 'delete_timestamp' | 'object_count' | 'bytes_used'>,
  ): void {
    this.settle();
    this.db
      .prepare(
        `UPDATE container_stat SET reported_put_timestamp = ?, reported_delete_timestamp = ?,
         reported_object_count = ?, reported_bytes_used = ?`,
      )
      .run(info.put_timestamp, info.delete_timestamp, info.object_count, info.bytes_used);
  }

  listObjects(params: ListingParams): ListingEntry<ObjectRow>[] {
    return this.listRows(params);
  }
}
