import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewInstanceRow } from '../../../../src/compute/instances/instance-repo.js';
import { actionsFixture, faultMessage, SMALL, type ActionsFixture } from './fixtures.js';

interface Case {
  name: string;
  body: unknown | ((fx: ActionsFixture) => Promise<unknown>);
  version?: string;
  caller?: string;
  /** A state the action is accepted from. */
  from: Partial<NewInstanceRow>;
  /** A state it refuses, and the attribute Nova names in the 409. */
  wrong?: { state: Partial<NewInstanceRow>; attr: 'vm_state' | 'task_state'; value: string; apiName: string };
  task: string | null;
  target: string;
  method: string;
  args?: Record<string, unknown>;
  record: string;
  status?: number;
  setup?: (fx: ActionsFixture, uuid: string) => Promise<void>;
}

async function migration(fx: ActionsFixture, uuid: string, source: string, dest: string) {
  await fx.compute.db
    .insertInto('migrations')
    .values({
      uuid: randomUUID(),
      instance_uuid: uuid,
      migration_type: 'resize',
      status: 'finished',
      source_compute: source,
      source_node: source,
      dest_compute: dest,
      dest_node: dest,
      dest_host: null,
      old_flavor_id: '1',
      new_flavor_id: '2',
      user_id: null,
      project_id: null,
      created_at: new Date().toISOString(),
      updated_at: null,
    })
    .execute();
}

async function activeImage(fx: ActionsFixture): Promise<string> {
  const image = await fx.compute.image.createImage('member', { name: 'cirros', min_ram: 0 });
  await fx.compute.image.upload('member', image.id as string, 'disk bytes');
  return image.id as string;
}

const bodyOf = (c: Case, fx: ActionsFixture) =>
  typeof c.body === 'function' ? (c.body as (fx: ActionsFixture) => Promise<unknown>)(fx) : c.body;

const resized = { vm_state: 'resized', old_flavor: JSON.stringify(SMALL) };

const CASES: Case[] = [
  {
    name: 'reboot SOFT',
    body: { reboot: { type: 'SOFT' } },
    from: {},
    wrong: { state: { vm_state: 'stopped' }, attr: 'vm_state', value: 'stopped', apiName: 'reboot' },
    task: 'rebooting',
    target: 'compute.host1',
    method: 'reboot_instance',
    args: { rebootType: 'SOFT' },
    record: 'reboot',
  },
  {
    name: 'reboot hard (any case)',
    body: { reboot: { type: 'hard' } },
    from: { vm_state: 'stopped' },
    wrong: { state: { task_state: 'deleting' }, attr: 'task_state', value: 'deleting', apiName: 'reboot' },
    task: 'rebooting_hard',
    target: 'compute.host1',
    method: 'reboot_instance',
    args: { rebootType: 'HARD' },
    record: 'reboot',
  },
  {
    name: 'os-stop',
    body: { 'os-stop': null },
    from: {},
    wrong: { state: { vm_state: 'stopped' }, attr: 'vm_state', value: 'stopped', apiName: 'stop' },
    task: 'powering-off',
    target: 'compute.host1',
    method: 'stop_instance',
    args: { cleanShutdown: true },
    record: 'stop',
  },
  {
    name: 'os-start',
    body: { 'os-start': null },
    from: { vm_state: 'stopped' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'start' },
    task: 'powering-on',
    target: 'compute.host1',
    method: 'start_instance',
    record: 'start',
  },
  {
    name: 'pause',
    body: { pause: null },
    from: {},
    wrong: { state: { vm_state: 'paused' }, attr: 'vm_state', value: 'paused', apiName: 'pause' },
    task: 'pausing',
    target: 'compute.host1',
    method: 'pause_instance',
    record: 'pause',
  },
  {
    name: 'unpause',
    body: { unpause: null },
    from: { vm_state: 'paused' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'unpause' },
    task: 'unpausing',
    target: 'compute.host1',
    method: 'unpause_instance',
    record: 'unpause',
  },
  {
    name: 'suspend',
    body: { suspend: null },
    from: {},
    wrong: { state: { vm_state: 'suspended' }, attr: 'vm_state', value: 'suspended', apiName: 'suspend' },
    task: 'suspending',
    target: 'compute.host1',
    method: 'suspend_instance',
    record: 'suspend',
  },
  {
    name: 'resume',
    body: { resume: null },
    from: { vm_state: 'suspended' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'resume' },
    task: 'resuming',
    target: 'compute.host1',
    method: 'resume_instance',
    record: 'resume',
  },
  {
    name: 'rescue (200 with the password given)',
    body: { rescue: { adminPass: 's3cret' } },
    from: {},
    wrong: { state: { vm_state: 'rescued' }, attr: 'vm_state', value: 'rescued', apiName: 'rescue' },
    task: 'rescuing',
    target: 'compute.host1',
    method: 'rescue_instance',
    args: { rescuePassword: 's3cret', rescueImageRef: null },
    record: 'rescue',
    status: 200,
  },
  {
    name: 'unrescue',
    body: { unrescue: null },
    from: { vm_state: 'rescued' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'unrescue' },
    task: 'unrescuing',
    target: 'compute.host1',
    method: 'unrescue_instance',
    record: 'unrescue',
  },
  {
    name: 'resize',
    body: { resize: { flavorRef: '2' } },
    from: {},
    wrong: { state: { vm_state: 'paused' }, attr: 'vm_state', value: 'paused', apiName: 'resize' },
    task: 'resize_prep',
    target: 'conductor',
    method: 'migrate_server',
    args: { newFlavorId: '2', host: null },
    record: 'resize',
  },
  {
    name: 'confirmResize (204, to the source)',
    body: { confirmResize: null },
    from: resized,
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'confirmResize' },
    task: null,
    target: 'compute.host1',
    method: 'confirm_resize',
    record: 'confirmResize',
    status: 204,
    setup: (fx, uuid) => migration(fx, uuid, 'host1', 'host2'),
  },
  {
    name: 'revertResize (to the destination)',
    body: { revertResize: null },
    from: { ...resized, host: 'host2', node: 'host2' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'revertResize' },
    task: 'resize_reverting',
    target: 'compute.host2',
    method: 'revert_resize',
    record: 'revertResize',
    setup: (fx, uuid) => migration(fx, uuid, 'host1', 'host2'),
  },
  {
    name: 'rebuild',
    body: async (fx: ActionsFixture) => ({ rebuild: { imageRef: await activeImage(fx), name: 'rebuilt' } }),
    from: {},
    wrong: { state: { vm_state: 'paused' }, attr: 'vm_state', value: 'paused', apiName: 'rebuild' },
    task: 'rebuilding',
    target: 'compute.host1',
    method: 'rebuild_instance',
    args: { preserveEphemeral: false, evacuatedFrom: null },
    record: 'rebuild',
  },
  {
    name: 'createImage',
    body: { createImage: { name: 'snap' } },
    version: '2.45',
    from: { vm_state: 'stopped' },
    wrong: { state: { vm_state: 'rescued' }, attr: 'vm_state', value: 'rescued', apiName: 'createImage' },
    task: 'image_snapshot_pending',
    target: 'compute.host1',
    method: 'snapshot_instance',
    record: 'createImage',
  },
  {
    name: 'createBackup',
    body: { createBackup: { name: 'nightly', backup_type: 'daily', rotation: 2 } },
    version: '2.45',
    from: {},
    wrong: { state: { vm_state: 'rescued' }, attr: 'vm_state', value: 'rescued', apiName: 'createBackup' },
    task: 'image_backup',
    target: 'compute.host1',
    method: 'backup_instance',
    args: { backupType: 'daily', rotation: 2 },
    record: 'createBackup',
  },
  {
    name: 'shelve',
    body: { shelve: null },
    from: { vm_state: 'paused' },
    wrong: { state: { vm_state: 'shelved' }, attr: 'vm_state', value: 'shelved', apiName: 'shelve' },
    task: 'shelving',
    target: 'compute.host1',
    method: 'shelve_instance',
    args: { offload: true },
    record: 'shelve',
  },
  {
    name: 'shelveOffload',
    body: { shelveOffload: null },
    caller: 'admin',
    from: { vm_state: 'shelved' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'shelveOffload' },
    task: 'shelving_offloading',
    target: 'compute.host1',
    method: 'shelve_offload_instance',
    record: 'shelveOffload',
  },
  {
    name: 'unshelve of an offloaded server',
    body: { unshelve: null },
    from: { vm_state: 'shelved_offloaded', host: null, node: null },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'unshelve' },
    task: 'unshelving',
    target: 'conductor',
    method: 'unshelve_instance',
    args: { host: null, availabilityZone: null },
    record: 'unshelve',
  },
  {
    name: 'migrate',
    body: { migrate: null },
    caller: 'admin',
    from: {},
    wrong: { state: { vm_state: 'paused' }, attr: 'vm_state', value: 'paused', apiName: 'migrate' },
    task: 'resize_prep',
    target: 'conductor',
    method: 'migrate_server',
    args: { newFlavorId: null, host: null },
    record: 'migrate',
  },
  {
    name: 'os-migrateLive',
    body: { 'os-migrateLive': { host: null, block_migration: 'auto' } },
    version: '2.25',
    caller: 'admin',
    from: { vm_state: 'paused' },
    wrong: { state: { vm_state: 'stopped' }, attr: 'vm_state', value: 'stopped', apiName: 'os-migrateLive' },
    task: 'migrating',
    target: 'conductor',
    method: 'live_migrate_instance',
    args: { host: null, blockMigration: true },
    record: 'live-migration',
  },
  {
    name: 'evacuate from a host that is down (200)',
    body: { evacuate: {} },
    version: '2.14',
    caller: 'admin',
    from: { host: 'dead', node: 'dead' },
    wrong: { state: { vm_state: 'paused' }, attr: 'vm_state', value: 'paused', apiName: 'evacuate' },
    task: 'rebuilding',
    target: 'conductor',
    method: 'evacuate_instance',
    args: { host: null },
    record: 'evacuate',
    status: 200,
    setup: async (fx) => {
      if (
        !(await fx.compute.db
          .selectFrom('services')
          .select('id')
          .where('host', '=', 'dead')
          .executeTakeFirst())
      ) {
        await fx.computeHost('dead', false);
      }
    },
  },
  {
    name: 'restore of a soft-deleted server',
    body: { restore: null },
    from: { vm_state: 'soft-delete' },
    wrong: { state: { vm_state: 'active' }, attr: 'vm_state', value: 'active', apiName: 'restore' },
    task: 'restoring',
    target: 'compute.host1',
    method: 'restore_instance',
    record: 'restore',
  },
  {
    name: 'forceDelete',
    body: { forceDelete: null },
    from: { vm_state: 'soft-delete' },
    task: 'deleting',
    target: 'compute.host1',
    method: 'terminate_instance',
    record: 'delete',
  },
];

describe('server actions: accepted states, task states, RPCs and Nova 409s', () => {
  let fx: ActionsFixture;
  before(async () => {
    fx = await actionsFixture();
    await fx.computeHost('host2');
  });
  after(() => fx.close());

  for (const c of CASES) {
    test(`${c.name}: sets ${c.task ?? 'no task'}, records the action, casts ${c.method} to ${c.target}`, async () => {
      const uuid = await fx.server(c.from);
      await c.setup?.(fx, uuid);
      const body = await bodyOf(c, fx);
      fx.received.length = 0;
      const response = await fx.action(uuid, body, { caller: c.caller ?? 'member', version: c.version });
      assert.equal(response.statusCode, c.status ?? 202, response.body);
      const row = await fx.row(uuid);
      assert.equal(row.task_state, c.task);
      const message = await fx.next(c.method);
      assert.equal(message.target, c.target);
      assert.equal(message.args.instanceUuid, uuid);
      for (const [key, value] of Object.entries(c.args ?? {}))
        assert.deepEqual(message.args[key], value, key);
      const requestId = response.headers['x-openstack-request-id'];
      const context = message.args.context as Record<string, unknown>;
      assert.equal(context.requestId, requestId);
      const action = await fx.compute.db
        .selectFrom('instance_actions')
        .selectAll()
        .where('instance_uuid', '=', uuid)
        .where('request_id', '=', String(requestId))
        .executeTakeFirstOrThrow();
      assert.equal(action.action, c.record);
    });

    const wrong = c.wrong;
    if (wrong) {
      test(`${c.name}: refused in ${wrong.attr} ${wrong.value} with Nova's 409, nothing sent`, async () => {
        const uuid = await fx.server({ ...c.from, ...wrong.state });
        await c.setup?.(fx, uuid);
        const body = await bodyOf(c, fx);
        fx.received.length = 0;
        const response = await fx.action(uuid, body, { caller: c.caller ?? 'member', version: c.version });
        assert.equal(response.statusCode, 409, response.body);
        assert.equal(
          faultMessage(response),
          `Cannot '${wrong.apiName}' instance ${uuid} while it is in ${wrong.attr} ${wrong.value}`,
        );
        assert.deepEqual(Object.keys(response.json()), ['conflictingRequest']);
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(fx.received, []);
        const actions = await fx.compute.db
          .selectFrom('instance_actions')
          .select('id')
          .where('instance_uuid', '=', uuid)
          .execute();
        assert.equal(actions.length, 0);
      });
    }
  }

  test('two requests at once: one is accepted, the other gets the 409 of the state it finds', async () => {
    const uuid = await fx.server();
    const [first, second] = await Promise.all([
      fx.action(uuid, { pause: null }),
      fx.action(uuid, { pause: null }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    assert.deepEqual(statuses, [202, 409]);
    const refused = first.statusCode === 409 ? first : second;
    assert.equal(faultMessage(refused), `Cannot 'pause' instance ${uuid} while it is in task_state pausing`);
  });

  test('a server that never launched is refused with the generic message', async () => {
    const uuid = await fx.server({ launched_at: null });
    const response = await fx.action(uuid, { pause: null });
    assert.equal(response.statusCode, 409);
    assert.equal(faultMessage(response), `Instance ${uuid} is in an invalid state for 'pause'`);
  });

  test('os-start on a server with no host: 409 not ready', async () => {
    const uuid = await fx.server({ vm_state: 'stopped', host: null });
    const response = await fx.action(uuid, { 'os-start': null });
    assert.equal(response.statusCode, 409);
    assert.equal(faultMessage(response), `Instance ${uuid} is not ready`);
  });
});
