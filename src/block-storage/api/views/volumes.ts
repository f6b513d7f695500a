import type { Microversion } from '../../../common/http/microversion.js';
import type { AttachmentRow, VolumeRecord } from '../../volumes/volume-records.js';

/** Where a view's links point: the service's base URL and the project in the request's URL, if any. */
export interface LinkBase {
  baseUrl: string;
  /** The project id when the request's URL had one (`/v3/{project_id}/...`); links then keep it. */
  urlProject: string | null;
}

/** What the caller may see of a volume, decided once per request. */
export interface VolumeViewOptions {
  version: Microversion;
  isAdmin: boolean;
  links: LinkBase;
}

/** The extension attributes Cinder adds to show and detail when their policies allow. */
export interface VolumeExtensions {
  tenant: boolean;
  host: boolean;
  migration: boolean;
  imageMetadata: boolean;
}

/** Cinder's admin metadata keys that its views merge into the user metadata. */
const VISIBLE_ADMIN_METADATA = ['readonly', 'attached_mode'];

/** The statuses of volume management shown as the ones users know (Cinder's `_get_volume_status`). */
const SHOWN_STATUS: Record<string, string> = {
  managing: 'creating',
  error_managing: 'error',
  error_managing_deleting: 'deleting',
};

/** A stored ISO time as Cinder's JSON writes a datetime: `2022-09-01T10:00:00.000000`. */
export function cinderTime(iso: string): string;
export function cinderTime(iso: string | null): string | null;
export function cinderTime(iso: string | null): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19)}.${String(date.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
}

/** `self` and `bookmark` links of a volume, as Cinder's view builder makes them. */
export function volumeLinks(links: LinkBase, id: string): Array<{ rel: string; href: string }> {
  const project = links.urlProject ? `/${links.urlProject}` : '';
  return [
    { rel: 'self', href: `${links.baseUrl}/v3${project}/volumes/${id}` },
    { rel: 'bookmark', href: `${links.baseUrl}${project}/volumes/${id}` },
  ];
}

export function volumeSummary(volume: VolumeRecord, links: LinkBase) {
  return { id: volume.id, name: volume.name, links: volumeLinks(links, volume.id) };
}

function attachmentView(attachment: AttachmentRow, isAdmin: boolean) {
  return {
    id: attachment.volume_id,
    attachment_id: attachment.id,
    volume_id: attachment.volume_id,
    server_id: attachment.instance_uuid,
    // Only admins learn which compute host a volume is attached to.
    host_name: isAdmin ? attachment.attached_host : null,
    device: attachment.mountpoint,
    attached_at: cinderTime(attachment.attach_time),
  };
}

/** The volume's metadata with the admin metadata users may see written over it. */
function shownMetadata(volume: VolumeRecord): Record<string, string> {
  const shown = { ...volume.metadata };
  for (const key of VISIBLE_ADMIN_METADATA) {
    if (key in volume.adminMetadata) shown[key] = volume.adminMetadata[key];
  }
  return shown;
}

/** Cinder's detailed view of a volume at the request's microversion (cinder/api/v3/views/volumes.py). */
export function volumeDetail(volume: VolumeRecord, { version, isAdmin, links }: VolumeViewOptions) {
  const view: Record<string, unknown> = {
    id: volume.id,
    status: SHOWN_STATUS[volume.status] ?? volume.status,
    size: volume.size,
    availability_zone: volume.availability_zone,
    created_at: cinderTime(volume.created_at),
    updated_at: cinderTime(volume.updated_at),
    name: volume.name,
    description: volume.description,
    // Before 3.63 a type that is gone shows as its id; from 3.63 the id has its own field.
    volume_type: version.atLeast('3.63')
      ? volume.volumeTypeName
      : (volume.volumeTypeName ?? volume.volume_type_id),
    snapshot_id: volume.snapshot_id,
    source_volid: volume.source_volid,
    metadata: shownMetadata(volume),
    links: volumeLinks(links, volume.id),
    user_id: volume.user_id,
    bootable: volume.bootable ? 'true' : 'false',
    encrypted: false,
    replication_status: 'disabled',
    consistencygroup_id: null,
    multiattach: volume.multiattach === 1,
    attachments: volume.attachments.map((attachment) => attachmentView(attachment, isAdmin)),
  };
  if (isAdmin) view.migration_status = volume.migration_status;
  if (version.atLeast('3.13')) view.group_id = null;
  if (isAdmin && version.atLeast('3.21')) view.provider_id = null;
  if (version.atLeast('3.48')) {
    // The backends here export each volume on its own target.
    view.shared_targets = false;
    view.service_uuid = null;
  }
  if (isAdmin && version.atLeast('3.61')) view.cluster_name = null;
  if (version.atLeast('3.63')) view.volume_type_id = volume.volume_type_id;
  if (version.atLeast('3.65')) view.consumes_quota = true;
  return view;
}

/** The detailed view with the attributes of Cinder's volume extensions, for show and detail lists. */
export function extendedVolumeDetail(
  volume: VolumeRecord,
  options: VolumeViewOptions,
  extensions: VolumeExtensions,
): Record<string, unknown> {
  const view = volumeDetail(volume, options);
  if (extensions.tenant) view['os-vol-tenant-attr:tenant_id'] = volume.project_id;
  if (extensions.host) view['os-vol-host-attr:host'] = volume.host;
  if (extensions.migration) {
    view['os-vol-mig-status-attr:migstat'] = volume.migration_status;
    view['os-vol-mig-status-attr:name_id'] = null;
  }
  if (extensions.imageMetadata && Object.keys(volume.imageMetadata).length > 0) {
    view.volume_image_metadata = { ...volume.imageMetadata };
  }
  return view;
}
