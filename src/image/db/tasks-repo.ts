import type { ImageDb } from './images-repo.js';
import type { ImageTaskTable } from './schema.js';

export type TaskStatus = 'pending' | 'processing' | 'success' | 'failure';

/** An import task as `GET /v2/images/{id}/tasks` shows it. */
export interface ImageTask {
  id: string;
  type: string;
  status: TaskStatus;
  owner: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: null;
  deleted: false;
  image_id: string;
  request_id: string;
  user_id: string;
  input: unknown;
  result: unknown;
  message: string;
}

function toTask(row: ImageTaskTable): ImageTask {
  return {
    id: row.id,
    type: row.type,
    status: row.status as TaskStatus,
    owner: row.owner,
    expires_at: row.expires_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: null,
    deleted: false,
    image_id: row.image_id,
    request_id: row.request_id,
    user_id: row.user_id,
    input: JSON.parse(row.input),
    result: row.result === null ? null : JSON.parse(row.result),
    message: row.message,
  };
}

export async function insertTask(db: ImageDb, task: ImageTaskTable): Promise<void> {
  await db.insertInto('image_task').values(task).execute();
}

export async function updateTask(
  db: ImageDb,
  id: string,
  fields: Partial<Pick<ImageTaskTable, 'status' | 'result' | 'message' | 'updated_at' | 'expires_at'>>,
): Promise<void> {
  await db.updateTable('image_task').set(fields).where('id', '=', id).execute();
}

/** The tasks of an image, oldest first; only the caller's project's unless `owner` is null (admin). */
export async function tasksOfImage(db: ImageDb, imageId: string, owner: string | null): Promise<ImageTask[]> {
  let query = db.selectFrom('image_task').selectAll().where('image_id', '=', imageId).orderBy('created_at');
  if (owner !== null) query = query.where('owner', '=', owner);
  return (await query.execute()).map(toTask);
}
