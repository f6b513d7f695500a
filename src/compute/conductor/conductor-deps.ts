import type { Kysely } from 'kysely';
import type { Bus } from '../../common/bus/index.js';
import type { PlacementClient } from '../../common/clients/placement-client.js';
import type { Logger } from '../../common/logging.js';
import type { ComputeSchema } from '../db/schema.js';
import type { ComputeSettings } from '../deps.js';
import type { QuotaEngine } from '../quotas/quota-engine.js';

/** Nova's options the conductor reads, with Nova's defaults. */
export interface ConductorSettings {
  /**
   * Seconds to wait for the scheduler's answer (Nova's `long_rpc_timeout`, which its conductor
   * uses for select_destinations: a large multi-create takes a while).
   */
  schedulerTimeout: number;
  /** `service_down_time`: a compute service without a heartbeat for longer is down. */
  serviceDownTime: number;
  /** `report_interval`: seconds between the conductor's own heartbeats; 0 for none. */
  reportInterval: number;
  /** `default_availability_zone`: the zone of hosts in no zoned aggregate. */
  defaultAvailabilityZone: string;
}

export const DEFAULT_CONDUCTOR_SETTINGS: ConductorSettings = {
  schedulerTimeout: 1800,
  serviceDownTime: 60,
  reportInterval: 10,
  defaultAvailabilityZone: 'nova',
};

/** What the conductor service is built from. */
export interface ConductorDeps {
  db: Kysely<ComputeSchema>;
  bus: Bus;
  /** Placement as compute's service user: moving and removing allocations, reschedule claims. */
  placement: PlacementClient;
  logger: Logger;
  now: () => Date;
  /** The host name the conductor registers its nova-conductor service under, and writes in faults. */
  host: string;
  /** Compute's settings: `allowResizeToSameHost`, and the key pair quota of the quota defaults. */
  settings: ComputeSettings;
  conductor?: Partial<ConductorSettings>;
  /** The quota engine of the quota recheck; by default one with `[quota]`'s defaults. */
  quotas?: QuotaEngine;
}
