import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Conflict } from '../../../../src/common/http/errors.js';
import { actionsFixture, faultMessage, PROJECTS, type ActionsFixture } from './fixtures.js';

describe('server actions: dispatch, and the checks of each action before it is accepted', () => {
  let fx: ActionsFixture;
  before(async () => {
    fx = await actionsFixture();
    await fx.computeHost('host2');
  });
  after(() => fx.close());

  test('the body names one action: none or several is malformed, an unknown one is no such action', async () => {
    const uuid = await fx.server();
    const two = await fx.action(uuid, { pause: null, unpause: null });
    assert.equal(two.statusCode, 400);
    assert.equal(faultMessage(two), 'Malformed request body');
    const unknown = await fx.action(uuid, { fly: null });
    assert.equal(unknown.statusCode, 400);
    assert.equal(faultMessage(unknown), 'There is no such action: fly');
  });

  test('an action outside its microversions is a 404 (the legacy console actions end at 2.5)', async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { 'os-getVNCConsole': { type: 'novnc' } }, { version: '2.6' });
    assert.equal(response.statusCode, 404);
  });

  test('reboot validates its type', async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { reboot: { type: 'WARM' } });
    assert.equal(response.statusCode, 400);
    assert.match(
      faultMessage(response),
      /^Invalid input for field\/attribute type\. Value: '?WARM'?\. 'WARM' is not one of/,
    );
  });

  test('admin actions are refused to members with the policy message', async () => {
    const uuid = await fx.server();
    for (const [body, rule] of [
      [{ migrate: null }, 'os_compute_api:os-migrate-server:migrate'],
      [{ 'os-resetState': { state: 'error' } }, 'os_compute_api:os-admin-actions:reset_state'],
      [{ shelveOffload: null }, 'os_compute_api:os-shelve:shelve_offload'],
    ] as const) {
      const response = await fx.action(uuid, body);
      assert.equal(response.statusCode, 403, JSON.stringify(body));
      assert.equal(faultMessage(response), `Policy doesn't allow ${rule} to be performed.`);
    }
  });

  test('resize to the same flavor, an unknown flavor, and over quota', async () => {
    const uuid = await fx.server();
    const same = await fx.action(uuid, { resize: { flavorRef: '1' } });
    assert.equal(same.statusCode, 400);
    assert.equal(faultMessage(same), 'When resizing, instances must change flavor!');
    const unknown = await fx.action(uuid, { resize: { flavorRef: 'nope' } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(faultMessage(unknown), 'Flavor nope could not be found.');
    await fx.compute.db
      .updateTable('quotas')
      .set({ hard_limit: 3 })
      .where('project_id', '=', PROJECTS.one)
      .where('resource', '=', 'cores')
      .execute();
    try {
      // Flavor 3 (m1.medium) has 2 vCPUs: one more than the server's.
      const used = await fx.compute.db
        .selectFrom('instances')
        .select((eb) => eb.fn.sum<number>('vcpus').as('cores'))
        .where('project_id', '=', PROJECTS.one)
        .where('deleted', '=', 0)
        .executeTakeFirstOrThrow();
      const over = await fx.action(uuid, { resize: { flavorRef: '3' } });
      assert.equal(over.statusCode, 403, over.body);
      assert.equal(
        faultMessage(over),
        `Quota exceeded for cores: Requested 1, but already used ${Number(used.cores)} of 3 cores`,
      );
    } finally {
      await fx.compute.db
        .updateTable('quotas')
        .set({ hard_limit: -1 })
        .where('project_id', '=', PROJECTS.one)
        .execute();
    }
  });

  test('resize needs the host service up (Nova hides the host: "Service is unavailable")', async () => {
    await fx.computeHost('down1', false);
    const uuid = await fx.server({ host: 'down1', node: 'down1' });
    const response = await fx.action(uuid, { resize: { flavorRef: '2' } });
    assert.equal(response.statusCode, 409);
    assert.equal(faultMessage(response), 'Service is unavailable at this time.');
  });

  test('confirmResize without a finished migration: 400 "has not been resized"', async () => {
    const uuid = await fx.server({ vm_state: 'resized' });
    const response = await fx.action(uuid, { confirmResize: null });
    assert.equal(response.statusCode, 400);
    assert.equal(faultMessage(response), 'Instance has not been resized.');
  });

  test('evacuate from a host that is up: 400 "still in use"; to the same or an unknown host', async () => {
    const uuid = await fx.server();
    const up = await fx.action(uuid, { evacuate: {} }, { caller: 'admin', version: '2.14' });
    assert.equal(up.statusCode, 400);
    assert.equal(faultMessage(up), 'Compute service of host1 is still in use.');
    const same = await fx.action(uuid, { evacuate: { host: 'host1' } }, { caller: 'admin', version: '2.14' });
    assert.equal(same.statusCode, 400);
    assert.equal(faultMessage(same), "The target host can't be the same one.");
    const unknown = await fx.action(
      uuid,
      { evacuate: { host: 'nowhere' } },
      { caller: 'admin', version: '2.14' },
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal(faultMessage(unknown), 'Compute host nowhere not found.');
  });

  test('evacuate before 2.14 needs onSharedStorage and answers the admin password', async () => {
    await fx.computeHost('gone', false);
    const uuid = await fx.server({ host: 'gone', node: 'gone' });
    const missing = await fx.action(uuid, { evacuate: {} }, { caller: 'admin', version: '2.13' });
    assert.equal(missing.statusCode, 400);
    const response = await fx.action(
      uuid,
      { evacuate: { host: 'host2', onSharedStorage: 'False', adminPass: 'pw' } },
      { caller: 'admin', version: '2.13' },
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { adminPass: 'pw' });
    const cast = await fx.next('evacuate_instance');
    assert.deepEqual([cast.args.host, cast.args.adminPassword], ['host2', 'pw']);
    const record = await fx.compute.db
      .selectFrom('migrations')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [record.migration_type, record.status, record.source_compute, record.dest_compute],
      ['evacuation', 'accepted', 'gone', 'host2'],
    );
  });

  test('live migration: forcing needs a host, an unknown host is a 400', async () => {
    const uuid = await fx.server();
    const forced = await fx.action(
      uuid,
      { 'os-migrateLive': { host: null, block_migration: false, force: true } },
      { caller: 'admin', version: '2.30' },
    );
    assert.equal(forced.statusCode, 400);
    assert.equal(faultMessage(forced), "Can't force to a non-provided destination");
    const unknown = await fx.action(
      uuid,
      { 'os-migrateLive': { host: 'nowhere', block_migration: 'auto' } },
      { caller: 'admin', version: '2.68' },
    );
    assert.equal(unknown.statusCode, 400);
    assert.equal(faultMessage(unknown), 'Compute host nowhere could not be found.');
  });

  test('migrate to its own host (2.56): 400', async () => {
    const uuid = await fx.server();
    const response = await fx.action(
      uuid,
      { migrate: { host: 'host1' } },
      { caller: 'admin', version: '2.56' },
    );
    assert.equal(response.statusCode, 400);
    assert.equal(faultMessage(response), 'Cannot migrate to the host where the server exists.');
  });

  test('unshelve with a zone is for offloaded servers only; the zone must exist', async () => {
    const shelved = await fx.server({ vm_state: 'shelved' });
    const refused = await fx.action(
      shelved,
      { unshelve: { availability_zone: 'nova' } },
      { version: '2.77' },
    );
    assert.equal(refused.statusCode, 409);
    assert.equal(
      faultMessage(refused),
      `Specifying an availability zone or a host when unshelving server "${shelved}" with status "shelved" ` +
        'is not supported. The server status must be SHELVED_OFFLOADED.',
    );
    const offloaded = await fx.server({ vm_state: 'shelved_offloaded', host: null });
    const unknown = await fx.action(
      offloaded,
      { unshelve: { availability_zone: 'mars' } },
      { version: '2.77' },
    );
    assert.equal(unknown.statusCode, 400);
    assert.equal(faultMessage(unknown), 'The requested availability zone is not available');
    fx.received.length = 0;
    const ok = await fx.action(offloaded, { unshelve: { availability_zone: 'nova' } }, { version: '2.77' });
    assert.equal(ok.statusCode, 202, ok.body);
    assert.equal((await fx.next('unshelve_instance')).args.availabilityZone, 'nova');
  });

  test('os-resetState sets the vm_state, clears the task, and records a finished action', async () => {
    const uuid = await fx.server({ vm_state: 'error', task_state: 'rebuilding' });
    const response = await fx.action(uuid, { 'os-resetState': { state: 'active' } }, { caller: 'admin' });
    assert.equal(response.statusCode, 202);
    const row = await fx.row(uuid);
    assert.deepEqual([row.vm_state, row.task_state], ['active', null]);
    const action = await fx.compute.db
      .selectFrom('instance_actions')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    assert.equal(action.action, 'resetState');
    assert.notEqual(action.finish_time, null);
  });

  test('restore of a server that is not soft-deleted is a 409 (deferred delete is off)', async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { restore: null });
    assert.equal(response.statusCode, 409);
    assert.equal(faultMessage(response), `Cannot 'restore' instance ${uuid} while it is in vm_state active`);
  });

  test('security groups: added once, removed, and a group the server lacks is a 404', async () => {
    const uuid = await fx.server();
    assert.equal((await fx.action(uuid, { addSecurityGroup: { name: 'web' } })).statusCode, 202);
    assert.equal((await fx.action(uuid, { addSecurityGroup: { name: 'web' } })).statusCode, 202);
    assert.deepEqual(JSON.parse(String((await fx.row(uuid)).security_groups)), ['default', 'web']);
    assert.equal((await fx.action(uuid, { removeSecurityGroup: { name: 'default' } })).statusCode, 202);
    assert.deepEqual(JSON.parse(String((await fx.row(uuid)).security_groups)), ['web']);
    const missing = await fx.action(uuid, { removeSecurityGroup: { name: 'db' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(faultMessage(missing), `Security group db not associated with the instance ${uuid}`);
    const empty = await fx.action(uuid, { addSecurityGroup: { name: ' ' } });
    assert.equal(empty.statusCode, 400);
    assert.equal(faultMessage(empty), 'Security group name cannot be empty');
    const noName = await fx.action(uuid, { addSecurityGroup: {} });
    assert.equal(faultMessage(noName), 'Security group not specified');
  });

  test('os-getConsoleOutput calls the agent and strips control characters', async () => {
    const uuid = await fx.server();
    fx.received.length = 0;
    const response = await fx.action(uuid, { 'os-getConsoleOutput': { length: 5 } });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { output: 'line one\nline two\n' });
    assert.equal((await fx.next('get_console_output')).args.tailLength, 5);
    const below = await fx.action(uuid, { 'os-getConsoleOutput': { length: '-2' } });
    assert.equal(below.statusCode, 400);
  });

  test('an agent error with a status keeps it; a known remote error is mapped', async () => {
    const uuid = await fx.server();
    const answer = async () => {
      const response = await fx.action(uuid, { 'os-getConsoleOutput': {} });
      return [response.statusCode, faultMessage(response)];
    };
    try {
      fx.replies.get_console_output = () => {
        throw Object.assign(new Error('Guest does not have a console available.'), {
          name: 'ConsoleNotAvailable',
        });
      };
      assert.deepEqual(await answer(), [404, 'Guest does not have a console available.']);
      fx.replies.get_console_output = () => {
        throw new Conflict('the agent says no');
      };
      assert.deepEqual(await answer(), [409, 'the agent says no']);
    } finally {
      fx.replies.get_console_output = () => '';
    }
  });

  test('legacy os-getVNCConsole: a noVNC URL once the agent answers; other types as Nova', async () => {
    const uuid = await fx.server();
    fx.received.length = 0;
    const response = await fx.action(uuid, { 'os-getVNCConsole': { type: 'novnc' } }, { version: '2.5' });
    assert.equal(response.statusCode, 200, response.body);
    const { console } = response.json() as { console: { type: string; url: string } };
    assert.equal(console.type, 'novnc');
    assert.match(
      console.url,
      /^http:\/\/stratus\.test\/console\/vnc_lite\.html\?path=console%2Fwebsockify%3Ftoken%3D[0-9a-f-]{36}$/,
    );
    await fx.next('get_vnc_console');
    const xvp = await fx.action(uuid, { 'os-getVNCConsole': { type: 'xvpvnc' } });
    assert.equal(xvp.statusCode, 400);
    assert.equal(faultMessage(xvp), 'Invalid console type xvpvnc');
    const spice = await fx.action(uuid, { 'os-getSPICEConsole': { type: 'spice-html5' } });
    assert.equal(spice.statusCode, 400);
    assert.equal(faultMessage(spice), 'Unavailable console type spice-html5.');
  });

  test('POST /servers/{id}/remote-consoles (2.6): the URL, or 404 before 2.6', async () => {
    const uuid = await fx.server();
    const path = `/servers/${uuid}/remote-consoles`;
    const body = { remote_console: { protocol: 'vnc', type: 'novnc' } };
    const response = await fx.compute.request('POST', path, { caller: 'member', version: '2.6', body });
    assert.equal(response.statusCode, 200, response.body);
    const console = (response.json() as { remote_console: Record<string, string> }).remote_console;
    assert.deepEqual([console.protocol, console.type], ['vnc', 'novnc']);
    assert.match(console.url, /console\/vnc_lite\.html\?path=console%2Fwebsockify%3Ftoken%3D/);
    const old = await fx.compute.request('POST', path, { caller: 'member', version: '2.5', body });
    assert.equal(old.statusCode, 404);
    const mks = await fx.compute.request('POST', path, {
      caller: 'member',
      version: '2.7',
      body: { remote_console: { protocol: 'mks', type: 'webmks' } },
    });
    assert.equal(mks.statusCode, 400);
    const noHost = await fx.server({ host: null });
    const notReady = await fx.compute.request('POST', `/servers/${noHost}/remote-consoles`, {
      caller: 'member',
      version: '2.6',
      body,
    });
    assert.equal(notReady.statusCode, 409);
    assert.equal(faultMessage(notReady), `Instance ${noHost} is not ready`);
  });

  test('rebuild: the image must exist; the answer is the server with its new adminPass', async () => {
    const uuid = await fx.server();
    const missing = await fx.action(uuid, { rebuild: { imageRef: randomUUID() } });
    assert.equal(missing.statusCode, 400);
    assert.equal(faultMessage(missing), 'Cannot find image for rebuild');
    const image = await fx.compute.image.createImage('member', { name: 'new', min_ram: 0 });
    const queued = await fx.action(uuid, { rebuild: { imageRef: image.id } });
    assert.equal(queued.statusCode, 400);
    assert.equal(faultMessage(queued), `Image ${image.id} is not active.`);
    await fx.compute.image.upload('member', image.id as string, 'bytes');
    const response = await fx.action(
      uuid,
      { rebuild: { imageRef: image.id, name: 'again', metadata: { role: 'web' }, user_data: 'aGk=' } },
      { version: '2.57' },
    );
    assert.equal(response.statusCode, 202, response.body);
    const { server } = response.json() as { server: Record<string, unknown> };
    assert.equal(server.id, uuid);
    assert.equal(server.name, 'again');
    assert.equal(server.status, 'REBUILD');
    assert.equal(typeof server.adminPass, 'string');
    assert.equal((server.adminPass as string).length, 12);
    assert.equal(server.user_data, 'aGk=');
    assert.deepEqual(server.metadata, { role: 'web' });
    assert.equal(response.headers.location, `http://stratus.test/compute/v2.1/servers/${uuid}`);
    const row = await fx.row(uuid);
    assert.equal(row.image_ref, image.id);
    assert.equal(JSON.parse(String(row.system_metadata)).image_base_image_ref, image.id);
  });
});
