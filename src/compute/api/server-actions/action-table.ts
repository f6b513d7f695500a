import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../../common/http/errors.js';
import { RemoteError } from '../../../common/bus/index.js';
import type { ComputeDeps } from '../../deps.js';
import { InstanceNotReady } from '../../instances/actions.js';
import type { InstanceRow } from '../../instances/instance-repo.js';
import { loadServerForCaller } from '../../instances/lookup.js';
import { authorize } from '../../policies.js';
import { COMPUTE_TOPIC, type ComputeMethods } from '../../rpc/compute-api.js';
import { CONDUCTOR_TOPIC, type ConductorMethods } from '../../rpc/conductor-api.js';
import { RpcClient } from '../../../common/bus/index.js';
import { validateBody } from '../schemas/servers-validation.js';

/** A schema that holds from `min` to `max` (inclusive; either may be open), as Nova stacks them. */
export interface VersionedSchema {
  min?: string;
  max?: string;
  schema: object;
}

/** One request to `POST /servers/{id}/action`, as a handler sees it. */
export interface ActionCall {
  deps: ComputeDeps;
  request: FastifyRequest;
  /** The server id of the path. */
  serverId: string;
  /** The value under the action's key, e.g. `{"type": "HARD"}` of `{"reboot": {...}}`. */
  args: unknown;
}

/** What an action answers: Nova's status, and a body or headers for the few that have them. */
export interface ActionResult {
  status: 200 | 202 | 204;
  body?: object;
  headers?: Record<string, string>;
}

/**
 * One action of the action route (Nova's `@wsgi.action`): the microversions it exists in (outside
 * them it is a 404, as Nova's versioned methods), the schemas its body must match by
 * microversion, and its work.
 */
export interface ServerActionHandler {
  min?: string;
  max?: string;
  schemas?: VersionedSchema[];
  handle(call: ActionCall): Promise<ActionResult>;
}

export type ActionTable = Record<string, ServerActionHandler>;

export const ACCEPTED: ActionResult = { status: 202 };

/** Checks the action body against the schema of the request's microversion, if any. */
export function validateAction(handler: ServerActionHandler, request: FastifyRequest, body: unknown): void {
  const versioned = handler.schemas?.find(({ min, max }) => request.microversion.matches(min, max));
  if (versioned) validateBody(versioned.schema, body);
}

/** The policy target Nova passes: the server's project, and its user for some rules. */
export function targetOf(instance: InstanceRow, withUser = false): Record<string, unknown> {
  return withUser
    ? { user_id: instance.user_id, project_id: instance.project_id }
    : { project_id: instance.project_id };
}

/** `common.get_instance` then `context.can(policy, target)`, the prologue of most actions. */
export async function loadAndAuthorize(
  call: ActionCall,
  policy: string,
  withUser = false,
): Promise<InstanceRow> {
  const instance = await loadServerForCaller(call.deps, call.request, call.serverId);
  authorize(call.deps.policy, policy, targetOf(instance, withUser), call.request.context);
  return instance;
}

/** The cloud's public address, under which the compute URL ends in `/compute`. */
export function cloudUrl(deps: ComputeDeps): string {
  return deps.baseUrl.replace(/\/compute\/?$/, '');
}

/** The compute agent of `host` (`compute.<host>`). */
export function agentAt(deps: ComputeDeps, host: string): RpcClient<ComputeMethods> {
  return new RpcClient<ComputeMethods>(deps.bus, COMPUTE_TOPIC).at(host);
}

/** The agent of the instance's host; an instance on no host is not ready (409), as Nova. */
export function agentOf(deps: ComputeDeps, instance: InstanceRow): RpcClient<ComputeMethods> {
  if (!instance.host) throw new InstanceNotReady(instance.uuid);
  return agentAt(deps, instance.host);
}

/** Any conductor of the deployment. */
export function conductor(deps: ComputeDeps): RpcClient<ConductorMethods> {
  return new RpcClient<ConductorMethods>(deps.bus, CONDUCTOR_TOPIC);
}

/**
 * A failure of a call to an agent as the API answers it: an API error the agent raised (it
 * travels with its status) keeps its status and message; `names` maps other remote error names
 * to the API error Nova gives for them. Anything else is rethrown (a 500, as in Nova).
 */
export function fromRemote(error: unknown, names: Record<string, (message: string) => ApiError> = {}): never {
  if (error instanceof RemoteError) {
    const mapped = names[error.remoteName];
    if (mapped) throw mapped(error.message);
    const status = error.details.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      throw new ApiError(status, error.message);
  }
  throw error;
}
