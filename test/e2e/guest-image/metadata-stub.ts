import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/**
 * A metadata service the guest reaches at 169.254.169.254 through QEMU's user-mode network:
 * `guestfwd` runs a command per connection with the connection as its stdio, and that command
 * (a few lines of Node written into `dir`) joins it to this HTTP server on the host.
 */
export class MetadataStub {
  private constructor(
    private readonly server: Server,
    /** The paths the guest asked for, in order. */
    readonly requests: string[],
    readonly port: number,
    readonly bridgeScript: string,
  ) {}

  static async start(dir: string, files: Record<string, string>): Promise<MetadataStub> {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = files[request.url ?? ''];
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' });
      response.end(body ?? 'Not Found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const bridgeScript = join(dir, 'metadata-bridge.mjs');
    writeFileSync(
      bridgeScript,
      "import { connect } from 'node:net';\n" +
        'const socket = connect(Number(process.argv[2]), "127.0.0.1");\n' +
        'process.stdin.pipe(socket).pipe(process.stdout);\n',
    );
    return new MetadataStub(server, requests, port, bridgeScript);
  }

  /**
   * The user-mode network options: a link-local guest network, since QEMU forwards only
   * addresses inside it, and 169.254.169.254:80 forwarded to this server.
   */
  userNetOptions(): string {
    return `net=169.254.0.0/16,guestfwd=tcp:169.254.169.254:80-cmd:node ${this.bridgeScript} ${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
