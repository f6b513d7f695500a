import type { ComputeDeps } from '../deps.js';
import { COMPUTE_TOPIC, type ComputeMethods } from '../rpc/compute-api.js';
import type { RpcContext } from '../rpc/context.js';
import { RpcClient } from '../../common/bus/index.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { checkAction } from './actions.js';
import { InstanceAction, InstanceActionsRepo } from './instance-actions-repo.js';
import { InstanceRepo, type InstanceRow } from './instance-repo.js';
import { instanceStateOf } from './lookup.js';
import { networkServiceFor } from './network-service.js';
import { volumeServiceFor } from './volume-service.js';
import { TaskState } from './states.js';

/**
 * Nova's `compute_api.delete`: the lock is checked (admins pass), the server goes `deleting`,
 * and the compute agent of its host terminates it. A server that never reached a host, or whose
 * host's nova-compute is down or gone, is deleted here at once: its placement allocations freed
 * and its row marked deleted, as Nova's local delete does.
 */
export async function deleteServer(
  deps: ComputeDeps,
  instance: InstanceRow,
  context: RpcContext,
): Promise<void> {
  checkAction('delete', instanceStateOf(instance), { isAdmin: context.isAdmin });
  const repo = new InstanceRepo(deps.db, deps.now);
  const actions = new InstanceActionsRepo(deps.db, deps.now);
  const saved = await repo.save(instance.uuid, { task_state: TaskState.DELETING, progress: 0 });

  if (saved.host && (await hostIsUp(deps, saved.host))) {
    // A delete already under way is left to finish.
    if (instance.task_state === TaskState.DELETING || instance.task_state === TaskState.SOFT_DELETING) return;
    await actions.start({
      instanceUuid: instance.uuid,
      action: InstanceAction.DELETE,
      requestId: context.requestId,
      userId: context.userId,
      projectId: context.projectId,
    });
    await new RpcClient<ComputeMethods>(deps.bus, COMPUTE_TOPIC)
      .at(saved.host)
      .cast('terminate_instance', { context, instanceUuid: instance.uuid });
    return;
  }
  await localDelete(deps, saved, context);
}

async function hostIsUp(deps: ComputeDeps, host: string): Promise<boolean> {
  const registry = new ServiceRegistry(deps.db);
  const service = await registry.find(host, 'nova-compute');
  return service !== undefined && registry.isUp(service, deps.now());
}

/**
 * `_local_delete`: free the server's ports, its volumes and what placement holds for it, and mark
 * it deleted, as one action.
 */
async function localDelete(deps: ComputeDeps, instance: InstanceRow, context: RpcContext): Promise<void> {
  const uuid = instance.uuid;
  await new InstanceActionsRepo(deps.db, deps.now).start({
    instanceUuid: uuid,
    action: InstanceAction.DELETE,
    requestId: context.requestId,
    userId: context.userId,
    projectId: context.projectId,
  });
  try {
    await networkServiceFor(deps).deallocateForInstance(instance);
  } catch (error) {
    // As Nova: a failure to free the network does not stop the delete.
    deps.logger.warn({ err: error, instance: uuid }, 'could not free the ports of a deleted server');
  }
  await volumeServiceFor(deps).releaseVolumesOfDeleted(context, instance);
  try {
    await deps.placement.deleteAllocations(uuid, { force: true });
  } catch (error) {
    // As Nova: a failure to free allocations does not stop the delete.
    deps.logger.warn({ err: error, instance: uuid }, 'could not delete the allocations of a deleted server');
  }
  await new InstanceRepo(deps.db, deps.now).markDeleted(uuid, { progress: 0 });
  await deps.db
    .updateTable('instance_actions')
    .set({ finish_time: deps.now().toISOString() })
    .where('instance_uuid', '=', uuid)
    .where('request_id', '=', context.requestId)
    .execute();
}
