import { aggregateInstanceExtraSpecsFilter } from './filters/aggregate-instance-extra-specs-filter.js';
import { availabilityZoneFilter } from './filters/availability-zone-filter.js';
import { computeFilter } from './filters/compute-filter.js';
import { differentHostFilter } from './filters/different-host-filter.js';
import type { HostFilter } from './filters/host-filter.js';
import { imagePropertiesFilter } from './filters/image-properties-filter.js';
import { sameHostFilter } from './filters/same-host-filter.js';
import { serverGroupAffinityFilter } from './filters/server-group-affinity-filter.js';
import { serverGroupAntiAffinityFilter } from './filters/server-group-anti-affinity-filter.js';
import { buildFailureWeigher } from './weighers/build-failure-weigher.js';
import { cpuWeigher } from './weighers/cpu-weigher.js';
import { diskWeigher } from './weighers/disk-weigher.js';
import type { HostWeigher } from './weighers/host-weigher.js';
import { ramWeigher } from './weighers/ram-weigher.js';
import { serverGroupSoftAffinityWeigher } from './weighers/server-group-soft-affinity-weigher.js';
import { serverGroupSoftAntiAffinityWeigher } from './weighers/server-group-soft-anti-affinity-weigher.js';

/** Nova's `[filter_scheduler]` settings the filters and weighers read; Nova's defaults apply. */
export interface FilterSchedulerSettings {
  defaultAvailabilityZone?: string;
  imagePropertiesDefaultArchitecture?: string | null;
  ramWeightMultiplier?: number;
  cpuWeightMultiplier?: number;
  diskWeightMultiplier?: number;
  buildFailureWeightMultiplier?: number;
  softAffinityWeightMultiplier?: number;
  softAntiAffinityWeightMultiplier?: number;
}

/**
 * The filters Stratus enables: Nova's defaults without ComputeCapabilitiesFilter, plus the ones
 * Tempest's compute tests expect (availability zones, same/different host, aggregate extra
 * specs). Cheap checks first; the order only changes which filter the logs blame.
 */
export function defaultFilters(settings: FilterSchedulerSettings = {}): HostFilter[] {
  return [
    computeFilter,
    availabilityZoneFilter({ defaultAvailabilityZone: settings.defaultAvailabilityZone }),
    imagePropertiesFilter({ defaultArchitecture: settings.imagePropertiesDefaultArchitecture }),
    serverGroupAntiAffinityFilter,
    serverGroupAffinityFilter,
    sameHostFilter,
    differentHostFilter,
    aggregateInstanceExtraSpecsFilter,
  ];
}

/** Every weigher, each with its configured multiplier. */
export function defaultWeighers(settings: FilterSchedulerSettings = {}): HostWeigher[] {
  return [
    ramWeigher({ multiplier: settings.ramWeightMultiplier }),
    cpuWeigher({ multiplier: settings.cpuWeightMultiplier }),
    diskWeigher({ multiplier: settings.diskWeightMultiplier }),
    buildFailureWeigher({ multiplier: settings.buildFailureWeightMultiplier }),
    serverGroupSoftAffinityWeigher({ multiplier: settings.softAffinityWeightMultiplier }),
    serverGroupSoftAntiAffinityWeigher({ multiplier: settings.softAntiAffinityWeightMultiplier }),
  ];
}
