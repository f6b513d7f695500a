import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import {
  ComputeNodeRegistry,
  ComputeServiceNotRegistered,
} from '../../../../src/compute/hypervisors/compute-node-registry.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';
import { hostResources } from './host-resources.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');

describe('ComputeNodeRegistry', () => {
  let db: Kysely<ComputeSchema>;
  let registry: ComputeNodeRegistry;
  before(async () => {
    db = connectMemory<ComputeSchema>().db;
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    registry = new ComputeNodeRegistry(db);
    await new ServiceRegistry(db).register('compute1', 'nova-compute', T0);
  });
  after(() => db.destroy());

  test('the first report creates the node; later ones update it and keep its uuid', async () => {
    const created = await registry.report('compute1', hostResources('node1'), T0);
    assert.equal(created.vcpus_used, 2);
    assert.equal(created.updated_at, null);
    assert.deepEqual(JSON.parse(created.cpu_info).topology, { sockets: 1, cores: 4, threads: 2 });
    const later = new Date(T0.getTime() + 60_000);
    const updated = await registry.report('compute1', hostResources('node1', { vcpusUsed: 5 }), later);
    assert.deepEqual([updated.id, updated.uuid], [created.id, created.uuid]);
    assert.equal(updated.vcpus_used, 5);
    assert.equal(updated.updated_at, later.toISOString());
  });

  test('a host without a nova-compute service may not report', async () => {
    await assert.rejects(registry.report('ghost', hostResources('x'), T0), ComputeServiceNotRegistered);
  });

  test('list pages by id after a marker given as id or uuid; search by substring', async () => {
    const second = await registry.report('compute1', hostResources('node2'), T0);
    const [first] = (await registry.list())!;
    assert.deepEqual(
      (await registry.list({ marker: String(first.id) }))!.map((n) => n.id),
      [second.id],
    );
    assert.deepEqual((await registry.list({ marker: first.uuid, limit: 5 }))!.length, 1);
    assert.equal(await registry.list({ marker: 'nope' }), undefined);
    assert.deepEqual(
      (await registry.search('ode2')).map((n) => n.hypervisor_hostname),
      ['node2'],
    );
    assert.equal((await registry.findById(second.uuid))?.id, second.id);
  });
});
