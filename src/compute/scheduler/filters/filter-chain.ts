import type { HostState } from '../host-state.js';
import { isRebuild, type RequestSpec } from '../request-spec.js';
import type { HostFilter } from './host-filter.js';

/** Why one host was dropped. */
export interface Rejection {
  host: string;
  nodename: string;
  filter: string;
  reason: string;
}

/** The hosts left, with the story of how the others were dropped. */
export interface FilterOutcome {
  hosts: HostState[];
  /** Nova's summary lines, one per filter run: `ComputeFilter: (start: 3, end: 2)`. */
  results: string[];
  rejections: Rejection[];
}

/**
 * Runs the filters in order over the hosts, as Nova's filter handler: for instances after the
 * first (`index` > 0) the once-per-request filters are skipped, and it stops at the first filter
 * that leaves no host.
 */
export function runFilters(
  filters: readonly HostFilter[],
  hosts: HostState[],
  spec: RequestSpec,
  index: number,
): FilterOutcome {
  const results: string[] = [];
  const rejections: Rejection[] = [];
  let remaining = hosts;
  for (const filter of filters) {
    if (filter.runOncePerRequest && index > 0) continue;
    const start = remaining.length;
    if (!filter.runOnRebuild && isRebuild(spec)) {
      results.push(`${filter.name}: (start: ${start}, end: ${start})`);
      continue;
    }
    remaining = remaining.filter((host) => {
      let reason = 'did not pass';
      const passes = filter.hostPasses(host, spec, (why) => (reason = why));
      if (!passes) rejections.push({ host: host.host, nodename: host.nodename, filter: filter.name, reason });
      return passes;
    });
    results.push(`${filter.name}: (start: ${start}, end: ${remaining.length})`);
    if (remaining.length === 0) break;
  }
  return { hosts: remaining, results, rejections };
}
