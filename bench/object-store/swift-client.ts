// A Swift client for the bench: node:http over keep-alive connections (one per request in
// flight), bodies sent and read as streams so a 1 GiB object never sits in the bench's memory.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { userToken } from '../cloud-process.js';

export interface SwiftAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Bytes of the response body, read and thrown away. */
  bytes: number;
}

export class SwiftClient {
  private readonly agent: Agent;

  private constructor(
    private readonly storageUrl: URL,
    private readonly token: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** Logs `user` in to the project of its name; the storage URL is the catalog's, as a user finds it. */
  static async login(
    base: string,
    user: string,
    password: string,
    connections: number,
  ): Promise<SwiftClient> {
    const token = await userToken(base, user, password);
    const response = await fetch(`${base}/identity/v3/auth/catalog`, { headers: { 'x-auth-token': token } });
    if (!response.ok) throw new Error(`catalog: HTTP ${response.status}`);
    const { catalog } = (await response.json()) as {
      catalog: { type: string; endpoints: { interface: string; url: string }[] }[];
    };
    const endpoint = catalog
      .find((service) => service.type === 'object-store')
      ?.endpoints.find((candidate) => candidate.interface === 'public');
    if (!endpoint) throw new Error('the catalog has no public object-store endpoint');
    return new SwiftClient(new URL(endpoint.url), token, connections);
  }

  /** One request to `path` under the account; the answer's body is counted, never kept. */
  send(
    method: string,
    path: string,
    body?: Buffer | Readable,
    headers: Record<string, string> = {},
  ): Promise<SwiftAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        `${this.storageUrl.href}/${path}`,
        { method, agent: this.agent, headers: { 'x-auth-token': this.token, ...headers } },
        (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () =>
            resolve({ status: response.statusCode!, headers: response.headers, bytes }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      if (Buffer.isBuffer(body)) outgoing.end(body);
      else if (body) body.pipe(outgoing);
      else outgoing.end();
    });
  }

  /** Like `send`, failing unless the status is `expected`. */
  async expect(
    expected: number,
    method: string,
    path: string,
    body?: Buffer | Readable,
    headers?: Record<string, string>,
  ) {
    const answer = await this.send(method, path, body, headers);
    if (answer.status !== expected)
      throw new Error(`${method} ${path}: HTTP ${answer.status}, not ${expected}`);
    return answer;
  }

  close(): void {
    this.agent.destroy();
  }
}
