/** Stable codes of the volume drivers' failures, for the volume manager's fault messages. */
export const VolumeDriverErrorCode = {
  VOLUME_NOT_FOUND: 'VolumeNotOnBackend',
  SNAPSHOT_NOT_FOUND: 'SnapshotNotOnBackend',
  ALREADY_EXISTS: 'AlreadyOnBackend',
  IMAGE_UNACCEPTABLE: 'ImageUnacceptable',
  INVALID_SIZE: 'InvalidNewSize',
  BACKEND_NOT_READY: 'BackendNotReady',
  EXPORT_FAILED: 'ExportFailed',
} as const;

export type VolumeDriverErrorCode = (typeof VolumeDriverErrorCode)[keyof typeof VolumeDriverErrorCode];

/** A failure of a volume driver; `code` says which. */
export class VolumeDriverError extends Error {
  constructor(
    readonly code: VolumeDriverErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = code;
  }
}

/** The backend holds no volume of this id. */
export class VolumeNotOnBackend extends VolumeDriverError {
  constructor(readonly volumeId: string) {
    super(VolumeDriverErrorCode.VOLUME_NOT_FOUND, `Volume ${volumeId} could not be found on this backend.`);
  }
}

/** The backend holds no snapshot of this id. */
export class SnapshotNotOnBackend extends VolumeDriverError {
  constructor(readonly snapshotId: string) {
    super(
      VolumeDriverErrorCode.SNAPSHOT_NOT_FOUND,
      `Snapshot ${snapshotId} could not be found on this backend.`,
    );
  }
}

/** A create names a volume or snapshot id the backend already holds: never overwritten. */
export class AlreadyOnBackend extends VolumeDriverError {
  constructor(
    readonly what: 'Volume' | 'Snapshot',
    readonly id: string,
  ) {
    super(VolumeDriverErrorCode.ALREADY_EXISTS, `${what} ${id} already exists on this backend.`);
  }
}

/** Cinder's ImageUnacceptable: "Image <id> is unacceptable: <reason>"; here the image is a local file. */
export class ImageUnacceptable extends VolumeDriverError {
  constructor(reason: string, options?: ErrorOptions) {
    super(VolumeDriverErrorCode.IMAGE_UNACCEPTABLE, `Image is unacceptable: ${reason}`, options);
  }
}

/** An extend to a size not larger than the volume's. */
export class InvalidNewSize extends VolumeDriverError {
  constructor(volumeId: string, currentGb: number, newGb: number) {
    super(
      VolumeDriverErrorCode.INVALID_SIZE,
      `Volume ${volumeId} is ${currentGb} GB; it can only grow, not to ${newGb} GB.`,
    );
  }
}

/** The host lacks a tool, a volume group or a folder the backend needs. */
export class BackendNotReady extends VolumeDriverError {
  constructor(message: string, options?: ErrorOptions) {
    super(VolumeDriverErrorCode.BACKEND_NOT_READY, message, options);
  }
}

/** An NBD export could not be started. */
export class ExportFailed extends VolumeDriverError {
  constructor(message: string, options?: ErrorOptions) {
    super(VolumeDriverErrorCode.EXPORT_FAILED, message, options);
  }
}
