import type { Selectable } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import type { VolumeTypeTable } from '../db/schema.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';

export type VolumeTypeRow = Selectable<VolumeTypeTable>;

/** A volume type with its extra specs, as the views show it. */
export interface VolumeTypeRecord extends VolumeTypeRow {
  extraSpecs: Record<string, string>;
}

/** Cinder's VolumeTypeNotFound. */
export class VolumeTypeNotFound extends NotFound {
  constructor(id: string) {
    super(`Volume type ${id} could not be found.`);
  }
}

/** The extra specs of some types, by type id (an empty dict for those without). */
export async function extraSpecsByType(
  db: BlockStorageDb,
  ids: string[],
): Promise<Map<string, Record<string, string>>> {
  const byId = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
  if (ids.length === 0) return byId;
  const rows = await db
    .selectFrom('volume_type_extra_specs')
    .select(['owner_id', 'key', 'value'])
    .where('owner_id', 'in', ids)
    .orderBy('key')
    .execute();
  for (const row of rows) byId.get(row.owner_id)![row.key] = row.value;
  return byId;
}

/** Type rows with their extra specs, in the same order. */
export async function withExtraSpecs(db: BlockStorageDb, rows: VolumeTypeRow[]): Promise<VolumeTypeRecord[]> {
  const specs = await extraSpecsByType(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, extraSpecs: specs.get(row.id)! }));
}
