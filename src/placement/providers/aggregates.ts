import type { PlacementDb } from '../db/types.js';
import { conflict, ErrorCode, isUniqueViolation } from '../errors.js';
import { bumpProviderGeneration } from './generation.js';
import { getProvider, type Provider } from './lookup.js';
import { GENERATION_CHANGED } from './traits.js';

/** The uuids of the aggregates a provider is in. */
export async function providerAggregates(db: PlacementDb, providerId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('placement_aggregate as agg')
    .innerJoin('resource_provider_aggregate as rpa', 'rpa.aggregate_id', 'agg.id')
    .select('agg.uuid')
    .where('rpa.resource_provider_id', '=', providerId)
    .orderBy('agg.id')
    .execute();
  return rows.map((row) => row.uuid);
}

/** The id of the aggregate with this uuid, made on first use (placement knows aggregates only by uuid). */
async function ensureAggregate(db: PlacementDb, uuid: string): Promise<number> {
  const found = await db
    .selectFrom('placement_aggregate')
    .select('id')
    .where('uuid', '=', uuid)
    .executeTakeFirst();
  if (found) return found.id;
  const { id } = await db
    .insertInto('placement_aggregate')
    .values({ uuid })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Makes a provider's aggregates exactly `aggregates`. From 1.19 the caller names the generation
 * it read, a mismatch is a 409, and the generation moves on every successful call. Two callers
 * may create the same aggregate at once; the loser tries again, as upstream does.
 */
export async function setProviderAggregates(
  db: PlacementDb,
  uuid: string,
  aggregates: string[],
  options: { generation?: number; now: string },
): Promise<Provider> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await replaceAggregates(db, uuid, aggregates, options);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === 10) throw error;
    }
  }
}

async function replaceAggregates(
  db: PlacementDb,
  uuid: string,
  aggregates: string[],
  options: { generation?: number; now: string },
): Promise<Provider> {
  return db.transaction().execute(async (tx) => {
    const provider = await getProvider(tx, uuid);
    if (options.generation !== undefined && options.generation !== provider.generation) {
      throw conflict(GENERATION_CHANGED, ErrorCode.CONCURRENT_UPDATE);
    }
    const wanted = new Set(aggregates);
    const current = await tx
      .selectFrom('placement_aggregate as agg')
      .innerJoin('resource_provider_aggregate as rpa', 'rpa.aggregate_id', 'agg.id')
      .select(['agg.id', 'agg.uuid'])
      .where('rpa.resource_provider_id', '=', provider.id)
      .execute();
    const stale = current.filter((row) => !wanted.has(row.uuid)).map((row) => row.id);
    if (stale.length > 0) {
      await tx
        .deleteFrom('resource_provider_aggregate')
        .where('resource_provider_id', '=', provider.id)
        .where('aggregate_id', 'in', stale)
        .execute();
    }
    const have = new Set(current.map((row) => row.uuid));
    for (const aggregate of wanted) {
      if (have.has(aggregate)) continue;
      const aggregateId = await ensureAggregate(tx, aggregate);
      await tx
        .insertInto('resource_provider_aggregate')
        .values({ resource_provider_id: provider.id, aggregate_id: aggregateId })
        .execute();
    }
    if (options.generation === undefined) return provider;
    return { ...provider, generation: await bumpProviderGeneration(tx, provider, options.now) };
  });
}
