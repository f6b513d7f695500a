import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  masterBootRecord,
  PARTITION_START_SECTOR,
  syslinuxConfig,
} from '../../../src/guest-image/boot-disk.js';

describe('boot disk', () => {
  test('syslinux boots the kernel with the initramfs at once, its console on the serial port last', () => {
    const config = syslinuxConfig();
    assert.match(config, /^SERIAL 0 115200$/m);
    assert.match(config, /^TIMEOUT 0$/m);
    assert.match(config, /^\s+KERNEL \/vmlinuz$/m);
    assert.match(config, /^\s+INITRD \/initrd\.gz$/m);
    // The last console= is /dev/console: init's markers must reach the serial log.
    assert.match(config, /^\s+APPEND console=tty0 console=ttyS0,115200n8$/m);
  });

  test('extra kernel arguments follow the consoles', () => {
    assert.match(syslinuxConfig(['quiet']), /APPEND console=tty0 console=ttyS0,115200n8 quiet$/m);
  });

  test('the MBR holds the boot code and one active FAT16 partition from 1 MiB to the end', () => {
    const bootCode = Buffer.alloc(440, 0xab);
    const diskSectors = (64 * 1024 * 1024) / 512;
    const mbr = masterBootRecord(bootCode, diskSectors);
    assert.equal(mbr.length, 512);
    assert.equal(mbr[0], 0xab);
    assert.equal(mbr[439], 0xab);
    assert.equal(mbr[446], 0x80);
    assert.equal(mbr[446 + 4], 0x0e);
    assert.equal(mbr.readUInt32LE(446 + 8), PARTITION_START_SECTOR);
    assert.equal(mbr.readUInt32LE(446 + 12), diskSectors - PARTITION_START_SECTOR);
    assert.equal(mbr.readUInt32LE(462), 0, 'no second partition');
    assert.deepEqual([mbr[510], mbr[511]], [0x55, 0xaa]);
    // CHS of sector 2048 in the 255/63 geometry: head 32, sector 33, cylinder 0.
    assert.deepEqual([...mbr.subarray(447, 450)], [32, 33, 0]);
  });
});
