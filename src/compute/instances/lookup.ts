import type { FastifyRequest } from 'fastify';
import { NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import type { RpcContext } from '../rpc/context.js';
import type { InstanceStateView } from './actions.js';
import { InstanceRepo, type InstanceRow } from './instance-repo.js';

/** Whether the caller passes Nova's `is_admin` check (`context_is_admin`): admins see every project. */
export function callerIsAdmin(deps: ComputeDeps, request: FastifyRequest): boolean {
  return deps.policy.check('context_is_admin', {}, request.context);
}

/**
 * The live server `id` as the caller may see it (Nova's `common.get_instance`): a server that
 * does not exist, is deleted, or belongs to another project (for a non-admin, as Nova's
 * project-only query) is a 404 "Instance <id> could not be found.".
 */
export async function loadServerForCaller(
  deps: ComputeDeps,
  request: FastifyRequest,
  id: string,
): Promise<InstanceRow> {
  const row = await new InstanceRepo(deps.db, deps.now).find(id);
  if (!row || (!callerIsAdmin(deps, request) && row.project_id !== request.context.projectId)) {
    throw new NotFound(`Instance ${id} could not be found.`);
  }
  return row;
}

/** Who asks, as it travels on the bus with every message of the request (Nova's context). */
export function rpcContextOf(deps: ComputeDeps, request: FastifyRequest): RpcContext {
  const { userId, projectId, roles, token } = request.context;
  return {
    requestId: request.id,
    userId,
    projectId: projectId ?? '',
    roles,
    isAdmin: callerIsAdmin(deps, request),
    authToken: token,
  };
}

/** The fields of an instance the action checks read (`checkAction`). */
export function instanceStateOf(row: InstanceRow): InstanceStateView {
  return {
    uuid: row.uuid,
    vmState: row.vm_state,
    taskState: row.task_state,
    launchedAt: row.launched_at,
    locked: row.locked === 1,
    host: row.host,
  };
}
