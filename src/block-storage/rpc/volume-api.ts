import type { ConnectionInfo, Connector } from '../drivers/volume-driver.js';
import type { VolumeRpcContext } from './context.js';

/** A local file holding a volume's content, and its format (`raw`, `qcow2`). */
export interface ContentPath {
  path: string;
  format: string;
}

/** A backend as the scheduler weighs it: its capacity and what it offers. */
export interface BackendReport {
  /** `host@backend`. */
  backendHost: string;
  /** The backend's `volume_backend_name`, matched against a type's extra spec of that name. */
  volumeBackendName: string;
  pool: string;
  availabilityZone: string;
  totalGb: number;
  freeGb: number;
  provisionedGb: number;
  thinProvisioning: boolean;
  /** Cinder's `max_over_subscription_ratio` for thin backends. */
  maxOverSubscriptionRatio: number;
  /** How compute hosts reach its volumes (Cinder's `storage_protocol`). */
  storageProtocol: string;
  vendorName: string;
  driverVersion: string;
}

interface Args {
  context: VolumeRpcContext;
}

/**
 * What a volume service does for the API and the scheduler (Cinder's VolumeAPI rpcapi). Casts
 * change a resource's status when they finish (available, or error with the volume's previous
 * status kept); calls return a value.
 */
export interface VolumeMethods {
  /** Its capacity now, for the scheduler (Cinder's periodic capability report, asked for). */
  get_capacity(args: Record<string, never>): Promise<BackendReport>;
  /** Makes the volume's storage: empty, or from its snapshot, source volume or image. */
  create_volume(args: Args & { volumeId: string; imageId: string | null }): void;
  /** Removes the volume; with `cascade`, its snapshots first (the API marked them `deleting`). */
  delete_volume(args: Args & { volumeId: string; cascade?: boolean }): void;
  create_snapshot(args: Args & { snapshotId: string }): void;
  delete_snapshot(args: Args & { snapshotId: string }): void;
  /** Grows the volume to `newSize` GiB; an attached volume's servers are told (`volume-extended`). */
  extend_volume(args: Args & { volumeId: string; newSize: number }): void;
  /** Uploads the volume's content to the image `imageId` (already created, queued) in `diskFormat`. */
  copy_volume_to_image(args: Args & { volumeId: string; imageId: string; diskFormat: string }): void;
  /** Exports the volume to the connector's host; the connection info goes to the attachment. */
  initialize_connection(args: { volumeId: string; connector: Connector }): Promise<ConnectionInfo>;
  terminate_connection(args: { volumeId: string; connector: Connector }): void;
  /**
   * For the backup service on this host: a local path and format of the volume's content, or of
   * the snapshot's through a temporary volume made from it (dropped by `release_backup_source`).
   */
  backup_source(args: {
    volumeId: string;
    snapshotId: string | null;
    backupId: string;
  }): Promise<ContentPath>;
  release_backup_source(args: { snapshotId: string | null; backupId: string }): Promise<void>;
  /** For a restore: writes the local image `path` (in `format`) onto the volume from its first byte. */
  restore_volume_content(args: { volumeId: string; path: string; format: string }): Promise<void>;
}

/** What the scheduler does (Cinder's SchedulerAPI): places a new volume on a backend. */
export interface SchedulerMethods {
  create_volume(args: Args & { volumeId: string; imageId: string | null }): void;
  /** The backends it could place volumes on now (enabled, up, reporting), one pool each. */
  get_pools(args: Record<string, never>): Promise<BackendReport[]>;
}
