import type { Kysely } from 'kysely';
import { connect, migrate } from '../common/db/index.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { BlockStorageClient } from '../common/clients/block-storage-client.js';
import { ImageClient } from '../common/clients/image-client.js';
import { NetworkClient } from '../common/clients/network-client.js';
import { PlacementClient } from '../common/clients/placement-client.js';
import { computeMigrations } from './db/migrations/index.js';
import type { ComputeSchema } from './db/schema.js';
import { DEFAULT_COMPUTE_SETTINGS, type ComputeDeps } from './deps.js';
import { computePolicies } from './policies.js';
import { buildCompute } from './service.js';
import { startControlPlane, type RunningControlPlane } from './control-plane.js';
import { consoleProxy } from './console/console-proxy.js';
import { CONSOLE_PREFIX } from './console/novnc-url.js';
import { metadataService } from './metadata/metadata-service.js';
import { ensureDefaultImage } from './default-image.js';
import { metadataSharedSecret } from '../common/metadata-secret.js';

export { buildCompute } from './service.js';
export type { ComputeDeps } from './deps.js';

/** The compute service as the gateway mounts it. */
export const computeService: ServiceModule = {
  name: 'compute',
  catalog: { type: 'compute', name: 'nova', description: 'Compute Service', endpointSuffix: '/v2.1' },
  async open({ config, logger, publicUrl, validator, identityUri, bus, serviceToken, transport }) {
    const { db } = connect<ComputeSchema>(config.database_url, config.data_dir, 'compute');
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    const deps: ComputeDeps = {
      db,
      logger,
      baseUrl: `${publicUrl}/compute`,
      policy: createPolicyEnforcer(computePolicies, config.policy),
      settings: {
        ...DEFAULT_COMPUTE_SETTINGS,
        maxLimit: config.compute.max_limit,
        allowResizeToSameHost: config.compute.allow_resize_to_same_host,
        forceConfigDrive: config.compute.force_config_drive,
      },
      now: () => new Date(),
      bus,
      placement: new PlacementClient(transport('placement', serviceToken)),
      imagesFor: (token) => new ImageClient(transport('image', async () => token)),
      // The gateway's catalog always has the network service this build serves.
      network: {
        asUser: (token) => new NetworkClient(transport('network', async () => token)),
        admin: new NetworkClient(transport('network', serviceToken)),
      },
      // Cinder at `/volume` (`OpenStack-API-Version: volume 3.x`), as the caller or compute's service user.
      volume: {
        asUser: (token, projectId) =>
          new BlockStorageClient(
            transport('volume', async () => token),
            projectId,
          ),
        admin: (projectId) => new BlockStorageClient(transport('volume', serviceToken), projectId),
      },
    };
    let controlPlane: RunningControlPlane | null = null;
    return {
      plugin: buildCompute(deps, { validator, identityUri }),
      // Nova's noVNC proxy, where the console URLs point.
      extraMounts: [
        { name: 'console', prefix: CONSOLE_PREFIX, plugin: consoleProxy({ db, logger, now: deps.now }) },
        // Nova's metadata API, which the network service's metadata proxy forwards guests to.
        {
          name: 'metadata',
          prefix: '/metadata',
          plugin: metadataService({
            db,
            sharedSecret: metadataSharedSecret(config.data_dir),
            network: deps.network?.admin,
            logger,
            now: deps.now,
          }),
        },
      ],
      // The agents register with placement and fetch images: that needs the cloud serving.
      async start() {
        const images = new ImageClient(transport('image', serviceToken));
        // Real guests need a real image to boot: the cloud's default, built once from Debian's packages.
        if (config.compute.virt_driver === 'qemu') await ensureDefaultImage(images, config.data_dir, logger);
        controlPlane = await startControlPlane({
          db,
          bus,
          placement: deps.placement,
          images,
          network: deps.network?.admin,
          volume: deps.volume,
          logger,
          config: config.compute,
          settings: deps.settings,
          dataDir: config.data_dir,
        });
      },
      async close() {
        await controlPlane?.stop();
        await db.destroy();
      },
    };
  },
};
