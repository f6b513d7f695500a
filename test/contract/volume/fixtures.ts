import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecked } from '../../../src/common/run-command.js';
import type {
  Connector,
  SnapshotRef,
  VolumeDriver,
  VolumeRef,
} from '../../../src/block-storage/drivers/volume-driver.js';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** The host the drivers under test run on; connectors of any other host need an export. */
export const BACKEND_HOST = 'backend-host';

export const connector = (host: string): Connector => ({
  host,
  ip: '192.0.2.10',
  initiator: `iqn.test:${host}`,
});

export const volumeRef = (sizeGb = 1): VolumeRef => ({ id: randomUUID(), sizeGb });

export const snapshotRef = (volume: VolumeRef): SnapshotRef => ({
  id: randomUUID(),
  volumeId: volume.id,
  volumeSizeGb: volume.sizeGb,
});

function skipReason(tool: string, debianPackage: string): string | false {
  const result = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  return result.error || result.status !== 0
    ? `${tool} does not run (apt-get install ${debianPackage})`
    : false;
}

/** Why drivers that run qemu-img cannot be tested here, or false. */
export const qemuImgSkipReason = skipReason('qemu-img', 'qemu-utils');
/** Why NBD exports cannot be served here, or false. */
export const storageDaemonSkipReason =
  qemuImgSkipReason || skipReason('qemu-storage-daemon', 'qemu-system-common');

/** A temporary folder, removed by the returned function. */
export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `stratus-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A raw image of `size` bytes with random data in two places (its start and its middle) and zeroes
 * elsewhere, so both copied data and copied holes are checked.
 */
export async function patternImage(path: string, size = 4 * MiB): Promise<Buffer> {
  const bytes = Buffer.alloc(size);
  randomBytes(64 * 1024).copy(bytes, 0);
  randomBytes(64 * 1024).copy(bytes, size / 2);
  await writeFile(path, bytes);
  return bytes;
}

export async function convertImage(source: string, sourceFormat: string, target: string, format: string) {
  await runChecked('qemu-img', ['convert', '-q', '-U', '-f', sourceFormat, '-O', format, source, target]);
}

/** The first `length` bytes of a file, and its size. */
export async function readHead(path: string, length: number): Promise<{ size: number; head: Buffer }> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await file.read(head, 0, length, 0);
    return { size: (await file.stat()).size, head: head.subarray(0, bytesRead) };
  } finally {
    await file.close();
  }
}

/** Whether the last `length` bytes of the file read as zeroes. */
export async function tailIsZero(path: string, length = MiB): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const tail = Buffer.alloc(length);
    await file.read(tail, 0, length, size - length);
    return tail.every((byte) => byte === 0);
  } finally {
    await file.close();
  }
}

/**
 * What the volume holds, seen through the driver itself (`copyVolumeToImage` to raw): its size, its
 * first `length` bytes and whether its last MiB is zeroes.
 */
export async function readVolume(
  driver: VolumeDriver,
  volume: VolumeRef,
  dir: string,
  length = 4 * MiB,
): Promise<{ size: number; head: Buffer; tailZero: boolean }> {
  const out = join(dir, `read-${randomUUID()}.raw`);
  try {
    await driver.copyVolumeToImage(volume, out, 'raw');
    const { size, head } = await readHead(out, length);
    return { size, head, tailZero: await tailIsZero(out) };
  } finally {
    await rm(out, { force: true });
  }
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
