import type {
  NodeAddress,
  StorageNode,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from './storage-protocol.js';

/** The key of a node address. */
function keyOf(node: NodeAddress): string {
  return `${node.ip}:${node.port}`;
}

/**
 * The all-in-one cloud's transport: a node address is a name for a node of this process, and a
 * request is a function call to it. An address nobody registered is a node that is down.
 */
export class InProcessTransport implements StorageTransport {
  private readonly nodes = new Map<string, StorageNode>();

  register(address: NodeAddress, node: StorageNode): void {
    this.nodes.set(keyOf(address), node);
  }

  unregister(address: NodeAddress): void {
    this.nodes.delete(keyOf(address));
  }

  async request(address: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    const node = this.nodes.get(keyOf(address));
    if (!node) throw new Error(`no storage node at ${keyOf(address)}`);
    return node.handle(request);
  }
}
