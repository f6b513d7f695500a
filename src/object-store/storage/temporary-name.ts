import { randomBytes } from 'node:crypto';

/** Random once per thread: names of other threads, processes and earlier runs never meet these. */
const prefix = randomBytes(6).toString('hex');
let made = 0;

/**
 * A fresh name for a file in a device's `tmp/` (`<12 hex>-<count><suffix>`), written there before
 * it is renamed into place. Unique as a random name is, but without drawing random bytes for each
 * file: one write of every replica of every object makes one.
 */
export function temporaryName(suffix: string): string {
  made += 1;
  return `${prefix}-${made.toString(36)}${suffix}`;
}
