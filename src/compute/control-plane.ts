import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Bus } from '../common/bus/index.js';
import { computeHostNames } from '../common/compute-hosts.js';
import type { ImageClient } from '../common/clients/image-client.js';
import type { NetworkClient } from '../common/clients/network-client.js';
import type { PlacementClient } from '../common/clients/placement-client.js';
import type { ComputeConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import { startComputeAgent, type ComputeAgent } from './agent/index.js';
import { startConductor } from './conductor/index.js';
import type { ComputeSchema } from './db/schema.js';
import type { BlockStorageLinks, ComputeSettings } from './deps.js';
import { startScheduler } from './scheduler/service/index.js';
import { createHostDriver, type HostDriver } from './host-drivers.js';

export interface ControlPlaneDeps {
  db: Kysely<ComputeSchema>;
  bus: Bus;
  placement: PlacementClient;
  /** The image service as the services' user (the agents' snapshots and image downloads). */
  images: ImageClient;
  /** The network service as the services' user (the agents' ports), in a cloud that has one. */
  network?: NetworkClient;
  /** The block storage service (the agents' volumes), in a cloud that has one. */
  volume?: BlockStorageLinks;
  logger: Logger;
  config: ComputeConfig;
  settings: ComputeSettings;
  /** The cloud's data folder: the hypervisors keep their guests under `compute/` (host-drivers.ts). */
  dataDir: string;
}

export interface RunningControlPlane {
  /** The compute agents' host names. */
  hosts: string[];
  stop(): Promise<void>;
}

/** The agents' host names: the configured (or machine's) name, then `<name>-2`, `<name>-3`... */
export const agentHosts = computeHostNames;

/**
 * Compute's processes behind the API, all in this one process for the all-in-one cloud: a
 * conductor, a scheduler and a compute agent per host, talking over the bus as they would between
 * processes. With the fake driver, `fake_hosts` agents each run a fake hypervisor; with QEMU,
 * `qemu.hosts` agents each run their guests as QEMU processes of this machine.
 */
export async function startControlPlane(deps: ControlPlaneDeps): Promise<RunningControlPlane> {
  const { config } = deps;
  const now = () => new Date();
  const controller = config.host ?? hostname();
  const intervals = { serviceDownTime: config.service_down_time, reportInterval: config.report_interval };
  const scheduler = await startScheduler({
    db: deps.db,
    bus: deps.bus,
    placement: deps.placement,
    logger: deps.logger.child({ component: 'scheduler' }),
    now,
    host: controller,
    settings: intervals,
  });
  const conductor = await startConductor({
    db: deps.db,
    bus: deps.bus,
    placement: deps.placement,
    logger: deps.logger.child({ component: 'conductor' }),
    now,
    host: controller,
    settings: deps.settings,
    conductor: intervals,
  });
  const hosts = agentHosts(config);
  const agents: ComputeAgent[] = [];
  // A hypervisor's guests outlive its compute agent: the drivers are let go of, never torn down.
  const drivers: HostDriver[] = [];
  const stopAgents = async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
    await Promise.all(drivers.map((driver) => driver.release()));
  };
  try {
    for (const host of hosts) {
      const hostDriver = await createHostDriver(config, host, deps.dataDir, deps.images, deps.logger);
      drivers.push(hostDriver);
      agents.push(
        await startComputeAgent({
          host,
          driver: hostDriver.driver,
          db: deps.db,
          bus: deps.bus,
          placement: deps.placement,
          images: deps.images,
          network: deps.network,
          volume: deps.volume,
          logger: deps.logger.child({ component: 'compute', host }),
          now,
          timing: {
            heartbeatIntervalMs: config.report_interval * 1000,
            resourceAuditIntervalMs: config.update_resources_interval * 1000,
            powerSyncIntervalMs: config.sync_power_state_interval * 1000,
          },
          settings: {
            vifPluggingTimeoutSec: config.vif_plugging_timeout,
            vifPluggingIsFatal: config.vif_plugging_is_fatal,
          },
        }),
      );
    }
  } catch (error) {
    await stopAgents();
    await conductor.stop();
    await scheduler.stop();
    throw error;
  }
  deps.logger.info({ hosts, driver: config.virt_driver }, 'compute: control plane started');
  return {
    hosts,
    async stop() {
      await stopAgents();
      await conductor.stop();
      await scheduler.stop();
    },
  };
}
