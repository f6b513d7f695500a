import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { RemoteError } from '../../../../../src/common/bus/index.js';
import { RpcClient } from '../../../../../src/common/bus/index.js';
import {
  SCHEDULER_TOPIC,
  type SchedulerMethods,
  type SelectDestinationsArgs,
} from '../../../../../src/compute/rpc/scheduler-api.js';
import { ServerGroupsRepo } from '../../../../../src/compute/server-groups/server-groups-repo.js';
import { contextOf, FakeCloud, FLAVOR, storedSpec } from './fake-cloud.js';

const ONE = { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 };

describe('scheduler select_destinations', () => {
  let cloud: FakeCloud;
  let scheduler: RpcClient<SchedulerMethods>;
  beforeEach(async () => {
    cloud = await FakeCloud.create();
    scheduler = new RpcClient<SchedulerMethods>(cloud.bus, SCHEDULER_TOPIC);
  });
  afterEach(() => cloud.close());

  const select = (overrides: Partial<SelectDestinationsArgs> = {}) =>
    scheduler.call('select_destinations', {
      context: contextOf('req-1'),
      spec: storedSpec(),
      instanceUuids: [randomUUID()],
      returnAlternates: true,
      ...overrides,
    });

  const rejection = async (promise: Promise<unknown>): Promise<RemoteError> => {
    const error = await promise.then(
      () => assert.fail('expected NoValidHost'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof RemoteError, String(error));
    assert.equal(error.remoteName, 'NoValidHost');
    return error;
  };

  test('picks the host with the most free RAM, claims it in placement, and offers the others', async () => {
    const small = await cloud.addHost('host1', { memoryMb: 4096 });
    const big = await cloud.addHost('host2', { memoryMb: 8192 });
    await cloud.startScheduler();
    const uuid = randomUUID();
    const [pick] = await select({ instanceUuids: [uuid] });
    assert.equal(pick.instanceUuid, uuid);
    assert.deepEqual(
      { host: pick.selection.host, node: pick.selection.nodename, rp: pick.selection.providerUuid },
      { host: 'host2', node: 'host2.node', rp: big.uuid },
    );
    assert.deepEqual(pick.selection.allocationRequest.allocations, { [big.uuid]: { resources: ONE } });
    assert.deepEqual(await cloud.allocations(uuid), { [big.uuid]: ONE });
    assert.deepEqual(
      pick.alternates.map((alternate) => [alternate.host, alternate.providerUuid]),
      [['host1', small.uuid]],
    );
    // Alternates are not claimed.
    assert.deepEqual(await cloud.placement.getProviderAllocations(small.uuid), {});
  });

  test('without alternates asked for, none come back', async () => {
    await cloud.addHost('host1');
    await cloud.addHost('host2');
    await cloud.startScheduler();
    const [pick] = await select({ returnAlternates: false });
    assert.deepEqual(pick.alternates, []);
  });

  test('a multi-create claims each instance, resources of one counting for the next', async () => {
    const host1 = await cloud.addHost('host1', { memoryMb: 1024 });
    const host2 = await cloud.addHost('host2', { memoryMb: 1536 });
    await cloud.startScheduler();
    const uuids = [randomUUID(), randomUUID(), randomUUID()];
    const picks = await select({ instanceUuids: uuids });
    // 1536 free wins, then 1024 ties 1024 (the earlier host stays first), then 1024 against 512.
    assert.deepEqual(
      picks.map((pick) => pick.selection.host),
      ['host2', 'host1', 'host2'],
    );
    const used = async (rp: string) => Object.keys(await cloud.placement.getProviderAllocations(rp)).sort();
    assert.deepEqual(await used(host1.uuid), [uuids[1]].sort());
    assert.deepEqual(await used(host2.uuid), [uuids[0], uuids[2]].sort());
  });

  test('anti-affinity spreads the members of a group over hosts, affinity keeps them together', async () => {
    for (const name of ['host1', 'host2', 'host3']) await cloud.addHost(name);
    await cloud.startScheduler();
    const groups = new ServerGroupsRepo(cloud.db);
    const apart = await groups.create(
      { name: 'apart', projectId: 'p-one', userId: 'u-one', policy: 'anti-affinity', rules: {} },
      cloud.now(),
    );
    const uuids = [randomUUID(), randomUUID(), randomUUID()];
    const spread = await select({
      spec: storedSpec({ instanceGroupUuid: apart.uuid }),
      instanceUuids: uuids,
    });
    assert.equal(new Set(spread.map((pick) => pick.selection.host)).size, 3);

    const together = await groups.create(
      { name: 'together', projectId: 'p-one', userId: 'u-one', policy: 'affinity', rules: {} },
      cloud.now(),
    );
    const more = [randomUUID(), randomUUID(), randomUUID()];
    const packed = await select({
      spec: storedSpec({ instanceGroupUuid: together.uuid }),
      instanceUuids: more,
    });
    assert.equal(new Set(packed.map((pick) => pick.selection.host)).size, 1);
  });

  test('anti-affinity counts members already running on a host', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.startScheduler();
    const running = await cloud.runningInstance('host1');
    const group = await new ServerGroupsRepo(cloud.db).create(
      { name: 'apart', projectId: 'p-one', userId: 'u-one', policy: 'anti-affinity', rules: {} },
      cloud.now(),
    );
    await cloud.db
      .insertInto('server_group_members')
      .values({ group_id: 1, instance_uuid: running })
      .execute();
    const [pick] = await select({ spec: storedSpec({ instanceGroupUuid: group.uuid }) });
    assert.equal(pick.selection.host, 'host2');
  });

  test('no candidate from placement is NoValidHost across the bus, with Nova message', async () => {
    await cloud.addHost('host1', { vcpus: 1 });
    await cloud.startScheduler();
    const error = await rejection(select({ spec: storedSpec({ flavor: { ...FLAVOR, vcpus: 2 } }) }));
    assert.equal(error.message, 'No valid host was found. ');
  });

  test('a multi-create that does not fit gives back the claims it made', async () => {
    const host = await cloud.addHost('host1', { vcpus: 1 });
    await cloud.startScheduler();
    const uuids = [randomUUID(), randomUUID()];
    const error = await rejection(select({ instanceUuids: uuids }));
    assert.equal(error.message, 'No valid host was found. There are not enough hosts available.');
    assert.deepEqual(await cloud.placement.getProviderAllocations(host.uuid), {});
    for (const uuid of uuids) assert.deepEqual(await cloud.allocations(uuid), {});
  });

  test('disabled and down compute services are filtered out', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.addHost('host3', { memoryMb: 2048 });
    await cloud.startScheduler();
    const service = (await cloud.services.find('host1', 'nova-compute'))!;
    await cloud.services.setStatus(service, { disabled: true, disabledReason: 'maintenance' }, cloud.now());
    const [first] = await select({ returnAlternates: true });
    assert.equal(first.selection.host, 'host2');
    assert.deepEqual(
      first.alternates.map((alternate) => alternate.host),
      ['host3'],
    );

    // A minute and more without a heartbeat from host2: down. host3 keeps reporting.
    cloud.advance(61);
    await cloud.services.heartbeat('host3', 'nova-compute', cloud.now());
    const [second] = await select();
    assert.equal(second.selection.host, 'host3');
    assert.deepEqual(second.alternates, []);
  });

  test('ignored hosts and a requested destination narrow the choice', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.addHost('host3', { memoryMb: 2048 });
    await cloud.startScheduler();
    const [ignoring] = await select({ ignoreHosts: ['host1'] });
    assert.equal(ignoring.selection.host, 'host2');
    const [targeted] = await select({ requestedDestination: { host: 'host3', node: null } });
    assert.equal(targeted.selection.host, 'host3');
    assert.deepEqual(targeted.alternates, []);
    const error = await rejection(select({ requestedDestination: { host: 'nowhere', node: null } }));
    assert.equal(error.message, 'No valid host was found. No such host - host: nowhere node: None ');
  });

  test('a stored destination of only a node (2.74 hypervisor_hostname) lands on that node', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 2048 });
    await cloud.startScheduler();
    const spec = (node: string) => storedSpec({ requestedDestination: { host: null, node } });
    const [targeted] = await select({ spec: spec('host2.node') });
    assert.deepEqual([targeted.selection.host, targeted.selection.nodename], ['host2', 'host2.node']);
    const error = await rejection(select({ spec: spec('nowhere') }));
    assert.equal(error.message, 'No valid host was found. No such host - host: None node: nowhere ');
  });

  test('a requested zone keeps the hosts of its aggregates', async () => {
    await cloud.addHost('host1', { memoryMb: 8192 });
    await cloud.addHost('host2', { memoryMb: 4096 });
    await cloud.startScheduler();
    const { id } = await cloud.db
      .insertInto('aggregates')
      .values({ uuid: randomUUID(), name: 'az1', created_at: cloud.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await cloud.db.insertInto('aggregate_hosts').values({ aggregate_id: id, host: 'host2' }).execute();
    await cloud.db
      .insertInto('aggregate_metadata')
      .values({ aggregate_id: id, key: 'availability_zone', value: 'az1' })
      .execute();
    const [inZone] = await select({ spec: storedSpec({ availabilityZone: 'az1' }) });
    assert.equal(inZone.selection.host, 'host2');
    const [inDefault] = await select({ spec: storedSpec({ availabilityZone: 'nova' }) });
    assert.equal(inDefault.selection.host, 'host1');
  });

  test('a claim that loses the race to another consumer moves on to the next host', async () => {
    const best = await cloud.addHost('host1', { memoryMb: 8192, vcpus: 1 });
    await cloud.addHost('host2', { memoryMb: 4096, vcpus: 1 });
    // Between the candidates and the claim, someone else takes the best host's only VCPU.
    const original = cloud.placement.getAllocationCandidates.bind(cloud.placement);
    cloud.placement.getAllocationCandidates = async (request) => {
      const candidates = await original(request);
      await cloud.placement.claim(
        randomUUID(),
        { allocations: { [best.uuid]: { resources: { VCPU: 1 } } } },
        { projectId: 'p', userId: 'u', consumerGeneration: null },
      );
      return candidates;
    };
    await cloud.startScheduler();
    const uuid = randomUUID();
    const [pick] = await select({ instanceUuids: [uuid] });
    assert.equal(pick.selection.host, 'host2');
    // The host that refused the claim is no alternate either.
    assert.deepEqual(pick.alternates, []);
    assert.deepEqual(Object.keys(await cloud.allocations(uuid)), [cloud.host('host2').uuid]);
  });

  test('an instance that still holds its source (an evacuation) claims both hosts', async () => {
    const source = await cloud.addHost('host1');
    const destination = await cloud.addHost('host2');
    await cloud.startScheduler();
    const uuid = await cloud.runningInstance('host1');
    const [pick] = await select({ instanceUuids: [uuid], ignoreHosts: ['host1'], returnAlternates: false });
    assert.equal(pick.selection.host, 'host2');
    assert.deepEqual(await cloud.allocations(uuid), { [source.uuid]: ONE, [destination.uuid]: ONE });
  });

  test('a rebuild check runs the filters on the current host and claims nothing', async () => {
    await cloud.addHost('host1');
    await cloud.startScheduler();
    const uuid = await cloud.runningInstance('host1');
    const before = await cloud.allocations(uuid);
    const [pick] = await select({
      instanceUuids: [uuid],
      requestedDestination: { host: 'host1', node: 'host1.node' },
      checkType: 'rebuild',
    });
    assert.equal(pick.selection.host, 'host1');
    assert.deepEqual(await cloud.allocations(uuid), before);
  });

  test('the scheduler registers its service', async () => {
    await cloud.startScheduler();
    const service = await cloud.services.find('controller', 'nova-scheduler');
    assert.equal(service?.topic, 'scheduler');
  });
});
