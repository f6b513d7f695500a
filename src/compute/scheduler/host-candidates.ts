import type { FilterOutcome } from './filters/filter-chain.js';
import { runFilters } from './filters/filter-chain.js';
import type { HostFilter } from './filters/host-filter.js';
import type { HostState } from './host-state.js';
import type { RequestSpec } from './request-spec.js';

function outcome(hosts: HostState[], result: string): FilterOutcome {
  return { hosts, results: [result], rejections: [] };
}

/**
 * The hosts a request may use, as Nova's HostManager.get_filtered_hosts: a requested destination
 * narrows to its host and/or node, then `ignore_hosts` drops hosts, `force_hosts`/`force_nodes`
 * keep only theirs (names of hosts compared without case), and forced hosts skip the filters
 * unless the request is a check of an existing placement (rebuild, resize).
 */
export function filterHosts(
  filters: readonly HostFilter[],
  hosts: HostState[],
  spec: RequestSpec,
  index: number,
): FilterOutcome {
  let candidates = hosts;
  const destination = spec.requestedDestination;
  if (destination) {
    candidates = candidates.filter(
      (host) =>
        (destination.host === null || host.host === destination.host) &&
        (!destination.node || host.nodename === destination.node),
    );
  }
  if (spec.ignoreHosts.length > 0) {
    const ignored = new Set(spec.ignoreHosts.map((name) => name.toLowerCase()));
    candidates = candidates.filter((host) => !ignored.has(host.host.toLowerCase()));
    if (candidates.length === 0)
      return outcome([], `Host filter ignoring hosts: ${spec.ignoreHosts.join(', ')}`);
  }
  if (spec.forceHosts.length > 0) {
    const forced = new Set(spec.forceHosts.map((name) => name.toLowerCase()));
    candidates = candidates.filter((host) => forced.has(host.host.toLowerCase()));
  }
  if (spec.forceNodes.length > 0) {
    const forced = new Set(spec.forceNodes);
    candidates = candidates.filter((host) => forced.has(host.nodename));
  }
  const forcing = spec.forceHosts.length > 0 || spec.forceNodes.length > 0;
  if (forcing && !spec.checkType) {
    const forced = [...spec.forceHosts, ...spec.forceNodes].join(', ');
    return outcome(candidates, `Host filter forcing available hosts to ${forced}`);
  }
  return runFilters(filters, candidates, spec, index);
}
