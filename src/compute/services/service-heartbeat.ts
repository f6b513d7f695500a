import type { Logger } from '../../common/logging.js';
import type { ServiceBinary, ServiceRegistry } from './service-registry.js';

export interface HeartbeatOptions {
  now: () => Date;
  /** Seconds between reports (Nova's `report_interval`, 10); 0 registers without reporting. */
  intervalSeconds: number;
  logger: Logger;
}

/**
 * Registers a service (host, binary) and reports it alive every interval, as Nova's Service does
 * for its RPC services; os-services shows it up while the reports keep coming. A failed report
 * is logged and the next one tried. The timer never keeps the process alive on its own.
 */
export async function startServiceHeartbeat(
  registry: ServiceRegistry,
  host: string,
  binary: ServiceBinary,
  options: HeartbeatOptions,
): Promise<{ stop(): void }> {
  await registry.register(host, binary, options.now());
  if (options.intervalSeconds <= 0) return { stop() {} };
  const timer = setInterval(() => {
    registry.heartbeat(host, binary, options.now()).catch((error: unknown) => {
      options.logger.warn({ err: error, host, binary }, 'service heartbeat failed');
    });
  }, options.intervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
