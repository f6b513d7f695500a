import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { actionsFixture, faultMessage, PROJECTS, type ActionsFixture } from './fixtures.js';

const ACTION_KEYS = [
  'action',
  'instance_uuid',
  'message',
  'project_id',
  'request_id',
  'start_time',
  'user_id',
];

describe('os-instance-actions: list and show as Nova, by microversion', () => {
  let fx: ActionsFixture;
  let uuid: string;
  /** The request ids of the stop and the start, oldest first. */
  const requests: string[] = [];

  before(async () => {
    fx = await actionsFixture();
    uuid = await fx.server();
    const stop = await fx.action(uuid, { 'os-stop': null });
    requests.push(String(stop.headers['x-openstack-request-id']));
    await fx.compute.db
      .updateTable('instances')
      .set({ vm_state: 'stopped', task_state: null })
      .where('uuid', '=', uuid)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const start = await fx.action(uuid, { 'os-start': null }, { caller: 'admin' });
    requests.push(String(start.headers['x-openstack-request-id']));
    // The agent's event of the stop, as it would record it.
    const action = await fx.compute.db
      .selectFrom('instance_actions')
      .select('id')
      .where('request_id', '=', requests[0])
      .executeTakeFirstOrThrow();
    await fx.compute.db
      .insertInto('instance_action_events')
      .values({
        action_id: action.id,
        event: 'compute_stop_instance',
        result: 'Error',
        traceback: 'Traceback: boom',
        host: 'host1',
        details: 'boom',
        start_time: '2024-01-01T00:00:00.000Z',
        finish_time: '2024-01-01T00:00:01.500Z',
      })
      .execute();
    await fx.compute.db
      .updateTable('instance_actions')
      .set({ updated_at: '2024-01-01T00:00:01.500Z', message: 'Error' })
      .where('id', '=', action.id)
      .execute();
  });
  after(() => fx.close());

  const get = (path: string, version?: string, caller = 'member') =>
    fx.compute.request('GET', `/servers/${uuid}/os-instance-actions${path}`, { caller, version });

  test('2.1: the actions newest first, with the 2.1 keys', async () => {
    const response = await get('');
    assert.equal(response.statusCode, 200, response.body);
    const { instanceActions } = response.json() as { instanceActions: Record<string, unknown>[] };
    assert.deepEqual(
      instanceActions.map((action) => [action.action, action.request_id]),
      [
        ['start', requests[1]],
        ['stop', requests[0]],
      ],
    );
    assert.deepEqual(Object.keys(instanceActions[0]).sort(), ACTION_KEYS);
    assert.equal(instanceActions[1].project_id, PROJECTS.one);
    assert.equal(instanceActions[1].user_id, 'u-member');
    assert.equal(instanceActions[0].project_id, PROJECTS.admin);
    assert.match(String(instanceActions[0].start_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });

  test('2.58: updated_at, a page with a next link, the page after a marker', async () => {
    const first = await get('?limit=1', '2.58');
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json() as {
      instanceActions: Record<string, unknown>[];
      links: { rel: string; href: string }[];
    };
    assert.equal(body.instanceActions.length, 1);
    assert.ok('updated_at' in body.instanceActions[0]);
    assert.deepEqual(body.links, [
      {
        rel: 'next',
        href: `http://stratus.test/compute/v2.1/servers/${uuid}/os-instance-actions?limit=1&marker=${requests[1]}`,
      },
    ]);
    const second = await get(`?limit=1&marker=${requests[1]}`, '2.58');
    assert.deepEqual(
      (second.json() as { instanceActions: { request_id: string }[] }).instanceActions.map(
        (a) => a.request_id,
      ),
      [requests[0]],
    );
    const badMarker = await get('?marker=req-nope', '2.58');
    assert.equal(badMarker.statusCode, 400);
    assert.equal(faultMessage(badMarker), 'Marker None could not be found.');
  });

  test('2.58: changes-since filters on updated_at; 2.66 changes-before must not precede it', async () => {
    const since = await get('?changes-since=2023-12-31T00:00:00Z', '2.58');
    assert.deepEqual(
      (since.json() as { instanceActions: { request_id: string }[] }).instanceActions.map(
        (a) => a.request_id,
      ),
      [requests[0]],
    );
    const before = await get('?changes-before=2024-01-02T00:00:00Z', '2.58');
    assert.equal(before.statusCode, 400, 'changes-before is not known before 2.66');
    const reversed = await get(
      '?changes-since=2024-01-02T00:00:00Z&changes-before=2024-01-01T00:00:00Z',
      '2.66',
    );
    assert.equal(reversed.statusCode, 400);
    assert.equal(
      faultMessage(reversed),
      'The value of changes-since must be less than or equal to changes-before.',
    );
  });

  test('show: events only for admins before 2.51', async () => {
    const member = await get(`/${requests[0]}`, '2.50');
    assert.equal(member.statusCode, 200, member.body);
    const action = (member.json() as { instanceAction: Record<string, unknown> }).instanceAction;
    assert.equal(action.events, undefined);
    assert.equal(action.message, 'Error');
    const admin = (await get(`/${requests[0]}`, '2.1', 'admin')).json() as {
      instanceAction: { events: object[] };
    };
    assert.deepEqual(admin.instanceAction.events, [
      {
        event: 'compute_stop_instance',
        start_time: '2024-01-01T00:00:00.000000',
        finish_time: '2024-01-01T00:00:01.500000',
        result: 'Error',
        traceback: 'Traceback: boom',
      },
    ]);
  });

  test('show 2.51 to 2.84: owners see events without traceback; hostId from 2.62; host and details for admins', async () => {
    const hostId = createHash('sha224').update(`${PROJECTS.one}host1`).digest('hex');
    const events = async (version: string, caller: string) =>
      (
        (await get(`/${requests[0]}`, version, caller)).json() as {
          instanceAction: { events: Record<string, unknown>[] };
        }
      ).instanceAction.events[0];
    assert.deepEqual(Object.keys(await events('2.51', 'member')).sort(), [
      'event',
      'finish_time',
      'result',
      'start_time',
    ]);
    assert.deepEqual(await events('2.62', 'member'), {
      event: 'compute_stop_instance',
      start_time: '2024-01-01T00:00:00.000000',
      finish_time: '2024-01-01T00:00:01.500000',
      result: 'Error',
      hostId,
    });
    const admin = await events('2.62', 'admin');
    assert.equal(admin.host, 'host1');
    assert.equal(admin.hostId, hostId);
    assert.equal(admin.traceback, 'Traceback: boom');
    assert.equal(admin.details, undefined);
    assert.equal((await events('2.84', 'admin')).details, 'boom');
    assert.equal((await events('2.84', 'member')).details, undefined);
  });

  test('an unknown request id is 404 "Action <id> not found"; another project sees no server', async () => {
    const missing = await get('/req-missing');
    assert.equal(missing.statusCode, 404);
    assert.equal(faultMessage(missing), 'Action req-missing not found');
    const other = await get('', undefined, 'other');
    assert.equal(other.statusCode, 404);
  });

  test("a deleted server's actions from 2.21", async () => {
    const gone = await fx.server({ deleted: 1, vm_state: 'deleted' });
    const path = `/servers/${gone}/os-instance-actions`;
    assert.equal(
      (await fx.compute.request('GET', path, { caller: 'member', version: '2.20' })).statusCode,
      404,
    );
    const response = await fx.compute.request('GET', path, { caller: 'member', version: '2.21' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { instanceActions: [] });
  });
});
