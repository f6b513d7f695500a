import type { Destination } from './compute-api.js';
import type { RpcContext } from './context.js';
import type { StoredRequestSpec } from './request-spec.js';

/** The scheduler's queue; any scheduler of the deployment may take a request. */
export const SCHEDULER_TOPIC = 'scheduler';

/**
 * The remote name of the error `select_destinations` answers when no host fits: the caller
 * sees a RemoteError with this `remoteName` and Nova's message, "No valid host was found. "
 * followed by the reason (empty when placement offered no candidate at all).
 */
export const NO_VALID_HOST = 'NoValidHost';

/** Where one instance goes, as Nova's list of Selections for it. */
export interface InstanceSelection {
  instanceUuid: string;
  /** The host chosen; its allocation request is already claimed for the instance in placement. */
  selection: Destination;
  /** Hosts to retry on should the build there fail, best first; nothing is claimed on them. */
  alternates: Destination[];
}

/**
 * One scheduling request: the stored spec of the server, with what a move sets on Nova's
 * RequestSpec for this request only (Nova never persists `ignore_hosts` nor
 * `requested_destination`).
 */
export interface SelectDestinationsArgs {
  context: RpcContext;
  spec: StoredRequestSpec;
  /** One destination is found (and claimed) for each, in order; one uuid for a move. */
  instanceUuids: string[];
  /** Hosts never chosen: the source of a migration, hosts already tried. */
  ignoreHosts?: string[];
  /** Replaces the spec's own requested destination when present (null: none). */
  requestedDestination?: { host: string; node: string | null } | null;
  /**
   * Nova's `_nova_check_type` hint. `rebuild` checks the server's current host with the filters
   * that apply to rebuilds and claims nothing in placement.
   */
  checkType?: 'rebuild' | null;
  /** Whether alternates are wanted (builds, cold migrations); up to `max_attempts - 1` of them. */
  returnAlternates: boolean;
}

/** What the conductor asks of the scheduler (Nova's SchedulerQueryClient). */
export interface SchedulerMethods {
  /**
   * A call: asks placement for allocation candidates, filters and weighs the hosts, and claims
   * the chosen host's allocation request for each instance (a claim that loses a race moves on
   * to the next host). When some instance finds no host, the claims made for the others are
   * removed and it throws NoValidHost ({@link NO_VALID_HOST}).
   */
  select_destinations(args: SelectDestinationsArgs): Promise<InstanceSelection[]>;
}
