import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  MEMBER_ACCOUNT,
  objectStoreTestApp,
  type ObjectStoreTestApp,
} from '../../../helpers/object-store-app.js';

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
  await swift.request('PUT', '/reads');
  await swift.request('PUT', '/reads/digits', { body: '0123456789' });
});
after(() => swift.close());

test('a single range is 206 with its Content-Range', async () => {
  const response = await swift.request('GET', '/reads/digits', { headers: { range: 'bytes=2-4' } });
  assert.equal(response.statusCode, 206);
  assert.equal(response.body, '234');
  assert.equal(response.headers['content-range'], 'bytes 2-4/10');
});

test('several ranges are one multipart/byteranges answer', async () => {
  const response = await swift.request('GET', '/reads/digits', { headers: { range: 'bytes=0-1,-2' } });
  assert.equal(response.statusCode, 206);
  assert.match(String(response.headers['content-type']), /^multipart\/byteranges;boundary=/);
  assert.match(response.body, /Content-Range: bytes 0-1\/10\r\n\r\n01\r\n/);
  assert.match(response.body, /Content-Range: bytes 8-9\/10\r\n\r\n89\r\n/);
});

test('a range past the end is 416', async () => {
  const response = await swift.request('GET', '/reads/digits', { headers: { range: 'bytes=20-30' } });
  assert.equal(response.statusCode, 416);
});

test('conditional requests are answered by the object: 304 and 412', async () => {
  const { headers } = await swift.request('HEAD', '/reads/digits');
  const etag = String(headers.etag);
  assert.equal(
    (await swift.request('GET', '/reads/digits', { headers: { 'if-none-match': etag } })).statusCode,
    304,
  );
  assert.equal(
    (await swift.request('GET', '/reads/digits', { headers: { 'if-match': 'nope' } })).statusCode,
    412,
  );
  const put = await swift.request('PUT', '/reads/digits', {
    body: 'x',
    headers: { 'if-none-match': '*', 'content-length': '1' },
  });
  assert.equal(put.statusCode, 412);
});

test('with one device gone objects are still written and read; with two, writes are 503', async () => {
  const d2 = join(swift.devicesRoot, 'd2');
  renameSync(d2, `${d2}.gone`);
  try {
    assert.equal((await swift.request('PUT', '/reads/degraded', { body: 'still here' })).statusCode, 201);
    assert.equal((await swift.request('GET', '/reads/degraded')).body, 'still here');
    assert.equal((await swift.request('GET', '/reads/digits')).body, '0123456789');
    const d3 = join(swift.devicesRoot, 'd3');
    renameSync(d3, `${d3}.gone`);
    try {
      const refused = await swift.request('PUT', '/reads/lost', { body: 'x' });
      assert.equal(refused.statusCode, 503);
      assert.equal(
        refused.body,
        '<html><h1>Service Unavailable</h1><p>The server is currently unavailable. Please try again at a later time.</p></html>',
      );
    } finally {
      renameSync(`${d3}.gone`, d3);
    }
  } finally {
    renameSync(`${d2}.gone`, d2);
  }
});

test('a chunked upload over HTTP is stored whole', async () => {
  await swift.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = swift.app.server.address() as AddressInfo;
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/object-store/v1/${MEMBER_ACCOUNT}/reads/chunked`,
        headers: { 'x-auth-token': 'member', 'transfer-encoding': 'chunked' },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.write('first ');
    setTimeout(() => request.end('second'), 20);
  });
  assert.equal(status, 201);
  assert.equal((await swift.request('GET', '/reads/chunked')).body, 'first second');
});
