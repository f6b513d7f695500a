import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { ServerExternalEvent } from '../../../../src/common/clients/compute-events-client.js';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { createLogger } from '../../../../src/common/logging.js';
import { blockStorageMigrations } from '../../../../src/block-storage/db/migrations/index.js';
import type { BlockStorageSchema } from '../../../../src/block-storage/db/schema.js';
import { FakeVolumeDriver } from '../../../../src/block-storage/drivers/index.js';
import { VolumeManager } from '../../../../src/block-storage/volume/volume-manager.js';

const context = { projectId: 'p1', userId: 'u1', token: 't', isAdmin: false };

describe('the volume service of a backend', () => {
  let db: Kysely<BlockStorageSchema>;
  let driver: FakeVolumeDriver;
  let manager: VolumeManager;
  let toCompute: ServerExternalEvent[];

  async function addVolume(id: string, fields: Partial<BlockStorageSchema['volumes']> = {}) {
    await db
      .insertInto('volumes')
      .values({
        id,
        project_id: 'p1',
        user_id: 'u1',
        name: id,
        description: null,
        size: 1,
        status: 'creating',
        attach_status: 'detached',
        previous_status: null,
        availability_zone: 'nova',
        volume_type_id: 'type',
        snapshot_id: null,
        source_volid: null,
        host: 'h@fake#fake',
        bootable: 0,
        multiattach: 0,
        migration_status: null,
        created_at: new Date().toISOString(),
        updated_at: null,
        launched_at: null,
        ...fields,
      })
      .execute();
  }

  const volume = (id: string) => db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirst();

  beforeEach(async () => {
    ({ db } = connectMemory<BlockStorageSchema>());
    await migrate(db as Kysely<unknown>, 'volume', blockStorageMigrations);
    driver = new FakeVolumeDriver({ host: 'h' });
    toCompute = [];
    manager = new VolumeManager({
      db,
      driver,
      backendHost: 'h@fake',
      backendName: 'fake',
      availabilityZone: 'nova',
      workDir: '/nonexistent',
      logger: createLogger('silent'),
      now: () => new Date(),
      imagesFor: () => {
        throw new Error('no image service here');
      },
      notifyCompute: (events) => toCompute.push(...events),
    });
  });

  afterEach(() => db.destroy());

  it('makes an empty volume and marks it available', async () => {
    await addVolume('v1');
    await manager.create_volume({ context, volumeId: 'v1', imageId: null });
    assert.equal((await volume('v1'))?.status, 'available');
    assert.equal(driver.volumes.get('v1')?.sizeGb, 1);
  });

  it('marks the volume error and leaves nothing on the backend when the driver fails', async () => {
    await addVolume('v1');
    driver.failNext('createVolume');
    await manager.create_volume({ context, volumeId: 'v1', imageId: null });
    assert.equal((await volume('v1'))?.status, 'error');
    assert.equal(driver.volumes.has('v1'), false);
  });

  it('makes a volume from a snapshot, larger, bootable as its source was', async () => {
    await addVolume('v1');
    await manager.create_volume({ context, volumeId: 'v1', imageId: null });
    await db.updateTable('volumes').set({ bootable: 1 }).where('id', '=', 'v1').execute();
    await db
      .insertInto('snapshots')
      .values({
        id: 's1',
        project_id: 'p1',
        user_id: 'u1',
        volume_id: 'v1',
        name: null,
        description: null,
        status: 'creating',
        progress: '0%',
        volume_size: 1,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    await manager.create_snapshot({ context, snapshotId: 's1' });
    const snapshot = await db.selectFrom('snapshots').selectAll().where('id', '=', 's1').executeTakeFirst();
    assert.equal(snapshot?.status, 'available');
    await addVolume('v2', { size: 2, snapshot_id: 's1' });
    await manager.create_volume({ context, volumeId: 'v2', imageId: null });
    const made = await volume('v2');
    assert.equal(made?.status, 'available');
    assert.equal(made?.bootable, 1);
    assert.equal(driver.volumes.get('v2')?.sizeGb, 2);
  });

  it('deletes a volume with its metadata', async () => {
    await addVolume('v1');
    await manager.create_volume({ context, volumeId: 'v1', imageId: null });
    await db.insertInto('volume_metadata').values({ owner_id: 'v1', key: 'k', value: 'v' }).execute();
    await manager.delete_volume({ context, volumeId: 'v1' });
    assert.equal(await volume('v1'), undefined);
    assert.equal(driver.volumes.has('v1'), false);
    assert.deepEqual(await db.selectFrom('volume_metadata').selectAll().execute(), []);
  });

  it('grows an attached volume, returns it to in-use and tells compute', async () => {
    await addVolume('v1');
    await manager.create_volume({ context, volumeId: 'v1', imageId: null });
    await db
      .updateTable('volumes')
      .set({ status: 'extending', previous_status: 'in-use', attach_status: 'attached' })
      .execute();
    await db
      .insertInto('volume_attachments')
      .values({
        id: 'a1',
        volume_id: 'v1',
        instance_uuid: 'server-1',
        attached_host: 'h',
        mountpoint: '/dev/vdb',
        attach_mode: 'rw',
        attach_status: 'attached',
        connector: null,
        connection_info: null,
        attach_time: null,
        detach_time: null,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    await manager.extend_volume({ context, volumeId: 'v1', newSize: 3 });
    const grown = await volume('v1');
    assert.equal(grown?.size, 3);
    assert.equal(grown?.status, 'in-use');
    assert.equal(driver.volumes.get('v1')?.sizeGb, 3);
    assert.deepEqual(toCompute, [
      { name: 'volume-extended', server_uuid: 'server-1', tag: 'v1', status: 'completed' },
    ]);
  });

  it('exports a volume to its own host as a local path', async () => {
    await addVolume('v1');
    await manager.create_volume({ context, volumeId: 'v1', imageId: null });
    const connection = await manager.initialize_connection({
      volumeId: 'v1',
      connector: { host: 'h', ip: '127.0.0.1' },
    });
    assert.equal(connection.driver_volume_type, 'local');
  });

  it('reports its capacity with its backend name and zone', async () => {
    const report = await manager.get_capacity();
    assert.equal(report.backendHost, 'h@fake');
    assert.equal(report.volumeBackendName, 'fake');
    assert.equal(report.availabilityZone, 'nova');
    assert.ok(report.totalGb > 0);
  });
});
