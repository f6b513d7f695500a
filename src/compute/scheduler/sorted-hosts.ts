import { filterHosts } from './host-candidates.js';
import type { FilterOutcome } from './filters/filter-chain.js';
import type { HostFilter } from './filters/host-filter.js';
import type { HostState } from './host-state.js';
import type { RequestSpec } from './request-spec.js';
import { weighHosts, type HostWeigher } from './weighers/host-weigher.js';

export interface SortingOptions {
  filters: readonly HostFilter[];
  weighers: readonly HostWeigher[];
  /** Pick at random among this many best hosts (Nova's `host_subset_size`, at least 1). */
  hostSubsetSize: number;
  /** Shuffle the hosts that tie for the best weight (`shuffle_best_same_weighed_hosts`). */
  shuffleBestSameWeighedHosts: boolean;
  /** A number in [0, 1), as Math.random; tests pass a seeded one. */
  random: () => number;
  log: (message: string) => void;
}

/** Python's random.shuffle over an injected source. */
function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/**
 * The hosts that pass the filters, best first by weight, with the first one drawn at random
 * from the best `hostSubsetSize` (so similar requests do not all race for one host), as Nova's
 * _get_sorted_hosts. Empty when no host passes.
 */
export function sortedHosts(
  hosts: HostState[],
  spec: RequestSpec,
  index: number,
  options: SortingOptions,
): { hosts: HostState[]; filtering: FilterOutcome } {
  const filtering = filterHosts(options.filters, hosts, spec, index);
  for (const rejection of filtering.rejections) options.log(`${rejection.filter}: ${rejection.reason}`);
  if (filtering.hosts.length === 0) return { hosts: [], filtering };
  let weighed = weighHosts(options.weighers, filtering.hosts, spec);
  if (options.shuffleBestSameWeighedHosts) {
    const best = weighed.filter((entry) => entry.weight === weighed[0].weight);
    shuffle(best, options.random);
    weighed = [...best, ...weighed.slice(best.length)];
  }
  options.log(`Weighed ${weighed.map((entry) => `${entry.host.host}: ${entry.weight}`).join(', ')}`);
  const ordered = weighed.map((entry) => entry.host);
  const subset = ordered.slice(0, Math.max(1, options.hostSubsetSize));
  const chosen = subset[Math.floor(options.random() * subset.length)];
  return { hosts: [chosen, ...ordered.filter((host) => host !== chosen)], filtering };
}
