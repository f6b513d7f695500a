import type { VolumeRpcContext } from '../rpc/context.js';

/** The backup services' topic; the service of one host serves `cinder-backup.<host>`. */
export const BACKUP_TOPIC = 'cinder-backup';

interface Args {
  context: VolumeRpcContext;
  backupId: string;
}

/**
 * What a backup service does for the API (Cinder's BackupAPI rpcapi). Each is a cast that ends
 * with the backup (and its volume) in a final status: available, or error with `fail_reason`.
 */
export interface BackupMethods {
  /** Stores the volume's (or its snapshot's) content; the API set the backup `creating`, the volume `backing-up`. */
  create_backup(args: Args): void;
  /** Writes the backup onto the volume (`restoring-backup`) and gives it the backed-up metadata. */
  restore_backup(args: Args & { volumeId: string }): void;
  /** Removes the backup's data, unless an imported record shares it, then its row. */
  delete_backup(args: Args): void;
  /** Finds the data of an imported record (`creating`) in this service's store: available, or error. */
  import_record(args: Args): void;
}
