import type { Selectable } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import type { VolumeTypeTable } from '../db/schema.js';
import { isUuidLike } from './request-validation.js';
import type { BlockStorageDb } from './volume-records.js';

export type VolumeTypeRow = Selectable<VolumeTypeTable>;

/** Who looks: admins see every type, others the public ones and those shared with their project. */
export interface TypeViewer {
  isAdmin: boolean;
  projectId: string | null;
}

async function visibleType(
  db: BlockStorageDb,
  viewer: TypeViewer,
  column: 'id' | 'name',
  value: string,
): Promise<VolumeTypeRow | undefined> {
  let query = db.selectFrom('volume_types').selectAll('volume_types').where(column, '=', value);
  if (!viewer.isAdmin) {
    query = query.where((eb) =>
      eb.or([
        eb('is_public', '=', 1),
        eb.exists(
          eb
            .selectFrom('volume_type_projects')
            .select('volume_type_projects.project_id')
            .whereRef('volume_type_projects.volume_type_id', '=', 'volume_types.id')
            .where('volume_type_projects.project_id', '=', viewer.projectId ?? ''),
        ),
      ]),
    );
  }
  return query.executeTakeFirst();
}

/**
 * Cinder's `volume_types.get_by_name_or_id`: a uuid-like identity is an id, then a name; any
 * other is a name. A type the caller may not see is not found, with Cinder's two messages.
 */
export async function findVolumeType(
  db: BlockStorageDb,
  viewer: TypeViewer,
  identity: string,
): Promise<VolumeTypeRow> {
  if (isUuidLike(identity)) {
    const type =
      (await visibleType(db, viewer, 'id', identity)) ?? (await visibleType(db, viewer, 'name', identity));
    if (!type) throw new NotFound(`Volume type ${identity} could not be found.`);
    return type;
  }
  const type = await visibleType(db, viewer, 'name', identity);
  if (!type) throw new NotFound(`Volume type with name ${identity} could not be found.`);
  return type;
}

/** Whether a type makes multiattach volumes (`multiattach="<is> True"`, as Cinder compares it). */
export function isMultiattachType(extraSpecs: Record<string, string>): boolean {
  return extraSpecs.multiattach === '<is> True';
}
