import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  versionFromInt,
  versionSatisfies,
} from '../../../../../src/compute/scheduler/filters/version-predicate.js';

test('integer versions read 1000 per part', () => {
  assert.equal(versionFromInt(6000000), '6.0.0');
  assert.equal(versionFromInt(2011001), '2.11.1');
  assert.equal(versionFromInt(5000), '5.0');
});

const cases: [string, string, boolean][] = [
  ['6.0.0', '>=6.0', true],
  ['6.0.0', '>=6.0,<6.2', true],
  ['6.2.0', '>=6.0,<6.2', false],
  ['6.0.0', '== 6.0.0', true],
  ['6.0.0', '==6.0', false],
  ['6.1', '!=6.0', true],
  ['6.1rc1', '<6.2', true],
  ['6.0', 'six', false],
];

for (const [version, requirement, satisfied] of cases) {
  test(`${version} ${satisfied ? 'meets' : 'does not meet'} ${requirement}`, () => {
    assert.equal(versionSatisfies(version, requirement), satisfied);
  });
}
