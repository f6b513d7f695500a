import type { HostWeigher } from './host-weigher.js';
import { weightMultiplier } from './weight-multiplier.js';

/** Spreads by free RAM: more free memory wins; a negative multiplier stacks instead. */
export function ramWeigher(options: { multiplier?: number } = {}): HostWeigher {
  const configured = options.multiplier ?? 1.0;
  return {
    name: 'RAMWeigher',
    minval: 0,
    weigh: (host) => host.freeRamMb,
    multiplier: (host) => weightMultiplier(host, 'ram_weight_multiplier', configured),
  };
}
