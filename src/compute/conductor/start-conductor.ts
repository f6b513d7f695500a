import { CONDUCTOR_TOPIC, type ConductorMethods } from '../rpc/conductor-api.js';
import { serveRpc } from '../../common/bus/index.js';
import { startServiceHeartbeat } from '../services/service-heartbeat.js';
import { buildInstances } from './build-instances.js';
import { ConductorContext } from './conductor-context.js';
import type { ConductorDeps } from './conductor-deps.js';
import { evacuateInstance } from './evacuate.js';
import { liveMigrateInstance } from './live-migrate.js';
import { migrateServer } from './migrate-server.js';
import { rescheduleInstance } from './reschedule-instance.js';
import { unshelveInstance } from './unshelve.js';

export interface RunningConductor {
  /** Stops taking messages, waits for the tasks under way, and stops reporting. */
  stop(): Promise<void>;
}

/**
 * The conductor's methods. Each is a cast: whoever sent it has moved on, so a failure is
 * recorded on the instance by the task itself and only logged here (as oslo logs what a cast
 * endpoint raised).
 */
export function conductorMethods(ctx: ConductorContext): ConductorMethods {
  const run =
    <A>(method: string, task: (ctx: ConductorContext, args: A) => Promise<void>) =>
    async (args: A): Promise<void> => {
      try {
        await task(ctx, args);
      } catch (error) {
        ctx.logger.error({ err: error, method }, `conductor ${method} failed`);
      }
    };
  return {
    build_instances: run('build_instances', buildInstances),
    reschedule_instance: run('reschedule_instance', rescheduleInstance),
    migrate_server: run('migrate_server', migrateServer),
    live_migrate_instance: run('live_migrate_instance', liveMigrateInstance),
    evacuate_instance: run('evacuate_instance', evacuateInstance),
    unshelve_instance: run('unshelve_instance', unshelveInstance),
  };
}

/**
 * Starts a conductor (nova-conductor): serves ConductorMethods at the `conductor` topic and
 * registers itself with heartbeats. Several may serve the topic; each message goes to one.
 */
export async function startConductor(deps: ConductorDeps): Promise<RunningConductor> {
  const ctx = new ConductorContext(deps);
  const heartbeat = await startServiceHeartbeat(ctx.registry, deps.host, 'nova-conductor', {
    now: deps.now,
    intervalSeconds: ctx.conductor.reportInterval,
    logger: deps.logger,
  });
  const listening = await serveRpc(deps.bus, CONDUCTOR_TOPIC, conductorMethods(ctx));
  return {
    async stop() {
      heartbeat.stop();
      await listening.stop();
    },
  };
}
