import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { postgresSchema, testEngines } from '../../helpers/postgres-schema.js';
import { placementTestApp, type PlacementTestApp } from '../../helpers/placement-app.js';

/**
 * Racing writers on the last units of a provider: exactly as many win as there are units, on
 * SQLite always and on PostgreSQL (a pool of connections, so truly concurrent transactions)
 * when STRATUS_TEST_POSTGRES_URL names a database the test may add a schema to. The schema is
 * its own so that tests wiping `public` meanwhile do not disturb it; no other schema of that
 * database may hold placement's tables (the migrator would take them for its own).
 */
const engines = testEngines();

const SCHEMA = 'placement_concurrency_test';

const V = '1.39';

for (const [engine, url] of engines) {
  describe(`concurrent allocations on ${engine}`, () => {
    let placement: PlacementTestApp;
    before(async () => {
      placement = await placementTestApp({
        databaseUrl: url ? await postgresSchema(url, SCHEMA, 'create') : undefined,
      });
    });
    after(async () => {
      await placement.close();
      if (url) await postgresSchema(url, SCHEMA, 'drop');
    });

    const provider = async (name: string, vcpus: number) => {
      const created = await placement.request('POST', '/resource_providers', { version: V, body: { name } });
      assert.equal(created.statusCode, 200, created.body);
      const uuid = created.json().uuid as string;
      const inventory = await placement.request('PUT', `/resource_providers/${uuid}/inventories`, {
        version: V,
        body: { resource_provider_generation: 0, inventories: { VCPU: { total: vcpus } } },
      });
      assert.equal(inventory.statusCode, 200, inventory.body);
      return uuid;
    };
    const claim = (consumer: string, rp: string, generation: number | null = null) =>
      placement.request('PUT', `/allocations/${consumer}`, {
        version: V,
        body: {
          allocations: { [rp]: { resources: { VCPU: 1 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: generation,
          consumer_type: 'INSTANCE',
        },
      });

    test('twenty writers for the last unit: exactly one wins, the others get 409', async () => {
      const rp = await provider('last-unit', 1);
      const answers = await Promise.all(Array.from({ length: 20 }, () => claim(randomUUID(), rp)));
      const statuses = answers.map((answer) => answer.statusCode).sort();
      assert.deepEqual(statuses, [204, ...Array(19).fill(409)]);
      for (const lost of answers.filter((answer) => answer.statusCode === 409)) {
        assert.match(
          lost.json().errors[0].detail,
          /exceed the capacity|changed while attempting to allocate/,
        );
      }
      const usages = await placement.request('GET', `/resource_providers/${rp}/usages`, { version: V });
      assert.deepEqual(usages.json(), { resource_provider_generation: 2, usages: { VCPU: 1 } });
    });

    test('twenty writers for five units: exactly five win', async () => {
      const rp = await provider('five-units', 5);
      const answers = await Promise.all(Array.from({ length: 20 }, () => claim(randomUUID(), rp)));
      assert.equal(answers.filter((answer) => answer.statusCode === 204).length, 5);
      assert.equal(answers.filter((answer) => answer.statusCode === 409).length, 15);
      const allocations = await placement.request('GET', `/resource_providers/${rp}/allocations`, {
        version: V,
      });
      assert.equal(Object.keys(allocations.json().allocations).length, 5);
      assert.equal(allocations.json().resource_provider_generation, 6);
    });

    test('ten writers creating the same consumer: one wins, the others are told it changed', async () => {
      const rp = await provider('one-consumer', 10);
      const consumer = randomUUID();
      const answers = await Promise.all(Array.from({ length: 10 }, () => claim(consumer, rp)));
      assert.equal(answers.filter((answer) => answer.statusCode === 204).length, 1);
      for (const lost of answers.filter((answer) => answer.statusCode !== 204)) {
        assert.equal(lost.statusCode, 409);
        assert.equal(lost.json().errors[0].code, 'placement.concurrent_update');
      }
      const shown = await placement.request('GET', `/allocations/${consumer}`, { version: V });
      assert.equal(shown.json().consumer_generation, 1);
    });
  });
}
