import assert from 'node:assert/strict';
import { test } from 'node:test';
import { availabilityZoneFilter } from '../../../../../src/compute/scheduler/filters/availability-zone-filter.js';
import { fakeHost, fakeSpec } from '../fakes.js';

const zoned = (zone: string) =>
  fakeHost('host1', { aggregates: [{ name: 'agg', metadata: { availability_zone: zone } }] });
const filter = availabilityZoneFilter();

const cases: [string, ReturnType<typeof fakeHost>, string | null, boolean][] = [
  ['no zone requested passes any host', zoned('az1'), null, true],
  ['the same zone passes', zoned('nova'), 'nova', true],
  ['one of comma-separated zones passes', zoned('nova, nova2'), 'nova', true],
  ['another zone fails', zoned('nova'), 'bad', false],
  ['a host in no zone is in the default zone', fakeHost('host1'), 'nova', true],
  ['a host in no zone is not in another zone', fakeHost('host1'), 'az1', false],
];

for (const [title, host, zone, passes] of cases) {
  test(title, () => {
    assert.equal(
      filter.hostPasses(host, fakeSpec({ availabilityZone: zone }), () => {}),
      passes,
    );
  });
}

test('aggregates without a zone do not move a host out of the default zone', () => {
  const host = fakeHost('host1', { aggregates: [{ name: 'ssd', metadata: { ssd: 'true' } }] });
  assert.equal(
    filter.hostPasses(host, fakeSpec({ availabilityZone: 'nova' }), () => {}),
    true,
  );
});

test('the default zone is configurable', () => {
  const custom = availabilityZoneFilter({ defaultAvailabilityZone: 'zone0' });
  assert.equal(
    custom.hostPasses(fakeHost('host1'), fakeSpec({ availabilityZone: 'zone0' }), () => {}),
    true,
  );
  assert.equal(
    custom.hostPasses(fakeHost('host1'), fakeSpec({ availabilityZone: 'nova' }), () => {}),
    false,
  );
});
