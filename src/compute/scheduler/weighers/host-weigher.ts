import type { HostState } from '../host-state.js';
import type { RequestSpec } from '../request-spec.js';

/** One weigher, as Nova's BaseHostWeigher: higher weights win. */
export interface HostWeigher {
  readonly name: string;
  /** Bounds the raw weights are clamped to, and normalized against in place of the list's own. */
  readonly minval?: number;
  readonly maxval?: number;
  /** The raw weight of one host. */
  weigh(host: HostState, spec: RequestSpec): number;
  /** How much this weigher counts for a host (configurable, overridable per aggregate). */
  multiplier(host: HostState): number;
}

/**
 * Values scaled to 0..1 between the lower and upper bound (the list's own unless given); all
 * equal gives all 0, as Nova's weights.normalize.
 */
export function normalize(values: number[], minval?: number, maxval?: number): number[] {
  if (values.length === 0) return [];
  const upper = maxval ?? Math.max(...values);
  const lower = minval ?? Math.min(...values);
  if (upper === lower) return values.map(() => 0);
  return values.map((value) => (value - lower) / (upper - lower));
}

export interface WeighedHost {
  host: HostState;
  weight: number;
}

/**
 * The hosts with their total weights, best first: for each weigher its raw weights are clamped,
 * normalized across the hosts, multiplied by its multiplier and added. A lone host weighs 0.
 * Ties keep the incoming order (the sort is stable, as Python's).
 */
export function weighHosts(
  weighers: readonly HostWeigher[],
  hosts: HostState[],
  spec: RequestSpec,
): WeighedHost[] {
  const weighed = hosts.map((host) => ({ host, weight: 0 }));
  if (weighed.length <= 1) return weighed;
  for (const weigher of weighers) {
    const raw = hosts.map((host) => {
      let weight = weigher.weigh(host, spec);
      if (weigher.minval !== undefined) weight = Math.max(weight, weigher.minval);
      if (weigher.maxval !== undefined) weight = Math.min(weight, weigher.maxval);
      return weight;
    });
    normalize(raw, weigher.minval, weigher.maxval).forEach((weight, i) => {
      weighed[i].weight += weigher.multiplier(weighed[i].host) * weight;
    });
  }
  return weighed.sort((a, b) => b.weight - a.weight);
}
