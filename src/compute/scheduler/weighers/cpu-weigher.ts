import type { HostWeigher } from './host-weigher.js';
import { weightMultiplier } from './weight-multiplier.js';

/**
 * Spreads by free vCPUs (total times the allocation ratio, less those used): more wins; a
 * negative multiplier stacks instead.
 */
export function cpuWeigher(options: { multiplier?: number } = {}): HostWeigher {
  const configured = options.multiplier ?? 1.0;
  return {
    name: 'CPUWeigher',
    minval: 0,
    weigh: (host) => host.vcpusTotal * host.cpuAllocationRatio - host.vcpusUsed,
    multiplier: (host) => weightMultiplier(host, 'cpu_weight_multiplier', configured),
  };
}
