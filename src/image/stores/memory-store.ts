import { Readable } from 'node:stream';
import { StoreDataMissing, type ByteRange, type ImageStore } from './image-store.js';

/** A store in memory, for tests: the same contract as the file store, nothing on disk. */
export class MemoryStore implements ImageStore {
  readonly blobs = new Map<string, Buffer>();

  constructor(readonly id = 'file') {}

  describe() {
    return { type: 'memory', properties: {} };
  }

  async write(key: string, data: AsyncIterable<Buffer>): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(chunk);
    const blob = Buffer.concat(chunks);
    this.blobs.set(key, blob);
    return blob.length;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const blob = this.blobs.get(key);
    if (blob === undefined) throw new StoreDataMissing(key);
    return Readable.from([range ? blob.subarray(range.start, range.end + 1) : blob]);
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }
}
