import type { Kysely } from 'kysely';
import type { BlockStorageSchema } from '../db/schema.js';

/** What a project (or all of them) holds on a backend, Cinder's os-hosts figures. */
export interface HostUsage {
  project: string;
  volumeCount: number;
  totalVolumeGb: number;
  snapshotCount: number;
  totalSnapshotGb: number;
}

/** A volume host (`host@backend#pool`) on the backend `host@backend`. */
function onBackend(volumeHost: string | null, backendHost: string): boolean {
  return volumeHost === backendHost || (volumeHost?.startsWith(`${backendHost}#`) ?? false);
}

/**
 * The volumes and snapshots on the backend `backendHost` (`host@backend`), by project, sizes in
 * GiB (a snapshot counts its volume's size when taken), projects in the order first seen.
 */
export async function backendUsage(
  db: Kysely<BlockStorageSchema>,
  backendHost: string,
): Promise<HostUsage[]> {
  const volumes = (
    await db
      .selectFrom('volumes')
      .select(['id', 'project_id', 'size', 'host'])
      .orderBy('created_at')
      .execute()
  ).filter((volume) => onBackend(volume.host, backendHost));
  const onIt = new Set(volumes.map((volume) => volume.id));
  const snapshots = (
    await db.selectFrom('snapshots').select(['project_id', 'volume_id', 'volume_size']).execute()
  ).filter((snapshot) => onIt.has(snapshot.volume_id));
  const byProject = new Map<string, HostUsage>();
  const usageOf = (project: string) => {
    let usage = byProject.get(project);
    if (!usage) {
      usage = { project, volumeCount: 0, totalVolumeGb: 0, snapshotCount: 0, totalSnapshotGb: 0 };
      byProject.set(project, usage);
    }
    return usage;
  };
  for (const volume of volumes) {
    const usage = usageOf(volume.project_id);
    usage.volumeCount += 1;
    usage.totalVolumeGb += volume.size;
  }
  for (const snapshot of snapshots) {
    const usage = usageOf(snapshot.project_id);
    usage.snapshotCount += 1;
    usage.totalSnapshotGb += snapshot.volume_size;
  }
  return [...byProject.values()];
}
