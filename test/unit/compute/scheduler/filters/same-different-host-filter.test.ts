import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differentHostFilter } from '../../../../../src/compute/scheduler/filters/different-host-filter.js';
import { sameHostFilter } from '../../../../../src/compute/scheduler/filters/same-host-filter.js';
import { fakeHost, fakeSpec } from '../fakes.js';

const host = fakeHost('host1', { instances: new Set(['a', 'b']) });

// [hint, same_host passes, different_host passes]
const cases: [string[], boolean, boolean][] = [
  [[], true, true],
  [['a'], true, false],
  [['c', 'b'], true, false],
  [['c'], false, true],
];

for (const [hint, samePasses, differentPasses] of cases) {
  test(`a host running a and b, hint [${hint.join(', ')}]`, () => {
    assert.equal(
      sameHostFilter.hostPasses(host, fakeSpec({ sameHost: hint }), () => {}),
      samePasses,
    );
    assert.equal(
      differentHostFilter.hostPasses(host, fakeSpec({ differentHost: hint }), () => {}),
      differentPasses,
    );
  });
}

test('an empty host is never the same host and always a different one', () => {
  const empty = fakeHost('host2');
  assert.equal(
    sameHostFilter.hostPasses(empty, fakeSpec({ sameHost: ['a'] }), () => {}),
    false,
  );
  assert.equal(
    differentHostFilter.hostPasses(empty, fakeSpec({ differentHost: ['a'] }), () => {}),
    true,
  );
});
