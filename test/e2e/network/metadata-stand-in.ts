import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../src/common/logging.js';
import type { MetadataForwarding } from '../../../src/network/agent/network-agent.js';
import type { NetworkDeps } from '../../../src/network/deps.js';
import { instanceIdSignature } from '../../../src/common/instance-signature.js';
import { MetadataProxy } from '../../../src/network/metadata/metadata-proxy.js';

/** Where the routers' forwarders listen in their namespaces, as the service sets it (src/network/index.ts). */
const FORWARDER_PORT = 9697;

/**
 * The network service's metadata proxy, for real, in front of a stand-in for compute's metadata
 * service that answers `.../instance-id` with the instance the proxy named, when its signature
 * is right (403 otherwise). `forwarding` is what the agent needs to run the routers' forwarders.
 */
export class MetadataStandIn {
  private constructor(
    private readonly upstream: Server,
    private readonly proxy: MetadataProxy,
    readonly forwarding: MetadataForwarding,
  ) {}

  static async start(deps: NetworkDeps, stateDir: string): Promise<MetadataStandIn> {
    const secret = randomBytes(16).toString('hex');
    const upstream = createServer((incoming, outgoing) => {
      const instanceId = String(incoming.headers['x-instance-id'] ?? '');
      const signed = incoming.headers['x-instance-id-signature'] === instanceIdSignature(secret, instanceId);
      if (!signed) {
        outgoing.writeHead(403).end('The signature of the instance id is wrong.\n');
      } else if (incoming.url?.endsWith('/instance-id')) {
        outgoing.end(`${instanceId}\n`);
      } else {
        outgoing.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/metadata`;
    const proxy = new MetadataProxy(deps, { url, sharedSecret: secret }, createLogger('silent'));
    const socketPath = join(stateDir, 'metadata.sock');
    await proxy.listen(socketPath);
    return new MetadataStandIn(upstream, proxy, {
      port: FORWARDER_PORT,
      socketPath,
      script: fileURLToPath(new URL('../../../src/network/metadata/namespace-forwarder.js', import.meta.url)),
    });
  }

  async close(): Promise<void> {
    await this.proxy.close();
    this.upstream.closeAllConnections();
    await new Promise<void>((resolve) => this.upstream.close(() => resolve()));
  }
}
