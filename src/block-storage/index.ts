import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { ComputeEventsClient } from '../common/clients/compute-events-client.js';
import { ImageClient } from '../common/clients/image-client.js';
import { connect, migrate } from '../common/db/index.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { ensureDefaultVolumeType } from './bootstrap/default-volume-type.js';
import { blockStorageMigrations } from './db/migrations/index.js';
import type { BlockStorageSchema } from './db/schema.js';
import type { BlockStorageDeps } from './deps.js';
import { blockStoragePolicies } from './policies/index.js';
import { SCHEDULER_BINARY, SCHEDULER_TOPIC } from './rpc/topics.js';
import { VolumeScheduler } from './scheduler/volume-scheduler.js';
import { buildBlockStorage } from './service.js';
import { ServiceRegistry } from './services/service-registry.js';
import { startRpcService } from './services/start-rpc-service.js';
import { startVolumeServices } from './volume/start-volume-services.js';
import { startBackupService } from './backup/start-backup-service.js';

export { buildBlockStorage } from './service.js';
export type { BlockStorageDeps } from './deps.js';

/**
 * The block storage service (Cinder v3) as the gateway mounts it at `/volume`, with this host's
 * scheduler and a volume service per configured backend. The catalog lists it as
 * `block-storage` and, at the same URL, as `volumev3`, as DevStack does.
 */
export const blockStorageService: ServiceModule = {
  name: 'volume',
  catalog: {
    type: 'block-storage',
    name: 'cinder',
    description: 'Cinder Volume Service',
    endpointSuffix: '/v3/$(project_id)s',
    aliases: [{ type: 'volumev3', name: 'cinderv3' }],
  },
  async open({ config, logger, publicUrl, validator, identityUri, bus, serviceToken, transport }) {
    const { db } = connect<BlockStorageSchema>(config.database_url, config.data_dir, 'volume');
    await migrate(db as Kysely<unknown>, 'volume', blockStorageMigrations);
    const settings = config.volume;
    const host = settings.host ?? hostname();
    const log = logger.child({ service: 'volume' });
    await ensureDefaultVolumeType(db, settings.default_volume_type, randomUUID, new Date());
    const imagesFor = (token: string) => new ImageClient(transport('image', async () => token));
    const deps: BlockStorageDeps = {
      db,
      logger: log,
      baseUrl: `${publicUrl}/volume`,
      policy: createPolicyEnforcer(blockStoragePolicies, config.policy),
      settings,
      now: () => new Date(),
      newId: randomUUID,
      bus,
      imagesFor,
    };
    const registry = new ServiceRegistry(db);
    const stops: (() => Promise<void>)[] = [];
    return {
      plugin: buildBlockStorage(deps, { validator, identityUri }),
      // The volume services reach image and compute through the cloud, so they start once it serves.
      async start() {
        const compute = new ComputeEventsClient(transport('compute', serviceToken));
        const scheduler = new VolumeScheduler({
          db,
          bus,
          registry,
          logger: log,
          now: deps.now,
          serviceDownTime: settings.service_down_time,
        });
        // What the scheduler, volume and backup services of this host share.
        const context = {
          db,
          bus,
          registry,
          settings,
          host,
          dataDir: config.data_dir,
          logger: log,
          now: deps.now,
        };
        const schedulerService = await startRpcService(context, SCHEDULER_TOPIC, scheduler, {
          host,
          binary: SCHEDULER_BINARY,
          onHeartbeatError: (error) => log.warn({ err: error }, 'scheduler heartbeat failed'),
        });
        stops.push(() => schedulerService.stop());
        const volumeServices = await startVolumeServices({
          ...context,
          imagesFor,
          notifyCompute: (events) => {
            compute
              .send(events)
              .catch((error) => log.warn({ err: error }, 'could not send events to compute'));
          },
        });
        stops.push(() => volumeServices.stop());
        // Backups read and write volumes by local paths: the backup service runs beside the volume services.
        const backupService = await startBackupService(context);
        stops.push(() => backupService.stop());
      },
      async close() {
        for (const stop of stops.reverse()) await stop();
        await db.destroy();
      },
    };
  },
};
