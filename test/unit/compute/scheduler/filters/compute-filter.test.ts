import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeFilter } from '../../../../../src/compute/scheduler/filters/compute-filter.js';
import { fakeHost, fakeSpec } from '../fakes.js';

const cases: [string, { disabled: boolean; up: boolean }, boolean][] = [
  ['an enabled service that is up passes', { disabled: false, up: true }, true],
  ['a disabled service fails', { disabled: true, up: true }, false],
  ['a service not heard from fails', { disabled: false, up: false }, false],
  ['a disabled service that is down fails', { disabled: true, up: false }, false],
];

for (const [title, service, passes] of cases) {
  test(title, () => {
    assert.equal(
      computeFilter.hostPasses(fakeHost('host1', { service }), fakeSpec(), () => {}),
      passes,
    );
  });
}

test('the note names the host and the reason it was disabled', () => {
  let reason = '';
  const host = fakeHost('host1', { service: { disabled: true, disabledReason: 'maintenance', up: true } });
  computeFilter.hostPasses(host, fakeSpec(), (why) => (reason = why));
  assert.match(reason, /^\(host1, host1-node\) .* is disabled, reason: maintenance$/);
});
