/**
 * A byte range of a stream that a format probe wants to read, collected from chunks that may
 * split it anywhere. Only the range is kept, never the chunks, so memory stays bounded by what
 * each format's headers need.
 */
export class CaptureRegion {
  /** Grows by doubling as bytes arrive, so a region fed a byte at a time costs linear time. */
  private buffer = Buffer.alloc(0);
  private filled = 0;
  /** True when the stream moved past the region's start before the region was asked for. */
  private missed = false;

  constructor(
    /** Stream offset of the region's first byte. */
    readonly offset: number,
    /** How many bytes the region wants; a probe may change it until the region is complete. */
    public length: number,
  ) {}

  /** Takes this region's bytes out of a chunk that starts at stream offset `position`. */
  feed(chunk: Buffer, position: number): void {
    if (this.complete || this.missed) return;
    const next = this.offset + this.filled;
    if (next < position) {
      this.missed = true;
      return;
    }
    const start = next - position;
    if (start >= chunk.length) return;
    const take = Math.min(this.length - this.filled, chunk.length - start);
    if (this.filled + take > this.buffer.length) {
      // A copy, so the region never pins the (much larger) chunk in memory.
      const grown = Buffer.alloc(Math.min(this.length, Math.max(this.filled + take, 2 * this.buffer.length)));
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.filled, start, start + take);
    this.filled += take;
  }

  /** How many of the region's bytes have arrived. */
  get size(): number {
    return Math.min(this.filled, this.length);
  }

  get complete(): boolean {
    return this.filled >= this.length;
  }

  /** Gives up on the region: it lies where a stream cannot go back to. */
  forgo(): void {
    this.missed = true;
  }

  /** The stream had already passed this region when it was defined (it points backwards). */
  get unreachable(): boolean {
    return this.missed;
  }

  /** The bytes collected so far (all of them once complete). */
  get data(): Buffer {
    return this.buffer.subarray(0, this.size);
  }
}

/** The last `length` bytes of a stream, whatever its size (footers of fixed VHD, streamOptimized VMDK). */
export class TailRegion {
  private readonly buffer: Buffer;
  private filled = 0;

  constructor(readonly length: number) {
    this.buffer = Buffer.alloc(length);
  }

  feed(chunk: Buffer): void {
    if (chunk.length >= this.length) {
      chunk.copy(this.buffer, 0, chunk.length - this.length);
      this.filled = this.length;
      return;
    }
    const keep = Math.min(this.filled, this.length - chunk.length);
    this.buffer.copyWithin(0, this.filled - keep, this.filled);
    chunk.copy(this.buffer, keep);
    this.filled = keep + chunk.length;
  }

  /** The stream's last bytes: `length` of them, or fewer when the stream was shorter. */
  get data(): Buffer {
    return this.buffer.subarray(0, this.filled);
  }
}
