import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AgentHarness, waitUntil } from './agent-harness.js';

describe('compute agent start', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start('compute1', { driver: { vcpus: 16, memoryMb: 32768, localGb: 400 } });
  });
  after(() => harness.close());

  test('registers nova-compute and keeps heartbeating', async () => {
    const service = await harness.db
      .selectFrom('services')
      .selectAll()
      .where('host', '=', 'compute1')
      .executeTakeFirstOrThrow();
    assert.equal(service.binary, 'nova-compute');
    assert.equal(service.topic, 'compute');
    assert.ok(service.last_seen_up);
    const reports = async () =>
      (
        await harness.db
          .selectFrom('services')
          .select('report_count')
          .where('id', '=', service.id)
          .executeTakeFirstOrThrow()
      ).report_count;
    await waitUntil(async () => (await reports()) >= service.report_count + 2, 'two more heartbeats');
  });

  test('reports the compute node record', async () => {
    const node = await harness.db
      .selectFrom('compute_nodes')
      .selectAll()
      .where('host', '=', 'compute1')
      .executeTakeFirstOrThrow();
    assert.equal(node.uuid, harness.nodeUuid('compute1'));
    assert.equal(node.hypervisor_hostname, 'compute1');
    assert.equal(node.hypervisor_type, 'fake');
    assert.deepEqual([node.vcpus, node.memory_mb, node.local_gb], [16, 32768, 400]);
  });

  test('creates the resource provider with its inventory and capability traits', async () => {
    const uuid = harness.nodeUuid('compute1');
    const provider = await harness.placementClient.getProvider(uuid);
    assert.equal(provider?.name, 'compute1');
    const { inventories } = await harness.placementClient.getInventory(uuid);
    assert.deepEqual(inventories.VCPU, {
      total: 16,
      reserved: 0,
      min_unit: 1,
      max_unit: 16,
      step_size: 1,
      allocation_ratio: 16.0,
    });
    assert.deepEqual(inventories.MEMORY_MB, {
      total: 32768,
      reserved: 512,
      min_unit: 1,
      max_unit: 32768,
      step_size: 1,
      allocation_ratio: 1.5,
    });
    assert.deepEqual(inventories.DISK_GB, {
      total: 400,
      reserved: 0,
      min_unit: 1,
      max_unit: 400,
      step_size: 1,
      allocation_ratio: 1.0,
    });
    const { traits } = await harness.placementClient.getTraits(uuid);
    assert.ok(traits.includes('COMPUTE_NET_ATTACH_INTERFACE'));
    assert.ok(traits.includes('COMPUTE_IMAGE_TYPE_QCOW2'));
    assert.ok(!traits.includes('COMPUTE_SAME_HOST_COLD_MIGRATE'));
  });

  test('an audit keeps traits it does not manage and writes nothing when nothing changed', async () => {
    const uuid = harness.nodeUuid('compute1');
    const { traits, generation } = await harness.placementClient.getTraits(uuid);
    await harness.placementClient.setTraits(uuid, [...traits, 'CUSTOM_GOLD'], generation);
    const before = (await harness.placementClient.getProvider(uuid))!.generation;
    await harness.agents.get('compute1')!.auditResources();
    assert.equal((await harness.placementClient.getProvider(uuid))!.generation, before);
    assert.ok((await harness.placementClient.getTraits(uuid)).traits.includes('CUSTOM_GOLD'));
  });

  test('a restarted agent keeps its service record, node and provider', async () => {
    const uuid = harness.nodeUuid('compute1');
    await harness.agents.get('compute1')!.stop();
    const again = await harness.start('compute1');
    assert.equal(again.nodeUuid, uuid);
    const services = await harness.db
      .selectFrom('services')
      .select('id')
      .where('host', '=', 'compute1')
      .execute();
    assert.equal(services.length, 1);
  });
});
