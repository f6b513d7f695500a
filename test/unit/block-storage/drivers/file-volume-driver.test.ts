import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, readdir, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FileVolumeDriver } from '../../../../src/block-storage/drivers/file/file-volume-driver.js';
import { readQcow2Header } from '../../../../src/block-storage/drivers/file/qcow2-header.js';
import {
  BACKEND_HOST,
  GiB,
  connector,
  qemuImgSkipReason,
  snapshotRef,
  storageDaemonSkipReason,
  tempDir,
  volumeRef,
} from '../../../contract/volume/fixtures.js';

type Format = 'raw' | 'qcow2';

async function withDriver(format: Format, body: (driver: FileVolumeDriver, dir: string) => Promise<void>) {
  const dir = await tempDir('file-volumes');
  const driver = new FileVolumeDriver({ dir: dir.path, format, host: BACKEND_HOST });
  try {
    await driver.init();
    await body(driver, dir.path);
  } finally {
    await driver.close();
    await dir.remove();
  }
}

/**
 * A process holding the image as a guest's QEMU does (qemu-io: QEMU's block layer, its locks);
 * `run` sends it a command, as Nova's QMP `block_resize` reaches the guest's QEMU.
 */
async function holdImage(path: string, format: Format) {
  const child = spawn('qemu-io', ['-f', format, path], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  let output = '';
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const prompt = async () => {
    while (!output.includes('qemu-io>')) await once(child.stdout, 'data');
    output = '';
  };
  await prompt();
  return {
    run: async (command: string) => {
      child.stdin.write(`${command}\n`);
      await prompt();
    },
    release: async () => {
      child.stdin.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** Whether `pid` runs (a zombie, gone but not reaped by its parent, does not). */
async function running(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = status.slice(status.lastIndexOf(')') + 2, status.lastIndexOf(')') + 3);
  return status !== '' && state !== 'Z' && state !== 'X';
}

const fileSize = async (driver: FileVolumeDriver, id: string, format: Format) => {
  const { path } = await driver.contentPath({ id, sizeGb: 0 });
  return format === 'raw' ? (await stat(path)).size : (await readQcow2Header(path)).virtualSize;
};

describe('FileVolumeDriver', { skip: qemuImgSkipReason }, () => {
  test('a raw volume is extended while a guest holds it: the file grows under the lock', () =>
    withDriver('raw', async (driver) => {
      const volume = volumeRef(1);
      await driver.createVolume(volume);
      const guest = await holdImage((await driver.contentPath(volume)).path, 'raw');
      try {
        await driver.extendVolume(volume, 2, true);
        assert.equal(await fileSize(driver, volume.id, 'raw'), 2 * GiB);
      } finally {
        await guest.release();
      }
    }));

  test('a qcow2 volume a guest holds is left for its block_resize; an extend not told it is attached fails on the lock', () =>
    withDriver('qcow2', async (driver) => {
      const volume = volumeRef(1);
      await driver.createVolume(volume);
      const guest = await holdImage((await driver.contentPath(volume)).path, 'qcow2');
      try {
        await assert.rejects(driver.extendVolume(volume, 2, false), /lock/);
        await driver.extendVolume(volume, 2, true);
        assert.equal(await fileSize(driver, volume.id, 'qcow2'), GiB);
        await guest.run('truncate 2G');
        assert.equal(await fileSize(driver, volume.id, 'qcow2'), 2 * GiB);
      } finally {
        await guest.release();
      }
    }));

  test('a qcow2 volume whose guest never resized it grows to its size when detached', () =>
    withDriver('qcow2', async (driver) => {
      const volume = volumeRef(1);
      await driver.createVolume(volume);
      const guest = await holdImage((await driver.contentPath(volume)).path, 'qcow2');
      await driver.extendVolume(volume, 3, true);
      await guest.release();
      await driver.terminateConnection({ ...volume, sizeGb: 3 }, connector(BACKEND_HOST));
      assert.equal(await fileSize(driver, volume.id, 'qcow2'), 3 * GiB);
    }));

  test('qcow2: a volume from a snapshot is an overlay on it; the snapshot file goes with its last overlay', () =>
    withDriver('qcow2', async (driver, dir) => {
      const source = volumeRef(1);
      await driver.createVolume(source);
      const snapshot = snapshotRef(source);
      await driver.createSnapshot(snapshot);
      const first = volumeRef(1);
      const second = volumeRef(2);
      await driver.createVolumeFromSnapshot(first, snapshot);
      await driver.createVolumeFromSnapshot(second, snapshot);
      const header = await readQcow2Header((await driver.contentPath(first)).path);
      assert.equal(header.backingName, `snapshot-${snapshot.id}.qcow2`);

      await driver.deleteSnapshot(snapshot);
      const held = async () => (await readdir(dir)).filter((name) => name.startsWith('snapshot-'));
      assert.deepEqual(await held(), [
        `snapshot-${snapshot.id}.qcow2`,
        `snapshot-${snapshot.id}.qcow2.deleted`,
      ]);
      await driver.deleteVolume(first);
      assert.equal((await held()).length, 2, 'the second volume still reads from it');
      await driver.deleteVolume(second);
      assert.deepEqual(await held(), []);
    }));

  test('raw volumes are sparse: a 1 GiB volume takes no space; capacity is the file system under the folder', () =>
    withDriver('raw', async (driver, dir) => {
      const volume = volumeRef(1);
      await driver.createVolume(volume);
      assert.equal((await stat((await driver.contentPath(volume)).path)).blocks, 0);
      const capacity = await driver.capacity();
      const fs = await statfs(dir);
      assert.equal(capacity.totalGb, Math.round(((fs.blocks * fs.bsize) / GiB) * 100) / 100);
      assert.equal(capacity.thinProvisioning, true);
      assert.equal(capacity.provisionedGb, 1);
    }));

  test('init removes what a crash left half-made, and keeps volumes of the other format', () =>
    withDriver('raw', async (driver, dir) => {
      const old = volumeRef(1);
      await driver.createVolume(old);
      await writeFile(join(dir, `.volume-${volumeRef().id}.raw.partial`), 'half');
      const qcow2 = new FileVolumeDriver({ dir, format: 'qcow2', host: BACKEND_HOST });
      await qcow2.init();
      assert.deepEqual(
        (await readdir(dir)).filter((name) => name.endsWith('.partial')),
        [],
      );
      assert.deepEqual(await qcow2.contentPath(old), {
        path: join(dir, `volume-${old.id}.raw`),
        format: 'raw',
      });
      await qcow2.close();
    }));

  test(
    'a volume service that restarts takes over the NBD exports left running, and can end them',
    {
      skip: storageDaemonSkipReason,
    },
    () =>
      withDriver('raw', async (driver, dir) => {
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        const { data } = await driver.initializeConnection(volume, connector('compute-2'));
        const [record] = (await readdir(join(dir, 'exports'))).filter((name) => name.endsWith('.json'));
        const { pid } = JSON.parse(await readFile(join(dir, 'exports', record), 'utf8')) as { pid: number };

        const restarted = new FileVolumeDriver({ dir, host: BACKEND_HOST });
        await restarted.init();
        assert.deepEqual((await restarted.initializeConnection(volume, connector('compute-3'))).data, data);
        await restarted.terminateConnection(volume, connector('compute-2'));
        await restarted.terminateConnection(volume, connector('compute-3'));
        assert.ok(!(await running(pid)), 'the daemon is gone');
        await restarted.close();
      }),
  );
});
