import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ProviderSummary } from '../../../../../src/common/clients/placement-types.js';
import { HostManager } from '../../../../../src/compute/scheduler/service/host-manager.js';
import { ServiceRegistry } from '../../../../../src/compute/services/service-registry.js';
import { FakeCloud } from './fake-cloud.js';

const summary = (vcpu: [number, number], ram: [number, number], disk: [number, number]): ProviderSummary => ({
  resources: {
    VCPU: { capacity: vcpu[0], used: vcpu[1] },
    MEMORY_MB: { capacity: ram[0], used: ram[1] },
    DISK_GB: { capacity: disk[0], used: disk[1] },
  },
  traits: [],
  parent_provider_uuid: null,
  root_provider_uuid: '',
});

describe('HostManager', () => {
  let cloud: FakeCloud;
  let manager: HostManager;
  beforeEach(async () => {
    cloud = await FakeCloud.create();
    manager = new HostManager(cloud.db, new ServiceRegistry(cloud.db), cloud.now);
  });
  afterEach(() => cloud.close());

  test('a host state per offered node: service, aggregates, instances, and placement figures', async () => {
    const host1 = await cloud.addHost('host1', { hypervisorType: 'QEMU', hypervisorVersion: 6002000 });
    const host2 = await cloud.addHost('host2');
    await cloud.addHost('host3');
    const running = await cloud.runningInstance('host1');
    const { id } = await cloud.db
      .insertInto('aggregates')
      .values({ uuid: randomUUID(), name: 'fast', created_at: cloud.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await cloud.db.insertInto('aggregate_hosts').values({ aggregate_id: id, host: 'host1' }).execute();
    await cloud.db
      .insertInto('aggregate_metadata')
      .values({ aggregate_id: id, key: 'ssd', value: 'true' })
      .execute();
    const service = (await cloud.services.find('host2', 'nova-compute'))!;
    await cloud.services.setStatus(service, { disabled: true, disabledReason: 'broken' }, cloud.now());

    const states = await manager.hostStates({
      [host1.uuid]: summary([8, 3], [4096, 1024], [40, 10]),
      [host2.uuid]: summary([4, 0], [2048, 0], [20, 0]),
    });
    assert.deepEqual(
      states.map((state) => state.host),
      ['host1', 'host2'],
    );
    const [first, second] = states;
    assert.deepEqual(
      {
        nodename: first.nodename,
        uuid: first.uuid,
        aggregates: first.aggregates,
        service: first.service,
        vcpus: [first.vcpusTotal, first.vcpusUsed],
        ram: [first.totalUsableRamMb, first.freeRamMb],
        disk: [first.totalUsableDiskGb, first.freeDiskMb],
        instances: [...first.instances],
        numInstances: first.numInstances,
        hypervisor: [first.hypervisorType, first.hypervisorVersion],
        supported: first.supportedInstances,
      },
      {
        nodename: 'host1.node',
        uuid: host1.uuid,
        aggregates: [{ name: 'fast', metadata: { ssd: 'true' } }],
        service: { disabled: false, disabledReason: null, up: true },
        vcpus: [8, 3],
        ram: [4096, 3072],
        disk: [40, 30 * 1024],
        instances: [running],
        numInstances: 1,
        hypervisor: ['QEMU', 6002000],
        supported: [['x86_64', 'qemu', 'hvm']],
      },
    );
    assert.deepEqual(second.service, { disabled: true, disabledReason: 'broken', up: true });
    assert.deepEqual(second.instances, new Set());

    cloud.advance(61);
    const [late] = await manager.hostStates({ [host1.uuid]: summary([8, 0], [4096, 0], [40, 0]) });
    assert.equal(late.service.up, false);
  });

  test('a node whose host has no compute service is left out; no summaries means every node, own figures', async () => {
    const host1 = await cloud.addHost('host1', { vcpus: 6, memoryMb: 3000, diskGb: 30 });
    const host2 = await cloud.addHost('host2');
    await cloud.services.delete((await cloud.services.find('host2', 'nova-compute'))!);
    assert.deepEqual(
      (
        await manager.hostStates({
          [host1.uuid]: summary([1, 0], [1, 0], [1, 0]),
          [host2.uuid]: summary([1, 0], [1, 0], [1, 0]),
        })
      ).map((state) => state.host),
      ['host1'],
    );
    const [state] = await manager.hostStates(null);
    assert.deepEqual([state.vcpusTotal, state.freeRamMb, state.freeDiskMb], [6, 3000, 30 * 1024]);
    assert.deepEqual(await manager.hostStates({}), []);
  });

  test('nodes by host or node name', async () => {
    await cloud.addHost('host1');
    await cloud.addHost('host2');
    assert.deepEqual(
      (await manager.nodesByHostOrNode('host2', null)).map((node) => node.hypervisor_hostname),
      ['host2.node'],
    );
    assert.deepEqual(
      (await manager.nodesByHostOrNode(null, 'host1.node')).map((node) => node.host),
      ['host1'],
    );
    assert.deepEqual(await manager.nodesByHostOrNode('host1', 'host2.node'), []);
  });
});
