import { QuotaExceeded } from '../errors.js';

/** Cinder's VolumeLimitExceeded; `name` is `volumes` or a type's `volumes_<type>`. */
export class VolumeLimitExceeded extends QuotaExceeded {
  constructor(allowed: number, name = 'volumes') {
    super(`Maximum number of volumes allowed (${allowed}) exceeded for quota '${name}'.`);
  }
}

/** Cinder's SnapshotLimitExceeded. */
export class SnapshotLimitExceeded extends QuotaExceeded {
  constructor(allowed: number) {
    super(`Maximum number of snapshots allowed (${allowed}) exceeded`);
  }
}

/** Cinder's BackupLimitExceeded. */
export class BackupLimitExceeded extends QuotaExceeded {
  constructor(allowed: number) {
    super(`Maximum number of backups allowed (${allowed}) exceeded`);
  }
}

/** Cinder's VolumeSizeExceedsAvailableQuota; `name` is `gigabytes` or a type's `gigabytes_<type>`. */
export class VolumeSizeExceedsAvailableQuota extends QuotaExceeded {
  constructor(requested: number, quota: number, consumed: number, name = 'gigabytes') {
    super(
      `Requested volume or snapshot exceeds allowed ${name} quota. ` +
        `Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`,
    );
  }
}

/** Cinder's VolumeBackupSizeExceedsAvailableQuota. */
export class VolumeBackupSizeExceedsAvailableQuota extends QuotaExceeded {
  constructor(requested: number, quota: number, consumed: number) {
    super(
      'Requested backup exceeds allowed Backup gigabytes quota. ' +
        `Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`,
    );
  }
}

/** Cinder's VolumeSizeExceedsLimit: one volume larger than `per_volume_gigabytes`. */
export class VolumeSizeExceedsLimit extends QuotaExceeded {
  constructor(size: number, limit: number) {
    super(`Requested volume size ${size}G is larger than maximum allowed limit ${limit}G.`);
  }
}
