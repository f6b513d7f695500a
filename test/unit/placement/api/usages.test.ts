import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';
import { errorMessage, placementFixtures } from '../../../helpers/placement-fixtures.js';

describe('usages', () => {
  let placement: PlacementTestApp;
  let fx: ReturnType<typeof placementFixtures>;
  let rp: string;
  before(async () => {
    placement = await placementTestApp();
    fx = placementFixtures(placement);
    rp = await fx.provider('usage-host');
    await fx.inventory(rp, { VCPU: 16, MEMORY_MB: 8192, DISK_GB: 100 });
    const allocate = (consumer: string, resources: object, project: string, user: string, type?: string) =>
      placement.request('PUT', `/allocations/${consumer}`, {
        version: type ? '1.38' : '1.28',
        body: {
          allocations: { [rp]: { resources } },
          project_id: project,
          user_id: user,
          consumer_generation: null,
          ...(type ? { consumer_type: type } : {}),
        },
      });
    await allocate(randomUUID(), { VCPU: 2, MEMORY_MB: 1024 }, 'proj-a', 'alice', 'INSTANCE');
    await allocate(randomUUID(), { VCPU: 4 }, 'proj-a', 'bob', 'INSTANCE');
    await allocate(randomUUID(), { VCPU: 1 }, 'proj-a', 'alice', 'MIGRATION');
    await allocate(randomUUID(), { DISK_GB: 5 }, 'proj-a', 'alice');
    await allocate(randomUUID(), { VCPU: 8 }, 'proj-b', 'carol', 'INSTANCE');
  });
  after(() => placement.close());

  const usages = async (query: string, version = '1.39') => {
    const response = await placement.request('GET', `/usages${query}`, { version });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().usages;
  };

  test('a provider’s usages cover every class it has, used or not', async () => {
    const response = await fx.call('GET', `/resource_providers/${rp}/usages`, undefined, 200);
    assert.deepEqual(response.json().usages, { VCPU: 15, MEMORY_MB: 1024, DISK_GB: 5 });
    assert.equal(response.json().resource_provider_generation, await fx.generation(rp));
  });

  test('GET /usages totals a project (or a user in it) before 1.38', async () => {
    assert.deepEqual(await usages('?project_id=proj-a', '1.9'), { VCPU: 7, MEMORY_MB: 1024, DISK_GB: 5 });
    assert.deepEqual(await usages('?project_id=proj-a&user_id=bob', '1.37'), { VCPU: 4 });
    assert.deepEqual(await usages('?project_id=nobody', '1.9'), {});
    const early = await placement.request('GET', '/usages?project_id=proj-a', { version: '1.8' });
    assert.equal(early.statusCode, 404);
    const noProject = await placement.request('GET', '/usages', { version: '1.9' });
    assert.match(errorMessage(noProject), /'project_id' is a required property/);
  });

  test('from 1.38 usages are grouped by consumer type with consumer counts', async () => {
    assert.deepEqual(await usages('?project_id=proj-a'), {
      INSTANCE: { VCPU: 6, MEMORY_MB: 1024, consumer_count: 2 },
      MIGRATION: { VCPU: 1, consumer_count: 1 },
      unknown: { DISK_GB: 5, consumer_count: 1 },
    });
    assert.deepEqual(await usages('?project_id=proj-a&consumer_type=MIGRATION'), {
      MIGRATION: { VCPU: 1, consumer_count: 1 },
    });
    assert.deepEqual(await usages('?project_id=proj-a&consumer_type=all'), {
      all: { VCPU: 7, MEMORY_MB: 1024, DISK_GB: 5, consumer_count: 4 },
    });
    assert.deepEqual(await usages('?project_id=proj-a&consumer_type=unknown'), {
      unknown: { DISK_GB: 5, consumer_count: 1 },
    });
    const bad = await placement.request('GET', '/usages?project_id=proj-a&consumer_type=lower', {
      version: '1.38',
    });
    assert.equal(bad.statusCode, 400);
    const early = await placement.request('GET', '/usages?project_id=proj-a&consumer_type=all', {
      version: '1.37',
    });
    assert.match(errorMessage(early), /'consumer_type' was unexpected/);
  });
});
