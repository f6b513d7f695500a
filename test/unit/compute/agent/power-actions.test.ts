import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ComputeMethods } from '../../../../src/compute/rpc/compute-api.js';
import { HypervisorError, InvalidPowerState } from '../../../../src/compute/virt/errors.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { AgentHarness } from './agent-harness.js';

const HOST = 'compute1';

describe('power actions', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start(HOST);
  });
  after(() => harness.close());

  /** Does what the API does for an action (its task, its instance action), then casts it to the agent. */
  async function act<K extends keyof ComputeMethods & string>(
    uuid: string,
    action: string,
    task: string | null,
    method: K,
    extra: Omit<Parameters<ComputeMethods[K]>[0], 'context' | 'instanceUuid'>,
  ) {
    if (task) await harness.set(uuid, { task_state: task });
    const { context } = await harness.request(uuid, action);
    await harness.cast(HOST, method, { context, instanceUuid: uuid, ...extra } as Parameters<
      ComputeMethods[K]
    >[0]);
  }

  const powerState = async (uuid: string) => (await harness.driver(HOST).instanceInfo(uuid)).powerState;

  test('stop and start', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'stop', 'powering-off', 'stop_instance', { cleanShutdown: true });
    const stopped = await harness.settled(uuid, 'stopped');
    assert.equal(stopped.power_state, PowerState.SHUTDOWN);
    assert.equal(await powerState(uuid), PowerState.SHUTDOWN);
    await act(uuid, 'start', 'powering-on', 'start_instance', {});
    const started = await harness.settled(uuid, 'active');
    assert.equal(started.power_state, PowerState.RUNNING);
    const events = (await harness.events(uuid)).map((e) => [e.action, e.event, e.result]);
    assert.deepEqual(events.slice(1), [
      ['stop', 'compute_stop_instance', 'Success'],
      ['start', 'compute_start_instance', 'Success'],
    ]);
  });

  test('a start of a server whose guest the hypervisor lost fails: a fault, SHUTOFF, no task', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'stop', 'powering-off', 'stop_instance', { cleanShutdown: true });
    await harness.settled(uuid, 'stopped');
    harness.driver(HOST).simulateGuestVanished(uuid);
    await act(uuid, 'start', 'powering-on', 'start_instance', {});
    const after = await harness.waitFor(uuid, (row) => row.task_state === null);
    assert.equal(after.vm_state, 'stopped');
    assert.match((await harness.faults(uuid)).at(-1)?.message ?? '', /could not be found/);
    const last = (await harness.events(uuid)).at(-1);
    assert.deepEqual([last?.event, last?.result], ['compute_start_instance', 'Error']);
  });

  test('soft and hard reboot leave the instance ACTIVE and RUNNING; a hard one starts a stopped guest', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'reboot', 'rebooting', 'reboot_instance', { rebootType: 'SOFT' });
    await harness.settled(uuid, 'active');
    assert.match(await harness.driver(HOST).getConsoleOutput({ uuid } as never), /reboot: Restarting system/);
    await act(uuid, 'stop', 'powering-off', 'stop_instance', { cleanShutdown: false });
    await harness.settled(uuid, 'stopped');
    await act(uuid, 'reboot', 'rebooting_hard', 'reboot_instance', { rebootType: 'HARD' });
    const rebooted = await harness.settled(uuid, 'active');
    assert.equal(rebooted.power_state, PowerState.RUNNING);
  });

  test('pause, unpause, suspend, resume', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'pause', 'pausing', 'pause_instance', {});
    assert.equal((await harness.settled(uuid, 'paused')).power_state, PowerState.PAUSED);
    await act(uuid, 'unpause', 'unpausing', 'unpause_instance', {});
    assert.equal((await harness.settled(uuid, 'active')).power_state, PowerState.RUNNING);
    await act(uuid, 'suspend', 'suspending', 'suspend_instance', {});
    const suspended = await harness.settled(uuid, 'suspended');
    assert.equal(suspended.power_state, PowerState.SUSPENDED);
    assert.equal(JSON.parse(suspended.system_metadata).old_vm_state, 'active');
    await act(uuid, 'resume', 'resuming', 'resume_instance', {});
    const resumed = await harness.settled(uuid, 'active');
    assert.equal(resumed.power_state, PowerState.RUNNING);
    assert.equal(JSON.parse(resumed.system_metadata).old_vm_state, undefined);
  });

  test('rescue and unrescue', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'rescue', 'rescuing', 'rescue_instance', { rescueImageRef: null, rescuePassword: 'pw' });
    const rescued = await harness.settled(uuid, 'rescued');
    assert.equal(rescued.power_state, PowerState.RUNNING);
    assert.equal((await harness.driver(HOST).instanceInfo(uuid)).rescued, true);
    await act(uuid, 'unrescue', 'unrescuing', 'unrescue_instance', {});
    await harness.settled(uuid, 'active');
    assert.equal((await harness.driver(HOST).instanceInfo(uuid)).rescued, false);
  });

  test('an operation the hypervisor refuses leaves the instance as it was, with a fault', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    harness
      .driver(HOST)
      .faults.failNext('pause', new InvalidPowerState(uuid, 'pause', PowerState.SHUTDOWN), uuid);
    await act(uuid, 'pause', 'pausing', 'pause_instance', {});
    const after = await harness.waitFor(uuid, (row) => row.task_state === null);
    assert.equal(after.vm_state, 'active');
    const [fault] = await harness.faults(uuid);
    assert.equal(fault.code, 500);
    assert.match(fault.message, /Cannot pause instance/);
    const events = await harness.events(uuid);
    assert.equal(events.at(-1)?.result, 'Error');
    const actions = await harness.actions.list(uuid);
    assert.equal(actions[0].message, 'Error');
  });

  test('a suspend the hypervisor fails at puts the instance in ERROR', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    harness.driver(HOST).faults.failNext('suspend', new HypervisorError('qemu crashed'), uuid);
    await act(uuid, 'suspend', 'suspending', 'suspend_instance', {});
    await harness.settled(uuid, 'error');
    assert.equal((await harness.faults(uuid))[0].message, 'qemu crashed');
  });

  test('restore powers a soft-deleted server on again: ACTIVE, no task', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'stop', 'powering-off', 'stop_instance', { cleanShutdown: false });
    await harness.settled(uuid, 'stopped');
    await harness.set(uuid, { vm_state: 'soft-delete' });
    await act(uuid, 'restore', 'restoring', 'restore_instance', {});
    const restored = await harness.settled(uuid, 'active');
    assert.equal(restored.power_state, PowerState.RUNNING);
    assert.equal(await powerState(uuid), PowerState.RUNNING);
    const last = (await harness.events(uuid)).at(-1);
    assert.deepEqual([last?.event, last?.result], ['compute_restore_instance', 'Success']);
  });

  test('a restore the hypervisor fails at leaves the server soft-deleted, with a fault', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'stop', 'powering-off', 'stop_instance', { cleanShutdown: false });
    await harness.settled(uuid, 'stopped');
    await harness.set(uuid, { vm_state: 'soft-delete' });
    harness.driver(HOST).faults.failNext('powerOn', new HypervisorError('no memory left'), uuid);
    await act(uuid, 'restore', 'restoring', 'restore_instance', {});
    const failed = await harness.settled(uuid, 'soft-delete');
    assert.equal(failed.power_state, PowerState.SHUTDOWN);
    assert.equal((await harness.faults(uuid)).at(-1)?.message, 'no memory left');
  });

  test('terminate destroys the guest, frees the claim and marks the instance deleted', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await act(uuid, 'delete', 'deleting', 'terminate_instance', {});
    const deleted = await harness.waitFor(uuid, (row) => row.deleted === 1, 'deleted');
    assert.deepEqual(
      [deleted.vm_state, deleted.task_state, deleted.power_state],
      ['deleted', null, PowerState.NOSTATE],
    );
    assert.ok(deleted.terminated_at);
    assert.deepEqual(await harness.allocations(uuid), {});
    assert.ok(!(await harness.driver(HOST).listInstances()).includes(uuid));
    assert.deepEqual((await harness.events(uuid)).at(-1), {
      action: 'delete',
      event: 'compute_terminate_instance',
      result: 'Success',
      host: HOST,
    });
  });

  test('a delete the hypervisor fails at puts the instance in ERROR; deleting again works', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    harness.driver(HOST).faults.failNext('destroy', new HypervisorError('device busy'), uuid);
    await act(uuid, 'delete', 'deleting', 'terminate_instance', {});
    await harness.settled(uuid, 'error');
    assert.equal((await harness.allocations(uuid))[harness.nodeUuid(HOST)]?.VCPU, 1);
    await act(uuid, 'delete', 'deleting', 'terminate_instance', {});
    await harness.waitFor(uuid, (row) => row.deleted === 1, 'deleted');
  });

  test('console output is cut to its tail; the VNC console says where to connect', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const context = (await harness.request(uuid, 'noop')).context;
    const tail = (await harness.call(HOST, 'get_console_output', {
      context,
      instanceUuid: uuid,
      tailLength: 2,
    })) as string;
    assert.deepEqual(tail.split('\n'), ['=== fake guest ready ===', `instance ${uuid} booted`]);
    assert.equal(
      await harness.call(HOST, 'get_console_output', { context, instanceUuid: uuid, tailLength: 0 }),
      '',
    );
    const vnc = (await harness.call(HOST, 'get_vnc_console', { context, instanceUuid: uuid })) as {
      host: string;
      port: number;
    };
    assert.equal(vnc.host, '127.0.0.1');
    assert.ok(vnc.port >= 5900);
    await act(uuid, 'stop', 'powering-off', 'stop_instance', { cleanShutdown: false });
    await harness.settled(uuid, 'stopped');
    await assert.rejects(
      harness.call(HOST, 'get_vnc_console', { context, instanceUuid: uuid }),
      /Cannot getVncConsole/,
    );
  });
});
