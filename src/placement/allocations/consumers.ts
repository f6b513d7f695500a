import type { PlacementDb } from '../db/types.js';
import { conflict, ConcurrentUpdate, ErrorCode } from '../errors.js';
import type { Consumer } from './read.js';

/** The project and user upstream records for allocations made before 1.8 named them. */
export const INCOMPLETE_CONSUMER_ID = '00000000-0000-0000-0000-000000000000';

/** Who a request says a consumer belongs to, and the generation it read. */
export interface ConsumerClaim {
  uuid: string;
  projectId: string;
  userId: string;
  /** Undefined before 1.28 (not checked); null for "a consumer that does not exist yet". */
  generation?: number | null;
  /** Undefined before 1.38 (left alone). */
  consumerType?: string;
}

const python = (value: number | null | undefined) =>
  value === null || value === undefined ? 'None' : String(value);

/**
 * Finds or creates the consumer a request writes allocations for, after checking the
 * generation the caller read (1.28+), and records the project, user and type it names.
 */
export async function ensureConsumer(tx: PlacementDb, claim: ConsumerClaim, now: string): Promise<Consumer> {
  const existing = await tx
    .selectFrom('consumer')
    .select(['uuid', 'project_id', 'user_id', 'generation', 'consumer_type'])
    .where('uuid', '=', claim.uuid)
    .executeTakeFirst();
  if (existing) {
    if (claim.generation !== undefined && claim.generation !== existing.generation) {
      throw conflict(
        `consumer generation conflict - expected ${existing.generation} but got ${python(claim.generation)}`,
        ErrorCode.CONCURRENT_UPDATE,
      );
    }
    const consumerType = claim.consumerType ?? existing.consumer_type;
    if (
      existing.project_id !== claim.projectId ||
      existing.user_id !== claim.userId ||
      existing.consumer_type !== consumerType
    ) {
      await tx
        .updateTable('consumer')
        .set({
          project_id: claim.projectId,
          user_id: claim.userId,
          consumer_type: consumerType,
          updated_at: now,
        })
        .where('uuid', '=', claim.uuid)
        .execute();
    }
    return { ...existing, project_id: claim.projectId, user_id: claim.userId, consumer_type: consumerType };
  }
  if (claim.generation !== undefined && claim.generation !== null) {
    throw conflict(
      `consumer generation conflict - expected null but got ${claim.generation}`,
      ErrorCode.CONCURRENT_UPDATE,
    );
  }
  const consumer: Consumer = {
    uuid: claim.uuid,
    project_id: claim.projectId,
    user_id: claim.userId,
    generation: 0,
    consumer_type: claim.consumerType ?? null,
  };
  await tx
    .insertInto('consumer')
    .values({ ...consumer, created_at: now, updated_at: null })
    .execute();
  return consumer;
}

/** Moves a consumer's generation on; ConcurrentUpdate when another writer moved it first. */
export async function bumpConsumerGeneration(
  tx: PlacementDb,
  consumer: Consumer,
  now: string,
): Promise<void> {
  const result = await tx
    .updateTable('consumer')
    .set({ generation: consumer.generation + 1, updated_at: now })
    .where('uuid', '=', consumer.uuid)
    .where('generation', '=', consumer.generation)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ConcurrentUpdate(false);
}

/** Consumers are kept only while they hold allocations. */
export async function deleteConsumersWithoutAllocations(tx: PlacementDb, uuids: string[]): Promise<void> {
  if (uuids.length === 0) return;
  await tx
    .deleteFrom('consumer')
    .where('uuid', 'in', uuids)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('allocation')
            .select('allocation.id')
            .whereRef('allocation.consumer_id', '=', 'consumer.uuid'),
        ),
      ),
    )
    .execute();
}
