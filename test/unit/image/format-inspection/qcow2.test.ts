import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDeclaredFormat } from '../../../../src/image/format-inspection/index.js';
import {
  craftQcow2,
  inspect,
  inspectSplit,
  qemuImage,
  qemuVirtualSize,
  scratchPath,
  withoutQemuImg,
} from './images.js';

const GIB = 1024 ** 3;
const DATA_FILE_EXTENSION = 0x44415441;
const BACKING_FORMAT_EXTENSION = 0xe2792aca;

describe('qcow2 images made by qemu-img', { skip: withoutQemuImg }, () => {
  it('detects a version 3 image and reads its virtual size', () => {
    const result = inspect(qemuImage('v3.qcow2', 'qcow2', '1G'));
    assert.deepEqual(result, { format: 'qcow2', virtualSize: GIB, problems: [] });
    assert.equal(result.virtualSize, qemuVirtualSize('v3.qcow2', 'qcow2'));
    assert.equal(checkDeclaredFormat('qcow2', result), null);
  });

  it('detects a version 2 (compat=0.10) image', () => {
    const result = inspect(qemuImage('v2.qcow2', 'qcow2', '64M', ['-o', 'compat=0.10']));
    assert.deepEqual(result, { format: 'qcow2', virtualSize: 64 * 1024 ** 2, problems: [] });
  });

  it('refuses an image with a backing file, declared qcow2 or raw', () => {
    qemuImage('base.qcow2', 'qcow2', '1G');
    const overlay = qemuImage('overlay.qcow2', 'qcow2', '1G', [
      '-b',
      scratchPath('base.qcow2'),
      '-F',
      'qcow2',
    ]);
    const result = inspect(overlay);
    assert.deepEqual(result.problems, ['Image has a backing file']);
    assert.equal(
      checkDeclaredFormat('qcow2', result),
      'Image failed safety checks: Image has a backing file',
    );
    assert.equal(checkDeclaredFormat('raw', result), 'Image failed safety checks: Image has a backing file');
  });

  it('refuses an image with an external data file', () => {
    const image = qemuImage('external.qcow2', 'qcow2', '16M', [
      '-o',
      `data_file=${scratchPath('external.raw')}`,
    ]);
    const result = inspect(image);
    assert.equal(result.format, 'qcow2');
    assert.deepEqual(result.problems, ['Image has data_file set']);
    assert.equal(checkDeclaredFormat('qcow2', result), 'Image failed safety checks: Image has data_file set');
  });

  it('refuses incompatible features upstream does not know (extended L2 entries)', () => {
    const result = inspect(qemuImage('extended-l2.qcow2', 'qcow2', '16M', ['-o', 'extended_l2=on']));
    assert.deepEqual(result.problems, ['Unknown QCOW2 features found']);
  });

  it('gives the same answer however the stream is chunked', () => {
    qemuImage('chunked-base.qcow2', 'qcow2', '1G');
    const image = qemuImage('chunked.qcow2', 'qcow2', '1G', [
      '-b',
      scratchPath('chunked-base.qcow2'),
      '-F',
      'qcow2',
    ]);
    const expected = inspect(image);
    for (const chunkSize of [1, 3, 512, 4096, 65536]) assert.deepEqual(inspect(image, chunkSize), expected);
    for (let at = 0; at <= 2048; at++) assert.deepEqual(inspectSplit(image, at), expected, `split at ${at}`);
  });
});

describe('crafted qcow2 headers', () => {
  it('reads a crafted header as qemu would', () => {
    assert.deepEqual(inspect(craftQcow2({ size: 5n * 2n ** 30n })), {
      format: 'qcow2',
      virtualSize: 5 * GIB,
      problems: [],
    });
  });

  it('refuses a backing file offset', () => {
    const image = craftQcow2({ version: 2, backingFileOffset: 72n });
    image.write('/etc/passwd', 72, 'latin1');
    assert.deepEqual(inspect(image).problems, ['Image has a backing file']);
  });

  it('refuses the external data file feature bit', () => {
    assert.deepEqual(inspect(craftQcow2({ incompatibleFeatures: 1n << 2n })).problems, [
      'Image has data_file set',
    ]);
  });

  it('refuses a data file header extension even without the feature bit', () => {
    const image = craftQcow2({
      extensions: [
        [BACKING_FORMAT_EXTENSION, Buffer.from('raw')],
        [DATA_FILE_EXTENSION, Buffer.from('/etc/passwd')],
      ],
    });
    assert.deepEqual(inspect(image).problems, ['Image has data_file set']);
  });

  it('accepts the dirty, corrupt and compression type bits and refuses any other', () => {
    assert.deepEqual(inspect(craftQcow2({ incompatibleFeatures: 0b1011n })).problems, []);
    for (const bit of [4n, 5n, 17n, 63n]) {
      const result = inspect(craftQcow2({ incompatibleFeatures: 1n << bit }));
      assert.deepEqual(result.problems, ['Unknown QCOW2 features found'], `bit ${bit}`);
    }
  });

  it('refuses versions other than 2 and 3', () => {
    for (const version of [1, 4]) {
      assert.deepEqual(inspect(craftQcow2({ version })).problems, ['Unsupported qcow2 version']);
    }
  });

  it('finds a data file extension deep in a large first cluster', () => {
    const padding = Buffer.alloc(60000);
    const image = craftQcow2({
      clusterBits: 16,
      extensions: [
        [0x12345678, padding],
        [DATA_FILE_EXTENSION, Buffer.from('/dev/sda')],
      ],
    });
    assert.deepEqual(inspect(image, 4096).problems, ['Image has data_file set']);
  });

  it('finds a bad header split at any offset or fed a byte at a time', () => {
    const image = craftQcow2({ extensions: [[DATA_FILE_EXTENSION, Buffer.from('/etc/shadow')]] });
    for (let at = 0; at <= image.length; at++) {
      assert.deepEqual(inspectSplit(image, at).problems, ['Image has data_file set'], `split at ${at}`);
    }
    assert.deepEqual(inspect(image, 1).problems, ['Image has data_file set']);
  });

  it('refuses a truncated header rather than taking it for raw', () => {
    const image = craftQcow2({ backingFileOffset: 512n });
    for (const length of [4, 50, 100]) {
      const result = inspect(image.subarray(0, length));
      assert.equal(result.format, 'qcow2');
      assert.deepEqual(result.problems, ['Incomplete file cannot be safety checked']);
      assert.match(checkDeclaredFormat('raw', result)!, /^Image failed safety checks/);
    }
  });

  it('takes a stream shorter than the magic for raw', () => {
    assert.deepEqual(inspect(Buffer.from('QFI')), { format: 'raw', virtualSize: 3, problems: [] });
  });
});
