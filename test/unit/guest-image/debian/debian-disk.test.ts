import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { debianSyslinuxConfig } from '../../../../src/guest-image/debian/debian-disk.js';
import { debianDiskLayout } from '../../../../src/guest-image/debian/disk-layout.js';
import { mbrSector, PARTITION_TYPE } from '../../../../src/guest-image/master-boot-record.js';
import { fstab } from '../../../../src/guest-image/debian/guest-configuration.js';

const uuid = '4aa94d7a-9033-4f17-8aad-09de915c5594';

describe('Debian image disk', () => {
  test('a FAT boot partition at 1 MiB, then the root to the end of the disk', () => {
    const layout = debianDiskLayout(2048, 128);
    assert.equal(layout.diskSectors, 2048 * 2048);
    assert.deepEqual(layout.boot, {
      startSector: 2048,
      sectors: 128 * 2048,
      type: PARTITION_TYPE.fat16Lba,
      active: true,
    });
    assert.deepEqual(layout.root, {
      startSector: 129 * 2048,
      sectors: (2048 - 129) * 2048,
      type: PARTITION_TYPE.linux,
      active: false,
    });
    assert.throws(() => debianDiskLayout(128, 128), /cannot hold/);
  });

  test('the MBR holds the boot code and both partitions, only the boot one active', () => {
    const layout = debianDiskLayout(2048, 128);
    const mbr = mbrSector(Buffer.alloc(440, 0xab), [layout.boot, layout.root]);
    assert.equal(mbr.length, 512);
    assert.equal(mbr[439], 0xab);
    assert.deepEqual([mbr[446], mbr[446 + 4], mbr.readUInt32LE(446 + 8)], [0x80, 0x0e, 2048]);
    assert.deepEqual(
      [mbr[462], mbr[462 + 4], mbr.readUInt32LE(462 + 8), mbr.readUInt32LE(462 + 12)],
      [0x00, 0x83, 129 * 2048, (2048 - 129) * 2048],
    );
    // The root's last sector in CHS: cylinder 261 (its two high bits in the sector byte), head 21, sector 16.
    assert.deepEqual([...mbr.subarray(462 + 5, 462 + 8)], [21, 0x40 | 16, 261 & 0xff]);
    // Past cylinder 1023 (about 8 GiB) the CHS end is the maximum, as partitioning tools write it.
    const large = debianDiskLayout(16384, 128);
    const largeMbr = mbrSector(Buffer.alloc(0), [large.boot, large.root]);
    assert.deepEqual([...largeMbr.subarray(462 + 5, 462 + 8)], [0xfe, 0xff, 0xff]);
    assert.equal(mbr.readUInt32LE(478), 0, 'no third partition');
    assert.deepEqual([mbr[510], mbr[511]], [0x55, 0xaa]);
  });

  test('syslinux boots the root by UUID, the serial console last', () => {
    const config = debianSyslinuxConfig(uuid);
    assert.match(config, /^\s+KERNEL \/vmlinuz$/m);
    assert.match(config, /^\s+INITRD \/initrd\.img$/m);
    assert.match(
      config,
      new RegExp(`^\\s+APPEND root=UUID=${uuid} ro console=tty0 console=ttyS0,115200n8$`, 'm'),
    );
  });

  test('fstab mounts the root by UUID and the boot partition by its volume id, not failing the boot without it', () => {
    const lines = fstab(uuid, '1a2b3c4d').split('\n');
    assert.ok(lines.includes(`UUID=${uuid} / ext4 rw,discard,errors=remount-ro 0 1`));
    assert.ok(lines.includes('UUID=1A2B-3C4D /boot/syslinux vfat defaults,nofail,umask=0077 0 0'));
  });
});
