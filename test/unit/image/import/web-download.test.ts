import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../../src/common/http/errors.js';
import { AddressPolicy } from '../../../../src/image/import/address-policy.js';
import { openWebDownload, webDownloadAllowed } from '../../../../src/image/import/web-download.js';

const IMAGE = Buffer.alloc(256 * 1024, 7);
const LOOPBACK = ['127.0.0.0/8'];
const LIMIT = 1024 ** 3;

let server: Server;
let base: string;
let port: number;
const hostHeaders: string[] = [];

/** A web server on loopback with an image, redirects and failures. */
function handle(request: IncomingMessage, response: ServerResponse): void {
  hostHeaders.push(request.headers.host ?? '');
  const path = request.url ?? '/';
  const redirect = (location: string) => response.writeHead(302, { location }).end();
  if (path === '/image') response.writeHead(200, { 'content-length': IMAGE.length }).end(IMAGE);
  else if (path === '/chunked-image') response.writeHead(200).end(IMAGE);
  else if (path === '/moved') redirect('/image');
  else if (path === '/to-metadata') redirect('http://169.254.169.254/latest/meta-data/');
  else if (path === '/to-private') redirect('http://10.0.0.1/image');
  else if (path === '/to-ipv6-loopback') redirect(`http://[::1]:${port}/image`);
  else if (path === '/to-file') redirect('file:///etc/passwd');
  else if (path === '/to-garbage') redirect('http://[oops/');
  else if (path.startsWith('/loop/')) redirect(`/loop/${Number(path.slice(6)) + 1}`);
  else if (path === '/cut-short') {
    response.writeHead(200, { 'content-length': IMAGE.length });
    response.write(IMAGE.subarray(0, 1000), () => response.destroy());
  } else response.writeHead(404).end('not here');
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Asserts that `promise` rejects with an ApiError of this status and message. */
async function refused(promise: Promise<unknown>, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

before(async () => {
  server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

after(() => server.close());

describe('openWebDownload', () => {
  it('refuses loopback by default', async () => {
    const uri = `${base}/image`;
    await refused(
      openWebDownload(uri, { allowedNetworks: [], maxBytes: LIMIT }),
      400,
      `URI for web-download does not pass filtering: ${uri}`,
    );
  });

  it('downloads from loopback once its network is allowed', async () => {
    const stream = await openWebDownload(`${base}/image`, { allowedNetworks: LOOPBACK, maxBytes: LIMIT });
    assert.deepEqual(await read(stream), IMAGE);
  });

  it('refuses every spelling of a loopback or unspecified host', async () => {
    for (const host of [
      'localhost',
      '2130706433',
      '0x7f.1',
      '127.1',
      '0.0.0.0',
      '[::1]',
      '[::ffff:127.0.0.1]',
    ]) {
      const uri = `http://${host}:${port}/image`;
      await refused(
        openWebDownload(uri, { allowedNetworks: [], maxBytes: LIMIT }),
        400,
        /does not pass filtering/,
      );
    }
  });

  it('connects to the checked address and still names the host it was given', async () => {
    hostHeaders.length = 0;
    const stream = await openWebDownload(`http://localhost:${port}/image`, {
      allowedNetworks: [...LOOPBACK, '::1/128'],
      maxBytes: LIMIT,
    });
    assert.deepEqual(await read(stream), IMAGE);
    assert.deepEqual(hostHeaders, [`localhost:${port}`]);
  });

  it('refuses schemes other than http and https, and URIs that do not parse', async () => {
    for (const uri of ['ftp://example.com/image', 'file:///etc/passwd', 'gopher://127.0.0.1/', 'not a uri']) {
      await refused(
        openWebDownload(uri, { allowedNetworks: LOOPBACK, maxBytes: LIMIT }),
        400,
        `URI for web-download does not pass filtering: ${uri}`,
      );
    }
  });

  it('refuses a host that does not resolve', async () => {
    await refused(
      openWebDownload('http://no-such-host.invalid/image', { allowedNetworks: [], maxBytes: LIMIT }),
      400,
      /does not pass filtering/,
    );
  });

  it('follows a redirect to an allowed address', async () => {
    const stream = await openWebDownload(`${base}/moved`, { allowedNetworks: LOOPBACK, maxBytes: LIMIT });
    assert.deepEqual(await read(stream), IMAGE);
  });

  it('refuses a redirect to a private, link-local or not allowed address, or to another scheme', async () => {
    const cases: Array<[string, string]> = [
      ['/to-private', 'http://10.0.0.1/image'],
      ['/to-metadata', 'http://169.254.169.254/latest/meta-data/'],
      ['/to-ipv6-loopback', `http://[::1]:${port}/image`],
      ['/to-file', 'file:///etc/passwd'],
      ['/to-garbage', 'http://[oops/'],
    ];
    for (const [path, target] of cases) {
      await refused(
        openWebDownload(`${base}${path}`, { allowedNetworks: LOOPBACK, maxBytes: LIMIT }),
        400,
        `Redirect to disallowed URL: ${target}`,
      );
    }
  });

  it('gives up after five redirects', async () => {
    await refused(
      openWebDownload(`${base}/loop/0`, { allowedNetworks: LOOPBACK, maxBytes: LIMIT }),
      400,
      `Too many redirects while downloading ${base}/loop/0`,
    );
  });

  it('refuses an announced length over the limit at once', async () => {
    await refused(
      openWebDownload(`${base}/image`, { allowedNetworks: LOOPBACK, maxBytes: IMAGE.length - 1 }),
      413,
      'The provided image is too large.',
    );
  });

  it('fails the stream once an unannounced length passes the limit', async () => {
    const stream = await openWebDownload(`${base}/chunked-image`, {
      allowedNetworks: LOOPBACK,
      maxBytes: IMAGE.length - 1,
    });
    await refused(read(stream), 413, 'The provided image is too large.');
    const exact = await openWebDownload(`${base}/chunked-image`, {
      allowedNetworks: LOOPBACK,
      maxBytes: IMAGE.length,
    });
    assert.equal((await read(exact)).length, IMAGE.length);
  });

  it('reports an error status and a download cut short', async () => {
    await refused(
      openWebDownload(`${base}/missing`, { allowedNetworks: LOOPBACK, maxBytes: LIMIT }),
      400,
      `Failed to download ${base}/missing: HTTP 404 Not Found`,
    );
    const stream = await openWebDownload(`${base}/cut-short`, { allowedNetworks: LOOPBACK, maxBytes: LIMIT });
    await assert.rejects(read(stream));
  });
});

describe('AddressPolicy', () => {
  const policy = new AddressPolicy([]);

  it('permits globally reachable addresses', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '2606:4700:4700::1111',
      '2a00:1450::1',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ]) {
      assert.equal(policy.permits(address), true, address);
    }
  });

  it('refuses loopback, link-local, private, unique-local, multicast, unspecified and reserved addresses', () => {
    const refusedAddresses = [
      ...[
        '127.0.0.1',
        '127.255.0.9',
        '169.254.169.254',
        '10.1.2.3',
        '172.16.0.1',
        '172.31.255.255',
        '192.168.1.1',
      ],
      ...[
        '100.64.0.1',
        '0.0.0.0',
        '224.0.0.1',
        '239.1.1.1',
        '255.255.255.255',
        '240.0.0.1',
        '192.0.2.1',
        '198.18.0.1',
      ],
      ...[
        '::',
        '::1',
        'fe80::1',
        'fe80::1%eth0',
        'fc00::1',
        'fd12:3456::1',
        'ff02::1',
        '2001:db8::1',
        '2002:7f00:1::',
      ],
      ...['::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '::127.0.0.1', 'not-an-address'],
    ];
    for (const address of refusedAddresses) assert.equal(policy.permits(address), false, address);
  });

  it('permits what the allowed networks hold, and only that', () => {
    const allowing = new AddressPolicy(['10.20.0.0/16', 'fd00::/8', '169.254.169.254']);
    for (const address of ['10.20.1.1', 'fd00::5', '169.254.169.254', '::ffff:10.20.0.1']) {
      assert.equal(allowing.permits(address), true, address);
    }
    for (const address of ['10.21.0.1', 'fc00::5', '169.254.169.253'])
      assert.equal(allowing.permits(address), false, address);
  });

  it('rejects malformed networks', () => {
    for (const network of [
      '10.0.0.0/33',
      '10.0.0/8',
      'fd00::/129',
      'example.com/8',
      '10.0.0.0/',
      '10.0.0.0/8/1',
    ]) {
      assert.throws(() => new AddressPolicy([network]), /allowed_networks/, network);
    }
  });
});

describe('webDownloadAllowed', () => {
  it('tells whether a URI passes the filtering without fetching it', async () => {
    hostHeaders.length = 0;
    assert.equal(await webDownloadAllowed(`${base}/image`, []), false);
    assert.equal(await webDownloadAllowed(`${base}/image`, LOOPBACK), true);
    assert.equal(await webDownloadAllowed('file:///etc/passwd', LOOPBACK), false);
    assert.deepEqual(hostHeaders, []);
  });
});
