import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceModule } from '../common/service.js';
import type { ObjectStoreDeps } from './deps.js';
import { ObjectExpirer } from './middleware/expirer/object-expirer.js';
import { Replicas } from './proxy/replicas.js';
import { ALL_IN_ONE_DEVICES, ensureAllInOneRings, Ring, ringPath } from './ring/index.js';
import { backgroundWorkers } from './replication/background-workers.js';
import { buildObjectStore } from './service.js';
import { KeystoneS3Credentials } from './s3/auth/keystone-s3-credentials.js';
import { ContainerUpdater } from './storage/container/container-updater.js';
import { InProcessTransport } from './storage/in-process-transport.js';
import { LocalStorageNode } from './storage/local-storage-node.js';
import { ObjectUpdater } from './storage/object/object-updater.js';

export { buildObjectStore } from './service.js';
export type { ObjectStoreDeps } from './deps.js';

/** The all-in-one cloud's one storage node, as its rings name it (Swift's object server port). */
const LOCAL_NODE = { ip: '127.0.0.1', port: 6200 };

/**
 * The object storage service (Swift v1) as the gateway mounts it at `/object-store`: the
 * proxy, and in the same process the all-in-one storage node (devices `d1..d3` under
 * `<data_dir>/object-store/devices`, on rings made at first start) with its updaters, which
 * catch container listings and account totals up with updates that could not be made at once,
 * and its replicators and auditor, which keep three good replicas of everything.
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
    const dir = join(config.data_dir, 'object-store');
    const devicesRoot = join(dir, 'devices');
    // Devices are made with the rings, once: a device folder gone later is a failed disk, not a new one.
    const firstStart = !existsSync(ringPath(dir, 'object'));
    const { salt, paths } = await ensureAllInOneRings(dir, LOCAL_NODE);
    if (firstStart)
      for (const device of ALL_IN_ONE_DEVICES) mkdirSync(join(devicesRoot, device), { recursive: true });
    const rings = {
      account: new Ring(paths.account, salt),
      container: new Ring(paths.container, salt),
      object: new Ring(paths.object, salt),
    };
    const transport = new InProcessTransport();
    const node = new LocalStorageNode({ devicesRoot, salt, transport, logger: log });
    transport.register(LOCAL_NODE, node);
    const objectUpdater = new ObjectUpdater({ devicesRoot, transport, logger: log });
    const containerUpdater = new ContainerUpdater({
      containers: node.containers,
      devicesRoot,
      accountRing: rings.account,
      transport,
      logger: log,
    });
    const background = backgroundWorkers({
      rings,
      node: LOCAL_NODE,
      storage: node,
      devicesRoot,
      transport,
      logger: log,
      config: config.object_store,
    });
    const expirer = new ObjectExpirer({ replicas: new Replicas(rings, transport), logger: log });
    const deps: ObjectStoreDeps = { rings, transport, logger: log, now: Date.now };
    return {
      plugin: buildObjectStore(deps, {
        validator,
        identityUri,
        s3Credentials: new KeystoneS3Credentials(serviceTransport('identity', serviceToken), validator),
      }),
      async start() {
        objectUpdater.start();
        containerUpdater.start();
        background.start();
        expirer.start();
      },
      async close() {
        await objectUpdater.stop();
        await containerUpdater.stop();
        await background.stop();
        await expirer.stop();
        node.close();
      },
    };
  },
};
