import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../../common/logging.js';

/** Bytes queued towards the browser above which the console's socket stops being read. */
const MAX_BUFFERED_TO_BROWSER = 1024 * 1024;

/** WebSocket close codes (RFC 6455 7.4.1). */
const NORMAL_CLOSURE = 1000;
const INTERNAL_ERROR = 1011;

/**
 * Relays the bytes of a browser's websocket and of a console's TCP socket both ways (websockify's
 * `do_proxy`): each binary message becomes bytes on the socket, each chunk read from the socket a
 * binary message. Either side closing closes the other. A side that cannot keep up stops the
 * reading of the other, so a slow browser never makes the proxy hold a guest's whole screen
 * stream in memory. `websocket` may come paused (so no message is lost while the caller checked
 * the token); the relay resumes it.
 */
export function relayWebsocket(websocket: WebSocket, target: Socket, logger: Logger): void {
  websocket.on('message', (data) => {
    if (!target.write(bytesOf(data))) {
      websocket.pause();
      target.once('drain', () => websocket.resume());
    }
  });
  websocket.on('close', () => target.destroy());

  target.on('data', (chunk: Buffer) => {
    websocket.send(chunk, { binary: true }, () => {
      if (target.isPaused() && websocket.bufferedAmount < MAX_BUFFERED_TO_BROWSER) target.resume();
    });
    if (websocket.bufferedAmount >= MAX_BUFFERED_TO_BROWSER) target.pause();
  });
  target.on('error', (error) => logger.info({ err: error }, 'console connection failed'));
  target.on('close', (hadError) => {
    if (hadError) websocket.close(INTERNAL_ERROR, 'Console connection failed');
    else websocket.close(NORMAL_CLOSURE, 'Target closed');
  });
  websocket.resume();
}

/** The bytes of a websocket message, whichever form `ws` gives them in. */
function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
