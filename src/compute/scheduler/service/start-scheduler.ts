import { serveRpc } from '../../../common/bus/index.js';
import { SCHEDULER_TOPIC, type SchedulerMethods } from '../../rpc/scheduler-api.js';
import { startServiceHeartbeat } from '../../services/service-heartbeat.js';
import { ServiceRegistry } from '../../services/service-registry.js';
import type { SchedulerDeps } from './scheduler-deps.js';
import { SchedulerManager } from './scheduler-manager.js';

export interface RunningScheduler {
  /** Stops taking requests, waits for those under way, and stops reporting. */
  stop(): Promise<void>;
}

/**
 * Starts a scheduler (nova-scheduler): serves `select_destinations` at the `scheduler` topic and
 * registers itself with heartbeats. Several may serve the topic; each request goes to one.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<RunningScheduler> {
  const manager = new SchedulerManager(deps);
  const methods: SchedulerMethods = {
    select_destinations: (args) => manager.selectDestinations(args),
  };
  const registry = new ServiceRegistry(deps.db, { serviceDownTime: manager.settings.serviceDownTime });
  const heartbeat = await startServiceHeartbeat(registry, deps.host, 'nova-scheduler', {
    now: deps.now,
    intervalSeconds: manager.settings.reportInterval,
    logger: deps.logger,
  });
  const listening = await serveRpc(deps.bus, SCHEDULER_TOPIC, methods);
  return {
    async stop() {
      heartbeat.stop();
      await listening.stop();
    },
  };
}
