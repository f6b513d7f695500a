import { aggregateValuesOf } from '../filters/aggregate-metadata.js';
import type { HostState } from '../host-state.js';
import { pythonFloat } from '../python-float.js';

/**
 * A weigher's multiplier for one host: the smallest value of the `name` key in the host's
 * aggregates' metadata, else the configured one; a value that is not a number makes the
 * configured one apply (Nova's get_weight_multiplier).
 */
export function weightMultiplier(host: HostState, name: string, configured: number): number {
  const values = [...aggregateValuesOf(host, name)].map(pythonFloat);
  if (values.length === 0 || values.some((value) => value === undefined)) return configured;
  return Math.min(...(values as number[]));
}
