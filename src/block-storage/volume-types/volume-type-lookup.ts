import type { ExpressionBuilder } from 'kysely';
import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageSchema } from '../db/schema.js';
import type { BlockStorageDeps } from '../deps.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';
import { VolumeTypeNotFound, type VolumeTypeRow } from './volume-type-records.js';

/** Public, or shared with the project: the types a non-admin of `projectId` sees. */
export function visibleTo(eb: ExpressionBuilder<BlockStorageSchema, 'volume_types'>, projectId: string) {
  return eb.or([
    eb('volume_types.is_public', '=', 1),
    eb.exists(
      eb
        .selectFrom('volume_type_projects')
        .select('volume_type_projects.project_id')
        .whereRef('volume_type_projects.volume_type_id', '=', 'volume_types.id')
        .where('volume_type_projects.project_id', '=', projectId),
    ),
  ]);
}

/**
 * Cinder's `volume_types.get_volume_type` by id: admins see every type, others the public ones
 * and the private ones shared with their project; any other is "could not be found" (404).
 */
export async function loadVolumeType(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
  db: BlockStorageDb = deps.db,
): Promise<VolumeTypeRow> {
  const type = await db
    .selectFrom('volume_types')
    .selectAll('volume_types')
    .where('volume_types.id', '=', id)
    .$if(!callerIsAdmin(deps, context), (query) =>
      query.where((eb) => visibleTo(eb, context.projectId ?? '')),
    )
    .executeTakeFirst();
  if (!type) throw new VolumeTypeNotFound(id);
  return type;
}
