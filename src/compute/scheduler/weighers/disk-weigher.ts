import type { HostWeigher } from './host-weigher.js';
import { weightMultiplier } from './weight-multiplier.js';

/** Spreads by free disk: more free disk wins; a negative multiplier stacks instead. */
export function diskWeigher(options: { multiplier?: number } = {}): HostWeigher {
  const configured = options.multiplier ?? 1.0;
  return {
    name: 'DiskWeigher',
    minval: 0,
    weigh: (host) => host.freeDiskMb,
    multiplier: (host) => weightMultiplier(host, 'disk_weight_multiplier', configured),
  };
}
