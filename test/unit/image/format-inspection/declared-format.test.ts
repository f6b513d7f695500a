import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkDeclaredFormat,
  recordedVirtualSize,
  type InspectionResult,
} from '../../../../src/image/format-inspection/index.js';

const safe = (format: string, virtualSize = 1000): InspectionResult => ({
  format,
  virtualSize,
  problems: [],
});
const unsafe = (format: string, problem: string): InspectionResult => ({
  format,
  virtualSize: 1000,
  problems: [problem],
});

describe('checkDeclaredFormat', () => {
  it('accepts content in the declared format that passes its safety checks', () => {
    for (const format of ['raw', 'qcow2', 'vmdk', 'vhd', 'vhdx', 'vdi', 'iso']) {
      assert.equal(checkDeclaredFormat(format, safe(format)), null, format);
    }
  });

  it('lets raw hold any safe content, and refuses unsafe content declared raw', () => {
    for (const format of ['qcow2', 'vmdk', 'vhd', 'iso', 'gpt'])
      assert.equal(checkDeclaredFormat('raw', safe(format)), null);
    assert.equal(
      checkDeclaredFormat('raw', unsafe('qcow2', 'Image has a backing file')),
      'Image failed safety checks: Image has a backing file',
    );
  });

  it('refuses content in another format than the declared one', () => {
    assert.equal(
      checkDeclaredFormat('qcow2', safe('raw')),
      'Image disk_format qcow2 does not match stream data raw',
    );
    assert.equal(
      checkDeclaredFormat('vmdk', safe('qcow2')),
      'Image disk_format vmdk does not match stream data qcow2',
    );
    assert.equal(
      checkDeclaredFormat('iso', safe('gpt')),
      'Image disk_format iso does not match stream data gpt',
    );
  });

  it('refuses a declared format whose content fails its safety checks', () => {
    assert.equal(
      checkDeclaredFormat('vmdk', unsafe('vmdk', 'Invalid extent filenames found')),
      'Image failed safety checks: Invalid extent filenames found',
    );
  });

  it('passes formats it cannot inspect unless the content is unsafe', () => {
    for (const format of ['ami', 'ari', 'aki', 'ploop']) {
      assert.equal(checkDeclaredFormat(format, safe('raw')), null, format);
      assert.equal(checkDeclaredFormat(format, safe('gpt')), null, format);
      assert.notEqual(checkDeclaredFormat(format, unsafe('qcow2', 'Image has data_file set')), null, format);
    }
  });

  it('refuses ambiguous content', () => {
    const ambiguous = { format: null, virtualSize: null, problems: ['Multiple formats detected: iso,qcow2'] };
    assert.equal(checkDeclaredFormat('raw', ambiguous), 'Multiple formats detected: iso,qcow2');
  });
});

describe('recordedVirtualSize', () => {
  it("records the content's virtual size when it is in the declared format", () => {
    assert.equal(recordedVirtualSize('qcow2', safe('qcow2', 5 * 2 ** 30), 196608), 5 * 2 ** 30);
  });

  it('records the byte count for raw, whatever the content looks like', () => {
    assert.equal(recordedVirtualSize('raw', safe('qcow2', 5 * 2 ** 30), 196608), 196608);
    assert.equal(recordedVirtualSize('raw', safe('raw', 4096), 4096), 4096);
  });

  it('records nothing for formats it cannot inspect', () => {
    assert.equal(recordedVirtualSize('ami', safe('raw', 4096), 4096), null);
  });
});
