import { BadRequest, Conflict, NotFound } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { VolumeTypeNotFound, type VolumeTypeRow } from './volume-type-records.js';

/** Cinder's InvalidVolumeType: "Invalid volume type: <reason>". */
export class InvalidVolumeType extends BadRequest {
  constructor(reason: string) {
    super(`Invalid volume type: ${reason}`);
  }
}

/** Any type by id, as Cinder's elevated lookups see them (access lists and changes are for admins). */
async function anyType(deps: BlockStorageDeps, typeId: string): Promise<VolumeTypeRow> {
  const type = await deps.db
    .selectFrom('volume_types')
    .selectAll()
    .where('id', '=', typeId)
    .executeTakeFirst();
  if (!type) throw new VolumeTypeNotFound(typeId);
  return type;
}

/** A private type by id: the only kind whose access can change. */
async function privateType(deps: BlockStorageDeps, typeId: string): Promise<VolumeTypeRow> {
  const type = await anyType(deps, typeId);
  if (type.is_public) {
    throw new InvalidVolumeType('Type access modification is not applicable to public volume type.');
  }
  return type;
}

/** addProjectAccess: shares a private type with a project; 409 when it already is. */
export async function addTypeAccess(
  deps: BlockStorageDeps,
  typeId: string,
  projectId: string,
): Promise<void> {
  await privateType(deps, typeId);
  const inserted = await deps.db
    .insertInto('volume_type_projects')
    .values({ volume_type_id: typeId, project_id: projectId })
    .onConflict((conflict) => conflict.columns(['volume_type_id', 'project_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new Conflict(`Volume type access for ${typeId} / ${projectId} combination already exists.`);
  }
}

/** removeProjectAccess: 404 when the project had no access. */
export async function removeTypeAccess(
  deps: BlockStorageDeps,
  typeId: string,
  projectId: string,
): Promise<void> {
  await privateType(deps, typeId);
  const removed = await deps.db
    .deleteFrom('volume_type_projects')
    .where('volume_type_id', '=', typeId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) {
    throw new NotFound(`Volume type access not found for ${typeId} / ${projectId} combination.`);
  }
}

/** GET /types/{id}/os-volume-type-access: the projects a private type is shared with. */
export async function typeAccessList(deps: BlockStorageDeps, typeId: string): Promise<string[]> {
  const type = await anyType(deps, typeId);
  if (type.is_public) throw new NotFound('Access list not available for public volume types.');
  const rows = await deps.db
    .selectFrom('volume_type_projects')
    .select('project_id')
    .where('volume_type_id', '=', typeId)
    .orderBy('project_id')
    .execute();
  return rows.map((row) => row.project_id);
}
