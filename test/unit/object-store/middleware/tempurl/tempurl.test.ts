import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  MEMBER_ACCOUNT,
  objectStoreTestApp,
  type ObjectStoreTestApp,
} from '../../../../helpers/object-store-app.js';

const KEY = 'secret-account-key';
const OBJECT_PATH = `/v1/${MEMBER_ACCOUNT}/files/report.txt`;

function sign(method: string, expires: number, path: string, key = KEY, digest = 'sha256'): string {
  return createHmac(digest, key).update(`${method}\n${expires}\n${path}`).digest('hex');
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('tempurl middleware', () => {
  let swift: ObjectStoreTestApp;

  before(async () => {
    swift = await objectStoreTestApp();
    await swift.request('POST', '', { headers: { 'x-account-meta-temp-url-key': KEY } });
    await swift.request('PUT', '/files');
    await swift.request('PUT', '/files/report.txt', {
      body: 'quarterly numbers',
      headers: { 'x-object-meta-secret': 'hidden', 'x-object-meta-public-tag': 'shown' },
    });
  });
  after(() => swift.close());

  it('lets an anonymous GET through with a valid sha256 signature, as a download', async () => {
    const expires = inAnHour();
    const sig = sign('GET', expires, OBJECT_PATH);
    const response = await swift.request(
      'GET',
      `/files/report.txt?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      { caller: null },
    );
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'quarterly numbers');
    assert.equal(
      response.headers['content-disposition'],
      `attachment; filename="report.txt"; filename*=UTF-8''report.txt`,
    );
    assert.equal(response.headers['x-object-meta-secret'], undefined);
    assert.equal(response.headers['x-object-meta-public-tag'], 'shown');
  });

  it('takes a signature over the public path, with the mount point, as clients make it', async () => {
    const expires = inAnHour();
    const sig = sign('GET', expires, `/object-store${OBJECT_PATH}`);
    const response = await swift.request(
      'GET',
      `/files/report.txt?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      { caller: null },
    );
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'quarterly numbers');
  });

  it('answers inline and with a chosen file name when asked', async () => {
    const expires = inAnHour();
    const sig = sign('GET', expires, OBJECT_PATH);
    const base = `/files/report.txt?temp_url_sig=${sig}&temp_url_expires=${expires}`;
    const inline = await swift.request('GET', `${base}&inline`, { caller: null });
    assert.equal(inline.headers['content-disposition'], 'inline');
    const named = await swift.request('GET', `${base}&filename=my%20file.txt`, { caller: null });
    assert.equal(
      named.headers['content-disposition'],
      `attachment; filename="my file.txt"; filename*=UTF-8''my%20file.txt`,
    );
  });

  it('accepts sha1 hex and sha512 base64 signatures, and a GET signature for HEAD', async () => {
    const expires = inAnHour();
    const sha1 = sign('GET', expires, OBJECT_PATH, KEY, 'sha1');
    const ok = await swift.request(
      'GET',
      `/files/report.txt?temp_url_sig=${sha1}&temp_url_expires=${expires}`,
      {
        caller: null,
      },
    );
    assert.equal(ok.statusCode, 200);
    const sha512 = createHmac('sha512', KEY).update(`GET\n${expires}\n${OBJECT_PATH}`).digest('base64url');
    const head = await swift.request(
      'HEAD',
      `/files/report.txt?temp_url_sig=sha512:${sha512}&temp_url_expires=${expires}`,
      { caller: null },
    );
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], String('quarterly numbers'.length));
  });

  it('uses the second account key and container keys too', async () => {
    await swift.request('POST', '', { headers: { 'x-account-meta-temp-url-key-2': 'second' } });
    await swift.request('POST', '/files', { headers: { 'x-container-meta-temp-url-key': 'box' } });
    const expires = inAnHour();
    for (const key of ['second', 'box']) {
      const sig = sign('GET', expires, OBJECT_PATH, key);
      const response = await swift.request(
        'GET',
        `/files/report.txt?temp_url_sig=${sig}&temp_url_expires=${expires}`,
        { caller: null },
      );
      assert.equal(response.statusCode, 200, key);
    }
  });

  it('lets a PUT signed for PUT store an object, and only that one', async () => {
    const expires = inAnHour();
    const path = `/v1/${MEMBER_ACCOUNT}/files/upload.bin`;
    const sig = sign('PUT', expires, path);
    const put = await swift.request(
      'PUT',
      `/files/upload.bin?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      {
        caller: null,
        body: 'uploaded',
      },
    );
    assert.equal(put.statusCode, 201);
    const stored = await swift.request('GET', '/files/upload.bin');
    assert.equal(stored.body, 'uploaded');
    const elsewhere = await swift.request(
      'PUT',
      `/files/other.bin?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      {
        caller: null,
        body: 'x',
      },
    );
    assert.equal(elsewhere.statusCode, 401);
    const asGet = await swift.request(
      'GET',
      `/files/upload.bin?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      {
        caller: null,
      },
    );
    assert.equal(asGet.statusCode, 401);
    const headWithPutSignature = await swift.request(
      'HEAD',
      `/files/upload.bin?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      { caller: null },
    );
    assert.equal(headWithPutSignature.statusCode, 200);
    const manifest = await swift.request(
      'PUT',
      `/files/upload.bin?temp_url_sig=${sig}&temp_url_expires=${expires}`,
      { caller: null, body: '', headers: { 'x-object-manifest': 'files/seg' } },
    );
    assert.equal(manifest.statusCode, 400);
    assert.equal(manifest.body, "The header 'X-Object-Manifest' is not allowed in this tempurl");
  });

  it('accepts a prefix signature for the objects under the prefix', async () => {
    await swift.request('PUT', '/files/reports/2026/q1.txt', { body: 'q1' });
    const expires = inAnHour();
    const sig = sign('GET', expires, `prefix:/v1/${MEMBER_ACCOUNT}/files/reports/`);
    const query = `temp_url_sig=${sig}&temp_url_expires=${expires}&temp_url_prefix=reports/`;
    const inside = await swift.request('GET', `/files/reports/2026/q1.txt?${query}`, { caller: null });
    assert.equal(inside.statusCode, 200);
    const outside = await swift.request('GET', `/files/report.txt?${query}`, { caller: null });
    assert.equal(outside.statusCode, 401);
  });

  it('refuses expired, tampered and half-given URLs with 401 and Swift body', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = await swift.request(
      'GET',
      `/files/report.txt?temp_url_sig=${sign('GET', past, OBJECT_PATH)}&temp_url_expires=${past}`,
      { caller: null },
    );
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.body, '401 Unauthorized: Temp URL invalid\n');
    const expires = inAnHour();
    const wrongKey = await swift.request(
      'GET',
      `/files/report.txt?temp_url_sig=${sign('GET', expires, OBJECT_PATH, 'nope')}&temp_url_expires=${expires}`,
      { caller: null },
    );
    assert.equal(wrongKey.statusCode, 401);
    const ipRange = '127.0.0.1';
    const ipSig = createHmac('sha256', KEY)
      .update(`ip=${ipRange}\nGET\n${expires}\n${OBJECT_PATH}`)
      .digest('hex');
    const ipRestricted = await swift.request(
      'GET',
      `/files/report.txt?temp_url_sig=${ipSig}&temp_url_expires=${expires}&temp_url_ip_range=${ipRange}`,
      { caller: null },
    );
    assert.equal(ipRestricted.statusCode, 401);
    const noExpiry = await swift.request('GET', `/files/report.txt?temp_url_sig=abc`, { caller: null });
    assert.equal(noExpiry.statusCode, 401);
    const head = await swift.request(
      'HEAD',
      `/files/report.txt?temp_url_sig=abc&temp_url_expires=${expires}`,
      {
        caller: null,
      },
    );
    assert.equal(head.statusCode, 401);
    assert.equal(head.body, '');
  });

  it(
    'takes the URLs `swift tempurl` makes (sha256, sha512, ISO 8601 expiry)',
    { skip: existsSync('/usr/bin/swift') ? false : 'python3-swiftclient is not installed' },
    async () => {
      for (const options of [[], ['--digest', 'sha512'], ['--iso8601']]) {
        const url = execFileSync('/usr/bin/swift', ['tempurl', ...options, 'GET', '600', OBJECT_PATH, KEY], {
          encoding: 'utf8',
        }).trim();
        const response = await swift.app.inject({ method: 'GET', url: `/object-store${url}` });
        assert.equal(response.statusCode, 200, options.join(' '));
        assert.equal(response.body, 'quarterly numbers');
      }
    },
  );

  it('leaves unsigned requests to the usual auth, and tells /info', async () => {
    const anonymous = await swift.request('GET', '/files/report.txt', { caller: null });
    assert.equal(anonymous.statusCode, 401);
    const info = await swift.app.inject({ method: 'GET', url: '/object-store/info' });
    const section = info.json().tempurl;
    assert.deepEqual(section.methods, ['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);
    assert.deepEqual(section.allowed_digests, ['sha1', 'sha256', 'sha512']);
  });
});
