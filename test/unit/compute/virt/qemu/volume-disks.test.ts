import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockdevOptions, optionString } from '../../../../../src/compute/virt/qemu/command-line.js';
import { volumeDisk } from '../../../../../src/compute/virt/qemu/guest-disks.js';
import { InstanceFiles } from '../../../../../src/compute/virt/qemu/instance-files.js';
import type { VolumeConnection } from '../../../../../src/compute/virt/types.js';

const files = new InstanceFiles('/var/lib/stratus/instances/0b7c1b7e-6f1e-4f49-9d3e-2f0c1e0b8e11');
const VOLUME = '6f1c8a2e-5b3d-4c1e-9f0a-1b2c3d4e5f60';

const disk = (driverVolumeType: string, data: Record<string, unknown>) =>
  volumeDisk('i-1', {
    connection: { volumeId: VOLUME, driverVolumeType, data } satisfies VolumeConnection,
    mountpoint: '/dev/vdb',
    bootIndex: null,
    tag: null,
  });

describe('QEMU: volumes as guest disks', () => {
  test('local: the path in its format (raw unless said), read-only when Cinder says ro', () => {
    const raw = disk('local', { device_path: '/var/lib/stratus/volumes/v.raw' });
    assert.deepEqual(blockdevOptions(raw, files), {
      'node-name': 'drive-vdb',
      driver: 'raw',
      'read-only': false,
      file: { driver: 'file', filename: '/var/lib/stratus/volumes/v.raw' },
    });
    const qcow2 = disk('local', {
      device_path: '/dev/stratus-vg/volume-1',
      format: 'qcow2',
      access_mode: 'ro',
    });
    assert.deepEqual(blockdevOptions(qcow2, files), {
      'node-name': 'drive-vdb',
      driver: 'qcow2',
      'read-only': true,
      file: { driver: 'host_device', filename: '/dev/stratus-vg/volume-1' },
    });
  });

  test('nbd: the export over TCP, as -blockdev and blockdev-add take it', () => {
    const nbd = disk('nbd', { host: '192.0.2.7', port: 10809, name: `volume-${VOLUME}`, format: 'qcow2' });
    assert.equal(nbd.path, `nbd://192.0.2.7:10809/volume-${VOLUME}`);
    assert.deepEqual(blockdevOptions(nbd, files), {
      'node-name': 'drive-vdb',
      driver: 'qcow2',
      'read-only': false,
      file: {
        driver: 'nbd',
        server: { type: 'inet', host: '192.0.2.7', port: '10809' },
        export: `volume-${VOLUME}`,
      },
    });
    assert.equal(
      optionString(blockdevOptions(nbd, files)),
      `qcow2,node-name=drive-vdb,read-only=off,file.driver=nbd,file.server.type=inet,file.server.host=192.0.2.7,file.server.port=10809,file.export=volume-${VOLUME}`,
    );
  });

  test('what QEMU is not given is refused with the reason', () => {
    assert.throws(
      () => disk('iscsi', { target_iqn: 'iqn.x' }),
      /of type iscsi cannot be attached by this driver/,
    );
    assert.throws(() => disk('local', { device_path: '/x', format: 'vmdk' }), /has format vmdk/);
    assert.throws(() => disk('nbd', { host: '192.0.2.7' }), /without its host, port and export name/);
  });
});
