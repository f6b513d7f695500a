import type { Kysely } from 'kysely';
import type { BlockStorageSchema } from '../db/schema.js';

/**
 * The scheduler and volume services of the cloud, as they report themselves (Cinder's services
 * table): each registers at start and sends a heartbeat every `report_interval`; os-services and
 * the scheduler take a service whose last heartbeat is older than `service_down_time` as down.
 */
export class ServiceRegistry {
  constructor(private readonly db: Kysely<BlockStorageSchema>) {}

  async register(host: string, binary: string, availabilityZone: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .insertInto('services')
      .values({
        host,
        binary,
        availability_zone: availabilityZone,
        disabled: 0,
        disabled_reason: null,
        heartbeat_at: at,
        created_at: at,
        updated_at: null,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['host', 'binary'])
          .doUpdateSet({ heartbeat_at: at, availability_zone: availabilityZone, updated_at: at }),
      )
      .execute();
  }

  async heartbeat(host: string, binary: string, now: Date): Promise<void> {
    await this.db
      .updateTable('services')
      .set({ heartbeat_at: now.toISOString() })
      .where('host', '=', host)
      .where('binary', '=', binary)
      .execute();
  }

  /** The services of `binary` that are enabled and reported within `downTimeSeconds` of `now`. */
  async upServices(binary: string, now: Date, downTimeSeconds: number) {
    const since = new Date(now.getTime() - downTimeSeconds * 1000).toISOString();
    return this.db
      .selectFrom('services')
      .selectAll()
      .where('binary', '=', binary)
      .where('disabled', '=', 0)
      .where('heartbeat_at', '>=', since)
      .orderBy('host')
      .execute();
  }
}

/** Registers a service and reports it alive every interval; the timer never keeps the process up. */
export async function startHeartbeat(
  registry: ServiceRegistry,
  service: { host: string; binary: string; availabilityZone: string },
  options: { now: () => Date; intervalSeconds: number; onError: (error: unknown) => void },
): Promise<{ stop(): void }> {
  await registry.register(service.host, service.binary, service.availabilityZone, options.now());
  const timer = setInterval(() => {
    registry.heartbeat(service.host, service.binary, options.now()).catch(options.onError);
  }, options.intervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
