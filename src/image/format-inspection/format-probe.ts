import { CaptureRegion, TailRegion } from './capture-region.js';

/** What a probe concludes about a stream that is in its format. */
export interface Verdict {
  /** Size of the disk the image holds, in bytes; null when the format does not say. */
  virtualSize: number | null;
  /** Why the image must not be used (the safety checks it failed); empty when it is safe. */
  problems: string[];
}

/** Upstream's wording when a header the safety checks need is cut short or out of reach. */
export const INCOMPLETE = 'Incomplete file cannot be safety checked';

/**
 * Recognises one disk format in a stream seen chunk by chunk, keeping only the regions its
 * headers occupy. Subclasses declare regions, look at them in `advance` as bytes arrive (which
 * may declare further regions, e.g. a descriptor whose offset the header gives), and give a
 * verdict once the stream has ended.
 */
export abstract class FormatProbe {
  /** The format's name as Glance's `disk_format` (and qemu-img) spell it. */
  abstract readonly name: string;
  private regions: CaptureRegion[] = [];
  private tails: TailRegion[] = [];
  private changed = false;
  private ruledOut = false;
  private settled = false;

  /** True when the probe wants no more chunks. */
  get done(): boolean {
    return this.settled && this.tails.length === 0;
  }

  feed(chunk: Buffer, position: number): void {
    for (const tail of this.tails) tail.feed(chunk);
    if (this.settled) return;
    // A header completed by this chunk may point at a region that starts inside the same
    // chunk, so feed again until nothing new is asked for.
    let took: boolean;
    do {
      this.changed = false;
      const filled = this.regions.map((region) => region.size);
      for (const region of this.regions) region.feed(chunk, position);
      took = this.regions.some((region, index) => region.size !== filled[index]);
      if (!this.settled) this.advance();
    } while ((took || this.changed) && !this.settled);
  }

  /** The stream ended after `size` bytes: the verdict, or null when it is not this format. */
  finish(size: number): Verdict | null {
    return this.ruledOut ? null : this.conclude(size);
  }

  /** Looks at the regions after new bytes arrived; may declare regions, settle or rule out. */
  protected abstract advance(): void;

  protected abstract conclude(size: number): Verdict | null;

  protected region(offset: number, length: number): CaptureRegion {
    const region = new CaptureRegion(offset, length);
    this.regions.push(region);
    this.changed = true;
    return region;
  }

  /**
   * A region located by data in `source`: one that starts before the end of its source points
   * backwards, which a stream cannot follow (however the chunks happened to fall).
   */
  protected regionAfter(source: CaptureRegion, offset: number, length: number): CaptureRegion {
    const region = this.region(offset, length);
    if (offset < source.offset + source.length) region.forgo();
    return region;
  }

  /** Changes how many bytes a region wants, e.g. once a header tells a table's length. */
  protected resize(region: CaptureRegion, length: number): void {
    if (region.length === length) return;
    region.length = length;
    this.changed = true;
  }

  protected tail(length: number): TailRegion {
    const tail = new TailRegion(length);
    this.tails.push(tail);
    return tail;
  }

  /** The probe has every region it needs; it stops looking at chunks (tails still see them). */
  protected settle(): void {
    this.settled = true;
  }

  /** The stream is not in this format: nothing more to look at or keep. */
  protected ruleOut(): void {
    this.ruledOut = true;
    this.settled = true;
    this.regions = [];
    this.tails = [];
  }
}
