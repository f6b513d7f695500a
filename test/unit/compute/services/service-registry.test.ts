import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

describe('ServiceRegistry', () => {
  let db: Kysely<ComputeSchema>;
  let registry: ServiceRegistry;
  before(async () => {
    db = connectMemory<ComputeSchema>().db;
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    registry = new ServiceRegistry(db);
  });
  after(() => db.destroy());

  test('register is idempotent per (host, binary) and records the topic', async () => {
    const first = await registry.register('node1', 'nova-compute', at(0));
    const again = await registry.register('node1', 'nova-compute', at(30));
    assert.equal(again.id, first.id);
    assert.equal(again.uuid, first.uuid);
    assert.equal(again.created_at, at(0).toISOString());
    assert.equal(first.topic, 'compute');
    assert.equal(first.report_count, 0);
    const scheduler = await registry.register('node1', 'nova-scheduler', at(0));
    assert.notEqual(scheduler.id, first.id);
  });

  test('up until service_down_time after creation, then after each heartbeat', async () => {
    const service = await registry.register('node2', 'nova-compute', at(0));
    assert.equal(registry.isUp(service, at(60)), true);
    assert.equal(registry.isUp(service, at(61)), false);
    const beaten = (await registry.heartbeat('node2', 'nova-compute', at(100)))!;
    assert.equal(beaten.report_count, 1);
    assert.equal(beaten.last_seen_up, at(100).toISOString());
    assert.equal(beaten.updated_at, at(100).toISOString());
    assert.equal(registry.isUp(beaten, at(160)), true);
    // Nova takes abs(): a heartbeat from a host whose clock runs ahead still counts.
    assert.equal(registry.isUp(beaten, at(50)), true);
    assert.equal(registry.isUp(beaten, at(39)), false);
    assert.equal((await registry.heartbeat('node2', 'nova-compute', at(101)))!.report_count, 2);
  });

  test('service_down_time is a constructor option', async () => {
    const service = await registry.register('node3', 'nova-conductor', at(0));
    assert.equal(new ServiceRegistry(db, { serviceDownTime: 10 }).isUp(service, at(11)), false);
  });

  test('a forced-down service is down whatever its heartbeat', async () => {
    const service = await registry.register('node4', 'nova-compute', at(0));
    const forced = await registry.setStatus(service, { forcedDown: true }, at(1));
    assert.equal(forced.forced_down, 1);
    assert.equal(registry.isUp(forced, at(1)), false);
    const back = await registry.setStatus(forced, { forcedDown: false }, at(2));
    assert.equal(registry.isUp(back, at(2)), true);
  });

  test('setStatus disables with a reason and enables again', async () => {
    const service = await registry.register('node5', 'nova-compute', at(0));
    const disabled = await registry.setStatus(
      service,
      { disabled: true, disabledReason: 'maintenance' },
      at(5),
    );
    assert.equal(disabled.disabled, 1);
    assert.equal(disabled.disabled_reason, 'maintenance');
    assert.equal(disabled.updated_at, at(5).toISOString());
    const enabled = await registry.setStatus(disabled, { disabled: false, disabledReason: null }, at(6));
    assert.equal(enabled.disabled, 0);
    assert.equal(enabled.disabled_reason, null);
  });

  test('list filters by host and binary; delete removes the record', async () => {
    assert.deepEqual(
      (await registry.list({ host: 'node1' })).map((s) => s.binary),
      ['nova-compute', 'nova-scheduler'],
    );
    assert.deepEqual(
      (await registry.list({ binary: 'nova-scheduler' })).map((s) => s.host),
      ['node1'],
    );
    const gone = (await registry.find('node3', 'nova-conductor'))!;
    await registry.delete(gone);
    assert.equal(await registry.findById(gone.uuid), undefined);
    assert.equal(await registry.heartbeat('node3', 'nova-conductor', at(9)), undefined);
  });
});
