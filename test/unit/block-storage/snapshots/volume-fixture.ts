import { RpcClient } from '../../../../src/common/bus/index.js';
import { VOLUME_TOPIC } from '../../../../src/block-storage/rpc/topics.js';
import type { VolumeMethods } from '../../../../src/block-storage/rpc/volume-api.js';
import type { BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

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
  const id = crypto.randomUUID();
  const type =
    options.volumeTypeId ??
    (
      await app.db
        .selectFrom('volume_types')
        .select('id')
        .where('name', '=', '__DEFAULT__')
        .executeTakeFirstOrThrow()
    ).id;
  await app.db
    .insertInto('volumes')
    .values({
      id,
      project_id: options.project ?? PROJECTS.one,
      user_id: 'u-member',
      name: null,
      description: null,
      size: options.size ?? 1,
      status: 'creating',
      attach_status: 'detached',
      previous_status: null,
      availability_zone: 'nova',
      volume_type_id: type,
      snapshot_id: null,
      source_volid: null,
      host: 'testhost@fake#fake',
      bootable: 0,
      multiattach: 0,
      migration_status: null,
      created_at: new Date().toISOString(),
      updated_at: null,
      launched_at: null,
    })
    .execute();
  const context = {
    projectId: options.project ?? PROJECTS.one,
    userId: 'u-member',
    token: 'member',
    isAdmin: false,
  };
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
