import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMPUTE_TOPIC } from '../../../../src/compute/rpc/compute-api.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';
import { message, serversFixture, type ServersFixture } from './fixtures.js';

describe('DELETE /servers/{id}', () => {
  let f: ServersFixture;
  const freed: string[] = [];
  const terminated: string[] = [];
  before(async () => {
    f = await serversFixture();
    const placement = f.compute.deps.placement;
    const deleteAllocations = placement.deleteAllocations.bind(placement);
    placement.deleteAllocations = async (consumer, options) => {
      freed.push(consumer);
      return deleteAllocations(consumer, options);
    };
    await f.compute.deps.bus.serve(`${COMPUTE_TOPIC}.node1`, {
      terminate_instance: ({ instanceUuid }: { instanceUuid: string }) => void terminated.push(instanceUuid),
    });
  });
  after(() => f.close());

  const create = async () => (await f.create()).json().server.id as string;
  const remove = (id: string, caller = 'member') => f.compute.request('DELETE', `/servers/${id}`, { caller });
  const row = (id: string) =>
    f.compute.db.selectFrom('instances').selectAll().where('uuid', '=', id).executeTakeFirstOrThrow();
  const actions = async (id: string) =>
    (
      await f.compute.db
        .selectFrom('instance_actions')
        .selectAll()
        .where('instance_uuid', '=', id)
        .orderBy('id')
        .execute()
    ).map((action) => [action.action, action.finish_time !== null]);
  const onHost = (id: string) =>
    f.compute.db
      .updateTable('instances')
      .set({
        host: 'node1',
        node: 'node1',
        vm_state: 'active',
        task_state: null,
        launched_at: new Date().toISOString(),
      })
      .where('uuid', '=', id)
      .execute();

  test('a server never scheduled is deleted at once, its allocations freed', async () => {
    const id = await create();
    const response = await remove(id);
    assert.equal(response.statusCode, 204, response.body);
    const deleted = await row(id);
    assert.equal(deleted.deleted, 1);
    assert.equal(deleted.vm_state, 'deleted');
    assert.equal(deleted.task_state, null);
    assert.ok(deleted.terminated_at);
    assert.ok(freed.includes(id));
    assert.deepEqual(await actions(id), [
      ['create', false],
      ['delete', true],
    ]);
    assert.equal((await f.compute.request('GET', `/servers/${id}`, { caller: 'member' })).statusCode, 404);
    assert.equal((await remove(id)).statusCode, 404);
  });

  test('a locked server is deleted by admins only', async () => {
    const id = await create();
    await f.compute.db
      .updateTable('instances')
      .set({ locked: 1, locked_by: 'admin' })
      .where('uuid', '=', id)
      .execute();
    const refused = await remove(id);
    assert.equal(refused.statusCode, 409);
    assert.equal(message(refused), `Instance ${id} is locked`);
    assert.equal((await remove(id, 'admin')).statusCode, 204);
  });

  test('a server on a host that is up goes deleting and its agent terminates it, once', async () => {
    const registry = new ServiceRegistry(f.compute.db);
    await registry.register('node1', 'nova-compute', new Date());
    await registry.heartbeat('node1', 'nova-compute', new Date());
    const id = await create();
    await onHost(id);
    assert.equal((await remove(id)).statusCode, 204);
    const deleting = await row(id);
    assert.equal(deleting.deleted, 0);
    assert.equal(deleting.task_state, 'deleting');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(terminated, [id]);
    assert.equal((await remove(id)).statusCode, 204);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(terminated, [id], 'a second delete is a no-op');
    assert.deepEqual(await actions(id), [
      ['create', false],
      ['delete', false],
    ]);
  });

  test("a server whose host's compute service is down is deleted here", async () => {
    const id = await create();
    await onHost(id);
    await f.compute.db.updateTable('services').set({ forced_down: 1 }).where('host', '=', 'node1').execute();
    assert.equal((await remove(id)).statusCode, 204);
    assert.equal((await row(id)).deleted, 1);
    assert.ok(!terminated.includes(id));
  });
});
