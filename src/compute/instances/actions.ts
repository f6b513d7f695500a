/**
 * Which server actions an instance accepts in which states, as Nova Zed's compute API declares
 * them (nova/compute/api.py `@check_instance_lock`, `@check_instance_host`,
 * `@check_instance_state(vm_state, task_state, must_have_launched)`), and the task_state each
 * action sets when it is accepted. Pure: the caller loads the instance and saves the new state.
 */
import { Conflict } from '../../common/http/errors.js';
import { TaskState, VmState } from './states.js';

/** A rule's task-state list: `null` in it means "no task in flight". */
type TaskStates = readonly (TaskState | null)[];

export interface ActionRule {
  /** The action's name in Nova's 409 messages (what its API controller passes). */
  readonly apiName: string;
  /** Allowed vm_states; null when the action does not check them. */
  readonly vmStates: readonly VmState[] | null;
  /** Allowed task_states; null when the action does not check them. */
  readonly taskStates: TaskStates | null;
  /** The instance must have booted once (`launched_at` set). */
  readonly mustHaveLaunched: boolean;
  /** A locked instance refuses the action unless the caller is an admin. */
  readonly checksLock: boolean;
  /**
   * Whether the instance must be on a host, and whether that is checked before or after the
   * states (the decorator order upstream decides which error a caller sees first).
   */
  readonly hostCheck: 'none' | 'before-state' | 'after-state';
  /** The task_state the action sets when accepted; null when it leaves it alone. */
  readonly setsTaskState: TaskState | null;
}

const NO_TASK: TaskStates = [null];
const { ACTIVE, PAUSED, SUSPENDED, STOPPED, RESCUED, RESIZED, ERROR, SHELVED } = VmState;
const { SOFT_DELETED, SHELVED_OFFLOADED } = VmState;

/** `task_states.ALLOW_REBOOT`: a hard reboot may interrupt these tasks. */
const ALLOW_HARD_REBOOT_TASKS: TaskStates = [
  null,
  TaskState.REBOOTING,
  TaskState.REBOOT_PENDING,
  TaskState.REBOOT_STARTED,
  TaskState.RESUMING,
  TaskState.REBOOTING_HARD,
  TaskState.UNPAUSING,
  TaskState.PAUSING,
  TaskState.SUSPENDING,
];
/** vm_states a volume may be attached or detached in. */
const VOLUME_VM_STATES = [ACTIVE, PAUSED, STOPPED, RESIZED, SOFT_DELETED, SHELVED, SHELVED_OFFLOADED];
const SNAPSHOT_VM_STATES = [ACTIVE, STOPPED, PAUSED, SUSPENDED];

function rule(apiName: string, fields: Partial<Omit<ActionRule, 'apiName'>>): ActionRule {
  return {
    apiName,
    vmStates: null,
    taskStates: NO_TASK,
    mustHaveLaunched: true,
    checksLock: true,
    hostCheck: 'none',
    setsTaskState: null,
    ...fields,
  };
}

/** An action with no state decorator at all upstream. */
function unchecked(apiName: string, checksLock: boolean): ActionRule {
  return rule(apiName, { taskStates: null, mustHaveLaunched: false, checksLock });
}

export const ACTION_RULES = {
  rebootSoft: rule('reboot', { vmStates: [ACTIVE], setsTaskState: TaskState.REBOOTING }),
  rebootHard: rule('reboot', {
    vmStates: [ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR],
    taskStates: ALLOW_HARD_REBOOT_TASKS,
    setsTaskState: TaskState.REBOOTING_HARD,
  }),
  stop: rule('stop', {
    vmStates: [ACTIVE, ERROR],
    hostCheck: 'before-state',
    setsTaskState: TaskState.POWERING_OFF,
  }),
  start: rule('start', {
    vmStates: [STOPPED],
    hostCheck: 'before-state',
    setsTaskState: TaskState.POWERING_ON,
  }),
  pause: rule('pause', { vmStates: [ACTIVE], setsTaskState: TaskState.PAUSING }),
  unpause: rule('unpause', { vmStates: [PAUSED], setsTaskState: TaskState.UNPAUSING }),
  suspend: rule('suspend', { vmStates: [ACTIVE], setsTaskState: TaskState.SUSPENDING }),
  resume: rule('resume', { vmStates: [SUSPENDED], setsTaskState: TaskState.RESUMING }),
  lock: unchecked('lock', false),
  unlock: unchecked('unlock', false),
  rescue: rule('rescue', {
    vmStates: [ACTIVE, STOPPED, ERROR],
    setsTaskState: TaskState.RESCUING,
  }),
  unrescue: rule('unrescue', { vmStates: [RESCUED], setsTaskState: TaskState.UNRESCUING }),
  // A resize also needs the host's compute service up; that is checked by the caller.
  resize: rule('resize', {
    vmStates: [ACTIVE, STOPPED],
    hostCheck: 'after-state',
    setsTaskState: TaskState.RESIZE_PREP,
  }),
  // Cold migration is a resize to the same flavor upstream, with the same checks.
  migrate: rule('migrate', {
    vmStates: [ACTIVE, STOPPED],
    hostCheck: 'after-state',
    setsTaskState: TaskState.RESIZE_PREP,
  }),
  confirmResize: rule('confirmResize', { vmStates: [RESIZED] }),
  revertResize: rule('revertResize', {
    vmStates: [RESIZED],
    setsTaskState: TaskState.RESIZE_REVERTING,
  }),
  rebuild: rule('rebuild', {
    vmStates: [ACTIVE, STOPPED, ERROR],
    setsTaskState: TaskState.REBUILDING,
  }),
  // Image-backed snapshots set this; volume-backed ones leave task_state alone upstream.
  createImage: rule('createImage', {
    vmStates: SNAPSHOT_VM_STATES,
    checksLock: false,
    setsTaskState: TaskState.IMAGE_SNAPSHOT_PENDING,
  }),
  createBackup: rule('createBackup', {
    vmStates: SNAPSHOT_VM_STATES,
    checksLock: false,
    setsTaskState: TaskState.IMAGE_BACKUP,
  }),
  shelve: rule('shelve', { vmStates: SNAPSHOT_VM_STATES, setsTaskState: TaskState.SHELVING }),
  shelveOffload: rule('shelveOffload', {
    vmStates: [SHELVED],
    setsTaskState: TaskState.SHELVING_OFFLOADING,
  }),
  unshelve: rule('unshelve', {
    vmStates: [SHELVED, SHELVED_OFFLOADED],
    setsTaskState: TaskState.UNSHELVING,
  }),
  liveMigrate: rule('os-migrateLive', {
    vmStates: [ACTIVE, PAUSED],
    setsTaskState: TaskState.MIGRATING,
  }),
  // Evacuation is for a dead host, so any task left over from it is no obstacle.
  evacuate: rule('evacuate', {
    vmStates: [ACTIVE, STOPPED, ERROR],
    taskStates: null,
    checksLock: false,
    setsTaskState: TaskState.REBUILDING,
  }),
  delete: rule('delete', {
    taskStates: null,
    mustHaveLaunched: false,
    setsTaskState: TaskState.DELETING,
  }),
  // DELETE with deferred deletion on; a never-launched server is refused and callers fall back
  // to `delete`, as upstream's controller does.
  softDelete: rule('delete', { taskStates: null, setsTaskState: TaskState.SOFT_DELETING }),
  forceDelete: rule('forceDelete', {
    taskStates: null,
    mustHaveLaunched: false,
    setsTaskState: TaskState.DELETING,
  }),
  // Upstream skips `restoring` and goes straight to active when the instance has no host.
  restore: rule('restore', { vmStates: [SOFT_DELETED], setsTaskState: TaskState.RESTORING }),
  // os-resetState sets vm_state from the request and clears task_state, from any state.
  resetState: unchecked('os-resetState', false),
  addSecurityGroup: unchecked('addSecurityGroup', false),
  removeSecurityGroup: unchecked('removeSecurityGroup', false),
  getConsoleOutput: rule('os-getConsoleOutput', {
    taskStates: null,
    mustHaveLaunched: false,
    checksLock: false,
    hostCheck: 'before-state',
  }),
  changePassword: rule('changePassword', {
    vmStates: [ACTIVE],
    setsTaskState: TaskState.UPDATING_PASSWORD,
  }),
  triggerCrashDump: rule('trigger_crash_dump', {
    vmStates: [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR],
    hostCheck: 'before-state',
  }),
  attachVolume: rule('attach_volume', { vmStates: VOLUME_VM_STATES }),
  detachVolume: rule('detach_volume', { vmStates: VOLUME_VM_STATES }),
  attachInterface: rule('attach_interface', { vmStates: [ACTIVE, PAUSED, STOPPED] }),
  detachInterface: rule('detach_interface', { vmStates: [ACTIVE, PAUSED, STOPPED] }),
  updateMetadata: rule('update metadata', {
    vmStates: [ACTIVE, PAUSED, SUSPENDED, STOPPED],
    taskStates: null,
  }),
  deleteMetadata: rule('delete metadata', {
    vmStates: [ACTIVE, PAUSED, SUSPENDED, STOPPED],
    taskStates: null,
  }),
} as const satisfies Record<string, ActionRule>;

export type ServerAction = keyof typeof ACTION_RULES;

export const ALL_SERVER_ACTIONS = Object.keys(ACTION_RULES) as ServerAction[];

/** The fields of an instance the checks read. */
export interface InstanceStateView {
  readonly uuid: string;
  readonly vmState: string;
  readonly taskState: string | null;
  readonly launchedAt: string | null;
  readonly locked: boolean;
  readonly host: string | null;
}

export interface ActionCaller {
  /** Admins act on locked instances (upstream `context.is_admin`). */
  readonly isAdmin: boolean;
}

export type InvalidStateAttr = 'vm_state' | 'task_state' | 'launched_at' | 'power state';

/**
 * The instance is in a state the action does not accept (409). The message is the one Nova's
 * API shows; like upstream, it falls back to a generic sentence when the offending state is
 * null (a task the action needs is not running, or the instance never launched).
 */
export class InstanceInvalidState extends Conflict {
  constructor(
    readonly instanceUuid: string,
    readonly action: string,
    readonly attr: InvalidStateAttr,
    readonly state: string | null,
  ) {
    super(
      state === null
        ? `Instance ${instanceUuid} is in an invalid state for '${action}'`
        : `Cannot '${action}' instance ${instanceUuid} while it is in ${attr} ${state}`,
    );
  }
}

/** The instance is locked and the caller is not an admin (409). */
export class InstanceIsLocked extends Conflict {
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is locked`);
  }
}

/** The instance has no host yet, so host-bound actions cannot reach it (409). */
export class InstanceNotReady extends Conflict {
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is not ready`);
  }
}

/**
 * Checks `action` against the instance in upstream's order (lock, then host and states as the
 * action's decorators are stacked) and returns the task_state to set. Throws
 * InstanceIsLocked, InstanceNotReady or InstanceInvalidState.
 */
export function checkAction(
  action: ServerAction,
  instance: InstanceStateView,
  caller: ActionCaller,
): TaskState | null {
  const actionRule: ActionRule = ACTION_RULES[action];
  if (actionRule.checksLock && instance.locked && !caller.isAdmin) {
    throw new InstanceIsLocked(instance.uuid);
  }
  if (actionRule.hostCheck === 'before-state') requireHost(instance);
  checkStates(actionRule, instance);
  if (actionRule.hostCheck === 'after-state') requireHost(instance);
  return actionRule.setsTaskState;
}

function requireHost(instance: InstanceStateView): void {
  if (!instance.host) throw new InstanceNotReady(instance.uuid);
}

function checkStates(actionRule: ActionRule, instance: InstanceStateView): void {
  const { apiName, vmStates, taskStates, mustHaveLaunched } = actionRule;
  if (vmStates !== null && !(vmStates as readonly string[]).includes(instance.vmState)) {
    throw new InstanceInvalidState(instance.uuid, apiName, 'vm_state', instance.vmState);
  }
  if (taskStates !== null && !(taskStates as readonly (string | null)[]).includes(instance.taskState)) {
    throw new InstanceInvalidState(instance.uuid, apiName, 'task_state', instance.taskState);
  }
  if (mustHaveLaunched && !instance.launchedAt) {
    throw new InstanceInvalidState(instance.uuid, apiName, 'launched_at', null);
  }
}
