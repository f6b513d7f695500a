import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RpcClient } from '../../common/bus/index.js';
import type { Bus } from '../../common/bus/index.js';
import type { Logger } from '../../common/logging.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { MESSAGE_ACTIONS, MESSAGE_DETAILS } from '../messages/message-fields.js';
import { recordMessage } from '../messages/user-messages.js';
import type { ServiceRegistry } from '../services/service-registry.js';
import type { BackendReport, SchedulerMethods, VolumeMethods } from '../rpc/volume-api.js';
import { VOLUME_BINARY, VOLUME_TOPIC, volumeHost } from '../rpc/topics.js';
import { chooseBackend } from './backend-choice.js';

/** How long a volume service has to report its capacity before the scheduler passes it over. */
const CAPACITY_TIMEOUT_MS = 5000;

export interface SchedulerOptions {
  db: Kysely<BlockStorageSchema>;
  bus: Bus;
  registry: ServiceRegistry;
  logger: Logger;
  now: () => Date;
  serviceDownTime: number;
}

/**
 * The volume scheduler (cinder-scheduler): places a new volume on a backend that is up, in its
 * zone, matching its type and with room for it, then hands it to that backend's volume service.
 * A volume made from a snapshot or another volume stays on its source's backend, as in Cinder.
 */
export class VolumeScheduler implements SchedulerMethods {
  private readonly volumes: RpcClient<VolumeMethods>;

  constructor(private readonly options: SchedulerOptions) {
    this.volumes = new RpcClient<VolumeMethods>(options.bus, VOLUME_TOPIC);
  }

  async create_volume(args: Parameters<SchedulerMethods['create_volume']>[0]): Promise<void> {
    const { db, logger } = this.options;
    const volume = await db
      .selectFrom('volumes')
      .selectAll()
      .where('id', '=', args.volumeId)
      .executeTakeFirst();
    if (!volume) return;
    const host =
      (await this.sourceHost(volume.snapshot_id, volume.source_volid)) ?? (await this.place(volume));
    if (!host) {
      logger.warn({ volumeId: volume.id }, 'no valid backend was found for the volume');
      await db.updateTable('volumes').set({ status: 'error' }).where('id', '=', volume.id).execute();
      // As Cinder's scheduler: the owner learns why from a user message.
      await recordMessage(
        db,
        {
          projectId: volume.project_id,
          requestId: args.context.requestId ?? `req-${randomUUID()}`,
          resourceType: 'VOLUME',
          resourceUuid: volume.id,
          action: MESSAGE_ACTIONS.scheduleAllocateVolume,
          detail: MESSAGE_DETAILS.noBackendAvailable,
        },
        { id: randomUUID(), now: this.options.now() },
      );
      return;
    }
    await db.updateTable('volumes').set({ host }).where('id', '=', volume.id).execute();
    await this.volumes.at(host.split('#')[0]).cast('create_volume', args);
  }

  /** The backend of the snapshot's or source volume's volume, if the new one comes from one. */
  private async sourceHost(snapshotId: string | null, sourceVolumeId: string | null): Promise<string | null> {
    const { db } = this.options;
    let sourceId = sourceVolumeId;
    if (snapshotId) {
      const snapshot = await db
        .selectFrom('snapshots')
        .select('volume_id')
        .where('id', '=', snapshotId)
        .executeTakeFirst();
      sourceId = snapshot?.volume_id ?? null;
    }
    if (!sourceId) return null;
    const source = await db
      .selectFrom('volumes')
      .select('host')
      .where('id', '=', sourceId)
      .executeTakeFirst();
    return source?.host ?? null;
  }

  private async place(volume: { size: number; availability_zone: string; volume_type_id: string }) {
    const { db } = this.options;
    const specs = await db
      .selectFrom('volume_type_extra_specs')
      .select(['key', 'value'])
      .where('owner_id', '=', volume.volume_type_id)
      .execute();
    const extraSpecs = Object.fromEntries(specs.map((spec) => [spec.key, spec.value]));
    const chosen = chooseBackend(await this.get_pools(), {
      sizeGb: volume.size,
      availabilityZone: volume.availability_zone,
      volumeBackendName: extraSpecs.volume_backend_name ?? null,
      extraSpecs,
    });
    return chosen ? volumeHost(chosen.backendHost, chosen.pool) : null;
  }

  /** The reports of the enabled volume services that are up and answer in time, by host. */
  async get_pools(): Promise<BackendReport[]> {
    const { registry, now, serviceDownTime } = this.options;
    const services = await registry.upServices(VOLUME_BINARY, now(), serviceDownTime);
    const reports = await Promise.all(services.map((service) => this.capacityOf(service.host)));
    return reports.filter((report): report is BackendReport => report !== null);
  }

  private async capacityOf(backendHost: string): Promise<BackendReport | null> {
    try {
      return await this.volumes.at(backendHost).call('get_capacity', {}, { timeoutMs: CAPACITY_TIMEOUT_MS });
    } catch (error) {
      this.options.logger.warn({ err: error, backendHost }, 'volume service did not report its capacity');
      return null;
    }
  }
}
