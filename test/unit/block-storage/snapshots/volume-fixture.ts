import { RpcClient } from '../../../../src/common/bus/index.js';
import { VOLUME_TOPIC } from '../../../../src/block-storage/rpc/topics.js';
import type { VolumeMethods } from '../../../../src/block-storage/rpc/volume-api.js';
import type { BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { insertVolume } from '../quotas/volume-rows.js';

export interface FixtureVolume {
  project?: string;
  size?: number;
  status?: string;
  volumeTypeId?: string;
}

/**
 * A volume made on the test app's fake backend as the scheduler would place it (the row on
 * `testhost@fake#fake`, then the backend's create_volume), so snapshot tests do not depend on
 * the volumes API. `status` other than available is set once the backend made it.
 */
export async function makeVolume(app: BlockStorageTestApp, options: FixtureVolume = {}): Promise<string> {
  const context = {
    projectId: options.project ?? PROJECTS.one,
    userId: 'u-member',
    token: 'member',
    isAdmin: false,
  };
  const id = await insertVolume(app.db, {
    projectId: context.projectId,
    userId: context.userId,
    size: options.size,
    status: 'creating',
    volumeTypeId: options.volumeTypeId,
  });
  await new RpcClient<VolumeMethods>(app.deps.bus, VOLUME_TOPIC)
    .at('testhost@fake')
    .cast('create_volume', { context, volumeId: id, imageId: null });
  await waitForRow(app, 'volumes', id, 'available');
  if (options.status && options.status !== 'available') {
    await app.db.updateTable('volumes').set({ status: options.status }).where('id', '=', id).execute();
  }
  return id;
}

/** Polls a row until its status is the one wanted (or the row is gone, for `deleted`); fails after 5 s. */
export async function waitForRow(
  app: BlockStorageTestApp,
  table: 'volumes' | 'snapshots',
  id: string,
  status: string,
): Promise<void> {
  const deadline = Date.now() + 5000;
  let last: string | undefined;
  while (Date.now() < deadline) {
    const row = await app.db.selectFrom(table).select('status').where('id', '=', id).executeTakeFirst();
    last = row?.status ?? 'deleted';
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${table} ${id}: status ${last}, expected ${status}`);
}
