import type { FastifyRequest } from 'fastify';
import { Conflict, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import type { RpcContext } from '../rpc/context.js';
import { ACTION_RULES, checkAction, InstanceNotReady, type ServerAction } from './actions.js';
import { InstanceActionsRepo } from './instance-actions-repo.js';
import {
  InstanceNotFound,
  InstanceRepo,
  UnexpectedInstanceState,
  type ExpectedState,
  type InstanceChanges,
  type InstanceRow,
} from './instance-repo.js';
import { callerIsAdmin, instanceStateOf, rpcContextOf } from './lookup.js';
import type { TaskState } from './states.js';

/**
 * The checks Nova's compute API decorators make before an action (`check_instance_lock`,
 * `check_instance_host`, `check_instance_state`): 409 with Nova's message when the instance is
 * locked, has no host or is in a state the action refuses. Returns the task_state to set.
 */
export function checkServerAction(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  action: ServerAction,
): TaskState | null {
  return checkAction(action, instanceStateOf(instance), { isAdmin: callerIsAdmin(deps, request) });
}

export interface AcceptOptions {
  /** The name the action is recorded under (`InstanceAction`), e.g. `reboot`; none records nothing. */
  record: string | null;
  /** More columns to write with the task_state, in the same conditional update. */
  changes?: InstanceChanges;
  /**
   * The action goes to the instance's agent, so an instance on no host is not ready (409); checked
   * after the states, before anything is written.
   */
  needsHost?: boolean;
}

export interface AcceptedAction {
  /** The instance as saved, with its new task_state. */
  instance: InstanceRow;
  /** The context to send with the RPC that carries the action on. */
  context: RpcContext;
}

/**
 * The step every server action shares once its own checks pass: check the instance's state
 * against ACTION_RULES, set the action's task_state with a save that expects the states the rule
 * allows (so of two concurrent requests one gets the 409), and start the instance action under
 * the request's id. The caller then casts the RPC that does the work.
 */
export async function acceptServerAction(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  action: ServerAction,
  options: AcceptOptions,
): Promise<AcceptedAction> {
  const taskState = checkServerAction(deps, request, instance, action);
  if (options.needsHost && !instance.host) throw new InstanceNotReady(instance.uuid);
  const rule = ACTION_RULES[action];
  const changes: InstanceChanges = { ...options.changes };
  if (taskState !== null) changes.task_state = taskState;
  let saved = instance;
  if (Object.keys(changes).length > 0) {
    const expected: ExpectedState = {};
    if (rule.vmStates) expected.vmState = rule.vmStates;
    if (rule.taskStates) expected.taskState = rule.taskStates;
    saved = await saveExpecting(deps, request, instance, action, changes, expected);
  }
  const context = rpcContextOf(deps, request);
  if (options.record !== null) await startInstanceAction(deps, request, instance.uuid, options.record);
  return { instance: saved, context };
}

/** Records the request's instance action (`InstanceAction.action_start`) as the caller. */
export async function startInstanceAction(
  deps: ComputeDeps,
  request: FastifyRequest,
  instanceUuid: string,
  action: string,
): Promise<void> {
  await new InstanceActionsRepo(deps.db, deps.now).start({
    instanceUuid,
    action,
    requestId: request.id,
    userId: request.context.userId,
    projectId: request.context.projectId ?? '',
  });
}

/** `InstanceAction.finish()`: an action done entirely in the API (os-resetState) ends at once. */
export async function finishInstanceAction(
  deps: ComputeDeps,
  request: FastifyRequest,
  instanceUuid: string,
): Promise<void> {
  const stamp = deps.now().toISOString();
  await deps.db
    .updateTable('instance_actions')
    .set({ finish_time: stamp, updated_at: stamp })
    .where('instance_uuid', '=', instanceUuid)
    .where('request_id', '=', request.id)
    .execute();
}

/**
 * A conditional save; when another request moved the instance first, the action is checked again
 * against the state it found, so the caller gets the 409 it would have got a moment later.
 */
async function saveExpecting(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  action: ServerAction,
  changes: InstanceChanges,
  expected: ExpectedState,
): Promise<InstanceRow> {
  const repo = new InstanceRepo(deps.db, deps.now);
  try {
    return await repo.save(instance.uuid, changes, expected);
  } catch (error) {
    if (error instanceof InstanceNotFound) throw new NotFound(error.message);
    if (!(error instanceof UnexpectedInstanceState)) throw error;
    const current = await repo.find(instance.uuid);
    if (current) checkServerAction(deps, request, current, action);
    throw new Conflict(error.message);
  }
}
