import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../common/config/index.js';
import { createLogger } from '../common/logging.js';
import { ClusterRingsError } from '../object-store/storage-node/cluster-rings.js';
import { startStorageNodeServer } from '../object-store/storage-node/storage-node-server.js';
import type { NodeAddress } from '../object-store/storage/storage-protocol.js';

export interface StorageNodeCommandOptions {
  devices: string;
  bind: NodeAddress;
  rings: string;
}

/** `<ip>:<port>`, the form the rings name a node in. */
export function parseBindAddress(value: string): NodeAddress {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535)
    throw new InvalidArgumentError(`expected <ip>:<port> as the rings name the node, e.g. 127.0.0.1:6200`);
  return { ip: match[1].replace(/^\[|\]$/g, ''), port };
}

/** Runs one storage node in the foreground until SIGINT or SIGTERM, then closes it cleanly. */
async function runStorageNode(options: StorageNodeCommandOptions): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`stratus: ${error.message}`);
    process.exit(2);
  }
  const logger = createLogger(config.log_level).child({ service: 'object-store-node' });
  let node;
  try {
    node = await startStorageNodeServer({
      devicesRoot: resolve(options.devices),
      bind: options.bind,
      ringsDir: resolve(options.rings),
      config: config.object_store,
      logger,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof ClusterRingsError) && code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL')
      throw error;
    const { ip, port } = options.bind;
    console.error(
      `stratus: cannot start the storage node: ${code ? `${ip}:${port} is not free here` : (error as Error).message}`,
    );
    process.exit(1);
  }
  console.log(`storage node serving ${resolve(options.devices)} on ${node.address.ip}:${node.address.port}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await node.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * `stratus object-store node --devices <dir> --bind <ip>:<port> --rings <dir>`: a storage node of
 * a split cluster (Swift's account, container and object servers with their updaters,
 * replicators and auditor), for proxies whose `object_store.rings_dir` holds the same rings.
 */
export function objectStoreNodeCommand(): Command {
  return new Command('node')
    .description('run a storage node (account, container and object servers) for a split cluster')
    .requiredOption('--devices <dir>', 'the folder of its devices, one folder each, named as in the rings')
    .requiredOption('--bind <ip:port>', 'where it listens: its address in the rings', parseBindAddress)
    .requiredOption(
      '--rings <dir>',
      "the cluster's rings and hash_path_salt (the proxy's object_store.rings_dir)",
    )
    .action((options: StorageNodeCommandOptions) => runStorageNode(options));
}
