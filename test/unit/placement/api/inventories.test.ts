import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorCode, errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';

const DEFAULTS = { reserved: 0, min_unit: 1, max_unit: 2147483647, step_size: 1, allocation_ratio: 1 };

describe('inventories', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
  });
  after(() => placement.close());

  const path = (uuid: string, rc = '') => `/resource_providers/${uuid}/inventories${rc ? `/${rc}` : ''}`;

  test('PUT sets every class at once, with defaults, and moves the generation', async () => {
    const rp = await fx.provider('inv-all');
    const set = await fx.call(
      'PUT',
      path(rp),
      {
        resource_provider_generation: 0,
        inventories: { VCPU: { total: 8, allocation_ratio: 16.0 }, DISK_GB: { total: 100, reserved: 10 } },
      },
      200,
    );
    assert.deepEqual(set.json(), {
      resource_provider_generation: 1,
      inventories: {
        VCPU: { ...DEFAULTS, total: 8, allocation_ratio: 16 },
        DISK_GB: { ...DEFAULTS, total: 100, reserved: 10 },
      },
    });
    const shown = await fx.call('GET', path(rp), undefined, 200);
    assert.deepEqual(shown.json(), set.json());
    const replaced = await fx.call(
      'PUT',
      path(rp),
      { resource_provider_generation: 1, inventories: { VCPU: { total: 4 } } },
      200,
    );
    assert.deepEqual(Object.keys(replaced.json().inventories), ['VCPU'], 'classes left out are removed');
    assert.equal(await fx.generation(rp), 2);
  });

  test('a stale generation is a 409 placement.concurrent_update', async () => {
    const rp = await fx.provider('inv-stale');
    await fx.inventory(rp, { VCPU: 1 });
    const stale = await fx.call('PUT', path(rp), { resource_provider_generation: 0, inventories: {} }, 409);
    assert.equal(errorMessage(stale), 'resource provider generation conflict');
    assert.equal(errorCode(stale), 'placement.concurrent_update');
    const one = await fx.call('PUT', path(rp, 'VCPU'), { resource_provider_generation: 0, total: 2 }, 409);
    assert.equal(errorCode(one), 'placement.concurrent_update');
  });

  test('validation: totals and units are positive integers; reserved below total until 1.26', async () => {
    const rp = await fx.provider('inv-validate');
    const put = (inventory: object, version = '1.39') =>
      placement.request('PUT', path(rp), {
        version,
        body: { resource_provider_generation: 0, inventories: { VCPU: inventory } },
      });
    const cases: [object, RegExp][] = [
      [{ total: 0 }, /0 is less than the minimum of 1.*On instance\['inventories'\]\['VCPU'\]\['total'\]/],
      [{ total: 'four' }, /'four' is not of type 'integer'/],
      [{ total: 4, step_size: 0 }, /0 is less than the minimum of 1/],
      [{ total: 4, reserved: -1 }, /-1 is less than the minimum of 0/],
      [{ total: 2147483648 }, /is greater than the maximum of 2147483647/],
      [{ total: 4, colour: 'red' }, /'colour' was unexpected/],
      [{}, /'total' is a required property/],
    ];
    for (const [inventory, message] of cases) {
      const response = await put(inventory);
      assert.equal(response.statusCode, 400, JSON.stringify(inventory));
      assert.match(errorMessage(response), message);
    }
    const lower = await placement.request('PUT', path(rp), {
      version: '1.39',
      body: { resource_provider_generation: 0, inventories: { vcpu: { total: 1 } } },
    });
    assert.match(errorMessage(lower), /No such resource class vcpu\.$/);
    const full = await put({ total: 4, reserved: 4 }, '1.25');
    assert.equal(
      errorMessage(full),
      `Unable to update inventory for resource provider ${rp}: Invalid inventory for 'VCPU' on resource provider '${rp}'. The reserved value is greater than or equal to total.`,
    );
    assert.equal((await put({ total: 4, reserved: 4 }, '1.26')).statusCode, 200);
    const over = await placement.request('PUT', path(rp), {
      version: '1.39',
      body: { resource_provider_generation: 1, inventories: { VCPU: { total: 4, reserved: 5 } } },
    });
    assert.match(errorMessage(over), /The reserved value is greater than total\.$/);
    const unknown = await placement.request('PUT', path(rp), {
      version: '1.39',
      body: { resource_provider_generation: 1, inventories: { CUSTOM_NOPE: { total: 1 } } },
    });
    assert.equal(
      errorMessage(unknown),
      `Unknown resource class in inventory for resource provider ${rp}: No such resource class CUSTOM_NOPE.`,
    );
  });

  test('inventory that allocations use cannot be removed: 409 placement.inventory.inuse', async () => {
    const rp = await fx.provider('inv-inuse');
    await fx.inventory(rp, { VCPU: 4, DISK_GB: 10 });
    const consumer = randomUUID();
    await fx.allocate(consumer, { [rp]: { VCPU: 2 } });
    const generation = await fx.generation(rp);
    const drop = await fx.call(
      'PUT',
      path(rp),
      { resource_provider_generation: generation, inventories: { DISK_GB: { total: 10 } } },
      409,
    );
    assert.equal(
      errorMessage(drop),
      `update conflict: Inventory for 'VCPU' on resource provider '${rp}' in use.`,
    );
    assert.equal(errorCode(drop), 'placement.inventory.inuse');
    const all = await fx.call('DELETE', path(rp), undefined, 409);
    assert.equal(errorCode(all), 'placement.inventory.inuse');
    const one = await fx.call('DELETE', path(rp, 'VCPU'), undefined, 409);
    assert.equal(
      errorMessage(one),
      `Unable to delete inventory of class VCPU: Inventory for 'VCPU' on resource provider '${rp}' in use.`,
    );
    // Shrinking below what is allocated is allowed (the provider is then over capacity).
    await fx.call('PUT', path(rp, 'VCPU'), { resource_provider_generation: generation, total: 1 }, 200);
    await fx.call('DELETE', path(rp, 'DISK_GB'), undefined, 204);
    await fx.call('DELETE', `/allocations/${consumer}`, undefined, 204);
    await fx.call('DELETE', path(rp), undefined, 204);
    assert.deepEqual((await fx.call('GET', path(rp))).json().inventories, {});
  });

  test('one class: POST adds, GET shows, PUT updates, DELETE removes', async () => {
    const rp = await fx.provider('inv-one');
    const added = await fx.call(
      'POST',
      path(rp),
      { resource_class: 'MEMORY_MB', total: 2048, step_size: 256 },
      201,
    );
    assert.equal(added.headers.location, `http://stratus.test/placement${path(rp, 'MEMORY_MB')}`);
    assert.deepEqual(added.json(), {
      ...DEFAULTS,
      total: 2048,
      step_size: 256,
      resource_provider_generation: 1,
    });
    const again = await fx.call('POST', path(rp), { resource_class: 'MEMORY_MB', total: 1 }, 409);
    assert.equal(errorCode(again), 'placement.concurrent_update');
    const shown = await fx.call('GET', path(rp, 'MEMORY_MB'), undefined, 200);
    assert.deepEqual(shown.json(), added.json());
    const updated = await fx.call(
      'PUT',
      path(rp, 'MEMORY_MB'),
      { resource_provider_generation: 1, total: 4096 },
      200,
    );
    assert.equal(updated.json().total, 4096);
    assert.equal(updated.json().step_size, 1, 'a PUT replaces the whole record');
    assert.equal(updated.json().resource_provider_generation, 2);
    const absent = await fx.call(
      'PUT',
      path(rp, 'DISK_GB'),
      { resource_provider_generation: 2, total: 1 },
      400,
    );
    assert.match(errorMessage(absent), /No inventory of class DISK_GB found\.$/);
    const noClass = await fx.call('GET', path(rp, 'DISK_GB'), undefined, 404);
    assert.equal(errorMessage(noClass), `No inventory of class DISK_GB for ${rp}`);
    await fx.call('DELETE', path(rp, 'MEMORY_MB'), undefined, 204);
    const twice = await fx.call('DELETE', path(rp, 'MEMORY_MB'), undefined, 404);
    assert.match(errorMessage(twice), /^No inventory of class MEMORY_MB found for delete/);
    assert.equal(await fx.generation(rp), 3);
  });

  test('DELETE of all inventory is a 405 before 1.5', async () => {
    const rp = await fx.provider('inv-405');
    const response = await placement.request('DELETE', path(rp), { version: '1.4' });
    assert.equal(response.statusCode, 405);
  });

  test('an unknown provider is a 404', async () => {
    const uuid = randomUUID();
    const response = await fx.call('GET', path(uuid), undefined, 404);
    assert.equal(
      errorMessage(response),
      `No resource provider with uuid ${uuid} found : No resource provider with uuid ${uuid} found`,
    );
  });
});
