import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDeclaredFormat } from '../../../../src/image/format-inspection/index.js';
import {
  craftIso,
  craftMbrDisk,
  craftQcow2,
  inspect,
  isoImage,
  qemuImage,
  qemuVirtualSize,
  withoutGenisoimage,
  withoutQemuImg,
} from './images.js';

const MIB = 1024 ** 2;

describe('vhd, vhdx, vdi and qed images made by qemu-img', { skip: withoutQemuImg }, () => {
  it('measures a dynamic vhd as qemu does', () => {
    const result = inspect(qemuImage('dynamic.vhd', 'vpc', '100M'));
    assert.equal(result.format, 'vhd');
    assert.equal(result.virtualSize, qemuVirtualSize('dynamic.vhd', 'vpc'));
    assert.deepEqual(result.problems, []);
  });

  it('recognises a fixed vhd by the footer at its end', () => {
    const image = qemuImage('fixed.vhd', 'vpc', '10M', ['-o', 'subformat=fixed']);
    for (const chunkSize of [image.length, 65536, 1000]) {
      const result = inspect(image, chunkSize);
      assert.equal(result.format, 'vhd');
      assert.equal(result.virtualSize, qemuVirtualSize('fixed.vhd', 'vpc'));
    }
    assert.equal(checkDeclaredFormat('vhd', inspect(image)), null);
  });

  it('measures a vhdx through its region and metadata tables', () => {
    const image = qemuImage('disk.vhdx', 'vhdx', '100M');
    assert.deepEqual(inspect(image), { format: 'vhdx', virtualSize: 100 * MIB, problems: [] });
    assert.deepEqual(inspect(image, 777), inspect(image));
  });

  it('refuses a vhdx whose metadata table comes before the region table that points at it', () => {
    const image = qemuImage('backwards.vhdx', 'vhdx', '100M');
    const table = 192 * 1024;
    for (let entry = table + 16; entry < table + 16 + 32 * image.readUInt32LE(table + 8); entry += 32) {
      if (image.readUInt32LE(entry) === 0x8b7ca206) image.writeBigUInt64LE(64n * 1024n, entry + 16);
    }
    assert.deepEqual(inspect(image).problems, ['Incomplete file cannot be safety checked']);
  });

  it('measures a vdi', () => {
    assert.deepEqual(inspect(qemuImage('disk.vdi', 'vdi', '100M')), {
      format: 'vdi',
      virtualSize: 100 * MIB,
      problems: [],
    });
  });

  it('refuses qed, as upstream does', () => {
    const result = inspect(qemuImage('disk.qed', 'qed', '100M'));
    assert.equal(result.format, 'qed');
    assert.equal(
      checkDeclaredFormat('qed', result),
      'Image failed safety checks: This file format is not allowed',
    );
    assert.equal(
      checkDeclaredFormat('raw', result),
      'Image failed safety checks: This file format is not allowed',
    );
  });

  it('takes a raw image for raw, measured by its length', () => {
    const result = inspect(qemuImage('disk.raw', 'raw', '1M'), 65536);
    assert.deepEqual(result, { format: 'raw', virtualSize: MIB, problems: [] });
    assert.equal(checkDeclaredFormat('raw', result), null);
    assert.equal(
      checkDeclaredFormat('qcow2', result),
      'Image disk_format qcow2 does not match stream data raw',
    );
  });
});

describe('iso images', () => {
  it('measures an ISO 9660 image by its primary volume descriptor', { skip: withoutGenisoimage }, () => {
    const image = isoImage('plain.iso');
    assert.deepEqual(inspect(image), { format: 'iso', virtualSize: image.length, problems: [] });
    assert.equal(checkDeclaredFormat('iso', inspect(image)), null);
    assert.equal(checkDeclaredFormat('raw', inspect(image)), null);
  });

  it('recognises an image with UDF descriptors', { skip: withoutGenisoimage }, () => {
    const image = isoImage('udf.iso', true);
    assert.equal(inspect(image, 4096).format, 'iso');
  });

  it('recognises a UDF volume without ISO 9660 descriptors', () => {
    const image = Buffer.alloc(64 * 1024);
    ['BEA01', 'NSR02', 'TEA01'].forEach((id, index) => image.write(id, (16 + index) * 2048 + 1, 'latin1'));
    assert.deepEqual(inspect(image), { format: 'iso', virtualSize: null, problems: [] });
  });

  it('takes a bootable ISO with an MBR in its system area for an ISO', () => {
    const image = craftIso(100);
    craftMbrDisk([{ boot: 0x80, type: 0x17, startLba: 0, sectors: 100 * 4 }]).copy(image, 0, 0, 512);
    assert.deepEqual(inspect(image), { format: 'iso', virtualSize: 100 * 2048, problems: [] });
  });

  it('requires the content of an image declared iso to be an ISO', () => {
    assert.equal(
      checkDeclaredFormat('iso', inspect(Buffer.alloc(4096))),
      'Image disk_format iso does not match stream data raw',
    );
  });
});

describe('partitioned raw disks', () => {
  it('takes a disk with a well-formed MBR for a partitioned raw disk', () => {
    const result = inspect(craftMbrDisk([{ boot: 0x80, type: 0x83, startLba: 2048 }]));
    assert.deepEqual(result, { format: 'gpt', virtualSize: 64 * 1024, problems: [] });
    assert.equal(checkDeclaredFormat('raw', result), null);
  });

  it('accepts a GPT protective MBR', () => {
    assert.deepEqual(inspect(craftMbrDisk([{ type: 0xee }])).problems, []);
  });

  it('refuses a malformed MBR, as upstream does', () => {
    const cases: Array<[Parameters<typeof craftMbrDisk>[0], string]> = [
      [[{ boot: 0x12, type: 0x83 }], 'MBR PTE 0 has invalid boot flag'],
      [[{ type: 0xee, startChs: [0, 1, 0] }], 'GPT MBR has invalid start CHS'],
      [[{ type: 0xee, startLba: 34 }], 'GPT MBR has invalid start LBA'],
      [[{ type: 0xee }, { type: 0x83 }], 'GPT MBR defines invalid extra partitions'],
      [[], 'GPT MBR has no partitions defined'],
    ];
    for (const [entries, problem] of cases) {
      const result = inspect(craftMbrDisk(entries));
      assert.deepEqual(result.problems, [problem]);
      assert.equal(checkDeclaredFormat('raw', result), `Image failed safety checks: ${problem}`);
    }
  });

  it('takes a FAT boot sector for raw', () => {
    const disk = craftMbrDisk([]);
    disk[0x10] = 2;
    disk[0x15] = 0xf8;
    assert.equal(inspect(disk).format, 'raw');
  });
});

describe('ambiguous content', () => {
  it('refuses content in two formats at once, whatever is declared', () => {
    const image = craftIso(64);
    craftQcow2().copy(image, 0, 0, 4096);
    const result = inspect(image);
    assert.deepEqual(result, {
      format: null,
      virtualSize: null,
      problems: ['Multiple formats detected: iso,qcow2'],
    });
    for (const declared of ['raw', 'iso', 'qcow2', 'ami']) {
      assert.equal(checkDeclaredFormat(declared, result), 'Multiple formats detected: iso,qcow2');
    }
  });

  it('takes an empty stream for an empty raw image', () => {
    assert.deepEqual(inspect(Buffer.alloc(0)), { format: 'raw', virtualSize: 0, problems: [] });
  });
});
