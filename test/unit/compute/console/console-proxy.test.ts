import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { WebSocket } from 'ws';
import { createApp } from '../../../../src/common/http/app.js';
import { createLogger } from '../../../../src/common/logging.js';
import { ConsoleAuthTokens } from '../../../../src/compute/console/console-auth-tokens.js';
import { consoleProxy } from '../../../../src/compute/console/console-proxy.js';
import { novncAccessUrl, novncBaseUrl } from '../../../../src/compute/console/novnc-url.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { addServer, consoleDatabase, TestClock } from './console-fixtures.js';
import { FakeVncServer, RFB_VERSION } from './fake-vnc-server.js';
import { TempestWebsocket } from './tempest-websocket.js';

/** A websocket's first message, or its close code when it closes before sending any. */
function firstMessageOrClose(websocket: WebSocket): Promise<{ message?: Buffer; code?: number }> {
  return new Promise((resolve) => {
    websocket.once('message', (data: Buffer) => resolve({ message: data }));
    websocket.once('close', (code) => resolve({ code }));
  });
}

describe('console proxy', () => {
  let db: Kysely<ComputeSchema>;
  let app: FastifyInstance;
  let vnc: FakeVncServer;
  let port: number;
  let vncPort: number;
  let instanceUuid: string;
  const clock = new TestClock(new Date('2026-01-01T00:00:00.000Z'));

  before(async () => {
    db = await consoleDatabase();
    instanceUuid = await addServer(db);
    vnc = new FakeVncServer();
    vncPort = await vnc.listen();
    const logger = createLogger('silent');
    app = createApp({ logger, bodyLimit: 1024, validateResponses: true });
    await app.register(consoleProxy({ db, logger, now: clock.now, allowedOrigins: ['dashboard.example'] }), {
      prefix: '/console',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app.close();
    await vnc.close();
    await db.destroy();
  });

  /** A console URL as the API hands it out, for the fake VNC server. */
  async function consoleUrl(): Promise<string> {
    const accessUrlBase = novncBaseUrl(`http://127.0.0.1:${port}`);
    const token = await new ConsoleAuthTokens(db, clock.now).authorize(
      { instanceUuid, consoleType: 'novnc', host: '127.0.0.1', port: vncPort, accessUrlBase },
      600,
    );
    return novncAccessUrl(accessUrlBase, token);
  }

  function websocketOf(url: string, origin?: string): WebSocket {
    const path = new URL(url).searchParams.get('path');
    return new WebSocket(`ws://127.0.0.1:${port}/${path}`, ['binary'], { origin });
  }

  test('serves the noVNC page Tempest expects, and the noVNC modules it loads', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/vnc_lite.html?path=x' });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /<html.*>/);
    for (const part of ['</html>', 'noVNC', '<script', "import RFB from './core/rfb.js'"]) {
      assert.ok(page.body.includes(part), part);
    }
    const rfb = await app.inject({ method: 'GET', url: '/console/core/rfb.js' });
    assert.equal(rfb.statusCode, 200);
    assert.match(rfb.headers['content-type'] as string, /^text\/javascript/);
    assert.match(rfb.body, /export default class RFB/);
    const pako = await app.inject({ method: 'GET', url: '/console/vendor/pako/lib/zlib/inflate.js' });
    assert.equal(pako.statusCode, 200);
  });

  test('serves nothing else of the disk', async () => {
    for (const url of [
      '/console/core/%2e%2e/package.json',
      '/console/core/..%2f..%2f..%2fpackage.json',
      '/console/core/',
      '/console/core/input/README.md',
      '/console/core/nothing.js',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
    }
  });

  test('relays bytes both ways between the browser and the console, and closes both together', async () => {
    const websocket = websocketOf(await consoleUrl());
    const first = await firstMessageOrClose(websocket);
    assert.equal(first.message?.toString(), RFB_VERSION);
    assert.equal(websocket.protocol, 'binary');
    websocket.send(Buffer.from(RFB_VERSION));
    await vnc.receivedFromLatest(RFB_VERSION);
    const console = vnc.clients.at(-1)!;
    console.socket.write(Buffer.from([1, 2, 3]));
    const [next] = (await once(websocket, 'message')) as [Buffer];
    assert.deepEqual([...next], [1, 2, 3]);
    websocket.close();
    await console.closed;
  });

  test('the console closing closes the websocket', async () => {
    const websocket = websocketOf(await consoleUrl());
    await firstMessageOrClose(websocket);
    vnc.clients.at(-1)!.socket.end();
    const [code] = (await once(websocket, 'close')) as [number];
    assert.equal(code, 1000);
  });

  test("Tempest's client: the upgrade, the console's RFB version, and its answer relayed", async () => {
    const tempest = await TempestWebsocket.open(port, await consoleUrl());
    try {
      assert.match(tempest.response, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
      assert.match(tempest.response.toLowerCase(), /upgrade: websocket/);
      assert.equal((await tempest.receiveFrame())?.toString(), RFB_VERSION);
      tempest.sendFrame(Buffer.from(RFB_VERSION));
      await vnc.receivedFromLatest(RFB_VERSION);
    } finally {
      tempest.close();
    }
  });

  test("Tempest's bad token: the upgrade, then the connection closes with no data", async () => {
    const url = new URL(await consoleUrl());
    url.searchParams.set('path', url.searchParams.get('path')!.replace('token=', 'token=bad'));
    const connections = vnc.clients.length;
    const tempest = await TempestWebsocket.open(port, url.href);
    try {
      assert.match(tempest.response, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
      assert.equal(await tempest.receiveFrame(), undefined);
      assert.equal(vnc.clients.length, connections, 'the proxy reached the console');
    } finally {
      tempest.close();
    }
  });

  test('an expired token, or none, opens nothing', async () => {
    const url = await consoleUrl();
    clock.advance(600);
    const expired = await firstMessageOrClose(websocketOf(url));
    assert.deepEqual(expired, { code: 1006 });
    const none = new WebSocket(`ws://127.0.0.1:${port}/console/websockify`);
    assert.deepEqual(await firstMessageOrClose(none), { code: 1006 });
  });

  test("a page of another site may not open the console; the proxy's own and allowed ones may", async () => {
    const connections = vnc.clients.length;
    const refused = await firstMessageOrClose(websocketOf(await consoleUrl(), 'http://evil.example'));
    assert.deepEqual(refused, { code: 1006 });
    assert.equal(vnc.clients.length, connections);
    for (const origin of [`http://127.0.0.1:${port}`, 'http://dashboard.example']) {
      const websocket = websocketOf(await consoleUrl(), origin);
      assert.equal((await firstMessageOrClose(websocket)).message?.toString(), RFB_VERSION, origin);
      websocket.close();
    }
    const wrongScheme = await firstMessageOrClose(
      websocketOf(await consoleUrl(), `https://127.0.0.1:${port}`),
    );
    assert.deepEqual(wrongScheme, { code: 1006 });
  });
});
