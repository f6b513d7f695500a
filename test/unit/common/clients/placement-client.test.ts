import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { InjectTransport } from '../../../../src/common/clients/http-transport.js';
import { PlacementClient, ProviderNameConflict } from '../../../../src/common/clients/placement-client.js';
import { ServiceError } from '../../../../src/common/clients/service-error.js';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';

describe('PlacementClient against the placement service', () => {
  let placement: PlacementTestApp;
  let client: PlacementClient;
  const owner = { projectId: 'p1', userId: 'u1' };

  before(async () => {
    placement = await placementTestApp();
    client = new PlacementClient(
      new InjectTransport(placement.app, '/placement', { service: 'placement', token: async () => 'admin' }),
    );
  });
  after(() => placement.close());

  /** A compute node provider with the given inventory. */
  async function host(inventories: Record<string, { total: number }>) {
    const provider = await client.ensureProvider({ uuid: randomUUID(), name: `host-${randomUUID()}` });
    await client.setInventory(provider.uuid, inventories);
    return provider;
  }

  test('ensureProvider creates a missing provider, then finds it', async () => {
    const uuid = randomUUID();
    const created = await client.ensureProvider({ uuid, name: 'compute-1' });
    assert.equal(created.uuid, uuid);
    assert.equal(created.name, 'compute-1');
    assert.equal(created.root_provider_uuid, uuid);
    const again = await client.ensureProvider({ uuid, name: 'compute-1' });
    assert.equal(again.generation, created.generation);
    assert.equal((await client.getProviderByName('compute-1'))?.uuid, uuid);
    assert.deepEqual(
      (await client.getProvidersInTree(uuid)).map((provider) => provider.uuid),
      [uuid],
    );
  });

  test('ensureProvider names the clash when another provider has the name', async () => {
    await client.ensureProvider({ uuid: randomUUID(), name: 'compute-clash' });
    await assert.rejects(client.ensureProvider({ uuid: randomUUID(), name: 'compute-clash' }), (error) => {
      assert.ok(error instanceof ProviderNameConflict);
      assert.equal(error.error.status, 409);
      return true;
    });
  });

  test('ensureProvider makes a child under its parent', async () => {
    const parent = await client.ensureProvider({ uuid: randomUUID() });
    const child = await client.ensureProvider({
      uuid: randomUUID(),
      name: 'numa0',
      parentProviderUuid: parent.uuid,
    });
    assert.equal(child.parent_provider_uuid, parent.uuid);
    assert.equal(child.root_provider_uuid, parent.uuid);
    assert.equal(parent.name, parent.uuid);
  });

  test('setInventory writes inventory and creates custom resource classes', async () => {
    const provider = await client.ensureProvider({ uuid: randomUUID() });
    const written = await client.setInventory(provider.uuid, {
      VCPU: { total: 8, allocation_ratio: 4 },
      CUSTOM_GPU_SLOT: { total: 2 },
    });
    assert.equal(written.generation, provider.generation + 1);
    const read = await client.getInventory(provider.uuid);
    assert.equal(read.generation, written.generation);
    assert.equal(read.inventories.VCPU.total, 8);
    assert.equal(read.inventories.VCPU.allocation_ratio, 4);
    assert.equal(read.inventories.CUSTOM_GPU_SLOT.total, 2);
  });

  test('setInventory at a stale generation reads it again and succeeds', async () => {
    const provider = await client.ensureProvider({ uuid: randomUUID() });
    // Another writer moves the generation after we read it.
    const moved = await client.setTraits(provider.uuid, ['HW_CPU_X86_AVX2']);
    assert.equal(moved.generation, provider.generation + 1);
    const written = await client.setInventory(
      provider.uuid,
      { MEMORY_MB: { total: 4096 } },
      provider.generation,
    );
    assert.equal(written.generation, moved.generation + 1);
    assert.equal((await client.getInventory(provider.uuid)).inventories.MEMORY_MB.total, 4096);
  });

  test('setTraits and setAggregates retry at a stale generation too', async () => {
    const provider = await client.ensureProvider({ uuid: randomUUID() });
    const aggregate = randomUUID();
    await client.setInventory(provider.uuid, { VCPU: { total: 1 } });
    const traits = await client.setTraits(
      provider.uuid,
      ['CUSTOM_FAST', 'COMPUTE_STATUS_DISABLED'],
      provider.generation,
    );
    assert.deepEqual([...traits.traits].sort(), ['COMPUTE_STATUS_DISABLED', 'CUSTOM_FAST']);
    const aggregates = await client.setAggregates(provider.uuid, [aggregate], provider.generation);
    assert.deepEqual(aggregates.aggregates, [aggregate]);
    assert.deepEqual((await client.getAggregates(provider.uuid)).aggregates, [aggregate]);
    assert.deepEqual([...(await client.getTraits(provider.uuid)).traits].sort(), [
      'COMPUTE_STATUS_DISABLED',
      'CUSTOM_FAST',
    ]);
  });

  test('getAllocationCandidates filters by resources, traits, aggregates and tree', async () => {
    const trait = `CUSTOM_T_${randomUUID().replace(/-/g, '').toUpperCase()}`;
    const aggregate = randomUUID();
    const plain = await host({ VCPU: { total: 4 }, MEMORY_MB: { total: 2048 } });
    const tagged = await host({ VCPU: { total: 4 }, MEMORY_MB: { total: 2048 } });
    await client.setTraits(tagged.uuid, [trait]);
    await client.setAggregates(tagged.uuid, [aggregate]);
    const resources = { VCPU: 2, MEMORY_MB: 1024 };
    const hosts = async (request: Parameters<PlacementClient['getAllocationCandidates']>[0]) => {
      const candidates = await client.getAllocationCandidates(request);
      assert.equal(candidates.version, '1.36');
      return candidates.allocationRequests
        .flatMap((candidate) => Object.keys(candidate.allocations))
        .filter((uuid) => uuid === plain.uuid || uuid === tagged.uuid)
        .sort();
    };
    assert.deepEqual(await hosts({ resources, required: [trait] }), [tagged.uuid]);
    assert.deepEqual(await hosts({ resources, forbidden: [trait], inTree: plain.uuid }), [plain.uuid]);
    assert.deepEqual(await hosts({ resources, memberOf: [[aggregate, randomUUID()]] }), [tagged.uuid]);
    assert.deepEqual(await hosts({ resources, inTree: tagged.uuid }), [tagged.uuid]);
    assert.deepEqual(await hosts({ resources: { VCPU: 5 }, inTree: plain.uuid }), []);
    const limited = await client.getAllocationCandidates({ resources, limit: 1 });
    assert.equal(limited.allocationRequests.length, 1);
    const summary = (await client.getAllocationCandidates({ resources, inTree: tagged.uuid }))
      .providerSummaries[tagged.uuid];
    assert.deepEqual(summary.resources.VCPU, { capacity: 4, used: 0 });
    assert.deepEqual(summary.traits, [trait]);
  });

  test('claim succeeds once for the last unit; the second claim returns false', async () => {
    const provider = await host({ VCPU: { total: 1 } });
    const [candidate] = (
      await client.getAllocationCandidates({ resources: { VCPU: 1 }, inTree: provider.uuid })
    ).allocationRequests;
    const first = randomUUID();
    const second = randomUUID();
    assert.equal(await client.claim(first, candidate, { ...owner, consumerGeneration: null }), true);
    assert.equal(await client.claim(second, candidate, { ...owner, consumerGeneration: null }), false);
    const held = await client.getAllocations(first);
    assert.deepEqual(held.allocations[provider.uuid].resources, { VCPU: 1 });
    assert.equal(held.project_id, 'p1');
    assert.equal(held.consumer_generation, 1);
    assert.deepEqual((await client.getAllocations(second)).allocations, {});
    assert.deepEqual((await client.getProviderUsages(provider.uuid)).usages, { VCPU: 1 });
    assert.deepEqual(Object.keys(await client.getProviderAllocations(provider.uuid)), [first]);
    assert.deepEqual(await client.getProjectUsages('p1', 'u1'), { VCPU: 1 });
  });

  test('claim at a stale consumer generation throws the concurrent update', async () => {
    const provider = await host({ VCPU: { total: 2 } });
    const [candidate] = (
      await client.getAllocationCandidates({ resources: { VCPU: 1 }, inTree: provider.uuid })
    ).allocationRequests;
    const consumer = randomUUID();
    assert.equal(await client.claim(consumer, candidate, { ...owner, consumerGeneration: null }), true);
    await assert.rejects(
      client.claim(consumer, candidate, { ...owner, consumerGeneration: null }),
      (error) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.code, 'placement.concurrent_update');
        assert.match(error.detail, /consumer generation conflict/);
        return true;
      },
    );
  });

  test('deleteAllocations frees the resources; deleting again returns false', async () => {
    const provider = await host({ VCPU: { total: 1 } });
    const [candidate] = (
      await client.getAllocationCandidates({ resources: { VCPU: 1 }, inTree: provider.uuid })
    ).allocationRequests;
    const consumer = randomUUID();
    assert.equal(await client.claim(consumer, candidate, { ...owner, consumerGeneration: null }), true);
    assert.equal(await client.deleteAllocations(consumer), true);
    assert.deepEqual((await client.getAllocations(consumer)).allocations, {});
    assert.equal(await client.deleteAllocations(consumer), false);
    assert.equal(await client.deleteAllocations(consumer, { force: true }), false);
    assert.equal(await client.claim(randomUUID(), candidate, { ...owner, consumerGeneration: null }), true);
  });

  test('moveAllocations hands a consumer’s allocations to another', async () => {
    const provider = await host({ VCPU: { total: 2 } });
    const [candidate] = (
      await client.getAllocationCandidates({ resources: { VCPU: 2 }, inTree: provider.uuid })
    ).allocationRequests;
    const instance = randomUUID();
    const migration = randomUUID();
    assert.equal(await client.claim(instance, candidate, { ...owner, consumerGeneration: null }), true);
    assert.equal(await client.moveAllocations(instance, migration), true);
    assert.deepEqual((await client.getAllocations(instance)).allocations, {});
    assert.deepEqual((await client.getAllocations(migration)).allocations[provider.uuid].resources, {
      VCPU: 2,
    });
    // Already moved: nothing left at the source, something at the target.
    assert.equal(await client.moveAllocations(instance, migration), true);
    assert.equal(await client.deleteAllocations(migration, { force: true }), true);
  });

  test('deleteProvider refuses a provider in use and removes a free one', async () => {
    const provider = await host({ VCPU: { total: 1 } });
    const [candidate] = (
      await client.getAllocationCandidates({ resources: { VCPU: 1 }, inTree: provider.uuid })
    ).allocationRequests;
    const consumer = randomUUID();
    await client.claim(consumer, candidate, { ...owner, consumerGeneration: null });
    await assert.rejects(client.deleteProvider(provider.uuid), (error) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.status, 409);
      return true;
    });
    await client.deleteAllocations(consumer);
    assert.equal(await client.deleteProvider(provider.uuid), true);
    assert.equal(await client.getProvider(provider.uuid), null);
    assert.equal(await client.deleteProvider(provider.uuid), false);
  });
});
