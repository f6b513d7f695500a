import type { Microversion } from '../../../common/http/microversion.js';
import type { InstanceActionEventRow, InstanceActionRow } from '../../instances/instance-actions-repo.js';
import { novaTime } from './services.js';
import { hostId } from './servers.js';

/** Microversions that change what an action shows. */
export const ACTION_UPDATED_AT = '2.58';
export const EVENTS_FOR_OWNERS = '2.51';
export const EVENT_HOST_ID = '2.62';
export const EVENT_DETAILS = '2.84';

/** `_format_action`: ACTION_KEYS, with `updated_at` from 2.58. */
export function instanceActionView(row: InstanceActionRow, version: Microversion) {
  return {
    action: row.action,
    instance_uuid: row.instance_uuid,
    request_id: row.request_id,
    user_id: row.user_id,
    project_id: row.project_id,
    start_time: novaTime(row.start_time),
    message: row.message,
    ...(version.atLeast(ACTION_UPDATED_AT) ? { updated_at: novaTime(row.updated_at) } : {}),
  };
}

/** What an event shows to the caller (`_format_event` flags). */
export interface EventFields {
  traceback: boolean;
  host: boolean;
  hostId: boolean;
  details: boolean;
}

/** `_format_event`; the host id is hashed with the action's project (the server's when it has none). */
export function instanceActionEventView(row: InstanceActionEventRow, projectId: string, fields: EventFields) {
  return {
    event: row.event,
    start_time: novaTime(row.start_time),
    finish_time: novaTime(row.finish_time),
    result: row.result,
    ...(fields.traceback ? { traceback: row.traceback } : {}),
    ...(fields.host ? { host: row.host } : {}),
    ...(fields.hostId ? { hostId: hostId({ host: row.host, project_id: projectId }) } : {}),
    ...(fields.details ? { details: row.details } : {}),
  };
}
