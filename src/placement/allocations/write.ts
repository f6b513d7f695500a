import type { PlacementDb } from '../db/types.js';
import { badRequest, ConcurrentUpdate, type PlacementError } from '../errors.js';
import { bumpProviderGeneration } from '../providers/generation.js';
import { resourceClassIds } from '../resource-classes.js';
import { checkCapacity, type Claim } from './capacity.js';
import {
  bumpConsumerGeneration,
  deleteConsumersWithoutAllocations,
  ensureConsumer,
  type ConsumerClaim,
} from './consumers.js';
import type { Consumer } from './read.js';

/** What one consumer's allocations become. */
export interface AllocationRequest extends ConsumerClaim {
  /** Amounts by class, by provider uuid; empty removes all the consumer's allocations. */
  allocations: Map<string, Record<string, number>>;
}

export interface AllocationWriteOptions {
  now: string;
  /** Words the 400 for a resource class that does not exist (PUT and POST differ). */
  unknownClass: (message: string) => PlacementError;
}

/** As upstream's allocation_conflict_retry_count. */
const PROVIDER_CONFLICT_RETRIES = 10;

/**
 * Replaces the allocations of every consumer in `requests` at once, inside the caller's
 * transaction: consumers are checked (generations) and recorded, providers and classes
 * resolved (400 when unknown), the old allocations removed, the new ones checked against
 * capacity (409) and written, then the generations of the providers written to and of the
 * consumers move on. A provider generation that moved under us is a ConcurrentUpdate.
 */
export async function replaceAllocationsIn(
  tx: PlacementDb,
  requests: AllocationRequest[],
  options: AllocationWriteOptions,
): Promise<void> {
  const consumers = new Map<string, Consumer>();
  for (const request of requests) consumers.set(request.uuid, await ensureConsumer(tx, request, options.now));

  const providerUuids = [...new Set(requests.flatMap((request) => [...request.allocations.keys()]))];
  const providers = new Map<string, { id: number; generation: number }>();
  if (providerUuids.length > 0) {
    const rows = await tx
      .selectFrom('resource_provider')
      .select(['id', 'uuid', 'generation'])
      .where('uuid', 'in', providerUuids)
      .execute();
    for (const row of rows) providers.set(row.uuid, row);
  }
  const missing = providerUuids.find((uuid) => !providers.has(uuid));
  if (missing !== undefined)
    throw badRequest(`Allocation for resource provider '${missing}' that does not exist.`);

  const classNames = requests.flatMap((request) => [...request.allocations.values()].flatMap(Object.keys));
  const classIds = await resourceClassIds(tx, classNames, options.unknownClass);

  // A consumer whose allocations are emptied still counts as written, with its providers.
  const touched = new Map<number, { id: number; generation: number }>();
  const visitedConsumers = new Set<string>();
  const emptied = requests.filter((request) => request.allocations.size === 0).map((request) => request.uuid);
  if (emptied.length > 0) {
    const held = await tx
      .selectFrom('allocation as a')
      .innerJoin('resource_provider as rp', 'rp.id', 'a.resource_provider_id')
      .select(['rp.id', 'rp.generation', 'a.consumer_id'])
      .where('a.consumer_id', 'in', emptied)
      .execute();
    for (const row of held) {
      touched.set(row.id, { id: row.id, generation: row.generation });
      visitedConsumers.add(row.consumer_id);
    }
  }
  const allUuids = requests.map((request) => request.uuid);
  await tx.deleteFrom('allocation').where('consumer_id', 'in', allUuids).execute();

  const claims: Claim[] = [];
  const rows = [];
  for (const request of requests) {
    for (const [providerUuid, resources] of request.allocations) {
      const provider = providers.get(providerUuid)!;
      touched.set(provider.id, provider);
      visitedConsumers.add(request.uuid);
      for (const [resourceClass, used] of Object.entries(resources)) {
        const resourceClassId = classIds.get(resourceClass)!;
        claims.push({ providerId: provider.id, providerUuid, resourceClassId, resourceClass, used });
        rows.push({
          resource_provider_id: provider.id,
          consumer_id: request.uuid,
          resource_class_id: resourceClassId,
          used,
          created_at: options.now,
          updated_at: null,
        });
      }
    }
  }
  await checkCapacity(tx, claims);
  if (rows.length > 0) await tx.insertInto('allocation').values(rows).execute();

  // In id order, so two writers on PostgreSQL lock the same rows in the same order.
  for (const provider of [...touched.values()].sort((a, b) => a.id - b.id)) {
    await bumpProviderGeneration(tx, provider, options.now);
  }
  for (const uuid of visitedConsumers) await bumpConsumerGeneration(tx, consumers.get(uuid)!, options.now);
  // As upstream, only consumers written to are dropped when left empty; a consumer created by
  // an empty write stays (with generation 0) until its allocations are written.
  await deleteConsumersWithoutAllocations(tx, [...visitedConsumers]);
}

/**
 * `replaceAllocationsIn` in its own transaction, tried again (from a fresh read) when a
 * provider's generation moved under it, as upstream retries; a writer that keeps losing
 * gets the ConcurrentUpdate.
 */
export async function replaceAllocations(
  db: PlacementDb,
  requests: AllocationRequest[],
  options: AllocationWriteOptions,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().execute((tx) => replaceAllocationsIn(tx, requests, options));
      return;
    } catch (error) {
      const retry =
        error instanceof ConcurrentUpdate && error.ofProvider && attempt < PROVIDER_CONFLICT_RETRIES;
      if (!retry) throw error;
    }
  }
}
