import type { ServiceModule } from '../common/service.js';
import type { ObjectStoreDeps } from './deps.js';
import { ObjectExpirer } from './middleware/expirer/object-expirer.js';
import { Replicas } from './proxy/replicas.js';
import { buildObjectStore } from './service.js';
import { KeystoneS3Credentials } from './s3/auth/keystone-s3-credentials.js';
import { IdentityPasswordAuth } from './proxy/tempauth.js';
import { openProxyStorage } from './storage-node/proxy-storage.js';

export { buildObjectStore } from './service.js';
export type { ObjectStoreDeps } from './deps.js';

/**
 * The object storage service (Swift v1) as the gateway mounts it at `/object-store`: the proxy,
 * its object expirer, and by default in the same process the all-in-one storage node with its
 * updaters, replicators and auditor; with `object_store.rings_dir` set, the proxy alone, over
 * the storage nodes that ring names (each run with `stratus object-store node`).
 */
export const objectStoreService: ServiceModule = {
  name: 'object-store',
  catalog: {
    type: 'object-store',
    name: 'swift',
    description: 'Swift Service',
    endpointSuffix: '/v1/AUTH_$(project_id)s',
  },
  async open({ config, logger, validator, identityUri, transport: serviceTransport, serviceToken }) {
    const log = logger.child({ service: 'object-store' });
    const storage = await openProxyStorage(config, log);
    const { rings, transport } = storage;
    const expirer = new ObjectExpirer({ replicas: new Replicas(rings, transport), logger: log });
    const deps: ObjectStoreDeps = { rings, transport, logger: log, now: Date.now };
    const identity = serviceTransport('identity', serviceToken);
    return {
      plugin: buildObjectStore(deps, {
        validator,
        identityUri,
        s3Credentials: new KeystoneS3Credentials(identity, validator),
        passwords: new IdentityPasswordAuth(identity),
      }),
      async start() {
        storage.start();
        expirer.start();
      },
      async close() {
        await expirer.stop();
        await storage.close();
      },
    };
  },
};
