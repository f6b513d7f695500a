import type { VolumeConfig } from '../../common/config/schema.js';
import { QuotaExceeded } from '../errors.js';
import {
  BackupLimitExceeded,
  SnapshotLimitExceeded,
  VolumeBackupSizeExceedsAvailableQuota,
  VolumeLimitExceeded,
  VolumeSizeExceedsAvailableQuota,
  VolumeSizeExceedsLimit,
} from './quota-errors.js';
import { projectLimits } from './quota-limits.js';
import { TYPE_RESOURCE_PARTS, typeResource, type BlockStorageDb } from './quota-resources.js';
import { projectUsage } from './quota-usage.js';

/** What an action adds to a project: a volume is `{volumes: 1, gigabytes: size}`. */
export type QuotaDeltas = Partial<
  Record<'volumes' | 'gigabytes' | 'snapshots' | 'backups' | 'backup_gigabytes', number>
>;

export interface QuotaCheckOptions {
  /** The volume type of the volume (or of the snapshot's volume): its own quotas apply too. */
  volumeTypeId?: string;
  /**
   * The size checked against `per_volume_gigabytes` (the new size of an extended volume); by
   * default `gigabytes` when the deltas add a volume.
   */
  volumeSize?: number;
}

/** The resource an action creates, which names Cinder's error (process_reserve_over_quota). */
function createdResource(deltas: QuotaDeltas): 'volumes' | 'snapshots' | 'backups' {
  if (deltas.backups !== undefined || deltas.backup_gigabytes !== undefined) return 'backups';
  if (deltas.snapshots !== undefined) return 'snapshots';
  return 'volumes';
}

/**
 * Cinder's error for the resources the action would put over their limits (sorted by name):
 * the first that is gigabytes or the created resource names it (process_reserve_over_quota).
 */
function overQuotaError(
  deltas: QuotaDeltas,
  overs: string[],
  limits: Record<string, number>,
  usage: Record<string, number>,
): QuotaExceeded {
  const resource = createdResource(deltas);
  for (const over of overs) {
    const quota = limits[over]!;
    const consumed = usage[over] ?? 0;
    if (over.includes('gigabytes')) {
      if (resource === 'backups') {
        return new VolumeBackupSizeExceedsAvailableQuota(deltas.backup_gigabytes ?? 0, quota, consumed);
      }
      return new VolumeSizeExceedsAvailableQuota(deltas.gigabytes ?? 0, quota, consumed, over);
    }
    if (over.includes(resource)) {
      if (resource === 'volumes') return new VolumeLimitExceeded(quota, over);
      if (resource === 'snapshots') return new SnapshotLimitExceeded(quota);
      return new BackupLimitExceeded(quota);
    }
  }
  return new QuotaExceeded(`Unexpected over quota on ${overs.join(', ')}.`);
}

/** The deltas with the volume type's own resources added, as Cinder's add_volume_type_opts. */
async function withTypeResources(
  db: BlockStorageDb,
  deltas: QuotaDeltas,
  volumeTypeId: string | undefined,
): Promise<Record<string, number>> {
  const all: Record<string, number> = {};
  for (const [resource, delta] of Object.entries(deltas)) if (delta !== undefined) all[resource] = delta;
  if (volumeTypeId === undefined) return all;
  const type = await db
    .selectFrom('volume_types')
    .select('name')
    .where('id', '=', volumeTypeId)
    .executeTakeFirst();
  if (type === undefined) return all;
  for (const part of TYPE_RESOURCE_PARTS) {
    const delta = deltas[part];
    if (delta !== undefined) all[typeResource(part, type.name)] = delta;
  }
  return all;
}

/**
 * Refuses, with Cinder's 413 and message, an action that would take a project over a quota:
 * a volume larger than `per_volume_gigabytes`, or usage (counted from the project's rows) plus
 * the deltas above a limit (the project's own, else the default class's, else the configured
 * default; -1 is unlimited). Call it in the transaction that writes the new rows.
 */
export async function checkQuota(
  db: BlockStorageDb,
  settings: VolumeConfig,
  projectId: string,
  deltas: QuotaDeltas,
  options: QuotaCheckOptions = {},
): Promise<void> {
  const all = await withTypeResources(db, deltas, options.volumeTypeId);
  const resources = [...Object.keys(all), 'per_volume_gigabytes'];
  const limits = await projectLimits(db, settings, projectId, resources);
  const volumeSize = options.volumeSize ?? (deltas.volumes ? deltas.gigabytes : undefined);
  const perVolume = limits.per_volume_gigabytes!;
  if (volumeSize !== undefined && perVolume >= 0 && volumeSize > perVolume) {
    throw new VolumeSizeExceedsLimit(volumeSize, perVolume);
  }
  const usage = await projectUsage(db, projectId);
  const overs = Object.keys(all)
    .filter((resource) => {
      const limit = limits[resource]!;
      const delta = all[resource]!;
      return limit >= 0 && delta >= 0 && limit < delta + (usage[resource] ?? 0);
    })
    .sort();
  if (overs.length > 0) throw overQuotaError(deltas, overs, limits, usage);
}
