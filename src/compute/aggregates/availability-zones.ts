import type { ServiceRow } from '../services/service-registry.js';
import { AZ_KEY, type Aggregate } from './aggregates-repo.js';

/** `CONF.default_availability_zone` and `CONF.internal_service_availability_zone`. */
export const DEFAULT_ZONE = 'nova';
export const INTERNAL_ZONE = 'internal';

/** Each host's zone from its aggregates' metadata; the API refuses a host two different ones. */
export function hostZones(aggregates: Aggregate[]): Map<string, string> {
  const zones = new Map<string, string>();
  for (const aggregate of aggregates) {
    const zone = aggregate.metadata[AZ_KEY];
    if (zone === undefined) continue;
    for (const host of aggregate.hosts) if (!zones.has(host)) zones.set(host, zone);
  }
  return zones;
}

/** `set_availability_zones`: compute services by their host's aggregates, the rest internal. */
export function zoneOfService(service: ServiceRow, zones: Map<string, string>): string {
  if (service.binary !== 'nova-compute') return INTERNAL_ZONE;
  return zones.get(service.host) ?? DEFAULT_ZONE;
}

/**
 * `get_availability_zones`: a zone is available while an enabled service is in it, and listed
 * as not available when only disabled ones are. A zone without services is not listed at all.
 */
export function zonesByState(services: ServiceRow[], zones: Map<string, string>) {
  const available = new Set<string>();
  const disabledOnly = new Set<string>();
  for (const service of services) {
    (service.disabled === 1 ? disabledOnly : available).add(zoneOfService(service, zones));
  }
  for (const zone of available) disabledOnly.delete(zone);
  return { available: [...available].sort(), notAvailable: [...disabledOnly].sort() };
}
