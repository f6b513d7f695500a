import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionsFixture, faultMessage, type ActionsFixture } from './fixtures.js';

describe('lock and unlock: owner and admin locks as Nova', () => {
  let fx: ActionsFixture;
  before(async () => {
    fx = await actionsFixture();
  });
  after(() => fx.close());

  const actions = (uuid: string) =>
    fx.compute.db
      .selectFrom('instance_actions')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .orderBy('id')
      .execute();

  test('the owner locks: locked by owner, a lock action with its api_lock event', async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { lock: null });
    assert.equal(response.statusCode, 202);
    const row = await fx.row(uuid);
    assert.equal(row.locked, 1);
    assert.equal(row.locked_by, 'owner');
    const [action] = await actions(uuid);
    assert.equal(action.action, 'lock');
    assert.equal(action.request_id, response.headers['x-openstack-request-id']);
    const events = await fx.compute.db
      .selectFrom('instance_action_events')
      .selectAll()
      .where('action_id', '=', action.id)
      .execute();
    assert.deepEqual(
      events.map((event) => [event.event, event.result]),
      [['api_lock', 'Success']],
    );
  });

  test('a locked server refuses its owner with 409 "is locked", and lets an admin through', async () => {
    const uuid = await fx.server({ locked: 1, locked_by: 'owner' });
    const refused = await fx.action(uuid, { pause: null });
    assert.equal(refused.statusCode, 409);
    assert.equal(faultMessage(refused), `Instance ${uuid} is locked`);
    const admin = await fx.action(uuid, { pause: null }, { caller: 'admin' });
    assert.equal(admin.statusCode, 202);
  });

  test('snapshots ignore the lock, as Nova', async () => {
    const uuid = await fx.server({ locked: 1, locked_by: 'owner' });
    const response = await fx.action(uuid, { createImage: { name: 'snap' } });
    assert.equal(response.statusCode, 202, response.body);
  });

  test('locking again as the owner changes nothing and records nothing', async () => {
    const uuid = await fx.server({ locked: 1, locked_by: 'owner' });
    const response = await fx.action(uuid, { lock: null });
    assert.equal(response.statusCode, 202);
    assert.deepEqual(await actions(uuid), []);
  });

  test('an admin of another project locks as admin; the owner may not unlock (403), an admin may', async () => {
    const uuid = await fx.server();
    assert.equal((await fx.action(uuid, { lock: null }, { caller: 'admin' })).statusCode, 202);
    assert.equal((await fx.row(uuid)).locked_by, 'admin');
    const refused = await fx.action(uuid, { unlock: null });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      faultMessage(refused),
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
    assert.equal((await fx.row(uuid)).locked, 1);
    const unlocked = await fx.action(uuid, { unlock: null }, { caller: 'admin' });
    assert.equal(unlocked.statusCode, 202);
    const row = await fx.row(uuid);
    assert.equal(row.locked, 0);
    assert.equal(row.locked_by, null);
  });

  test('the owner unlocks an owner lock', async () => {
    const uuid = await fx.server({ locked: 1, locked_by: 'owner', locked_reason: 'why' });
    assert.equal((await fx.action(uuid, { unlock: null })).statusCode, 202);
    const row = await fx.row(uuid);
    assert.deepEqual([row.locked, row.locked_by, row.locked_reason], [0, null, null]);
    assert.deepEqual(
      (await actions(uuid)).map((action) => action.action),
      ['unlock'],
    );
  });

  test('locked_reason from 2.73, checked against its schema', async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { lock: { locked_reason: 'maintenance' } }, { version: '2.73' });
    assert.equal(response.statusCode, 202);
    assert.equal((await fx.row(uuid)).locked_reason, 'maintenance');
    const bad = await fx.action(await fx.server(), { lock: { reason: 'x' } }, { version: '2.73' });
    assert.equal(bad.statusCode, 400);
    assert.match(faultMessage(bad), /Additional properties are not allowed \('reason' was unexpected\)/);
    // Before 2.73 the body of lock is not looked at.
    const old = await fx.action(await fx.server(), { lock: { reason: 'x' } }, { version: '2.72' });
    assert.equal(old.statusCode, 202);
  });

  test("another project's server is a 404 as Nova's lookup gives it", async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { lock: null }, { caller: 'other' });
    assert.equal(response.statusCode, 404);
    assert.equal(faultMessage(response), `Instance ${uuid} could not be found.`);
  });
});
