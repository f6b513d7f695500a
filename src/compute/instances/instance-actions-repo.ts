import type { Kysely, Selectable } from 'kysely';
import type { ComputeSchema, InstanceActionEventTable, InstanceActionTable } from '../db/schema.js';

export type InstanceActionRow = Selectable<InstanceActionTable>;
export type InstanceActionEventRow = Selectable<InstanceActionEventTable>;

/** The actions Nova records, by the names `os-instance-actions` shows (nova/compute/instance_actions.py). */
export const InstanceAction = {
  CREATE: 'create',
  DELETE: 'delete',
  EVACUATE: 'evacuate',
  RESTORE: 'restore',
  STOP: 'stop',
  START: 'start',
  REBOOT: 'reboot',
  REBUILD: 'rebuild',
  REVERT_RESIZE: 'revertResize',
  CONFIRM_RESIZE: 'confirmResize',
  RESIZE: 'resize',
  MIGRATE: 'migrate',
  PAUSE: 'pause',
  UNPAUSE: 'unpause',
  SUSPEND: 'suspend',
  RESUME: 'resume',
  RESCUE: 'rescue',
  UNRESCUE: 'unrescue',
  CHANGE_PASSWORD: 'changePassword',
  SHELVE: 'shelve',
  SHELVE_OFFLOAD: 'shelveOffload',
  UNSHELVE: 'unshelve',
  LIVE_MIGRATION: 'live-migration',
  LIVE_MIGRATION_FORCE_COMPLETE: 'live_migration_force_complete',
  TRIGGER_CRASH_DUMP: 'trigger_crash_dump',
  ATTACH_INTERFACE: 'attach_interface',
  DETACH_INTERFACE: 'detach_interface',
  ATTACH_VOLUME: 'attach_volume',
  DETACH_VOLUME: 'detach_volume',
  SWAP_VOLUME: 'swap_volume',
  EXTEND_VOLUME: 'extend_volume',
  LOCK: 'lock',
  UNLOCK: 'unlock',
  BACKUP: 'createBackup',
  CREATE_IMAGE: 'createImage',
  RESET_STATE: 'resetState',
  ADD_SECURITY_GROUP: 'addSecurityGroup',
  REMOVE_SECURITY_GROUP: 'removeSecurityGroup',
} as const;

/**
 * Instance actions and their events (Nova's InstanceAction/InstanceActionEvent): the API starts
 * an action per request; each component that works on it records an event with its result.
 */
export class InstanceActionsRepo {
  constructor(
    private readonly db: Kysely<ComputeSchema>,
    private readonly now: () => Date,
  ) {}

  /** Starts the action of one request (`InstanceAction.action_start`). */
  async start(action: {
    instanceUuid: string;
    action: string;
    requestId: string;
    userId: string;
    projectId: string;
  }): Promise<void> {
    const stamp = this.now().toISOString();
    await this.db
      .insertInto('instance_actions')
      .values({
        action: action.action,
        instance_uuid: action.instanceUuid,
        request_id: action.requestId,
        user_id: action.userId,
        project_id: action.projectId,
        start_time: stamp,
        finish_time: null,
        message: null,
        updated_at: null,
      })
      .execute();
  }

  private async actionOf(instanceUuid: string, requestId: string): Promise<InstanceActionRow | undefined> {
    return this.db
      .selectFrom('instance_actions')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .where('request_id', '=', requestId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** Starts an event of the request's action; nothing when the request recorded no action. */
  async startEvent(
    instanceUuid: string,
    requestId: string,
    event: string,
    host: string | null,
  ): Promise<void> {
    const action = await this.actionOf(instanceUuid, requestId);
    if (!action) return;
    const stamp = this.now().toISOString();
    await this.db
      .insertInto('instance_action_events')
      .values({
        action_id: action.id,
        event,
        result: null,
        traceback: null,
        host,
        details: null,
        start_time: stamp,
        finish_time: null,
      })
      .execute();
    await this.db
      .updateTable('instance_actions')
      .set({ updated_at: stamp })
      .where('id', '=', action.id)
      .execute();
  }

  /** Finishes the event with its result; a failure marks the action 'Error' as Nova does. */
  async finishEvent(
    instanceUuid: string,
    requestId: string,
    event: string,
    failure: { message: string; traceback?: string } | null,
  ): Promise<void> {
    const action = await this.actionOf(instanceUuid, requestId);
    if (!action) return;
    const stamp = this.now().toISOString();
    await this.db
      .updateTable('instance_action_events')
      .set({
        result: failure ? 'Error' : 'Success',
        traceback: failure ? (failure.traceback ?? failure.message) : null,
        details: failure ? failure.message : null,
        finish_time: stamp,
      })
      .where('action_id', '=', action.id)
      .where('event', '=', event)
      .where('finish_time', 'is', null)
      .execute();
    await this.db
      .updateTable('instance_actions')
      .set({ updated_at: stamp, ...(failure ? { message: 'Error' } : {}) })
      .where('id', '=', action.id)
      .execute();
  }

  /** Wraps `work` in an event of the request's action (Nova's `wrap_instance_event`). */
  async recordEvent<T>(
    instanceUuid: string,
    requestId: string,
    event: string,
    host: string | null,
    work: () => Promise<T>,
  ): Promise<T> {
    await this.startEvent(instanceUuid, requestId, event, host);
    try {
      const result = await work();
      await this.finishEvent(instanceUuid, requestId, event, null);
      return result;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await this.finishEvent(instanceUuid, requestId, event, {
        message,
        traceback: error instanceof Error ? error.stack : undefined,
      });
      throw error;
    }
  }

  async list(instanceUuid: string): Promise<InstanceActionRow[]> {
    return this.db
      .selectFrom('instance_actions')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .orderBy('start_time', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async events(actionId: number): Promise<InstanceActionEventRow[]> {
    return this.db
      .selectFrom('instance_action_events')
      .selectAll()
      .where('action_id', '=', actionId)
      .orderBy('id')
      .execute();
  }
}
