import type { HostWeigher } from './host-weigher.js';
import { weightMultiplier } from './weight-multiplier.js';

/**
 * Keeps builds away from hosts where builds fail lately: the weight is the count of failed
 * builds and the multiplier is negated, so with the default of 1000000 any failure outweighs
 * every resource weigher.
 */
export function buildFailureWeigher(options: { multiplier?: number } = {}): HostWeigher {
  const configured = options.multiplier ?? 1000000.0;
  return {
    name: 'BuildFailureWeigher',
    weigh: (host) => host.failedBuilds,
    multiplier: (host) => -1 * weightMultiplier(host, 'build_failure_weight_multiplier', configured),
  };
}
