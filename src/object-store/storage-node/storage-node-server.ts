import { mkdir } from 'node:fs/promises';
import type { ObjectStoreConfig } from '../../common/config/schema.js';
import { createApp } from '../../common/http/app.js';
import type { Logger } from '../../common/logging.js';
import { HttpTransport } from '../storage/http-transport.js';
import { storageNodeHttpPlugin } from '../storage/storage-http-plugin.js';
import type { NodeAddress } from '../storage/storage-protocol.js';
import { readClusterRings } from './cluster-rings.js';
import { storageNodeServices } from './storage-node-services.js';

export interface StorageNodeServerOptions {
  /** The folder of the node's devices (Swift's `devices`, `/srv/node`). */
  devicesRoot: string;
  /** Where the node listens; also its address on the rings, so it must be one the rings name. */
  bind: NodeAddress;
  /** The cluster's rings and hash path salt (see readClusterRings). */
  ringsDir: string;
  config: ObjectStoreConfig;
  logger: Logger;
}

export interface RunningStorageNode {
  address: NodeAddress;
  close(): Promise<void>;
}

/**
 * A storage node as a process of its own (split mode, Swift's account, container and object
 * servers on one port): its servers over HTTP for the proxies and the other nodes, which it
 * reaches over HTTP in turn, and its updaters, replicators and auditor.
 */
export async function startStorageNodeServer(options: StorageNodeServerOptions): Promise<RunningStorageNode> {
  const { devicesRoot, bind, ringsDir, config, logger } = options;
  const { salt, rings } = await readClusterRings(ringsDir);
  if (!rings.object.devices().some((device) => device.ip === bind.ip && device.port === bind.port))
    logger.warn(
      { node: bind },
      'the object ring names no device at this address; this node holds no objects',
    );
  await mkdir(devicesRoot, { recursive: true });
  const transport = new HttpTransport({ timeoutMs: config.node_timeout * 1000 });
  const services = storageNodeServices({
    devicesRoot,
    salt,
    rings,
    address: bind,
    transport,
    config,
    logger,
  });
  // The servers stream bodies themselves; Fastify's body limit never applies to them.
  const app = createApp({ logger, bodyLimit: Number.MAX_SAFE_INTEGER });
  await app.register(storageNodeHttpPlugin, { node: services.node });
  await app.listen({ host: bind.ip, port: bind.port });
  services.start();
  return {
    address: bind,
    async close() {
      await app.close();
      await services.stop();
      transport.close();
    },
  };
}
