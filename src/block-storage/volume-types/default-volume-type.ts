import type { VolumeConfig } from '../../common/config/schema.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';
import type { VolumeTypeRow } from './volume-type-records.js';

/** A project's own default type (3.62 default-types), if one was set. */
export async function projectDefaultType(
  db: BlockStorageDb,
  projectId: string,
): Promise<{ project_id: string; volume_type_id: string } | undefined> {
  return db
    .selectFrom('default_volume_types')
    .select(['project_id', 'volume_type_id'])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

/**
 * Cinder's `get_default_volume_type`: the project's own default when it has one, else the
 * configured `default_volume_type`; undefined when that type is gone (a misconfiguration).
 * Volumes created without a type get this one.
 */
export async function defaultVolumeType(
  db: BlockStorageDb,
  settings: VolumeConfig,
  projectId: string | null,
): Promise<VolumeTypeRow | undefined> {
  const own = projectId === null ? undefined : await projectDefaultType(db, projectId);
  const query = db.selectFrom('volume_types').selectAll();
  return own
    ? query.where('id', '=', own.volume_type_id).executeTakeFirst()
    : query.where('name', '=', settings.default_volume_type).executeTakeFirst();
}

/** Sets (or replaces) a project's default type. */
export async function setProjectDefaultType(
  db: BlockStorageDb,
  projectId: string,
  volumeTypeId: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('default_volume_types')
    .values({ project_id: projectId, volume_type_id: volumeTypeId, created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('project_id').doUpdateSet({ volume_type_id: volumeTypeId }))
    .execute();
}

export async function unsetProjectDefaultType(db: BlockStorageDb, projectId: string): Promise<void> {
  await db.deleteFrom('default_volume_types').where('project_id', '=', projectId).execute();
}
