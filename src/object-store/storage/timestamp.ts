/** A value that is not a Swift timestamp (Swift's `InvalidTimestamp`). */
export class InvalidTimestamp extends Error {}

/** Ten-microsecond steps in a second: Swift keeps five decimals. */
const UNITS_PER_SECOND = 100_000;
/** Swift's upper bound: ten digits of seconds. */
const MAX_UNITS = 10_000_000_000 * UNITS_PER_SECOND;
const OFFSET_DIGITS = 16;

/**
 * Swift's `Timestamp`: seconds since the epoch to ten microseconds, plus an internal offset that
 * orders writes made at the same instant. `normal` (`1700000000.12345`) is what clients see;
 * `internal` adds `_<16 hex digits>` when the offset is not zero. Both are fixed width, so the
 * text sorts as the time does, which is what file names and SQL comparisons rely on.
 */
export class Timestamp {
  static readonly zero = new Timestamp(0, '');

  private constructor(
    /** Whole ten-microsecond steps since the epoch. */
    readonly units: number,
    /** The offset as 16 lower-case hex digits, or '' for none. */
    private readonly offsetHex: string,
  ) {}

  static fromSeconds(seconds: number): Timestamp {
    const units = Math.round(seconds * UNITS_PER_SECOND);
    if (!Number.isFinite(units) || units < 0 || units >= MAX_UNITS) {
      throw new InvalidTimestamp(`timestamp out of range: ${seconds}`);
    }
    return new Timestamp(units, '');
  }

  static now(): Timestamp {
    return Timestamp.fromSeconds(Date.now() / 1000);
  }

  /** Parses `1700000000.12345`, `1700000000`, `1700000000.12345_0000000000000001`... */
  static parse(text: string): Timestamp {
    const [seconds, offset, extra] = text.split('_');
    if (extra !== undefined || !/^\d+(\.\d*)?$|^\.\d+$/.test(seconds)) {
      throw new InvalidTimestamp(`invalid timestamp ${JSON.stringify(text)}`);
    }
    const base = Timestamp.fromSeconds(Number(seconds));
    if (offset === undefined || offset === '') return base;
    if (!/^[0-9a-fA-F]+$/.test(offset) || offset.length > OFFSET_DIGITS) {
      throw new InvalidTimestamp(`invalid timestamp offset ${JSON.stringify(text)}`);
    }
    return /^0+$/.test(offset)
      ? base
      : new Timestamp(base.units, offset.toLowerCase().padStart(OFFSET_DIGITS, '0'));
  }

  /** Parses, or answers undefined for a missing or bad value. */
  static tryParse(text: string | undefined): Timestamp | undefined {
    if (text === undefined) return undefined;
    try {
      return Timestamp.parse(text);
    } catch {
      return undefined;
    }
  }

  get seconds(): number {
    return this.units / UNITS_PER_SECOND;
  }

  /** `%016.05f`: what clients see (`X-Timestamp`). */
  get normal(): string {
    const whole = Math.floor(this.units / UNITS_PER_SECOND);
    const fraction = this.units % UNITS_PER_SECOND;
    return `${String(whole).padStart(10, '0')}.${String(fraction).padStart(5, '0')}`;
  }

  /** The normal form plus the offset: what is stored and compared. */
  get internal(): string {
    return this.offsetHex ? `${this.normal}_${this.offsetHex}` : this.normal;
  }

  /** `2023-11-14T22:13:20.123450`, as container and account listings show `last_modified`. */
  get isoformat(): string {
    const whole = Math.floor(this.units / UNITS_PER_SECOND);
    const micros = (this.units % UNITS_PER_SECOND) * 10;
    const date = new Date(whole * 1000).toISOString().slice(0, 19);
    return `${date}.${String(micros).padStart(6, '0')}`;
  }

  /** The HTTP date of the next whole second (swob's `Last-Modified` rounds up). */
  get httpDate(): string {
    return new Date(Math.ceil(this.units / UNITS_PER_SECOND) * 1000).toUTCString();
  }

  compare(other: Timestamp): number {
    if (this.units !== other.units) return this.units < other.units ? -1 : 1;
    if (this.offsetHex === other.offsetHex) return 0;
    return this.offsetHex < other.offsetHex ? -1 : 1;
  }

  isAfter(other: Timestamp): boolean {
    return this.compare(other) > 0;
  }

  static max(a: Timestamp, b: Timestamp): Timestamp {
    return a.compare(b) >= 0 ? a : b;
  }
}
