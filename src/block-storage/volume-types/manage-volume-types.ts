import { BadRequest, Conflict } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';
import { defaultVolumeType } from './default-volume-type.js';
import { VolumeTypeNotFound, type VolumeTypeRow } from './volume-type-records.js';

export interface NewVolumeType {
  name: string;
  description: string | null;
  extraSpecs: Record<string, string>;
  isPublic: boolean;
}

export interface VolumeTypeChanges {
  name?: string | null;
  description?: string | null;
  isPublic?: boolean;
}

/** Cinder's VolumeTypeExists, as the API answers it (409). */
function typeExists(name: string): Conflict {
  return new Conflict(`Volume Type ${name} already exists.`);
}

async function nameTaken(db: BlockStorageDb, name: string, exceptId?: string): Promise<boolean> {
  const row = await db
    .selectFrom('volume_types')
    .select('id')
    .where('name', '=', name)
    .$if(exceptId !== undefined, (query) => query.where('id', '!=', exceptId!))
    .executeTakeFirst();
  return row !== undefined;
}

async function typeRow(db: BlockStorageDb, id: string): Promise<VolumeTypeRow> {
  const row = await db.selectFrom('volume_types').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new VolumeTypeNotFound(id);
  return row;
}

/** POST /types: a new type with its extra specs; its name must be free (409). */
export async function createVolumeType(deps: BlockStorageDeps, type: NewVolumeType): Promise<VolumeTypeRow> {
  return deps.db.transaction().execute(async (trx) => {
    if (await nameTaken(trx, type.name)) throw typeExists(type.name);
    const row: VolumeTypeRow = {
      id: deps.newId(),
      name: type.name,
      description: type.description,
      is_public: type.isPublic ? 1 : 0,
      qos_specs_id: null,
      created_at: deps.now().toISOString(),
      updated_at: null,
    };
    await trx.insertInto('volume_types').values(row).execute();
    const specs = Object.entries(type.extraSpecs);
    if (specs.length > 0) {
      await trx
        .insertInto('volume_type_extra_specs')
        .values(specs.map(([key, value]) => ({ owner_id: row.id, key, value })))
        .execute();
    }
    return row;
  });
}

/**
 * PUT /types/{id}: a new name (not empty, not another type's), description or visibility.
 * Quotas kept per type name (`volumes_<name>`) stay under the old name.
 */
export async function updateVolumeType(
  deps: BlockStorageDeps,
  id: string,
  changes: VolumeTypeChanges,
): Promise<VolumeTypeRow> {
  const { name, description, isPublic } = changes;
  if (name && name.trim().length === 0) throw new BadRequest('Volume type name can not be empty.');
  if ((name ?? null) === null && (description ?? null) === null && isPublic === undefined) {
    throw new BadRequest('Specify volume type name, description, is_public or a combination thereof.');
  }
  return deps.db.transaction().execute(async (trx) => {
    const current = await typeRow(trx, id);
    if (name && (await nameTaken(trx, name, id))) throw typeExists(name);
    const set = {
      ...(name ? { name } : {}),
      ...(description !== undefined && description !== null ? { description } : {}),
      ...(isPublic !== undefined ? { is_public: isPublic ? 1 : 0 } : {}),
      updated_at: deps.now().toISOString(),
    };
    await trx.updateTable('volume_types').set(set).where('id', '=', id).execute();
    return { ...current, ...set };
  });
}

/**
 * DELETE /types/{id}: refused (400) for a default type (a project's or the configured one), for
 * the last type, and for a type volumes still use; its extra specs and access go with it.
 */
export async function deleteVolumeType(deps: BlockStorageDeps, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await typeRow(trx, id);
    const defaultFor = await trx
      .selectFrom('default_volume_types')
      .select('project_id')
      .where('volume_type_id', '=', id)
      .executeTakeFirst();
    const configured = await defaultVolumeType(trx, deps.settings, null);
    if (defaultFor || configured?.id === id) {
      throw new BadRequest(`The volume type ${id} is a default volume type and cannot be deleted.`);
    }
    const count = await trx
      .selectFrom('volume_types')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count.count) <= 1) {
      throw new BadRequest(
        `The volume type ${id} is the only currently defined volume type and cannot be deleted.`,
      );
    }
    const used = await trx
      .selectFrom('volumes')
      .select('id')
      .where('volume_type_id', '=', id)
      .executeTakeFirst();
    if (used) throw new BadRequest('Target volume type is still in use.');
    await trx.deleteFrom('volume_type_extra_specs').where('owner_id', '=', id).execute();
    await trx.deleteFrom('volume_type_projects').where('volume_type_id', '=', id).execute();
    await trx.deleteFrom('volume_types').where('id', '=', id).execute();
  });
}
