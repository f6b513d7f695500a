import type { Kysely } from 'kysely';
import type { Bus } from '../../common/bus/index.js';
import type { ImageClient } from '../../common/clients/image-client.js';
import type { NetworkClient } from '../../common/clients/network-client.js';
import type { BlockStorageLinks } from '../deps.js';
import type { PlacementClient } from '../../common/clients/placement-client.js';
import type { Logger } from '../../common/logging.js';
import type { ComputeSchema } from '../db/schema.js';
import type { VirtDriver } from '../virt/driver.js';

/** How often the agent does its periodic work and how long it waits, each with Nova's default. */
export interface AgentTiming {
  /** `report_interval`: the service heartbeat. */
  heartbeatIntervalMs: number;
  /** `update_resources_interval` (Nova's default runs it every periodic tick, 60 s). */
  resourceAuditIntervalMs: number;
  /** `sync_power_state_interval`. */
  powerSyncIntervalMs: number;
  /**
   * How soon after a guest comes or goes the compute node's usage figures are refreshed (Nova
   * updates them with every claim); several changes within the delay make one refresh.
   */
  usageRefreshDelayMs: number;
  /** `graceful_shutdown_timeout`: how long `stop()` waits for operations under way. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_AGENT_TIMING: AgentTiming = {
  heartbeatIntervalMs: 10_000,
  resourceAuditIntervalMs: 60_000,
  powerSyncIntervalMs: 600_000,
  usageRefreshDelayMs: 1_000,
  shutdownTimeoutMs: 60_000,
};

/** What the agent reports to placement and how it treats guests, with Nova's option defaults. */
export interface AgentSettings {
  /** `initial_cpu_allocation_ratio`. */
  cpuAllocationRatio: number;
  /** `initial_ram_allocation_ratio`. */
  ramAllocationRatio: number;
  /** `initial_disk_allocation_ratio`. */
  diskAllocationRatio: number;
  /** `reserved_host_cpus`. */
  reservedHostCpus: number;
  /** `reserved_host_memory_mb`. */
  reservedHostMemoryMb: number;
  /** `reserved_host_disk_mb`, in GB as placement counts DISK_GB. */
  reservedHostDiskGb: number;
  /** `shutdown_timeout`: seconds a clean shutdown may take before the plug is pulled. */
  shutdownTimeoutSec: number;
  /** `SHUTDOWN_RETRY_INTERVAL`: seconds between shutdown requests to the guest. */
  shutdownRetryIntervalSec: number;
  /** `max_concurrent_builds`: builds this host runs at once; more wait their turn. */
  maxConcurrentBuilds: number;
  /**
   * `vif_plugging_timeout`: seconds a spawn waits for Neutron's `network-vif-plugged` of each new
   * port; 0 does not wait.
   */
  vifPluggingTimeoutSec: number;
  /** `vif_plugging_is_fatal`: a VIF not plugged in time fails the spawn (else it is only logged). */
  vifPluggingIsFatal: boolean;
  /** `block_device_allocate_retries`: how many more times a new boot volume is looked at until it is available. */
  blockDeviceAllocateRetries: number;
  /** `block_device_allocate_retries_interval`: seconds between those looks. */
  blockDeviceAllocateRetriesIntervalSec: number;
}

export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  cpuAllocationRatio: 16.0,
  ramAllocationRatio: 1.5,
  diskAllocationRatio: 1.0,
  reservedHostCpus: 0,
  reservedHostMemoryMb: 512,
  reservedHostDiskGb: 0,
  shutdownTimeoutSec: 60,
  shutdownRetryIntervalSec: 10,
  maxConcurrentBuilds: 10,
  vifPluggingTimeoutSec: 300,
  vifPluggingIsFatal: true,
  blockDeviceAllocateRetries: 60,
  blockDeviceAllocateRetriesIntervalSec: 3,
};

/** Everything a compute agent is built from; tests pass their own. */
export interface ComputeAgentDeps {
  /** This host's name: the service's `host`, the bus target `compute.<host>`, `instances.host`. */
  host: string;
  driver: VirtDriver;
  /** Compute's database: the agent reads and saves instance rows directly, as Nova's cells do. */
  db: Kysely<ComputeSchema>;
  bus: Bus;
  /** Placement as compute's service user. */
  placement: PlacementClient;
  /** The image service as compute's service user (snapshots upload into the user's image). */
  images: ImageClient;
  /** The network service as compute's service user, in a cloud that has one (ports, bindings). */
  network?: NetworkClient;
  /** The block storage service, in a cloud that has one (volumes to attach, boot volumes to make). */
  volume?: BlockStorageLinks;
  logger: Logger;
  now?: () => Date;
  timing?: Partial<AgentTiming>;
  settings?: Partial<AgentSettings>;
}
