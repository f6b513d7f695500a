import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createFlavor } from '../../../../src/compute/flavors/flavors-repo.js';
import type { Destination } from '../../../../src/compute/rpc/compute-api.js';
import { CONDUCTOR_TOPIC, type ConductorMethods } from '../../../../src/compute/rpc/conductor-api.js';
import type { StoredRequestSpec } from '../../../../src/compute/rpc/request-spec.js';
import { RpcClient } from '../../../../src/common/bus/index.js';
import type { FlavorSpec } from '../../../../src/compute/virt/types.js';
import { contextOf, FakeCloud, waitFor } from '../scheduler/service/fake-cloud.js';

const ONE = { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 };
const TWO = { VCPU: 2, MEMORY_MB: 1024, DISK_GB: 2 };

describe('conductor migrate_server', () => {
  let cloud: FakeCloud;
  let conductor: RpcClient<ConductorMethods>;
  beforeEach(async () => {
    cloud = await FakeCloud.create();
    conductor = new RpcClient<ConductorMethods>(cloud.bus, CONDUCTOR_TOPIC);
    await createFlavor(
      cloud.db,
      {
        flavorid: 'r2',
        name: 'test.double',
        memory_mb: 1024,
        vcpus: 2,
        root_gb: 2,
        ephemeral_gb: 0,
        swap: 0,
        rxtx_factor: 1,
        is_public: 1,
        description: null,
      },
      cloud.now(),
    );
  });
  afterEach(() => cloud.close());

  /** A running server on host1 whose resize (or migration) the API accepted. */
  const accepted = async (action: 'resize' | 'migrate') => {
    const uuid = await cloud.runningInstance('host1', {
      row: { task_state: 'resize_prep' },
      requestId: 'req-move',
      action,
    });
    return uuid;
  };
  const migrate = (uuid: string, newFlavorId: string | null, host: string | null = null) =>
    conductor.cast('migrate_server', {
      context: contextOf('req-move'),
      instanceUuid: uuid,
      newFlavorId,
      host,
    });
  const migrationOf = async (uuid: string) =>
    cloud.db.selectFrom('migrations').selectAll().where('instance_uuid', '=', uuid).executeTakeFirst();
  const finished = (uuid: string) =>
    waitFor(async () => {
      const events = await cloud.events(uuid);
      return events.length === 2 && events.every((event) => event.finish_time !== null) && events;
    }, 'the events of the move');

  test('a resize moves the source allocation to the migration, claims the destination, casts prep_resize', async () => {
    const source = await cloud.addHost('host1', { memoryMb: 4096 });
    const destination = await cloud.addHost('host2', { memoryMb: 8192 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await accepted('resize');
    await migrate(uuid, 'r2');
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('prep_resize');
      return sent.length > 0 && sent;
    }, 'prep_resize');
    assert.equal(message.host, 'host2');
    const migration = (await migrationOf(uuid))!;
    assert.equal(message.args.migrationUuid, migration.uuid);
    assert.equal((message.args.destination as Destination).providerUuid, destination.uuid);
    assert.deepEqual(
      [migration.migration_type, migration.status, migration.source_compute, migration.source_node],
      ['resize', 'pre-migrating', 'host1', 'host1.node'],
    );
    assert.deepEqual(
      [migration.dest_compute, migration.dest_node, migration.old_flavor_id, migration.new_flavor_id],
      ['host2', 'host2.node', '1', 'r2'],
    );
    assert.deepEqual(await cloud.allocations(migration.uuid), { [source.uuid]: ONE });
    assert.deepEqual(await cloud.allocations(uuid), { [destination.uuid]: TWO });

    const row = (await cloud.instances.find(uuid))!;
    assert.equal((JSON.parse(row.new_flavor!) as FlavorSpec).id, 'r2');
    assert.equal((JSON.parse(row.old_flavor!) as FlavorSpec).id, '1');
    // The server keeps its flavor, host and task until the agents move it.
    assert.deepEqual([row.host, row.task_state, row.vm_state], ['host1', 'resize_prep', 'active']);
    const { spec } = (await cloud.db.selectFrom('request_specs').select('spec').executeTakeFirst())!;
    assert.equal((JSON.parse(spec) as StoredRequestSpec).flavor.id, 'r2');
    const events = await finished(uuid);
    assert.deepEqual(
      events.map((event) => [event.event, event.result]),
      [
        ['conductor_migrate_server', 'Success'],
        ['cold_migrate', 'Success'],
      ],
    );
  });

  test('a resize may stay on its host (allow_resize_to_same_host), holding both claims there', async () => {
    const only = await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await accepted('resize');
    await migrate(uuid, 'r2');
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('prep_resize');
      return sent.length > 0 && sent;
    }, 'prep_resize');
    assert.equal(message.host, 'host1');
    const migration = (await migrationOf(uuid))!;
    assert.deepEqual(await cloud.allocations(migration.uuid), { [only.uuid]: ONE });
    assert.deepEqual(await cloud.allocations(uuid), { [only.uuid]: TWO });
  });

  test('without allow_resize_to_same_host a one-host resize fails as Nova does', async () => {
    const only = await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor({ allowResizeToSameHost: false });
    const uuid = await accepted('resize');
    await migrate(uuid, 'r2');
    const events = await finished(uuid);
    assert.deepEqual(
      events.map((event) => [event.event, event.result, event.details]),
      [
        [
          'conductor_migrate_server',
          'Error',
          'NoValidHost: No valid host was found. No valid host found for resize',
        ],
        ['cold_migrate', 'Error', 'NoValidHost: No valid host was found. No valid host found for resize'],
      ],
    );
    // The source allocation is the instance's again, the record failed, the server as it was.
    assert.deepEqual(await cloud.allocations(uuid), { [only.uuid]: ONE });
    const migration = (await migrationOf(uuid))!;
    assert.equal(migration.status, 'error');
    assert.deepEqual(await cloud.allocations(migration.uuid), {});
    const row = (await cloud.instances.find(uuid))!;
    assert.deepEqual(
      [row.vm_state, row.task_state, row.host, row.new_flavor],
      ['active', null, 'host1', null],
    );
    const [fault] = await cloud.faults(uuid);
    assert.equal(fault.message, 'No valid host was found. There are not enough hosts available.');
    assert.deepEqual(cloud.sent('prep_resize'), []);
  });

  test('a cold migration never stays on its host and keeps the flavor', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    const other = await cloud.addHost('host2', { memoryMb: 2048 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await accepted('migrate');
    await migrate(uuid, null);
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('prep_resize');
      return sent.length > 0 && sent;
    }, 'prep_resize');
    assert.equal(message.host, 'host2');
    const migration = (await migrationOf(uuid))!;
    assert.deepEqual(
      [migration.migration_type, migration.old_flavor_id, migration.new_flavor_id],
      ['migration', '1', '1'],
    );
    assert.deepEqual(await cloud.allocations(uuid), { [other.uuid]: ONE });
  });

  test('a cold migration to a named host goes there, and fails on a one-host cloud', async () => {
    await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await accepted('migrate');
    await migrate(uuid, null);
    const events = await finished(uuid);
    assert.equal(
      events[0].details,
      'NoValidHost: No valid host was found. No valid host found for cold migrate',
    );
    assert.deepEqual(await cloud.allocations(uuid), { [cloud.host('host1').uuid]: ONE });

    const target = await cloud.addHost('host3', { memoryMb: 1024 });
    await cloud.addHost('host4', { memoryMb: 8192 });
    const second = await accepted('migrate');
    await conductor.cast('migrate_server', {
      context: contextOf('req-move'),
      instanceUuid: second,
      newFlavorId: null,
      host: 'host3',
    });
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('prep_resize');
      return sent.length > 0 && sent;
    }, 'prep_resize');
    assert.equal(message.host, 'host3');
    assert.deepEqual(await cloud.allocations(second), { [target.uuid]: ONE });
  });

  test('a flavor that is gone fails the resize with the fault and no change to allocations', async () => {
    const source = await cloud.addHost('host1');
    await cloud.addHost('host2');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await accepted('resize');
    await migrate(uuid, 'nope');
    const events = await finished(uuid);
    assert.equal(events[0].details, 'FlavorNotFound: Flavor nope could not be found.');
    assert.deepEqual(await cloud.allocations(uuid), { [source.uuid]: ONE });
    const row = (await cloud.instances.find(uuid))!;
    assert.deepEqual([row.vm_state, row.task_state], ['active', null]);
    const [fault] = await cloud.faults(uuid);
    assert.deepEqual([fault.code, fault.message], [404, 'Flavor nope could not be found.']);
  });
});
