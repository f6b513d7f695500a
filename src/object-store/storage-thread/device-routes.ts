import { InProcessTransport } from '../storage/in-process-transport.js';
import type {
  NodeAddress,
  StorageNode,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from '../storage/storage-protocol.js';

/**
 * A storage thread's transport: a request for one of its own devices is a function call to its
 * node; one for a device another thread serves goes over the link to that thread (an object
 * server's container update, a replicator's push). All of them are devices of the one all-in-one
 * node, so the address says nothing more than the device does.
 */
export class DeviceRoutes implements StorageTransport {
  private readonly local = new InProcessTransport();

  constructor(private readonly peers: ReadonlyMap<string, StorageTransport>) {}

  /** The node of this thread, at its address on the rings. */
  register(address: NodeAddress, node: StorageNode): void {
    this.local.register(address, node);
  }

  request(address: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    return (this.peers.get(request.device) ?? this.local).request(address, request);
  }

  /** A request another thread sent here: this thread's node answers it. */
  requestHere(address: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    return this.local.request(address, request);
  }
}
