import type { Logger } from '../../common/logging.js';
import type { ObjectStoreConfig } from '../../common/config/schema.js';
import type { RingLookup } from '../ring/ring-types.js';
import type { LocalStorageNode } from '../storage/local-storage-node.js';
import type { NodeAddress, StorageTransport } from '../storage/storage-protocol.js';
import { DbReplicator } from './db-replicator.js';
import { ObjectAuditor } from './object-auditor.js';
import { ObjectReplicator } from './object-replicator.js';

export interface BackgroundWorkersOptions {
  rings: { account: RingLookup; container: RingLookup; object: RingLookup };
  /** This node's address on the rings. */
  node: NodeAddress;
  /** The node whose devices the workers look after (the auditor marks its changes through it). */
  storage: LocalStorageNode;
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  transport: StorageTransport;
  config: ObjectStoreConfig;
  logger?: Logger;
}

/** A storage node's replicators (objects, containers, accounts) and object auditor, started and stopped together. */
export function backgroundWorkers(options: BackgroundWorkersOptions) {
  const { rings, node, storage, devicesRoot, devices, transport, config, logger } = options;
  const intervalMs = config.replication_interval * 1000;
  const common = { node, devicesRoot, devices, transport, intervalMs, logger };
  const workers = [
    new ObjectReplicator({ ...common, ring: rings.object }),
    new DbReplicator({ ...common, ring: rings.container, server: 'container' }),
    new DbReplicator({ ...common, ring: rings.account, server: 'account' }),
    new ObjectAuditor({
      ring: rings.object,
      node,
      devicesRoot,
      devices,
      invalidateSuffix: (partitionPath, suffix) => storage.objects.invalidateSuffix(partitionPath, suffix),
      bytesPerSecond: config.audit_bytes_per_second,
      filesPerSecond: config.audit_files_per_second,
      intervalMs: config.audit_interval * 1000,
      logger,
    }),
  ];
  return {
    start(): void {
      for (const worker of workers) worker.start();
    },
    async stop(): Promise<void> {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}
