import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BlockStorageSchema } from '../../../../src/block-storage/db/schema.js';

/**
 * Rows as the volume and backup APIs leave them, for tests of what counts or uses them (quotas,
 * limits, transfers, snapshots) without going through those APIs. A volume is on the test app's
 * `testhost@fake#fake`, of the type given by id or name (default `__DEFAULT__`).
 */
export async function insertVolume(
  db: Kysely<BlockStorageSchema>,
  fields: {
    projectId: string;
    userId?: string;
    size?: number;
    status?: string;
    typeName?: string;
    volumeTypeId?: string;
  },
): Promise<string> {
  const typeId =
    fields.volumeTypeId ??
    (
      await db
        .selectFrom('volume_types')
        .select('id')
        .where('name', '=', fields.typeName ?? '__DEFAULT__')
        .executeTakeFirstOrThrow()
    ).id;
  const id = randomUUID();
  await db
    .insertInto('volumes')
    .values({
      id,
      project_id: fields.projectId,
      user_id: fields.userId ?? 'u-owner',
      name: null,
      description: null,
      size: fields.size ?? 1,
      status: fields.status ?? 'available',
      attach_status: 'detached',
      previous_status: null,
      availability_zone: 'nova',
      volume_type_id: typeId,
      snapshot_id: null,
      source_volid: null,
      host: 'testhost@fake#fake',
      bootable: 0,
      multiattach: 0,
      migration_status: null,
      created_at: new Date().toISOString(),
      updated_at: null,
      launched_at: null,
    })
    .execute();
  return id;
}

export async function insertSnapshot(
  db: Kysely<BlockStorageSchema>,
  fields: { volumeId: string; projectId: string; size?: number; status?: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('snapshots')
    .values({
      id,
      project_id: fields.projectId,
      user_id: 'u-owner',
      volume_id: fields.volumeId,
      name: null,
      description: null,
      status: fields.status ?? 'available',
      progress: '100%',
      volume_size: fields.size ?? 1,
      created_at: new Date().toISOString(),
      updated_at: null,
    })
    .execute();
  return id;
}

export async function insertBackup(
  db: Kysely<BlockStorageSchema>,
  fields: { volumeId: string; projectId: string; size?: number },
): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await db
    .insertInto('backups')
    .values({
      id,
      project_id: fields.projectId,
      user_id: 'u-owner',
      volume_id: fields.volumeId,
      snapshot_id: null,
      name: null,
      description: null,
      status: 'available',
      fail_reason: null,
      size: fields.size ?? 1,
      availability_zone: 'nova',
      container: null,
      parent_id: null,
      is_incremental: 0,
      object_count: 0,
      data_timestamp: now,
      created_at: now,
      updated_at: null,
    })
    .execute();
  return id;
}

export async function insertVolumeType(db: Kysely<BlockStorageSchema>, name: string): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('volume_types')
    .values({
      id,
      name,
      description: null,
      is_public: 1,
      qos_specs_id: null,
      created_at: new Date().toISOString(),
      updated_at: null,
    })
    .execute();
  return id;
}
