import type { ContainerDb, ObjectRow } from './container-db.js';

interface Batch {
  rows: ObjectRow[];
  merged: Promise<boolean[]>;
}

/**
 * Object rows on their way into container databases, merged in batches: the rows of one database
 * that arrive in the same turn of the event loop are committed in one transaction (one WAL write
 * of the pages they share, not one per row). Swift's container server gets the same from its
 * `.pending` file, merged when it grows; here nothing waits in a file: each update is answered
 * only after the transaction holding its row has committed, so an update answered is never lost
 * to a crash, and one not answered is kept by the object server as an async pending.
 */
export class RowBatches {
  private readonly waiting = new Map<ContainerDb, Batch>();

  /** Merges `row` into `db` with the others of this turn; answers whether the count or bytes changed. */
  async merge(db: ContainerDb, row: ObjectRow): Promise<boolean> {
    let batch = this.waiting.get(db);
    if (!batch) {
      const rows: ObjectRow[] = [];
      const merged = new Promise<boolean[]>((resolve, reject) =>
        setImmediate(() => {
          this.waiting.delete(db);
          try {
            resolve(db.mergeObjects(rows));
          } catch (error) {
            reject(error as Error);
          }
        }),
      );
      batch = { rows, merged };
      this.waiting.set(db, batch);
    }
    const index = batch.rows.push(row) - 1;
    return (await batch.merged)[index];
  }
}
