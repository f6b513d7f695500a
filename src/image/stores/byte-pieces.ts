/**
 * Cuts a stream of chunks into consecutive pieces of at most so many bytes, each itself a
 * stream, without holding more than the chunk at hand: how the object-store store sends an image
 * too large for one object as segments. An error of the source is kept (`sourceError`), so the
 * caller can rethrow it as it was rather than as the failure of the upload it broke.
 */
export class BytePieces {
  private readonly iterator: AsyncIterator<Buffer>;
  private pending: Buffer | null = null;
  private finished = false;
  /** Bytes handed out so far. */
  bytes = 0;
  sourceError: unknown = undefined;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Whether any byte is left (reads ahead at most one chunk). */
  async more(): Promise<boolean> {
    while (!this.pending?.length) {
      if (this.finished) return false;
      let next: IteratorResult<Buffer>;
      try {
        next = await this.iterator.next();
      } catch (error) {
        this.sourceError = error;
        this.finished = true;
        throw error;
      }
      if (next.done) this.finished = true;
      else this.pending = next.value;
    }
    return true;
  }

  /** The next `limit` bytes at most, as they come. */
  async *piece(limit: number): AsyncGenerator<Buffer> {
    let left = limit;
    while (left > 0 && (await this.more())) {
      const chunk = this.pending!;
      const part = chunk.length <= left ? chunk : chunk.subarray(0, left);
      this.pending = chunk.length <= left ? null : chunk.subarray(left);
      left -= part.length;
      this.bytes += part.length;
      yield part;
    }
  }
}
