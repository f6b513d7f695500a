import { closeSync, existsSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import type { ObjectRow } from './container-db.js';

/** Swift's `PENDING_CAP`: the pending rows are merged once the file is this long. */
const PENDING_CAP = 128 * 1024;

/**
 * A container database's `.pending` file (Swift's): object rows appended one line each (JSON), as
 * the object servers send them, until they are merged in one transaction. A row merges in about
 * 5 µs in a transaction of hundreds, and 10 to 17 µs in one of the one to three rows an event
 * loop turn gathers under load; each replica of every object PUT brings one (bench/object-store).
 */
export class PendingRows {
  private bytes: number;
  /** Open for appending while the database is: a row is one write, not an open, a write and a close. */
  private fd: number | undefined;

  constructor(private readonly path: string) {
    this.bytes = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  }

  /** Appends a row; answers whether the file is now long enough to merge. */
  append(row: ObjectRow): boolean {
    // The newline goes first: a line a power cut left unfinished is ended by the next append, not
    // joined to it.
    const line = Buffer.from(`\n${JSON.stringify(row)}`);
    this.fd ??= openSync(this.path, 'a', 0o644);
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written);
    this.bytes += line.length;
    return this.bytes >= PENDING_CAP;
  }

  /**
   * The rows waiting. A line that does not parse is skipped: only a power cut can cut an append
   * short (each is one write), and the other replicas hold the row.
   */
  rows(): ObjectRow[] {
    if (this.bytes === 0 || !existsSync(this.path)) return [];
    const rows: ObjectRow[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line === '') continue;
      try {
        rows.push(JSON.parse(line) as ObjectRow);
      } catch {
        // Cut short: see above.
      }
    }
    return rows;
  }

  /**
   * Empties the file once its rows are merged. A crash between the merge and this leaves them to
   * merge again, which changes nothing (a row merges only over an older one).
   */
  empty(): void {
    truncateSync(this.path, 0);
    this.bytes = 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
