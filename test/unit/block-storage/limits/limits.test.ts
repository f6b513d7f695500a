import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { insertBackup, insertSnapshot, insertVolume } from '../quotas/volume-rows.js';

/** Tempest's show_limits: exactly these absolute keys, and `rate`. */
const ABSOLUTE_KEYS = [
  'maxTotalBackupGigabytes',
  'maxTotalBackups',
  'maxTotalSnapshots',
  'maxTotalVolumeGigabytes',
  'maxTotalVolumes',
  'totalBackupGigabytesUsed',
  'totalBackupsUsed',
  'totalGigabytesUsed',
  'totalSnapshotsUsed',
  'totalVolumesUsed',
];

describe('GET /limits', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
    const volume = await insertVolume(cinder.db, { projectId: PROJECTS.one, size: 2 });
    await insertSnapshot(cinder.db, { volumeId: volume, projectId: PROJECTS.one, size: 2 });
    await insertBackup(cinder.db, { volumeId: volume, projectId: PROJECTS.one, size: 2 });
    await insertVolume(cinder.db, { projectId: PROJECTS.two, size: 5 });
  });
  after(() => cinder.close());

  test("the caller's project's limits and what it uses, as Tempest reads them", async () => {
    const { limits } = await cinder.json('GET', '/limits', 200);
    assert.deepEqual(Object.keys(limits).sort(), ['absolute', 'rate']);
    assert.deepEqual(limits.rate, []);
    assert.deepEqual(Object.keys(limits.absolute).sort(), ABSOLUTE_KEYS);
    assert.equal(limits.absolute.maxTotalVolumes, 10);
    assert.equal(limits.absolute.maxTotalVolumeGigabytes, 1000);
    assert.equal(limits.absolute.totalVolumesUsed, 1);
    assert.equal(limits.absolute.totalGigabytesUsed, 4);
    assert.equal(limits.absolute.totalSnapshotsUsed, 1);
    assert.equal(limits.absolute.totalBackupsUsed, 1);
    assert.equal(limits.absolute.totalBackupGigabytesUsed, 2);
  });

  test("the project's own limits replace the defaults", async () => {
    await cinder.json('PUT', `/os-quota-sets/${PROJECTS.two}`, 200, {
      caller: 'admin',
      body: { quota_set: { volumes: 3, backups: -1 } },
    });
    const { limits } = await cinder.json('GET', '/limits', 200, { caller: 'other' });
    assert.equal(limits.absolute.maxTotalVolumes, 3);
    assert.equal(limits.absolute.maxTotalBackups, -1);
    assert.equal(limits.absolute.totalGigabytesUsed, 5);
  });

  test("from 3.39 an admin may ask for another project's, which others may not", async () => {
    const asked = `/limits?project_id=${PROJECTS.two}`;
    const old = await cinder.json('GET', asked, 200, { caller: 'admin', microversion: '3.38' });
    assert.equal(old.limits.absolute.totalVolumesUsed, 0);
    const admin = await cinder.json('GET', asked, 200, { caller: 'admin', microversion: '3.39' });
    assert.equal(admin.limits.absolute.maxTotalVolumes, 3);
    assert.equal(admin.limits.absolute.totalVolumesUsed, 1);
    const member = await cinder.json('GET', asked, 200, { microversion: '3.39' });
    assert.equal(member.limits.absolute.totalVolumesUsed, 1);
    assert.equal(member.limits.absolute.totalGigabytesUsed, 4);
  });
});
