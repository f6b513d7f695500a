import type { Kysely } from 'kysely';
import type { PlacementSchema } from './schema.js';

/** The placement database, or a transaction on it: every query helper takes either. */
export type PlacementDb = Kysely<PlacementSchema>;

/** Counts and sums come back as strings from PostgreSQL (bigint, numeric) and numbers from SQLite. */
export function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}
