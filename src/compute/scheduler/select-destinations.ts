import type { AllocationRequest, HostCandidate } from './allocation-candidates.js';
import { consumeFromRequest } from './consume-from-request.js';
import type { FilterOutcome } from './filters/filter-chain.js';
import type { HostFilter } from './filters/host-filter.js';
import { copyHostState, type HostState } from './host-state.js';
import { NOT_ENOUGH_HOSTS, NoValidHost } from './no-valid-host.js';
import type { RequestSpec } from './request-spec.js';
import { sortedHosts, type SortingOptions } from './sorted-hosts.js';
import type { HostWeigher } from './weighers/host-weigher.js';

/** One host an instance may be built on, with what to claim for it in placement. */
export interface Selection {
  host: string;
  nodename: string;
  /** The uuid of the node's resource provider. */
  providerUuid: string;
  /** The first of placement's allocation requests that uses the provider. */
  allocationRequest: AllocationRequest;
}

/** Where one instance goes, and where to retry should its build there fail. */
export interface InstanceDestination {
  instanceUuid: string;
  selection: Selection;
  /** Up to `maxAttempts - 1` other hosts, best first, never a host chosen for the request. */
  alternates: Selection[];
}

export interface SchedulerOptions {
  filters: readonly HostFilter[];
  weighers: readonly HostWeigher[];
  /** Default 1: always the best host. */
  hostSubsetSize?: number;
  /** Default 3: the selected host and two alternates (Nova's `[scheduler] max_attempts`). */
  maxAttempts?: number;
  /** Default false. */
  shuffleBestSameWeighedHosts?: boolean;
  /** Default Math.random. */
  random?: () => number;
  /** Debug lines: why hosts failed filters, the weights. */
  log?: (message: string) => void;
}

/** The request's own copy, so the group's hosts grow without touching the caller's spec. */
function copySpec(spec: RequestSpec): RequestSpec {
  const group = spec.instanceGroup;
  return {
    ...spec,
    instanceGroup: group && { ...group, members: [...group.members], hosts: [...group.hosts] },
  };
}

/**
 * Chooses a host for each instance of the request, as Nova's FilterScheduler: only hosts with
 * an allocation candidate count; for each instance the hosts left are filtered and weighed
 * again and the chosen one takes the instance's resources (and group membership) before the
 * next pick. Claiming the selections in placement is the caller's job. Throws NoValidHost when
 * placement offered nothing or some instance found no host. Inputs are not changed.
 */
export function selectDestinations(
  hosts: HostState[],
  spec: RequestSpec,
  candidates: HostCandidate[],
  options: SchedulerOptions,
): InstanceDestination[] {
  if (candidates.length === 0) throw new NoValidHost('');
  const requestsByProvider = new Map<string, AllocationRequest>();
  for (const candidate of candidates) {
    if (!requestsByProvider.has(candidate.providerUuid))
      requestsByProvider.set(candidate.providerUuid, candidate.allocationRequest);
  }
  const sorting: SortingOptions = {
    filters: options.filters,
    weighers: options.weighers,
    hostSubsetSize: options.hostSubsetSize ?? 1,
    shuffleBestSameWeighedHosts: options.shuffleBestSameWeighedHosts ?? false,
    random: options.random ?? Math.random,
    log: options.log ?? (() => {}),
  };
  const request = copySpec(spec);
  let remaining = hosts.filter((host) => requestsByProvider.has(host.uuid)).map(copyHostState);
  const chosen: HostState[] = [];
  let lastFiltering: FilterOutcome | undefined;
  let index = 0;
  for (const [i, instanceUuid] of request.instanceUuids.entries()) {
    index = i;
    request.instanceUuid = instanceUuid;
    const sorted = sortedHosts(remaining, request, i, sorting);
    remaining = sorted.hosts;
    lastFiltering = sorted.filtering;
    if (remaining.length === 0) break;
    chosen.push(remaining[0]);
    consumeFromRequest(remaining[0], request, instanceUuid);
  }
  if (chosen.length < request.instanceUuids.length) {
    sorting.log(
      `There are ${chosen.length} hosts available but ${request.instanceUuids.length} instances requested to build.`,
    );
    throw new NoValidHost(NOT_ENOUGH_HOSTS, lastFiltering?.results, lastFiltering?.rejections);
  }

  const alternatesWanted = (options.maxAttempts ?? 3) - 1;
  // The picks changed the hosts: sort again for alternates that reflect it.
  if (index > 0 && alternatesWanted > 0) remaining = sortedHosts(remaining, request, index, sorting).hosts;
  const selectionOf = (host: HostState): Selection => ({
    host: host.host,
    nodename: host.nodename,
    providerUuid: host.uuid,
    allocationRequest: requestsByProvider.get(host.uuid)!,
  });
  const alternates = remaining
    .filter((host) => !chosen.includes(host))
    .slice(0, Math.max(0, alternatesWanted));
  return chosen.map((host, i) => ({
    instanceUuid: request.instanceUuids[i],
    selection: selectionOf(host),
    alternates: alternates.map(selectionOf),
  }));
}
