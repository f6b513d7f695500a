import { ApiError, BadRequest, NotFound } from '../common/http/errors.js';

/** Cinder's VolumeNotFound. */
export class VolumeNotFound extends NotFound {
  constructor(volumeId: string) {
    super(`Volume ${volumeId} could not be found.`);
  }
}

/** Cinder's SnapshotNotFound. */
export class SnapshotNotFound extends NotFound {
  constructor(snapshotId: string) {
    super(`Snapshot ${snapshotId} could not be found.`);
  }
}

/** Cinder's InvalidInput: "Invalid input received: <reason>". */
export class InvalidInput extends BadRequest {
  constructor(reason: string) {
    super(`Invalid input received: ${reason}`);
  }
}

/** Cinder's InvalidVolume: an action on a volume in a state that does not allow it. */
export class InvalidVolume extends BadRequest {
  constructor(reason: string) {
    super(`Invalid volume: ${reason}`);
  }
}

/** Cinder's InvalidSnapshot. */
export class InvalidSnapshot extends BadRequest {
  constructor(reason: string) {
    super(`Invalid snapshot: ${reason}`);
  }
}

/** Cinder's OverQuota answers 413 with "VolumeLimitExceeded"-style messages. */
export class QuotaExceeded extends ApiError {
  constructor(message: string) {
    super(413, message);
  }
}
