import type { ObjectStoreConfig } from '../../common/config/schema.js';
import type { Logger } from '../../common/logging.js';
import type { HashPathSalt } from '../ring/index.js';
import { backgroundWorkers } from '../replication/background-workers.js';
import { ContainerUpdater } from '../storage/container/container-updater.js';
import { LocalStorageNode } from '../storage/local-storage-node.js';
import { ObjectUpdater } from '../storage/object/object-updater.js';
import type { NodeAddress, StorageTransport } from '../storage/storage-protocol.js';
import type { ClusterRingSet } from './cluster-rings.js';

export interface StorageNodeServicesOptions {
  /** The folder of the node's devices, one folder each (Swift's `devices`). */
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  salt: HashPathSalt;
  rings: ClusterRingSet;
  /** The node's address on the rings: its devices are those the rings place there. */
  address: NodeAddress;
  /** How the node reaches the other nodes (and itself) for updates and replication. */
  transport: StorageTransport;
  config: ObjectStoreConfig;
  logger: Logger;
}

/**
 * One storage node with what runs beside it in Swift: the account, container and object servers
 * for its devices, the object and container updaters (which catch container listings and account
 * totals up with updates that could not be made at once), and the replicators and the object
 * auditor (which keep three good replicas of everything). The same in the all-in-one cloud and in
 * a storage node process of its own.
 */
export function storageNodeServices(options: StorageNodeServicesOptions) {
  const { devicesRoot, devices, salt, rings, address, transport, config, logger } = options;
  const node = new LocalStorageNode({ devicesRoot, salt, transport, logger });
  const objectUpdater = new ObjectUpdater({ devicesRoot, devices, transport, logger });
  const containerUpdater = new ContainerUpdater({
    containers: node.containers,
    devicesRoot,
    devices,
    accountRing: rings.account,
    transport,
    logger,
  });
  const background = backgroundWorkers({
    rings,
    node: address,
    storage: node,
    devicesRoot,
    devices,
    transport,
    logger,
    config,
  });
  return {
    node,
    start(): void {
      objectUpdater.start();
      containerUpdater.start();
      background.start();
    },
    async stop(): Promise<void> {
      await objectUpdater.stop();
      await containerUpdater.stop();
      await background.stop();
      node.close();
    },
  };
}
