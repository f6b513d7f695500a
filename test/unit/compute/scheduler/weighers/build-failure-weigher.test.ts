import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFailureWeigher } from '../../../../../src/compute/scheduler/weighers/build-failure-weigher.js';
import { weighHosts } from '../../../../../src/compute/scheduler/weighers/host-weigher.js';
import { ramWeigher } from '../../../../../src/compute/scheduler/weighers/ram-weigher.js';
import { fakeHost, fakeSpec } from '../fakes.js';

test('hosts with failed builds weigh less, in proportion, by a million by default', () => {
  const hosts = [0, 1, 2, 3].map((failedBuilds, i) => fakeHost(`host${i + 1}`, { failedBuilds }));
  const weighed = weighHosts([buildFailureWeigher()], hosts, fakeSpec());
  assert.deepEqual(
    weighed.map((entry) => [entry.host.host, Math.round(entry.weight)]),
    [
      ['host1', 0],
      ['host2', -333333],
      ['host3', -666667],
      ['host4', -1000000],
    ],
  );
});

test('one failure outweighs any difference in free RAM', () => {
  const hosts = [
    fakeHost('roomy', { freeRamMb: 65536, failedBuilds: 1 }),
    fakeHost('tight', { freeRamMb: 512 }),
  ];
  const weighed = weighHosts([ramWeigher(), buildFailureWeigher()], hosts, fakeSpec());
  assert.equal(weighed[0].host.host, 'tight');
});

test('the multiplier is configurable and overridable per aggregate', () => {
  const host = fakeHost('host1', {
    aggregates: [{ name: 'a', metadata: { build_failure_weight_multiplier: '10' } }],
  });
  assert.equal(buildFailureWeigher().multiplier(fakeHost('host2')), -1000000);
  assert.equal(buildFailureWeigher({ multiplier: 5 }).multiplier(fakeHost('host2')), -5);
  assert.equal(buildFailureWeigher().multiplier(host), -10);
});
