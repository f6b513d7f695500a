import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorCode, errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';

describe('allocations', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  let host: string;
  let disk: string;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
    host = await fx.provider('alloc-host');
    disk = await fx.provider('alloc-disk');
    await fx.inventory(
      host,
      { VCPU: 4, MEMORY_MB: 4096 },
      { VCPU: { allocation_ratio: 2 }, MEMORY_MB: { min_unit: 256, max_unit: 2048, step_size: 256 } },
    );
    await fx.inventory(disk, { DISK_GB: 100 });
  });
  after(() => placement.close());

  const put = (consumer: string, version: string, body: unknown) =>
    placement.request('PUT', `/allocations/${consumer}`, { version, body });
  const get = async (consumer: string, version = '1.39') =>
    (await placement.request('GET', `/allocations/${consumer}`, { version })).json();

  test('before 1.12 allocations are a list, and no project is needed before 1.8', async () => {
    const consumer = randomUUID();
    const body = { allocations: [{ resource_provider: { uuid: host }, resources: { VCPU: 1 } }] };
    assert.equal((await put(consumer, '1.0', body)).statusCode, 204);
    const shown = await get(consumer);
    assert.equal(shown.project_id, '00000000-0000-0000-0000-000000000000', 'the incomplete consumer');
    const needsOwner = await put(consumer, '1.8', body);
    assert.equal(needsOwner.statusCode, 400);
    assert.match(errorMessage(needsOwner), /'project_id' is a required property/);
    assert.equal((await put(consumer, '1.8', { ...body, project_id: 'p8', user_id: 'u8' })).statusCode, 204);
    assert.equal((await get(consumer)).project_id, 'p8');
    const dictTooEarly = await put(consumer, '1.11', { allocations: { [host]: { resources: { VCPU: 1 } } } });
    assert.match(errorMessage(dictTooEarly), /'project_id' is a required property/);
    await fx.call('DELETE', `/allocations/${consumer}`, undefined, 204);
  });

  test('GET shows allocations by provider; owner from 1.12, generation 1.28, type 1.38', async () => {
    const consumer = randomUUID();
    const response = await fx.allocate(consumer, {
      [host]: { VCPU: 2, MEMORY_MB: 512 },
      [disk]: { DISK_GB: 10 },
    });
    assert.equal(response.statusCode, 204, response.body);
    const hostGeneration = await fx.generation(host);
    assert.deepEqual(await get(consumer, '1.11'), {
      allocations: {
        [host]: { resources: { VCPU: 2, MEMORY_MB: 512 }, generation: hostGeneration },
        [disk]: { resources: { DISK_GB: 10 }, generation: await fx.generation(disk) },
      },
    });
    const at112 = await get(consumer, '1.12');
    assert.equal(at112.project_id, 'p1');
    assert.equal(at112.user_id, 'u1');
    assert.equal('consumer_generation' in at112, false);
    assert.equal((await get(consumer, '1.28')).consumer_generation, 1);
    assert.equal((await get(consumer)).consumer_type, 'INSTANCE');
    const byProvider = await fx.call('GET', `/resource_providers/${disk}/allocations`, undefined, 200);
    assert.deepEqual(byProvider.json().allocations[consumer], {
      resources: { DISK_GB: 10 },
      consumer_generation: 1,
    });
    assert.deepEqual(await get(randomUUID()), { allocations: {} }, 'an unknown consumer has none');
    await fx.call('DELETE', `/allocations/${consumer}`, undefined, 204);
  });

  test('consumer generations (1.28): null for a new consumer, the current one after', async () => {
    const consumer = randomUUID();
    const body = (
      generation: number | null,
      allocations: object = { [host]: { resources: { VCPU: 1 } } },
    ) => ({
      allocations,
      project_id: 'p1',
      user_id: 'u1',
      consumer_generation: generation,
    });
    const unknown = await put(consumer, '1.28', body(3));
    assert.equal(unknown.statusCode, 409);
    assert.equal(errorMessage(unknown), 'consumer generation conflict - expected null but got 3');
    assert.equal(errorCode(unknown), 'placement.concurrent_update');
    assert.equal((await put(consumer, '1.28', body(null))).statusCode, 204);
    const stale = await put(consumer, '1.28', body(null));
    assert.equal(errorMessage(stale), 'consumer generation conflict - expected 1 but got None');
    assert.equal((await put(consumer, '1.28', body(1))).statusCode, 204);
    assert.equal((await get(consumer)).consumer_generation, 2);
    // An empty set removes the allocations (and the consumer) from 1.28.
    const before = await fx.generation(host);
    assert.equal((await put(consumer, '1.28', body(2, {}))).statusCode, 204);
    assert.deepEqual(await get(consumer), { allocations: {} });
    assert.equal(await fx.generation(host), before + 1, 'the provider written to moves on');
    const emptyTooEarly = await put(consumer, '1.27', { allocations: {}, project_id: 'p', user_id: 'u' });
    assert.match(errorMessage(emptyTooEarly), /does not have enough properties/);
  });

  test('consumer_type is required from 1.38 and mappings are accepted from 1.34', async () => {
    const consumer = randomUUID();
    const base = {
      allocations: { [host]: { resources: { VCPU: 1 } } },
      project_id: 'p',
      user_id: 'u',
      consumer_generation: null,
    };
    const noType = await put(consumer, '1.38', base);
    assert.match(errorMessage(noType), /'consumer_type' is a required property/);
    const mappingsEarly = await put(consumer, '1.33', { ...base, mappings: { '': [host] } });
    assert.match(errorMessage(mappingsEarly), /'mappings' was unexpected/);
    assert.equal(
      (await put(consumer, '1.38', { ...base, consumer_type: 'MIGRATION', mappings: { '': [host] } }))
        .statusCode,
      204,
    );
    assert.equal((await get(consumer)).consumer_type, 'MIGRATION');
    await fx.call('DELETE', `/allocations/${consumer}`, undefined, 204);
  });

  test('capacity: (total - reserved) * allocation_ratio, and min_unit/max_unit/step_size', async () => {
    const first = randomUUID();
    assert.equal((await fx.allocate(first, { [host]: { VCPU: 6 } })).statusCode, 204);
    const over = await fx.allocate(randomUUID(), { [host]: { VCPU: 3 } });
    assert.equal(over.statusCode, 409);
    assert.equal(
      errorMessage(over),
      `Unable to allocate inventory: Unable to create allocation for 'VCPU' on resource provider '${host}'. The requested amount would exceed the capacity.`,
    );
    assert.equal(errorCode(over), 'placement.undefined_code');
    // Replacing a consumer's own allocations does not count them twice.
    assert.equal((await fx.allocate(first, { [host]: { VCPU: 8 } })).statusCode, 204);
    for (const amount of [100, 2304, 300]) {
      const response = await fx.allocate(randomUUID(), { [host]: { MEMORY_MB: amount } });
      assert.equal(response.statusCode, 409, String(amount));
      assert.match(errorMessage(response), /The requested amount would violate inventory constraints\.$/);
    }
    const noInventory = await fx.allocate(randomUUID(), { [disk]: { VCPU: 1 } });
    assert.equal(
      errorMessage(noInventory),
      `Unable to allocate inventory: Inventory for 'VCPU' on resource provider '${disk}' invalid.`,
    );
    const missing = randomUUID();
    const noProvider = await fx.allocate(randomUUID(), { [missing]: { VCPU: 1 } });
    assert.equal(noProvider.statusCode, 400);
    assert.equal(
      errorMessage(noProvider),
      `Allocation for resource provider '${missing}' that does not exist.`,
    );
    const consumer = randomUUID();
    const noClass = await fx.allocate(consumer, { [host]: { CUSTOM_NOPE: 1 } });
    assert.equal(
      errorMessage(noClass),
      `Unable to allocate inventory for consumer ${consumer}: No such resource class CUSTOM_NOPE.`,
    );
    assert.deepEqual(await get(consumer), { allocations: {} }, 'a failed write leaves nothing behind');
    await fx.call('DELETE', `/allocations/${first}`, undefined, 204);
  });

  test('bad input: a malformed consumer uuid and bad amounts are 400s', async () => {
    const malformed = await fx.call('PUT', '/allocations/not-a-uuid', { allocations: {} }, 400);
    assert.equal(errorMessage(malformed), 'Malformed consumer_uuid: not-a-uuid');
    const zero = await fx.allocate(randomUUID(), { [host]: { VCPU: 0 } });
    assert.match(errorMessage(zero), /0 is less than the minimum of 1/);
  });

  test('POST /allocations (1.13) writes several consumers at once, or none', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const entry = (resources: object, generation: number | null = null) => ({
      allocations: { [host]: { resources } },
      project_id: 'p',
      user_id: 'u',
      consumer_generation: generation,
      consumer_type: 'INSTANCE',
    });
    const tooEarly = await placement.request('POST', '/allocations', {
      version: '1.12',
      body: { [a]: entry({ VCPU: 1 }) },
    });
    assert.equal(tooEarly.statusCode, 404);
    const tooMuch = await fx.call(
      'POST',
      '/allocations',
      { [a]: entry({ VCPU: 5 }), [b]: entry({ VCPU: 5 }) },
      409,
    );
    assert.match(errorMessage(tooMuch), /would exceed the capacity/);
    assert.deepEqual(await get(a), { allocations: {} }, 'all or nothing');
    await fx.call('POST', '/allocations', { [a]: entry({ VCPU: 4 }), [b]: entry({ VCPU: 4 }) }, 204);
    assert.deepEqual((await get(b)).allocations[host].resources, { VCPU: 4 });
    // Moving allocations from one consumer to another in one request.
    await fx.call(
      'POST',
      '/allocations',
      { [a]: { ...entry({}, 1), allocations: {} }, [b]: entry({ VCPU: 8 }, 1) },
      204,
    );
    assert.deepEqual(await get(a), { allocations: {} });
    assert.deepEqual((await get(b)).allocations[host].resources, { VCPU: 8 });
    await fx.call('DELETE', `/allocations/${b}`, undefined, 204);
  });

  test('DELETE removes every allocation of the consumer; a second is a 404', async () => {
    const consumer = randomUUID();
    await fx.allocate(consumer, { [host]: { VCPU: 1 }, [disk]: { DISK_GB: 1 } });
    await fx.call('DELETE', `/allocations/${consumer}`, undefined, 204);
    const again = await fx.call('DELETE', `/allocations/${consumer}`, undefined, 404);
    assert.equal(errorMessage(again), `No allocations for consumer '${consumer}'`);
    const usages = await fx.call('GET', `/resource_providers/${disk}/usages`, undefined, 200);
    assert.deepEqual(usages.json().usages, { DISK_GB: 0 });
  });
});
