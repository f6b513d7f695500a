import type { Readable } from 'node:stream';

/** An inclusive byte range, as HTTP's Range header counts. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Asked for data a store does not hold. */
export class StoreDataMissing extends Error {
  constructor(key: string) {
    super(`no data stored for ${key}`);
    this.name = 'StoreDataMissing';
  }
}

/**
 * Where image bytes live (Glance's glance_store backends). The service only ever streams through
 * it: data goes in as chunks and comes out as a stream, never held whole in memory.
 */
export interface ImageStore {
  /** The store's id, as images show it in `stores` and `/v2/info/stores` lists it. */
  readonly id: string;
  /** The backend type `/v2/info/stores/detail` shows (`file`), with its settings. */
  describe(): { type: string; properties: Record<string, unknown> };
  /**
   * Stores the chunks under `key`, all of them or nothing: when `data` throws (a refused or
   * broken upload) or the write fails, nothing is left behind and the error is rethrown.
   * Resolves with the number of bytes stored; replaces data already under the key.
   */
  write(key: string, data: AsyncIterable<Buffer>): Promise<number>;
  /** The stored bytes (only `range` of them when given); throws StoreDataMissing when there are none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the data under `key`; nothing happens when there is none. */
  delete(key: string): Promise<void>;
}
