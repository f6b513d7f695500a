/** Cinder v3's wire shapes, as far as compute reads them (field names as Cinder sends them). */

/** One attachment of a volume in its `attachments` list. */
export interface CinderVolumeAttachmentSummary {
  id: string;
  attachment_id: string;
  volume_id: string;
  server_id: string | null;
  host_name: string | null;
  device: string | null;
  attached_at: string | null;
}

/** A volume as `GET /v3/{project_id}/volumes/{id}` shows it (3.48: with `shared_targets`). */
export interface CinderVolume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  availability_zone: string | null;
  /** Cinder's text `"true"` or `"false"`. */
  bootable: string;
  multiattach: boolean;
  attachments: CinderVolumeAttachmentSummary[];
  volume_type: string | null;
  snapshot_id: string | null;
  source_volid: string | null;
  metadata: Record<string, string>;
  /** The properties of the image the volume was made from, when it was. */
  volume_image_metadata?: Record<string, string>;
  shared_targets?: boolean;
  service_uuid?: string | null;
  [field: string]: unknown;
}

/**
 * An attachment record (`/v3/{project_id}/attachments`, 3.27+). Its `connection_info` is
 * Cinder's flattened form: the driver's `data` keys side by side with `driver_volume_type` (and
 * the attachment's id), empty until a connector was given.
 */
export interface CinderAttachment {
  id: string;
  status: string;
  instance: string | null;
  volume_id: string;
  attach_mode: string | null;
  attached_at: string | null;
  detached_at: string | null;
  connection_info: Record<string, unknown> | null;
}

/** What a new volume is made of (Nova's `volume_api.create`). */
export interface NewVolume {
  /** GiB. */
  size: number;
  name?: string;
  description?: string;
  imageRef?: string | null;
  snapshotId?: string | null;
  volumeType?: string | null;
  availabilityZone?: string | null;
  metadata?: Record<string, string>;
}

/**
 * The host connector os-brick describes a compute host with, as Cinder takes it in an attachment
 * (`mountpoint` travels in it, for want of a field of its own in the attachments API).
 */
export interface HostConnector {
  ip: string;
  host: string;
  initiator: string;
  multipath: boolean;
  platform: string;
  os_type: string;
  do_local_attach: boolean;
  mountpoint?: string;
}

/** Nova's connection info (`driver_volume_type` and the nested `data`), out of Cinder's flattened one. */
export interface ConnectionInfo {
  driver_volume_type: string;
  data: Record<string, unknown>;
}
