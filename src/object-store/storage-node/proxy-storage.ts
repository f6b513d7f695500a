import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StratusConfig } from '../../common/config/schema.js';
import type { Logger } from '../../common/logging.js';
import { ALL_IN_ONE_DEVICES, ensureAllInOneRings, ringPath } from '../ring/index.js';
import { HttpTransport } from '../storage/http-transport.js';
import type { StorageTransport } from '../storage/storage-protocol.js';
import { openRings, readClusterRings, type ClusterRingSet } from './cluster-rings.js';
import { StorageThreads } from '../storage-thread/storage-threads.js';

/** The all-in-one cloud's one storage node, as its rings name it (Swift's object server port). */
const LOCAL_NODE = { ip: '127.0.0.1', port: 6200 };

/** What the proxy reads and writes through: the rings, and the transport to the nodes they name. */
export interface ProxyStorage {
  rings: ClusterRingSet;
  transport: StorageTransport;
  /** Starts the background work of the nodes this process runs (none in split mode). */
  start(): void;
  close(): Promise<void>;
}

/**
 * The all-in-one storage: one node in this process (devices `d1..d3` under
 * `<data_dir>/object-store/devices`, on rings made at first start), on threads of its own: one
 * per device.
 */
async function allInOneStorage(config: StratusConfig, logger: Logger): Promise<ProxyStorage> {
  const dir = join(config.data_dir, 'object-store');
  const devicesRoot = join(dir, 'devices');
  // Devices are made with the rings, once: a device folder gone later is a failed disk, not a new one.
  const firstStart = !existsSync(ringPath(dir, 'object'));
  const { salt, paths } = await ensureAllInOneRings(dir, LOCAL_NODE);
  if (firstStart)
    for (const device of ALL_IN_ONE_DEVICES) mkdirSync(join(devicesRoot, device), { recursive: true });
  const threads = await StorageThreads.start(
    {
      devicesRoot,
      devices: ALL_IN_ONE_DEVICES,
      salt,
      ringPaths: paths,
      address: LOCAL_NODE,
      config: config.object_store,
      logLevel: config.log_level,
    },
    logger,
  );
  return {
    rings: openRings(paths, salt),
    transport: threads,
    start: () => threads.startBackground(),
    close: () => threads.close(),
  };
}

/** Split mode: the prebuilt rings of `rings_dir`, and the storage nodes they name over HTTP. */
async function clusterStorage(ringsDir: string, config: StratusConfig): Promise<ProxyStorage> {
  const { rings } = await readClusterRings(ringsDir);
  const transport = new HttpTransport({ timeoutMs: config.object_store.node_timeout * 1000 });
  return {
    rings,
    transport,
    start: () => undefined,
    close: async () => transport.close(),
  };
}

/** The proxy's storage as `object_store.rings_dir` says: the all-in-one node, or a cluster's nodes. */
export function openProxyStorage(config: StratusConfig, logger: Logger): Promise<ProxyStorage> {
  const ringsDir = config.object_store.rings_dir;
  return ringsDir === null ? allInOneStorage(config, logger) : clusterStorage(ringsDir, config);
}
