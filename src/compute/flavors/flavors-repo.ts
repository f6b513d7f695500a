import type { Kysely, Selectable } from 'kysely';
import { Conflict, NotFound } from '../../common/http/errors.js';
import type { ComputeSchema, FlavorTable } from '../db/schema.js';
import type { FlavorSpec } from '../virt/types.js';

export type FlavorRow = Selectable<FlavorTable>;

/** Who is looking: an admin sees every flavor, others public ones and those shared with their project. */
export interface FlavorViewer {
  isAdmin: boolean;
  projectId: string | null;
}

export function flavorNotFound(flavorId: string): NotFound {
  return new NotFound(`Flavor ${flavorId} could not be found.`);
}

/** The flavors a viewer may see, as Nova's `_flavor_get_query_from_db`. */
export function visibleFlavors(db: Kysely<ComputeSchema>, viewer: FlavorViewer) {
  const query = db.selectFrom('flavors').selectAll('flavors');
  if (viewer.isAdmin) return query;
  return query.where((eb) =>
    eb.or([
      eb('flavors.is_public', '=', 1),
      eb.exists(
        eb
          .selectFrom('flavor_projects')
          .select('flavor_projects.id')
          .whereRef('flavor_projects.flavor_id', '=', 'flavors.id')
          .where('flavor_projects.project_id', '=', viewer.projectId ?? ''),
      ),
    ]),
  );
}

/** A flavor by its API id, if the viewer may see it; else FlavorNotFound (404). */
export async function getFlavor(
  db: Kysely<ComputeSchema>,
  viewer: FlavorViewer,
  flavorId: string,
): Promise<FlavorRow> {
  const row = await visibleFlavors(db, viewer)
    .where('flavors.flavorid', '=', flavorId)
    .orderBy('flavors.id')
    .executeTakeFirst();
  if (!row) throw flavorNotFound(flavorId);
  return row;
}

/** A flavor by its API id whatever its access (Nova reads it as admin), or undefined. */
export function findFlavor(db: Kysely<ComputeSchema>, flavorId: string): Promise<FlavorRow | undefined> {
  return db.selectFrom('flavors').selectAll().where('flavorid', '=', flavorId).executeTakeFirst();
}

/** Extra specs of flavors by internal id. */
export async function extraSpecsOf(
  db: Kysely<ComputeSchema>,
  flavorIds: readonly number[],
): Promise<Map<number, Record<string, string>>> {
  const specs = new Map<number, Record<string, string>>(flavorIds.map((id) => [id, {}]));
  if (flavorIds.length === 0) return specs;
  const rows = await db
    .selectFrom('flavor_extra_specs')
    .select(['flavor_id', 'key', 'value'])
    .where('flavor_id', 'in', flavorIds)
    .orderBy('id')
    .execute();
  for (const row of rows) specs.get(row.flavor_id)![row.key] = row.value;
  return specs;
}

/** What an instance keeps of its flavor (its own copy, so a flavor deleted later still shows). */
export async function flavorSpecOf(db: Kysely<ComputeSchema>, row: FlavorRow): Promise<FlavorSpec> {
  return {
    id: row.flavorid,
    name: row.name,
    vcpus: row.vcpus,
    memoryMb: row.memory_mb,
    rootGb: row.root_gb,
    ephemeralGb: row.ephemeral_gb,
    swapMb: row.swap,
    extraSpecs: (await extraSpecsOf(db, [row.id])).get(row.id) ?? {},
  };
}

export type NewFlavor = Omit<FlavorRow, 'id' | 'created_at' | 'updated_at' | 'vcpu_weight' | 'disabled'>;

/** Creates a flavor; a taken name or id is a 409 with Nova's messages. */
export async function createFlavor(
  db: Kysely<ComputeSchema>,
  flavor: NewFlavor,
  now: Date,
): Promise<FlavorRow> {
  return db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('flavors')
      .select(['name', 'flavorid'])
      .where((eb) => eb.or([eb('name', '=', flavor.name), eb('flavorid', '=', flavor.flavorid)]))
      .executeTakeFirst();
    if (clash?.name === flavor.name) throw new Conflict(`Flavor with name ${flavor.name} already exists.`);
    if (clash) throw new Conflict(`Flavor with ID ${flavor.flavorid} already exists.`);
    return trx
      .insertInto('flavors')
      .values({ ...flavor, vcpu_weight: null, disabled: 0, created_at: now.toISOString(), updated_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function setFlavorDescription(
  db: Kysely<ComputeSchema>,
  flavor: FlavorRow,
  description: string | null,
  now: Date,
): Promise<FlavorRow> {
  return db
    .updateTable('flavors')
    .set({ description, updated_at: now.toISOString() })
    .where('id', '=', flavor.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes a flavor with its extra specs and access list. */
export async function deleteFlavor(db: Kysely<ComputeSchema>, flavorId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('flavors')
      .select('id')
      .where('flavorid', '=', flavorId)
      .executeTakeFirst();
    if (!row) throw flavorNotFound(flavorId);
    await trx.deleteFrom('flavor_extra_specs').where('flavor_id', '=', row.id).execute();
    await trx.deleteFrom('flavor_projects').where('flavor_id', '=', row.id).execute();
    await trx.deleteFrom('flavors').where('id', '=', row.id).execute();
  });
}
