import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backupTestApp, MiB, type BackupTestApp } from './backup-app.js';

const encode = (record: unknown) => Buffer.from(JSON.stringify(record)).toString('base64');
const decode = (url: string) =>
  JSON.parse(Buffer.from(url, 'base64').toString('utf8')) as Record<string, unknown>;

describe('backup records: export and import', () => {
  let app: BackupTestApp;
  before(async () => {
    app = await backupTestApp();
  });
  after(() => app.close());

  async function availableBackup(): Promise<{ id: string; volumeId: string }> {
    const volumeId = await app.newVolume();
    await app.writeVolume(volumeId, Buffer.alloc(MiB, 7));
    const { backup } = await app.json('POST', '/backups', 202, { body: { backup: { volume_id: volumeId } } });
    await app.waitForBackup(backup.id, 'available');
    return { id: backup.id, volumeId };
  }

  async function waitUntilGone(path: string) {
    const deadline = Date.now() + 10_000;
    while ((await app.request('GET', path)).statusCode !== 404) {
      assert.ok(Date.now() < deadline, `${path} is still there`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const importRecord = (record: { backup_service: string; backup_url: string }, status = 201) =>
    app.json('POST', '/backups/import_record', status, {
      caller: 'admin',
      body: { 'backup-record': record },
    });

  test('an imported record under a new id restores the same bytes; its data outlives one deletion', async () => {
    const original = await availableBackup();
    const { 'backup-record': record } = await app.json('GET', `/backups/${original.id}/export_record`, 200, {
      caller: 'admin',
    });
    assert.equal(record.backup_service, 'cinder.backup.drivers.posix.PosixBackupDriver');
    const exported = decode(record.backup_url);
    assert.equal(exported.id, original.id);
    assert.equal(exported.size, 1);

    const copyId = crypto.randomUUID();
    const { backup } = await importRecord({ ...record, backup_url: encode({ ...exported, id: copyId }) });
    assert.equal(backup.id, copyId);
    assert.ok(Array.isArray(backup.links));
    await app.waitForStatus(`/backups/${copyId}`, 'backup', 'available', { caller: 'admin' });

    await app.json('DELETE', `/backups/${original.id}`, 202);
    await waitUntilGone(`/backups/${original.id}`);
    const { restore } = await app.json('POST', `/backups/${copyId}/restore`, 202, {
      caller: 'admin',
      body: { restore: {} },
    });
    await app.waitForStatus(`/volumes/${restore.volume_id}`, 'volume', 'available', { caller: 'admin' });
    const { head } = await app.readVolume(restore.volume_id, 16);
    assert.deepEqual(head, Buffer.alloc(16, 7));
  });

  test('only admins, only available backups, only new ids', async () => {
    const original = await availableBackup();
    const refused = await app.request('GET', `/backups/${original.id}/export_record`);
    assert.equal(refused.statusCode, 403);
    const { 'backup-record': record } = await app.json('GET', `/backups/${original.id}/export_record`, 200, {
      caller: 'admin',
    });
    const again = await importRecord(record, 400);
    assert.equal(again.badRequest.message, 'Invalid backup: Backup already exists in database.');
    await app.json('POST', `/backups/${original.id}/action`, 202, {
      caller: 'admin',
      body: { 'os-reset_status': { status: 'error' } },
    });
    const notAvailable = await app.json('GET', `/backups/${original.id}/export_record`, 400, {
      caller: 'admin',
    });
    assert.equal(
      notAvailable.badRequest.message,
      'Invalid backup: Backup status must be available and not error.',
    );
  });

  test('a record without id or size, or that is no record, is refused', async () => {
    const service = 'cinder.backup.drivers.posix.PosixBackupDriver';
    const noId = await importRecord({ backup_service: service, backup_url: encode({ size: 1 }) }, 400);
    assert.equal(noId.badRequest.message, 'Invalid input received: Provided backup record is missing an id');
    const noSize = await importRecord({ backup_service: service, backup_url: encode({ id: 'x' }) }, 400);
    assert.equal(
      noSize.badRequest.message,
      'Invalid input received: Provided backup record is missing size attribute',
    );
    const garbage = await importRecord({ backup_service: service, backup_url: 'bm90IGpzb24=' }, 400);
    assert.equal(garbage.badRequest.message, "Invalid input received: Can't parse backup record.");
  });

  test('a record of another driver, or whose data is gone, ends in error', async () => {
    const otherDriver = await importRecord({
      backup_service: 'cinder.backup.drivers.swift.SwiftBackupDriver',
      backup_url: encode({ id: crypto.randomUUID(), size: 1, host: 'testhost' }),
    });
    await app.waitForStatus(`/backups/${otherDriver.backup.id}`, 'backup', 'error', { caller: 'admin' });
    const gone = await importRecord({
      backup_service: 'cinder.backup.drivers.posix.PosixBackupDriver',
      backup_url: encode({ id: crypto.randomUUID(), size: 1, host: 'testhost', service_metadata: 'nothing' }),
    });
    await app.waitForStatus(`/backups/${gone.backup.id}`, 'backup', 'error', { caller: 'admin' });
  });
});
