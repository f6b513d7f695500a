import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilityEquals, filterPools } from '../../../../src/block-storage/scheduler/pool-filters.js';

const pools = [
  { name: 'h@a#a', capabilities: { volume_backend_name: 'a', total_capacity_gb: 20.5, QoS_support: false } },
  { name: 'h@b#b', capabilities: { volume_backend_name: 'b', total_capacity_gb: 10, QoS_support: true } },
];

describe('filtering the pools', () => {
  it('compares the name whole, and each other filter with a capability', () => {
    assert.deepEqual(
      filterPools(pools, { name: 'h@a#a' }).map((pool) => pool.name),
      ['h@a#a'],
    );
    assert.deepEqual(filterPools(pools, { name: 'h@a' }), []);
    assert.deepEqual(
      filterPools(pools, { volume_backend_name: 'b', total_capacity_gb: '10' }).map((pool) => pool.name),
      ['h@b#b'],
    );
    assert.equal(filterPools(pools, {}).length, 2);
  });

  it('takes a boolean capability as a boolean word, a missing one as no match', () => {
    assert.equal(capabilityEquals(true, 'Yes'), true);
    assert.equal(capabilityEquals(false, 'no'), true);
    assert.equal(capabilityEquals(false, 'true'), false);
    assert.equal(capabilityEquals(undefined, ''), false);
    assert.equal(capabilityEquals(null, 'None'), false);
    assert.equal(capabilityEquals(20.5, '20.5'), true);
  });
});
