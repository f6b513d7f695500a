import type { Kysely } from 'kysely';
import type { Bus } from '../../../common/bus/index.js';
import type { PlacementClient } from '../../../common/clients/placement-client.js';
import type { Logger } from '../../../common/logging.js';
import type { ComputeSchema } from '../../db/schema.js';
import type { FilterSchedulerSettings } from '../default-scheduler.js';

/** Nova's `[scheduler]` and `[filter_scheduler]` options the scheduler service reads. */
export interface SchedulerSettings extends FilterSchedulerSettings {
  /** `[scheduler] max_attempts`: the chosen host and up to this many minus one alternates. */
  maxAttempts: number;
  /** `[filter_scheduler] host_subset_size`: the pick is random among this many best hosts. */
  hostSubsetSize: number;
  shuffleBestSameWeighedHosts: boolean;
  /** `[scheduler] max_placement_results`: the `limit` of GET /allocation_candidates. */
  maxPlacementResults: number;
  /**
   * `[scheduler] query_placement_for_availability_zone`: ask placement for the requested zone's
   * aggregates (`member_of`). Nova's default is true because its aggregates API mirrors host
   * membership into placement aggregates; Stratus' does not (yet), so the default here is false
   * and the AvailabilityZoneFilter (always enabled) does the same job after placement.
   */
  queryPlacementForAvailabilityZone: boolean;
  /** `[workarounds] disable_fallback_pcpu_query`: no second query with VCPU for pinned CPUs. */
  disableFallbackPcpuQuery: boolean;
  /** `service_down_time`: seconds without a heartbeat before a compute service counts as down. */
  serviceDownTime: number;
  /** `report_interval`: seconds between the scheduler's own heartbeats; 0 for none. */
  reportInterval: number;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  maxAttempts: 3,
  hostSubsetSize: 1,
  shuffleBestSameWeighedHosts: false,
  maxPlacementResults: 1000,
  queryPlacementForAvailabilityZone: false,
  disableFallbackPcpuQuery: false,
  serviceDownTime: 60,
  reportInterval: 10,
};

/** What the scheduler service is built from. */
export interface SchedulerDeps {
  db: Kysely<ComputeSchema>;
  bus: Bus;
  /** Placement as compute's service user: candidates and claims. */
  placement: PlacementClient;
  logger: Logger;
  now: () => Date;
  /** The host name the scheduler registers its nova-scheduler service under. */
  host: string;
  settings?: Partial<SchedulerSettings>;
  /** The random source of host subsets and shuffles (Math.random by default); tests seed it. */
  random?: () => number;
}
