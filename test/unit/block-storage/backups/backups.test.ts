import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { backupTestApp, MiB, pattern, type BackupTestApp } from './backup-app.js';

/** The fields of Cinder's detailed backup view (Tempest's `common_show_backup`) at 3.43. */
const DETAIL_FIELDS = [
  'availability_zone',
  'container',
  'created_at',
  'data_timestamp',
  'description',
  'fail_reason',
  'has_dependent_backups',
  'id',
  'is_incremental',
  'links',
  'metadata',
  'name',
  'object_count',
  'size',
  'snapshot_id',
  'status',
  'updated_at',
  'volume_id',
];

describe('volume backups on the fake backend', () => {
  let app: BackupTestApp;
  before(async () => {
    app = await backupTestApp();
  });
  after(() => app.close());

  async function backUp(volumeId: string, fields: Record<string, unknown> = {}, microversion?: string) {
    const { backup } = await app.json('POST', '/backups', 202, {
      body: { backup: { volume_id: volumeId, ...fields } },
      microversion,
    });
    await app.waitForBackup(backup.id, 'available');
    return backup as { id: string; name: string | null; links: unknown[] };
  }

  async function restoreToNewVolume(backupId: string): Promise<string> {
    const { restore } = await app.json('POST', `/backups/${backupId}/restore`, 202, {
      body: { restore: {} },
    });
    assert.equal(restore.backup_id, backupId);
    assert.equal(restore.volume_name, `restore_backup_${backupId}`);
    await app.waitForBackup(backupId, 'available');
    await app.waitForStatus(`/volumes/${restore.volume_id}`, 'volume', 'available');
    return restore.volume_id;
  }

  test('a full and an incremental backup restore to new volumes with the bytes of their time', async () => {
    const volumeId = await app.newVolume();
    const original = pattern(70 * MiB, 1);
    await app.writeVolume(volumeId, original);
    const full = await backUp(volumeId, { name: 'full', container: 'container' });
    assert.equal(full.name, 'full');
    const shown = (await app.json('GET', `/backups/${full.id}`, 200)).backup;
    assert.equal(shown.status, 'available');
    assert.equal(shown.is_incremental, false);
    assert.equal(shown.container, 'container');
    assert.equal(shown.size, 1);
    // Three chunks of data (32 + 32 + 6 MiB) and the manifest; the zero chunks are not stored.
    assert.equal(shown.object_count, 4);
    assert.equal((await app.json('GET', `/volumes/${volumeId}`, 200)).volume.status, 'available');

    const changed = Buffer.from(original);
    pattern(MiB, 2).copy(changed, 40 * MiB);
    await app.writeVolume(volumeId, changed);
    const incremental = await backUp(volumeId, { incremental: true });
    const incrementalShown = (await app.json('GET', `/backups/${incremental.id}`, 200)).backup;
    assert.equal(incrementalShown.is_incremental, true);
    assert.equal(incrementalShown.object_count, 2, 'only the changed chunk and the manifest are stored');
    assert.equal((await app.json('GET', `/backups/${full.id}`, 200)).backup.has_dependent_backups, true);

    const fromFull = await restoreToNewVolume(full.id);
    const fromIncremental = await restoreToNewVolume(incremental.id);
    const restoredFull = await app.readVolume(fromFull, 80 * MiB);
    assert.equal(restoredFull.size, 1024 * MiB);
    assert.ok(restoredFull.head.subarray(0, 70 * MiB).equals(original));
    assert.ok(restoredFull.head.subarray(70 * MiB).equals(Buffer.alloc(10 * MiB)));
    const restoredIncremental = await app.readVolume(fromIncremental, 70 * MiB);
    assert.ok(restoredIncremental.head.equals(changed));

    const refused = await app.request('DELETE', `/backups/${full.id}`);
    assert.equal(refused.statusCode, 400);
    assert.equal(
      refused.json().badRequest.message,
      'Invalid backup: Incremental backups exist for this backup.',
    );
    for (const id of [incremental.id, full.id]) {
      await app.json('DELETE', `/backups/${id}`, 202);
      await waitGone(`/backups/${id}`);
    }
    assert.deepEqual(await readdir(app.backupsDir), []);
  });

  async function waitGone(path: string): Promise<void> {
    for (let tries = 0; tries < 500; tries += 1) {
      if ((await app.request('GET', path)).statusCode === 404) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail(`${path} is still there`);
  }

  test('a restore gives the volume the backed-up metadata and bootable flag', async () => {
    const { volume } = await app.json('POST', '/volumes', 202, {
      body: { volume: { size: 1, name: 'source', metadata: { 'vol-meta1': 'value1' } } },
    });
    await app.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    await app.db
      .insertInto('volume_glance_metadata')
      .values({ owner_id: volume.id, key: 'image_id', value: 'an-image' })
      .execute();
    await app.db.updateTable('volumes').set({ bootable: 1 }).where('id', '=', volume.id).execute();
    const backup = await backUp(volume.id);
    const restoredId = await restoreToNewVolume(backup.id);
    const restored = (await app.json('GET', `/volumes/${restoredId}`, 200)).volume;
    assert.equal(restored.metadata['vol-meta1'], 'value1');
    assert.equal(restored.bootable, 'true');
    assert.equal(restored.name, 'source', 'a volume made for the restore takes the backed-up name');
    assert.equal(restored.volume_image_metadata?.image_id, 'an-image');
  });

  test('a restore onto an existing volume needs it available and large enough', async () => {
    const source = await app.newVolume();
    await app.writeVolume(source, pattern(MiB, 3));
    const backup = await backUp(source);
    const target = await app.newVolume(2);
    const { restore } = await app.json('POST', `/backups/${backup.id}/restore`, 202, {
      body: { restore: { volume_id: target } },
    });
    assert.equal(restore.volume_id, target);
    await app.waitForStatus(`/volumes/${target}`, 'volume', 'available');
    await app.waitForBackup(backup.id, 'available');
    assert.ok((await app.readVolume(target, MiB)).head.equals(pattern(MiB, 3)));

    await app.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', target).execute();
    const busy = await app.request('POST', `/backups/${backup.id}/restore`, {
      body: { restore: { volume_id: target } },
    });
    assert.equal(busy.statusCode, 400);
    assert.equal(
      busy.json().badRequest.message,
      'Invalid volume: Volume to be restored to must be available',
    );
  });

  test('an in-use volume needs force, and goes back to in-use', async () => {
    const volumeId = await app.newVolume();
    const { attachment } = await app.json('POST', '/attachments', 200, {
      microversion: '3.44',
      body: {
        attachment: {
          volume_uuid: volumeId,
          instance_uuid: crypto.randomUUID(),
          connector: { host: 'h', ip: '1' },
        },
      },
    });
    await app.json('POST', `/attachments/${attachment.id}/action`, 204, {
      microversion: '3.44',
      body: { 'os-complete': null },
    });
    const refused = await app.request('POST', '/backups', { body: { backup: { volume_id: volumeId } } });
    assert.equal(refused.statusCode, 400);
    assert.equal(
      refused.json().badRequest.message,
      'Invalid volume: Backing up an in-use volume must use the force flag.',
    );
    await backUp(volumeId, { force: true });
    assert.equal((await app.json('GET', `/volumes/${volumeId}`, 200)).volume.status, 'in-use');
  });

  test('a backup of a snapshot has its data and time', async () => {
    const volumeId = await app.newVolume();
    await app.writeVolume(volumeId, pattern(MiB, 4));
    const { snapshot } = await app.json('POST', '/snapshots', 202, {
      body: { snapshot: { volume_id: volumeId } },
    });
    await app.waitForStatus(`/snapshots/${snapshot.id}`, 'snapshot', 'available');
    await app.writeVolume(volumeId, pattern(MiB, 5));
    const backup = await backUp(volumeId, { snapshot_id: snapshot.id });
    const shown = (await app.json('GET', `/backups/${backup.id}`, 200)).backup;
    assert.equal(shown.snapshot_id, snapshot.id);
    assert.equal((await app.json('GET', `/snapshots/${snapshot.id}`, 200)).snapshot.status, 'available');
    const restored = await restoreToNewVolume(backup.id);
    assert.ok((await app.readVolume(restored, MiB)).head.equals(pattern(MiB, 4)));
  });

  test('requests the backup API refuses, with Cinder messages', async () => {
    const volumeId = await app.newVolume();
    const noParent = await app.request('POST', '/backups', {
      body: { backup: { volume_id: volumeId, incremental: true } },
    });
    assert.equal(noParent.statusCode, 400);
    assert.equal(
      noParent.json().badRequest.message,
      'Invalid backup: No backups available to do an incremental backup.',
    );
    const badBody = await app.request('POST', '/backups', {
      body: { backup: { volume_id: volumeId, bogus: 1 } },
    });
    assert.equal(badBody.statusCode, 400);
    const missing = await app.request('POST', '/backups', {
      body: { backup: { volume_id: crypto.randomUUID() } },
    });
    assert.equal(missing.statusCode, 404);
    const noBackup = await app.request('GET', `/backups/${crypto.randomUUID()}`);
    assert.equal(noBackup.statusCode, 404);
    assert.match(noBackup.json().itemNotFound.message, /^Backup .* could not be found\.$/);

    await app.db
      .insertInto('quotas')
      .values({ project_id: PROJECTS.one, resource: 'backups', hard_limit: 0 })
      .execute();
    const overQuota = await app.request('POST', '/backups', { body: { backup: { volume_id: volumeId } } });
    assert.equal(overQuota.statusCode, 413);
    assert.equal(overQuota.json().overLimit.message, 'Maximum number of backups allowed (0) exceeded');
    await app.db.deleteFrom('quotas').where('resource', '=', 'backups').execute();
    assert.equal((await app.json('GET', `/volumes/${volumeId}`, 200)).volume.status, 'available');
  });

  test('views, lists, update, reset status and force delete', async () => {
    const volumeId = await app.newVolume();
    const backup = await backUp(volumeId, { name: ' named ', metadata: { k: 'v' } }, '3.43');
    assert.equal(backup.name, 'named');
    const detail = (await app.json('GET', `/backups/${backup.id}`, 200, { microversion: '3.43' })).backup;
    assert.deepEqual(Object.keys(detail).sort(), DETAIL_FIELDS);
    assert.deepEqual(detail.metadata, { k: 'v' });
    const asAdmin = (
      await app.json('GET', `/backups/${backup.id}`, 200, { caller: 'admin', microversion: '3.56' })
    ).backup;
    assert.ok('os-backup-project-attr:project_id' in asAdmin && 'user_id' in asAdmin);

    const list = await app.json('GET', '/backups?limit=1&with_count=true', 200, { microversion: '3.45' });
    assert.equal(list.backups.length, 1);
    assert.deepEqual(Object.keys(list.backups[0]).sort(), ['id', 'links', 'name']);
    assert.ok(list.count >= 2);
    assert.match(list.backups_links[0].href, /\/backups\?limit=1&with_count=true&marker=/);
    const filtered = await app.json('GET', `/backups/detail?volume_id=${volumeId}`, 200);
    assert.deepEqual(
      filtered.backups.map((b: { id: string }) => b.id),
      [backup.id],
    );
    assert.equal((await app.json('GET', '/backups', 200, { caller: 'other' })).backups.length, 0);
    assert.equal((await app.request('GET', `/backups/${backup.id}`, { caller: 'other' })).statusCode, 404);

    assert.equal(
      (await app.request('PUT', `/backups/${backup.id}`, { body: { backup: { name: 'x' } } })).statusCode,
      404,
    );
    const updated = await app.json('PUT', `/backups/${backup.id}`, 200, {
      microversion: '3.43',
      body: { backup: { name: 'renamed', metadata: { a: 'b' } } },
    });
    assert.equal(updated.backup.name, 'renamed');
    assert.deepEqual(
      (await app.json('GET', `/backups/${backup.id}`, 200, { microversion: '3.43' })).backup.metadata,
      { a: 'b' },
    );

    const reset = { 'os-reset_status': { status: 'error' } };
    assert.equal(
      (await app.request('POST', `/backups/${backup.id}/action`, { body: reset })).statusCode,
      403,
    );
    await app.json('POST', `/backups/${backup.id}/action`, 202, { caller: 'admin', body: reset });
    await app.waitForBackup(backup.id, 'error');
    const badStatus = await app.request('POST', `/backups/${backup.id}/action`, {
      caller: 'admin',
      body: { 'os-reset_status': { status: 'creating' } },
    });
    assert.equal(badStatus.statusCode, 400);
    await app.db.updateTable('backups').set({ status: 'creating' }).where('id', '=', backup.id).execute();
    assert.equal((await app.request('DELETE', `/backups/${backup.id}`)).statusCode, 400);
    await app.json('POST', `/backups/${backup.id}/action`, 202, {
      caller: 'admin',
      body: { 'os-force_delete': {} },
    });
    await waitGone(`/backups/${backup.id}`);
  });

  test('without an up backup service a backup is a 503', async () => {
    const volumeId = await app.newVolume();
    await app.db.updateTable('services').set({ disabled: 1 }).where('binary', '=', 'cinder-backup').execute();
    try {
      const response = await app.request('POST', '/backups', { body: { backup: { volume_id: volumeId } } });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().serviceUnavailable.message, 'Service cinder-backup could not be found.');
      assert.equal((await app.json('GET', `/volumes/${volumeId}`, 200)).volume.status, 'available');
    } finally {
      await app.db
        .updateTable('services')
        .set({ disabled: 0 })
        .where('binary', '=', 'cinder-backup')
        .execute();
    }
  });
});
