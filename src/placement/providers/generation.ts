import type { PlacementDb } from '../db/types.js';
import { ConcurrentUpdate } from '../errors.js';

/**
 * Moves a provider from the generation its writer read to the next one; when another writer
 * got there first no row matches and the write fails with ConcurrentUpdate. On PostgreSQL the
 * UPDATE waits for a concurrent writer's row lock, then sees its new generation.
 */
export async function bumpProviderGeneration(
  db: PlacementDb,
  provider: { id: number; generation: number },
  now: string,
): Promise<number> {
  const next = provider.generation + 1;
  const result = await db
    .updateTable('resource_provider')
    .set({ generation: next, updated_at: now })
    .where('id', '=', provider.id)
    .where('generation', '=', provider.generation)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ConcurrentUpdate(true);
  return next;
}
