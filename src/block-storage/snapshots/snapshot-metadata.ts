import { ApiError, BadRequest, NotFound } from '../../common/http/errors.js';
import { keyValuesOf, putKeyValues } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';

/** Cinder's SnapshotMetadataNotFound. */
export class SnapshotMetadataNotFound extends NotFound {
  constructor(snapshotId: string, key: string) {
    super(`Snapshot ${snapshotId} has no metadata with key ${key}.`);
  }
}

/** `strutils.check_string_length` as Cinder words its failure inside InvalidVolumeMetadata. */
function lengthProblem(value: unknown, name: string, minLength: number): string | undefined {
  if (typeof value !== 'string') return `${name} is not a string or unicode`;
  if ([...value].length < minLength)
    return `${name} has ${[...value].length} characters, less than ${minLength}.`;
  return undefined;
}

/**
 * `utils.check_metadata_properties`: text keys of 1..255 characters and text values up to 255
 * (a key or value too long is a 413, as Cinder's InvalidVolumeMetadataSize).
 */
export function checkMetadata(metadata: Record<string, unknown>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    const problem =
      lengthProblem(key, `Metadata key: ${key}`, 1) ??
      lengthProblem(value, `Value for metadata key: ${key}`, 0);
    if (problem) throw new BadRequest(`Invalid metadata: Invalid input received: ${problem}`);
    if ([...key].length > 255) {
      throw new ApiError(
        413,
        `Invalid metadata size: Metadata property key ${key} greater than 255 characters.`,
      );
    }
    if ([...(value as string)].length > 255) {
      throw new ApiError(
        413,
        `Invalid metadata size: Metadata property key ${key} value greater than 255 characters.`,
      );
    }
  }
  return metadata as Record<string, string>;
}

/**
 * Cinder's `update_snapshot_metadata`: the given keys set (`replace`: the metadata becomes
 * exactly these), checked as a whole, in one transaction; answers the snapshot's metadata.
 */
export async function updateSnapshotMetadata(
  deps: BlockStorageDeps,
  snapshotId: string,
  metadata: Record<string, unknown>,
  replace: boolean,
): Promise<Record<string, string>> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await keyValuesOf(trx, 'snapshot_metadata', snapshotId);
    const wanted = checkMetadata(replace ? { ...metadata } : { ...current, ...metadata });
    await writeMetadata(trx, snapshotId, current, wanted);
    await trx
      .updateTable('snapshots')
      .set({ updated_at: deps.now().toISOString() })
      .where('id', '=', snapshotId)
      .execute();
    return wanted;
  });
}

/** Writes the difference between the current metadata and the wanted one. */
async function writeMetadata(
  db: BlockStorageDb,
  snapshotId: string,
  current: Record<string, string>,
  wanted: Record<string, string>,
): Promise<void> {
  const gone = Object.keys(current).filter((key) => !(key in wanted));
  if (gone.length > 0) {
    await db
      .deleteFrom('snapshot_metadata')
      .where('owner_id', '=', snapshotId)
      .where('key', 'in', gone)
      .execute();
  }
  const changed = Object.entries(wanted).filter(([key, value]) => current[key] !== value);
  await putKeyValues(db, 'snapshot_metadata', snapshotId, Object.fromEntries(changed));
}

/** DELETE /snapshots/{id}/metadata/{key}: 404 when the snapshot has no such key. */
export async function deleteSnapshotMetadataKey(
  deps: BlockStorageDeps,
  snapshotId: string,
  key: string,
): Promise<void> {
  const result = await deps.db
    .deleteFrom('snapshot_metadata')
    .where('owner_id', '=', snapshotId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new SnapshotMetadataNotFound(snapshotId, key);
}
