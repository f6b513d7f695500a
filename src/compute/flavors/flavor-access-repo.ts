import type { Kysely } from 'kysely';
import { Conflict, NotFound } from '../../common/http/errors.js';
import type { ComputeSchema } from '../db/schema.js';
import type { FlavorRow } from './flavors-repo.js';

/** The projects a flavor is shared with, in the order access was given. */
export async function flavorProjects(db: Kysely<ComputeSchema>, flavor: FlavorRow): Promise<string[]> {
  const rows = await db
    .selectFrom('flavor_projects')
    .select('project_id')
    .where('flavor_id', '=', flavor.id)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.project_id);
}

export async function addFlavorAccess(
  db: Kysely<ComputeSchema>,
  flavor: FlavorRow,
  projectId: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('flavor_projects')
      .select('id')
      .where('flavor_id', '=', flavor.id)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (existing) {
      throw new Conflict(
        `Flavor access already exists for flavor ${flavor.flavorid} and project ${projectId} combination.`,
      );
    }
    await trx
      .insertInto('flavor_projects')
      .values({ flavor_id: flavor.id, project_id: projectId, created_at: now.toISOString() })
      .execute();
  });
}

export async function removeFlavorAccess(db: Kysely<ComputeSchema>, flavor: FlavorRow, projectId: string) {
  const result = await db
    .deleteFrom('flavor_projects')
    .where('flavor_id', '=', flavor.id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new NotFound(`Flavor access not found for ${flavor.flavorid} / ${projectId} combination.`);
  }
}
