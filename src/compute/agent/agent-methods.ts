import type { ComputeMethods } from '../rpc/compute-api.js';
import type { RpcContext } from '../rpc/context.js';

/**
 * What one compute agent asks of another beside the public contract: the destination's clean-up
 * after a failed live migration (Nova's `rollback_live_migration_at_destination`). Only agents
 * send it; it belongs in `ComputeMethods` once another component needs it.
 */
export interface AgentOnlyMethods {
  rollback_live_migration_at_destination(args: {
    context: RpcContext;
    instanceUuid: string;
    migrationUuid: string;
  }): void;
}

/** Everything an agent serves at `compute.<host>`. */
export type AgentMethods = ComputeMethods & AgentOnlyMethods;

/** The `args` of a method of the agent. */
export type ArgsOf<K extends keyof AgentMethods> = Parameters<AgentMethods[K]>[0];
