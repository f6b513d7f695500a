import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Browser } from 'playwright-core';
import { createApp } from '../../../../src/common/http/app.js';
import { createLogger } from '../../../../src/common/logging.js';
import { ConsoleAuthTokens } from '../../../../src/compute/console/console-auth-tokens.js';
import { consoleProxy } from '../../../../src/compute/console/console-proxy.js';
import { novncAccessUrl, novncBaseUrl } from '../../../../src/compute/console/novnc-url.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { addServer, consoleDatabase } from '../../../unit/compute/console/console-fixtures.js';
import { TempestWebsocket } from '../../../unit/compute/console/tempest-websocket.js';
import { CHROMIUM, launchHeadlessChromium } from '../headless-chromium.js';

const QEMU = 'qemu-system-x86_64';
const VNC_BASE_PORT = 5900;

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(`${dir}/${command}`));
}

const skip = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed`
  : !onPath(QEMU)
    ? `${QEMU} is not installed`
    : false;

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// Run in the page; strings, as the project's TypeScript knows no DOM.
const CONNECTED = `document.getElementById('status').textContent.startsWith('Connected')`;
/** SeaBIOS writes light text on black: some pixel of noVNC's canvas turns non-black. */
const SCREEN_DRAWN = `(() => {
  const canvas = document.querySelector('#screen canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] + pixels[i + 1] + pixels[i + 2] > 0) return true;
  }
  return false;
})()`;

/** Whether 127.0.0.1:`port` is free to listen on. */
function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A diskless QEMU guest (TCG) whose only screen is its VNC server: SeaBIOS draws its boot
 * messages there. Other tests run guests too, so the display is picked at random among free ones.
 */
async function startGuest(): Promise<{ qemu: ChildProcess; port: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const display = 100 + Math.floor(Math.random() * 400);
    const port = VNC_BASE_PORT + display;
    if (!(await free(port))) continue;
    const qemu = spawn(
      QEMU,
      ['-accel', 'tcg', '-m', '64', '-nodefaults', '-vga', 'std', '-display', 'none'].concat([
        '-vnc',
        `127.0.0.1:${display}`,
        '-net',
        'none',
        '-monitor',
        'none',
        '-serial',
        'none',
      ]),
      { stdio: 'ignore' },
    );
    for (let wait = 0; wait < 100 && qemu.exitCode === null; wait++) {
      if (await listening(port)) return { qemu, port };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    qemu.kill('SIGKILL');
  }
  throw new Error('no QEMU guest with a VNC server could be started');
}

describe('noVNC console to a real QEMU guest', { skip }, () => {
  let db: Kysely<ComputeSchema>;
  let app: FastifyInstance;
  let guest: { qemu: ChildProcess; port: number } | undefined;
  let browser: Browser | undefined;

  before(async () => {
    guest = await startGuest();
    db = await consoleDatabase();
    const logger = createLogger('silent');
    app = createApp({ logger, bodyLimit: 1024 });
    await app.register(consoleProxy({ db, logger, now: () => new Date() }), { prefix: '/console' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchHeadlessChromium();
  });
  after(async () => {
    await browser?.close();
    if (guest && guest.qemu.exitCode === null) {
      const exited = new Promise((resolve) => guest!.qemu.once('exit', resolve));
      guest.qemu.kill('SIGKILL');
      await exited;
    }
    await app?.close();
    await db?.destroy();
  });

  function proxyPort(): number {
    return (app.server.address() as { port: number }).port;
  }

  /** A console URL for the guest, as the API hands it out. */
  async function consoleUrl(): Promise<string> {
    const accessUrlBase = novncBaseUrl(`http://127.0.0.1:${proxyPort()}`);
    const token = await new ConsoleAuthTokens(db, () => new Date()).authorize(
      {
        instanceUuid: await addServer(db),
        consoleType: 'novnc',
        host: '127.0.0.1',
        port: guest!.port,
        accessUrlBase,
      },
      600,
    );
    return novncAccessUrl(accessUrlBase, token);
  }

  test("the console URL's page, in a browser, connects and shows the guest's screen", async () => {
    const page = await browser!.newPage();
    await page.goto(await consoleUrl());
    await page.waitForFunction(CONNECTED, undefined, { timeout: 30_000 });
    await page.waitForFunction(SCREEN_DRAWN, undefined, { timeout: 60_000, polling: 500 });
    const status = await page.locator('#status').textContent();
    assert.match(status ?? '', /^Connected \(unencrypted\) to QEMU/);
  });

  // tempest.api.compute.servers.test_novnc: _validate_rfb_negotiation, frame by frame.
  test("Tempest's RFB negotiation with the guest through the proxy", async () => {
    const tempest = await TempestWebsocket.open(proxyPort(), await consoleUrl());
    try {
      assert.match(tempest.response, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
      const version = (await tempest.receiveFrame())!;
      assert.equal(version.toString(), 'RFB 003.008\n');
      tempest.sendFrame(version);
      const securityTypes = (await tempest.receiveFrame())!;
      assert.ok([...securityTypes.subarray(1, 1 + securityTypes[0])].includes(1), 'no security type None');
      tempest.sendFrame(Buffer.from([1]));
      assert.deepEqual([...(await tempest.receiveFrame())!], [0, 0, 0, 0]);
      tempest.sendFrame(Buffer.from([1]));
      const serverInit = (await tempest.receiveFrame())!;
      assert.ok(serverInit.length > 24);
      assert.equal(serverInit.length, serverInit.readUInt32BE(20) + 24);
    } finally {
      tempest.close();
    }
  });
});
