import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What a VNC server says first (RFB 3.8's ProtocolVersion). */
export const RFB_VERSION = 'RFB 003.008\n';

/**
 * A TCP server that greets like a VNC server and records what each client sends, standing in
 * for a guest's console.
 */
export class FakeVncServer {
  readonly clients: { socket: Socket; received: Buffer[]; closed: Promise<void> }[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((socket) => {
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => {});
      this.clients.push({ socket, received, closed: once(socket, 'close').then(() => undefined) });
      socket.write(RFB_VERSION);
    });
  }

  async listen(): Promise<number> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves once the latest client has sent `text` in all. */
  async receivedFromLatest(text: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const client = this.clients.at(-1);
      if (client && Buffer.concat(client.received).toString().includes(text)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the console never received ${JSON.stringify(text)}`);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
