import type { PlacementDb } from './db/types.js';
import { badRequest, conflict, isUniqueViolation, notFound } from './errors.js';

export interface Trait {
  id: number;
  name: string;
  created_at: string;
  updated_at: string | null;
}

export const CUSTOM_PREFIX = 'CUSTOM_';

export interface TraitFilters {
  /** `name=in:A,B` */
  names?: string[];
  /** `name=startswith:HW_` */
  prefix?: string;
  /** `associated=true|false`: traits some provider has, or none has. */
  associated?: boolean;
}

/** Traits by name, in id order, narrowed as GET /traits asks. */
export async function listTraits(db: PlacementDb, filters: TraitFilters = {}): Promise<Trait[]> {
  let query = db.selectFrom('trait').selectAll('trait').orderBy('trait.id');
  if (filters.names) {
    if (filters.names.length === 0) return [];
    query = query.where('trait.name', 'in', filters.names);
  }
  if (filters.prefix !== undefined) {
    // LIKE treats `_` and `%` as wildcards; upstream's prefix match does too, so we keep it.
    query = query.where('trait.name', 'like', `${filters.prefix}%`);
  }
  if (filters.associated !== undefined) {
    const linked = db.selectFrom('resource_provider_trait').select('trait_id');
    query = query.where('trait.id', filters.associated ? 'in' : 'not in', linked);
  }
  return query.execute();
}

export async function getTrait(db: PlacementDb, name: string): Promise<Trait> {
  const trait = await db.selectFrom('trait').selectAll().where('name', '=', name).executeTakeFirst();
  if (!trait) throw notFound(`No such trait(s): ${name}.`);
  return trait;
}

/** Creates a custom trait, or finds the one that exists: `created` says which (201 or 204). */
export async function ensureTrait(
  db: PlacementDb,
  name: string,
  now: string,
): Promise<{ trait: Trait; created: boolean }> {
  const existing = await db.selectFrom('trait').selectAll().where('name', '=', name).executeTakeFirst();
  if (existing) return { trait: existing, created: false };
  try {
    const trait = await db
      .insertInto('trait')
      .values({ name, created_at: now, updated_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { trait, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { trait: await getTrait(db, name), created: false };
  }
}

/** Deletes a custom trait no provider has; standard traits stay. */
export async function deleteTrait(db: PlacementDb, name: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const trait = await getTrait(tx, name);
    if (!name.startsWith(CUSTOM_PREFIX)) throw badRequest(`Cannot delete standard trait ${name}.`);
    const used = await tx
      .selectFrom('resource_provider_trait')
      .select('trait_id')
      .where('trait_id', '=', trait.id)
      .executeTakeFirst();
    if (used) throw conflict(`The trait ${name} is in use by a resource provider.`);
    await tx.deleteFrom('trait').where('id', '=', trait.id).execute();
  });
}

/** The ids of the named traits; `unknown` words the error naming the missing ones. */
export async function traitIds(
  db: PlacementDb,
  names: Iterable<string>,
  unknown: (missing: string[]) => Error,
): Promise<Map<string, number>> {
  const wanted = [...new Set(names)];
  const ids = new Map<string, number>();
  if (wanted.length === 0) return ids;
  const rows = await db.selectFrom('trait').select(['id', 'name']).where('name', 'in', wanted).execute();
  for (const row of rows) ids.set(row.name, row.id);
  const missing = wanted.filter((name) => !ids.has(name));
  if (missing.length > 0) throw unknown(missing);
  return ids;
}

/** A provider's traits, in id order. */
export function providerTraits(db: PlacementDb, providerId: number): Promise<Trait[]> {
  return db
    .selectFrom('trait')
    .innerJoin('resource_provider_trait as rpt', 'rpt.trait_id', 'trait.id')
    .selectAll('trait')
    .where('rpt.resource_provider_id', '=', providerId)
    .orderBy('trait.id')
    .execute();
}
