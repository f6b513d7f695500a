import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { qemuImgSkipReason, tempDir } from '../../../contract/volume/fixtures.js';
import { backupTestApp, MiB, pattern, type BackupTestApp } from './backup-app.js';

for (const format of ['qcow2', 'raw'] as const) {
  describe(`backups of real ${format} volume files`, { skip: qemuImgSkipReason }, () => {
    let app: BackupTestApp;
    let volumesDir: Awaited<ReturnType<typeof tempDir>>;
    before(async () => {
      volumesDir = await tempDir('backup-volumes');
      app = await backupTestApp({ name: 'files', driver: 'file', path: volumesDir.path, format });
    });
    after(async () => {
      await app?.close();
      await volumesDir?.remove();
    });

    async function backUp(volumeId: string, incremental: boolean): Promise<string> {
      const { backup } = await app.json('POST', '/backups', 202, {
        body: { backup: { volume_id: volumeId, incremental } },
      });
      await app.waitForBackup(backup.id, 'available');
      return backup.id;
    }

    async function restore(backupId: string): Promise<string> {
      const { restore } = await app.json('POST', `/backups/${backupId}/restore`, 202, {
        body: { restore: {} },
      });
      await app.waitForBackup(backupId, 'available');
      await app.waitForStatus(`/volumes/${restore.volume_id}`, 'volume', 'available');
      return restore.volume_id;
    }

    test('a full and an incremental backup give back the bytes of their time', async () => {
      const volumeId = await app.newVolume();
      const original = pattern(80 * MiB, 7);
      await app.writeVolume(volumeId, original);
      const full = await backUp(volumeId, false);

      const changed = Buffer.from(original);
      pattern(3 * MiB, 8).copy(changed, 33 * MiB);
      changed.fill(0, 64 * MiB, 80 * MiB);
      await app.writeVolume(volumeId, changed);
      const incremental = await backUp(volumeId, true);
      const shown = (await app.json('GET', `/backups/${incremental}`, 200)).backup;
      assert.equal(shown.is_incremental, true);
      assert.equal(shown.object_count, 2, 'the changed chunk and the manifest; the zeroed one is not stored');

      const fromFull = await app.readVolume(await restore(full), 96 * MiB);
      assert.equal(fromFull.size, 1024 * MiB);
      assert.ok(fromFull.head.subarray(0, 80 * MiB).equals(original));
      assert.ok(fromFull.head.subarray(80 * MiB).equals(Buffer.alloc(16 * MiB)));
      const fromIncremental = await app.readVolume(await restore(incremental), 80 * MiB);
      assert.ok(fromIncremental.head.equals(changed));
    });
  });
}
