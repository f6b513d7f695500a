import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ComputeSchema, ServiceTable } from '../db/schema.js';

/** The RPC services that register themselves (the API services never do, as in Nova). */
export const SERVICE_BINARIES = ['nova-compute', 'nova-scheduler', 'nova-conductor'] as const;
export type ServiceBinary = (typeof SERVICE_BINARIES)[number];

/** Each binary's RPC topic, as Nova's `Service.create` records it. */
const TOPICS: Record<ServiceBinary, string> = {
  'nova-compute': 'compute',
  'nova-scheduler': 'scheduler',
  'nova-conductor': 'conductor',
};

export type ServiceRow = Selectable<ServiceTable>;

export interface ServiceFilters {
  host?: string;
  binary?: string;
}

/** What an admin may change on a service; an absent field is left as it is. */
export interface ServiceChanges {
  disabled?: boolean;
  disabledReason?: string | null;
  forcedDown?: boolean;
}

export interface ServiceRegistryOptions {
  /** `service_down_time`: seconds without a heartbeat before a service counts as down. */
  serviceDownTime?: number;
}

/**
 * Nova's service records and its database servicegroup driver: services register once per
 * (host, binary), heartbeat periodically, and are up while their last heartbeat is recent.
 * Time always comes from the caller, so tests move a clock instead of sleeping.
 */
export class ServiceRegistry {
  readonly serviceDownTime: number;

  constructor(
    private readonly db: Kysely<ComputeSchema>,
    options: ServiceRegistryOptions = {},
  ) {
    this.serviceDownTime = options.serviceDownTime ?? 60;
  }

  /** Creates the (host, binary) record unless it exists; a restarted service keeps its record. */
  async register(host: string, binary: ServiceBinary, now: Date): Promise<ServiceRow> {
    await this.db
      .insertInto('services')
      .values({
        uuid: randomUUID(),
        host,
        binary,
        topic: TOPICS[binary],
        report_count: 0,
        disabled: 0,
        forced_down: 0,
        created_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.columns(['host', 'binary']).doNothing())
      .execute();
    return (await this.find(host, binary)) as ServiceRow;
  }

  /** `_report_state`: one more report, seen up now; undefined when the record was deleted. */
  async heartbeat(host: string, binary: string, now: Date): Promise<ServiceRow | undefined> {
    const stamp = now.toISOString();
    await this.db
      .updateTable('services')
      .set((eb) => ({ report_count: eb('report_count', '+', 1), last_seen_up: stamp, updated_at: stamp }))
      .where('host', '=', host)
      .where('binary', '=', binary)
      .execute();
    return this.find(host, binary);
  }

  /**
   * `service_is_up`: never when forced down; otherwise when the last heartbeat (the creation
   * time before the first) is within `service_down_time` either way, as Nova takes `abs()` to
   * tolerate clock skew between hosts.
   */
  isUp(service: ServiceRow, now: Date): boolean {
    if (service.forced_down === 1) return false;
    const lastHeartbeat = Date.parse(service.last_seen_up ?? service.created_at);
    return Math.abs(now.getTime() - lastHeartbeat) <= this.serviceDownTime * 1000;
  }

  async list(filters: ServiceFilters = {}): Promise<ServiceRow[]> {
    let query = this.db.selectFrom('services').selectAll().orderBy('id');
    if (filters.host) query = query.where('host', '=', filters.host);
    if (filters.binary) query = query.where('binary', '=', filters.binary);
    return query.execute();
  }

  find(host: string, binary: string): Promise<ServiceRow | undefined> {
    return this.db
      .selectFrom('services')
      .selectAll()
      .where('host', '=', host)
      .where('binary', '=', binary)
      .executeTakeFirst();
  }

  /** By the integer id (before 2.53) or the uuid (from 2.53). */
  findById(id: number | string): Promise<ServiceRow | undefined> {
    return this.db
      .selectFrom('services')
      .selectAll()
      .where(typeof id === 'number' ? 'id' : 'uuid', '=', id)
      .executeTakeFirst();
  }

  /** Applies the admin's changes and returns the updated record. */
  async setStatus(service: ServiceRow, changes: ServiceChanges, now: Date): Promise<ServiceRow> {
    const values = {
      ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
      ...(changes.disabledReason === undefined ? {} : { disabled_reason: changes.disabledReason }),
      ...(changes.forcedDown === undefined ? {} : { forced_down: changes.forcedDown ? 1 : 0 }),
      updated_at: now.toISOString(),
    };
    await this.db.updateTable('services').set(values).where('id', '=', service.id).execute();
    return (await this.findById(service.id)) as ServiceRow;
  }

  async delete(service: ServiceRow): Promise<void> {
    await this.db.deleteFrom('services').where('id', '=', service.id).execute();
  }
}
