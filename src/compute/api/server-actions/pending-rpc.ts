import type { RpcContext } from '../../rpc/context.js';

interface InstanceArgs {
  context: RpcContext;
  instanceUuid: string;
}

/**
 * Agent methods the server actions cast that `ComputeMethods` (rpc/compute-api.ts) does not
 * declare yet; they belong there, beside their handlers in the agent, and this file goes away.
 */
export interface PendingComputeMethods {
  /**
   * createBackup: like `snapshot_instance` into `imageId` (created by the API, queued), then
   * delete the oldest backups of the server with the same `backupType` beyond `rotation`.
   */
  backup_instance(args: InstanceArgs & { imageId: string; backupType: string; rotation: number }): void;
  /** restore of a SOFT_DELETED server that has a host: power it on again (ACTIVE, no task). */
  restore_instance(args: InstanceArgs): void;
}
