import { serveRpc, type Bus, type MethodsOf } from '../../common/bus/index.js';
import type { VolumeConfig } from '../../common/config/schema.js';
import { startHeartbeat, type ServiceRegistry } from './service-registry.js';

/** What every service of this host needs to serve the bus and report in the services table. */
export interface RpcServiceContext {
  bus: Bus;
  registry: ServiceRegistry;
  settings: VolumeConfig;
  now: () => Date;
}

/**
 * Serves `methods` on the bus at `topic` and keeps the heartbeat of `service` (a cinder-scheduler,
 * -volume or -backup of a host) in the services table, in this host's availability zone.
 * Resolves with what stops both, the heartbeat first so the service is seen going down.
 */
export async function startRpcService<M extends MethodsOf<M>>(
  context: RpcServiceContext,
  topic: string,
  methods: M,
  service: { host: string; binary: string; onHeartbeatError: (error: unknown) => void },
): Promise<{ stop(): Promise<void> }> {
  const { settings } = context;
  const listening = await serveRpc(context.bus, topic, methods);
  const heartbeat = await startHeartbeat(
    context.registry,
    { host: service.host, binary: service.binary, availabilityZone: settings.availability_zone },
    { now: context.now, intervalSeconds: settings.report_interval, onError: service.onHeartbeatError },
  );
  return {
    async stop() {
      heartbeat.stop();
      await listening.stop();
    },
  };
}
