import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Destination } from '../../../../src/compute/rpc/compute-api.js';
import { CONDUCTOR_TOPIC, type ConductorMethods } from '../../../../src/compute/rpc/conductor-api.js';
import type { StoredRequestSpec } from '../../../../src/compute/rpc/request-spec.js';
import { RpcClient } from '../../../../src/common/bus/index.js';
import { contextOf, FakeCloud, FLAVOR, waitFor } from '../scheduler/service/fake-cloud.js';

const ONE = { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 };

describe('conductor evacuate_instance and unshelve_instance', () => {
  let cloud: FakeCloud;
  let conductor: RpcClient<ConductorMethods>;
  beforeEach(async () => {
    cloud = await FakeCloud.create();
    conductor = new RpcClient<ConductorMethods>(cloud.bus, CONDUCTOR_TOPIC);
  });
  afterEach(() => cloud.close());

  const eventOf = (uuid: string) =>
    waitFor(async () => {
      const [event] = await cloud.events(uuid);
      return event?.finish_time !== null && event;
    }, 'the conductor event');
  const sentOnce = (method: 'rebuild_instance' | 'unshelve_instance') =>
    waitFor(async () => {
      const sent = cloud.sent(method);
      return sent.length > 0 && sent[0];
    }, method);

  /** host1 stops reporting: after service_down_time it is down, the others still up. */
  const host1Dies = async () => {
    cloud.advance(61);
    for (const host of cloud.hosts.filter((candidate) => candidate.name !== 'host1'))
      await cloud.services.heartbeat(host.name, 'nova-compute', cloud.now());
  };

  test('an evacuation from a host that is down claims a new host and casts rebuild_instance there', async () => {
    const source = await cloud.addHost('host1');
    const destination = await cloud.addHost('host2');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.runningInstance('host1', {
      row: { task_state: 'rebuilding' },
      requestId: 'req-evacuate',
      action: 'evacuate',
    });
    // The API's record of the evacuation.
    const migrationUuid = randomUUID();
    await cloud.db
      .insertInto('migrations')
      .values({
        uuid: migrationUuid,
        instance_uuid: uuid,
        migration_type: 'evacuation',
        status: 'accepted',
        source_compute: 'host1',
        source_node: 'host1.node',
        dest_compute: null,
        dest_node: null,
        dest_host: null,
        old_flavor_id: null,
        new_flavor_id: null,
        user_id: 'u-admin',
        project_id: 'p-admin',
        created_at: cloud.now().toISOString(),
        updated_at: null,
      })
      .execute();
    await host1Dies();
    await conductor.cast('evacuate_instance', {
      context: contextOf('req-evacuate'),
      instanceUuid: uuid,
      host: null,
      adminPassword: 'new-pw',
    });
    const message = await sentOnce('rebuild_instance');
    assert.equal(message.host, 'host2');
    assert.deepEqual(
      [
        message.args.imageRef,
        message.args.adminPassword,
        message.args.evacuatedFrom,
        message.args.preserveEphemeral,
      ],
      ['image-1', 'new-pw', 'host1', false],
    );
    // Both hosts are held until the source cleans up.
    assert.deepEqual(await cloud.allocations(uuid), { [source.uuid]: ONE, [destination.uuid]: ONE });
    const migration = (await cloud.db
      .selectFrom('migrations')
      .selectAll()
      .where('uuid', '=', migrationUuid)
      .executeTakeFirst())!;
    assert.deepEqual([migration.dest_compute, migration.dest_node], ['host2', 'host2.node']);
    const event = await eventOf(uuid);
    assert.deepEqual([event.event, event.result], ['conductor_rebuild_server', 'Success']);
  });

  test('an evacuation from a host still up is refused; with no other host it is ERROR', async () => {
    const source = await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.runningInstance('host1', {
      row: { task_state: 'rebuilding' },
      requestId: 'req-evacuate',
      action: 'evacuate',
    });
    await conductor.cast('evacuate_instance', {
      context: contextOf('req-evacuate'),
      instanceUuid: uuid,
      host: null,
      adminPassword: null,
    });
    const event = await eventOf(uuid);
    assert.equal(event.details, 'ComputeServiceInUse: Compute service of host1 is still in use.');
    let row = (await cloud.instances.find(uuid))!;
    assert.deepEqual([row.vm_state, row.task_state], ['active', null]);

    const second = await cloud.runningInstance('host1', {
      row: { task_state: 'rebuilding' },
      requestId: 'req-evacuate-2',
      action: 'evacuate',
    });
    await host1Dies();
    await conductor.cast('evacuate_instance', {
      context: contextOf('req-evacuate-2'),
      instanceUuid: second,
      host: null,
      adminPassword: null,
    });
    const failed = await eventOf(second);
    assert.equal(failed.result, 'Error');
    row = (await cloud.instances.find(second))!;
    assert.deepEqual([row.vm_state, row.task_state], ['error', null]);
    const [fault] = await cloud.faults(second);
    assert.equal(fault.message, 'No valid host was found. There are not enough hosts available.');
    const migration = (await cloud.db
      .selectFrom('migrations')
      .selectAll()
      .where('instance_uuid', '=', second)
      .executeTakeFirst())!;
    assert.deepEqual([migration.migration_type, migration.status], ['evacuation', 'error']);
    assert.deepEqual(await cloud.allocations(second), { [source.uuid]: ONE });
  });

  const offloaded = (spec: Partial<StoredRequestSpec> = {}) =>
    cloud.createInstance({
      spec,
      row: { vm_state: 'shelved_offloaded', task_state: 'unshelving', power_state: 4 },
      requestId: 'req-unshelve',
      action: 'unshelve',
    });

  test('an offloaded server is scheduled and claimed, then unshelved on the chosen host', async () => {
    await cloud.addHost('host1', { memoryMb: 2048 });
    const best = await cloud.addHost('host2', { memoryMb: 8192 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await offloaded();
    await conductor.cast('unshelve_instance', {
      context: contextOf('req-unshelve'),
      instanceUuid: uuid,
      availabilityZone: null,
      host: null,
    });
    const message = await sentOnce('unshelve_instance');
    assert.equal(message.host, 'host2');
    assert.equal((message.args.destination as Destination).providerUuid, best.uuid);
    assert.deepEqual(await cloud.allocations(uuid), { [best.uuid]: ONE });
    assert.equal((await cloud.instances.find(uuid))!.availability_zone, 'nova');
    const event = await eventOf(uuid);
    assert.deepEqual([event.event, event.result], ['conductor_unshelve_instance', 'Success']);
  });

  test('an unshelve into another zone keeps that zone in the request spec', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 2048 });
    const { id } = await cloud.db
      .insertInto('aggregates')
      .values({ uuid: randomUUID(), name: 'az2', created_at: cloud.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await cloud.db.insertInto('aggregate_hosts').values({ aggregate_id: id, host: 'host2' }).execute();
    await cloud.db
      .insertInto('aggregate_metadata')
      .values({ aggregate_id: id, key: 'availability_zone', value: 'az2' })
      .execute();
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await offloaded();
    await conductor.cast('unshelve_instance', {
      context: contextOf('req-unshelve'),
      instanceUuid: uuid,
      availabilityZone: 'az2',
      host: null,
    });
    const message = await sentOnce('unshelve_instance');
    assert.equal(message.host, 'host2');
    assert.equal((await cloud.instances.find(uuid))!.availability_zone, 'az2');
    const { spec } = (await cloud.db
      .selectFrom('request_specs')
      .select('spec')
      .where('instance_uuid', '=', uuid)
      .executeTakeFirst())!;
    assert.equal((JSON.parse(spec) as StoredRequestSpec).availabilityZone, 'az2');
  });

  test('no valid host for an unshelve: SHELVED_OFFLOADED again, no task, a fault', async () => {
    await cloud.addHost('host1', { vcpus: 1 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await offloaded({ flavor: { ...FLAVOR, vcpus: 2 } });
    await conductor.cast('unshelve_instance', {
      context: contextOf('req-unshelve'),
      instanceUuid: uuid,
      availabilityZone: null,
      host: null,
    });
    const event = await eventOf(uuid);
    assert.equal(event.result, 'Error');
    const row = (await cloud.instances.find(uuid))!;
    assert.deepEqual([row.vm_state, row.task_state], ['shelved_offloaded', null]);
    const [fault] = await cloud.faults(uuid);
    assert.equal(fault.message, 'No valid host was found. ');
    assert.deepEqual(await cloud.allocations(uuid), {});
  });

  test('a shelved server still on its host is just powered on there', async () => {
    await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.runningInstance('host1', {
      row: { vm_state: 'shelved', task_state: 'unshelving', power_state: 4 },
      requestId: 'req-unshelve',
      action: 'unshelve',
    });
    await conductor.cast('unshelve_instance', {
      context: contextOf('req-unshelve'),
      instanceUuid: uuid,
      availabilityZone: null,
      host: null,
    });
    const [message] = await waitFor(async () => {
      const sent = cloud.sent('start_instance');
      return sent.length > 0 && sent;
    }, 'start_instance');
    assert.equal(message.host, 'host1');
    assert.equal((await cloud.instances.find(uuid))!.task_state, 'powering-on');
  });
});
