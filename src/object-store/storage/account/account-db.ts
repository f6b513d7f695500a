import { DatabaseBroker, newer } from '../db/database-broker.js';
import type { ListingEntry, ListingParams } from '../db/listing.js';
import { fingerprintOf, type ReplicatedDatabase } from '../db/replica-merge.js';
import type { SqliteDatabase, SqliteStatement } from '../db/sqlite-files.js';
import { Timestamp } from '../timestamp.js';

/** Swift's account tables. */
export const ACCOUNT_SCHEMA = `
  CREATE TABLE container (
    ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    put_timestamp TEXT NOT NULL,
    delete_timestamp TEXT NOT NULL,
    object_count INTEGER NOT NULL,
    bytes_used INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    storage_policy_index INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX ix_container_deleted_name ON container (deleted, name);
  CREATE TABLE account_stat (
    account TEXT NOT NULL,
    created_at TEXT NOT NULL,
    put_timestamp TEXT NOT NULL DEFAULT '0',
    delete_timestamp TEXT NOT NULL DEFAULT '0',
    container_count INTEGER NOT NULL DEFAULT 0,
    object_count INTEGER NOT NULL DEFAULT 0,
    bytes_used INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT '',
    status_changed_at TEXT NOT NULL DEFAULT '0',
    metadata TEXT NOT NULL DEFAULT '{}'
  );
`;

/** A container as its account knows it: the stats its container servers last reported. */
export interface ContainerRow {
  name: string;
  put_timestamp: string;
  delete_timestamp: string;
  object_count: number;
  bytes_used: number;
  deleted: number;
}

export interface AccountInfo {
  account: string;
  created_at: string;
  put_timestamp: string;
  delete_timestamp: string;
  container_count: number;
  object_count: number;
  bytes_used: number;
  status: string;
  status_changed_at: string;
  metadata: string;
}

/** One account's database (Swift's `AccountBroker`). */
export class AccountDb extends DatabaseBroker<AccountInfo, ContainerRow> implements ReplicatedDatabase {
  private readonly statements: Record<'row' | 'replace' | 'stats', SqliteStatement>;
  private readonly putContainerTransaction: (row: ContainerRow) => void;

  constructor(path: string) {
    super(path, {
      rows: 'container',
      stat: 'account_stat',
      markDeletedSql: `UPDATE account_stat SET delete_timestamp = ?, status = 'DELETED', status_changed_at = ?
                       WHERE delete_timestamp < ?`,
    });
    this.statements = {
      row: this.db.prepare('SELECT * FROM container WHERE name = ?'),
      replace: this.db.prepare(
        `INSERT OR REPLACE INTO container (name, put_timestamp, delete_timestamp, object_count, bytes_used, deleted)
         VALUES (@name, @put_timestamp, @delete_timestamp, @object_count, @bytes_used, @deleted)`,
      ),
      stats: this.db.prepare(
        `UPDATE account_stat SET container_count = container_count + ?, object_count = object_count + ?,
         bytes_used = bytes_used + ?`,
      ),
    };
    this.putContainerTransaction = this.db.transaction((incoming: ContainerRow) => {
      const existing = this.statements.row.get(incoming.name) as ContainerRow | undefined;
      const row = { ...incoming };
      // Swift's merge_items: the newest PUT and DELETE times win; the stats are the latest report's.
      if (existing && newer(existing.put_timestamp, row.put_timestamp))
        row.put_timestamp = existing.put_timestamp;
      if (existing && newer(existing.delete_timestamp, row.delete_timestamp)) {
        row.delete_timestamp = existing.delete_timestamp;
      }
      row.deleted = newer(row.delete_timestamp, row.put_timestamp) && row.object_count === 0 ? 1 : 0;
      this.statements.replace.run(row);
      const live = (r: ContainerRow | undefined) => (r && !r.deleted ? 1 : 0);
      this.statements.stats.run(
        live(row) - live(existing),
        row.object_count - (existing?.object_count ?? 0),
        row.bytes_used - (existing?.bytes_used ?? 0),
      );
    });
  }

  static initialize(db: SqliteDatabase, account: string, putTimestamp: Timestamp): void {
    db.exec(ACCOUNT_SCHEMA);
    db.prepare(
      'INSERT INTO account_stat (account, created_at, put_timestamp, status_changed_at) VALUES (?, ?, ?, ?)',
    ).run(account, putTimestamp.internal, putTimestamp.internal, putTimestamp.internal);
  }

  /** Marked deleted by a DELETE (the reaper empties it later). */
  isStatusDeleted(info = this.info()): boolean {
    return info.status === 'DELETED' || newer(info.delete_timestamp, info.put_timestamp);
  }

  isDeleted(info = this.info()): boolean {
    return (
      info.status === 'DELETED' ||
      (info.container_count === 0 && newer(info.delete_timestamp, info.put_timestamp))
    );
  }

  fingerprint(): string {
    return fingerprintOf(this.db, [
      'SELECT put_timestamp, delete_timestamp, status, metadata FROM account_stat',
      `SELECT name, put_timestamp, delete_timestamp, object_count, bytes_used, deleted
       FROM container ORDER BY name`,
    ]);
  }

  /** A replica's container rows, metadata, PUT time and deletion merged in, newer winning. */
  mergeReplica(replica: SqliteDatabase): void {
    const rows = replica.prepare(
      'SELECT name, put_timestamp, delete_timestamp, object_count, bytes_used, deleted FROM container',
    );
    this.db.transaction(() => {
      for (const row of rows.iterate()) this.putContainer(row as ContainerRow);
    })();
    const theirs = this.mergeReplicaStat(replica);
    if (theirs.status === 'DELETED' && newer(theirs.delete_timestamp, this.info().delete_timestamp))
      this.markDeleted(Timestamp.parse(theirs.delete_timestamp));
  }

  putContainer(row: ContainerRow): void {
    this.putContainerTransaction(row);
  }

  listContainers(params: ListingParams): ListingEntry<ContainerRow>[] {
    return this.listRows(params);
  }
}
