import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { AgentHarness, TINY, waitUntil } from './agent-harness.js';

const HOST = 'compute1';

describe('recovery at start', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start(HOST);
  });
  after(() => harness.close());

  /** Stops the host's agent (nothing under way waits) and starts it again on the same hypervisor. */
  async function restart() {
    await harness.agents.get(HOST)!.stop({ timeoutMs: 0 });
    return harness.start(HOST);
  }

  test('an agent stopped in the middle of a build leaves the instance in ERROR and no claim after its restart', async () => {
    const row = await harness.createInstance();
    await harness.claim(row.uuid, HOST);
    const { context } = await harness.request(row.uuid, 'create');
    harness.driver(HOST).faults.setDelay('spawn', 500);
    await harness.cast(HOST, 'build_and_run_instance', {
      context,
      instanceUuid: row.uuid,
      adminPassword: null,
      alternates: [],
    });
    await harness.waitFor(row.uuid, (r) => r.task_state === 'spawning', 'spawning');
    await harness.agents.get(HOST)!.stop({ timeoutMs: 0 });
    await waitUntil(async () => (await harness.driver(HOST).listInstances()).includes(row.uuid), 'the spawn');
    await sleep(20);
    // The spawn finished in the hypervisor, but the stopped agent wrote nothing more.
    const abandoned = await harness.instances.get(row.uuid);
    assert.deepEqual([abandoned.vm_state, abandoned.task_state], ['building', 'spawning']);
    harness.driver(HOST).faults.setDelay('spawn', 0);

    await harness.start(HOST);
    const failed = await harness.instances.get(row.uuid);
    assert.deepEqual([failed.vm_state, failed.task_state], ['error', null]);
    const [fault] = await harness.faults(row.uuid);
    assert.match(fault.message, /^Instance build was interrupted/);
    assert.deepEqual(await harness.allocations(row.uuid), {});
    assert.ok(!(await harness.driver(HOST).listInstances()).includes(row.uuid));
  });

  test('a build claimed here that never reached the agent goes to ERROR, its claim freed', async () => {
    const row = await harness.createInstance();
    await harness.claim(row.uuid, HOST);
    await restart();
    const failed = await harness.instances.get(row.uuid);
    assert.deepEqual([failed.vm_state, failed.task_state, failed.host], ['error', null, null]);
    assert.deepEqual(await harness.allocations(row.uuid), {});
  });

  test('a delete under way is finished; a stop under way is done again', async () => {
    const deleting = await harness.activeInstance(HOST);
    await harness.set(deleting.uuid, { task_state: 'deleting' });
    const stopping = await harness.activeInstance(HOST);
    await harness.set(stopping.uuid, { task_state: 'powering-off' });
    await restart();
    const deleted = await harness.instances.get(deleting.uuid, { readDeleted: true });
    assert.deepEqual([deleted.deleted, deleted.vm_state], [1, 'deleted']);
    assert.deepEqual(await harness.allocations(deleting.uuid), {});
    const stopped = await harness.instances.get(stopping.uuid);
    assert.deepEqual(
      [stopped.vm_state, stopped.task_state, stopped.power_state],
      ['stopped', null, PowerState.SHUTDOWN],
    );
  });

  test('a reboot left half-done is done again hard; snapshot tasks are cleared', async () => {
    const rebooting = await harness.activeInstance(HOST);
    harness.driver(HOST).simulateGuestPowerChange(rebooting.uuid, PowerState.SHUTDOWN);
    await harness.set(rebooting.uuid, { task_state: 'reboot_started' });
    const snapshotting = await harness.activeInstance(HOST);
    await harness.set(snapshotting.uuid, { task_state: 'image_uploading' });
    await restart();
    const rebooted = await harness.settled(rebooting.uuid, 'active');
    assert.equal(rebooted.power_state, PowerState.RUNNING);
    assert.equal((await harness.instances.get(snapshotting.uuid)).task_state, null);
  });

  test('an instance whose guest is gone gets NOSTATE; guests the database does not know are left alone', async () => {
    const row = await harness.activeInstance(HOST);
    harness.driver(HOST).simulateGuestVanished(row.uuid);
    const stranger = { ...(await harness.createInstance()), uuid: 'not-in-the-database' };
    await harness.driver(HOST).spawn(
      {
        uuid: stranger.uuid,
        name: 'x',
        hostname: 'x',
        projectId: 'p',
        userId: 'u',
        flavor: TINY,
        image: null,
        metadata: {},
        userData: null,
        keyData: null,
        keyName: null,
        configDrive: false,
        availabilityZone: null,
      },
      {
        networkInfo: [],
        blockDeviceInfo: { rootDeviceName: '/dev/vda', swap: null, ephemerals: [], volumes: [] },
        adminPassword: null,
        injectedFiles: [],
      },
    );
    await restart();
    const lost = await harness.instances.get(row.uuid);
    assert.deepEqual([lost.vm_state, lost.power_state], ['active', PowerState.NOSTATE]);
    assert.ok((await harness.driver(HOST).listInstances()).includes('not-in-the-database'));
  });
});

describe('power state sync', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start(HOST);
  });
  after(() => harness.close());

  const sync = () => harness.agents.get(HOST)!.syncPowerStates();

  test('a guest that shut itself down stops its ACTIVE instance, with a stop action', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    harness.driver(HOST).simulateGuestPowerChange(uuid, PowerState.SHUTDOWN);
    await sync();
    const row = await harness.instances.get(uuid);
    assert.deepEqual([row.vm_state, row.task_state, row.power_state], ['stopped', null, PowerState.SHUTDOWN]);
    assert.deepEqual((await harness.actions.list(uuid)).map((action) => action.action).sort(), [
      'create',
      'stop',
    ]);
    assert.deepEqual((await harness.events(uuid)).at(-1), {
      action: 'stop',
      event: 'compute_stop_instance',
      result: 'Success',
      host: HOST,
    });
  });

  test('a guest the hypervisor lost stops its ACTIVE instance', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    harness.driver(HOST).simulateGuestVanished(uuid);
    await sync();
    const row = await harness.instances.get(uuid);
    assert.deepEqual([row.vm_state, row.task_state, row.power_state], ['stopped', null, PowerState.NOSTATE]);
  });

  test('a STOPPED instance whose guest runs is stopped again; a changed power state is recorded', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    harness.driver(HOST).simulateGuestPowerChange(uuid, PowerState.SHUTDOWN);
    await sync();
    await harness.driver(HOST).powerOn({ uuid } as never);
    await sync();
    assert.equal((await harness.driver(HOST).instanceInfo(uuid)).powerState, PowerState.SHUTDOWN);
    const paused = await harness.activeInstance(HOST);
    harness.driver(HOST).simulateGuestPowerChange(paused.uuid, PowerState.PAUSED);
    await sync();
    const row = await harness.instances.get(paused.uuid);
    assert.deepEqual([row.vm_state, row.power_state], ['active', PowerState.PAUSED]);
  });

  test('an instance with a task under way is left alone', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await harness.set(uuid, { task_state: 'rebooting' });
    harness.driver(HOST).simulateGuestPowerChange(uuid, PowerState.SHUTDOWN);
    await sync();
    const row = await harness.instances.get(uuid);
    assert.deepEqual([row.vm_state, row.power_state], ['active', PowerState.RUNNING]);
  });

  test('the sync runs by itself at its interval', async () => {
    const other = await AgentHarness.create();
    try {
      await other.start('compute9', { timing: { powerSyncIntervalMs: 20 } });
      const { uuid } = await other.activeInstance('compute9');
      other.driver('compute9').simulateGuestPowerChange(uuid, PowerState.CRASHED);
      await other.settled(uuid, 'stopped');
    } finally {
      await other.close();
    }
  });
});
