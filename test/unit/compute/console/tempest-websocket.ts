import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/**
 * The websocket client of Tempest's noVNC test (`tempest.common.compute.create_websocket`), as
 * plain as it is: it sends `GET /<path of the console URL>`, reads frames of under 126 bytes
 * with no masking, and sends binary frames masked with a fixed key.
 */
export class TempestWebsocket {
  response = '';
  private buffer = Buffer.alloc(0);
  private ended = false;
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiter?.();
    });
  }

  static async open(port: number, consoleUrl: string): Promise<TempestWebsocket> {
    const url = new URL(consoleUrl);
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const client = new TempestWebsocket(socket);
    socket.write(
      `GET /${url.searchParams.get('path')} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Cookie: ${url.search.slice(1)}\r\n` +
        'Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: binary\r\n\r\n',
    );
    const head = await client.read((buffer) => {
      const end = buffer.indexOf('\r\n\r\n');
      return end < 0 ? undefined : end + 4;
    });
    client.response = head?.toString() ?? '';
    return client;
  }

  /** Tempest's `receive_frame`: the next non-empty frame's payload, or undefined once closed. */
  async receiveFrame(): Promise<Buffer | undefined> {
    for (;;) {
      const frame = await this.read((buffer) => (buffer.length >= 2 ? 2 + (buffer[1] & 127) : undefined));
      if (!frame) return undefined;
      if (frame.length > 2) return frame.subarray(2);
    }
  }

  /** Tempest's `send_frame`. */
  sendFrame(data: Buffer): void {
    const mask = [7, 2, 1, 9];
    const masked = data.map((byte, i) => byte ^ mask[i % 4]);
    this.socket.write(Buffer.concat([Buffer.from([130, data.length | 128, ...mask]), masked]));
  }

  close(): void {
    this.socket.destroy();
  }

  /** Takes the first `length(buffer)` bytes once they have come, or undefined if the socket closes first. */
  private async read(length: (buffer: Buffer) => number | undefined): Promise<Buffer | undefined> {
    for (;;) {
      const wanted = length(this.buffer);
      if (wanted !== undefined && this.buffer.length >= wanted) {
        const taken = this.buffer.subarray(0, wanted);
        this.buffer = this.buffer.subarray(wanted);
        return taken;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }
}
