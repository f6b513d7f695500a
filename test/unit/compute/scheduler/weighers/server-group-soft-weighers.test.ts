import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstanceGroup, ServerGroupPolicy } from '../../../../../src/compute/scheduler/request-spec.js';
import { weighHosts } from '../../../../../src/compute/scheduler/weighers/host-weigher.js';
import { serverGroupSoftAffinityWeigher } from '../../../../../src/compute/scheduler/weighers/server-group-soft-affinity-weigher.js';
import { serverGroupSoftAntiAffinityWeigher } from '../../../../../src/compute/scheduler/weighers/server-group-soft-anti-affinity-weigher.js';
import { fakeHost, fakeSpec } from '../fakes.js';

// Nova's test_affinity_weigher shape: host1 has 2 members, host2 1, host3 none.
const hosts = () => [
  fakeHost('host1', { instances: new Set(['m1', 'm2', 'x']) }),
  fakeHost('host2', { instances: new Set(['m3']) }),
  fakeHost('host3', { instances: new Set(['y']) }),
];
const group = (policy: ServerGroupPolicy): InstanceGroup => ({
  uuid: 'g',
  policy,
  rules: {},
  members: ['m1', 'm2', 'm3'],
  hosts: ['host1', 'host2'],
});

test('soft-affinity: the host with the most members wins', () => {
  const weighed = weighHosts(
    [serverGroupSoftAffinityWeigher()],
    hosts(),
    fakeSpec({ instanceGroup: group('soft-affinity') }),
  );
  assert.deepEqual(
    weighed.map((entry) => [entry.host.host, entry.weight]),
    [
      ['host1', 1],
      ['host2', 0.5],
      ['host3', 0],
    ],
  );
});

test('soft-anti-affinity: the host with the fewest members wins', () => {
  const weighed = weighHosts(
    [serverGroupSoftAntiAffinityWeigher()],
    hosts(),
    fakeSpec({ instanceGroup: group('soft-anti-affinity') }),
  );
  assert.deepEqual(
    weighed.map((entry) => [entry.host.host, entry.weight]),
    [
      ['host3', 1],
      ['host2', 0.5],
      ['host1', 0],
    ],
  );
});

const others: [string, InstanceGroup | null][] = [
  ['no group', null],
  ['a group of another policy', group('anti-affinity')],
];
for (const [title, instanceGroup] of others) {
  test(`${title} weighs every host the same`, () => {
    for (const weigher of [serverGroupSoftAffinityWeigher(), serverGroupSoftAntiAffinityWeigher()]) {
      const weighed = weighHosts([weigher], hosts(), fakeSpec({ instanceGroup }));
      assert.deepEqual(
        weighed.map((entry) => entry.weight),
        [0, 0, 0],
      );
    }
  });
}

test('the multipliers are configurable and overridable per aggregate', () => {
  const host = fakeHost('h', {
    aggregates: [{ name: 'a', metadata: { soft_affinity_weight_multiplier: '2.5' } }],
  });
  assert.equal(serverGroupSoftAffinityWeigher().multiplier(host), 2.5);
  assert.equal(serverGroupSoftAntiAffinityWeigher({ multiplier: 3 }).multiplier(host), 3);
});
