import { describeHost } from '../host-state.js';
import { aggregateMetadataOf } from './aggregate-metadata.js';
import type { HostFilter } from './host-filter.js';

export interface AvailabilityZoneFilterOptions {
  /** The zone of hosts in no zoned aggregate (Nova's `default_availability_zone`). */
  defaultAvailabilityZone?: string;
}

/**
 * Hosts in the requested availability zone, which is the `availability_zone` metadata of their
 * aggregates, or the default zone for hosts in none (Nova's AvailabilityZoneFilter, Zed).
 */
export function availabilityZoneFilter(options: AvailabilityZoneFilterOptions = {}): HostFilter {
  const defaultZone = options.defaultAvailabilityZone ?? 'nova';
  return {
    name: 'AvailabilityZoneFilter',
    runOncePerRequest: true,
    runOnRebuild: false,
    hostPasses(host, spec, note) {
      const requested = spec.availabilityZone;
      if (!requested) return true;
      const zones =
        aggregateMetadataOf(host, 'availability_zone').get('availability_zone') ?? new Set([defaultZone]);
      if (zones.has(requested)) return true;
      note(
        `Availability Zone '${requested}' requested. ${describeHost(host)} has AZs: ${[...zones].join(', ')}`,
      );
      return false;
    },
  };
}
