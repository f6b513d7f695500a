import type { Microversion } from '../../../common/http/microversion.js';
import type { BackupRecord } from '../../backup/backup-records.js';
import { cinderTime, type LinkBase } from './volumes.js';

/** What the caller sees of backups, decided once per request. */
export interface BackupViewOptions {
  version: Microversion;
  links: LinkBase;
  /** `backup:backup_project_attribute` allows the owner's project (3.18) and user (3.56). */
  ownerAttributes: boolean;
}

/** `self` and `bookmark` links of a backup, as Cinder's view builder makes them. */
export function backupLinks(links: LinkBase, id: string): Array<{ rel: string; href: string }> {
  const project = links.urlProject ? `/${links.urlProject}` : '';
  return [
    { rel: 'self', href: `${links.baseUrl}/v3${project}/backups/${id}` },
    { rel: 'bookmark', href: `${links.baseUrl}${project}/backups/${id}` },
  ];
}

/** Cinder's summary of a backup (cinder/api/views/backups.py). */
export function backupSummary(backup: { id: string; name: string | null }, links: LinkBase) {
  return { id: backup.id, name: backup.name, links: backupLinks(links, backup.id) };
}

/** The detailed view at the request's microversion (cinder/api/v3/views/backups.py and the v3 controller). */
export function backupDetail(backup: BackupRecord, { version, links, ownerAttributes }: BackupViewOptions) {
  const view: Record<string, unknown> = {
    id: backup.id,
    status: backup.status,
    size: backup.size,
    object_count: backup.object_count,
    availability_zone: backup.availability_zone,
    container: backup.container,
    created_at: cinderTime(backup.created_at),
    updated_at: cinderTime(backup.updated_at),
    name: backup.name,
    description: backup.description,
    fail_reason: backup.fail_reason,
    volume_id: backup.volume_id,
    links: backupLinks(links, backup.id),
    is_incremental: backup.is_incremental === 1,
    has_dependent_backups: backup.hasDependentBackups,
    snapshot_id: backup.snapshot_id,
    data_timestamp: cinderTime(backup.data_timestamp),
  };
  if (version.atLeast('3.43')) view.metadata = backup.metadata;
  if (ownerAttributes && version.atLeast('3.18'))
    view['os-backup-project-attr:project_id'] = backup.project_id;
  if (ownerAttributes && version.atLeast('3.56')) view.user_id = backup.user_id;
  return view;
}
