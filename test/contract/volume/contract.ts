import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runChecked, runCommand } from '../../../src/common/run-command.js';
import { VolumeDriverErrorCode } from '../../../src/block-storage/drivers/errors.js';
import type { VolumeDriver } from '../../../src/block-storage/drivers/volume-driver.js';
import {
  BACKEND_HOST,
  GiB,
  MiB,
  connector,
  convertImage,
  exists,
  patternImage,
  readHead,
  readVolume,
  snapshotRef,
  tempDir,
  volumeRef,
} from './fixtures.js';

/** How the contract gets drivers of one implementation. */
export interface VolumeDriverHarness {
  /** A new driver with a backend of its own, `init` done, running on `BACKEND_HOST`. */
  create(): Promise<VolumeDriver>;
  /** Closes the driver and removes its backend. */
  dispose(driver: VolumeDriver): Promise<void>;
  /** It converts with qemu-img: qcow2 images go in and out, and images are inspected before use. */
  convertsImages: boolean;
  /** Its `local` device paths exist on this host. */
  localPathsExist: boolean;
  /** Its NBD exports serve the volume here (false), or why they do not (a made-up export, no daemon). */
  nbdSkipReason: string | false;
}

const OTHER_HOST = 'compute-2';
const THIRD_HOST = 'compute-3';

const rejectsWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.code, code, error.message);
    return true;
  });

const nbdUrl = (data: Record<string, unknown>) =>
  `nbd://${String(data.host)}:${String(data.port)}/${String(data.name)}`;

/** Reads an NBD export's first bytes with qemu-img, as a compute host's QEMU would open it. */
async function readExport(data: Record<string, unknown>, dir: string, length: number) {
  const out = join(dir, `nbd-${randomUUID()}.raw`);
  await convertImage(nbdUrl(data), 'raw', out, 'raw');
  return readHead(out, length);
}

async function exportedSize(data: Record<string, unknown>): Promise<number> {
  const out = await runChecked('qemu-img', ['info', '--output=json', '-f', 'raw', nbdUrl(data)]);
  return (JSON.parse(out) as { 'virtual-size': number })['virtual-size'];
}

async function exportReachable(data: Record<string, unknown>): Promise<boolean> {
  const result = await runCommand('qemu-img', ['info', '-f', 'raw', nbdUrl(data)], { timeoutMs: 10_000 });
  return result.code === 0;
}

/**
 * The behaviour every volume driver owes the volume manager (STYLE.md: one contract suite per
 * interface, run against every implementation): volumes made empty, from images, clones and
 * snapshots with the right bytes and sizes; extend; forgiving deletes; honest capacity; and
 * connections, a local path on the backend's own host, an NBD export on any other.
 */
export function volumeDriverContract(
  name: string,
  harness: VolumeDriverHarness,
  skip: string | false = false,
): void {
  async function withDriver(body: (driver: VolumeDriver, dir: string) => Promise<void>): Promise<void> {
    const driver = await harness.create();
    const dir = await tempDir('volume-contract');
    try {
      await body(driver, dir.path);
    } finally {
      await harness.dispose(driver);
      await dir.remove();
    }
  }

  describe(`volume driver contract: ${name}`, { skip }, () => {
    test('a new backend holds nothing and reports its capacity; init again changes nothing', () =>
      withDriver(async (driver) => {
        await driver.init();
        const capacity = await driver.capacity();
        assert.equal(capacity.provisionedGb, 0);
        assert.ok(capacity.totalGb > 0);
        assert.ok(capacity.freeGb >= 0 && capacity.freeGb <= capacity.totalGb);
      }));

    test('createVolume makes an empty volume of its size, counted in the capacity; its id again is refused', () =>
      withDriver(async (driver, dir) => {
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        const content = await readVolume(driver, volume, dir);
        assert.equal(content.size, GiB);
        assert.ok(content.head.every((byte) => byte === 0));
        assert.ok(content.tailZero);
        assert.equal((await driver.capacity()).provisionedGb, 1);
        await rejectsWith(driver.createVolume(volume), VolumeDriverErrorCode.ALREADY_EXISTS);
      }));

    test('a raw image goes in and comes out byte for byte; the rest of the volume reads as zeroes', () =>
      withDriver(async (driver, dir) => {
        const image = await patternImage(join(dir, 'image.raw'));
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        await driver.copyImageToVolume(volume, join(dir, 'image.raw'), 'raw');
        const content = await readVolume(driver, volume, dir, image.length + MiB);
        assert.equal(content.size, GiB);
        assert.ok(content.head.subarray(0, image.length).equals(image));
        assert.ok(content.head.subarray(image.length).every((byte) => byte === 0));
        assert.ok(content.tailZero);
      }));

    test(
      'a qcow2 image goes in, and the volume comes out as a qcow2 image of the same bytes',
      {
        skip: !harness.convertsImages && 'the driver converts no images',
      },
      () =>
        withDriver(async (driver, dir) => {
          const image = await patternImage(join(dir, 'image.raw'));
          await convertImage(join(dir, 'image.raw'), 'raw', join(dir, 'image.qcow2'), 'qcow2');
          const volume = volumeRef(1);
          await driver.createVolume(volume);
          await driver.copyImageToVolume(volume, join(dir, 'image.qcow2'), 'qcow2');
          await driver.copyVolumeToImage(volume, join(dir, 'out.qcow2'), 'qcow2');
          const info = JSON.parse(
            await runChecked('qemu-img', ['info', '--output=json', join(dir, 'out.qcow2')]),
          ) as { format: string; 'virtual-size': number };
          assert.equal(info.format, 'qcow2');
          assert.equal(info['virtual-size'], GiB);
          await convertImage(join(dir, 'out.qcow2'), 'qcow2', join(dir, 'out.raw'), 'raw');
          assert.ok((await readHead(join(dir, 'out.raw'), image.length)).head.equals(image));
        }),
    );

    test('an image larger than the volume is refused', () =>
      withDriver(async (driver, dir) => {
        const path = join(dir, 'big.raw');
        await patternImage(path);
        await truncate(path, GiB + MiB);
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        await rejectsWith(
          driver.copyImageToVolume(volume, path, 'raw'),
          VolumeDriverErrorCode.IMAGE_UNACCEPTABLE,
        );
      }));

    test(
      'an image that names a backing file is refused: it would copy a file of the host',
      {
        skip: !harness.convertsImages && 'the driver inspects no images',
      },
      () =>
        withDriver(async (driver, dir) => {
          await patternImage(join(dir, 'host-secret.raw'));
          await runChecked('qemu-img', [
            'create',
            '-q',
            '-f',
            'qcow2',
            '-b',
            join(dir, 'host-secret.raw'),
            '-F',
            'raw',
            join(dir, 'overlay.qcow2'),
          ]);
          const volume = volumeRef(1);
          await driver.createVolume(volume);
          await rejectsWith(
            driver.copyImageToVolume(volume, join(dir, 'overlay.qcow2'), 'qcow2'),
            VolumeDriverErrorCode.IMAGE_UNACCEPTABLE,
          );
        }),
    );

    test('a clone holds the source as it was, may be larger, and does not change with it', () =>
      withDriver(async (driver, dir) => {
        const first = await patternImage(join(dir, 'first.raw'));
        const second = await patternImage(join(dir, 'second.raw'));
        const source = volumeRef(1);
        await driver.createVolume(source);
        await driver.copyImageToVolume(source, join(dir, 'first.raw'), 'raw');
        const clone = volumeRef(2);
        await driver.createClonedVolume(clone, source);
        await driver.copyImageToVolume(source, join(dir, 'second.raw'), 'raw');

        const cloned = await readVolume(driver, clone, dir);
        assert.equal(cloned.size, 2 * GiB);
        assert.ok(cloned.head.equals(first));
        assert.ok(cloned.tailZero);
        assert.ok((await readVolume(driver, source, dir)).head.equals(second));
        assert.equal((await driver.capacity()).provisionedGb, 3);
        await rejectsWith(
          driver.createClonedVolume(volumeRef(1), volumeRef(1)),
          VolumeDriverErrorCode.VOLUME_NOT_FOUND,
        );
      }));

    test('a volume made from a snapshot holds the content of snapshot time and may be larger', () =>
      withDriver(async (driver, dir) => {
        const first = await patternImage(join(dir, 'first.raw'));
        const second = await patternImage(join(dir, 'second.raw'));
        const source = volumeRef(1);
        await driver.createVolume(source);
        await driver.copyImageToVolume(source, join(dir, 'first.raw'), 'raw');
        const snapshot = snapshotRef(source);
        await driver.createSnapshot(snapshot);
        await rejectsWith(driver.createSnapshot(snapshot), VolumeDriverErrorCode.ALREADY_EXISTS);
        await driver.copyImageToVolume(source, join(dir, 'second.raw'), 'raw');

        const restored = volumeRef(3);
        await driver.createVolumeFromSnapshot(restored, snapshot);
        const content = await readVolume(driver, restored, dir);
        assert.equal(content.size, 3 * GiB);
        assert.ok(content.head.equals(first));
        assert.ok(content.tailZero);
        assert.ok((await readVolume(driver, source, dir)).head.equals(second));
        await rejectsWith(
          driver.createSnapshot(snapshotRef(volumeRef(1))),
          VolumeDriverErrorCode.VOLUME_NOT_FOUND,
        );
      }));

    test('extend grows the volume and keeps its content; smaller is refused, the same size changes nothing', () =>
      withDriver(async (driver, dir) => {
        const image = await patternImage(join(dir, 'image.raw'));
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        await driver.copyImageToVolume(volume, join(dir, 'image.raw'), 'raw');
        await driver.extendVolume(volume, 2, false);
        const grown = { ...volume, sizeGb: 2 };
        await driver.extendVolume(grown, 2, false);
        await rejectsWith(driver.extendVolume(grown, 1, false), VolumeDriverErrorCode.INVALID_SIZE);

        const content = await readVolume(driver, grown, dir);
        assert.equal(content.size, 2 * GiB);
        assert.ok(content.head.equals(image));
        assert.ok(content.tailZero);
        assert.equal((await driver.capacity()).provisionedGb, 2);
        await rejectsWith(
          driver.extendVolume(volumeRef(1), 2, false),
          VolumeDriverErrorCode.VOLUME_NOT_FOUND,
        );
      }));

    test('deleteVolume gives the space back and is idempotent; the volume is then unknown', () =>
      withDriver(async (driver) => {
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        await driver.deleteVolume(volume);
        await driver.deleteVolume(volume);
        await driver.deleteVolume(volumeRef(1));
        assert.equal((await driver.capacity()).provisionedGb, 0);
        await rejectsWith(driver.contentPath(volume), VolumeDriverErrorCode.VOLUME_NOT_FOUND);
        await rejectsWith(
          driver.initializeConnection(volume, connector(BACKEND_HOST)),
          VolumeDriverErrorCode.VOLUME_NOT_FOUND,
        );
        // The id is free again.
        await driver.createVolume(volume);
      }));

    test('deleteSnapshot is idempotent; volumes made from the snapshot outlive it; everything goes in any order', () =>
      withDriver(async (driver, dir) => {
        const image = await patternImage(join(dir, 'image.raw'));
        const source = volumeRef(1);
        await driver.createVolume(source);
        await driver.copyImageToVolume(source, join(dir, 'image.raw'), 'raw');
        const snapshot = snapshotRef(source);
        await driver.createSnapshot(snapshot);
        const restored = volumeRef(1);
        await driver.createVolumeFromSnapshot(restored, snapshot);

        await driver.deleteSnapshot(snapshot);
        await driver.deleteSnapshot(snapshot);
        await rejectsWith(
          driver.createVolumeFromSnapshot(volumeRef(1), snapshot),
          VolumeDriverErrorCode.SNAPSHOT_NOT_FOUND,
        );
        await driver.deleteVolume(source);
        assert.ok((await readVolume(driver, restored, dir)).head.equals(image));
        await driver.deleteVolume(restored);
        assert.equal((await driver.capacity()).provisionedGb, 0);
      }));

    test("a connector of the backend's own host gets the volume as a local path", () =>
      withDriver(async (driver) => {
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        const connection = await driver.initializeConnection(volume, connector(BACKEND_HOST));
        assert.equal(connection.driver_volume_type, 'local');
        assert.equal(typeof connection.data.device_path, 'string');
        assert.equal(typeof connection.data.format, 'string');
        if (harness.localPathsExist) assert.ok(await exists(connection.data.device_path as string));
        await driver.terminateConnection(volume, connector(BACKEND_HOST));
        await driver.terminateConnection(volume, connector(BACKEND_HOST));
      }));

    test('other hosts share one NBD export of the volume, which ends with the last of them', () =>
      withDriver(async (driver, dir) => {
        const image = await patternImage(join(dir, 'image.raw'));
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        await driver.copyImageToVolume(volume, join(dir, 'image.raw'), 'raw');
        const first = await driver.initializeConnection(volume, connector(OTHER_HOST));
        const second = await driver.initializeConnection(volume, connector(THIRD_HOST));
        assert.equal(first.driver_volume_type, 'nbd');
        assert.deepEqual(second, first);
        assert.equal(typeof first.data.host, 'string');
        assert.equal(typeof first.data.port, 'number');
        assert.equal(first.data.name, `volume-${volume.id}`);
        assert.equal(first.data.format, 'raw');
        if (harness.nbdSkipReason) {
          await driver.terminateConnection(volume, connector(OTHER_HOST));
          await driver.terminateConnection(volume, connector(THIRD_HOST));
          return;
        }
        const served = await readExport(first.data, dir, image.length);
        assert.equal(served.size, GiB);
        assert.ok(served.head.equals(image));
        await driver.terminateConnection(volume, connector(OTHER_HOST));
        assert.ok(await exportReachable(first.data), 'still served for the third host');
        await driver.terminateConnection(volume, connector(THIRD_HOST));
        await driver.terminateConnection(volume, connector(THIRD_HOST));
        assert.ok(!(await exportReachable(first.data)), 'no longer served');
      }));

    test(
      'a volume extended while exported stays served, and is served at its new size when exported again; close ends every export',
      { skip: harness.nbdSkipReason },
      () =>
        withDriver(async (driver) => {
          const volume = volumeRef(1);
          await driver.createVolume(volume);
          const before = await driver.initializeConnection(volume, connector(OTHER_HOST));
          await driver.extendVolume(volume, 2, true);
          const grown = { ...volume, sizeGb: 2 };
          assert.equal(await exportedSize(before.data), GiB);
          await driver.terminateConnection(grown, connector(OTHER_HOST));

          const after = await driver.initializeConnection(grown, connector(OTHER_HOST));
          assert.equal(await exportedSize(after.data), 2 * GiB);
          const other = volumeRef(1);
          await driver.createVolume(other);
          const second = await driver.initializeConnection(other, connector(THIRD_HOST));
          await driver.close();
          assert.ok(!(await exportReachable(after.data)));
          assert.ok(!(await exportReachable(second.data)));
        }),
    );

    test("contentPath names a readable copy of the volume's content and its format", () =>
      withDriver(async (driver, dir) => {
        const image = await patternImage(join(dir, 'image.raw'));
        const volume = volumeRef(1);
        await driver.createVolume(volume);
        await driver.copyImageToVolume(volume, join(dir, 'image.raw'), 'raw');
        const { path, format } = await driver.contentPath(volume);
        let raw = path;
        if (format !== 'raw') {
          raw = join(dir, 'content.raw');
          await convertImage(path, format, raw, 'raw');
        }
        const content = await readHead(raw, image.length);
        assert.equal(content.size, GiB);
        assert.ok(content.head.equals(image));
      }));
  });
}
