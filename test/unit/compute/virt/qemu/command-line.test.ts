import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { optionString, qemuCommandLine } from '../../../../../src/compute/virt/qemu/command-line.js';
import type { GuestRecord } from '../../../../../src/compute/virt/qemu/guest-record.js';
import { InstanceFiles } from '../../../../../src/compute/virt/qemu/instance-files.js';
import { flavorSpec, instanceSpec } from '../../../../contract/virt/fixtures.js';

const files = new InstanceFiles('/var/lib/stratus/instances/0b7c1b7e-6f1e-4f49-9d3e-2f0c1e0b8e11');

function record(overrides: Partial<GuestRecord> = {}): GuestRecord {
  return {
    instance: instanceSpec({
      uuid: '0b7c1b7e-6f1e-4f49-9d3e-2f0c1e0b8e11',
      name: 'instance-0000002a',
      flavor: flavorSpec({ vcpus: 2, memoryMb: 1024 }),
    }),
    disks: [
      { device: 'vda', path: 'disk.qcow2', format: 'qcow2', role: 'root', readOnly: false },
      { device: 'hdd', path: 'disk.config', format: 'raw', role: 'config', readOnly: true },
    ],
    nics: [
      {
        portId: 'b2d5c1f0-1111-4222-8333-944455556666',
        macAddress: 'fa:16:3e:00:00:07',
        tapName: 'tapb2d5c1f0-11',
      },
    ],
    rootDevice: 'vda',
    rescued: false,
    launchedAt: null,
    ...overrides,
  };
}

/** The value following each occurrence of `flag`. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));
}

describe('QEMU command line', () => {
  test('sizes the guest from its flavor and names it by uuid', () => {
    const args = qemuCommandLine(record(), files, { accel: 'tcg', vncListen: '127.0.0.1' });
    assert.deepEqual(values(args, '-m'), ['1024']);
    assert.deepEqual(values(args, '-smp'), ['2']);
    assert.deepEqual(values(args, '-uuid'), ['0b7c1b7e-6f1e-4f49-9d3e-2f0c1e0b8e11']);
    assert.match(
      values(args, '-smbios')[0],
      /^type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova,/,
    );
    assert.deepEqual(values(args, '-accel'), ['tcg']);
    assert.deepEqual(values(args, '-cpu'), ['max']);
    assert.ok(args.includes('-daemonize'));
    assert.deepEqual(values(args, '-pidfile'), [files.pidFile]);
  });

  test('uses the host CPU under KVM', () => {
    const args = qemuCommandLine(record(), files, { accel: 'kvm', vncListen: '127.0.0.1' });
    assert.deepEqual(values(args, '-cpu'), ['host']);
  });

  test('has a monitor socket, an appended serial log and a VNC server on a free display', () => {
    const args = qemuCommandLine(record(), files, { accel: 'tcg', vncListen: '10.0.0.4' });
    assert.deepEqual(values(args, '-qmp'), [`unix:${files.qmpSocket},server=on,wait=off`]);
    assert.deepEqual(values(args, '-chardev'), [`file,id=serial0,path=${files.consoleLog},append=on`]);
    assert.match(values(args, '-vnc')[0], /^10\.0\.0\.4:0,to=\d+$/);
  });

  test('boots the root disk from virtio and attaches the config drive as a read-only IDE CD-ROM', () => {
    const args = qemuCommandLine(record(), files, { accel: 'tcg', vncListen: '127.0.0.1' });
    assert.deepEqual(values(args, '-blockdev'), [
      `qcow2,node-name=drive-vda,read-only=off,file.driver=file,file.filename=${files.dir}/disk.qcow2`,
      `raw,node-name=drive-hdd,read-only=on,file.driver=file,file.filename=${files.dir}/disk.config`,
    ]);
    const devices = values(args, '-device');
    assert.ok(devices.includes('virtio-blk-pci,drive=drive-vda,id=disk-vda,bootindex=1'));
    assert.ok(devices.includes('ide-cd,drive=drive-hdd,id=disk-hdd'));
  });

  test('gives each port a TAP QEMU creates and a virtio NIC with the port MAC', () => {
    const args = qemuCommandLine(record(), files, { accel: 'tcg', vncListen: '127.0.0.1' });
    const port = 'b2d5c1f0-1111-4222-8333-944455556666';
    assert.deepEqual(values(args, '-netdev'), [
      `tap,id=net-${port},ifname=tapb2d5c1f0-11,script=no,downscript=no`,
    ]);
    assert.ok(
      values(args, '-device').includes(
        `virtio-net-pci,netdev=net-${port},mac=fa:16:3e:00:00:07,id=nic-${port},romfile=`,
      ),
    );
  });

  test('in rescue boots the rescue disk first with the own disk second', () => {
    const rescued = record({ rescued: true });
    rescued.disks.push({
      device: 'rescue',
      path: 'disk.rescue',
      format: 'qcow2',
      role: 'rescue',
      readOnly: false,
    });
    const args = qemuCommandLine(rescued, files, { accel: 'tcg', vncListen: '127.0.0.1' });
    assert.deepEqual(
      values(args, '-blockdev').map((blockdev) => /node-name=([^,]+)/.exec(blockdev)![1]),
      ['drive-rescue', 'drive-vda', 'drive-hdd'],
    );
    const notRescued = qemuCommandLine({ ...rescued, rescued: false }, files, {
      accel: 'tcg',
      vncListen: '127.0.0.1',
    });
    assert.ok(!notRescued.join(' ').includes('drive-rescue'), 'the rescue disk only while rescued');
  });

  test('resumes from saved memory paused, the path quoted for the shell', () => {
    const args = qemuCommandLine(record(), files, {
      accel: 'tcg',
      vncListen: '127.0.0.1',
      incomingStatePath: "/srv/it's/suspended.state",
    });
    assert.ok(args.includes('-S'));
    assert.deepEqual(values(args, '-incoming'), [`exec:cat '/srv/it'\\''s/suspended.state'`]);
  });

  test('option strings double commas in values, as QEMU expects', () => {
    assert.equal(optionString({ driver: 'file', filename: '/a,b' }), 'file,filename=/a,,b');
  });
});
