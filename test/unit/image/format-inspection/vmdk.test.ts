import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkDeclaredFormat } from '../../../../src/image/format-inspection/index.js';
import {
  craftSparseVmdk,
  craftStreamOptimizedVmdk,
  inspect,
  inspectSplit,
  qemuImage,
  qemuVirtualSize,
  scratchPath,
  vmdkDescriptor,
  withoutQemuImg,
} from './images.js';

const MIB = 1024 ** 2;

describe('vmdk images made by qemu-img', { skip: withoutQemuImg }, () => {
  it('accepts a monolithicSparse image and reads its virtual size', () => {
    const result = inspect(qemuImage('sparse.vmdk', 'vmdk', '100M'));
    assert.deepEqual(result, { format: 'vmdk', virtualSize: 100 * MIB, problems: [] });
    assert.equal(result.virtualSize, qemuVirtualSize('sparse.vmdk', 'vmdk'));
    assert.equal(checkDeclaredFormat('vmdk', result), null);
  });

  it('accepts a streamOptimized image, whose header defers to its footer', () => {
    const image = qemuImage('stream.vmdk', 'vmdk', '100M', ['-o', 'subformat=streamOptimized']);
    assert.deepEqual(inspect(image), { format: 'vmdk', virtualSize: 100 * MIB, problems: [] });
    for (const chunkSize of [1, 100, 4096]) assert.deepEqual(inspect(image, chunkSize), inspect(image));
  });

  it('refuses the descriptor file of a monolithicFlat image, declared vmdk or raw', () => {
    qemuImage('flat.vmdk', 'vmdk', '10M', ['-o', 'subformat=monolithicFlat']);
    const result = inspect(readFileSync(scratchPath('flat.vmdk')));
    assert.deepEqual(result, { format: 'vmdk', virtualSize: null, problems: ['Unsupported subformat'] });
    assert.equal(checkDeclaredFormat('vmdk', result), 'Image failed safety checks: Unsupported subformat');
    assert.equal(checkDeclaredFormat('raw', result), 'Image failed safety checks: Unsupported subformat');
  });
});

describe('crafted vmdk images', () => {
  const sparse = (extent: string, createType = 'monolithicSparse') =>
    craftSparseVmdk({ descriptor: vmdkDescriptor(createType, extent) });

  it('accepts an embedded descriptor whose extent is the file itself', () => {
    const result = inspect(sparse('RW 2048 SPARSE "disk.vmdk"'));
    assert.deepEqual(result, { format: 'vmdk', virtualSize: MIB, problems: [] });
  });

  it('refuses an extent that names a host file', () => {
    const image = sparse('RW 2048 FLAT "/etc/passwd" 0');
    const result = inspect(image);
    assert.deepEqual(result.problems, ['Invalid extent filenames found']);
    assert.equal(
      checkDeclaredFormat('vmdk', result),
      'Image failed safety checks: Invalid extent filenames found',
    );
    assert.equal(
      checkDeclaredFormat('raw', result),
      'Image failed safety checks: Invalid extent filenames found',
    );
    for (let at = 0; at <= 1536; at++) {
      assert.deepEqual(
        inspectSplit(image, at).problems,
        ['Invalid extent filenames found'],
        `split at ${at}`,
      );
    }
  });

  it('refuses layouts whose data lives in other files', () => {
    for (const createType of ['monolithicFlat', 'twoGbMaxExtentSparse', 'vmfs', 'custom']) {
      assert.deepEqual(inspect(sparse('RW 2048 SPARSE "disk.vmdk"', createType)).problems, [
        'Unsupported subformat',
      ]);
    }
  });

  it('refuses descriptor lines it does not understand, and descriptors without extents', () => {
    assert.deepEqual(inspect(sparse('RW 2048 SPARSE "a.vmdk"\nsomething else')).problems, [
      'Invalid VMDK descriptor data',
    ]);
    assert.deepEqual(inspect(sparse('')).problems, ['No extents found']);
  });

  it('accepts a streamOptimized image whose footer repeats the header', () => {
    const image = craftStreamOptimizedVmdk();
    assert.deepEqual(inspect(image), { format: 'vmdk', virtualSize: MIB, problems: [] });
    for (const chunkSize of [1, 100, 512, 4096]) assert.deepEqual(inspect(image, chunkSize), inspect(image));
  });

  it('refuses a streamOptimized footer that disagrees with the header or is badly framed', () => {
    const footer = (image: Buffer) => image.length - 1024;
    const cases: Array<[(image: Buffer) => void, string]> = [
      [
        (image) => image.writeBigUInt64LE(99n, footer(image) + 28),
        'Footer specifies a different descriptor than header',
      ],
      [(image) => image.writeUInt32LE(2, footer(image) + 4), 'Header and footer versions do not match'],
      [
        (image) => image.writeBigUInt64LE(2n ** 64n - 1n, footer(image) + 56),
        'Footer indicates another footer',
      ],
      [(image) => image.writeUInt32LE(1, image.length - 1536 + 12), 'Footer marker is invalid'],
      [(image) => (image[image.length - 10] = 1), 'End-of-stream marker is invalid'],
    ];
    for (const [tamper, problem] of cases) {
      const image = craftStreamOptimizedVmdk();
      tamper(image);
      assert.deepEqual(inspect(image).problems, [problem]);
    }
    assert.deepEqual(inspect(craftStreamOptimizedVmdk().subarray(0, 4000)).problems, [
      'Incomplete file cannot be safety checked',
    ]);
  });

  it('refuses a descriptor anywhere but right after the header', () => {
    const image = craftSparseVmdk({
      descriptor: vmdkDescriptor('monolithicSparse', 'RW 2048 FLAT "/etc/passwd" 0'),
      descriptorSector: 2n,
    });
    assert.deepEqual(inspect(image).problems, ['Wrong descriptor location']);
  });

  it('refuses a truncated descriptor', () => {
    const image = sparse('RW 2048 SPARSE "disk.vmdk"');
    assert.deepEqual(inspect(image.subarray(0, 700)).problems, ['Incomplete file cannot be safety checked']);
  });

  it('refuses a bare descriptor file pointing at a host file, however it is declared', () => {
    const descriptor = Buffer.from(vmdkDescriptor('monolithicFlat', 'RW 2048 FLAT "/etc/passwd" 0'));
    const result = inspect(descriptor);
    assert.equal(result.format, 'vmdk');
    assert.notEqual(checkDeclaredFormat('raw', result), null);
    assert.notEqual(checkDeclaredFormat('vmdk', result), null);
    assert.notEqual(checkDeclaredFormat('ami', result), null);
  });

  it("recognises a descriptor file the way qemu's probe does, by its version line", () => {
    const descriptor = Buffer.from('# comment\n\nversion=1\nRW 2048 FLAT "/etc/passwd" 0\n');
    assert.deepEqual(inspect(descriptor, 5), {
      format: 'vmdk',
      virtualSize: null,
      problems: ['Unsupported subformat'],
    });
  });

  it('takes plain text that is no descriptor for raw', () => {
    const text = Buffer.from('hello world, this is not a disk image at all, just some words\n'.repeat(10));
    assert.equal(inspect(text).format, 'raw');
  });
});
