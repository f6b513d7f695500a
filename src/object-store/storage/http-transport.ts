import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { fromWire, METHOD_HEADER, requestPath, SERVER_HEADER, toWire } from './http-wire.js';
import type { NodeAddress, StorageRequest, StorageResponse, StorageTransport } from './storage-protocol.js';

export interface HttpTransportOptions {
  /** Swift's `conn_timeout` and `node_timeout` in one: no answer within it, the node is down. */
  timeoutMs?: number;
  /** Connections kept per node. */
  maxSockets?: number;
}

async function collect(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Storage nodes over HTTP, for nodes that run as their own processes (split mode): the same
 * request and answer as the in-process transport. Object data streams both ways; other answers
 * are read whole. A node that cannot be reached or times out rejects.
 */
export class HttpTransport implements StorageTransport {
  private readonly agent: Agent;

  constructor(private readonly options: HttpTransportOptions = {}) {
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  request(node: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) headers[key] = toWire(value);
    if (request.server) headers[SERVER_HEADER] = request.server;
    if (request.method === 'REPLICATE') headers[METHOD_HEADER] = 'REPLICATE';
    if (Buffer.isBuffer(request.body)) headers['content-length'] = String(request.body.length);
    else if (request.body && headers['content-length'] === undefined)
      headers['transfer-encoding'] = 'chunked';
    return new Promise<StorageResponse>((resolve, reject) => {
      const outgoing = httpRequest({
        host: node.ip,
        port: node.port,
        method: request.method === 'REPLICATE' ? 'POST' : request.method,
        path: requestPath(request),
        headers,
        agent: this.agent,
        timeout: this.options.timeoutMs ?? 10_000,
      });
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`storage node ${node.ip}:${node.port} timed out`)),
      );
      outgoing.on('error', reject);
      outgoing.on('response', (incoming) => {
        const responseHeaders: Record<string, string> = {};
        for (const [key, value] of Object.entries(incoming.headers)) {
          if (value !== undefined)
            responseHeaders[key] = fromWire(Array.isArray(value) ? value.join(', ') : value);
        }
        const status = incoming.statusCode ?? 500;
        const streamed =
          request.method === 'GET' && (request.server ?? (request.object ? 'object' : '')) === 'object';
        if (streamed) {
          resolve({ status, headers: responseHeaders, body: incoming });
          return;
        }
        collect(incoming).then((body) => resolve({ status, headers: responseHeaders, body }), reject);
      });
      if (request.body instanceof Readable) {
        request.body.on('error', (error) => outgoing.destroy(error));
        request.body.pipe(outgoing);
      } else {
        outgoing.end(request.body);
      }
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
