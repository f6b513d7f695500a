import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateInstanceExtraSpecsFilter } from '../../../../../src/compute/scheduler/filters/aggregate-instance-extra-specs-filter.js';
import { fakeHost, fakeSpec } from '../fakes.js';

const host = fakeHost('host1', {
  aggregates: [
    { name: 'fast', metadata: { opt1: '1', opt2: '2', trust: 'trusted' } },
    { name: 'big', metadata: { opt1: '3', ssd: 'true, yes' } },
  ],
});

// [title, extra specs, passes]
const cases: [string, Record<string, string>, boolean][] = [
  ['no extra specs pass', {}, true],
  ['an unscoped key with a matching value passes', { opt2: '2' }, true],
  ['any aggregate value may match', { opt1: '3' }, true],
  ['a value no aggregate has fails', { opt1: '4' }, false],
  ['a key no aggregate has fails', { opt3: '1' }, false],
  ['a scoped key is read without its scope', { 'aggregate_instance_extra_specs:opt2': '2' }, true],
  ['a scoped key that does not match fails', { 'aggregate_instance_extra_specs:opt2': '3' }, false],
  [
    "keys of other scopes are not this filter's",
    { 'hw:cpu_policy': 'dedicated', 'quota:cpu_shares': '10' },
    true,
  ],
  ['an operator compares values', { opt1: '>= 2' }, true],
  ['an operator that no value meets fails', { opt2: '>= 5' }, false],
  ['comma-separated metadata values are split', { ssd: 'yes' }, true],
  ['<or> choices', { trust: '<or> untrusted <or> trusted' }, true],
  ['every spec must match', { opt2: '2', trust: 's== untrusted' }, false],
];

for (const [title, extraSpecs, passes] of cases) {
  test(title, () => {
    const spec = fakeSpec();
    spec.flavor.extraSpecs = extraSpecs;
    assert.equal(
      aggregateInstanceExtraSpecsFilter.hostPasses(host, spec, () => {}),
      passes,
    );
  });
}

test('a host in no aggregate fails any extra spec it must meet', () => {
  const spec = fakeSpec();
  spec.flavor.extraSpecs = { opt1: '1' };
  let reason = '';
  assert.equal(
    aggregateInstanceExtraSpecsFilter.hostPasses(fakeHost('lonely'), spec, (why) => (reason = why)),
    false,
  );
  assert.match(reason, /Extra_spec opt1 is not in aggregate\.$/);
});
