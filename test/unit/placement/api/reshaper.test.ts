import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorCode, errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';

describe('reshaper', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
  });
  after(() => placement.close());

  /** A compute node with VCPU and memory, an instance on it, and an empty NUMA child. */
  const setUp = async (name: string) => {
    const host = await fx.provider(`${name}-host`);
    await fx.inventory(host, { VCPU: 8, MEMORY_MB: 4096 });
    const instance = randomUUID();
    await fx.allocate(instance, { [host]: { VCPU: 2, MEMORY_MB: 1024 } });
    const numa = await fx.provider(`${name}-numa`, host);
    return { host, numa, instance };
  };
  const body = (host: string, numa: string, instance: string, hostGeneration: number) => ({
    inventories: {
      [host]: { resource_provider_generation: hostGeneration, inventories: { MEMORY_MB: { total: 4096 } } },
      [numa]: { resource_provider_generation: 0, inventories: { VCPU: { total: 8 } } },
    },
    allocations: {
      [instance]: {
        allocations: { [host]: { resources: { MEMORY_MB: 1024 } }, [numa]: { resources: { VCPU: 2 } } },
        project_id: 'p1',
        user_id: 'u1',
        consumer_generation: 1,
        consumer_type: 'INSTANCE',
      },
    },
  });

  test('moves inventory and the allocations on it into a child in one step (1.30+)', async () => {
    const { host, numa, instance } = await setUp('move');
    const early = await placement.request('POST', '/reshaper', { version: '1.29', body: {} });
    assert.equal(early.statusCode, 404);
    await fx.call('POST', '/reshaper', body(host, numa, instance, await fx.generation(host)), 204);
    const hostInventory = (await fx.call('GET', `/resource_providers/${host}/inventories`)).json();
    assert.deepEqual(Object.keys(hostInventory.inventories), ['MEMORY_MB']);
    const numaInventory = (await fx.call('GET', `/resource_providers/${numa}/inventories`)).json();
    assert.deepEqual(Object.keys(numaInventory.inventories), ['VCPU']);
    const allocations = (await fx.call('GET', `/allocations/${instance}`)).json();
    assert.deepEqual(allocations.allocations[numa].resources, { VCPU: 2 });
    assert.deepEqual(allocations.allocations[host].resources, { MEMORY_MB: 1024 });
    assert.equal(allocations.consumer_generation, 2);
  });

  test('a stale generation, a missing provider or inventory still in use changes nothing', async () => {
    const { host, numa, instance } = await setUp('refuse');
    // Another instance keeps VCPU on the host, which the reshape would remove.
    await fx.allocate(randomUUID(), { [host]: { VCPU: 1 } });
    const generation = await fx.generation(host);
    const stale = await fx.call('POST', '/reshaper', body(host, numa, instance, generation - 1), 409);
    assert.equal(errorCode(stale), 'placement.concurrent_update');
    assert.match(errorMessage(stale), /resource provider generation conflict for provider/);
    const missing = randomUUID();
    const unknown = await fx.call(
      'POST',
      '/reshaper',
      { inventories: { [missing]: { resource_provider_generation: 0, inventories: {} } }, allocations: {} },
      400,
    );
    assert.equal(errorCode(unknown), 'placement.resource_provider.not_found');
    const inUse = await fx.call('POST', '/reshaper', body(host, numa, instance, generation), 409);
    assert.equal(errorCode(inUse), 'placement.inventory.inuse');
    const inventory = (await fx.call('GET', `/resource_providers/${host}/inventories`)).json();
    assert.deepEqual(Object.keys(inventory.inventories), ['VCPU', 'MEMORY_MB']);
    assert.equal(inventory.resource_provider_generation, generation);
  });
});
