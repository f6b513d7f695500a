import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstanceGroup, ServerGroupPolicy } from '../../../../../src/compute/scheduler/request-spec.js';
import { serverGroupAffinityFilter } from '../../../../../src/compute/scheduler/filters/server-group-affinity-filter.js';
import { serverGroupAntiAffinityFilter } from '../../../../../src/compute/scheduler/filters/server-group-anti-affinity-filter.js';
import { fakeHost, fakeSpec } from '../fakes.js';

function group(
  policy: ServerGroupPolicy,
  hosts: string[],
  members: string[] = [],
  rules = {},
): InstanceGroup {
  return { uuid: 'group-1', policy, rules, members, hosts };
}

// Anti-affinity: [title, group, instances on host1, instance being scheduled, passes]
const antiAffinity: [string, InstanceGroup | null, string[], string | null, boolean][] = [
  ['no group passes', null, ['m1'], null, true],
  ['another policy passes', group('affinity', ['host1'], ['m1']), ['m1'], null, true],
  ['a host with no member passes', group('anti-affinity', ['host2'], ['m1']), ['x'], null, true],
  ['a host with a member fails', group('anti-affinity', ['host1'], ['m1']), ['m1'], null, false],
  ['a host holding the instance moved passes', group('anti-affinity', ['host1'], ['m1']), ['m1'], 'm1', true],
  [
    'below max_server_per_host passes',
    group('anti-affinity', ['host1'], ['m1', 'm2'], { max_server_per_host: 2 }),
    ['m1'],
    null,
    true,
  ],
  [
    'at max_server_per_host fails',
    group('anti-affinity', ['host1'], ['m1', 'm2', 'm3'], { max_server_per_host: 2 }),
    ['m1', 'm2'],
    null,
    false,
  ],
];

for (const [title, instanceGroup, instances, instanceUuid, passes] of antiAffinity) {
  test(`ServerGroupAntiAffinityFilter: ${title}`, () => {
    const host = fakeHost('host1', { instances: new Set(instances) });
    assert.equal(
      serverGroupAntiAffinityFilter.hostPasses(host, fakeSpec({ instanceGroup, instanceUuid }), () => {}),
      passes,
    );
  });
}

// Affinity: [title, group, passes for host1]
const affinity: [string, InstanceGroup | null, boolean][] = [
  ['no group passes', null, true],
  ['another policy passes', group('anti-affinity', ['host2']), true],
  ['a group with no hosts yet passes', group('affinity', []), true],
  ['a host of the group passes', group('affinity', ['host1']), true],
  ['a host outside the group fails', group('affinity', ['host2']), false],
];

for (const [title, instanceGroup, passes] of affinity) {
  test(`ServerGroupAffinityFilter: ${title}`, () => {
    assert.equal(
      serverGroupAffinityFilter.hostPasses(fakeHost('host1'), fakeSpec({ instanceGroup }), () => {}),
      passes,
    );
  });
}

test('both run for every instance of a request, since each pick changes the group', () => {
  assert.equal(serverGroupAffinityFilter.runOncePerRequest, false);
  assert.equal(serverGroupAntiAffinityFilter.runOncePerRequest, false);
});
