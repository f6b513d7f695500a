/** A volume as a driver needs it. */
export interface VolumeRef {
  id: string;
  sizeGb: number;
}

/** A snapshot as a driver needs it: which volume it was taken of, and that volume's size then. */
export interface SnapshotRef {
  id: string;
  volumeId: string;
  volumeSizeGb: number;
}

/** os-brick's connector as Nova sends it (Cinder's `connector` dict). */
export interface Connector {
  host: string;
  ip: string;
  initiator?: string;
  [key: string]: unknown;
}

/**
 * Cinder's `connection_info`: what the compute host needs to open the volume. Two types here:
 * `local` (`data: {device_path, format}`, the volume is a file or device on the compute host itself)
 * and `nbd` (`data: {host, port, name, format}`, an NBD export; `format` is always `raw`, the
 * export serves the guest's view of the bytes whatever the file's format).
 */
export interface ConnectionInfo {
  driver_volume_type: string;
  data: Record<string, unknown>;
}

/** What a backend reports to the scheduler, in GiB (Cinder's `*_capacity_gb`). */
export interface BackendCapacity {
  totalGb: number;
  freeGb: number;
  /** The sum of the virtual sizes of the volumes and snapshots the backend holds. */
  provisionedGb: number;
  thinProvisioning: boolean;
}

/** The kinds of volume driver, as `block_storage.backends.<name>.driver` names them. */
export type VolumeDriverKind = 'fake' | 'file' | 'lvm';

/**
 * One storage backend of the volume service (Cinder's `VolumeDriver`). Every operation on one
 * volume or snapshot is called by the volume manager one at a time for that id; different ids run
 * concurrently. Failures are `VolumeDriverError`s (errors.ts) or the failed command's own error.
 */
export interface VolumeDriver {
  readonly kind: VolumeDriverKind;
  /**
   * Checks the tools the backend needs and makes its folder (or thin pool); throws
   * `BackendNotReady` naming what is missing. Idempotent.
   */
  init(): Promise<void>;
  /** Honest figures: the file system under the folder (file), the volume group or thin pool (lvm). */
  capacity(): Promise<BackendCapacity>;
  /** An empty volume (reads as zeroes). Throws `AlreadyOnBackend` if the id is taken. */
  createVolume(volume: VolumeRef): Promise<void>;
  /** A volume with the snapshot's content; `volume` may be larger than the snapshot: the rest reads as zeroes. */
  createVolumeFromSnapshot(volume: VolumeRef, snapshot: SnapshotRef): Promise<void>;
  /** A volume with `source`'s content at this moment; `volume` may be larger. */
  createClonedVolume(volume: VolumeRef, source: VolumeRef): Promise<void>;
  /**
   * Writes an image (a local file in `format`: raw, qcow2, vmdk...; converted with qemu-img) onto
   * the existing volume from its first byte; the volume may be larger (the rest keeps its content).
   * Throws `ImageUnacceptable` for an image that does not fit, names a backing file or is not in `format`.
   */
  copyImageToVolume(volume: VolumeRef, imagePath: string, format: string): Promise<void>;
  /** Writes the volume's whole content to `destPath` in `format` (raw or qcow2), for upload to the image service. */
  copyVolumeToImage(volume: VolumeRef, destPath: string, format: string): Promise<void>;
  /**
   * Grows the volume to `newSizeGb` (never shrinks: `InvalidNewSize`; the same size changes
   * nothing). `attached`: a guest has it open; the compute host then resizes its view by QMP
   * `block_resize`, which for a qcow2 file is also what grows the file (the guest's lock keeps
   * everyone else out of it). An NBD export keeps serving the old size until it is started again.
   */
  extendVolume(volume: VolumeRef, newSizeGb: number, attached: boolean): Promise<void>;
  /** Removes the volume and wipes what could leak to the next one; nothing to do if it is gone. */
  deleteVolume(volume: VolumeRef): Promise<void>;
  /** A point-in-time copy of the volume (consistent when no guest writes to it meanwhile). */
  createSnapshot(snapshot: SnapshotRef): Promise<void>;
  /** Nothing to do if it is gone; volumes made from it keep their content. */
  deleteSnapshot(snapshot: SnapshotRef): Promise<void>;
  /**
   * Exports the volume to the host of the connector: on the backend's own host `local` (a path);
   * on another, an NBD export (one per volume, shared by every host it is initialised for).
   */
  initializeConnection(volume: VolumeRef, connector: Connector): Promise<ConnectionInfo>;
  /**
   * Ends what `initializeConnection` started for this connector's host; nothing to do if none.
   * `volume.sizeGb` is the volume's size now: growth deferred while it was held happens here.
   */
  terminateConnection(volume: VolumeRef, connector: Connector): Promise<void>;
  /**
   * A readable local path and format of the volume's current content, for backups. The volume may
   * be attached: read it with `qemu-img -U` (force-share).
   */
  contentPath(volume: VolumeRef): Promise<{ path: string; format: string }>;
  /** Stops the NBD exports and anything else the driver runs. */
  close(): Promise<void>;
}
