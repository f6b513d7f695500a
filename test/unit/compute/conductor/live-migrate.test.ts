import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Destination } from '../../../../src/compute/rpc/compute-api.js';
import { CONDUCTOR_TOPIC, type ConductorMethods } from '../../../../src/compute/rpc/conductor-api.js';
import { RpcClient } from '../../../../src/common/bus/index.js';
import { contextOf, FakeCloud, waitFor } from '../scheduler/service/fake-cloud.js';

const ONE = { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 };

describe('conductor live_migrate_instance', () => {
  let cloud: FakeCloud;
  let conductor: RpcClient<ConductorMethods>;
  beforeEach(async () => {
    cloud = await FakeCloud.create();
    conductor = new RpcClient<ConductorMethods>(cloud.bus, CONDUCTOR_TOPIC);
  });
  afterEach(() => cloud.close());

  const migrating = (row: Record<string, unknown> = {}) =>
    cloud.runningInstance('host1', {
      row: { task_state: 'migrating', ...row },
      requestId: 'req-live',
      action: 'live-migration',
    });
  const liveMigrate = (uuid: string, host: string | null = null) =>
    conductor.cast('live_migrate_instance', {
      context: contextOf('req-live'),
      instanceUuid: uuid,
      host,
      blockMigration: true,
    });
  const migrationOf = async (uuid: string) =>
    (await cloud.db
      .selectFrom('migrations')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .executeTakeFirst())!;
  const eventOf = (uuid: string) =>
    waitFor(async () => {
      const [event] = await cloud.events(uuid);
      return event?.finish_time !== null && event;
    }, 'the conductor event');

  test('schedules a destination, holds the source for the migration and casts live_migration to the source', async () => {
    const source = await cloud.addHost('host1');
    await cloud.addHost('host2', { memoryMb: 2048 });
    const best = await cloud.addHost('host3', { memoryMb: 8192 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await migrating();
    await liveMigrate(uuid);
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('live_migration');
      return sent.length > 0 && sent;
    }, 'live_migration');
    assert.equal(message.host, 'host1');
    assert.equal(message.args.blockMigration, true);
    const destination = message.args.destination as Destination;
    assert.deepEqual([destination.host, destination.providerUuid], ['host3', best.uuid]);
    const migration = await migrationOf(uuid);
    assert.equal(message.args.migrationUuid, migration.uuid);
    assert.deepEqual(
      [migration.migration_type, migration.status, migration.source_compute, migration.source_node],
      ['live-migration', 'accepted', 'host1', 'host1.node'],
    );
    assert.deepEqual([migration.dest_compute, migration.dest_node], ['host3', 'host3.node']);
    assert.deepEqual(await cloud.allocations(migration.uuid), { [source.uuid]: ONE });
    assert.deepEqual(await cloud.allocations(uuid), { [best.uuid]: ONE });
    const event = await eventOf(uuid);
    assert.deepEqual([event.event, event.result], ['conductor_live_migrate_instance', 'Success']);
  });

  test('a named destination is checked, then scheduled and claimed', async () => {
    await cloud.addHost('host1');
    const named = await cloud.addHost('host2', { memoryMb: 2048 });
    await cloud.addHost('host3', { memoryMb: 8192 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await migrating();
    await liveMigrate(uuid, 'host2');
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('live_migration');
      return sent.length > 0 && sent;
    }, 'live_migration');
    assert.equal((message.args.destination as Destination).host, 'host2');
    assert.deepEqual(await cloud.allocations(uuid), { [named.uuid]: ONE });
  });

  test('to its own host: UnableToMigrateToSelf, the server as it was, its allocation back', async () => {
    const source = await cloud.addHost('host1');
    await cloud.addHost('host2');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await migrating();
    await liveMigrate(uuid, 'host1');
    const event = await eventOf(uuid);
    assert.equal(event.result, 'Error');
    assert.equal(
      event.details,
      `UnableToMigrateToSelf: Unable to migrate instance (${uuid}) to current host (host1).`,
    );
    const row = (await cloud.instances.find(uuid))!;
    assert.deepEqual([row.vm_state, row.task_state, row.host], ['active', null, 'host1']);
    const [fault] = await cloud.faults(uuid);
    assert.equal(fault.code, 400);
    const migration = await migrationOf(uuid);
    assert.equal(migration.status, 'error');
    assert.deepEqual(await cloud.allocations(uuid), { [source.uuid]: ONE });
    assert.deepEqual(await cloud.allocations(migration.uuid), {});
    assert.deepEqual(cloud.sent('live_migration'), []);
  });

  test('a host of another hypervisor type is skipped; none left is NoValidHost', async () => {
    const source = await cloud.addHost('host1');
    await cloud.addHost('host2', { memoryMb: 8192, hypervisorType: 'QEMU' });
    const same = await cloud.addHost('host3', { memoryMb: 2048 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await migrating();
    await liveMigrate(uuid);
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('live_migration');
      return sent.length > 0 && sent;
    }, 'live_migration');
    assert.equal((message.args.destination as Destination).host, 'host3');
    // The claim on the skipped host was given back.
    assert.deepEqual(await cloud.allocations(uuid), { [same.uuid]: ONE });

    const other = await cloud.runningInstance('host1', {
      row: { task_state: 'migrating' },
      requestId: 'req-live-2',
      action: 'live-migration',
    });
    await cloud.services.setStatus(
      (await cloud.services.find('host3', 'nova-compute'))!,
      { disabled: true },
      cloud.now(),
    );
    await conductor.cast('live_migrate_instance', {
      context: contextOf('req-live-2'),
      instanceUuid: other,
      host: null,
      blockMigration: false,
    });
    const event = await eventOf(other);
    assert.equal(
      event.details,
      'NoValidHost: No valid host was found. There are not enough hosts available.',
    );
    const row = (await cloud.instances.find(other))!;
    assert.deepEqual([row.vm_state, row.task_state], ['active', null]);
    assert.deepEqual(await cloud.allocations(other), { [source.uuid]: ONE });
  });

  test('a server that is not running cannot be live-migrated', async () => {
    await cloud.addHost('host1');
    await cloud.addHost('host2');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await migrating({ power_state: 4 });
    await liveMigrate(uuid);
    const event = await eventOf(uuid);
    assert.equal(
      event.details,
      `InstanceInvalidState: Instance ${uuid} in power_state shutdown. Cannot live migrate while the instance is in this state.`,
    );
  });
});
