import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  matchesRequirement,
  satisfiesExtraSpecs,
} from '../../../../src/block-storage/scheduler/extra-spec-match.js';

describe("matching a type's extra specs with a backend's capabilities", () => {
  it('compares a plain requirement whole, and only with text', () => {
    assert.equal(matchesRequirement('nbd', 'nbd'), true);
    assert.equal(matchesRequirement('nbd', 'iSCSI'), false);
    assert.equal(matchesRequirement(10, '10'), false);
    assert.equal(matchesRequirement(true, 'True'), false);
  });

  it('applies the operators of Cinder', () => {
    assert.equal(matchesRequirement(false, '<is> False'), true);
    assert.equal(matchesRequirement(true, '<is> yes'), true);
    assert.equal(matchesRequirement(false, '<is> True'), false);
    assert.equal(matchesRequirement(100, '>= 50'), true);
    assert.equal(matchesRequirement(100, '<= 50'), false);
    assert.equal(matchesRequirement('20.0', '= 10'), true);
    assert.equal(matchesRequirement('abc', '= 10'), false);
    assert.equal(matchesRequirement('Stratus', '<in> rat'), true);
    assert.equal(matchesRequirement('nbd', '<or> iSCSI <or> nbd'), true);
    assert.equal(matchesRequirement('FC', '<or> iSCSI <or> nbd'), false);
    assert.equal(matchesRequirement('b', 's> a'), true);
    assert.equal(matchesRequirement(undefined, '<is> True'), false);
  });

  const capabilities = { storage_protocol: 'nbd', vendor_name: 'Stratus', QoS_support: false };

  it('requires every unscoped or capabilities: spec the backend reports to match', () => {
    assert.equal(satisfiesExtraSpecs(capabilities, {}), true);
    assert.equal(
      satisfiesExtraSpecs(capabilities, { storage_protocol: 'nbd', vendor_name: 'Stratus' }),
      true,
    );
    assert.equal(satisfiesExtraSpecs(capabilities, { vendor_name: 'Open Source' }), false);
    assert.equal(satisfiesExtraSpecs(capabilities, { 'capabilities:storage_protocol': 'iSCSI' }), false);
    assert.equal(satisfiesExtraSpecs(capabilities, { 'capabilities:QoS_support': '<is> False' }), true);
  });

  it('leaves scoped specs, and capabilities the backend does not report, alone', () => {
    assert.equal(satisfiesExtraSpecs(capabilities, { 'RESKEY:availability_zones': 'elsewhere' }), true);
    assert.equal(satisfiesExtraSpecs(capabilities, { 'vendor:storage_protocol': 'iSCSI' }), true);
    assert.equal(satisfiesExtraSpecs(capabilities, { multiattach: '<is> True' }), true);
  });
});
