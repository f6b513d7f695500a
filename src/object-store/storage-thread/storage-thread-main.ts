// The storage thread: the all-in-one cloud's storage node (account, container and object servers,
// updaters, replicators, auditor) on a thread of its own, answering the proxy's thread's requests
// (storage-thread.ts is the other end).
import { parentPort, workerData } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { createLogger } from '../../common/logging.js';
import { InProcessTransport } from '../storage/in-process-transport.js';
import type { StorageRequest, StorageResponse } from '../storage/storage-protocol.js';
import { openRings } from '../storage-node/cluster-rings.js';
import { storageNodeServices } from '../storage-node/storage-node-services.js';
import { asBuffer, ownCopy, PortStreams } from './port-streams.js';
import type { FromStorageThread, StorageThreadSetup, ToStorageThread } from './thread-messages.js';

const port = parentPort!;
const setup = workerData as StorageThreadSetup;
const post = (message: FromStorageThread, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
const streams = new PortStreams(post);

const logger = createLogger(setup.logLevel).child({ service: 'object-store', thread: 'storage' });
const transport = new InProcessTransport();
const services = storageNodeServices({
  devicesRoot: setup.devicesRoot,
  salt: setup.salt,
  rings: openRings(setup.ringPaths, setup.salt),
  address: setup.address,
  transport,
  config: setup.config,
  logger,
});
transport.register(setup.address, services.node);

/** Sends a node's answer back: a buffer inline, a stream as stream `id`. */
function answer(id: number, response: StorageResponse): void {
  const { status, headers, body } = response;
  if (body instanceof Readable) {
    post({ kind: 'response', id, status, headers, streamed: true });
    void streams.send(id, body);
    return;
  }
  const copy = ownCopy(body);
  post({ kind: 'response', id, status, headers, body: copy, streamed: false }, [copy.buffer as ArrayBuffer]);
}

async function serve(message: Extract<ToStorageThread, { kind: 'request' }>): Promise<void> {
  const { id, address, streamed } = message;
  const body = streamed ? streams.receive(id) : message.body && asBuffer(message.body);
  const request: StorageRequest = { ...message.request, body };
  try {
    answer(id, await transport.request(address, request));
  } catch (error) {
    post({ kind: 'failed', id, message: (error as Error).message });
  } finally {
    // A body the node did not read to its end is of no more use: its sender stops.
    if (body instanceof Readable) body.destroy();
  }
}

port.on('message', (message: ToStorageThread) => {
  if (streams.handle(message)) return;
  switch (message.kind) {
    case 'request':
      void serve(message);
      break;
    case 'start':
      services.start();
      break;
    case 'stop':
      void services.stop().then(() => {
        post({ kind: 'stopped' });
        port.close();
      });
      break;
  }
});
post({ kind: 'ready' });
