import type { Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../common/auth/context.js';
import { NotFound } from '../../common/http/errors.js';
import { sortColumns, type ListParams } from '../api/list-params.js';
import type { BlockStorageSchema, MessageTable } from '../db/schema.js';
import type { BlockStorageDeps } from '../deps.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { eventId, type MessageField, type MessageResource } from './message-fields.js';

export type MessageRow = Selectable<MessageTable>;

/** Cinder's `message_ttl`: a message is shown for 30 days after it was written. */
export const MESSAGE_TTL_SECONDS = 2_592_000;

export interface NewMessage {
  projectId: string;
  /** The API request whose work failed. */
  requestId: string;
  resourceType: MessageResource;
  resourceUuid: string | null;
  action: MessageField;
  detail: MessageField;
}

/** Writes an error message for the project to read (Cinder's `message_api.create`). */
export async function recordMessage(
  db: Kysely<BlockStorageSchema>,
  message: NewMessage,
  options: { id: string; now: Date },
): Promise<void> {
  await db
    .insertInto('messages')
    .values({
      id: options.id,
      project_id: message.projectId,
      request_id: message.requestId,
      resource_type: message.resourceType,
      resource_uuid: message.resourceUuid,
      event_id: eventId(message.resourceType, message.action, message.detail),
      message_level: 'ERROR',
      action_id: message.action.id,
      detail_id: message.detail.id,
      created_at: options.now.toISOString(),
      expires_at: new Date(options.now.getTime() + MESSAGE_TTL_SECONDS * 1000).toISOString(),
    })
    .execute();
}

export class MessageNotFound extends NotFound {
  constructor(id: string) {
    super(`Message ${id} could not be found.`);
  }
}

/** The messages a caller sees: its project's, every project's for an admin; none expired. */
function visibleMessages(deps: BlockStorageDeps, context: RequestContext) {
  let query = deps.db.selectFrom('messages').selectAll().where('expires_at', '>', deps.now().toISOString());
  if (!callerIsAdmin(deps, context)) query = query.where('project_id', '=', context.projectId ?? '');
  return query;
}

export async function loadMessage(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
): Promise<MessageRow> {
  const message = await visibleMessages(deps, context).where('id', '=', id).executeTakeFirst();
  if (!message) throw new MessageNotFound(id);
  return message;
}

export async function deleteMessage(deps: BlockStorageDeps, id: string): Promise<void> {
  await deps.db.deleteFrom('messages').where('id', '=', id).execute();
}

/** The columns a list sorts and filters by. */
const COLUMNS = {
  id: 'id',
  project_id: 'project_id',
  request_id: 'request_id',
  resource_type: 'resource_type',
  resource_uuid: 'resource_uuid',
  event_id: 'event_id',
  message_level: 'message_level',
  created_at: 'created_at',
  expires_at: 'expires_at',
} as const;

/**
 * `GET /messages`: the messages the caller sees, filtered by any of their fields (a filter that
 * names none matches nothing, as Cinder's `is_valid_model_filters`), sorted and paged.
 */
export async function listMessages(
  deps: BlockStorageDeps,
  context: RequestContext,
  params: ListParams,
): Promise<MessageRow[]> {
  const sort = sortColumns(params, COLUMNS);
  let query = visibleMessages(deps, context);
  for (const [filter, value] of Object.entries(params.filters)) {
    if (!Object.hasOwn(COLUMNS, filter)) return [];
    query = query.where(COLUMNS[filter as keyof typeof COLUMNS], '=', value);
  }
  for (const { key, direction } of sort) query = query.orderBy(key, direction);
  // A project's messages are few: the page is cut from the sorted rows, after the marker's.
  const all = await query.execute();
  let start = params.offset;
  if (params.marker !== undefined) {
    const at = all.findIndex((row) => row.id === params.marker);
    if (at < 0) throw new MessageNotFound(params.marker);
    start += at + 1;
  }
  return all.slice(start, start + params.limit);
}
