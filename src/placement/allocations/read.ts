import type { PlacementDb } from '../db/types.js';

/** One allocation row of a consumer, with its provider. */
export interface ConsumerAllocation {
  resource_provider_id: number;
  resource_provider_uuid: string;
  resource_provider_generation: number;
  resource_class: string;
  used: number;
  created_at: string;
  updated_at: string | null;
}

export interface Consumer {
  uuid: string;
  project_id: string;
  user_id: string;
  generation: number;
  consumer_type: string | null;
}

/** A consumer's allocations and the consumer itself (undefined when it has none). */
export async function allocationsOfConsumer(
  db: PlacementDb,
  consumerUuid: string,
): Promise<{ consumer?: Consumer; allocations: ConsumerAllocation[] }> {
  const allocations = await db
    .selectFrom('allocation as a')
    .innerJoin('resource_provider as rp', 'rp.id', 'a.resource_provider_id')
    .innerJoin('resource_class as rc', 'rc.id', 'a.resource_class_id')
    .select([
      'rp.id as resource_provider_id',
      'rp.uuid as resource_provider_uuid',
      'rp.generation as resource_provider_generation',
      'rc.name as resource_class',
      'a.used',
      'a.created_at',
      'a.updated_at',
    ])
    .where('a.consumer_id', '=', consumerUuid)
    .orderBy('a.id')
    .execute();
  if (allocations.length === 0) return { allocations };
  const consumer = await db
    .selectFrom('consumer')
    .select(['uuid', 'project_id', 'user_id', 'generation', 'consumer_type'])
    .where('uuid', '=', consumerUuid)
    .executeTakeFirst();
  return { consumer, allocations };
}

/** One allocation row on a provider, with its consumer's generation. */
export interface ProviderAllocation {
  consumer_uuid: string;
  consumer_generation: number;
  resource_class: string;
  used: number;
  created_at: string;
  updated_at: string | null;
}

/** Every allocation against a provider. */
export function allocationsOnProvider(db: PlacementDb, providerId: number): Promise<ProviderAllocation[]> {
  return db
    .selectFrom('allocation as a')
    .innerJoin('consumer as c', 'c.uuid', 'a.consumer_id')
    .innerJoin('resource_class as rc', 'rc.id', 'a.resource_class_id')
    .select([
      'c.uuid as consumer_uuid',
      'c.generation as consumer_generation',
      'rc.name as resource_class',
      'a.used',
      'a.created_at',
      'a.updated_at',
    ])
    .where('a.resource_provider_id', '=', providerId)
    .orderBy('a.id')
    .execute();
}
