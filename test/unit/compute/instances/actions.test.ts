import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALL_SERVER_ACTIONS,
  checkAction,
  InstanceInvalidState,
  InstanceIsLocked,
  InstanceNotReady,
  type InstanceStateView,
  type ServerAction,
} from '../../../../src/compute/instances/actions.js';
import { ALL_VM_STATES } from '../../../../src/compute/instances/states.js';

const UUID = '8f1c5a8e-0000-4000-8000-000000000001';
const ADMIN = { isAdmin: true };
const MEMBER = { isAdmin: false };

/** A task that holds no action's special permission: every task-checking action refuses it. */
const BUSY = 'image_uploading';

interface Expected {
  /** The name in the 409 message. */
  name: string;
  /** Allowed vm_states; 'any' when Nova does not check them. */
  vm: readonly string[] | 'any';
  /** Whether a busy task state is accepted. */
  busyOk: boolean;
  launched: boolean;
  lock: boolean;
  host: boolean;
  sets: string | null;
}

const SNAP = ['active', 'stopped', 'paused', 'suspended'];
const VOL = ['active', 'paused', 'stopped', 'resized', 'soft-delete', 'shelved', 'shelved_offloaded'];
const META = ['active', 'paused', 'suspended', 'stopped'];
const hard = ['active', 'stopped', 'paused', 'suspended', 'error'];
const e = (name: string, vm: Expected['vm'], more: Partial<Expected> = {}): Expected => ({
  name,
  vm,
  busyOk: false,
  launched: true,
  lock: true,
  host: false,
  sets: null,
  ...more,
});
const free = (name: string, more: Partial<Expected> = {}) =>
  e(name, 'any', { busyOk: true, launched: false, lock: false, ...more });

/** Nova Zed's decorators in nova/compute/api.py, transcribed by hand per action. */
const EXPECTED: Record<ServerAction, Expected> = {
  rebootSoft: e('reboot', ['active'], { sets: 'rebooting' }),
  rebootHard: e('reboot', hard, { sets: 'rebooting_hard' }),
  stop: e('stop', ['active', 'error'], { host: true, sets: 'powering-off' }),
  start: e('start', ['stopped'], { host: true, sets: 'powering-on' }),
  pause: e('pause', ['active'], { sets: 'pausing' }),
  unpause: e('unpause', ['paused'], { sets: 'unpausing' }),
  suspend: e('suspend', ['active'], { sets: 'suspending' }),
  resume: e('resume', ['suspended'], { sets: 'resuming' }),
  lock: free('lock'),
  unlock: free('unlock'),
  rescue: e('rescue', ['active', 'stopped', 'error'], { sets: 'rescuing' }),
  unrescue: e('unrescue', ['rescued'], { sets: 'unrescuing' }),
  resize: e('resize', ['active', 'stopped'], { host: true, sets: 'resize_prep' }),
  migrate: e('migrate', ['active', 'stopped'], { host: true, sets: 'resize_prep' }),
  confirmResize: e('confirmResize', ['resized']),
  revertResize: e('revertResize', ['resized'], { sets: 'resize_reverting' }),
  rebuild: e('rebuild', ['active', 'stopped', 'error'], { sets: 'rebuilding' }),
  createImage: e('createImage', SNAP, { lock: false, sets: 'image_snapshot_pending' }),
  createBackup: e('createBackup', SNAP, { lock: false, sets: 'image_backup' }),
  shelve: e('shelve', SNAP, { sets: 'shelving' }),
  shelveOffload: e('shelveOffload', ['shelved'], { sets: 'shelving_offloading' }),
  unshelve: e('unshelve', ['shelved', 'shelved_offloaded'], { sets: 'unshelving' }),
  liveMigrate: e('os-migrateLive', ['active', 'paused'], { sets: 'migrating' }),
  evacuate: e('evacuate', ['active', 'stopped', 'error'], {
    busyOk: true,
    lock: false,
    sets: 'rebuilding',
  }),
  delete: free('delete', { lock: true, sets: 'deleting' }),
  softDelete: free('delete', { lock: true, launched: true, sets: 'soft-deleting' }),
  forceDelete: free('forceDelete', { lock: true, sets: 'deleting' }),
  restore: e('restore', ['soft-delete'], { sets: 'restoring' }),
  resetState: free('os-resetState'),
  addSecurityGroup: free('addSecurityGroup'),
  removeSecurityGroup: free('removeSecurityGroup'),
  getConsoleOutput: free('os-getConsoleOutput', { host: true }),
  changePassword: e('changePassword', ['active'], { sets: 'updating_password' }),
  triggerCrashDump: e('trigger_crash_dump', ['active', 'paused', 'rescued', 'resized', 'error'], {
    host: true,
  }),
  attachVolume: e('attach_volume', VOL),
  detachVolume: e('detach_volume', VOL),
  attachInterface: e('attach_interface', ['active', 'paused', 'stopped']),
  detachInterface: e('detach_interface', ['active', 'paused', 'stopped']),
  updateMetadata: e('update metadata', META, { busyOk: true }),
  deleteMetadata: e('delete metadata', META, { busyOk: true }),
};

function instance(fields: Partial<InstanceStateView> = {}): InstanceStateView {
  return {
    uuid: UUID,
    vmState: 'active',
    taskState: null,
    launchedAt: '2024-01-01T00:00:00.000000',
    locked: false,
    host: 'compute-1',
    ...fields,
  };
}

function refusal(action: ServerAction, inst: InstanceStateView, caller = MEMBER): Error | null {
  try {
    checkAction(action, inst, caller);
    return null;
  } catch (error) {
    return error as Error;
  }
}

test('every action of the issue has a rule', () => {
  assert.deepEqual([...ALL_SERVER_ACTIONS].sort(), Object.keys(EXPECTED).sort());
});

for (const action of ALL_SERVER_ACTIONS) {
  const want = EXPECTED[action];
  test(`${action}: from every vm_state, idle and busy`, () => {
    for (const vmState of ALL_VM_STATES) {
      const vmOk = want.vm === 'any' || want.vm.includes(vmState);
      const idle = refusal(action, instance({ vmState }));
      if (vmOk) {
        assert.equal(idle, null, `${action} from ${vmState}`);
        assert.equal(checkAction(action, instance({ vmState }), MEMBER), want.sets);
      } else {
        assert.ok(idle instanceof InstanceInvalidState, `${action} from ${vmState}`);
        assert.equal(idle.status, 409);
        assert.equal(
          idle.message,
          `Cannot '${want.name}' instance ${UUID} while it is in vm_state ${vmState}`,
        );
      }
      const busy = refusal(action, instance({ vmState, taskState: BUSY }));
      if (!vmOk) {
        // The vm_state is checked first, so it is named even when a task runs.
        assert.ok(busy instanceof InstanceInvalidState);
        assert.equal(busy.attr, 'vm_state');
      } else if (want.busyOk) {
        assert.equal(busy, null, `${action} from ${vmState}/${BUSY}`);
      } else {
        assert.ok(busy instanceof InstanceInvalidState, `${action} from ${vmState}/${BUSY}`);
        assert.equal(
          busy.message,
          `Cannot '${want.name}' instance ${UUID} while it is in task_state ${BUSY}`,
        );
      }
    }
  });

  test(`${action}: launch, host and lock checks`, () => {
    const vmState = want.vm === 'any' ? 'active' : want.vm[0]!;
    const unlaunched = refusal(action, instance({ vmState, launchedAt: null }));
    if (want.launched) {
      assert.ok(unlaunched instanceof InstanceInvalidState);
      assert.equal(unlaunched.attr, 'launched_at');
      // Upstream's API falls back to a generic sentence when the state is None.
      assert.equal(unlaunched.message, `Instance ${UUID} is in an invalid state for '${want.name}'`);
    } else {
      assert.equal(unlaunched, null);
    }

    const hostless = refusal(action, instance({ vmState, host: null }));
    if (want.host) {
      assert.ok(hostless instanceof InstanceNotReady);
      assert.equal(hostless.status, 409);
      assert.equal(hostless.message, `Instance ${UUID} is not ready`);
    } else {
      assert.equal(hostless, null);
    }

    const locked = instance({ vmState, locked: true });
    if (want.lock) {
      const error = refusal(action, locked);
      assert.ok(error instanceof InstanceIsLocked);
      assert.equal(error.status, 409);
      assert.equal(error.message, `Instance ${UUID} is locked`);
    } else {
      assert.equal(refusal(action, locked), null);
    }
    assert.equal(refusal(action, locked, ADMIN), null, 'an admin acts on a locked instance');
  });
}

test('a hard reboot may interrupt the tasks upstream lists, a soft one none', () => {
  const interruptible = ['rebooting', 'reboot_pending', 'reboot_started', 'resuming', 'rebooting_hard'];
  for (const taskState of [...interruptible, 'unpausing', 'pausing', 'suspending']) {
    assert.equal(checkAction('rebootHard', instance({ taskState }), MEMBER), 'rebooting_hard');
    assert.ok(refusal('rebootSoft', instance({ taskState })) instanceof InstanceInvalidState);
  }
  for (const taskState of ['reboot_pending_hard', 'reboot_started_hard', 'powering-off', 'deleting']) {
    const error = refusal('rebootHard', instance({ taskState }));
    assert.ok(error instanceof InstanceInvalidState);
    assert.equal(error.message, `Cannot 'reboot' instance ${UUID} while it is in task_state ${taskState}`);
  }
});

test('the lock is checked before the states, the host before them for stop', () => {
  const lockedPaused = instance({ vmState: 'paused', locked: true });
  assert.ok(refusal('pause', lockedPaused) instanceof InstanceIsLocked);
  assert.ok(refusal('pause', lockedPaused, ADMIN) instanceof InstanceInvalidState);
  const hostlessStopped = instance({ vmState: 'stopped', host: null });
  assert.ok(refusal('stop', hostlessStopped) instanceof InstanceNotReady);
  // A resize checks the host after the states (upstream decorator order).
  assert.ok(refusal('resize', instance({ vmState: 'paused', host: null })) instanceof InstanceInvalidState);
});

test('delete takes any state and task; a soft delete needs a launched instance', () => {
  const building = instance({ vmState: 'building', taskState: 'scheduling', launchedAt: null, host: null });
  assert.equal(checkAction('delete', building, MEMBER), 'deleting');
  assert.equal(checkAction('forceDelete', building, MEMBER), 'deleting');
  const error = refusal('softDelete', building);
  assert.ok(error instanceof InstanceInvalidState);
  assert.equal(error.message, `Instance ${UUID} is in an invalid state for 'delete'`);
});
