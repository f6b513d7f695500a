/**
 * The block storage service's tables, after Cinder's models: a row per volume, snapshot, backup,
 * attachment, transfer, type and QoS spec, with key/value tables for their metadata. Times are
 * ISO 8601 text; booleans are 0/1 integers (both engines read them alike). Rows are deleted for
 * real: the API never shows deleted resources, so Cinder's soft delete buys nothing here.
 */

export interface VolumeTable {
  id: string;
  project_id: string;
  user_id: string;
  name: string | null;
  description: string | null;
  /** GiB. */
  size: number;
  /** creating, available, reserved, attaching, in-use, detaching, deleting, error, ... */
  status: string;
  /** `detached` or `attached`. */
  attach_status: string;
  /** The status a volume goes back to when an action on it fails (Cinder's previous_status). */
  previous_status: string | null;
  availability_zone: string;
  volume_type_id: string;
  snapshot_id: string | null;
  source_volid: string | null;
  /** The backend that holds it, `host@backend#pool`; null until the scheduler chose one. */
  host: string | null;
  bootable: number;
  multiattach: number;
  migration_status: string | null;
  created_at: string;
  updated_at: string | null;
  launched_at: string | null;
}

/** Key/value rows of one owner (`volume_metadata`, `snapshot_metadata`, ...). */
export interface MetadataTable {
  owner_id: string;
  key: string;
  value: string;
}

export interface VolumeTypeTable {
  id: string;
  name: string;
  description: string | null;
  is_public: number;
  qos_specs_id: string | null;
  created_at: string;
  updated_at: string | null;
}

/** The projects a private volume type is shared with. */
export interface VolumeTypeProjectTable {
  volume_type_id: string;
  project_id: string;
}

export interface QosSpecsTable {
  id: string;
  name: string;
  /** `back-end`, `front-end` or `both`. */
  consumer: string;
  created_at: string;
  updated_at: string | null;
}

export interface SnapshotTable {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  name: string | null;
  description: string | null;
  /** creating, available, deleting, error, error_deleting, backing-up, restoring... */
  status: string;
  progress: string;
  /** The size of the volume when the snapshot was taken, GiB. */
  volume_size: number;
  created_at: string;
  updated_at: string | null;
}

export interface VolumeAttachmentTable {
  id: string;
  volume_id: string;
  instance_uuid: string | null;
  /** The compute host the volume is exported to, from the connector. */
  attached_host: string | null;
  mountpoint: string | null;
  /** `rw` or `ro`. */
  attach_mode: string;
  /** reserved, attaching, attached, detached, error_attaching, error_detaching. */
  attach_status: string;
  /** JSON of the connector Nova sent; null while only reserved. */
  connector: string | null;
  /** JSON of the connection info the backend gave for that connector. */
  connection_info: string | null;
  attach_time: string | null;
  detach_time: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface BackupTable {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  snapshot_id: string | null;
  name: string | null;
  description: string | null;
  /** creating, available, deleting, error, error_deleting, restoring. */
  status: string;
  fail_reason: string | null;
  /** GiB: the size of the volume backed up. */
  size: number;
  availability_zone: string | null;
  /** Where the backup's data lives (a container or a folder name). */
  container: string | null;
  parent_id: string | null;
  is_incremental: number;
  object_count: number;
  data_timestamp: string;
  /** The backup service host holding the data; null until one took it. */
  host: string | null;
  /** The name of the data in that service's store (Cinder's `service_metadata`). */
  service_metadata: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface TransferTable {
  id: string;
  volume_id: string;
  name: string | null;
  source_project_id: string;
  destination_project_id: string | null;
  /** The auth key is shown once; only its salted hash is kept. */
  salt: string;
  crypt_hash: string;
  accepted: number;
  no_snapshots: number;
  created_at: string;
}

export interface QuotaTable {
  project_id: string;
  resource: string;
  hard_limit: number;
}

/** A quota class's limits; the `default` class overrides the configured defaults. */
export interface QuotaClassTable {
  class_name: string;
  resource: string;
  hard_limit: number;
}

/** The scheduler and volume services, as os-services lists them. */
export interface ServiceTable {
  host: string;
  /** `cinder-scheduler`, `cinder-volume`, `cinder-backup`. */
  binary: string;
  availability_zone: string;
  disabled: number;
  disabled_reason: string | null;
  /** The last heartbeat; os-services says `down` when it is older than service_down_time. */
  heartbeat_at: string;
  created_at: string;
  updated_at: string | null;
}

/** A project's own default volume type (Cinder's default_volume_types, 3.62). */
export interface DefaultVolumeTypeTable {
  project_id: string;
  volume_type_id: string;
  created_at: string;
}

/** A user message (Cinder's messages table): what went wrong with a resource, kept for a while. */
export interface MessageTable {
  id: string;
  project_id: string;
  /** The API request that started the work that failed. */
  request_id: string;
  /** VOLUME, VOLUME_SNAPSHOT, VOLUME_BACKUP. */
  resource_type: string;
  resource_uuid: string | null;
  /** `VOLUME_<resource type>_<action id>_<detail id>`. */
  event_id: string;
  /** ERROR (the only level Cinder writes). */
  message_level: string;
  action_id: string;
  detail_id: string;
  created_at: string;
  /** Shown until then (`guaranteed_until`), `message_ttl` after it was written. */
  expires_at: string;
}

export interface BlockStorageSchema {
  volumes: VolumeTable;
  volume_metadata: MetadataTable;
  /** Cinder's admin metadata: `readonly`, `attached_mode`. */
  volume_admin_metadata: MetadataTable;
  /** The image properties a volume made from an image carries (`volume_image_metadata`). */
  volume_glance_metadata: MetadataTable;
  volume_types: VolumeTypeTable;
  volume_type_extra_specs: MetadataTable;
  volume_type_projects: VolumeTypeProjectTable;
  default_volume_types: DefaultVolumeTypeTable;
  qos_specs: QosSpecsTable;
  qos_specs_values: MetadataTable;
  snapshots: SnapshotTable;
  snapshot_metadata: MetadataTable;
  volume_attachments: VolumeAttachmentTable;
  backups: BackupTable;
  backup_metadata: MetadataTable;
  transfers: TransferTable;
  quotas: QuotaTable;
  quota_classes: QuotaClassTable;
  services: ServiceTable;
  messages: MessageTable;
}

/** The key/value tables, by name. */
export const METADATA_TABLES = [
  'volume_metadata',
  'volume_admin_metadata',
  'volume_glance_metadata',
  'volume_type_extra_specs',
  'qos_specs_values',
  'snapshot_metadata',
  'backup_metadata',
] as const;
