import { BadRequest, NotFound } from '../../common/http/errors.js';
import { keyValuesOf, putKeyValues } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';

/** The extra specs any user may read (cinder/policies/type_extra_specs.py). */
export const USER_VISIBLE_EXTRA_SPECS = ['RESKEY:availability_zones', 'multiattach', 'replication_enabled'];

/** Cinder's VolumeTypeExtraSpecsNotFound. */
export class VolumeTypeExtraSpecsNotFound extends NotFound {
  constructor(typeId: string, key: string) {
    super(`Volume Type ${typeId} has no extra specs with key ${key}.`);
  }
}

/** The specs a caller reads: all with `read_sensitive`, else only the user-visible ones. */
export function visibleSpecs(specs: Record<string, string>, readSensitive: boolean): Record<string, string> {
  if (readSensitive) return specs;
  return Object.fromEntries(Object.entries(specs).filter(([key]) => USER_VISIBLE_EXTRA_SPECS.includes(key)));
}

/** Extra specs change only while no volume has the type (Cinder's `_allow_update`). */
async function refuseWhileInUse(deps: BlockStorageDeps, typeId: string): Promise<void> {
  const used = await deps.db
    .selectFrom('volumes')
    .select('id')
    .where('volume_type_id', '=', typeId)
    .executeTakeFirst();
  if (used) throw new BadRequest('Volume Type is currently in use.');
}

/** `cacheable` and `multiattach` exclude each other (Cinder's `_check_cacheable`). */
function checkCacheable(current: Record<string, string>, given: Record<string, string>): void {
  const yes = '<is> True';
  const merged = { ...current, ...given };
  const touched = given.cacheable === yes || given.multiattach === yes;
  if (touched && merged.cacheable === yes && merged.multiattach === yes) {
    throw new BadRequest('cacheable cannot be set with multiattach.');
  }
}

/** POST /types/{id}/extra_specs and PUT /types/{id}/extra_specs/{key}: sets the given specs. */
export async function setExtraSpecs(
  deps: BlockStorageDeps,
  typeId: string,
  specs: Record<string, string>,
): Promise<void> {
  await refuseWhileInUse(deps, typeId);
  const current = await keyValuesOf(deps.db, 'volume_type_extra_specs', typeId);
  checkCacheable(current, specs);
  await deps.db.transaction().execute(async (trx) => {
    await putKeyValues(trx, 'volume_type_extra_specs', typeId, specs);
    await trx
      .updateTable('volume_types')
      .set({ updated_at: deps.now().toISOString() })
      .where('id', '=', typeId)
      .execute();
  });
}

/** DELETE /types/{id}/extra_specs/{key}: 404 when the type has no such spec. */
export async function deleteExtraSpec(deps: BlockStorageDeps, typeId: string, key: string): Promise<void> {
  await refuseWhileInUse(deps, typeId);
  const result = await deps.db
    .deleteFrom('volume_type_extra_specs')
    .where('owner_id', '=', typeId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new VolumeTypeExtraSpecsNotFound(typeId, key);
}
