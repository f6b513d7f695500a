import { acceptServerAction, checkServerAction, startInstanceAction } from '../../instances/accept-action.js';
import { deleteServer } from '../../instances/delete-server.js';
import { InstanceAction } from '../../instances/instance-actions-repo.js';
import { flavorOf, InstanceRepo } from '../../instances/instance-repo.js';
import { rpcContextOf } from '../../instances/lookup.js';
import { VmState } from '../../instances/states.js';
import { computeQuotas } from '../../quotas/compute-quotas.js';
import { ACCEPTED, agentOf, loadAndAuthorize, type ActionTable } from './action-table.js';

/**
 * restore and forceDelete, of deferred deletion. Stratus runs with Nova's default
 * `reclaim_instance_interval` of 0, so DELETE never leaves a server SOFT_DELETED and restore is
 * a 409 for every server; both actions still work on a soft-deleted one as Nova's do.
 */
export const deferredDeleteActions: ActionTable = {
  restore: {
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-deferred-delete:restore');
      checkServerAction(deps, request, instance, 'restore');
      const flavor = flavorOf(instance);
      await computeQuotas(deps).checkQuota(instance.project_id, instance.user_id, {
        instances: 1,
        cores: flavor.vcpus,
        ram: flavor.memoryMb,
      });
      if (instance.host) {
        const accepted = await acceptServerAction(deps, request, instance, 'restore', {
          record: InstanceAction.RESTORE,
          changes: { deleted_at: null },
        });
        await agentOf(deps, accepted.instance).cast('restore_instance', {
          context: accepted.context,
          instanceUuid: instance.uuid,
        });
        return ACCEPTED;
      }
      // A server on no host has nothing to power on: it is simply active again.
      await startInstanceAction(deps, request, instance.uuid, InstanceAction.RESTORE);
      await new InstanceRepo(deps.db, deps.now).save(
        instance.uuid,
        { vm_state: VmState.ACTIVE, task_state: null, deleted_at: null },
        { taskState: [null], vmState: [VmState.SOFT_DELETED] },
      );
      return ACCEPTED;
    },
  },
  forceDelete: {
    async handle(call) {
      const { deps, request } = call;
      const instance = await loadAndAuthorize(call, 'os_compute_api:os-deferred-delete:force', true);
      checkServerAction(deps, request, instance, 'forceDelete');
      // The same `_delete` as DELETE /servers/{id}, which checks the lock again (the same check).
      await deleteServer(deps, instance, rpcContextOf(deps, request));
      return ACCEPTED;
    },
  },
};
