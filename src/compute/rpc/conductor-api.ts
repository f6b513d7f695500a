import type { RpcContext } from './context.js';
import type { Destination } from './compute-api.js';

/** The conductor's queue; any conductor of the deployment may take a message. */
export const CONDUCTOR_TOPIC = 'conductor';

/**
 * What the API and the agents ask of the conductor (Nova's ComputeTaskAPI). Every method is a
 * cast except where it says otherwise: the API has already answered the user, and the conductor
 * records failures on the instance (ERROR and a fault, or the action's event) itself.
 */
export interface ConductorMethods {
  /**
   * Schedules the servers of one create request (their rows, block device mappings and request
   * spec already written, in BUILD/scheduling), claims each one's resources in placement, checks
   * quota again, and casts `build_and_run_instance` to each chosen host with its alternates. No
   * valid host puts them in ERROR with that fault.
   */
  build_instances(args: { context: RpcContext; instanceUuids: string[]; adminPassword: string | null }): void;

  /**
   * A build failed on a host (whose claim the agent already gave back): try the next alternate,
   * claiming its allocation request, or put the server in ERROR with the failure once none is
   * left (Nova's reschedule with `host_list`).
   */
  reschedule_instance(args: {
    context: RpcContext;
    instanceUuid: string;
    alternates: Destination[];
    adminPassword: string | null;
    /** Why the last host failed, for the fault if no alternate is left. */
    reason: string;
  }): void;

  /**
   * Resize (a new flavor) or cold migration (the same flavor, `newFlavorId` null): schedules a
   * destination (the requested `host`, or any but the current one for a migration), makes the
   * migration record and claims, and casts `prep_resize` to the destination.
   */
  migrate_server(args: {
    context: RpcContext;
    instanceUuid: string;
    newFlavorId: string | null;
    host: string | null;
  }): void;

  /** Live migration: schedules (or checks the forced) destination and casts `live_migration` to the source. */
  live_migrate_instance(args: {
    context: RpcContext;
    instanceUuid: string;
    host: string | null;
    blockMigration: boolean;
  }): void;

  /** Evacuation from a host that is down: schedules a new host and casts `rebuild_instance` there. */
  evacuate_instance(args: {
    context: RpcContext;
    instanceUuid: string;
    host: string | null;
    adminPassword: string | null;
  }): void;

  /** Unshelve of a SHELVED_OFFLOADED server: schedules a host and casts `unshelve_instance` there. */
  unshelve_instance(args: {
    context: RpcContext;
    instanceUuid: string;
    availabilityZone: string | null;
    host: string | null;
  }): void;
}
