import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALL_TASK_STATES,
  ALL_VM_STATES,
  apiStatus,
  PowerState,
  statesForStatuses,
} from '../../../../src/compute/instances/states.js';

/** Upstream's `_STATE_MAP` (nova/api/openstack/common.py, Zed), transcribed by hand. */
const UPSTREAM_STATE_MAP: Record<string, Record<string, string>> = {
  active: {
    default: 'ACTIVE',
    rebooting: 'REBOOT',
    reboot_pending: 'REBOOT',
    reboot_started: 'REBOOT',
    rebooting_hard: 'HARD_REBOOT',
    reboot_pending_hard: 'HARD_REBOOT',
    reboot_started_hard: 'HARD_REBOOT',
    updating_password: 'PASSWORD',
    rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD',
    rebuild_spawning: 'REBUILD',
    migrating: 'MIGRATING',
    resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE',
    resize_migrated: 'RESIZE',
    resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE',
    resize_migrated: 'RESIZE',
    resize_finish: 'RESIZE',
    rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD',
    rebuild_spawning: 'REBUILD',
  },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: {
    default: 'ERROR',
    rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD',
    rebuild_spawning: 'REBUILD',
  },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

test('the state sets hold exactly the values Nova stores', () => {
  assert.deepEqual([...ALL_VM_STATES].sort(), Object.keys(UPSTREAM_STATE_MAP).sort());
  assert.equal(ALL_TASK_STATES.length, 42);
  for (const task of ['powering-off', 'powering-on', 'soft-deleting', 'image_backup']) {
    assert.ok((ALL_TASK_STATES as readonly string[]).includes(task), task);
  }
  assert.deepEqual(PowerState, {
    NOSTATE: 0,
    RUNNING: 1,
    PAUSED: 3,
    SHUTDOWN: 4,
    CRASHED: 6,
    SUSPENDED: 7,
  });
});

for (const vmState of Object.keys(UPSTREAM_STATE_MAP)) {
  test(`status of vm_state ${vmState} for no task and every task state`, () => {
    const entry = UPSTREAM_STATE_MAP[vmState]!;
    assert.equal(apiStatus(vmState, null), entry.default);
    for (const task of ALL_TASK_STATES) {
      assert.equal(apiStatus(vmState, task), entry[task] ?? entry.default, `${vmState}/${task}`);
    }
  });
}

test('an unknown vm_state shows UNKNOWN, an unknown task state the default', () => {
  assert.equal(apiStatus('bogus', null), 'UNKNOWN');
  assert.equal(apiStatus('bogus', 'rebooting'), 'UNKNOWN');
  assert.equal(apiStatus('active', 'bogus'), 'ACTIVE');
});

test('a status filter selects the states upstream searches for', () => {
  // Only task-specific statuses: filter on both vm_state and task_state.
  assert.deepEqual(statesForStatuses(['reboot']), {
    vmStates: ['active'],
    taskStates: ['reboot_pending', 'reboot_started', 'rebooting'],
  });
  assert.deepEqual(statesForStatuses(['MIGRATING']), {
    vmStates: ['active', 'paused'],
    taskStates: ['migrating'],
  });
  // A vm_state default matched: upstream filters on vm_state alone.
  assert.deepEqual(statesForStatuses(['ACTIVE']), { vmStates: ['active'], taskStates: null });
  assert.deepEqual(statesForStatuses(['shutoff', 'resize']), {
    vmStates: ['active', 'stopped'],
    taskStates: null,
  });
  assert.deepEqual(statesForStatuses(['nonsense']), { vmStates: [], taskStates: [] });
});
