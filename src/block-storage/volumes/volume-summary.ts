import type { BlockStorageDb } from './volume-records.js';

export interface VolumeSummary {
  total_count: number;
  total_size: number;
  /** Every metadata key of the volumes, with its distinct values. */
  metadata: Record<string, string[]>;
}

/** Cinder's `get_volume_summary`: count and total size of a project's volumes (or all), and their metadata. */
export async function volumeSummaryOf(db: BlockStorageDb, projectId: string | null): Promise<VolumeSummary> {
  let totals = db
    .selectFrom('volumes')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.sum<number | string | null>('size').as('size'),
    ]);
  if (projectId !== null) totals = totals.where('project_id', '=', projectId);
  const { count, size } = await totals.executeTakeFirstOrThrow();
  let pairs = db
    .selectFrom('volume_metadata')
    .innerJoin('volumes', 'volumes.id', 'volume_metadata.owner_id')
    .select(['volume_metadata.key', 'volume_metadata.value'])
    .distinct()
    .orderBy('volume_metadata.key')
    .orderBy('volume_metadata.value');
  if (projectId !== null) pairs = pairs.where('volumes.project_id', '=', projectId);
  const metadata: Record<string, string[]> = {};
  for (const { key, value } of await pairs.execute()) (metadata[key] ??= []).push(value);
  return { total_count: Number(count), total_size: Number(size ?? 0), metadata };
}
