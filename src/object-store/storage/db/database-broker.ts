import { listNames, pageQuery, type ListingEntry, type ListingParams, type NameBounds } from './listing.js';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from './sqlite-files.js';
import { mergeMetadata, type TimestampedMetadata } from './timestamped-metadata.js';
import { Timestamp } from '../timestamp.js';

/** Whether Swift timestamp `a` is later than `b`. */
export const newer = (a: string, b: string) => Timestamp.parse(a).isAfter(Timestamp.parse(b));

/** The columns every Swift stat table (`account_stat`, `container_stat`) has. */
export interface StatInfo {
  put_timestamp: string;
  delete_timestamp: string;
  metadata: string;
}

/** Where a broker keeps its rows and its one stat row, and how its `delete_db` marks the stat row. */
export interface BrokerTables {
  /** The table of named rows (`container` of an account, `object` of a container). */
  rows: string;
  /** The one-row table of stats, timestamps and metadata. */
  stat: string;
  /** Swift's `delete_db` on the stat row: three parameters, delete timestamp, status change, guard. */
  markDeletedSql: string;
}

/**
 * What Swift's `DatabaseBroker` gives the account and container brokers alike: the stat row,
 * its timestamped metadata, PUT time and deletion, and name listings of the rows.
 */
export abstract class DatabaseBroker<Info extends StatInfo, Row extends { name: string }> {
  protected readonly db: SqliteDatabase;
  private readonly statStatements: Record<
    'info' | 'putTimestamp' | 'metadata' | 'markDeleted',
    SqliteStatement
  >;
  private readonly listings = new Map<string, SqliteStatement>();

  constructor(
    readonly path: string,
    private readonly tables: BrokerTables,
  ) {
    this.db = openSqlite(path);
    this.statStatements = {
      info: this.db.prepare(`SELECT * FROM ${tables.stat}`),
      putTimestamp: this.db.prepare(`UPDATE ${tables.stat} SET put_timestamp = ? WHERE put_timestamp < ?`),
      metadata: this.db.prepare(`UPDATE ${tables.stat} SET metadata = ?`),
      markDeleted: this.db.prepare(tables.markDeletedSql),
    };
  }

  close(): void {
    this.db.close();
  }

  /**
   * Brings in the updates kept aside for the database (a container's pending rows) before it is
   * read or changed otherwise: what was answered as stored is always what a reader sees.
   */
  protected settle(): void {}

  info(): Info {
    this.settle();
    return this.statStatements.info.get() as Info;
  }

  metadata(info: StatInfo = this.info()): TimestampedMetadata {
    return JSON.parse(info.metadata) as TimestampedMetadata;
  }

  updateMetadata(updates: TimestampedMetadata): void {
    this.settle();
    const metadata = this.metadata();
    if (mergeMetadata(metadata, updates)) this.statStatements.metadata.run(JSON.stringify(metadata));
  }

  updatePutTimestamp(timestamp: Timestamp): void {
    this.settle();
    this.statStatements.putTimestamp.run(timestamp.internal, timestamp.internal);
  }

  /** Swift's `delete_db`: every metadata key cleared, the stat row marked deleted at `timestamp`. */
  markDeleted(timestamp: Timestamp): void {
    this.settle();
    const cleared: TimestampedMetadata = {};
    for (const key of Object.keys(this.metadata())) cleared[key] = ['', timestamp.internal];
    this.db.transaction(() => {
      this.updateMetadata(cleared);
      this.statStatements.markDeleted.run(timestamp.internal, timestamp.internal, timestamp.internal);
    })();
  }

  /** A replica's stat row merged in after its rows: metadata key by key, PUT time if newer. */
  protected mergeReplicaStat(replica: SqliteDatabase): Info {
    const theirs = replica.prepare(`SELECT * FROM ${this.tables.stat}`).get() as Info;
    this.updateMetadata(JSON.parse(theirs.metadata) as TimestampedMetadata);
    this.updatePutTimestamp(Timestamp.parse(theirs.put_timestamp));
    return theirs;
  }

  protected listRows(params: ListingParams): ListingEntry<Row>[] {
    this.settle();
    return listNames(
      params,
      (bounds, limit, reverse) => this.fetchRows(bounds, limit, reverse),
      (row) => row.name,
    );
  }

  private fetchRows(bounds: NameBounds, limit: number, reverse: boolean): Row[] {
    const { sql, values } = pageQuery(this.tables.rows, bounds, reverse);
    let statement = this.listings.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.listings.set(sql, statement);
    }
    return statement.all(...values, limit) as Row[];
  }
}
