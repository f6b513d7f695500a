import type { Selectable } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import { keyValuesByOwner } from '../db/key-value-rows.js';
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

/** Type rows with their extra specs, in the same order. */
export async function withExtraSpecs(db: BlockStorageDb, rows: VolumeTypeRow[]): Promise<VolumeTypeRecord[]> {
  const specs = await keyValuesByOwner(
    db,
    'volume_type_extra_specs',
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, extraSpecs: specs.get(row.id)! }));
}
