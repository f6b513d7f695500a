import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ConductorMethods } from '../../../../src/compute/rpc/conductor-api.js';
import { CONDUCTOR_TOPIC } from '../../../../src/compute/rpc/conductor-api.js';
import type { Destination } from '../../../../src/compute/rpc/compute-api.js';
import { RpcClient } from '../../../../src/common/bus/index.js';
import { ServerGroupsRepo } from '../../../../src/compute/server-groups/server-groups-repo.js';
import {
  contextOf,
  FakeCloud,
  FLAVOR,
  PROJECT,
  waitFor,
  type AgentMessage,
} from '../scheduler/service/fake-cloud.js';

const ONE = { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 };

describe('conductor build_instances', () => {
  let cloud: FakeCloud;
  let conductor: RpcClient<ConductorMethods>;
  beforeEach(async () => {
    cloud = await FakeCloud.create();
    conductor = new RpcClient<ConductorMethods>(cloud.bus, CONDUCTOR_TOPIC);
  });
  afterEach(() => cloud.close());

  const build = (uuids: string[], requestId = `req-${uuids[0]}`) =>
    conductor.cast('build_instances', {
      context: contextOf(requestId),
      instanceUuids: uuids,
      adminPassword: 'pw',
    });
  const builds = (count: number) =>
    waitFor(async () => {
      const sent = cloud.sent('build_and_run_instance');
      return sent.length >= count && sent;
    }, `${count} build_and_run_instance`);
  const errored = (uuid: string) =>
    waitFor(async () => {
      const row = await cloud.instances.find(uuid);
      return row?.vm_state === 'error' && row;
    }, `${uuid} in ERROR`);

  test('schedules, claims the chosen host and casts build_and_run_instance there with alternates', async () => {
    const big = await cloud.addHost('host1', { memoryMb: 8192 });
    const small = await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.createInstance();
    await build([uuid]);
    const [message] = await builds(1);
    assert.equal(message.host, 'host1');
    assert.equal(message.args.instanceUuid, uuid);
    assert.equal(message.args.adminPassword, 'pw');
    assert.deepEqual(
      (message.args.alternates as Destination[]).map((alternate) => [alternate.host, alternate.providerUuid]),
      [['host2', small.uuid]],
    );
    assert.deepEqual((message.args.context as { requestId: string }).requestId, `req-${uuid}`);
    assert.deepEqual(await cloud.allocations(uuid), { [big.uuid]: ONE });
    const usage = await cloud.placement.getProjectUsages(PROJECT);
    assert.deepEqual(usage, ONE);
    // The agent sets host and node when it starts; the conductor only gives the zone.
    const row = (await cloud.instances.find(uuid))!;
    assert.deepEqual(
      [row.host, row.node, row.availability_zone, row.vm_state],
      [null, null, 'nova', 'building'],
    );
  });

  test('no valid host: ERROR with the fault and the failed event, nothing claimed', async () => {
    await cloud.addHost('host1', { vcpus: 1 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.createInstance({ spec: { flavor: { ...FLAVOR, vcpus: 2 } } });
    await build([uuid]);
    const row = await errored(uuid);
    assert.equal(row.task_state, null);
    const [fault] = await cloud.faults(uuid);
    assert.equal(fault.code, 500);
    assert.equal(fault.message, 'No valid host was found. ');
    assert.equal(fault.host, 'controller');
    const events = await waitFor(async () => {
      const found = await cloud.events(uuid);
      return found.length > 0 && found[0].finish_time !== null && found;
    }, 'the event');
    assert.deepEqual(
      events.map((event) => [event.event, event.result]),
      [['conductor_schedule_and_build_instances', 'Error']],
    );
    const [action] = await cloud.actions.list(uuid);
    assert.equal(action.message, 'Error');
    assert.deepEqual(await cloud.allocations(uuid), {});
    assert.deepEqual(cloud.sent('build_and_run_instance'), []);
  });

  test('a multi-create that does not fit: every server in ERROR, no claim left', async () => {
    const host = await cloud.addHost('host1', { vcpus: 2 });
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuids = [await cloud.createInstance(), await cloud.createInstance(), await cloud.createInstance()];
    await build(uuids);
    for (const uuid of uuids) {
      await errored(uuid);
      const [fault] = await cloud.faults(uuid);
      assert.equal(fault.message, 'No valid host was found. There are not enough hosts available.');
    }
    assert.deepEqual(await cloud.placement.getProviderAllocations(host.uuid), {});
  });

  test('anti-affinity spreads a multi-create over the hosts', async () => {
    for (const name of ['host1', 'host2', 'host3']) await cloud.addHost(name);
    await cloud.startScheduler();
    await cloud.startConductor();
    const group = await new ServerGroupsRepo(cloud.db).create(
      { name: 'g', projectId: PROJECT, userId: 'u-one', policy: 'anti-affinity', rules: {} },
      cloud.now(),
    );
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const uuid = await cloud.createInstance({ spec: { instanceGroupUuid: group.uuid } });
      await cloud.db
        .insertInto('server_group_members')
        .values({ group_id: 1, instance_uuid: uuid })
        .execute();
      uuids.push(uuid);
    }
    await build(uuids);
    const sent = await builds(3);
    assert.deepEqual(sent.map((message) => message.host).sort(), ['host1', 'host2', 'host3']);
    for (const message of sent) {
      const host = cloud.host(message.host);
      assert.deepEqual(Object.keys(await cloud.allocations(message.args.instanceUuid)), [host.uuid]);
    }
  });

  test('the quota recheck puts the servers of a request over quota in ERROR and frees their claims', async () => {
    await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    await cloud.db
      .insertInto('quotas')
      .values({ project_id: PROJECT, user_id: null, resource: 'instances', hard_limit: 1 })
      .execute();
    const uuids = [await cloud.createInstance(), await cloud.createInstance()];
    await build(uuids);
    for (const uuid of uuids) {
      await errored(uuid);
      const [fault] = await cloud.faults(uuid);
      assert.equal(fault.code, 413);
      assert.equal(
        fault.message,
        'Quota exceeded for instances: Requested 2, but already used 1 of 1 instances',
      );
      assert.deepEqual(await cloud.allocations(uuid), {});
    }
    assert.deepEqual(cloud.sent('build_and_run_instance'), []);
  });

  /** The agent of `host` fails every build as Nova's does: claim given back, then a reschedule. */
  const failBuildsOn = (host: string) =>
    cloud.behaviour.set(host, {
      build_and_run_instance: async (args: AgentMessage['args']) => {
        await cloud.placement.deleteAllocations(args.instanceUuid);
        await conductor.cast('reschedule_instance', {
          context: args.context as ReturnType<typeof contextOf>,
          instanceUuid: args.instanceUuid,
          alternates: args.alternates as Destination[],
          adminPassword: args.adminPassword as string | null,
          reason: `Build of instance ${args.instanceUuid} failed on ${host}`,
        });
      },
    });

  test('a build that fails on its host is rescheduled to the next alternate, claimed there', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    const alternate = await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.addHost('host3', { memoryMb: 2048 });
    await cloud.startScheduler();
    await cloud.startConductor();
    failBuildsOn('host1');
    const uuid = await cloud.createInstance();
    await build([uuid]);
    const [first, second] = await builds(2);
    assert.equal(first.host, 'host1');
    assert.equal(second.host, 'host2');
    assert.equal(second.args.adminPassword, 'pw');
    assert.deepEqual(
      (second.args.alternates as Destination[]).map((destination) => destination.host),
      ['host3'],
    );
    assert.deepEqual(await cloud.allocations(uuid), { [alternate.uuid]: ONE });
  });

  test('when every alternate failed: ERROR with MaxRetriesExceeded and no claim left', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.startScheduler();
    await cloud.startConductor();
    failBuildsOn('host1');
    failBuildsOn('host2');
    const uuid = await cloud.createInstance();
    await build([uuid]);
    const row = await errored(uuid);
    assert.equal(row.task_state, null);
    const [fault] = await cloud.faults(uuid);
    assert.equal(fault.code, 500);
    assert.equal(
      fault.message,
      `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${uuid}.`,
    );
    assert.match(fault.details ?? '', /failed on host2/);
    assert.deepEqual(await cloud.allocations(uuid), {});
    assert.deepEqual(
      cloud.sent('build_and_run_instance').map((message) => message.host),
      ['host1', 'host2'],
    );
  });

  test('an alternate with no room left is skipped on reschedule', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    const full = await cloud.addHost('host2', { memoryMb: 4096, vcpus: 1 });
    const last = await cloud.addHost('host3', { memoryMb: 2048 });
    await cloud.startScheduler();
    await cloud.startConductor();
    cloud.behaviour.set('host1', {
      build_and_run_instance: async (args: AgentMessage['args']) => {
        // Meanwhile another server took host2's only VCPU.
        await cloud.placement.claim(
          '00000000-0000-0000-0000-0000000000aa',
          { allocations: { [full.uuid]: { resources: { VCPU: 1 } } } },
          { projectId: PROJECT, userId: 'u', consumerGeneration: null },
        );
        await cloud.placement.deleteAllocations(args.instanceUuid);
        await conductor.cast('reschedule_instance', {
          context: args.context as ReturnType<typeof contextOf>,
          instanceUuid: args.instanceUuid,
          alternates: args.alternates as Destination[],
          adminPassword: null,
          reason: 'boom',
        });
      },
    });
    const uuid = await cloud.createInstance();
    await build([uuid]);
    const sent = await builds(2);
    assert.deepEqual(
      sent.map((message) => message.host),
      ['host1', 'host3'],
    );
    assert.deepEqual(await cloud.allocations(uuid), { [last.uuid]: ONE });
  });

  test('concurrent builds never overcommit the last units of a host', async () => {
    const host = await cloud.addHost('host1', { vcpus: 3 });
    // Two schedulers and two conductors share the work, as in a scaled-out cloud.
    await cloud.startScheduler();
    await cloud.startScheduler();
    await cloud.startConductor();
    await cloud.startConductor();
    const uuids: string[] = [];
    for (let i = 0; i < 8; i++) uuids.push(await cloud.createInstance());
    await Promise.all(uuids.map((uuid) => build([uuid])));
    const outcome = await waitFor(async () => {
      const built = cloud.sent('build_and_run_instance').map((message) => message.args.instanceUuid);
      const failed: string[] = [];
      for (const uuid of uuids)
        if ((await cloud.instances.find(uuid))?.vm_state === 'error') failed.push(uuid);
      return built.length + failed.length === uuids.length && { built, failed };
    }, 'every build decided');
    assert.equal(outcome.built.length, 3);
    assert.equal(outcome.failed.length, 5);
    const { usages } = await cloud.placement.getProviderUsages(host.uuid);
    assert.equal(usages.VCPU, 3);
    for (const uuid of outcome.failed) assert.deepEqual(await cloud.allocations(uuid), {});
  });

  test('a server deleted while it was scheduled is not built and keeps no claim', async () => {
    await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.createInstance();
    // The user deletes it right after the scheduler claimed for it.
    const claim = cloud.placement.claim.bind(cloud.placement);
    cloud.placement.claim = async (...args) => {
      const claimed = await claim(...args);
      await cloud.instances.markDeleted(uuid);
      return claimed;
    };
    await build([uuid]);
    await waitFor(async () => {
      const allocations = await cloud.allocations(uuid);
      const row = await cloud.instances.find(uuid, { readDeleted: true });
      return row?.deleted === 1 && Object.keys(allocations).length === 0;
    }, 'the claim given back');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(cloud.sent('build_and_run_instance'), []);
    assert.deepEqual(await cloud.allocations(uuid), {});
  });

  test('a server deleted before the conductor got to it is left alone', async () => {
    await cloud.addHost('host1');
    await cloud.startScheduler();
    await cloud.startConductor();
    const uuid = await cloud.createInstance();
    await cloud.instances.markDeleted(uuid);
    await build([uuid]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(cloud.sent('build_and_run_instance'), []);
    assert.deepEqual(await cloud.allocations(uuid), {});
  });

  test('the conductor registers its service', async () => {
    await cloud.startConductor();
    assert.equal((await cloud.services.find('controller', 'nova-conductor'))?.topic, 'conductor');
  });
});
