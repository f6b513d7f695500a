import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { ServerExternalEvent } from '../../common/clients/compute-events-client.js';
import type { ImageClient } from '../../common/clients/image-client.js';
import type { VolumeBackendConfig } from '../../common/config/schema.js';
import type { Logger } from '../../common/logging.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { createVolumeDriver } from '../drivers/index.js';
import type { VolumeDriver } from '../drivers/volume-driver.js';
import { VOLUME_BINARY, VOLUME_TOPIC, backendHost } from '../rpc/topics.js';
import { startRpcService, type RpcServiceContext } from '../services/start-rpc-service.js';
import { VolumeManager } from './volume-manager.js';

/** The driver of a configured backend, its files under `<data_dir>/volumes/<backend>` unless told otherwise. */
function backendDriver(backend: VolumeBackendConfig, host: string, dataDir: string): VolumeDriver {
  const folder = backend.path ?? join(dataDir, 'volumes', backend.name);
  switch (backend.driver) {
    case 'file':
      return createVolumeDriver('file', { dir: folder, format: backend.format ?? 'raw', host });
    case 'lvm':
      if (!backend.volume_group) throw new Error(`volume backend ${backend.name}: lvm needs volume_group`);
      return createVolumeDriver('lvm', { volumeGroup: backend.volume_group, host, stateDir: folder });
    case 'fake':
      return createVolumeDriver('fake', { host });
  }
}

export interface VolumeServicesOptions extends RpcServiceContext {
  db: Kysely<BlockStorageSchema>;
  host: string;
  dataDir: string;
  logger: Logger;
  imagesFor(token: string): ImageClient;
  notifyCompute(events: ServerExternalEvent[]): void;
}

/**
 * Starts a volume service (cinder-volume `host@backend`) for each configured backend: its
 * driver, its manager serving the bus, its heartbeat. Resolves with what stops them all.
 */
export async function startVolumeServices(
  options: VolumeServicesOptions,
): Promise<{ stop(): Promise<void> }> {
  const { settings, logger } = options;
  const stops: (() => Promise<void>)[] = [];
  for (const backend of settings.backends) {
    const driver = backendDriver(backend, options.host, options.dataDir);
    const hostName = backendHost(options.host, backend.name);
    try {
      await driver.init();
    } catch (error) {
      // As cinder-volume with a driver that fails to initialise: the cloud runs on, and the
      // scheduler finds no valid backend here (volumes asked of it go to error).
      logger.error({ err: error, host: hostName }, 'volume backend could not start; it serves no volumes');
      continue;
    }
    const manager = new VolumeManager({
      db: options.db,
      driver,
      backendHost: hostName,
      backendName: backend.name,
      availabilityZone: settings.availability_zone,
      workDir: join(options.dataDir, 'volumes', 'work'),
      logger: logger.child({ volumeHost: hostName }),
      now: options.now,
      imagesFor: options.imagesFor,
      notifyCompute: options.notifyCompute,
    });
    const service = await startRpcService(options, `${VOLUME_TOPIC}.${hostName}`, manager, {
      host: hostName,
      binary: VOLUME_BINARY,
      onHeartbeatError: (error) =>
        logger.warn({ err: error, host: hostName }, 'volume service heartbeat failed'),
    });
    stops.push(async () => {
      await service.stop();
      await driver.close();
    });
    logger.info({ host: hostName, driver: backend.driver }, 'volume service started');
  }
  return {
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}
