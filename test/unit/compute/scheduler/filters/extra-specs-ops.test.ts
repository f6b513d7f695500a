import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extraSpecMatches } from '../../../../../src/compute/scheduler/filters/extra-specs-ops.js';

// Nova's test_extra_specs_ops cases: [value, requirement, matches].
const cases: [string, string, boolean][] = [
  ['1', '1', true],
  ['', '1', false],
  ['3', '1', false],
  ['222', '2', false],
  ['4', '> 2', false],
  ['123', '= 123', true],
  ['124', '= 123', true],
  ['34', '= 234', false],
  ['34', '=', false],
  ['123', 's== 123', true],
  ['1234', 's== 123', false],
  ['1234', 's!= 123', true],
  ['123', 's!= 123', false],
  ['1000', 's>= 234', false],
  ['1234', 's<= 1000', false],
  ['2', 's< 12', false],
  ['12', 's> 2', false],
  ['12311321', '<in> 11', true],
  ['12311321', '<in> 12311321', true],
  ['12311321', '<in> 12311321 <in>', true],
  ['12310321', '<in> 11', false],
  ['12310321', '<in> 11 <in>', false],
  ['12', '<or> 11 <or> 12', true],
  ['12', '<or> 11 <or> 12 <or>', true],
  ['13', '<or> 11 <or> 12', false],
  ['13', '<or> 11 <or> 12 <or>', false],
  ['2', '<= 10', true],
  ['3', '<= 2', false],
  ['3', '>= 1', true],
  ['2', '>= 3', false],
  ["['aes', 'mmx', 'aux']", '<all-in> aes mmx', true],
  ["['aes', 'mmx', 'aux']", '<all-in> mmx', true],
  ["['aes', 'mmx', 'aux']", '<all-in>  txt', false],
  ["['aes', 'mmx', 'aux']", '<all-in> txt 3dnow', false],
  ["['aes', 'mmx', 'aux']", '<all-in> txt aes', false],
  ['1.5', '== 1.50', true],
  ['fast', '>= 2', false],
];

for (const [value, requirement, matches] of cases) {
  test(`'${value}' ${matches ? 'meets' : 'does not meet'} '${requirement}'`, () => {
    assert.equal(extraSpecMatches(value, requirement), matches);
  });
}

test('a missing value meets no operator but is compared plainly otherwise', () => {
  assert.equal(extraSpecMatches(null, '>= 1'), false);
  assert.equal(extraSpecMatches(undefined, 'ssd'), false);
});
