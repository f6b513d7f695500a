import { ApiError, BadRequest, NotFound } from '../../common/http/errors.js';

/** Cinder's BackupNotFound. */
export class BackupNotFound extends NotFound {
  constructor(backupId: string) {
    super(`Backup ${backupId} could not be found.`);
  }
}

/** Cinder's InvalidBackup, a 400 at the API. */
export class InvalidBackup extends BadRequest {
  constructor(reason: string) {
    super(`Invalid backup: ${reason}`);
  }
}

/** Cinder's ServiceNotFound for `cinder-backup`, which the backups API answers with 503. */
export class BackupServiceUnavailable extends ApiError {
  constructor() {
    super(503, 'Service cinder-backup could not be found.');
  }
}
