/**
 * Nova's instance state model: the user-facing `vm_state` (nova/compute/vm_states.py), the
 * in-flight `task_state` (nova/compute/task_states.py) and the API `status` derived from both
 * (nova/api/openstack/common.py `_STATE_MAP`). The strings are wire values: they appear as
 * `OS-EXT-STS:vm_state` / `OS-EXT-STS:task_state` and in conflict messages.
 */
export { PowerState, powerStateNames } from '../virt/power-state.js';

export const VmState = {
  ACTIVE: 'active',
  BUILDING: 'building',
  PAUSED: 'paused',
  SUSPENDED: 'suspended',
  STOPPED: 'stopped',
  RESCUED: 'rescued',
  RESIZED: 'resized',
  SOFT_DELETED: 'soft-delete',
  DELETED: 'deleted',
  ERROR: 'error',
  SHELVED: 'shelved',
  SHELVED_OFFLOADED: 'shelved_offloaded',
} as const;

export type VmState = (typeof VmState)[keyof typeof VmState];

export const ALL_VM_STATES: readonly VmState[] = Object.values(VmState);

export const TaskState = {
  SCHEDULING: 'scheduling',
  BLOCK_DEVICE_MAPPING: 'block_device_mapping',
  NETWORKING: 'networking',
  SPAWNING: 'spawning',
  IMAGE_SNAPSHOT: 'image_snapshot',
  IMAGE_SNAPSHOT_PENDING: 'image_snapshot_pending',
  IMAGE_PENDING_UPLOAD: 'image_pending_upload',
  IMAGE_UPLOADING: 'image_uploading',
  IMAGE_BACKUP: 'image_backup',
  UPDATING_PASSWORD: 'updating_password',
  RESIZE_PREP: 'resize_prep',
  RESIZE_MIGRATING: 'resize_migrating',
  RESIZE_MIGRATED: 'resize_migrated',
  RESIZE_FINISH: 'resize_finish',
  RESIZE_REVERTING: 'resize_reverting',
  RESIZE_CONFIRMING: 'resize_confirming',
  REBOOTING: 'rebooting',
  REBOOT_PENDING: 'reboot_pending',
  REBOOT_STARTED: 'reboot_started',
  REBOOTING_HARD: 'rebooting_hard',
  REBOOT_PENDING_HARD: 'reboot_pending_hard',
  REBOOT_STARTED_HARD: 'reboot_started_hard',
  PAUSING: 'pausing',
  UNPAUSING: 'unpausing',
  SUSPENDING: 'suspending',
  RESUMING: 'resuming',
  POWERING_OFF: 'powering-off',
  POWERING_ON: 'powering-on',
  RESCUING: 'rescuing',
  UNRESCUING: 'unrescuing',
  REBUILDING: 'rebuilding',
  REBUILD_BLOCK_DEVICE_MAPPING: 'rebuild_block_device_mapping',
  REBUILD_SPAWNING: 'rebuild_spawning',
  MIGRATING: 'migrating',
  DELETING: 'deleting',
  SOFT_DELETING: 'soft-deleting',
  RESTORING: 'restoring',
  SHELVING: 'shelving',
  SHELVING_IMAGE_PENDING_UPLOAD: 'shelving_image_pending_upload',
  SHELVING_IMAGE_UPLOADING: 'shelving_image_uploading',
  SHELVING_OFFLOADING: 'shelving_offloading',
  UNSHELVING: 'unshelving',
} as const;

export type TaskState = (typeof TaskState)[keyof typeof TaskState];

export const ALL_TASK_STATES: readonly TaskState[] = Object.values(TaskState);

/** Task states a soft reboot is in flight in (`task_states.soft_reboot_states`). */
export const SOFT_REBOOT_TASK_STATES: readonly TaskState[] = [
  TaskState.REBOOTING,
  TaskState.REBOOT_PENDING,
  TaskState.REBOOT_STARTED,
];
/** Task states a hard reboot is in flight in (`task_states.hard_reboot_states`). */
export const HARD_REBOOT_TASK_STATES: readonly TaskState[] = [
  TaskState.REBOOTING_HARD,
  TaskState.REBOOT_PENDING_HARD,
  TaskState.REBOOT_STARTED_HARD,
];
/** Task states of a resize or cold migration before it waits for confirmation. */
export const RESIZING_TASK_STATES: readonly TaskState[] = [
  TaskState.RESIZE_PREP,
  TaskState.RESIZE_MIGRATING,
  TaskState.RESIZE_MIGRATED,
  TaskState.RESIZE_FINISH,
];
export const REBUILD_TASK_STATES: readonly TaskState[] = [
  TaskState.REBUILDING,
  TaskState.REBUILD_BLOCK_DEVICE_MAPPING,
  TaskState.REBUILD_SPAWNING,
];

/** The `status` values the compute API shows for a server. */
export const ServerStatus = {
  ACTIVE: 'ACTIVE',
  BUILD: 'BUILD',
  REBOOT: 'REBOOT',
  HARD_REBOOT: 'HARD_REBOOT',
  PASSWORD: 'PASSWORD',
  REBUILD: 'REBUILD',
  MIGRATING: 'MIGRATING',
  RESIZE: 'RESIZE',
  VERIFY_RESIZE: 'VERIFY_RESIZE',
  REVERT_RESIZE: 'REVERT_RESIZE',
  PAUSED: 'PAUSED',
  SUSPENDED: 'SUSPENDED',
  RESCUE: 'RESCUE',
  SHUTOFF: 'SHUTOFF',
  SHELVED: 'SHELVED',
  SHELVED_OFFLOADED: 'SHELVED_OFFLOADED',
  SOFT_DELETED: 'SOFT_DELETED',
  DELETED: 'DELETED',
  ERROR: 'ERROR',
  UNKNOWN: 'UNKNOWN',
} as const;

export type ServerStatus = (typeof ServerStatus)[keyof typeof ServerStatus];

interface StatusEntry {
  readonly default: ServerStatus;
  readonly byTask: Partial<Record<TaskState, ServerStatus>>;
}

function byTasks(tasks: readonly TaskState[], status: ServerStatus) {
  return Object.fromEntries(tasks.map((task) => [task, status])) as Partial<Record<TaskState, ServerStatus>>;
}

/**
 * Upstream's `_STATE_MAP`: each vm_state has a default status, overridden by some task states.
 * Unlisted pairs fall back to the vm_state's default, so e.g. an active server that is
 * pausing still shows ACTIVE and a resized one confirming shows VERIFY_RESIZE.
 */
const STATE_MAP: Record<VmState, StatusEntry> = {
  [VmState.ACTIVE]: {
    default: ServerStatus.ACTIVE,
    byTask: {
      ...byTasks(SOFT_REBOOT_TASK_STATES, ServerStatus.REBOOT),
      ...byTasks(HARD_REBOOT_TASK_STATES, ServerStatus.HARD_REBOOT),
      [TaskState.UPDATING_PASSWORD]: ServerStatus.PASSWORD,
      ...byTasks(REBUILD_TASK_STATES, ServerStatus.REBUILD),
      [TaskState.MIGRATING]: ServerStatus.MIGRATING,
      ...byTasks(RESIZING_TASK_STATES, ServerStatus.RESIZE),
    },
  },
  [VmState.BUILDING]: { default: ServerStatus.BUILD, byTask: {} },
  [VmState.STOPPED]: {
    default: ServerStatus.SHUTOFF,
    byTask: {
      ...byTasks(RESIZING_TASK_STATES, ServerStatus.RESIZE),
      ...byTasks(REBUILD_TASK_STATES, ServerStatus.REBUILD),
    },
  },
  [VmState.RESIZED]: {
    default: ServerStatus.VERIFY_RESIZE,
    byTask: { [TaskState.RESIZE_REVERTING]: ServerStatus.REVERT_RESIZE },
  },
  [VmState.PAUSED]: {
    default: ServerStatus.PAUSED,
    byTask: { [TaskState.MIGRATING]: ServerStatus.MIGRATING },
  },
  [VmState.SUSPENDED]: { default: ServerStatus.SUSPENDED, byTask: {} },
  [VmState.RESCUED]: { default: ServerStatus.RESCUE, byTask: {} },
  [VmState.ERROR]: {
    default: ServerStatus.ERROR,
    byTask: byTasks(REBUILD_TASK_STATES, ServerStatus.REBUILD),
  },
  [VmState.DELETED]: { default: ServerStatus.DELETED, byTask: {} },
  [VmState.SOFT_DELETED]: { default: ServerStatus.SOFT_DELETED, byTask: {} },
  [VmState.SHELVED]: { default: ServerStatus.SHELVED, byTask: {} },
  [VmState.SHELVED_OFFLOADED]: { default: ServerStatus.SHELVED_OFFLOADED, byTask: {} },
};

/**
 * The API `status` of a server (upstream `status_from_state`). A vm_state Nova does not know
 * (a corrupted row) gives UNKNOWN rather than an error, as upstream does.
 */
export function apiStatus(vmState: string, taskState: string | null): ServerStatus {
  const entry = isVmState(vmState) ? STATE_MAP[vmState] : undefined;
  if (!entry) return ServerStatus.UNKNOWN;
  if (taskState !== null && isTaskState(taskState)) {
    return entry.byTask[taskState] ?? entry.default;
  }
  return entry.default;
}

/** What a `status` filter on the server list selects (upstream `task_and_vm_state_from_status`). */
export interface StatusFilter {
  readonly vmStates: VmState[];
  /**
   * The task states to filter on too, or null when some matched status is a vm_state's default
   * (then upstream filters on vm_state alone).
   */
  readonly taskStates: TaskState[] | null;
}

/** The vm/task states whose status is one of `statuses` (case-insensitive), sorted as upstream. */
export function statesForStatuses(statuses: readonly string[]): StatusFilter {
  const wanted = new Set(statuses.map((status) => status.toLowerCase()));
  const vmStates = new Set<VmState>();
  const taskStates = new Set<TaskState>();
  let matchedDefault = false;
  for (const vmState of ALL_VM_STATES) {
    const entry = STATE_MAP[vmState];
    if (wanted.has(entry.default.toLowerCase())) {
      vmStates.add(vmState);
      matchedDefault = true;
    }
    for (const [task, status] of Object.entries(entry.byTask)) {
      if (wanted.has(status.toLowerCase())) {
        vmStates.add(vmState);
        taskStates.add(task as TaskState);
      }
    }
  }
  return {
    vmStates: [...vmStates].sort(),
    taskStates: matchedDefault ? null : [...taskStates].sort(),
  };
}

export function isVmState(value: string): value is VmState {
  return (ALL_VM_STATES as readonly string[]).includes(value);
}

export function isTaskState(value: string): value is TaskState {
  return (ALL_TASK_STATES as readonly string[]).includes(value);
}
