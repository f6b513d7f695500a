import { hostname } from 'node:os';
import type { FastifyRequest } from 'fastify';
import type { ComputeDeps } from '../../deps.js';
import { acceptServerAction } from '../../instances/accept-action.js';
import { InstanceAction, InstanceActionsRepo } from '../../instances/instance-actions-repo.js';
import { InstanceRepo, type InstanceChanges, type InstanceRow } from '../../instances/instance-repo.js';
import { authorize } from '../../policies.js';
import { ACCEPTED, loadAndAuthorize, targetOf, type ActionTable } from './action-table.js';
import { lockSchemaV273 } from './schemas.js';

/** Who a lock by this caller is by: the owner's project, or an admin from elsewhere. */
function lockerOf(request: FastifyRequest, instance: InstanceRow): 'owner' | 'admin' {
  return instance.project_id === request.context.projectId ? 'owner' : 'admin';
}

/**
 * Writes the lock columns as an action of the request with its `api_<action>` event, as Nova's
 * `wrap_instance_event(prefix='api')` records it (the host being the API's).
 */
async function writeLock(
  deps: ComputeDeps,
  request: FastifyRequest,
  instance: InstanceRow,
  action: 'lock' | 'unlock',
  changes: InstanceChanges,
): Promise<void> {
  await acceptServerAction(deps, request, instance, action, { record: action });
  const repo = new InstanceRepo(deps.db, deps.now);
  await new InstanceActionsRepo(deps.db, deps.now).recordEvent(
    instance.uuid,
    request.id,
    `api_${action}`,
    hostname(),
    () => repo.save(instance.uuid, changes),
  );
}

/**
 * lock (a reason from 2.73) and unlock. A lock is the owner's or an admin's: the owner locking
 * again changes nothing, and only an admin (`unlock:unlock_override`) lifts an admin's lock.
 */
export const lockActions: ActionTable = {
  lock: {
    schemas: [{ min: '2.73', schema: lockSchemaV273 }],
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-lock-server:lock', true);
      const args = call.args as { locked_reason?: string } | null;
      const reason = request.microversion.atLeast('2.73') && args ? (args.locked_reason ?? null) : null;
      const lockedBy = lockerOf(request, instance);
      if (instance.locked === 1 && lockedBy === 'owner') return ACCEPTED;
      await writeLock(deps, request, instance, 'lock', {
        locked: 1,
        locked_by: lockedBy,
        ...(reason ? { locked_reason: reason } : {}),
      });
      return ACCEPTED;
    },
  },
  unlock: {
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-lock-server:unlock');
      // `is_expected_locked_by`: a lock by the other kind of locker needs the override.
      if (instance.locked_by && instance.locked_by !== lockerOf(request, instance)) {
        authorize(
          deps.policy,
          'os_compute_api:os-lock-server:unlock:unlock_override',
          targetOf(instance),
          request.context,
        );
      }
      await writeLock(deps, request, instance, InstanceAction.UNLOCK, {
        locked: 0,
        locked_by: null,
        locked_reason: null,
      });
      return ACCEPTED;
    },
  },
};
