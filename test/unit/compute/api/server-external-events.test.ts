import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ExternalEvent } from '../../../../src/compute/rpc/compute-api.js';
import { actionsFixture, faultMessage, type ActionsFixture } from '../server-actions/fixtures.js';

/** Hosts whose fake agents record the events they are sent. */
const HOST = 'events-host';
const DEST = 'events-dest';

describe('POST /os-server-external-events', () => {
  let fx: ActionsFixture;
  const delivered: { host: string; events: ExternalEvent[] }[] = [];
  before(async () => {
    fx = await actionsFixture();
    for (const host of [HOST, DEST]) {
      await fx.computeHost(host);
      await fx.compute.deps.bus.serve(`compute.${host}`, {
        external_instance_event: (args: { events: ExternalEvent[] }) => {
          delivered.push({ host, events: args.events });
        },
      });
    }
  });
  after(() => fx.close());

  const post = (events: unknown[], version?: string, caller = 'admin') =>
    fx.compute.request('POST', '/os-server-external-events', { body: { events }, version, caller });

  /** What the agents received for the server, after the casts have run. */
  async function deliveredFor(uuid: string) {
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    return delivered.flatMap(({ host, events }) =>
      events.filter((event) => event.instanceUuid === uuid).map((event) => ({ host, ...event })),
    );
  }

  const actionsOf = async (uuid: string) =>
    (
      await fx.compute.db
        .selectFrom('instance_actions')
        .select('action')
        .where('instance_uuid', '=', uuid)
        .orderBy('id')
        .execute()
    ).map((row) => row.action);

  test('an event for a server on a host: 200, passed on to its agent', async () => {
    const uuid = await fx.server({ host: HOST, node: HOST });
    const response = await post([{ name: 'network-changed', server_uuid: uuid }]);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      events: [{ name: 'network-changed', server_uuid: uuid, status: 'completed', code: 200 }],
    });
    assert.deepEqual(await deliveredFor(uuid), [
      { host: HOST, instanceUuid: uuid, name: 'network-changed', status: 'completed', tag: null },
    ]);
  });

  test('the status and tag given travel to the agent; the answer says completed', async () => {
    const uuid = await fx.server({ host: HOST, node: HOST });
    const port = randomUUID();
    const response = await post([
      { name: 'network-vif-plugged', server_uuid: uuid, status: 'failed', tag: port },
    ]);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().events, [
      { name: 'network-vif-plugged', server_uuid: uuid, status: 'completed', tag: port, code: 200 },
    ]);
    assert.deepEqual(await deliveredFor(uuid), [
      { host: HOST, instanceUuid: uuid, name: 'network-vif-plugged', status: 'failed', tag: port },
    ]);
  });

  test('207 with a code per event: 404 unknown server, 422 no host, 400 missing tag', async () => {
    const onHost = await fx.server({ host: HOST, node: HOST });
    const unscheduled = await fx.server({ host: null, node: null });
    const unknown = randomUUID();
    const response = await post(
      [
        { name: 'network-changed', server_uuid: onHost },
        { name: 'network-changed', server_uuid: unknown },
        { name: 'network-vif-deleted', server_uuid: unscheduled, tag: 'port' },
        { name: 'volume-extended', server_uuid: onHost },
      ],
      '2.51',
    );
    assert.equal(response.statusCode, 207);
    assert.deepEqual(
      response.json().events.map((event: { code: number; status: string }) => [event.code, event.status]),
      [
        [200, 'completed'],
        [404, 'failed'],
        [422, 'failed'],
        [400, 'failed'],
      ],
    );
    assert.deepEqual(
      (await deliveredFor(onHost)).map((event) => event.name),
      ['network-changed'],
    );
    assert.deepEqual(await deliveredFor(unscheduled), []);
  });

  test('every server unknown: 207 and 404 for each event, nothing sent', async () => {
    const response = await post([
      { name: 'network-changed', server_uuid: randomUUID() },
      { name: 'network-vif-unplugged', server_uuid: randomUUID(), tag: 'port' },
    ]);
    assert.equal(response.statusCode, 207);
    assert.deepEqual(
      response.json().events.map((event: { code: number }) => event.code),
      [404, 404],
    );
  });

  test('volume-extended (2.51) and power-update (2.76) record an instance action', async () => {
    const uuid = await fx.server({ host: HOST, node: HOST });
    const volume = randomUUID();
    const extended = await post([{ name: 'volume-extended', server_uuid: uuid, tag: volume }], '2.51');
    assert.equal(extended.statusCode, 200);
    const powered = await post([{ name: 'power-update', server_uuid: uuid, tag: 'POWER_OFF' }], '2.76');
    assert.equal(powered.statusCode, 200);
    assert.deepEqual(await actionsOf(uuid), ['extend_volume', 'stop']);
    // An unknown power state is answered 200 but goes nowhere, as in Nova.
    const odd = await post([{ name: 'power-update', server_uuid: uuid, tag: 'SLEEPING' }], '2.76');
    assert.equal(odd.json().events[0].code, 200);
    assert.deepEqual(
      (await deliveredFor(uuid)).map((event) => [event.name, event.tag]),
      [
        ['volume-extended', volume],
        ['power-update', 'POWER_OFF'],
      ],
    );
  });

  test('event names arrive with their microversions', async () => {
    const uuid = await fx.server({ host: HOST, node: HOST });
    const cases: [string, string, string][] = [
      ['volume-extended', '2.50', '2.51'],
      ['power-update', '2.75', '2.76'],
      ['accelerator-request-bound', '2.81', '2.82'],
      ['volume-reimaged', '2.92', '2.93'],
    ];
    for (const [name, before, since] of cases) {
      const event = { name, server_uuid: uuid, tag: 'x' };
      const refused = await post([event], before);
      assert.equal(refused.statusCode, 400, `${name} at ${before}`);
      assert.match(faultMessage(refused), /^Invalid input for field\/attribute name\. Value: /);
      assert.equal((await post([event], since)).statusCode, 200, `${name} at ${since}`);
    }
  });

  test('a server being moved hears of its events on both hosts', async () => {
    const uuid = await fx.server({ host: HOST, node: HOST, vm_state: 'resized' });
    await fx.compute.db
      .insertInto('migrations')
      .values({
        uuid: randomUUID(),
        instance_uuid: uuid,
        migration_type: 'resize',
        status: 'finished',
        source_compute: HOST,
        source_node: HOST,
        dest_compute: DEST,
        dest_node: DEST,
        dest_host: null,
        old_flavor_id: '1',
        new_flavor_id: '2',
        user_id: null,
        project_id: null,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    await post([{ name: 'network-vif-plugged', server_uuid: uuid, tag: 'port' }]);
    assert.deepEqual((await deliveredFor(uuid)).map((event) => event.host).sort(), [DEST, HOST].sort());
  });

  test('admin only; the body is checked before the policy', async () => {
    const uuid = await fx.server({ host: HOST, node: HOST });
    const refused = await post([{ name: 'network-changed', server_uuid: uuid }], undefined, 'member');
    assert.equal(refused.statusCode, 403);
    const service = await post([{ name: 'network-changed', server_uuid: uuid }], undefined, 'service');
    assert.equal(service.statusCode, 403, 'the service role alone is not enough in Zed');
    const empty = await post([], undefined, 'member');
    assert.equal(empty.statusCode, 400);
    const badUuid = await post([{ name: 'network-changed', server_uuid: 'nope' }]);
    assert.equal(badUuid.statusCode, 400);
  });
});
