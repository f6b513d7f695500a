// A storage thread: the devices it was given of the all-in-one cloud's storage node (account,
// container and object servers, updaters, replicators, auditor for those devices) on a thread of
// its own, answering the proxy's thread and the node's other storage threads (storage-threads.ts
// is the other end).
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../common/logging.js';
import type { StorageTransport } from '../storage/storage-protocol.js';
import { openRings } from '../storage-node/cluster-rings.js';
import { storageNodeServices } from '../storage-node/storage-node-services.js';
import { DeviceRoutes } from './device-routes.js';
import { StorageLink, type ServeRequest } from './storage-link.js';
import type { FromStorageThread, StorageThreadSetup, ToStorageThread } from './thread-messages.js';

const port = parentPort!;
const setup = workerData as StorageThreadSetup;

const peers = new Map<string, StorageTransport>();
const routes = new DeviceRoutes(peers);
const serveHere: ServeRequest = (address, request) => routes.requestHere(address, request);
for (const peer of setup.peers) {
  const link = new StorageLink(
    (message, transfer) => peer.port.postMessage(message, transfer),
    peer.side,
    serveHere,
  );
  peer.port.on('message', (message: { kind: string }) => link.handle(message));
  peer.port.on('close', () =>
    link.fail(new Error(`the storage thread of ${peer.devices.join(', ')} is gone`)),
  );
  for (const device of peer.devices) peers.set(device, link);
}

const logger = createLogger(setup.logLevel).child({
  service: 'object-store',
  thread: `storage ${setup.devices.join(', ')}`,
});
const services = storageNodeServices({
  devicesRoot: setup.devicesRoot,
  devices: setup.devices,
  salt: setup.salt,
  rings: openRings(setup.ringPaths, setup.salt),
  address: setup.address,
  transport: routes,
  config: setup.config,
  logger,
});
routes.register(setup.address, services.node);

const post = (message: FromStorageThread, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
const proxy = new StorageLink(post, 1, serveHere);

port.on('message', (message: ToStorageThread) => {
  if (proxy.handle(message)) return;
  switch (message.kind) {
    case 'start':
      services.start();
      break;
    case 'stop':
      // The thread keeps answering (requests fail on the closed databases) until the proxy's
      // thread ends it, once every storage thread has stopped: none waits on one gone.
      void services.stop().then(() => post({ kind: 'stopped' }));
      break;
  }
});
post({ kind: 'ready' });
