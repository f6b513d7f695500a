import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { AggregateApi } from '../../../../src/compute/aggregates/aggregate-api.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T00:01:00.000Z');

describe('AggregateApi', () => {
  let db: Kysely<ComputeSchema>;
  let api: AggregateApi;
  before(async () => {
    db = connectMemory<ComputeSchema>().db;
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    const registry = new ServiceRegistry(db);
    for (const host of ['h1', 'h2']) await registry.register(host, 'nova-compute', T0);
    api = new AggregateApi(db, registry);
  });
  after(() => db.destroy());

  test('create keeps updated_at empty; changes stamp it', async () => {
    const created = await api.create('a', 'az1', T0);
    assert.deepEqual([created.metadata, created.updated_at], [{ availability_zone: 'az1' }, null]);
    const changed = await api.setMetadata(created.id, { k: 'v' }, T1);
    assert.equal(changed.updated_at, T1.toISOString());
    await api.delete(created.id);
  });

  test('a zone clash lists every other zone the hosts are in', async () => {
    const one = await api.create('one', 'az1', T0);
    const two = await api.create('two', 'az2', T0);
    await api.addHost(one.id, 'h1', T0);
    await api.addHost(two.id, 'h2', T0);
    const both = await api.create('both', undefined, T0);
    await api.addHost(both.id, 'h1', T0);
    await api.addHost(both.id, 'h2', T0);
    await assert.rejects(api.setMetadata(both.id, { availability_zone: 'az3' }, T1), {
      status: 400,
      message: `Cannot update metadata of aggregate ${both.id}. Reason: One or more hosts already in availability zone(s) ['az1', 'az2'].`,
    });
    // Other metadata never touches zones.
    assert.deepEqual((await api.setMetadata(both.id, { ssd: 'true' }, T1)).metadata, { ssd: 'true' });
  });
});
