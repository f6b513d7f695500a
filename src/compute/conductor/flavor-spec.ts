import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import { extraSpecsOf } from '../flavors/flavors-repo.js';
import type { FlavorSpec } from '../virt/types.js';
import { flavorNotFound } from './errors.js';

/** The flavor of a resize by its API id, with its extra specs, as the instance will keep it. */
export async function loadFlavorSpec(db: Kysely<ComputeSchema>, flavorId: string): Promise<FlavorSpec> {
  const row = await db.selectFrom('flavors').selectAll().where('flavorid', '=', flavorId).executeTakeFirst();
  if (!row) throw flavorNotFound(flavorId);
  const extraSpecs = (await extraSpecsOf(db, [row.id])).get(row.id) ?? {};
  return {
    id: row.flavorid,
    name: row.name,
    vcpus: row.vcpus,
    memoryMb: row.memory_mb,
    rootGb: row.root_gb,
    ephemeralGb: row.ephemeral_gb,
    swapMb: row.swap,
    extraSpecs,
  };
}
