/**
 * Swift's `Timestamp` in its normal text form: seconds since the epoch with five decimals, padded
 * to 16 characters (`1700000000.12345`). Every write carries one; the newest wins everywhere.
 */
export function swiftTimestamp(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(5).padStart(16, '0');
}

/** A Swift timestamp (`1700000000.12345`, with or without an `_offset`) as milliseconds. */
export function timestampMillis(text: string): number {
  return Number(text.split('_')[0]) * 1000;
}

/** `Last-Modified` of a Swift timestamp: HTTP date of the timestamp rounded up to the second, as swob. */
export function lastModified(text: string): string {
  return new Date(Math.ceil(timestampMillis(text) / 1000) * 1000).toUTCString();
}
