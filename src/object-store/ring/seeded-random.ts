import { createHash } from 'node:crypto';

/**
 * A small deterministic random source (mulberry32) for rebalances: the same seed gives the same
 * ring, as Swift's `rebalance(seed=...)`. A text seed is hashed to 32 bits first.
 */
export function seededRandom(seed: number | string): () => number {
  let state =
    typeof seed === 'number' && Number.isInteger(seed)
      ? seed >>> 0
      : createHash('md5').update(String(seed)).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
