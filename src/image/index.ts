import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { StratusConfig } from '../common/config/index.js';
import { connect, migrate } from '../common/db/index.js';
import { createPolicyEnforcer } from '../common/policy/index.js';
import type { ServiceModule } from '../common/service.js';
import { imageMigrations } from './db/migrations/index.js';
import type { ImageSchema } from './db/schema.js';
import type { ImageDeps, WebDownloader } from './deps.js';
import { BackgroundWork } from './import/background-work.js';
import { openWebDownload, webDownloadAllowed } from './import/web-download.js';
import { imagePolicies } from './policies.js';
import { buildImage } from './service.js';
import { FileStore } from './stores/file-store.js';
import type { ImageStore } from './stores/image-store.js';
import { ObjectStoreImageStore } from './stores/object-store-image-store.js';
import { serviceAccount } from './stores/service-account.js';

export { buildImage } from './service.js';
export type { ImageDeps } from './deps.js';

/** The `web-download` fetcher, within the configured networks and the image size cap. */
function webDownloader(image: StratusConfig['image']): WebDownloader {
  const allowedNetworks = image.web_download.allowed_networks;
  return {
    allows: (uri) => webDownloadAllowed(uri, allowedNetworks),
    open: (uri) => openWebDownload(uri, { allowedNetworks, maxBytes: image.image_size_cap }),
  };
}

/** The image service (Glance v2) as the gateway mounts it. */
export const imageService: ServiceModule = {
  name: 'image',
  catalog: { type: 'image', name: 'glance', description: 'Image Service', endpointSuffix: '' },
  async open({ config, logger, publicUrl, validator, identityUri, transport, serviceToken }) {
    const { db } = connect<ImageSchema>(config.database_url, config.data_dir, 'image');
    await migrate(db as Kysely<unknown>, 'image', imageMigrations);
    const storePath = config.image.store_path ?? join(config.data_dir, 'images');
    const background = new BackgroundWork(logger);
    // Glance's default_store; staging stays a local folder, as os_glance_staging_store is.
    const { container, large_object_size, large_object_chunk_size } = config.image.object_store;
    const store: ImageStore =
      config.image.store === 'object-store'
        ? new ObjectStoreImageStore({
            swift: transport('object-store', serviceToken),
            account: serviceAccount(transport('identity', serviceToken), serviceToken),
            container,
            largeObjectSize: large_object_size,
            largeObjectChunkSize: large_object_chunk_size,
          })
        : new FileStore(storePath);
    const deps: ImageDeps = {
      db,
      config,
      logger,
      baseUrl: `${publicUrl}/image`,
      policy: createPolicyEnforcer(imagePolicies, config.policy),
      now: () => new Date(),
      store,
      staging: new FileStore(join(storePath, 'staging'), 'os_glance_staging_store'),
      background,
      ...(config.image.web_download.enabled ? { webDownload: webDownloader(config.image) } : {}),
    };
    return {
      plugin: buildImage(deps, { validator, identityUri }),
      close: async () => {
        await background.idle();
        await db.destroy();
      },
    };
  },
};
