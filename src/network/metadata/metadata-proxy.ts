import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import type { Logger } from '../../common/logging.js';
import { RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { instanceIdSignature } from '../../common/instance-signature.js';

/** Where the proxy passes requests on: compute's metadata service, and the secret they share. */
export interface MetadataUpstream {
  /** Base URL of the metadata service, e.g. `http://127.0.0.1:5000/metadata`. */
  url: string;
  sharedSecret: string;
}

/** The instance behind a request: the one whose port on the router's networks has the source address. */
export interface MetadataCaller {
  instanceId: string;
  projectId: string;
}

/**
 * Neutron's metadata agent: it takes what the forwarders in the routers' namespaces pass on
 * (the router and the source address), finds the instance, and forwards the request to the
 * metadata service with the instance named and signed. An address no instance has gets 404, so
 * nothing is served on a caller's word alone.
 */
export class MetadataProxy {
  private server: Server | null = null;

  constructor(
    private readonly deps: NetworkDeps,
    private readonly upstream: MetadataUpstream,
    private readonly logger: Logger,
  ) {}

  /** Finds the instance that has `address` on a network the router is on. */
  async callerOf(routerId: string, address: string): Promise<MetadataCaller | null> {
    const ports = new RecordStore('ports', this.deps.now);
    const legs = await ports.list(this.deps.db, { refIds: [routerId] });
    const networks = legs
      .filter((leg) => leg.device_owner === 'network:router_interface')
      .map((leg) => leg.network_id as string);
    if (networks.length === 0) return null;
    const candidates = await ports.list(this.deps.db, { parentIds: networks });
    const port = candidates.find(
      (candidate) =>
        String(candidate.device_owner ?? '').startsWith('compute:') &&
        (candidate.fixed_ips as { ip_address: string }[]).some((fixed) => fixed.ip_address === address),
    );
    return port ? { instanceId: port.device_id as string, projectId: port.project_id as string } : null;
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const routerId = String(incoming.headers['x-neutron-router-id'] ?? '');
    const address = String(incoming.headers['x-forwarded-for'] ?? '');
    const caller = routerId && address ? await this.callerOf(routerId, address) : null;
    if (!caller) {
      outgoing.writeHead(404, { 'content-type': 'text/plain' });
      outgoing.end('Not Found\n');
      return;
    }
    const target = new URL(`${this.upstream.url.replace(/\/$/, '')}${incoming.url ?? '/'}`);
    const headers: Record<string, string> = {
      'x-forwarded-for': address,
      'x-instance-id': caller.instanceId,
      'x-tenant-id': caller.projectId,
      'x-instance-id-signature': instanceIdSignature(this.upstream.sharedSecret, caller.instanceId),
    };
    for (const name of ['accept', 'content-type', 'content-length']) {
      const value = incoming.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const forwarded = request(target, { method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(outgoing);
    });
    forwarded.on('error', (error) => {
      this.logger.warn({ err: error }, 'metadata service unreachable');
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end('The metadata service is not reachable.\n');
    });
    incoming.pipe(forwarded);
  }

  /** Listens on the unix socket the forwarders reach. */
  async listen(socketPath: string): Promise<void> {
    rmSync(socketPath, { force: true });
    this.server = createServer((incoming, outgoing) => {
      this.handle(incoming, outgoing).catch((error) => {
        this.logger.error({ err: error }, 'metadata proxy failed');
        if (!outgoing.headersSent) outgoing.writeHead(500);
        outgoing.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(socketPath, resolve));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
