import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVolumeDriver } from '../../../../src/block-storage/drivers/index.js';
import {
  FakeVolumeDriver,
  FAKE_NBD_PORT,
} from '../../../../src/block-storage/drivers/fake/fake-volume-driver.js';
import { FileVolumeDriver } from '../../../../src/block-storage/drivers/file/file-volume-driver.js';
import { LvmVolumeDriver } from '../../../../src/block-storage/drivers/lvm/lvm-volume-driver.js';
import { connector, snapshotRef, volumeRef } from '../../../contract/volume/fixtures.js';

test('the fake records what it holds, where each volume is exported and every operation', async () => {
  const driver = new FakeVolumeDriver({ host: 'volume-host', exportAddress: '198.51.100.7' });
  const volume = volumeRef(2);
  await driver.createVolume(volume);
  const snapshot = snapshotRef(volume);
  await driver.createSnapshot(snapshot);
  const local = await driver.initializeConnection(volume, connector('volume-host'));
  const remote = await driver.initializeConnection(volume, connector('compute-2'));

  assert.deepEqual(driver.volumes.get(volume.id), { sizeGb: 2, content: Buffer.alloc(0) });
  assert.equal(driver.snapshots.get(snapshot.id)?.volumeId, volume.id);
  assert.deepEqual([...driver.exports.get(volume.id)!], ['volume-host', 'compute-2']);
  assert.equal(local.driver_volume_type, 'local');
  assert.deepEqual(remote, {
    driver_volume_type: 'nbd',
    data: { host: '198.51.100.7', port: FAKE_NBD_PORT, name: `volume-${volume.id}`, format: 'raw' },
  });
  assert.deepEqual(
    driver.operations.map(({ operation }) => operation),
    ['createVolume', 'createSnapshot', 'initializeConnection', 'initializeConnection'],
  );
  assert.deepEqual(await driver.capacity(), {
    totalGb: 1000,
    freeGb: 996,
    provisionedGb: 4,
    thinProvisioning: false,
  });
});

test('the fake fails an operation once when told to, as a backend error would', async () => {
  const driver = new FakeVolumeDriver();
  driver.failNext('createVolume', new Error('disk on fire'));
  const volume = volumeRef();
  await assert.rejects(driver.createVolume(volume), /disk on fire/);
  assert.equal(driver.volumes.size, 0);
  await driver.createVolume(volume);
  assert.equal(driver.volumes.size, 1);
});

test('createVolumeDriver makes the driver of each kind', () => {
  assert.ok(createVolumeDriver('fake', {}) instanceof FakeVolumeDriver);
  assert.ok(createVolumeDriver('file', { dir: '/nonexistent', host: 'h' }) instanceof FileVolumeDriver);
  const lvm = createVolumeDriver('lvm', { volumeGroup: 'vg', host: 'h', stateDir: '/nonexistent' });
  assert.ok(lvm instanceof LvmVolumeDriver);
  assert.equal(lvm.kind, 'lvm');
});
