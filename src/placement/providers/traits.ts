import type { PlacementDb } from '../db/types.js';
import { badRequest, conflict, ErrorCode } from '../errors.js';
import { providerTraits, traitIds, type Trait } from '../traits.js';
import { bumpProviderGeneration } from './generation.js';
import { getProvider } from './lookup.js';

export const GENERATION_CHANGED =
  "Resource provider's generation already changed. Please update the generation and try again.";

/**
 * Replaces a provider's traits, guarded by the generation the caller read; the generation
 * moves only when the set changes. Answers the provider's traits and generation.
 */
export async function setProviderTraits(
  db: PlacementDb,
  uuid: string,
  input: { generation: number | null; traits: string[] },
  now: string,
): Promise<{ traits: Trait[]; generation: number }> {
  return db.transaction().execute(async (tx) => {
    const provider = await getProvider(tx, uuid);
    if (input.generation !== null && input.generation !== provider.generation) {
      throw conflict(GENERATION_CHANGED, ErrorCode.CONCURRENT_UPDATE);
    }
    const wanted = await traitIds(tx, input.traits, (missing) =>
      badRequest(`No such trait ${missing.join(', ')}`),
    );
    const current = new Set((await providerTraits(tx, provider.id)).map((trait) => trait.id));
    const target = new Set(wanted.values());
    const toAdd = [...target].filter((id) => !current.has(id));
    const toRemove = [...current].filter((id) => !target.has(id));
    let generation = provider.generation;
    if (toAdd.length > 0 || toRemove.length > 0) {
      if (toRemove.length > 0) {
        await tx
          .deleteFrom('resource_provider_trait')
          .where('resource_provider_id', '=', provider.id)
          .where('trait_id', 'in', toRemove)
          .execute();
      }
      if (toAdd.length > 0) {
        await tx
          .insertInto('resource_provider_trait')
          .values(toAdd.map((trait_id) => ({ resource_provider_id: provider.id, trait_id })))
          .execute();
      }
      generation = await bumpProviderGeneration(tx, provider, now);
    }
    return { traits: await providerTraits(tx, provider.id), generation };
  });
}
