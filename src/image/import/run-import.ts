import { ApiError } from '../../common/http/errors.js';
import { restoreQueued, storeImageData, uploadLimits } from '../data/store-image-data.js';
import { findImage, setProperty, updateColumns } from '../db/images-repo.js';
import { updateTask } from '../db/tasks-repo.js';
import type { ImageDeps } from '../deps.js';
import type { Image } from '../model/image.js';

/** Where an import's data comes from. */
export type ImportSource =
  { method: 'glance-direct' } | { method: 'web-download'; open: () => Promise<AsyncIterable<Buffer>> };

/** Task times as Glance shows them: naive UTC with microseconds. */
export const taskTime = (date: Date) => `${date.toISOString().slice(0, 23)}000`;

/** Glance keeps finished tasks for 48 hours (task_time_to_live). */
const TASK_TIME_TO_LIVE_MS = 48 * 3600_000;

/**
 * Runs an accepted import to its end, after the 202 was sent: the image goes `importing`, its
 * data streams from the staging area (glance-direct) or the web (web-download) into the store,
 * measured and inspected as an upload is, and it becomes `active`. On failure it goes back to
 * `queued` with the store listed in `os_glance_failed_import`, nothing kept in either store, and
 * the task records why. The `os_glance_*` properties follow the progress as upstream's do.
 */
export async function runImport(
  deps: ImageDeps,
  image: Image,
  source: ImportSource,
  task: { id: string; project: string | null },
): Promise<void> {
  const store = deps.store.id;
  const fromStatus = image.status;
  const now = () => deps.now();
  await updateTask(deps.db, task.id, { status: 'processing', updated_at: taskTime(now()) });
  const claimed = await updateColumns(
    deps.db,
    image.id,
    { status: 'importing', updated_at: now().toISOString() },
    fromStatus,
  );
  if (!claimed)
    return finishTask(deps, task.id, 'failure', `Image ${image.id} changed before its import started`);
  await setProperty(deps.db, image.id, 'os_glance_importing_to_stores', store);
  await setProperty(deps.db, image.id, 'os_glance_failed_import', '');
  try {
    const limits = await uploadLimits(deps, image, task.project);
    const data = source.method === 'glance-direct' ? await deps.staging.read(image.id) : await source.open();
    const importing: Image = { ...image, status: 'importing' };
    const stored = await storeImageData(deps, importing, data, limits, 'importing');
    await setProperty(deps.db, image.id, 'os_glance_importing_to_stores', '');
    await deps.staging.delete(image.id);
    await finishTask(deps, task.id, 'success', `Copied ${Math.floor(stored.size! / (1024 * 1024))} MiB`, {
      image_id: image.id,
    });
  } catch (error) {
    await deps.staging.delete(image.id);
    if (await findImage(deps.db, image.id)) {
      await setProperty(deps.db, image.id, 'os_glance_importing_to_stores', '');
      await setProperty(deps.db, image.id, 'os_glance_failed_import', store);
      await restoreQueued(deps, image.id, 'importing');
    }
    const message = error instanceof ApiError ? error.message : String((error as Error).message ?? error);
    await finishTask(deps, task.id, 'failure', message);
  } finally {
    await setProperty(deps.db, image.id, 'os_glance_import_task', null);
  }
}

async function finishTask(
  deps: ImageDeps,
  id: string,
  status: 'success' | 'failure',
  message: string,
  result: object | null = null,
): Promise<void> {
  const end = deps.now();
  await updateTask(deps.db, id, {
    status,
    message,
    result: result === null ? null : JSON.stringify(result),
    updated_at: taskTime(end),
    expires_at: taskTime(new Date(end.getTime() + TASK_TIME_TO_LIVE_MS)),
  });
}
