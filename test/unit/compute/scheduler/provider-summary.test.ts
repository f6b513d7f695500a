import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourcesFromProviderSummary } from '../../../../src/compute/scheduler/provider-summary.js';

test("a host's free resources come from placement's capacity and usage", () => {
  const summary = {
    resources: {
      VCPU: { capacity: 64, used: 6 },
      MEMORY_MB: { capacity: 15872, used: 2048 },
      DISK_GB: { capacity: 90, used: 20 },
    },
  };
  assert.deepEqual(resourcesFromProviderSummary(summary), {
    vcpusTotal: 64,
    vcpusUsed: 6,
    cpuAllocationRatio: 1,
    totalUsableRamMb: 15872,
    freeRamMb: 13824,
    totalUsableDiskGb: 90,
    freeDiskMb: 70 * 1024,
  });
});

test('a class the provider does not have counts as none', () => {
  const resources = resourcesFromProviderSummary({ resources: { VCPU: { capacity: 4, used: 0 } } });
  assert.equal(resources.freeDiskMb, 0);
  assert.equal(resources.totalUsableRamMb, 0);
});
